"""blog_contributors, blog_contributor_edit, blog_contributor_remove: the owner
invites creators to co-write a blog, edits their notes and removes them."""

import pytest
from django.urls import reverse

from blog.models import Blog, BlogContributor
from testsupport.factories import make_blog

pytestmark = pytest.mark.django_db
OWNER_REFUSED = "The owner cannot be removed from the authors."


@pytest.fixture
def blog(creator, coauthor):
    """A published blog owned by alice (the creator), co-written by dana."""
    return make_blog(creator, coauthor, title="Harbour at noon")


def url(blog: Blog) -> str:
    return reverse("blog_contributors", args=[blog.pk])


def row_of(blog: Blog, user) -> BlogContributor:
    return BlogContributor.objects.get(blog=blog, contributor=user)


def edit_url(row: BlogContributor) -> str:
    return reverse("blog_contributor_edit", args=[row.blog_id, row.pk])


def remove_url(row: BlogContributor) -> str:
    return reverse("blog_contributor_remove", args=[row.blog_id, row.pk])


def edit_note(client, row: BlogContributor, note: str):
    return client.post(edit_url(row), {f"c{row.pk}-contribution": note})


def authors(blog: Blog) -> dict[str, str]:
    rows = BlogContributor.objects.filter(blog=blog).select_related("contributor")
    return {row.contributor.username: row.contribution for row in rows}


def test_it_lists_the_authors_with_the_owner_marked_and_not_removable(
    client, blog, creator, coauthor
):
    client.force_login(creator)
    response = client.get(url(blog))
    assert response.status_code == 200
    assert '<strong>alice</strong> <span class="badge badge-quiet">owner</span>' in (
        response.text
    )
    assert "<strong>dana</strong>" in response.text
    assert remove_url(row_of(blog, coauthor)) in response.text
    assert remove_url(row_of(blog, creator)) not in response.text
    assert 'name="username"' in response.text


def test_it_lets_the_owner_invite_a_creator_with_a_note(
    client, blog, creator, other_creator
):
    client.force_login(creator)
    response = client.post(url(blog), {"username": "bob", "contribution": "Maps"})

    assert response.status_code == 302
    assert response["Location"] == url(blog)
    assert authors(blog) == {"alice": "", "dana": "", "bob": "Maps"}
    assert "bob is now a co-author." in client.get(url(blog)).text
    client.force_login(other_creator)
    assert client.get(reverse("edit_blog", args=[blog.pk])).status_code == 200


def test_it_finds_the_creator_whatever_the_case_of_the_username(
    client, blog, creator, other_creator
):
    client.force_login(creator)
    assert client.post(url(blog), {"username": "BOB"}).status_code == 302
    assert "bob" in authors(blog)


@pytest.mark.parametrize(
    ("invited", "error"),
    [
        ("subscriber", "charlie is not a creator."),
        ("moderator", "mona is not a creator."),
        ("creator", "The owner already writes this blog."),
        ("coauthor", "dana is already a co-author."),
        ("inactive_creator", "No active member is called ivan."),
        (None, "No active member is called nobody."),
    ],
)
def test_it_refuses_an_invitation_with_a_clear_error_and_adds_nobody(
    client, blog, creator, invited, error, request
):
    username = request.getfixturevalue(invited).username if invited else "nobody"
    client.force_login(creator)
    response = client.post(url(blog), {"username": username, "contribution": "X"})

    assert response.status_code == 200
    assert error in response.text
    assert authors(blog) == {"alice": "", "dana": ""}


def test_it_lets_the_owner_edit_a_note(client, blog, creator, coauthor):
    client.force_login(creator)
    response = edit_note(client, row_of(blog, coauthor), "Second photographer")

    assert response.status_code == 302
    assert response["Location"] == url(blog)
    assert authors(blog)["dana"] == "Second photographer"
    page = client.get(url(blog))
    assert "The contribution note is saved." in page.text
    assert 'value="Second photographer"' in page.text


def test_it_refuses_a_note_too_long_and_keeps_the_old_one(
    client, blog, creator, coauthor
):
    client.force_login(creator)
    response = edit_note(client, row_of(blog, coauthor), "x" * 256)

    assert response.status_code == 302
    assert authors(blog)["dana"] == ""
    page = client.get(url(blog))
    assert "Ensure this value has at most 255 characters (it has 256)." in page.text


def test_it_lets_the_owner_remove_a_coauthor(client, blog, creator, coauthor):
    client.force_login(creator)
    response = client.post(remove_url(row_of(blog, coauthor)))

    assert response.status_code == 302
    assert response["Location"] == url(blog)
    assert authors(blog) == {"alice": ""}
    assert "dana is no longer a co-author." in client.get(url(blog)).text
    client.force_login(coauthor)
    assert client.get(reverse("edit_blog", args=[blog.pk])).status_code == 403


def test_it_refuses_to_remove_the_owner_and_says_so(client, blog, creator):
    client.force_login(creator)
    response = client.post(remove_url(row_of(blog, creator)))

    assert response.status_code == 302
    assert authors(blog) == {"alice": "", "dana": ""}
    assert OWNER_REFUSED in client.get(url(blog)).text


def test_it_lets_a_superuser_manage_the_authors(client, blog, superuser, coauthor):
    client.force_login(superuser)
    assert client.get(url(blog)).status_code == 200
    assert client.post(remove_url(row_of(blog, coauthor))).status_code == 302
    assert authors(blog) == {"alice": ""}
