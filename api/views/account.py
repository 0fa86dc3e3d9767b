"""You: who the API takes you for, with which scopes, and your feed links."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from ..models import Scope
from ..serializers import absolute
from ..tokens import scopes_offered
from .base import ApiView

MeSerializer = inline_serializer(
    "Me",
    {
        "username": serializers.CharField(),
        "name": serializers.CharField(),
        "role": serializers.CharField(),
        "is_private": serializers.BooleanField(),
        "scopes": serializers.ListField(
            child=serializers.ChoiceField(choices=Scope.choices),
            help_text="What this call may do: a token's scopes; all for a session.",
        ),
        "permissions": serializers.ListField(
            child=serializers.CharField(),
            help_text="Your model permissions; per-object rules apply on top.",
        ),
    },
)

FeedLinksSerializer = inline_serializer(
    "FeedLinks",
    {
        "home": serializers.URLField(allow_null=True),
        "creators": serializers.URLField(
            allow_null=True,
            help_text="Put a creator's username in place of {username}.",
        ),
    },
)


class Me(ApiView):
    """The member this call acts as."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user, token = request.user, request.auth
        return Response(
            {
                "username": user.username,
                "name": user.get_full_name(),
                "role": user.role,
                "is_private": user.is_private,
                "scopes": token.scopes
                if token
                else [str(s) for s in scopes_offered(user)],
                "permissions": sorted(user.get_all_permissions()),
            }
        )


FEED_LINKS_ON_THE_SITE = (
    "Feed links are secrets of their own: they are shown on the site's Feed links "
    "page, and to its own scripts, never to a token."
)


class FeedLinks(ApiView):
    """Your private Atom feeds, for the site's own scripts (a session, never a
    token); null while they are off."""

    @extend_schema(responses=FeedLinksSerializer)
    def get(self, request):
        if request.auth is not None:
            # A feed link is a secret of its own, which revoking the token would
            # not stop: the site's pages show it, to the member logged in.
            raise PermissionDenied(FEED_LINKS_ON_THE_SITE)
        token = request.user.feed_token
        if not token:
            return Response({"home": None, "creators": None})
        creators = reverse("creator_atom", args=[token, "USERNAME"])
        return Response(
            {
                "home": absolute(request, reverse("home_atom", args=[token])),
                "creators": absolute(request, creators).replace(
                    "USERNAME", "{username}"
                ),
            }
        )
