"""Who is logged in, and what a refusal to them looks like."""

from django.urls import reverse

from authentication.models import User

from .factories import PASSWORD

BLOG_RULES = (
    "blog.view_blog",
    "blog.change_blog",
    "blog.change_blog_title",
    "blog.manage_blog",
    "blog.delete_blog",
    "blog.star_blog",
    "blog.hide_blog",
)


PHOTO_RULES = (
    "blog.view_photo",
    "blog.change_photo",
    "blog.delete_photo",
    "blog.hide_photo",
)


# Parameters for "not logged in": no session, or the session of an inactive user,
# which ModelBackend refuses on every request after `force_login`.
LOGGED_OUT = ("anonymous", "inactive_creator")


def log_in_as(client, request, actor: str) -> User | None:
    """Log the test client in as the fixture named `actor`; "anonymous" stays out."""
    if actor == "anonymous":
        return None
    user = request.getfixturevalue(actor)
    client.force_login(user)
    return user


def assert_sent_to_login(response, path: str) -> None:
    """The response sends the visitor to the login page, to come back to `path`."""

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={path}"


def assert_cannot_log_in(client, user: User) -> None:
    """The login form refuses `user` with the right password, and nothing opens."""

    response = client.post(
        reverse("login"), {"username": user.get_username(), "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.text
    assert client.get(reverse("home")).status_code == 302
