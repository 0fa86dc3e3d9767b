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
        "photos": 12,
        "blogs": 4,
        "contributions": 5,
        # Each photograph, with a 400-px rendition when wider (all but two), and
        # an 800-px one (the Deep Field and its strip, 1000 px wide).
        "files": 24,
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


def test_it_uploads_real_photographs_of_many_shapes_with_their_own_words():
    seed()
    photos = Photo.objects.all()
    shapes = {round(photo.width / photo.height, 2) for photo in photos}

    assert {3.0, 0.67, 1.0, 1.5} <= shapes  # a panorama, a portrait, square, 3:2
    assert len({photo.caption for photo in photos}) == photos.count()
    assert len({photo.alt for photo in photos}) == photos.count()
    assert all(photo.is_ready for photo in photos)


def test_it_makes_an_album_and_a_post_with_a_gallery():
    seed()
    launch = Blog.objects.get(title="Launch night")
    album = Photo.objects.filter(uploader__username="chloe", upload_batch__isnull=False)

    assert launch.photo.caption.startswith("Eileen Collins")
    assert [
        p.caption.split(":")[0] for p in launch.gallery.order_by("galleryphoto")
    ] == [
        "Falcon 9 with DSCOVR on the pad at Cape Canaveral, the evening before launch.",
        "The same rocket, framed tall",
        "A strip of the Hubble eXtreme Deep Field",
    ]
    assert album.count() == 2
    assert len({photo.upload_batch for photo in album}) == 1


def test_it_gives_every_demo_member_a_full_name_and_a_bio():
    seed()
    for user in User.objects.all():
        assert user.get_full_name().count(" ") == 1
        assert user.bio


def test_a_second_run_leaves_what_members_changed_as_they_left_it(client):
    seed()
    sam, alice = User.objects.get(username="sam"), User.objects.get(username="alice")
    sam.follows.remove(alice)
    sam.follows.add(User.objects.get(username="chloe"))
    User.objects.filter(username="bruno").update(bio="New bio.", first_name="Bru")
    Blog.objects.get(title="Espresso at Pikolo").delete()
    Photo.objects.filter(caption__startswith="Gravel").delete()
    User.objects.get(username="sophie").delete()
    before = counts()

    seed()

    assert counts() == before
    assert set(sam.follows.values_list("username", flat=True)) == {"bruno", "chloe"}
    bruno = User.objects.get(username="bruno")
    assert (bruno.bio, bruno.first_name) == ("New bio.", "Bru")
    assert not Blog.objects.filter(title="Espresso at Pikolo").exists()
    assert not User.objects.filter(username="sophie").exists()


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
    assert "Launch night" in response.text
    assert "Espresso at Pikolo" in response.text


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
    launch = Blog.objects.get(title="Launch night")
    chelsea = Blog.objects.get(title="Chelsea at home")
    espresso = Blog.objects.get(title="Espresso at Pikolo")

    assert visitor.has_perm("blog.view_blog", launch)
    assert not visitor.has_perm("blog.view_blog", espresso)
    assert alice.has_perm("blog.view_blog", chelsea)  # alice follows chloe
    assert not sam.has_perm("blog.view_blog", chelsea)
