"""my_blogs: a creator's list of the blogs they own or co-write, drafts included."""

import re

import pytest
from django.urls import reverse

from blog.models import Blog
from testsupport.factories import ago, make_blog, make_photo
from testsupport.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
URL = reverse("my_blogs")
ITEM = re.compile(r'<article class="card card-body">(.*?)</article>', re.S)


def listed(response) -> dict[str, set[str]]:
    """Map each listed blog's title to the links and badges it shows."""
    items = {}
    for body in ITEM.findall(response.text):
        title = re.search(r"<h2><a [^>]*>(.*?)</a>", body).group(1)
        marks = set(re.findall(r"<a [^>]*>(Edit|Co-authors|Delete)</a>", body))
        marks |= set(re.findall(r'<span class="badge badge-quiet">(\w+)</span>', body))
        items[title] = marks
    return items


@pytest.fixture
def blogs(creator, coauthor, other_creator):
    """alice owns two (one a draft) and co-writes one; bob writes one alone."""
    make_blog(creator, coauthor, title="Owned")
    make_blog(creator, title="Owned draft", is_published=False)
    make_blog(other_creator, creator, title="Co-written")
    make_blog(other_creator, title="Not hers")
    hidden = make_blog(other_creator, coauthor, title="Hidden co-written")
    Blog.objects.filter(pk=hidden.pk).update(is_hidden=True)


def test_it_lists_owned_and_cowritten_blogs_drafts_included_never_others(
    client, blogs, creator
):
    client.force_login(creator)
    response = client.get(URL)
    assert response.status_code == 200
    assert listed(response) == {
        "Owned": {"Edit", "Co-authors", "Delete"},
        "Owned draft": {"Edit", "Co-authors", "Delete", "draft"},
        "Co-written": {"Edit"},
    }


def test_it_shows_a_coauthor_their_blogs_with_edit_links_only(client, blogs, coauthor):
    client.force_login(coauthor)
    assert listed(client.get(URL)) == {
        "Owned": {"Edit"},
        "Hidden co-written": {"Edit", "hidden"},
    }


def test_it_links_each_blog_to_its_page_and_its_own_controls(client, creator):
    blog = make_blog(creator, title="Only one")
    client.force_login(creator)
    response = client.get(URL)
    for name in ("view_blog", "edit_blog", "blog_contributors", "blog_delete"):
        assert f'href="{reverse(name, args=[blog.pk])}"' in response.text


def test_it_invites_a_creator_without_blogs_to_write_one(client, blogs, other_creator):
    Blog.objects.filter(owner=other_creator).delete()
    client.force_login(other_creator)
    response = client.get(URL)
    assert listed(response) == {}
    assert "You have no post yet." in response.text
    assert f'href="{reverse("blog_and_photo_upload")}"' in response.text


def test_it_costs_the_same_queries_for_one_blog_as_for_a_full_page(
    client, creator, coauthor, other_creator
):
    def illustrated(*authors, **fields):
        return make_blog(*authors, photo=make_photo(authors[0]), **fields)

    def fill_the_page():
        for number in range(1, 12):
            if number % 3 == 0:
                illustrated(other_creator, creator, title=f"Blog {number}")
            else:
                published = number % 2 == 0
                illustrated(
                    creator, coauthor, title=f"Blog {number}", is_published=published
                )

    illustrated(creator, coauthor, title="Blog 0")
    client.force_login(creator)

    # At most the session (none when sessions live in Redis), the user, their
    # permissions, the page's rows, its blogs: no photo is shown, so nothing is read
    # for blog.view_photo.
    one, full = assert_queries_do_not_grow(
        client, URL, add_data=fill_the_page, budget=5
    )

    assert len(listed(one)) == 1
    assert len(listed(full)) == 12
    assert "Load more" not in full.text


def test_it_pages_a_long_list(client, creator):
    for number in range(13):
        make_blog(creator, title=f"Blog {number}")
    client.force_login(creator)
    first = client.get(URL)
    assert len(listed(first)) == 12
    after = re.search(r'href="\?after=([^"]+)"', first.text).group(1)
    second = client.get(URL, {"after": after})
    assert "Load more" not in second.text
    assert len(listed(second)) == 1


def test_it_orders_blogs_by_the_date_they_show_drafts_by_when_written(client, creator):
    make_blog(creator, title="Old draft", is_published=False, date_created=ago(days=10))
    make_blog(creator, title="Last week", date_created=ago(days=7))
    oldest = make_blog(
        creator, title="Published today", is_published=False, date_created=ago(days=20)
    )
    client.force_login(creator)
    client.post(reverse("blog_publish", args=[oldest.pk]), {"publish": "1"})

    titles = list(listed(client.get(URL)))

    assert titles == ["Published today", "Last week", "Old draft"]
