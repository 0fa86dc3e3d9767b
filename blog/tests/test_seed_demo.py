"""seed_demo: fills an empty site with demo members and posts, once."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from authentication.models import User
from blog.management.commands.seed_demo import DEMO_PASSWORD
from blog.models import Blog, BlogContributor, Photo
from images.storage import rendition_name
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "photos": Photo.objects.count(),
        "blogs": Blog.objects.count(),
        "contributions": BlogContributor.objects.count(),
        "files": len(stored_files()),
    }


def test_it_creates_the_demo_data_once_when_run_twice():
    seed()
    first = counts()
    seed()

    assert first == {
        "users": 6,
        "photos": 16,
        "blogs": 4,
        "contributions": 5,
        # Each 1200-px demo picture is stored with its 400- and 800-px renditions.
        "files": 48,
    }
    assert counts() == first
    assert stored_files() == sorted(
        name
        for photo in Photo.objects.all()
        for name in [
            photo.image.name,
            *(rendition_name(photo.image.name, w) for w in photo.rendition_widths),
        ]
    )
    assert {tuple(photo.rendition_widths) for photo in Photo.objects.all()} == {
        (400, 800)
    }


def test_it_prints_the_logins_each_time():
    for output in (seed(), seed()):
        assert "Demo data ready. Log in as:" in output
        for username in ("alice", "bruno", "chloe", "sam", "sophie", "mona"):
            assert f"  {username} " in output
        assert f"password: {DEMO_PASSWORD}" in output


def test_it_gives_the_printed_password_to_every_demo_user():
    seed()
    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.all())


def test_it_puts_demo_creators_in_creators_and_subscribers_in_subscribers():
    seed()
    groups = {
        user.username: set(user.groups.values_list("name", flat=True))
        for user in User.objects.all()
    }
    assert groups == {
        "alice": {"creators"},
        "bruno": {"creators"},
        "chloe": {"creators"},
        "sam": {"subscribers"},
        "sophie": {"subscribers"},
        "mona": {"subscribers", "moderators"},
    }
    assert User.objects.get(username="alice").has_perm("blog.add_photo")


def test_it_gives_the_demo_subscribers_a_feed(client):
    seed()
    client.force_login(User.objects.get(username="sam"))
    response = client.get("/")
    assert response.status_code == 200
    assert "Mountains at dawn" in response.text
    assert "City lights" in response.text


def test_it_prints_the_demo_moderator_as_a_moderator():
    output = seed()
    assert "  mona     Moderator   password:" in output
    assert User.objects.get(username="mona").has_perm("blog.moderate_blog")


def test_it_keeps_one_draft_that_only_its_owner_sees(client):
    seed()
    draft = Blog.objects.get(is_published=False)
    assert (draft.title, draft.owner.username) == ("Notes for next winter", "chloe")
    client.force_login(User.objects.get(username="chloe"))
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.force_login(User.objects.get(username="sam"))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_it_refuses_a_site_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="public password"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_it_shows_alices_post_to_visitors_and_chloes_to_her_followers_only():
    seed()
    visitor = AnonymousUser()
    alice, sam = User.objects.get(username="alice"), User.objects.get(username="sam")
    mountains = Blog.objects.get(title="Mountains at dawn")
    sea = Blog.objects.get(title="Sea and salt")

    assert visitor.has_perm("blog.view_blog", mountains)
    assert not visitor.has_perm("blog.view_blog", Blog.objects.get(title="City lights"))
    assert alice.has_perm("blog.view_blog", sea)  # alice follows chloe
    assert not sam.has_perm("blog.view_blog", sea)
