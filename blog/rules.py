"""Per-object permissions for blogs and photos, registered under Django's names.

`ModelBackend` answers nothing when an object is passed, so each rule folds in the
model permission it builds on through `holds()`, which reads the user's permission set
instead of calling `has_perm` (that would recurse into these rules).
"""

import rules


def holds(permission: str) -> rules.Predicate:
    """Predicate: the user has `permission` through a group or a direct grant."""

    @rules.predicate(name=f"holds:{permission}")
    def predicate(user) -> bool:
        return permission in user.get_all_permissions()

    return predicate


@rules.predicate
def is_contributor(user, blog) -> bool:
    """The user is one of the blog's contributors."""
    if blog is None:
        return False
    return any(
        contribution.contributor_id == user.pk
        for contribution in blog.blogcontributor_set.all()
    )


rules.add_perm("blog.view_blog", holds("blog.view_blog"))
rules.add_perm("blog.change_blog", is_contributor & holds("blog.change_blog"))
rules.add_perm("blog.change_blog_title", holds("blog.change_blog_title"))
rules.add_perm("blog.delete_blog", is_contributor & holds("blog.delete_blog"))
