"""Who may follow whom: the rule behind every Follow button.

A rule, not a permission: Django lets an active superuser pass every permission,
but nobody, however privileged, may follow a subscriber or themselves.
"""

import rules

from .models import User


@rules.predicate
def is_followable_by(user, creator) -> bool:
    """`creator` is an active creator other than the user."""
    return (
        creator is not None
        and creator.is_active
        and creator.role == User.CREATOR
        and creator.pk != user.pk
    )


rules.add_rule("authentication.follow_user", rules.is_active & is_followable_by)
