"""Creators: find them, read one, list their photos and posts, follow or block."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.response import Response

from authentication import services as people
from authentication.models import FollowRequest, User
from authentication.views import ALREADY_DECIDED, CREATORS_PER_PAGE, pending_requests
from blog.pager import feed_page
from blog.views.creators import creator_photos, creator_posts
from web.ratelimit import WINDOW_SECONDS, over_limit

from ..serializers import (
    CreatorPageSerializer,
    CreatorSerializer,
    PhotoPageSerializer,
    PhotoSerializer,
    PostPageSerializer,
    PostSerializer,
)
from .base import ApiView, page_response
from .feeds import AFTER, item_context
from .posts import switch

SEARCH = OpenApiParameter("q", str, description="Part of a name or username.")


def count_towards_follow_limit(request) -> None:
    """Follows, blocks and answers to follow requests share the site's hourly
    limit (FOTOBLOG_RATE_LIMITS["follow"]): past it, 429."""
    if over_limit(request, "follow"):
        raise Throttled(wait=WINDOW_SECONDS)


def creator_for(request, username: str) -> User:
    """The active creator named so, who did not block the reader; else 404."""
    return get_object_or_404(User.objects.creators_for(request.user), username=username)


class Creators(ApiView):
    """Discover: active creators by username, matching `q` when given."""

    @extend_schema(
        parameters=[SEARCH, AFTER],
        responses=CreatorPageSerializer,
        operation_id="creators_list",
    )
    def get(self, request):
        query = request.GET.get("q", "").strip()[:100]
        creators = User.objects.creators_for(request.user, search=query)
        after = request.GET.get("after")
        if after:
            creators = creators.filter(username__gt=after)
        found = list(creators[: CREATORS_PER_PAGE + 1])
        page = found[:CREATORS_PER_PAGE]
        following = page[-1].username if len(found) > CREATORS_PER_PAGE else None
        results = CreatorSerializer(page, many=True, context={"request": request})
        return page_response(request, results.data, following)


class CreatorDetail(ApiView):
    """One creator, as their page tells of them (anyone may read it)."""

    open_to_visitors = True

    @extend_schema(responses=CreatorSerializer)
    def get(self, request, username: str):
        creator = creator_for(request, username)
        return Response(CreatorSerializer(creator, context={"request": request}).data)


class CreatorPhotos(ApiView):
    """A creator's photos that you may see, newest first (their page's Photos tab)."""

    open_to_visitors = True

    @extend_schema(parameters=[AFTER], responses=PhotoPageSerializer)
    def get(self, request, username: str):
        creator = creator_for(request, username)
        source = {"photo": creator_photos(request.user, creator)}
        page = feed_page(source, request.GET.get("after"))
        photos = [entry.item for entry in page.items]
        results = PhotoSerializer(photos, many=True, context={"request": request})
        return page_response(request, results.data, page.next_cursor)


class CreatorPosts(ApiView):
    """A creator's published posts that you may see, newest first (their page's
    Posts tab)."""

    open_to_visitors = True

    @extend_schema(parameters=[AFTER], responses=PostPageSerializer)
    def get(self, request, username: str):
        creator = creator_for(request, username)
        source = {"blog": creator_posts(request.user, creator)}
        page = feed_page(source, request.GET.get("after"))
        context = item_context(request, page)
        posts = [entry.item for entry in page.items]
        results = PostSerializer(posts, many=True, context=context)
        return page_response(request, results.data, page.next_cursor)


class FollowSerializer(serializers.Serializer):
    username = serializers.CharField()
    is_followed = serializers.BooleanField(help_text="You follow them.")
    is_requested = serializers.BooleanField(help_text="You asked to follow them.")


class CreatorFollow(ApiView):
    """Follow a creator (`follow: true`; a private account gets a request to
    approve), or stop following them and withdraw a request (`follow: false`)."""

    @extend_schema(
        request=inline_serializer("Following", {"follow": serializers.BooleanField()}),
        responses=FollowSerializer,
    )
    def post(self, request, username: str):
        follow = switch(request, "follow")
        count_towards_follow_limit(request)
        allowed = User.objects.to_follow_or_not(request.user, follow)
        creator = get_object_or_404(allowed, username=username)
        people.set_following(user=request.user, creator=creator, follow=follow)
        state = {
            "username": creator.username,
            "is_followed": request.user.follows.filter(pk=creator.pk).exists(),
            "is_requested": pending_requests(request.user, creator).exists(),
        }
        return Response(FollowSerializer(state).data)


class BlockSerializer(serializers.Serializer):
    username = serializers.CharField()
    is_blocked = serializers.BooleanField(help_text="You block them.")


class MemberBlock(ApiView):
    """Block a member (`block: true`): follows between you end, and they no longer
    see what you write; or lift the block (`block: false`)."""

    @extend_schema(
        request=inline_serializer("Blocking", {"block": serializers.BooleanField()}),
        responses=BlockSerializer,
    )
    def post(self, request, username: str):
        block = switch(request, "block")
        count_towards_follow_limit(request)
        other = get_object_or_404(
            User.objects.blockable_by(request.user), username=username
        )
        if block:
            people.block(blocker=request.user, blocked=other)
        else:
            people.unblock(blocker=request.user, blocked=other)
        return Response(
            BlockSerializer({"username": other.username, "is_blocked": block}).data
        )


class FollowRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(source="user.username")
    status = serializers.CharField()
    date_created = serializers.DateTimeField()


class FollowRequests(ApiView):
    """Who asks to follow you (a private account), oldest first."""

    @extend_schema(responses=FollowRequestSerializer(many=True))
    def get(self, request):
        pending = FollowRequest.objects.addressed_to(request.user).pending()
        pending = pending.order_by("date_created", "pk")

        return Response(FollowRequestSerializer(pending, many=True).data)


class FollowRequestDecision(ApiView):
    """Approve a request to follow you (`approve: true`), or refuse it."""

    @extend_schema(
        request=inline_serializer("Decision", {"approve": serializers.BooleanField()}),
        responses=FollowRequestSerializer,
    )
    def post(self, request, pk: int):
        approve = switch(request, "approve")
        count_towards_follow_limit(request)
        follow_request = get_object_or_404(
            FollowRequest.objects.addressed_to(request.user), pk=pk
        )
        if follow_request.status != FollowRequest.Status.PENDING:
            raise serializers.ValidationError({"approve": [ALREADY_DECIDED]})
        try:
            people.decide_follow_request(follow_request=follow_request, approve=approve)
        except DjangoValidationError as refusal:
            raise serializers.ValidationError({"approve": refusal.messages}) from None
        return Response(FollowRequestSerializer(follow_request).data)
