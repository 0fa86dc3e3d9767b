"""Create, read, edit, publish, delete a blog; list the blogs one can edit."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import AnonymousUser
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from blog import audiences, services
from blog.audiences import VisibilityForm
from blog.facts import POST_ACTIONS, gallery_shown_to, post_facts
from blog.forms import POST, BlogForm, DeleteBlogForm
from blog.models import Blog, Photo, gallery_lookups
from blog.pager import feed_page
from web import indexing
from web.body_limits import accepts_uploads
from web.ratelimit import rate_limited
from web.request_data import submitted

from .guards import blog_or_deny, refuse_to_see
from .photos import refuse_upload, upload_page


@accepts_uploads(many=True)
@permission_required(["blog.add_blog", "blog.add_photo"], raise_exception=True)
@require_http_methods(["GET", "POST"])
@rate_limited("upload")
def blog_and_photo_upload(request):
    """The upload page, opened to make a post of the photos."""
    return upload_page(request, mode=POST)


@require_http_methods(["GET"])
def view_blog(request, blog_id):
    if not request.user.is_authenticated:  # a visitor: the rules, for public posts
        return render_blog(request, blog_or_deny(request, blog_id, "blog.view_blog"))
    # A member: what the rules would answer, from their twins in one query.
    may = post_facts(request.user, blog_id)
    blog = None
    if may["view"]:
        blog = Blog.objects.with_bylines().filter(pk=blog_id).order_by().first()
    if blog is None:
        refuse_to_see(request)
    return render_blog(request, blog, may=may)


def render_blog(request, blog: Blog, visibility_form=None, status: int = 200, may=None):
    """The post's page: its cover and the gallery photos the reader may view; for
    its owner, with the control of who can see it. `may` holds what the rules would
    answer (facts.POST_FACTS); without it, the rules are asked."""
    user = request.user
    if may is None:
        may, cover, gallery = post_as_ruled(user, blog)
    else:
        cover = [blog.photo] if blog.photo and may["cover_shown"] else []
        rows = blog.galleryphoto_set.filter(gallery_shown_to(user))
        gallery = [row.photo for row in rows.select_related("photo__uploader")]
    if visibility_form is None and may["manage"]:
        visibility_form = VisibilityForm(
            kind="blog", initial_visibility=blog.visibility
        )
    context = {
        "blog": blog,
        "may": may,
        "cover": cover,
        "gallery": gallery,
        # Who did what, for the authors who said.
        "contributions": [
            row for row in blog.blogcontributor_set.all() if row.contribution
        ],
        "audience": audiences.for_the_reader(blog.visibility, blog.owner),
        "visibility_form": visibility_form,
    }
    indexing.allow_if(request, AnonymousUser().has_perm("blog.view_blog", blog))
    return render(request, "blog/view_blog.html", context, status=status)


def post_as_ruled(user, blog: Blog) -> tuple[dict, list[Photo], list[Photo]]:
    """What the rules let `user` do with `blog` (POST_ACTIONS), and its cover and
    gallery photos they may view."""
    may = {
        action: user.has_perm(f"blog.{action}_blog", blog) for action in POST_ACTIONS
    }
    prefetch_related_objects([blog], *gallery_lookups())
    cover = viewable(user, [blog.photo] if blog.photo else [])
    return may, cover, viewable(user, blog.gallery_photos)


def viewable(user, photos: list[Photo]) -> list[Photo]:
    """The `photos` the user may view, in their order; the others are left out."""
    return [photo for photo in photos if user.has_perm("blog.view_photo", photo)]


@require_POST
def blog_visibility(request, blog_id):
    """Choose who can see a post: it applies at once, on every surface."""
    blog = blog_or_deny(request, blog_id, "blog.manage_blog")
    form = VisibilityForm(request.POST, kind="blog", initial_visibility=blog.visibility)
    if not form.is_valid():
        return render_blog(request, blog, visibility_form=form, status=400)
    services.set_visibility(
        item=blog, visibility=form.cleaned_data["visibility"], by=request.user
    )
    messages.success(
        request,
        _("Who can see it is saved: %(audience)s")
        % {"audience": audiences.for_the_reader(blog.visibility, blog.owner)},
    )
    return redirect(blog)


@accepts_uploads
@require_http_methods(["GET", "POST"])
def edit_blog(request, blog_id):
    blog = blog_or_deny(request, blog_id, "blog.change_blog")
    if request.method == "POST" and GALLERY_ACTION in request.POST:
        return edit_gallery(request, blog)
    saved_title = blog.title
    form = BlogForm(
        **submitted(request),
        instance=blog,
        can_edit_title=request.user.has_perm("blog.change_blog_title", blog),
    )
    status = 200
    if form.is_valid():
        try:
            services.update_blog(
                blog=form.instance,
                by=request.user,
                new_image=form.cleaned_data["new_image"],
            )
        except services.UploadRefused as refusal:
            status = refuse_upload(form, refusal, field="new_image")
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(blog)
    prefetch_related_objects([blog], *gallery_lookups())
    context = {
        "blog": blog,
        "saved_title": saved_title,
        "edit_form": form,
        "gallery": viewable(request.user, blog.gallery_photos),
    }
    if request.user.has_perm("blog.delete_blog", blog):
        context["delete_form"] = DeleteBlogForm()
    return render(request, "blog/edit_blog.html", context, status=status)


# The gallery's buttons on the edit page: each sends the photo and one of these.
GALLERY_ACTION = "gallery_action"
GALLERY_EDITS = {
    "up": (
        lambda blog, photo: services.move_in_gallery(blog=blog, photo=photo, offset=-1),
        gettext_lazy("The photo moved up."),
    ),
    "down": (
        lambda blog, photo: services.move_in_gallery(blog=blog, photo=photo, offset=1),
        gettext_lazy("The photo moved down."),
    ),
    "cover": (
        lambda blog, photo: services.make_cover(blog=blog, photo=photo),
        gettext_lazy("The photo is the cover now."),
    ),
    "remove": (
        lambda blog, photo: services.remove_from_gallery(blog=blog, photo=photo),
        gettext_lazy("The photo is out of this post; it is still a photo of its own."),
    ),
}


def edit_gallery(request, blog: Blog):
    """Apply one gallery button of the edit page (`blog.change_blog` is checked),
    then show the page again at the gallery."""
    edit, done = GALLERY_EDITS.get(request.POST[GALLERY_ACTION], (None, ""))
    photo = gallery_photo(request, blog)
    try:
        if edit is None or photo is None:
            raise services.NotInGallery
        edit(blog, photo)
    except services.NotInGallery:
        messages.error(request, _("This photo is no longer in the post's gallery."))
    else:
        messages.success(request, done)
    return redirect(reverse("edit_blog", args=[blog.pk]) + "#gallery")


def gallery_photo(request, blog: Blog) -> Photo | None:
    """The photo the button names, if it is in `blog`'s gallery and the user may
    view it (one they may not view, they cannot act on)."""
    prefetch_related_objects([blog], *gallery_lookups())
    for photo in viewable(request.user, blog.gallery_photos):
        if str(photo.pk) == request.POST.get("photo"):
            return photo
    return None


@require_http_methods(["GET", "POST"])
def blog_delete(request, blog_id):
    blog = blog_or_deny(request, blog_id, "blog.delete_blog")
    form = DeleteBlogForm(**submitted(request))
    if form.is_valid():
        services.delete_blog(blog=blog, by=request.user)
        messages.success(
            request, _("The blog “%(title)s” is deleted.") % {"title": blog.title}
        )
        return redirect(
            "my_blogs" if request.user.has_perm("blog.change_blog") else "home"
        )
    return render(request, "blog/blog_delete.html", {"blog": blog, "form": form})


@require_POST
def blog_publish(request, blog_id):
    blog = blog_or_deny(request, blog_id, "blog.manage_blog")
    services.set_published(
        blog=blog, published=request.POST.get("publish") == "1", by=request.user
    )
    if blog.is_published:
        messages.success(request, _("“%(title)s” is published.") % {"title": blog})
    else:
        messages.success(request, _("“%(title)s” is back to draft.") % {"title": blog})
    return redirect(blog)


@permission_required("blog.change_blog", raise_exception=True)
@require_http_methods(["GET"])
def my_blogs(request):
    blogs = Blog.objects.editable_by(request.user)
    # Its cards show no photo.
    page = feed_page({"blog": blogs}, request.GET.get("after"), photo_rules=False)
    if request.htmx:  # "Load more"
        return render(request, "blog/includes/my_blog_items.html", {"page": page})
    return render(request, "blog/my_blogs.html", {"page": page})
