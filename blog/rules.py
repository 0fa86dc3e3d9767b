"""Who may do what to *this* blog or photo: the per-object policy, in one place.

Each rule is registered under a Django permission name and folds in the model
permission it builds on through `holds()`, because `ModelBackend` answers nothing when
an object is passed. `holds()` reads the user's permission set rather than calling
`has_perm`, which would recurse into these rules; that set is empty for inactive users
and visitors, so they pass only what anyone may see: public posts and photos. Active
superusers pass every check before any rule runs.

Every rule a list needs has a QuerySet twin in blog/models.py (`visible_to`,
`editable_by`, ...), and blog/tests/test_rules_parity.py proves each pair agrees.
"""

import rules
from django.conf import settings
from django.utils import timezone

from authentication.relations import blocker_ids, followed_ids

from .models import Visibility


def holds(permission: str) -> rules.Predicate:
    """Predicate: the user has `permission` through a group or a direct grant."""

    @rules.predicate(name=f"holds:{permission}")
    def predicate(user) -> bool:
        return permission in user.get_all_permissions()

    return predicate


@rules.predicate
def is_owner(user, blog) -> bool:
    """The user is the blog's owner, its primary author."""
    return blog is not None and blog.owner_id == user.pk


@rules.predicate
def is_coauthor(user, blog) -> bool:
    """The user is one of the blog's contributors (uses a prefetch if there is one)."""
    if blog is None or user.pk is None:
        return False
    return any(row.contributor_id == user.pk for row in blog.blogcontributor_set.all())


@rules.predicate
def is_published(user, blog) -> bool:
    return blog is not None and blog.is_published


@rules.predicate
def is_hidden(user, item) -> bool:
    """A moderator hid this blog or photo."""
    return item is not None and item.is_hidden


@rules.predicate
def is_uploader(user, photo) -> bool:
    return photo is not None and photo.uploader_id == user.pk


@rules.predicate
def is_shown_alone(user, photo) -> bool:
    """The photo was posted on its own, not uploaded with a post."""
    return photo is not None and photo.shown_alone


@rules.predicate
def is_ready(user, photo) -> bool:
    """A worker has prepared the photo: it has its picture and renditions."""
    return photo is not None and photo.is_ready


def posts_showing(photo) -> list:
    """The posts `photo` is in, as their cover or in their gallery: the one
    definition every photo rule reads (twin: `BlogQuerySet.showing`). Uses
    prefetches of `blogs` and `galleries` (models.PHOTO_POSTS and GALLERY_POSTS) if
    there are."""
    return [*photo.blogs.all(), *photo.galleries.all()]


@rules.predicate
def is_in_a_visible_post(user, photo) -> bool:
    """The photo appears in a post the user may view."""
    return photo is not None and any(
        may_view_blog(user, post) for post in posts_showing(photo)
    )


@rules.predicate
def is_public(user, item) -> bool:
    """Its visibility is Public, and the site lets anyone see public items."""
    return (
        item is not None
        and item.visibility == Visibility.PUBLIC
        and settings.FOTOBLOG_PUBLIC_POSTING
    )


@rules.predicate
def is_for_members(user, item) -> bool:
    """Its visibility lets every member see it: Members, or Public."""
    return item is not None and item.visibility in (
        Visibility.PUBLIC,
        Visibility.MEMBERS,
    )


@rules.predicate
def is_for_followers(user, item) -> bool:
    return item is not None and item.visibility == Visibility.FOLLOWERS


@rules.predicate
def follows_owner(user, blog) -> bool:
    """The user is an approved follower of the blog's owner."""
    return blog is not None and blog.owner_id in followed_ids(user)


@rules.predicate
def follows_uploader(user, photo) -> bool:
    """The user is an approved follower of the photo's uploader."""
    return photo is not None and photo.uploader_id in followed_ids(user)


@rules.predicate
def is_blocked_by_an_author(user, blog) -> bool:
    """The blog's owner or a co-author blocked the user."""
    blockers = blocker_ids(user)
    return (
        blog is not None
        and bool(blockers)
        and (
            blog.owner_id in blockers
            or any(
                row.contributor_id in blockers for row in blog.blogcontributor_set.all()
            )
        )
    )


@rules.predicate
def is_blocked_by_uploader(user, photo) -> bool:
    return photo is not None and photo.uploader_id in blocker_ids(user)


@rules.predicate
def is_in_a_public_post(user, photo) -> bool:
    """The photo appears in a post anyone may view."""
    return photo is not None and any(
        anyone_sees_blog(user, post) for post in posts_showing(photo)
    )


@rules.predicate
def link_is_live(user, link) -> bool:
    """The share link is neither revoked nor expired."""
    return (
        link is not None
        and link.revoked_at is None
        and (link.expires_at is None or link.expires_at > timezone.now())
    )


@rules.predicate
def link_post_is_shown(user, link) -> bool:
    """The link's post is published and no moderator hid it."""
    return link is not None and link.blog.is_published and not link.blog.is_hidden


def sees(view_rule: rules.Predicate, name: str) -> rules.Predicate:
    """Predicate: the user may view the object by `view_rule`; with no object (a
    model-level question, as the admin asks), any object."""

    @rules.predicate(name=name)
    def predicate(user, obj) -> bool:
        return obj is None or view_rule.test(user, obj)

    return predicate


is_contributor = is_owner | is_coauthor
moderates_blogs = holds("blog.moderate_blog")
moderates_photos = holds("blog.moderate_photo")

# Who sees a post besides its authors: its audience (Visibility), never a member an
# author blocked. A public post is for anyone, logged out included, whatever the
# model permissions; the others are for members holding blog.view_blog.
anyone_sees_blog = is_published & ~is_hidden & is_public & ~is_blocked_by_an_author
in_blog_audience = is_for_members | (is_for_followers & follows_owner)
may_view_blog = anyone_sees_blog | (
    holds("blog.view_blog")
    & (
        is_contributor
        | (
            is_published
            & (~is_hidden | moderates_blogs)
            & in_blog_audience
            & ~is_blocked_by_an_author
        )
    )
)
rules.add_perm("blog.view_blog", may_view_blog)
rules.add_perm("blog.change_blog", is_contributor & holds("blog.change_blog"))
rules.add_perm(
    "blog.change_blog_title",
    (is_owner & holds("blog.change_blog")) | holds("blog.change_blog_title"),
)
# Publishing, unpublishing, choosing co-authors and sharing by links.
rules.add_perm("blog.manage_blog", is_owner & holds("blog.change_blog"))


# A moderator acts only on what they may see: never on someone else's draft.
moderates_visible_blog = moderates_blogs & sees(may_view_blog, "sees_blog")
# Deleting one's own post is authoring; deleting another's, moderating (a token needs
# its moderate scope for that: api/views/posts.py).
owner_deletes_blog = is_owner & holds("blog.delete_blog")
rules.add_perm("blog.delete_blog", owner_deletes_blog | moderates_visible_blog)
rules.add_perm("blog.star_blog", moderates_visible_blog)
rules.add_perm("blog.hide_blog", moderates_visible_blog)

# A photo posted on its own is seen by its audience, as a post is; one uploaded with
# a post is seen with the posts it appears in, as their cover or in their gallery
# alike: a draft's photo by the draft's authors, a hidden post's photo by its
# authors and moderators, a followers' post's photo by the owner's followers, and by
# nobody once it is in no post. Moderating photos shows hidden photos, never drafts
# nor what their audience leaves out. Its uploader always sees it, and alone sees it
# while it is being prepared or if that failed.
anyone_sees_photo = (
    is_ready
    & ~is_hidden
    & ~is_blocked_by_uploader
    & ((is_shown_alone & is_public) | is_in_a_public_post)
)
in_photo_audience = is_for_members | (is_for_followers & follows_uploader)
may_view_photo = anyone_sees_photo | (
    holds("blog.view_photo")
    & (
        is_uploader
        | (
            is_ready
            & (~is_hidden | moderates_photos)
            & ~is_blocked_by_uploader
            & ((is_shown_alone & in_photo_audience) | is_in_a_visible_post)
        )
    )
)
rules.add_perm("blog.view_photo", may_view_photo)
rules.add_perm("blog.change_photo", is_uploader & holds("blog.change_photo"))
moderates_visible_photo = moderates_photos & sees(may_view_photo, "sees_photo")
uploader_deletes_photo = is_uploader & holds("blog.delete_photo")
rules.add_perm("blog.delete_photo", uploader_deletes_photo | moderates_visible_photo)
rules.add_perm("blog.hide_photo", moderates_visible_photo)

# A live share link to a shown post opens that post, and its photo, for whoever
# holds it; its owner makes and revokes links under blog.manage_blog.
rules.add_rule("blog.open_share_link", link_is_live & link_post_is_shown)
