"""Who is logged in, their groups, and the per-object rules asked about them."""

from authentication.models import User

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


def log_in_as(client, request, actor: str) -> User | None:
    """Log the test client in as the fixture named `actor`; "anonymous" stays out."""
    if actor == "anonymous":
        return None
    user = request.getfixturevalue(actor)
    client.force_login(user)
    return user


def group_names(user: User) -> set[str]:
    """The names of the groups `user` is in, as the database has them now."""
    return set(user.groups.values_list("name", flat=True))
