"""view_blog: members read published blogs; authors their drafts; moderators hidden
blogs. Each reader sees exactly the controls the rules give them."""

import pytest
from django.urls import reverse

from blog.models import Blog, BlogContributor
from testsupport.actors import (
    log_in_as,
)
from testsupport.factories import make_blog, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(creator, other_creator):
    """Owned by alice (the creator), co-written by bob (the other creator)."""
    blog = make_blog(
        creator,
        other_creator,
        title="Sea and salt",
        content="Three days on the Atlantic coast.",
        photo=make_photo(creator, "Low tide"),
    )
    notes = {creator: "Primary author", other_creator: "Second photographer"}
    for author, note in notes.items():
        BlogContributor.objects.filter(blog=blog, contributor=author).update(
            contribution=note
        )
    return blog


def url(blog_id: int) -> str:
    return reverse("view_blog", args=[blog_id])


@pytest.mark.parametrize("reader", ["creator", "other_creator", "subscriber"])
def test_it_shows_the_blog_with_its_contributors_and_their_notes(
    client, blog, reader, request
):
    client.force_login(request.getfixturevalue(reader))
    response = client.get(url(blog.pk))

    assert response.status_code == 200
    assert "<h1>Sea and salt</h1>" in response.text
    assert "Three days on the Atlantic coast." in response.text
    assert "<figcaption>Low tide</figcaption>" in response.text
    assert "alice — Primary author" in response.text
    assert "bob — Second photographer" in response.text
    assert ">owner<" not in response.text  # who manages it goes without saying


def test_it_shows_a_blog_without_a_photo(client, creator, subscriber):
    blog = make_blog(creator, title="Words only")
    client.force_login(subscriber)
    response = client.get(url(blog.pk))
    assert response.status_code == 200
    assert "<h1>Words only</h1>" in response.text
    assert "<figure" not in response.text


def test_it_shows_the_edit_link_to_a_contributing_creator(client, blog, creator):
    client.force_login(creator)
    response = client.get(url(blog.pk))
    assert "Edit post" in response.text
    assert f'href="{reverse("edit_blog", args=[blog.pk])}"' in response.text


def test_it_hides_the_edit_link_from_a_subscriber(client, blog, subscriber):
    client.force_login(subscriber)
    response = client.get(url(blog.pk))
    assert response.status_code == 200
    assert "Edit post" not in response.text
    assert reverse("edit_blog", args=[blog.pk]) not in response.text


def test_it_hides_the_edit_link_from_a_creator_who_did_not_contribute(
    client, creator, other_creator
):
    blog = make_blog(creator, title="Alone")
    client.force_login(other_creator)
    response = client.get(url(blog.pk))
    assert response.status_code == 200
    assert "<h1>Alone</h1>" in response.text
    assert "Edit post" not in response.text
    assert reverse("edit_blog", args=[blog.pk]) not in response.text


# Drafts, hidden blogs and the controls each reader gets.

CONTROLS = {
    "edit": lambda pk: f'href="{reverse("edit_blog", args=[pk])}"',
    "co-authors": lambda pk: f'href="{reverse("blog_contributors", args=[pk])}"',
    "publish": lambda pk: f'action="{reverse("blog_publish", args=[pk])}"',
    "star": lambda pk: f'action="{reverse("blog_star", args=[pk])}"',
    "hide": lambda pk: f'action="{reverse("blog_hide", args=[pk])}"',
    "delete": lambda pk: f'href="{reverse("blog_delete", args=[pk])}"',
}
DRAFT_NOTICE = "Draft: only its authors see it."
HIDDEN_NOTICE = "Hidden by a moderator: only its authors and moderators see it."


def controls(response, blog) -> set[str]:
    return {name for name, link in CONTROLS.items() if link(blog.pk) in response.text}


@pytest.fixture
def draft(creator, coauthor):
    return make_blog(creator, coauthor, title="Winter notes", is_published=False)


@pytest.fixture
def hidden(creator, coauthor):
    blog = make_blog(creator, coauthor, title="Hidden notes")
    Blog.objects.filter(pk=blog.pk).update(is_hidden=True)
    return blog


@pytest.mark.parametrize("actor", ["creator", "coauthor", "superuser"])
def test_it_shows_a_draft_to_its_contributors_with_the_draft_notice(
    client, draft, actor, request
):
    log_in_as(client, request, actor)
    response = client.get(url(draft.pk))
    assert response.status_code == 200
    assert "<h1>Winter notes</h1>" in response.text
    assert DRAFT_NOTICE in response.text


@pytest.mark.parametrize("actor", ["creator", "coauthor", "moderator", "superuser"])
def test_it_shows_a_hidden_blog_to_its_contributors_and_moderators(
    client, hidden, actor, request
):
    log_in_as(client, request, actor)
    response = client.get(url(hidden.pk))
    assert response.status_code == 200
    assert "<h1>Hidden notes</h1>" in response.text
    assert HIDDEN_NOTICE in response.text
    assert DRAFT_NOTICE not in response.text


def test_it_hides_a_hidden_draft_even_from_a_moderator(client, draft, moderator):
    Blog.objects.filter(pk=draft.pk).update(is_hidden=True)
    client.force_login(moderator)
    assert client.get(url(draft.pk)).status_code == 404


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("creator", {"edit", "co-authors", "publish", "delete"}),
        ("coauthor", {"edit"}),
        ("moderator", {"star", "hide", "delete"}),
        ("other_creator", set()),
        ("subscriber", set()),
        ("superuser", set(CONTROLS)),
    ],
)
def test_it_shows_each_reader_exactly_the_controls_the_rules_allow(
    client, creator, coauthor, actor, expected, request
):
    blog = make_blog(creator, coauthor, title="Controls")
    log_in_as(client, request, actor)
    response = client.get(url(blog.pk))
    assert response.status_code == 200
    assert controls(response, blog) == expected
    has_actions = 'aria-label="Actions on this blog"' in response.text
    assert has_actions == bool(expected)


def test_it_offers_the_owner_unpublish_on_a_blog_and_publish_on_a_draft(
    client, draft, creator, coauthor
):
    published = make_blog(creator, coauthor, title="Out there")
    client.force_login(creator)

    on_blog = client.get(url(published.pk)).text
    assert '<input type="hidden" name="publish" value="0">' in on_blog
    assert ">Unpublish</button>" in on_blog

    on_draft = client.get(url(draft.pk)).text
    assert '<input type="hidden" name="publish" value="1">' in on_draft
    assert ">Publish</button>" in on_draft


def test_it_offers_a_moderator_to_unstar_and_show_again_what_is_done(
    client, hidden, moderator
):
    Blog.objects.filter(pk=hidden.pk).update(starred=True)
    client.force_login(moderator)
    response = client.get(url(hidden.pk))
    assert ">Unstar</button>" in response.text
    assert ">Show again</button>" in response.text
    assert response.text.count('<input type="hidden" name="on" value="0">') == 2
