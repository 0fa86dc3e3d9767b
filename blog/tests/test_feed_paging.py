"""The home feed's content and its "Load more" paging with a cursor."""

import base64
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from authentication.models import User
from blog.models import Blog, Photo
from testsupport.factories import make_blog, make_photo, make_user
from testsupport.pages import feed

pytestmark = pytest.mark.django_db
URL = reverse("home")
PHOTOS_URL = reverse("photo_feed")
HTMX = {"HTTP_HX_REQUEST": "true"}
LOAD_MORE = re.compile(
    r'<a class="button[^"]*" href="(\?after=[\w-]+)"\s+hx-get="(\?after=[\w-]+)"'
)


def next_link(response) -> str | None:
    """The "Load more" link of a page, `?after=<cursor>`; None on the last page."""
    found = LOAD_MORE.search(response.text)
    if found is None:
        return None
    plain, htmx = found.groups()
    assert plain == htmx, "the plain link and the htmx request load the same page"
    return plain


def walk(client, url: str = URL, **headers) -> list[list[str]]:
    """Follow "Load more" from the first page to the last; the cards of each page."""
    pages, link = [], ""
    while link is not None:
        response = client.get(url + link, **headers if link else {})
        assert response.status_code == 200
        pages.append(feed(response))
        link = next_link(response)
    return pages


def ago(minutes: int):
    return timezone.now() - timedelta(minutes=minutes)


def cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.fixture
def reader(client, creator, subscriber):
    """The subscriber, following `creator` (alice), logged in."""
    subscriber.follows.add(creator)
    client.force_login(subscriber)
    return subscriber


def make_items(creator, count: int, start: int = 0) -> list[str]:
    """`count` blogs and photos of `creator`, a minute apart; the feed, newest first."""
    expected = []
    for number in range(start, start + count):
        when = ago(1000 - number)
        if number % 3:
            make_photo(creator, f"Photo {number}", date_created=when)
            expected.append(f"photo:Photo {number}")
        else:
            make_blog(creator, title=f"Blog {number}", date_created=when)
            expected.append(f"blog:Blog {number}")
    return expected[::-1]


# What the home feed shows.


def test_it_shows_contributions_starred_own_blogs_and_loose_photos_newest_first(
    client, creator, other_creator, coauthor
):
    stranger = make_user("erin", User.CREATOR)
    other_creator.follows.add(creator)
    cover = make_photo(creator, "Cover", date_created=ago(20))
    make_photo(creator, "Loose photo", date_created=ago(9))
    make_blog(stranger, creator, title="Co-written", date_created=ago(8))
    make_blog(stranger, title="Starred", starred=True, date_created=ago(7))
    make_blog(other_creator, title="Mine", date_created=ago(6))
    make_photo(other_creator, "My photo", date_created=ago(5))
    make_blog(creator, title="Illustrated", photo=cover, date_created=ago(4))
    make_blog(stranger, title="Stranger's", date_created=ago(3))
    make_photo(stranger, "Stranger's photo", date_created=ago(2))
    make_blog(coauthor, title="Unfollowed", date_created=ago(1))

    client.force_login(other_creator)
    response = client.get(URL)

    assert feed(response) == [
        "blog:Illustrated",
        "photo:My photo",
        "blog:Mine",
        "blog:Starred",
        "blog:Co-written",
        "photo:Loose photo",
    ]
    assert response.text.count('alt="Cover"') == 1  # the post's picture, once


def test_it_shows_an_item_once_however_many_reasons_it_has_to_be_there(
    client, creator, other_creator, subscriber
):
    subscriber.follows.add(creator, other_creator)
    cover = make_photo(creator, "Cover", date_created=ago(3))
    make_blog(creator, other_creator, title="Everything", photo=cover, starred=True)
    make_blog(other_creator, title="Same cover", photo=cover, date_created=ago(2))

    client.force_login(subscriber)

    assert feed(client.get(URL)) == ["blog:Everything", "blog:Same cover"]


def test_it_never_shows_drafts_or_hidden_blogs_and_photos(client, creator, reader):
    make_blog(creator, title="Draft", is_published=False)
    make_blog(creator, title="Starred draft", is_published=False, starred=True)
    hidden_blog = make_blog(creator, title="Hidden blog", starred=True)
    hidden_photo = make_photo(creator, "Hidden photo")
    Blog.objects.filter(pk=hidden_blog.pk).update(is_hidden=True)
    Photo.objects.filter(pk=hidden_photo.pk).update(is_hidden=True)
    make_blog(creator, title="Published", date_created=ago(1))

    response = client.get(URL)

    assert feed(response) == ["blog:Published"]
    assert "Draft" not in response.text
    assert "Hidden" not in response.text


def test_it_keeps_a_draft_blogs_cover_from_followers_until_it_is_published(
    client, creator, reader
):
    cover = make_photo(creator, "Cover")
    draft = make_blog(creator, title="Draft", photo=cover, is_published=False)

    assert feed(client.get(URL)) == []

    draft.is_published = True
    draft.save()
    assert feed(client.get(URL)) == ["blog:Draft"]


# "Load more".


def test_it_links_to_the_next_page_with_a_plain_link_that_works_without_js(
    client, creator, reader
):
    expected = make_items(creator, 14)

    first = client.get(URL)
    second = client.get(URL + next_link(first))

    assert feed(first) == expected[:12]
    assert second.status_code == 200
    assert "<html" in second.text
    assert feed(second) == expected[12:]
    assert next_link(second) is None
    assert "Load more" not in second.text


def test_it_answers_an_htmx_load_more_with_only_the_next_items_and_button(
    client, creator, reader
):
    expected = make_items(creator, 30)
    link = next_link(client.get(URL))

    response = client.get(URL + link, **HTMX)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Your feed" not in response.text
    assert feed(response) == expected[12:24]
    assert next_link(response) is not None
    assert 'id="load-more"' in response.text
    assert 'hx-target="#load-more"' in response.text


def test_it_answers_the_last_htmx_page_without_a_button(client, creator, reader):
    expected = make_items(creator, 14)
    link = next_link(client.get(URL))

    response = client.get(URL + link, **HTMX)

    assert feed(response) == expected[12:]
    assert next_link(response) is None
    assert "Load more" not in response.text


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain links", "htmx"])
def test_it_gives_every_item_exactly_once_in_order_across_all_pages(
    client, creator, reader, headers
):
    expected = make_items(creator, 40)

    pages = walk(client, **headers)

    assert [len(page) for page in pages] == [12, 12, 12, 4]
    assert sum(pages, []) == expected


def test_it_neither_repeats_nor_skips_when_posts_arrive_between_two_pages(
    client, creator, reader
):
    expected = make_items(creator, 20)
    first = client.get(URL)

    make_blog(creator, title="Breaking news", date_created=ago(0))
    make_photo(creator, "Fresh photo", date_created=ago(0))
    second = client.get(URL + next_link(first))

    assert feed(first) + feed(second) == expected
    assert next_link(second) is None
    assert feed(client.get(URL))[:2] == ["photo:Fresh photo", "blog:Breaking news"]


def test_it_neither_repeats_nor_skips_when_a_post_is_deleted_between_two_pages(
    client, creator, reader
):
    expected = make_items(creator, 20)
    first = client.get(URL)

    Photo.objects.get(caption="Photo 8").delete()  # the last item of page one
    second = client.get(URL + next_link(first))

    assert feed(second) == expected[12:]


@pytest.mark.parametrize(
    "after",
    [
        "garbage",
        "!!!",
        "%ff",
        cursor("no separators"),
        cursor("yesterday|blog|1"),
        cursor("2024-01-01T00:00:00+00:00|blog|one"),
        cursor("2024-01-01T00:00:00|blog|1"),  # a naive date
        cursor("2024-01-01T00:00:00+00:00|blog|1|2"),
    ],
)
def test_it_shows_the_first_page_for_a_malformed_cursor(client, creator, reader, after):
    expected = make_items(creator, 14)

    for url in (URL, PHOTOS_URL):
        response = client.get(url, {"after": after})
        assert response.status_code == 200
    assert feed(client.get(URL, {"after": after})) == expected[:12]


def test_it_orders_items_of_the_same_date_and_loses_none_at_a_page_boundary(
    client, creator, reader
):
    newest = [make_blog(creator, title=f"New {n}", date_created=ago(n)) for n in (1, 2)]
    same_time = ago(5)
    tied_blogs = [make_blog(creator, title=f"Tied blog {n}") for n in range(15)]
    tied_photos = [make_photo(creator, f"Tied photo {n}") for n in range(10)]
    Blog.objects.filter(title__startswith="Tied").update(
        date_created=same_time, date_published=same_time
    )
    Photo.objects.filter(caption__startswith="Tied").update(date_created=same_time)
    older = make_items(creator, 2)  # older than the tied items

    pages = walk(client)

    # Same date: photos before blogs, each kind newest id first. Page one ends on
    # the last tied photo, page two inside the tied blogs.
    tied = [f"photo:{photo.caption}" for photo in tied_photos[::-1]]
    tied += [f"blog:{blog.title}" for blog in tied_blogs[::-1]]
    assert sum(pages, []) == [f"blog:{blog.title}" for blog in newest] + tied + older
    assert [len(page) for page in pages] == [12, 12, 5]
    assert pages[0][-1] == "photo:Tied photo 0"
    assert walk(client) == pages
    assert walk(client, **HTMX) == pages


def test_it_interleaves_followed_and_starred_posts_of_the_same_date_by_id(
    client, creator, other_creator, reader
):
    """Posts of followed creators and starred posts are read apart, each filling
    a page on its own: at the same date they still come newest id first."""
    posts = [
        make_blog(creator, title=f"Followed {n}")
        if n % 2
        else make_blog(other_creator, title=f"Starred {n}", starred=True)
        for n in range(30)
    ]
    same_time = ago(5)
    Blog.objects.update(date_created=same_time, date_published=same_time)

    pages = walk(client)

    newest_first = [f"blog:{post.title}" for post in posts[::-1]]
    assert pages == [newest_first[:12], newest_first[12:24], newest_first[24:]]


def test_it_keeps_the_one_starred_post_that_falls_last_on_a_full_page(
    client, creator, other_creator, reader
):
    followed = [f"blog:Followed {n}" for n in range(1, 14)]
    for n in range(1, 14):
        make_blog(creator, title=f"Followed {n}", date_created=ago(n))
    make_blog(other_creator, title="Starred", starred=True, date_created=ago(11.5))

    pages = walk(client)

    assert pages == [[*followed[:11], "blog:Starred"], followed[11:]]


def test_it_pages_the_photo_feed_with_the_same_cursor_links(client, creator, reader):
    for number in range(14):
        make_photo(creator, f"Photo {number}", date_created=ago(number))
    captions = [f"Photo {number}" for number in range(14)]

    first = client.get(PHOTOS_URL)
    second = client.get(PHOTOS_URL + next_link(first), **HTMX)

    def shown(response):
        return re.findall(r"<figcaption>(.*?)</figcaption>", response.text)

    assert shown(first) == captions[:12]
    assert "<html" not in second.text
    assert shown(second) == captions[12:]
    assert next_link(second) is None


# What a page costs.


def fill_home_feed(creator, other_creator, first: int, count: int) -> None:
    """Blogs with covers, co-written by both creators, and loose photos."""
    for number in range(first, first + count):
        author = creator if number % 2 else other_creator
        if number % 2:
            cover = make_photo(author, f"Cover {number}")
            make_blog(creator, other_creator, title=f"Blog {number}", photo=cover)
        else:
            make_photo(author, f"Photo {number}")


def test_it_pages_posts_by_publication_and_photos_by_upload_without_a_gap(
    client, creator, reader
):
    """Posts written long ago and published since sit among the photos by the
    date they were published: across pages, none is skipped or repeated."""
    expected = []
    for number in range(30):
        when = ago(1000 - number)
        if number % 2:
            make_photo(creator, f"Photo {number}", date_created=when)
            expected.append(f"photo:Photo {number}")
        else:
            blog = make_blog(creator, title=f"Blog {number}", date_created=ago(5000))
            Blog.objects.filter(pk=blog.pk).update(date_published=when)
            expected.append(f"blog:Blog {number}")
    tied = make_blog(creator, title="Tied blog", date_created=ago(5000))
    Blog.objects.filter(pk=tied.pk).update(date_published=ago(990))
    Photo.objects.filter(caption="Photo 11").update(
        date_created=Blog.objects.get(pk=tied.pk).date_published
    )
    expected.insert(expected.index("photo:Photo 11"), "blog:Tied blog")

    for headers in ({}, HTMX):
        pages = walk(client, **headers)
        assert [len(page) for page in pages] == [12, 12, 7]
        assert sum(pages, []) == expected[::-1]
