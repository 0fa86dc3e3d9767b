"""A creator's page: their published posts and photos, newest first."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from authentication.models import User
from authentication.relations import blocked_ids
from blog.pager import creator_sources, feed_page


@require_http_methods(["GET"])
def creator_detail(request, username):
    # creators_for leaves out whoever blocked the viewer: their page is not found.
    creator = get_object_or_404(
        User.objects.creators_for(request.user), username=username
    )
    page = feed_page(creator_sources(request.user, creator), request.GET.get("after"))
    if request.htmx:
        return render(request, "blog/includes/feed_items.html", {"page": page})
    is_blocked = creator.pk in blocked_ids(request.user)
    context = {"creator": creator, "page": page, "is_blocked": is_blocked}
    return render(request, "blog/creator_detail.html", context)
