"""Moderators star blogs and hide blogs or photos; every action is recorded."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blog import services
from web.request_data import safe_next

from .guards import blog_or_deny, photo_or_deny


def _switch(request) -> bool:
    """Read the on/off value a moderation form posts."""
    return request.POST.get("on") == "1"


def _tell(request, now_on: bool, when_on: str, when_off: str) -> None:
    """Say which way the switch went."""
    messages.success(request, when_on if now_on else when_off)


@require_POST
def blog_star(request, blog_id):
    blog = blog_or_deny(request, blog_id, "blog.star_blog")
    services.set_starred(blog=blog, starred=_switch(request), by=request.user)
    title = {"title": blog}
    _tell(
        request,
        blog.starred,
        _("“%(title)s” is starred.") % title,
        _("“%(title)s” is no longer starred.") % title,
    )
    return redirect(blog)


@require_POST
def blog_hide(request, blog_id):
    blog = blog_or_deny(request, blog_id, "blog.hide_blog")
    services.set_hidden(item=blog, hidden=_switch(request), by=request.user)
    title = {"title": blog}
    _tell(
        request,
        blog.is_hidden,
        _("“%(title)s” is hidden.") % title,
        _("“%(title)s” is shown again.") % title,
    )
    return redirect(blog)


@require_POST
def photo_hide(request, photo_id):
    photo = photo_or_deny(request, photo_id, "blog.hide_photo")
    services.set_hidden(item=photo, hidden=_switch(request), by=request.user)
    _tell(
        request,
        photo.is_hidden,
        _("The photo is hidden."),
        _("The photo is shown again."),
    )
    # Back where the moderator acted: the photo's page, or the grid.
    return redirect(safe_next(request) or "photo_feed")
