"""home: the feed of followed creators' blogs and photos, the user's own, starred."""

import re
from uuid import uuid4

import pytest
from django.urls import reverse

from authentication.models import User
from blog import services
from blog.models import GalleryPhoto, Photo
from testsupport.factories import ago, make_blog, make_photo, make_user
from testsupport.pages import feed, images_of
from testsupport.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
URL = reverse("home")
LOAD_MORE = re.compile(r'<a class="button[^"]*" href="(\?after=[\w-]+)"')


def load_more_href(response) -> str:
    """The plain link of the "Load more" button, as `?after=<cursor>`."""
    return LOAD_MORE.search(response.text)[1]


@pytest.mark.parametrize("reader", ["subscriber", "creator"])
def test_it_shows_the_feed_to_every_member(client, reader, request):
    client.force_login(request.getfixturevalue(reader))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Your feed" in response.text


def test_it_invites_someone_following_nobody_to_follow_creators(client, subscriber):
    client.force_login(subscriber)
    response = client.get(URL)
    assert "Your feed is empty for now." in response.text
    assert f'href="{reverse("creator_list")}"' in response.text
    assert feed(response) == []


def test_it_shows_followed_creators_own_and_starred_items_newest_first(
    client, creator, other_creator, subscriber
):
    stranger = make_user("dora", User.CREATOR)
    subscriber.follows.add(creator)
    make_photo(creator, "Followed photo", date_created=ago(5))
    make_blog(creator, title="Followed blog", date_created=ago(1))
    make_blog(stranger, title="Starred blog", starred=True, date_created=ago(3))
    make_blog(stranger, title="Stranger blog", date_created=ago(2))
    make_photo(stranger, "Stranger photo", date_created=ago(2))
    make_photo(other_creator, "Unfollowed photo", date_created=ago(2))

    client.force_login(subscriber)
    response = client.get(URL)

    assert feed(response) == [
        "blog:Followed blog",
        "blog:Starred blog",
        "photo:Followed photo",
    ]


def test_it_shows_the_users_own_blogs_and_photos(client, creator, other_creator):
    make_blog(creator, title="My blog", date_created=ago(1))
    make_photo(creator, "My photo", date_created=ago(2))
    make_blog(other_creator, title="Their blog", date_created=ago(3))

    client.force_login(creator)
    response = client.get(URL)

    assert feed(response) == ["blog:My blog", "photo:My photo"]


def test_it_shows_a_blog_with_two_followed_contributors_once(
    client, creator, other_creator, subscriber
):
    subscriber.follows.add(creator, other_creator)
    make_blog(creator, other_creator, title="Together")

    client.force_login(subscriber)
    response = client.get(URL)

    assert feed(response) == ["blog:Together"]


def test_it_shows_a_starred_blog_of_a_followed_creator_once(
    client, creator, subscriber
):
    subscriber.follows.add(creator)
    make_blog(creator, title="Starred and followed", starred=True)

    client.force_login(subscriber)

    assert feed(client.get(URL)) == ["blog:Starred and followed"]


def test_it_does_not_repeat_the_photo_of_a_blog_as_its_own_item(
    client, creator, subscriber
):
    subscriber.follows.add(creator)
    cover = make_photo(creator, "Cover", date_created=ago(2))
    make_photo(creator, "Loose photo", date_created=ago(3))
    make_blog(creator, title="Illustrated", photo=cover, date_created=ago(1))

    client.force_login(subscriber)
    response = client.get(URL)

    assert feed(response) == ["blog:Illustrated", "photo:Loose photo"]
    assert response.text.count('alt="Cover"') == 1  # the post's picture, once


def test_it_shows_twelve_items_a_page_and_the_rest_after_load_more(client, creator):
    for number in range(7):
        make_blog(creator, title=f"Blog {number}", date_created=ago(2 * number))
        make_photo(creator, f"Photo {number}", date_created=ago(2 * number + 1))
    newest_first = [
        f"{kind}:{kind.title()} {number}"
        for number in range(7)
        for kind in ("blog", "photo")
    ]

    client.force_login(creator)
    first = client.get(URL)
    second = client.get(URL + load_more_href(first))

    assert feed(first) == newest_first[:12]
    assert "Load more" in first.text
    assert feed(second) == newest_first[12:]
    assert "Load more" not in second.text
    assert f'href="{URL}">Back to the newest' in second.text


def send_together(*photos: Photo) -> None:
    """Make `photos` one upload, as a multi-upload does."""
    Photo.objects.filter(pk__in=[p.pk for p in photos]).update(upload_batch=uuid4())


def test_it_shows_photos_sent_together_as_one_album_in_the_order_sent(client, creator):
    make_photo(creator, "Sent alone", date_created=ago(3))
    send_together(
        *[make_photo(creator, f"Sent {n}", date_created=ago(1)) for n in (1, 2, 3)]
    )
    make_blog(creator, title="Written after", date_created=ago(0))

    client.force_login(creator)
    response = client.get(URL)

    assert feed(response) == [
        "blog:Written after",
        "photo:Sent 1",
        "photo:Sent 2",
        "photo:Sent 3",
        "photo:Sent alone",
    ]
    assert response.text.count('class="card album-card"') == 1
    assert "3 photos" in response.text


def test_it_keeps_apart_photos_of_one_upload_that_are_not_next_to_each_other(
    client, creator
):
    first, last = (
        make_photo(creator, "First", ago(3)),
        make_photo(creator, "Last", ago(1)),
    )
    make_blog(creator, title="Between", date_created=ago(2))
    send_together(first, last)

    client.force_login(creator)
    response = client.get(URL)

    assert feed(response) == ["photo:Last", "blog:Between", "photo:First"]
    assert "album-card" not in response.text


def test_a_post_card_says_how_many_photos_its_gallery_adds(client, creator, moderator):
    post = make_blog(creator, title="Three more", photo=make_photo(creator, "Cover"))
    gallery = [make_photo(creator, f"Gallery {n}") for n in range(4)]
    for position, photo in enumerate(gallery):
        GalleryPhoto.objects.create(blog=post, photo=photo, position=position)
    services.set_hidden(item=gallery[0], hidden=True, by=moderator)
    make_blog(creator, title="Cover only", photo=make_photo(creator, "Alone"))

    client.force_login(creator)
    response = client.get(URL)

    assert "+3 photos" in response.text
    assert response.text.count("gallery-count") == 1


def test_albums_and_gallery_counts_cost_no_query(client, creator, subscriber):
    subscriber.follows.add(creator)
    photos = [make_photo(creator, f"Photo {n}", date_created=ago(1)) for n in range(6)]
    posts = [
        make_blog(creator, title=f"Post {n}", date_created=ago(2)) for n in range(3)
    ]

    def add_albums_and_galleries():
        send_together(*photos[:3])
        send_together(*photos[3:])
        for post in posts:
            for position in range(3):
                photo = make_photo(creator, f"Of {post.title}", date_created=ago(9))
                GalleryPhoto.objects.create(blog=post, photo=photo, position=position)

    client.force_login(subscriber)
    _, after = assert_queries_do_not_grow(
        client, URL, add_data=add_albums_and_galleries
    )

    assert after.text.count('class="card album-card"') == 2
    assert after.text.count("+3 photos") == 3


def test_every_picture_of_the_feed_says_its_size_before_it_loads(client, creator):
    make_blog(creator, title="Illustrated", photo=make_photo(creator, "Cover"))
    make_photo(creator, "Alone")
    send_together(make_photo(creator, "Sent 1"), make_photo(creator, "Sent 2"))

    client.force_login(creator)
    images = images_of(client.get(URL).text)

    photos = [image for image in images if "/media/" in image["src"]]
    photos = [image for image in photos if "avatar" not in image.get("class", "")]
    assert len(photos) == 4
    for image in images:
        assert image["width"].isdigit() and image["height"].isdigit(), image
    for image in photos:
        assert image["srcset"] and image["sizes"], image
