"""Queries per page do not depend on the amount of data nor on the page size.

Limits, sessions and user included: home 8, photo feed 5, blog page 7, photo page
12. Each counts the one query that reads the user's permissions on every request
(nothing is cached across requests, so a revoked grant is refused at once). The
feeds then read which items make the page, with what the rules' twins say of each for
the reader (blog/prepared.py, blog/facts.py), in one query; the items of each kind in
one more; the posts' bylines in one; home asks whether the reader follows anyone. A
blog page reads the rules' answers about the post in one query, the post, its bylines
and its gallery's photos the reader may view. The photo page asks the rules of its
photo and of the photo's posts: those posts, with their bylines, for
`blog.view_photo`.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from authentication.models import User
from blog.models import Blog, GalleryPhoto, Photo, Visibility
from blog.pager import feed_page_size
from testsupport.factories import ago, make_blog, make_photo, make_user
from testsupport.queries import assert_queries_do_not_grow, get_counting_queries

pytestmark = pytest.mark.django_db

# Each photo shown asks its posts, as cover and in a gallery: one query each; a
# post reads its gallery in one more.
LIMITS = {"home": 8, "photo_feed": 5, "view_blog": 7, "photo_detail": 12}
SMALL, LARGE = 3, 40


@pytest.fixture(params=["subscriber", "moderator"])
def reader(request, creator, coauthor):
    """A subscriber, or a moderator (whose cards ask more rules), who follows two
    creators."""
    user = request.getfixturevalue(request.param)
    user.follows.add(creator, coauthor)
    return user


def add_items(creator, coauthor, start: int, stop: int) -> None:
    """Items `start` to `stop`, newest last: in turn a photo for followers, a blog
    for followers illustrated by a photo, a blog with a co-author, and a public
    starred blog by a stranger, so every page shows both kinds, every kind of byline
    and the audiences that read follows."""
    stranger = User.objects.filter(username="erin").first() or make_user("erin")
    now = timezone.now()
    for number in range(start, stop):
        when = now - timedelta(minutes=1000 - number)
        kind = number % 4
        if kind == 0:
            photo = make_photo(creator, f"Photo {number}", date_created=when)
            Photo.objects.filter(pk=photo.pk).update(visibility=Visibility.FOLLOWERS)
        elif kind == 1:
            cover = make_photo(creator, f"Cover {number}", date_created=when)
            blog = make_blog(
                creator, title=f"Blog {number}", photo=cover, date_created=when
            )
            Blog.objects.filter(pk=blog.pk).update(visibility=Visibility.FOLLOWERS)
        elif kind == 2:
            make_blog(coauthor, creator, title=f"Blog {number}", date_created=when)
        else:
            blog = make_blog(
                stranger, title=f"Blog {number}", starred=True, date_created=when
            )
            Blog.objects.filter(pk=blog.pk).update(visibility=Visibility.PUBLIC)


def items(response) -> int:
    """How many items a feed page shows."""
    return len(response.context["page"].items)


@pytest.mark.parametrize("page_size", [5, 12])
@pytest.mark.parametrize("view", ["home", "photo_feed"])
def test_a_feed_costs_the_same_whatever_the_data_and_the_page_size(
    client, settings, reader, creator, coauthor, view, page_size
):
    settings.FOTOBLOG_FEED_PAGE_SIZE = page_size
    assert feed_page_size() == page_size
    client.force_login(reader)
    add_items(creator, coauthor, 0, SMALL)

    small, large = assert_queries_do_not_grow(
        client,
        reverse(view),
        add_data=lambda: add_items(creator, coauthor, SMALL, LARGE),
        budget=LIMITS[view],
    )

    assert items(small) < items(large) == page_size


@pytest.mark.parametrize("page_size", [5, 12])
@pytest.mark.parametrize("view", ["home", "photo_feed"])
def test_the_next_pages_of_a_feed_cost_no_more_than_the_first(
    client, settings, reader, creator, coauthor, view, page_size
):
    settings.FOTOBLOG_FEED_PAGE_SIZE = page_size
    add_items(creator, coauthor, 0, LARGE)
    older = ago(days=7)
    for number in range(2 * page_size):  # two full pages of the photo feed too
        make_photo(coauthor, f"Older {number}", date_created=older)
    client.force_login(reader)
    first, first_queries = get_counting_queries(client, reverse(view))
    after = f"{reverse(view)}?after={first.context['page'].next_cursor}"
    assert items(first) == page_size

    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):  # the link, and "Load more"
        response, queries = get_counting_queries(client, after, **headers)
        assert len(queries) <= len(first_queries) <= LIMITS[view]
        assert items(response) == page_size


@pytest.mark.parametrize("page_size", [5, 12])
def test_a_blog_page_costs_the_same_whatever_the_data(
    client, settings, reader, creator, coauthor, page_size
):
    settings.FOTOBLOG_FEED_PAGE_SIZE = page_size
    add_items(creator, coauthor, 0, SMALL)
    illustrated = Blog.objects.get(title="Blog 1")  # its cover is "Cover 1"
    client.force_login(reader)

    small, _ = assert_queries_do_not_grow(
        client,
        illustrated.get_absolute_url(),
        add_data=lambda: add_items(creator, coauthor, SMALL, LARGE),
        budget=LIMITS["view_blog"],
    )

    assert "Cover 1" in small.text


def test_a_photo_page_costs_the_same_whatever_its_posts_and_neighbours(
    client, reader, creator, coauthor
):
    """Its posts (cover and galleries, with their bylines) and its previous and
    next photos are read in a fixed number of queries."""
    User.objects.filter(pk=creator.pk).update(shows_camera_details=True)
    photo = make_photo(creator, "Harbour", date_created=ago(50))
    make_blog(creator, title="Cover", photo=photo)
    in_a_gallery = make_blog(creator, title="First gallery")
    GalleryPhoto.objects.create(blog=in_a_gallery, photo=photo)
    client.force_login(reader)

    def add_data():
        for number in range(8):
            make_photo(creator, f"Before {number}", date_created=ago(100 + number))
            make_photo(creator, f"After {number}", date_created=ago(number))
            post = make_blog(creator, coauthor, title=f"Gallery {number}")
            GalleryPhoto.objects.create(blog=post, photo=photo, position=number + 1)
            Blog.objects.filter(pk=post.pk).update(visibility=Visibility.FOLLOWERS)

    _, large = assert_queries_do_not_grow(
        client,
        photo.get_absolute_url(),
        add_data=add_data,
        budget=LIMITS["photo_detail"],
    )

    assert "Gallery 7" in large.text
    assert 'rel="next"' in large.text and 'rel="prev"' in large.text


def test_the_page_size_setting_decides_how_many_items_a_page_shows(
    client, settings, reader, creator, coauthor
):
    add_items(creator, coauthor, 0, 10)
    client.force_login(reader)
    settings.FOTOBLOG_FEED_PAGE_SIZE = 7

    page = client.get(reverse("home")).text

    assert page.count('<article class="card') == 7
    assert "Load more" in page
