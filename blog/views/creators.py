"""A creator's page: their published posts and photos, newest first."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from authentication.models import User
from authentication.relations import blocked_ids
from blog.pager import creator_sources, feed_page
from web import indexing


@require_http_methods(["GET"])
def creator_detail(request, username):
    # creators_for leaves out whoever blocked the viewer: their page is not found.
    creator = get_object_or_404(
        User.objects.creators_for(request.user), username=username
    )
    page = feed_page(creator_sources(request.user, creator), request.GET.get("after"))
    if request.htmx:
        return render(request, "blog/includes/feed_items.html", {"page": page})
    # What the page shows changes with the reader; anyone may open it.
    indexing.allow_if(request, True)
    context = {
        "creator": creator,
        "page": page,
        "public_feed": public_feed(creator),
        "is_blocked": creator.pk in blocked_ids(request.user),
    }
    return render(request, "blog/creator_detail.html", context)


def public_feed(creator: User) -> str:
    """The creator's public Atom feed, while the site allows public posts."""
    if not settings.FOTOBLOG_PUBLIC_POSTING:
        return ""
    return reverse("creator_public_atom", args=[creator.get_username()])
