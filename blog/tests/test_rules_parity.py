"""Each per-object rule in blog/rules.py agrees with its QuerySet twin, on random data.

For every actor (generated users, re-read from the database, and the anonymous
visitor), every rule and every generated blog or photo, `user.has_perm(perm, obj)`
must equal `twin(user).filter(pk=obj.pk).exists()`.
"""

from collections import Counter
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authentication.models import User
from blog.models import Blog, BlogContributor, Photo

pytestmark = pytest.mark.django_db

BLOG_TWINS = {
    "blog.view_blog": Blog.objects.visible_to,
    "blog.change_blog": Blog.objects.editable_by,
    "blog.change_blog_title": Blog.objects.title_editable_by,
    "blog.manage_blog": Blog.objects.managed_by,
    "blog.delete_blog": Blog.objects.deletable_by,
}
PHOTO_TWINS = {
    "blog.view_photo": Photo.objects.visible_to,
    "blog.change_photo": Photo.objects.editable_by,
    "blog.delete_photo": Photo.objects.deletable_by,
}
DIRECT_GRANTS = (
    "blog.change_blog_title",
    "blog.moderate_blog",
    "blog.change_blog",
    "blog.view_blog",
    "blog.delete_blog",
    "blog.moderate_photo",
    "blog.delete_photo",
)
MIN_TRIPLES = 500


@dataclass(frozen=True)
class UserSpec:
    role: str = User.CREATOR
    is_active: bool = True
    is_superuser: bool = False
    is_moderator: bool = False
    grants: frozenset[str] = frozenset()


@dataclass(frozen=True)
class BlogSpec:
    owner: int  # index into the scenario's users
    coauthors: frozenset[int] = frozenset()
    owner_has_row: bool = True  # the app always adds one; the rules must not need it
    is_published: bool = True
    is_hidden: bool = False
    starred: bool = False
    photo: int | None = None  # index into the scenario's photos


@dataclass(frozen=True)
class PhotoSpec:
    uploader: int
    is_hidden: bool = False
    shown_alone: bool = True  # posted on its own, not uploaded with a post
    status: str = Photo.Status.READY  # or waiting for a worker, or failed


@dataclass(frozen=True)
class Scenario:
    users: tuple[UserSpec, ...]
    blogs: tuple[BlogSpec, ...]
    photos: tuple[PhotoSpec, ...]


# Rare values come last: hypothesis shrinks towards the first one.
mostly_false = st.sampled_from((False, False, False, True))
mostly_true = st.sampled_from((True, True, True, False))

user_specs = st.builds(
    UserSpec,
    role=st.sampled_from((User.CREATOR, User.SUBSCRIBER)),
    is_active=mostly_true,
    is_superuser=mostly_false,
    is_moderator=mostly_false,
    grants=st.frozensets(st.sampled_from(DIRECT_GRANTS), max_size=3),
)


@st.composite
def scenarios(draw) -> Scenario:
    users = draw(st.lists(user_specs, min_size=2, max_size=5))
    someone = st.integers(0, len(users) - 1)
    photos = draw(
        st.lists(
            st.builds(
                PhotoSpec,
                uploader=someone,
                is_hidden=st.booleans(),
                shown_alone=st.booleans(),
                status=st.sampled_from(Photo.Status),
            ),
            min_size=1,
            max_size=3,
        )
    )
    # Photos in no post, in one, or shared by several.
    a_photo = st.none() | st.integers(0, len(photos) - 1)
    blogs = draw(
        st.lists(
            st.builds(
                BlogSpec,
                owner=someone,
                coauthors=st.frozensets(someone),
                owner_has_row=mostly_true,
                is_published=st.booleans(),
                is_hidden=st.booleans(),
                starred=st.booleans(),
                photo=a_photo,
            ),
            min_size=1,
            max_size=4,
        )
    )
    return Scenario(tuple(users), tuple(blogs), tuple(photos))


def build(scenario: Scenario) -> tuple[list[int], list[int], list[int]]:
    """Write the scenario to the database; return the ids of users, blogs, photos."""
    moderators = Group.objects.get(name="moderators")
    permissions = {
        f"blog.{permission.codename}": permission
        for permission in Permission.objects.filter(content_type__app_label="blog")
    }
    users = []
    for index, spec in enumerate(scenario.users):
        user = User(
            username=f"user{index}",
            role=spec.role,
            is_active=spec.is_active,
            is_superuser=spec.is_superuser,
        )
        user.set_unusable_password()
        user.save()  # joins the group of its role
        if spec.is_moderator:
            user.groups.add(moderators)
        user.user_permissions.add(*(permissions[name] for name in spec.grants))
        users.append(user)
    photos = [
        Photo.objects.create(
            uploader=users[spec.uploader],
            image=f"photos/generated-{index}.jpg",
            width=64,
            height=48,
            is_hidden=spec.is_hidden,
            shown_alone=spec.shown_alone,
            status=spec.status,
        )
        for index, spec in enumerate(scenario.photos)
    ]
    blogs = []
    for index, spec in enumerate(scenario.blogs):
        blog = Blog.objects.create(
            owner=users[spec.owner],
            title=f"Blog {index}",
            content="Words about light.",
            is_published=spec.is_published,
            is_hidden=spec.is_hidden,
            starred=spec.starred,
            photo=None if spec.photo is None else photos[spec.photo],
        )
        authors = set(spec.coauthors) - {spec.owner}
        if spec.owner_has_row:
            authors.add(spec.owner)
        BlogContributor.objects.bulk_create(
            BlogContributor(blog=blog, contributor=users[author])
            for author in sorted(authors)
        )
        blogs.append(blog)
    return [u.pk for u in users], [b.pk for b in blogs], [p.pk for p in photos]


def check_parity(scenario: Scenario) -> Counter:
    """Assert every rule equals its twin; count the outcomes per (rule, answer)."""
    user_ids, blog_ids, photo_ids = build(scenario)
    # Fresh instances: no permission cache, no contributor rows cached on a blog.
    actors = [*User.objects.filter(pk__in=user_ids).order_by("pk"), AnonymousUser()]
    blogs = list(Blog.objects.filter(pk__in=blog_ids).order_by("pk"))
    photos = list(Photo.objects.filter(pk__in=photo_ids).order_by("pk"))
    outcomes = Counter()
    for actor in actors:
        for twins, objects in ((BLOG_TWINS, blogs), (PHOTO_TWINS, photos)):
            for perm, twin in twins.items():
                for obj in objects:
                    rule = actor.has_perm(perm, obj)
                    listed = twin(actor).filter(pk=obj.pk).exists()
                    assert rule == listed, (
                        f"{perm} for {actor} on {obj!r}: "
                        f"rule says {rule}, QuerySet twin says {listed}"
                    )
                    outcomes[perm, rule] += 1
    return outcomes


def test_every_rule_agrees_with_its_queryset_twin_on_random_data():
    checked = Counter()

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(scenarios())
    def rule_equals_twin(scenario: Scenario) -> None:
        # A savepoint per example: each one starts from the migrated database.
        with transaction.atomic():
            checked.update(check_parity(scenario))
            transaction.set_rollback(True)

    rule_equals_twin()
    assert checked.total() >= MIN_TRIPLES


def test_a_fixed_scenario_makes_every_rule_answer_both_yes_and_no():
    """The random test cannot pass vacuously: each rule both grants and refuses."""
    owner, coauthor, title_editor = range(3)
    standalone, in_a_draft, in_a_hidden_post, shared, hidden, detached = range(6)
    scenario = Scenario(
        users=(
            UserSpec(User.CREATOR),
            UserSpec(User.CREATOR),
            UserSpec(User.CREATOR, grants=frozenset({"blog.change_blog_title"})),
            UserSpec(User.SUBSCRIBER),
            UserSpec(User.SUBSCRIBER, is_moderator=True),
            UserSpec(User.CREATOR, is_active=False),
            UserSpec(User.SUBSCRIBER, is_superuser=True),
        ),
        blogs=(
            BlogSpec(owner, coauthors=frozenset({coauthor}), photo=shared),
            BlogSpec(
                owner,
                coauthors=frozenset({coauthor}),
                is_published=False,
                photo=in_a_draft,
            ),
            BlogSpec(coauthor, is_hidden=True, photo=in_a_hidden_post),
            BlogSpec(
                title_editor, owner_has_row=False, is_published=False, photo=shared
            ),
        ),
        photos=(
            PhotoSpec(owner),
            PhotoSpec(owner, shown_alone=False),
            PhotoSpec(coauthor, shown_alone=False),
            PhotoSpec(owner, shown_alone=False),
            PhotoSpec(coauthor, is_hidden=True),
            PhotoSpec(owner, shown_alone=False),  # its post was deleted
            PhotoSpec(coauthor, status=Photo.Status.PROCESSING),
        ),
    )
    outcomes = check_parity(scenario)
    for perm in (*BLOG_TWINS, *PHOTO_TWINS):
        assert outcomes[perm, True] and outcomes[perm, False], perm
    assert outcomes.total() == (7 + 1) * (4 * len(BLOG_TWINS) + 7 * len(PHOTO_TWINS))
