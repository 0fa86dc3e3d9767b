"""Posts: yours, one by one, made with photos, edited, published, shared with
co-authors, moderated and deleted; each through the rules, as on the site."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from blog import services
from blog.audiences import VisibilityForm
from blog.forms import POST, BlogForm, CoauthorForm, NewBlogForm, UploadForm
from blog.models import Blog
from blog.pager import feed_page
from blog.rules import owner_deletes_blog
from blog.views.blogs import post_as_ruled
from blog.views.guards import blog_or_deny
from blog.views.photos import ADD_POST, save_upload
from web.body_limits import MANY

from ..models import Scope
from ..permissions import check_deletion_scope, deletion_scope
from ..serializers import PostDetailSerializer, PostPageSerializer, PostSerializer
from .base import ApiView, page_response
from .feeds import AFTER, item_context, require
from .forms import checked, sent, with_unsent
from .uploads import upload_or_refuse

VIEW = "blog.view_blog"


# The scope each of a post's actions needs from a token (deleting: by whose it is).
ACTION_SCOPES = {
    "change": Scope.WRITE,
    "manage": Scope.WRITE,
    "star": Scope.MODERATE,
    "hide": Scope.MODERATE,
}


def post_detail(request, blog: Blog, code: int = status.HTTP_200_OK) -> Response:
    """A post as its page shows it to this reader, and what they may do with it
    (by this call's token, if it has one)."""
    may, cover, gallery = post_as_ruled(request.user, blog)
    blog.shown_gallery, blog.may = gallery, within_scopes(request, blog, may)
    context = {"request": request, "cover_shown": lambda _: bool(cover)}
    return Response(PostDetailSerializer(blog, context=context).data, status=code)


def within_scopes(request, blog: Blog, may: dict) -> dict:
    """What the rules let the reader do, less what the call's token may not ask."""
    token = request.auth
    if token is None:
        return may
    scopes = {
        **ACTION_SCOPES,
        "delete": deletion_scope(request.user, owner_deletes_blog, blog),
    }
    return {action: may[action] and token.allows(scopes[action]) for action in may}


def fresh(blog: Blog) -> Blog:
    """The post read again, with its authors, after a change."""
    return Blog.objects.with_authors().get(pk=blog.pk)


class MyPosts(ApiView):
    """Posts you write or co-write, drafts included, newest first; and a new post
    made of the photos sent with it (multipart: `images`, `title`, `content`,
    `is_published`, `visibility`, `caption`, `captions`, `alts`)."""

    uploads = MANY

    @extend_schema(
        parameters=[AFTER], responses=PostPageSerializer, operation_id="posts_list"
    )
    def get(self, request):
        """Posts you write or co-write, drafts included, newest first."""
        require(request, "blog.change_blog")
        posts = Blog.objects.editable_by(request.user)
        page = feed_page({"blog": posts}, request.GET.get("after"))
        context = item_context(request, page)
        results = PostSerializer(
            [e.item for e in page.items], many=True, context=context
        )
        return page_response(request, results.data, page.next_cursor)

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "NewPost",
                {
                    "images": serializers.ListField(child=serializers.ImageField()),
                    "title": serializers.CharField(max_length=128),
                    "content": serializers.CharField(max_length=5000),
                    "is_published": serializers.BooleanField(required=False),
                    "visibility": serializers.CharField(required=False),
                    "caption": serializers.CharField(required=False),
                },
            )
        },
        responses={201: PostDetailSerializer},
        operation_id="posts_create",
    )
    def post(self, request):
        """A new post made of the photos sent with it (multipart: `images`, the first
        its cover; `title`, `content`, `is_published`, `visibility`, `caption`,
        `captions`, `alts`): a draft unless `is_published` is on."""
        require(request, ADD_POST, "blog.add_photo")
        data = sent(request)
        form = UploadForm(**data, uploader=request.user, mode=POST, may_post=True)
        post_form = NewBlogForm(**data)
        checked(form)
        checked(post_form)
        blog = upload_or_refuse(
            request, lambda: save_upload(request.user, form, post_form)
        )
        return post_detail(request, fresh(blog), status.HTTP_201_CREATED)


class PostDetail(ApiView):
    """One post: read it (anyone may read a public one), edit its title and text,
    delete it."""

    open_to_visitors = True

    @extend_schema(responses=PostDetailSerializer, operation_id="posts_retrieve")
    def get(self, request, pk: int):
        """One post, with its cover and gallery photos you may view and what you may do
        with it; anyone may read a public one."""
        return post_detail(request, blog_or_deny(request, pk, VIEW))

    @extend_schema(
        request=inline_serializer(
            "PostEdit",
            {
                "title": serializers.CharField(max_length=128, required=False),
                "content": serializers.CharField(max_length=5000, required=False),
            },
        ),
        responses=PostDetailSerializer,
        operation_id="posts_partial_update",
    )
    def patch(self, request, pk: int):
        """Edit a post's text (its authors) or title (its owner)."""
        blog = blog_or_deny(request, pk, "blog.change_blog")
        changes = with_unsent(sent(request)["data"], blog, ("title", "content"))
        may_title = request.user.has_perm("blog.change_blog_title", blog)
        if changes["title"] != blog.title and not may_title:
            raise PermissionDenied("Only the post's owner may change its title.")
        form = checked(BlogForm(changes, instance=blog, can_edit_title=may_title))
        upload_or_refuse(
            request, lambda: services.update_blog(blog=form.instance, by=request.user)
        )
        return post_detail(request, fresh(blog))

    @extend_schema(responses={204: None}, operation_id="posts_destroy")
    def delete(self, request, pk: int):
        """Delete a post (its owner, or a moderator); its photos stay."""
        blog = blog_or_deny(request, pk, "blog.delete_blog")
        check_deletion_scope(request, owner_deletes_blog, blog)
        services.delete_blog(blog=blog, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def switch_schema(name: str, field: str):
    return extend_schema(
        request=inline_serializer(name, {field: serializers.BooleanField()}),
        responses=PostDetailSerializer,
    )


def switch(request, field: str) -> bool:
    """The on/off value a call sends, required."""
    value = request.data.get(field) if hasattr(request.data, "get") else None
    if isinstance(value, str):
        value = {"true": True, "false": False, "1": True, "0": False}.get(value.lower())
    if not isinstance(value, bool):
        raise serializers.ValidationError({field: ["Send true or false."]})
    return value


class PostPublish(ApiView):
    """Publish a post, or take it back to draft (its owner)."""

    @switch_schema("Publishing", "published")
    def post(self, request, pk: int):
        blog = blog_or_deny(request, pk, "blog.manage_blog")
        published = switch(request, "published")
        services.set_published(blog=blog, published=published, by=request.user)
        return post_detail(request, fresh(blog))


class PostVisibility(ApiView):
    """Choose who can see a post (its owner): public, members, followers, private."""

    @extend_schema(
        request=inline_serializer("Audience", {"visibility": serializers.CharField()}),
        responses=PostDetailSerializer,
    )
    def post(self, request, pk: int):
        blog = blog_or_deny(request, pk, "blog.manage_blog")
        form = VisibilityForm(
            sent(request)["data"], kind="blog", initial_visibility=blog.visibility
        )
        visibility = checked(form).cleaned_data["visibility"]
        services.set_visibility(item=blog, visibility=visibility, by=request.user)
        return post_detail(request, fresh(blog))


class PostStar(ApiView):
    """Star a post for everyone's home feed, or unstar it (moderators)."""

    scope = Scope.MODERATE

    @switch_schema("Starring", "starred")
    def post(self, request, pk: int):
        blog = blog_or_deny(request, pk, "blog.star_blog")
        services.set_starred(
            blog=blog, starred=switch(request, "starred"), by=request.user
        )
        return post_detail(request, fresh(blog))


class PostHide(ApiView):
    """Hide a post from everyone but its authors and moderators, or show it again
    (moderators)."""

    scope = Scope.MODERATE

    @switch_schema("PostHiding", "hidden")
    def post(self, request, pk: int):
        blog = blog_or_deny(request, pk, "blog.hide_blog")
        services.set_hidden(
            item=blog, hidden=switch(request, "hidden"), by=request.user
        )
        return post_detail(request, fresh(blog))


class CoauthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(source="contributor.username")
    contribution = serializers.CharField()
    is_owner = serializers.BooleanField()


class PostCoauthors(ApiView):
    """A post's authors (its owner manages them): list them, or invite a creator
    by username."""

    @extend_schema(responses=CoauthorSerializer(many=True))
    def get(self, request, pk: int):
        """A post's authors, its owner first (the owner manages them)."""
        blog = blog_or_deny(request, pk, "blog.manage_blog")
        return Response(
            CoauthorSerializer(blog.blogcontributor_set.all(), many=True).data
        )

    @extend_schema(
        request=inline_serializer(
            "NewCoauthor",
            {
                "username": serializers.CharField(),
                "contribution": serializers.CharField(required=False),
            },
        ),
        responses={201: CoauthorSerializer},
    )
    def post(self, request, pk: int):
        """Invite a creator, by username, to co-write a post (its owner)."""
        blog = blog_or_deny(request, pk, "blog.manage_blog")
        form = checked(CoauthorForm(sent(request)["data"], blog=blog))
        row = services.add_coauthor(
            blog=blog,
            coauthor=form.cleaned_data["username"],
            contribution=form.cleaned_data["contribution"],
        )
        return Response(CoauthorSerializer(row).data, status=status.HTTP_201_CREATED)


class PostCoauthor(ApiView):
    """Take a co-author off a post (its owner); the owner stays."""

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int, coauthor_id: int):
        blog = blog_or_deny(request, pk, "blog.manage_blog")
        row = get_object_or_404(blog.blogcontributor_set, pk=coauthor_id)
        try:
            services.remove_coauthor(contribution=row)
        except services.OwnerRemovalRefused:
            raise serializers.ValidationError(
                {"id": ["The owner cannot be removed from the authors."]}
            ) from None
        return Response(status=status.HTTP_204_NO_CONTENT)
