"""The rules between members agree with their QuerySet twins, on random users.

For every actor (generated users, re-read from the database, and the anonymous
visitor), every generated user and each rule — follow, block, invite as a
co-author — the rule must answer exactly as its twin, e.g.
`User.objects.followable_by(actor).filter(pk=user.pk).exists()`. Generated users
block one another.
"""

from collections import Counter
from dataclasses import dataclass

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authentication.models import Block, User

pytestmark = pytest.mark.django_db
TWINS = {
    "authentication.follow_user": User.objects.followable_by,
    "authentication.block_user": User.objects.blockable_by,
    "authentication.invite_coauthor": User.objects.coauthors_for,
}


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


def check_parity(
    specs: list[UserSpec],
    blocks: frozenset[tuple[int, int]] = frozenset(),
    twins: dict = TWINS,
) -> Counter:
    """Assert each rule equals its twin for every pair; count the answers."""
    for index, spec in enumerate(specs):
        user = User(username=f"user{index}", **spec.__dict__)
        user.set_unusable_password()
        user.save()
    users = list(User.objects.order_by("pk"))
    Block.objects.bulk_create(
        Block(blocker=users[blocker], blocked=users[blocked])
        for blocker, blocked in sorted(blocks)
        if blocker != blocked and max(blocker, blocked) < len(users)
    )
    answers = Counter()
    for actor in [*users, AnonymousUser()]:
        for user in users:
            for name, twin in twins.items():
                rule = rules.test_rule(name, actor, user)
                listed = twin(actor).filter(pk=user.pk).exists()
                assert rule == listed, (
                    f"{name} for {actor} on {user}: "
                    f"rule says {rule}, QuerySet twin says {listed}"
                )
                answers[name, rule] += 1
    return answers


def test_the_follow_rule_agrees_with_its_queryset_twin_on_random_users():
    checked = Counter()

    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(
        st.lists(user_specs, min_size=1, max_size=5),
        st.frozensets(st.tuples(st.integers(0, 4), st.integers(0, 4)), max_size=3),
    )
    def rule_equals_twin(specs: list[UserSpec], blocks) -> None:
        # A savepoint per example: each one starts from the migrated database.
        with transaction.atomic():
            checked.update(check_parity(specs, blocks))
            transaction.set_rollback(True)

    rule_equals_twin()
    for name in TWINS:
        assert checked[name, True] and checked[name, False], name


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
    answers = check_parity(
        specs, twins={"authentication.follow_user": User.objects.followable_by}
    )
    # The active users 0, 1, 2 and 4 may follow the active creators 1 and 2.
    follow = "authentication.follow_user"
    assert answers == {(follow, True): 2 + 1 + 1 + 2, (follow, False): 6 * 5 - 6}


def test_nobody_follows_or_invites_across_a_block_either_way():
    alice, bob, chloe = range(3)
    answers = check_parity(
        [UserSpec(), UserSpec(), UserSpec()], blocks=frozenset({(alice, bob)})
    )
    users = list(User.objects.order_by("pk"))
    for name in ("authentication.follow_user", "authentication.invite_coauthor"):
        assert not rules.test_rule(name, users[alice], users[bob])
        assert not rules.test_rule(name, users[bob], users[alice])
        assert rules.test_rule(name, users[chloe], users[alice])
    assert rules.test_rule("authentication.block_user", users[bob], users[alice])
    assert answers["authentication.block_user", True] == 3 * 2
