"""Who will see a post or a photo, said in one sentence: for its author choosing,
and for whoever reads it. What each audience admits is decided in blog/rules.py."""

from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext as _

from authentication.models import User
from authentication.relations import blocker_ids, followed_ids
from web.language import elided

from .models import Blog, ShareLink, Visibility, effective_visibility


def offered() -> list[Visibility]:
    """The audiences an author may choose: Public only when the site allows it."""
    return [
        visibility
        for visibility in Visibility
        if visibility != Visibility.PUBLIC or settings.FOTOBLOG_PUBLIC_POSTING
    ]


def default_for(author) -> Visibility:
    """What a new post or photo is for, unless its author chooses: their followers
    for a private account, else every member."""
    return Visibility.FOLLOWERS if author.is_private else Visibility.MEMBERS


def for_the_author(visibility: Visibility, kind: str) -> str:
    """Who will see it, said to the author choosing; `kind` is "blog" or "photo"."""
    if visibility == Visibility.PUBLIC:
        return _(
            "Anyone, even visitors who are not logged in; search engines may list it."
        )
    if visibility == Visibility.MEMBERS:
        return _("Everyone with an account on this site.")
    if visibility == Visibility.FOLLOWERS:
        return _("Only the members who follow you.")
    if kind == "blog":
        return _("Only you and your co-authors.")
    return _("Only you.")


def for_the_reader(visibility: str, owner: str) -> str:
    """Who can see a post, said to anyone reading it."""
    visibility = effective_visibility(visibility)
    if visibility == Visibility.PUBLIC:
        return _("Anyone, even visitors who are not logged in.")
    if visibility == Visibility.MEMBERS:
        return _("Every member of this site.")
    if visibility == Visibility.FOLLOWERS:
        return elided(
            _("The followers of %(owner)s, and its authors.") % {"owner": owner}
        )
    return _("Only its authors.")


def choices(kind: str) -> list[tuple[str, str]]:
    """The offered audiences as radio choices, each with its sentence. For an
    upload ("upload": photos or a post, chosen on the same page), a sentence that
    differs says both, each marked with what it is for; the page shows one."""
    return [
        (
            visibility.value,
            format_html(
                '<span class="choice-name">{}</span> {}',
                visibility.label,
                _sentences(visibility, kind),
            ),
        )
        for visibility in offered()
    ]


def _sentences(visibility: Visibility, kind: str) -> str:
    if kind != "upload":
        return format_html(
            '<span class="choice-help">{}</span>', for_the_author(visibility, kind)
        )
    as_photos = for_the_author(visibility, "photo")
    as_post = for_the_author(visibility, "blog")
    if as_photos == as_post:
        return _sentences(visibility, "photo")
    return format_html(
        '<span class="choice-help" data-publish-as="photos">{}</span>'
        '<span class="choice-help" data-publish-as="post">{}</span>',
        as_photos,
        as_post,
    )


class AudienceField(forms.ChoiceField):
    """Radio choices of an audience; left out of a form sent without it (a script,
    an older page), it is the initial one."""

    widget = forms.RadioSelect

    def clean(self, value):
        return super().clean(value) or self.initial


def audience_field(
    kind: str, initial: str = Visibility.MEMBERS, required: bool = False
) -> AudienceField:
    """The control an author chooses an audience with."""
    return AudienceField(
        label=_("Who can see it"),
        choices=choices(kind),
        initial=initial,
        required=required,
    )


class VisibilityForm(forms.Form):
    """Change who can see a post, or a photo posted on its own: a choice is needed."""

    def __init__(self, *args, kind: str, initial_visibility: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visibility"] = audience_field(
            kind, initial_visibility, required=True
        )


def facts(user, obj) -> list[str]:
    """Who a post, photo or share link is for, and the user's follow or block that
    decided: what `manage.py explain_perm` adds to the rule's predicates."""
    if isinstance(obj, ShareLink):
        return _link_facts(obj)
    if not user.is_active or user.is_superuser:
        return []  # nothing of the audience counts for them
    if getattr(obj, "shown_alone", True) is False:
        return [
            "uploaded with a post: who may see its posts may see it",
            _posts_of(obj),
        ]
    owner = obj.owner if hasattr(obj, "owner_id") else obj.uploader
    found = [f"visibility {obj.visibility}: {for_the_reader(obj.visibility, owner)}"]
    if obj.visibility == Visibility.FOLLOWERS:
        follows = owner.pk in followed_ids(user)
        found.append(f"{user} {'follows' if follows else 'does not follow'} {owner}")
    authors = {owner.pk}
    if hasattr(obj, "blogcontributor_set"):
        authors |= set(obj.blogcontributor_set.values_list("contributor", flat=True))
    blockers = User.objects.filter(pk__in=authors & blocker_ids(user))
    return found + [f"{blocker} blocked {user}" for blocker in blockers]


def _posts_of(photo) -> str:
    """The posts the photo is in, as cover or in a gallery (rules.posts_showing)."""
    posts = list(
        Blog.objects.showing(photo).order_by("pk").values_list("pk", flat=True)
    )
    if not posts:
        return "in no post: its uploader alone may see it"
    return f"in blog {', '.join(map(str, posts))} (as cover or in a gallery)"


def _link_facts(link: ShareLink) -> list[str]:
    state = "revoked" if link.is_revoked else "expired" if link.has_expired else "live"
    shown = link.blog.is_published and not link.blog.is_hidden
    return [
        f"share link for {link.recipient!r} to blog {link.blog_id}: {state}",
        f"its post is {'published and shown' if shown else 'a draft or hidden'}",
    ]
