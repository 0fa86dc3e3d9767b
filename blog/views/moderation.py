"""Moderators star blogs and hide blogs or photos; every action is recorded."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blog import services

from .access import blog_or_deny, photo_or_deny


def _switch(request) -> bool:
    """Read the on/off value a moderation form posts."""
    return request.POST.get("on") == "1"


@login_required
@require_POST
def blog_star(request, blog_id):
    blog = blog_or_deny(request, blog_id, "blog.star_blog")
    services.set_starred(blog=blog, starred=_switch(request), by=request.user)
    if blog.starred:
        messages.success(request, _("“%(title)s” is starred.") % {"title": blog})
    else:
        messages.success(
            request, _("“%(title)s” is no longer starred.") % {"title": blog}
        )
    return redirect(blog)


@login_required
@require_POST
def blog_hide(request, blog_id):
    blog = blog_or_deny(request, blog_id, "blog.hide_blog")
    services.set_hidden(item=blog, hidden=_switch(request), by=request.user)
    if blog.is_hidden:
        messages.success(request, _("“%(title)s” is hidden.") % {"title": blog})
    else:
        messages.success(request, _("“%(title)s” is shown again.") % {"title": blog})
    return redirect(blog)


@login_required
@require_POST
def photo_hide(request, photo_id):
    photo = photo_or_deny(request, photo_id, "blog.hide_photo")
    services.set_hidden(item=photo, hidden=_switch(request), by=request.user)
    if photo.is_hidden:
        messages.success(request, _("The photo is hidden."))
    else:
        messages.success(request, _("The photo is shown again."))
    return redirect("photo_feed")
