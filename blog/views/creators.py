"""A creator's page: who they are, then their photos or their posts, newest first."""

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from authentication.models import User
from authentication.relations import blocked_ids
from blog.models import Blog, Photo
from blog.pager import feed_page
from web import indexing

PHOTOS, POSTS = "photos", "posts"
# What each tab's "Load more" answers with.
TAB_ITEMS = {
    PHOTOS: "blog/includes/photo_grid_items.html",
    POSTS: "blog/includes/feed_items.html",
}


@require_http_methods(["GET"])
def creator_detail(request, username):
    # creators_for leaves out whoever blocked the viewer: their page is not found.
    creator = get_object_or_404(
        User.objects.creators_for(request.user), username=username
    )
    photos = creator_photos(request.user, creator)
    posts = creator_posts(request.user, creator)
    counts = {PHOTOS: photos.count(), POSTS: posts.count()}
    tab = chosen_tab(request.GET.get("tab"), counts)
    source = {"photo": photos} if tab == PHOTOS else {"blog": posts}
    page = feed_page(source, request.GET.get("after"))
    if request.htmx:
        return render(request, TAB_ITEMS[tab], {"page": page, "tab": tab})
    # What the page shows changes with the reader; anyone may open it.
    indexing.allow_if(request, True)
    context = {
        "creator": creator,
        "page": page,
        "tab": tab,
        "counts": counts,
        "is_own_page": creator.pk == request.user.pk,
        "public_feed": public_feed(creator),
        "is_blocked": creator.pk in blocked_ids(request.user),
    }
    return render(request, "blog/creator_detail.html", context)


def creator_photos(viewer, creator: User) -> QuerySet:
    """The creator's photos that `viewer` may see, as the Photos grid lists them."""
    return Photo.objects.visible_to(viewer).listed_for(viewer).filter(uploader=creator)


def creator_posts(viewer, creator: User) -> QuerySet:
    """The published posts the creator wrote or co-wrote that `viewer` may see."""
    return (
        Blog.objects.visible_to(viewer)
        .filter(is_published=True, is_hidden=False)
        .written_by(creator)
    )


def chosen_tab(asked: str | None, counts: dict[str, int]) -> str:
    """The tab asked for; else Photos, or Posts when there are posts but no photos."""
    if asked in (PHOTOS, POSTS):
        return asked
    return POSTS if counts[POSTS] and not counts[PHOTOS] else PHOTOS


def public_feed(creator: User) -> str:
    """The creator's public Atom feed, while the site allows public posts."""
    if not settings.FOTOBLOG_PUBLIC_POSTING:
        return ""
    return reverse("creator_public_atom", args=[creator.get_username()])
