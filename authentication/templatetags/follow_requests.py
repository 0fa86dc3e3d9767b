"""The header's count of follow requests waiting for the member's answer."""

from django import template

from authentication.models import FollowRequest

register = template.Library()


@register.simple_tag
def pending_follow_request_count(user) -> int:
    """How many follow requests wait for `user`: asked only of private creators."""
    if not (user.is_authenticated and user.is_creator and user.is_private):
        return 0
    return FollowRequest.objects.filter(
        followed=user, status=FollowRequest.Status.PENDING
    ).count()
