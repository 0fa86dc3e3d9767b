"""Fill an empty site with demo members, photographs and posts; then leave it alone.

The demo is made once, when none of its members exists yet: a second run (`make run`
runs this on every start) changes nothing, so what a member changed — a follow, an
unfollow, a bio, a deleted post — stays as they left it.

Demo photos: real photographs shipped by the PyPI package scikit-image
(`skimage/data`, see `blog/management/demo_photos.py`): Eileen Collins and the
Hubble eXtreme Deep Field by NASA (and ESA), the Falcon 9 launch by SpaceX, all
public domain; the coffee by Rachel Michetti, the cameraman by Lav Varshney and
Chelsea the cat by Stefan van der Walt, CC0; Greek coins from Pompeii, Brooklyn
Museum, no known copyright restrictions; brick and gravel from CC0Textures and grass
by linolafett, CC0. The panorama and the portrait are crops of two of them.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from authentication.models import User
from authentication.roles import declared_group
from blog import services
from blog.management.demo_photos import PHOTOS, demo_upload
from blog.models import Blog, BlogContributor, GalleryPhoto, Photo, Visibility
from images.pipeline import process_photo

DEMO_PASSWORD = "demo-fotoblog-2026"
# username: (first name, last name, bio)
CREATORS = {
    "alice": (
        "Alice",
        "Martin",
        "I photograph launches, night skies and the people who go up there.",
    ),
    "bruno": (
        "Bruno",
        "Leroy",
        "Street and café photographer in Lyon. Mostly 35 mm, mostly before noon.",
    ),
    "chloe": (
        "Chloé",
        "Dubois",
        "Textures, cats and small things underfoot. Slow walks with a macro lens.",
    ),
}
SUBSCRIBERS = {
    "sam": ("Sam", "Bernard", "Looking at pictures on the train home."),
    "sophie": ("Sophie", "Petit", "Amateur astronomer, professional cat owner."),
}
MODERATORS = {"mona": ("Mona", "Garnier", "Keeps the place friendly.")}
DEMO_USERNAMES = [*CREATORS, *SUBSCRIBERS, *MODERATORS]
# Who follows whom once the demo is made.
FOLLOWS = {
    "sam": ["alice", "bruno"],
    "sophie": ["alice", "bruno", "chloe"],
    "mona": ["alice", "bruno"],
    "alice": ["bruno", "chloe"],
}


class Command(BaseCommand):
    help = (
        "Create demo creators, subscribers, photos and posts on a site that has "
        "none of them yet; print the demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off (the demo logins share a public password).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a real site, and the demo accounts "
                "have a public password. Use --force to seed anyway."
            )
        if User.objects.filter(username__in=DEMO_USERNAMES).exists():
            self.stdout.write("Demo members exist already: left as they are.")
        else:
            make_demo()
        self.print_logins()

    def print_logins(self) -> None:
        users = User.objects.filter(username__in=DEMO_USERNAMES).order_by("pk")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in as:"))
        for user in users:
            kind = (
                "Moderator" if user.username in MODERATORS else user.get_role_display()
            )
            self.stdout.write(
                f"  {user.username:<8} {kind:<11} password: {DEMO_PASSWORD}"
            )


@transaction.atomic
def make_demo() -> None:
    """Create the demo members, their photos, posts and follows."""
    users = {
        **{
            name: demo_user(name, *details, User.CREATOR)
            for name, details in CREATORS.items()
        },
        **{
            name: demo_user(name, *details, User.SUBSCRIBER)
            for name, details in {**SUBSCRIBERS, **MODERATORS}.items()
        },
    }
    moderators = declared_group("moderators")
    for name in MODERATORS:
        users[name].groups.add(moderators)
    publish_alices(users["alice"])
    publish_brunos(users["bruno"], coauthor=users["alice"])
    publish_chloes(users["chloe"])
    for reader, followed in FOLLOWS.items():
        users[reader].follows.add(*(users[name] for name in followed))


def demo_user(username: str, first: str, last: str, bio: str, role: str) -> User:
    user = User(
        username=username,
        first_name=first,
        last_name=last,
        bio=bio,
        email=f"{username}@example.com",
        role=role,
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def publish_alices(alice: User) -> None:
    """A public album of a launch night, and a starred post with a gallery."""
    rocket, tall, strip, _ = upload_together(
        alice,
        ["rocket", "rocket_tall", "deep_field_strip", "deep_field"],
        visibility=Visibility.PUBLIC,
        hours_ago=30,
    )
    post = post_with_cover(
        alice,
        "astronaut",
        title="Launch night",
        content=(
            "We drove to the coast the day before, to see the pad lit up. The rocket "
            "waits there like a lighthouse, humming.\n\n"
            "The portrait of Eileen Collins hangs in the visitor centre: she piloted "
            "STS-63 and later commanded Columbia. The deep field is what the "
            "telescopes she flew up there see when they look at nothing."
        ),
        visibility=Visibility.PUBLIC,
        hours_ago=20,
    )
    Blog.objects.filter(pk=post.pk).update(starred=True)
    for position, photo in enumerate([rocket, tall, strip]):
        GalleryPhoto.objects.create(blog=post, photo=photo, position=position)


def publish_brunos(bruno: User, *, coauthor: User) -> None:
    """Two photos sent one by one, and a post for members written with alice."""
    for hours_ago, key in [(50, "coins"), (26, "camera")]:
        upload_together(
            bruno, [key], visibility=Visibility.MEMBERS, hours_ago=hours_ago
        )
    post = post_with_cover(
        bruno,
        "coffee",
        title="Espresso at Pikolo",
        content=(
            "Seven in the morning, the first customers, the first cup. Rachel pulls "
            "the shots; the light from the street does the rest.\n\n"
            "Alice came along with a second camera and better shoes."
        ),
        visibility=Visibility.MEMBERS,
        hours_ago=8,
    )
    BlogContributor.objects.create(
        blog=post, contributor=coauthor, contribution="Second photographer"
    )


def publish_chloes(chloe: User) -> None:
    """An album of textures, a post for her followers, and a draft."""
    upload_together(
        chloe, ["brick", "grass"], visibility=Visibility.MEMBERS, hours_ago=12
    )
    post_with_cover(
        chloe,
        "chelsea",
        title="Chelsea at home",
        content=(
            "She sits for exactly one frame, then walks into the lens. This is the "
            "frame."
        ),
        visibility=Visibility.FOLLOWERS,
        hours_ago=4,
    )
    post_with_cover(
        chloe,
        "gravel",
        title="Notes for next winter",
        content="A draft: the list of places to go back to.",
        is_published=False,
        hours_ago=2,
    )


def upload_together(
    uploader: User, keys: list[str], *, visibility: str, hours_ago: int
) -> list[Photo]:
    """Upload the demo photos `keys` at once, sharing one batch when several."""
    photos = services.create_photos(
        uploader=uploader,
        pictures=[
            (process_photo(demo_upload(key)), PHOTOS[key].caption) for key in keys
        ],
        visibility=visibility,
    )
    batch = uuid.uuid4() if len(photos) > 1 else None
    for key, photo in zip(keys, photos, strict=True):
        Photo.objects.filter(pk=photo.pk).update(
            alt=PHOTOS[key].alt, upload_batch=batch, date_created=ago(hours_ago)
        )
    return photos


def post_with_cover(
    author: User, key: str, *, title: str, content: str, hours_ago: int, **options
) -> Blog:
    """Write a post illustrated by demo photo `key`, dated `hours_ago`."""
    post = services.create_blog_with_photo(
        author=author,
        title=title,
        content=content,
        image=process_photo(demo_upload(key)),
        caption=PHOTOS[key].caption,
        **options,
    )
    Photo.objects.filter(pk=post.photo_id).update(
        alt=PHOTOS[key].alt, date_created=ago(hours_ago)
    )
    dates = {"date_created": ago(hours_ago)}
    if post.is_published:
        dates["date_published"] = ago(hours_ago)
    Blog.objects.filter(pk=post.pk).update(**dates)
    return post


def ago(hours: int):
    return timezone.now() - timedelta(hours=hours)
