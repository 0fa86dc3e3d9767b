"""Each per-object rule in blog/rules.py agrees with its QuerySet twin, on random data.

For every actor (generated users, re-read from the database, and the anonymous
visitor), every rule and every generated blog or photo, `user.has_perm(perm, obj)`
must equal `twin(user).filter(pk=obj.pk).exists()`. Scenarios hold every visibility,
follows, blocks and share links, with public posting on or off.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

import pytest
import rules
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authentication.models import Block, User
from blog.models import (
    Blog,
    BlogContributor,
    GalleryPhoto,
    Photo,
    ShareLink,
    Visibility,
)

pytestmark = pytest.mark.django_db

BLOG_TWINS = {
    "blog.view_blog": Blog.objects.visible_to,
    "blog.change_blog": Blog.objects.editable_by,
    "blog.change_blog_title": Blog.objects.title_editable_by,
    "blog.manage_blog": Blog.objects.managed_by,
    "blog.delete_blog": Blog.objects.deletable_by,
    "blog.star_blog": Blog.objects.moderated_by,
    "blog.hide_blog": Blog.objects.moderated_by,
}
PHOTO_TWINS = {
    "blog.view_photo": Photo.objects.visible_to,
    "blog.change_photo": Photo.objects.editable_by,
    "blog.delete_photo": Photo.objects.deletable_by,
    "blog.hide_photo": Photo.objects.hideable_by,
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
    visibility: str = Visibility.MEMBERS
    gallery: tuple[int, ...] = ()  # indexes into the scenario's photos, in order


@dataclass(frozen=True)
class PhotoSpec:
    uploader: int
    is_hidden: bool = False
    shown_alone: bool = True  # posted on its own, not uploaded with a post
    status: str = Photo.Status.READY  # or waiting for a worker, or failed
    visibility: str = Visibility.MEMBERS


@dataclass(frozen=True)
class LinkSpec:
    blog: int  # index into the scenario's blogs
    revoked: bool = False
    expires_in_days: int | None = None  # negative: expired


@dataclass(frozen=True)
class Scenario:
    users: tuple[UserSpec, ...]
    blogs: tuple[BlogSpec, ...]
    photos: tuple[PhotoSpec, ...]
    follows: frozenset[tuple[int, int]] = frozenset()  # (follower, followed)
    blocks: frozenset[tuple[int, int]] = frozenset()  # (blocker, blocked)
    links: tuple[LinkSpec, ...] = ()
    public_posting: bool = True


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
                visibility=st.sampled_from(Visibility),
            ),
            min_size=1,
            max_size=3,
        )
    )
    # Photos in no post, in one, or shared by several; as cover, in a gallery, both.
    a_photo = st.none() | st.integers(0, len(photos) - 1)
    a_gallery = st.lists(st.integers(0, len(photos) - 1), unique=True, max_size=3).map(
        tuple
    )
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
                visibility=st.sampled_from(Visibility),
                gallery=a_gallery,
            ),
            min_size=1,
            max_size=4,
        )
    )
    pairs = st.frozensets(
        st.tuples(someone, someone).filter(lambda pair: pair[0] != pair[1]),
        max_size=4,
    )
    links = st.lists(
        st.builds(
            LinkSpec,
            blog=st.integers(0, len(blogs) - 1),
            revoked=mostly_false,
            expires_in_days=st.none() | st.sampled_from((-1, 1)),
        ),
        max_size=2,
    )
    return Scenario(
        tuple(users),
        tuple(blogs),
        tuple(photos),
        follows=draw(pairs),
        blocks=draw(pairs),
        links=tuple(draw(links)),
        public_posting=draw(mostly_true),
    )


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
            visibility=spec.visibility,
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
            visibility=spec.visibility,
        )
        authors = set(spec.coauthors) - {spec.owner}
        if spec.owner_has_row:
            authors.add(spec.owner)
        BlogContributor.objects.bulk_create(
            BlogContributor(blog=blog, contributor=users[author])
            for author in sorted(authors)
        )
        GalleryPhoto.objects.bulk_create(
            GalleryPhoto(blog=blog, photo=photos[photo], position=position)
            for position, photo in enumerate(spec.gallery)
        )
        blogs.append(blog)
    # Rows, not the follow service: the rules read follows of whoever may follow.
    for follower, followed in sorted(scenario.follows):
        User.follows.through.objects.bulk_create(
            [User.follows.through(user=users[follower], followed=users[followed])]
        )
    Block.objects.bulk_create(
        Block(blocker=users[blocker], blocked=users[blocked])
        for blocker, blocked in sorted(scenario.blocks)
    )
    now = timezone.now()
    for index, spec in enumerate(scenario.links):
        ShareLink.objects.create(
            blog=blogs[spec.blog],
            recipient=f"friend {index}",
            token_hash=f"{index:064x}",
            created_by=blogs[spec.blog].owner,
            revoked_at=now if spec.revoked else None,
            expires_at=(
                None
                if spec.expires_in_days is None
                else now + timedelta(days=spec.expires_in_days)
            ),
        )
    return [u.pk for u in users], [b.pk for b in blogs], [p.pk for p in photos]


def check_parity(scenario: Scenario) -> Counter:
    """Assert every rule equals its twin; count the outcomes per (rule, answer)."""
    with override_settings(FOTOBLOG_PUBLIC_POSTING=scenario.public_posting):
        return _check_parity(scenario)


def _check_parity(scenario: Scenario) -> Counter:
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
    usable = set(ShareLink.objects.usable().values_list("pk", flat=True))
    for link in ShareLink.objects.select_related("blog"):
        opens = rules.test_rule("blog.open_share_link", AnonymousUser(), link)
        assert opens == (link.pk in usable), f"blog.open_share_link on {link!r}"
        outcomes["blog.open_share_link", opens] += 1
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
    owner, coauthor, title_editor, follower, moderator, blocked = range(6)
    standalone, in_a_draft, in_a_hidden_post, shared, hidden, detached = range(6)
    public_post, followers_post = 4, 5
    scenario = Scenario(
        users=(
            UserSpec(User.CREATOR),
            UserSpec(User.CREATOR),
            UserSpec(User.CREATOR, grants=frozenset({"blog.change_blog_title"})),
            UserSpec(User.SUBSCRIBER),
            UserSpec(User.SUBSCRIBER, is_moderator=True),
            UserSpec(User.SUBSCRIBER),
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
            BlogSpec(owner, visibility=Visibility.PUBLIC, photo=detached + 1),
            BlogSpec(owner, visibility=Visibility.FOLLOWERS, photo=detached + 2),
            BlogSpec(coauthor, visibility=Visibility.PRIVATE),
        ),
        photos=(
            PhotoSpec(owner),
            PhotoSpec(owner, shown_alone=False),
            PhotoSpec(coauthor, shown_alone=False),
            PhotoSpec(owner, shown_alone=False),
            PhotoSpec(coauthor, is_hidden=True),
            PhotoSpec(owner, shown_alone=False),  # its post was deleted
            PhotoSpec(owner, shown_alone=False),  # in the public post
            PhotoSpec(owner, shown_alone=False),  # in the followers' post
            PhotoSpec(coauthor, status=Photo.Status.PROCESSING),
            PhotoSpec(owner, visibility=Visibility.PUBLIC),
            PhotoSpec(owner, visibility=Visibility.FOLLOWERS),
            PhotoSpec(coauthor, visibility=Visibility.PRIVATE),
        ),
        follows=frozenset({(follower, owner), (blocked, coauthor)}),
        blocks=frozenset({(owner, blocked)}),
        links=(
            LinkSpec(public_post),
            LinkSpec(followers_post, revoked=True),
            LinkSpec(followers_post, expires_in_days=-1),
            LinkSpec(1),  # a draft's
        ),
    )
    outcomes = check_parity(scenario)
    for perm in (*BLOG_TWINS, *PHOTO_TWINS, "blog.open_share_link"):
        assert outcomes[perm, True] and outcomes[perm, False], perm
    assert outcomes.total() == 4 + (8 + 1) * (
        7 * len(BLOG_TWINS) + 12 * len(PHOTO_TWINS)
    )


@pytest.mark.parametrize(
    ("visibility", "who_sees"),
    [
        (Visibility.PUBLIC, {"author", "follower", "member", "visitor"}),
        (Visibility.MEMBERS, {"author", "follower", "member"}),
        (Visibility.FOLLOWERS, {"author", "follower"}),
        (Visibility.PRIVATE, {"author"}),
    ],
)
def test_each_visibility_admits_its_audience_and_nobody_else(visibility, who_sees):
    author, follower, member, blocked = range(4)
    scenario = Scenario(
        users=(
            UserSpec(User.CREATOR),
            UserSpec(User.SUBSCRIBER),
            UserSpec(User.SUBSCRIBER),
            UserSpec(User.SUBSCRIBER),
            UserSpec(User.SUBSCRIBER, is_moderator=True),
        ),
        blogs=(BlogSpec(author, visibility=visibility, photo=0),),
        photos=(
            PhotoSpec(author, shown_alone=False),
            PhotoSpec(author, visibility=visibility),
        ),
        follows=frozenset({(follower, author), (blocked, author)}),
        blocks=frozenset({(author, blocked)}),
    )
    user_ids, _, _ = build(scenario)
    names = dict(
        zip(
            ("author", "follower", "member", "blocked", "moderator"),
            user_ids,
            strict=True,
        )
    )
    actors = {name: User.objects.get(pk=pk) for name, pk in names.items()}
    actors["visitor"] = AnonymousUser()
    blog = Blog.objects.get()
    for name, actor in actors.items():
        may_see = name in who_sees or (name == "moderator" and "member" in who_sees)
        assert actor.has_perm("blog.view_blog", blog) == may_see, name
        for photo in Photo.objects.all():
            assert actor.has_perm("blog.view_photo", photo) == may_see, (name, photo)
