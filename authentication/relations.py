"""Whom a user follows and who blocked them: what audience rules read, once a request.

Kept on the user object like its permissions (authentication/backends.py), so a page
of cards asks the database once, whatever the number of cards; nothing is kept across
requests, so a follow or a block applies on the very next request, on every worker.
Views that change a follow or a block in the request call `forget_relations`.
"""

from django.db.models import QuerySet

from .models import Block, UserFollows

FOLLOWED = "followed_ids_this_request"
BLOCKERS = "blocker_ids_this_request"
BLOCKED = "blocked_ids_this_request"


def followed_ids(user) -> frozenset[int]:
    """The creators `user` follows (approved follows only)."""
    return _kept(user, FOLLOWED, followed_query)


def blocker_ids(user) -> frozenset[int]:
    """The members who blocked `user`."""
    return _kept(user, BLOCKERS, blockers_query)


def blocked_ids(user) -> frozenset[int]:
    """The members `user` blocked."""
    return _kept(user, BLOCKED, blocked_query)


def forget_relations(user) -> None:
    """Read follows and blocks again at the next question, after changing one."""
    for key in (FOLLOWED, BLOCKERS, BLOCKED):
        user.__dict__.pop(key, None)


def followed_query(user) -> QuerySet:
    """The ids of the creators `user` follows, as a subquery."""
    return UserFollows.objects.filter(user=user.pk).values_list("followed", flat=True)


def blockers_query(user) -> QuerySet:
    """The ids of the members who blocked `user`, as a subquery."""
    return Block.objects.filter(blocked=user.pk).values_list("blocker", flat=True)


def blocked_query(user) -> QuerySet:
    """The ids of the members `user` blocked, as a subquery."""
    return Block.objects.filter(blocker=user.pk).values_list("blocked", flat=True)


def _kept(user, key: str, query) -> frozenset[int]:
    if user.pk is None:
        return frozenset()  # the anonymous visitor follows nobody; nobody blocks them
    if key not in user.__dict__:
        user.__dict__[key] = frozenset(query(user))
    return user.__dict__[key]
