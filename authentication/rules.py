"""Who may follow, block or write with whom: the rules behind those buttons.

Rules, not permissions: Django lets an active superuser pass every permission, but
nobody, however privileged, may follow a subscriber or themselves, nor follow or
invite someone they blocked or who blocked them. Each rule has its QuerySet twin in
authentication/models.py, and authentication/tests/test_follow_rule_parity.py proves
each pair agrees.
"""

import rules

from .models import User
from .relations import blocked_ids, blocker_ids


@rules.predicate
def is_followable_by(user, creator) -> bool:
    """`creator` is an active creator other than the user."""
    return (
        creator is not None
        and creator.is_active
        and creator.role == User.CREATOR
        and creator.pk != user.pk
    )


@rules.predicate
def is_someone_else(user, other) -> bool:
    return other is not None and other.pk != user.pk


@rules.predicate
def is_blocked_either_way(user, other) -> bool:
    """One of the two blocked the other."""
    return other is not None and (
        other.pk in blocker_ids(user) or other.pk in blocked_ids(user)
    )


@rules.predicate
def is_active_creator(user, other) -> bool:
    return other is not None and other.is_active and other.role == User.CREATOR


rules.add_rule(
    "authentication.follow_user",
    rules.is_active & is_followable_by & ~is_blocked_either_way,
)
# Anyone may block anyone else, active or not; unblocking is always possible.
rules.add_rule("authentication.block_user", rules.is_active & is_someone_else)
# Whom the user may ask to co-write their post.
rules.add_rule(
    "authentication.invite_coauthor",
    rules.is_active & is_active_creator & is_someone_else & ~is_blocked_either_way,
)
