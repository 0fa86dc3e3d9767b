"""authentication.follow_user agrees with its QuerySet twin, on random users.

For every actor (generated users, re-read from the database, and the anonymous
visitor) and every generated user, the rule must answer exactly as
`User.objects.followable_by(actor).filter(pk=user.pk).exists()`.
"""

from collections import Counter
from dataclasses import dataclass

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authentication.models import User

pytestmark = pytest.mark.django_db
RULE = "authentication.follow_user"


@dataclass(frozen=True)
class UserSpec:
    role: str = User.CREATOR
    is_active: bool = True
    is_superuser: bool = False


# Rare values come last: hypothesis shrinks towards the first one.
user_specs = st.builds(
    UserSpec,
    role=st.sampled_from((User.CREATOR, User.SUBSCRIBER)),
    is_active=st.sampled_from((True, True, False)),
    is_superuser=st.sampled_from((False, False, True)),
)


def check_parity(specs: list[UserSpec]) -> Counter:
    """Assert the rule equals its twin for every pair; count the answers."""
    for index, spec in enumerate(specs):
        user = User(username=f"user{index}", **spec.__dict__)
        user.set_unusable_password()
        user.save()
    users = list(User.objects.order_by("pk"))
    answers = Counter()
    for actor in [*users, AnonymousUser()]:
        for user in users:
            rule = rules.test_rule(RULE, actor, user)
            listed = User.objects.followable_by(actor).filter(pk=user.pk).exists()
            assert rule == listed, (
                f"{RULE} for {actor} on {user}: "
                f"rule says {rule}, QuerySet twin says {listed}"
            )
            answers[rule] += 1
    return answers


def test_the_follow_rule_agrees_with_its_queryset_twin_on_random_users():
    checked = Counter()

    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(st.lists(user_specs, min_size=1, max_size=5))
    def rule_equals_twin(specs: list[UserSpec]) -> None:
        # A savepoint per example: each one starts from the migrated database.
        with transaction.atomic():
            checked.update(check_parity(specs))
            transaction.set_rollback(True)

    rule_equals_twin()
    assert checked[True] and checked[False]


def test_a_superuser_may_follow_only_whom_anybody_may():
    """Unlike a permission, the rule gives a superuser no pass: the model refuses
    a follow of a subscriber or of oneself whoever asks."""
    specs = [
        UserSpec(User.SUBSCRIBER, is_superuser=True),
        UserSpec(User.CREATOR, is_superuser=True),
        UserSpec(User.CREATOR),
        UserSpec(User.CREATOR, is_active=False),
        UserSpec(User.SUBSCRIBER),
    ]
    answers = check_parity(specs)
    # The active users 0, 1, 2 and 4 may follow the active creators 1 and 2.
    assert answers == {True: 2 + 1 + 1 + 2, False: 6 * 5 - 6}
