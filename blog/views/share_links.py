"""Share links: the owner makes, lists and revokes them; whoever holds one opens
that post, and its photos (cover and gallery), and nothing else."""

from collections.abc import Callable
from datetime import datetime, time, timedelta
from functools import wraps

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blog.models import Blog, Photo, ShareLink
from blog.sharing import (
    LinkState,
    count_open,
    create_share_link,
    find_share_link,
    links_managed_by,
    password_matches,
    revoke_share_link,
    shown_gallery,
    shown_photo,
    shown_photos,
    state_of,
)
from images.storage import media_served_here, rendition_name
from web.ratelimit import rate_limited
from web.request_data import safe_next, submitted

from .guards import blog_or_deny
from .media import picture_names, send_picture

MANAGE = "blog.manage_blog"
# The links this session has given the right password for, by pk.
UNLOCKED = "unlocked_share_links"
EXPIRY_DAYS = [
    ("never", gettext_lazy("Never")),
    ("1", gettext_lazy("In 1 day")),
    ("7", gettext_lazy("In 7 days")),
    ("30", gettext_lazy("In 30 days")),
]


class ShareLinkForm(forms.Form):
    recipient = forms.CharField(
        label=gettext_lazy("Shared with"),
        max_length=100,
        help_text=gettext_lazy(
            "Whom the link is for, so you know which one to revoke."
        ),
    )
    expires_in = forms.ChoiceField(
        label=gettext_lazy("Expires"), choices=EXPIRY_DAYS, initial="never"
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Or works until this date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "Until the end of that day; it wins over the choice above."
        ),
    )
    password = forms.CharField(
        label=gettext_lazy("Password (optional)"),
        required=False,
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("The recipient types it before seeing the post."),
    )

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        return day

    def expires_at(self) -> datetime | None:
        """When the link stops: the end of the chosen day, or in so many days."""
        day, choice = self.cleaned_data["expires_on"], self.cleaned_data["expires_in"]
        if day is not None:
            # The last minute of that day: its owner reads the day they chose.
            return timezone.make_aware(datetime.combine(day, time(23, 59)))
        if choice == "never":
            return None
        return timezone.now() + timedelta(days=int(choice))


class SharePasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "autofocus": True}),
    )

    def __init__(self, *args, link: ShareLink, **kwargs):
        super().__init__(*args, **kwargs)
        self.link = link

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password_matches(self.link, password):
            raise forms.ValidationError(_("This is not the link's password."))
        return password


# The owner's pages.


@require_http_methods(["GET", "POST"])
def share_links(request, blog_id):
    blog = blog_or_deny(request, blog_id, MANAGE)
    form = ShareLinkForm(**submitted(request))
    new_link = None
    if form.is_valid():
        _link, token = create_share_link(
            blog=blog,
            by=request.user,
            recipient=form.cleaned_data["recipient"],
            expires_at=form.expires_at(),
            password=form.cleaned_data["password"],
        )
        new_link = request.build_absolute_uri(reverse("open_share_link", args=[token]))
        form = ShareLinkForm()
    context = {
        "blog": blog,
        "form": form,
        "new_link": new_link,
        "links": with_states(blog.share_links.all()),
        # Would a fresh link open now? Only if the rule lets the post be shown.
        "links_open": rules.test_rule(
            "blog.open_share_link", None, ShareLink(blog=blog)
        ),
    }
    response = render(request, "blog/share_links.html", context)
    if new_link:  # the secret is in this page only: keep it out of every cache
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
def share_link_revoke(request, blog_id, link_id):
    blog = blog_or_deny(request, blog_id, MANAGE)
    link = get_object_or_404(blog.share_links, pk=link_id)
    revoke_share_link(link)
    messages.success(
        request,
        _("The link for %(recipient)s is revoked: it opens nothing any more.")
        % {"recipient": link.recipient},
    )
    return redirect(safe_next(request) or reverse("share_links", args=[blog.pk]))


@require_GET
def my_share_links(request):
    links = with_states(links_managed_by(request.user))
    return render(request, "blog/share_links_mine.html", {"links": links})


def with_states(links) -> list[tuple[ShareLink, LinkState]]:
    """Each link with its state, for the owner's tables."""
    return [(link, state_of(link)) for link in links]


# Whoever holds a link.


def shared_response(view: Callable) -> Callable:
    """Mark every answer under /s/ private, unindexed and sent with no referrer (the
    link is the secret) unless the view chose one; answer a missing or dead link
    with one page for all."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = render(request, "blog/shared_not_found.html", status=404)
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapper


def opening_link(request: HttpRequest, token: str) -> ShareLink:
    """The link `token` names, if it opens its post now; else 404, whatever the
    reason (none, expired, revoked, post not shown), so nobody learns which."""
    link = find_share_link(token)
    if link is None or not rules.test_rule("blog.open_share_link", request.user, link):
        raise Http404
    return link


def is_unlocked(request: HttpRequest, link: ShareLink) -> bool:
    """The link needs no password, or this session gave it."""
    return not link.password or link.pk in request.session.get(UNLOCKED, [])


def unlock(request: HttpRequest, link: ShareLink) -> None:
    request.session[UNLOCKED] = [*request.session.get(UNLOCKED, []), link.pk]


@login_not_required
@shared_response
@require_http_methods(["GET", "POST"])
@rate_limited("share_password")  # a POST is a password tried
def open_share_link(request, token):
    link = opening_link(request, token)
    if not is_unlocked(request, link):
        form = SharePasswordForm(**submitted(request), link=link)
        if not form.is_valid():
            return password_page(request, form)
        unlock(request, link)
    if request.method == "POST":
        return redirect(request.path)  # a reload shows the post, not the form again
    count_open(link)
    blog = Blog.objects.with_authors().with_gallery().get(pk=link.blog_id)
    context = {
        "blog": blog,
        "picture": shared_picture(shown_photo(blog), token),
        "gallery": [shared_picture(photo, token) for photo in shown_gallery(blog)],
    }
    return render(request, "blog/shared_blog.html", context)


def password_page(request: HttpRequest, form: SharePasswordForm) -> HttpResponse:
    """Ask for the link's password.

    Under "no-referrer" a browser sends its POST with `Origin: null` and no Referer,
    which CSRF protection refuses; "same-origin" still sends nothing to other sites.
    """
    response = render(request, "blog/shared_password.html", {"form": form})
    response["Referrer-Policy"] = "same-origin"
    return response


@login_not_required
@shared_response
@require_GET
def shared_media(request, token, path):
    """A file of one of the post's shown photos (cover or gallery), for a session
    the link opens to; not counted."""
    link = opening_link(request, token)
    if not is_unlocked(request, link) or not media_served_here():
        raise Http404
    blog = Blog.objects.with_gallery().select_related("photo").get(pk=link.blog_id)
    if not any(path in picture_names(photo) for photo in shown_photos(blog)):
        raise Http404
    return send_picture(request, path)


def shared_picture(photo: Photo | None, token: str) -> dict | None:
    """The photo's `<img>` sources as a link shows them: through the link when media
    is on local disk, else the storage's own signed URLs."""
    if photo is None:
        return None
    if media_served_here():

        def url(name: str) -> str:
            return reverse("shared_media", args=[token, name])

    else:
        url = photo.image.storage.url
    name = photo.image.name
    sizes = [(rendition_name(name, w), w) for w in photo.rendition_widths]
    return {
        "photo": photo,
        "src": url(photo.display_name),
        "srcset": ", ".join(
            [f"{url(rendition)} {width}w" for rendition, width in sizes]
            + [f"{url(name)} {photo.width}w"]
        ),
    }
