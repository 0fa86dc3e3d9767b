"""photo_feed: photos of followed creators and the user's own, newest first."""

import re
import uuid

import pytest
from django.urls import reverse

from authentication.models import User
from blog import services
from blog.models import Photo
from testsupport.factories import ago, make_blog, make_photo, make_user

pytestmark = pytest.mark.django_db
URL = reverse("photo_feed")


def captions(response) -> list[str]:
    return re.findall(r"<figcaption>(.*?)</figcaption>", response.text)


def test_it_shows_followed_creators_photos_newest_first(
    client, creator, other_creator, subscriber
):
    subscriber.follows.add(creator, other_creator)
    make_photo(creator, "Older", date_created=ago(2))
    make_photo(other_creator, "Newer", date_created=ago(1))
    make_photo(make_user("dora", User.CREATOR), "Not followed")

    client.force_login(subscriber)
    response = client.get(URL)

    assert response.status_code == 200
    assert captions(response) == ["Newer", "Older"]


def test_it_shows_a_creator_their_own_photos(client, creator, other_creator):
    make_photo(creator, "Mine")
    make_photo(other_creator, "Theirs")

    client.force_login(creator)

    assert captions(client.get(URL)) == ["Mine"]


def test_a_drafts_or_hidden_posts_photo_goes_with_its_post_not_into_the_grid(
    client, creator, moderator
):
    make_blog(
        creator,
        title="Draft",
        photo=make_photo(creator, "Of the draft"),
        is_published=False,
    )
    hidden = make_blog(
        creator, title="Hidden", photo=make_photo(creator, "Of the hidden post")
    )
    services.set_hidden(item=hidden, hidden=True, by=moderator)
    make_blog(creator, title="Shown", photo=make_photo(creator, "Of the shown post"))
    moderator.follows.add(creator)

    for member in (creator, moderator):  # its uploader, who may see both posts, too
        client.force_login(member)
        assert captions(client.get(URL)) == ["Of the shown post"]


def test_it_shows_each_own_photo_once_whatever_the_number_of_followers(
    client, creator, other_creator, subscriber
):
    subscriber.follows.add(creator)
    other_creator.follows.add(creator)
    make_photo(creator, "Mine")

    client.force_login(creator)

    assert captions(client.get(URL)) == ["Mine"]


def test_it_tells_someone_following_nobody_how_to_fill_it(client, subscriber):
    client.force_login(subscriber)
    response = client.get(URL)
    assert "No photos yet: follow creators to see theirs here." in response.text
    assert captions(response) == []


def test_each_picture_of_the_grid_links_to_its_page(client, creator):
    make_photo(creator, "Dawn")
    make_photo(creator, "Dusk")

    client.force_login(creator)

    assert client.get(URL).text.count('<a class="photo-link" href=') == 2


def test_the_moderators_hide_button_is_not_inside_a_paragraph(
    client, creator, moderator
):
    moderator.follows.add(creator)
    make_photo(creator, "Harbour")

    client.force_login(moderator)
    page = client.get(URL).text

    assert 'action="' + reverse("photo_hide", args=[Photo.objects.get().pk]) in page
    for paragraph in re.findall(r"<p[ >].*?</p>", page, re.S):
        assert "<form" not in paragraph


def test_it_shows_photos_sent_together_in_the_order_they_were_sent(client, creator):
    batch = uuid.uuid4()
    for caption in ("First sent", "Second sent", "Third sent"):
        photo = make_photo(creator, caption, date_created=ago(1))
        Photo.objects.filter(pk=photo.pk).update(upload_batch=batch)
    make_photo(creator, "Sent alone", date_created=ago(2))

    client.force_login(creator)

    assert captions(client.get(URL)) == [
        "First sent",
        "Second sent",
        "Third sent",
        "Sent alone",
    ]
