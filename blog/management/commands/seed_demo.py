"""Fill a site with demo creators, subscribers, photos and blogs; safe to run twice."""

import io
import random

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from PIL import Image, ImageDraw

from authentication.models import User
from blog import services
from blog.models import BlogContributor, Visibility
from images.pipeline import process_photo

DEMO_PASSWORD = "demo-fotoblog-2026"
CREATORS = {
    "alice": ("Alice", "Martin", "Mountains at dawn", "Sunrise over the ridge."),
    "bruno": ("Bruno", "Leroy", "City lights", "A night walk through the old town."),
    "chloe": ("Chloé", "Dubois", "Sea and salt", "Three days on the Atlantic coast."),
}
SUBSCRIBERS = {"sam": ("Sam", "Bernard"), "sophie": ("Sophie", "Petit")}
MODERATORS = {"mona": ("Mona", "Garnier")}
PHOTOS_PER_CREATOR = 4
LOREM = (
    "Light changes everything. We left before dawn, carried too much, and still "
    "forgot the thermos. The first frames were blurry, the next ones were not. "
)


AUDIENCES = (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.FOLLOWERS)


def demo_image(seed: int) -> SimpleUploadedFile:
    """Return a generated landscape-like JPEG, the same for the same seed."""
    rng = random.Random(seed)
    width, height = 1200, 800
    top = tuple(rng.randrange(40, 200) for _ in range(3))
    bottom = tuple(rng.randrange(100, 256) for _ in range(3))
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(
                round(t + (b - t) * mix) for t, b in zip(top, bottom, strict=True)
            ),
        )
    for _ in range(3):
        x, y, r = (
            rng.randrange(width),
            rng.randrange(height // 2),
            rng.randrange(40, 160),
        )
        draw.ellipse(
            [x - r, y - r, x + r, y + r],
            fill=tuple(rng.randrange(256) for _ in range(3)),
        )
    peaks = (
        [(0, height)]
        + [
            (x, rng.randrange(height // 2, height - 80))
            for x in range(0, width + 1, 150)
        ]
        + [(width, height)]
    )
    draw.polygon(peaks, fill=tuple(rng.randrange(0, 90) for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return SimpleUploadedFile(f"demo-{seed}.jpg", buffer.getvalue(), "image/jpeg")


class Command(BaseCommand):
    help = "Create demo creators, subscribers, photos and blogs (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off (the demo logins share a public password).",
        )

    @transaction.atomic
    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a real site, and the demo accounts "
                "have a public password. Use --force to seed anyway."
            )
        creators = [
            self.demo_user(username, first, last, User.CREATOR)
            for username, (first, last, *_) in CREATORS.items()
        ]
        subscribers = [
            self.demo_user(username, first, last, User.SUBSCRIBER)
            for username, (first, last) in SUBSCRIBERS.items()
        ]
        moderators = [
            self.demo_user(username, first, last, User.SUBSCRIBER)
            for username, (first, last) in MODERATORS.items()
        ]
        for moderator in moderators:
            moderator.groups.add(Group.objects.get(name="moderators"))
        for number, creator in enumerate(creators):
            if not creator.photos.exists():
                self.publish(creator, number)
        alice, bruno, chloe = creators
        for reader in subscribers + moderators:
            reader.follows.add(alice, bruno)
        alice.follows.add(bruno, chloe)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in as:"))
        for user in creators + subscribers + moderators:
            kind = "Moderator" if user in moderators else user.get_role_display()
            self.stdout.write(
                f"  {user.username:<8} {kind:<11} password: {DEMO_PASSWORD}"
            )

    def demo_user(self, username: str, first: str, last: str, role: str) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.com",
                "role": role,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    def publish(self, creator: User, number: int) -> None:
        _, _, title, caption = CREATORS[creator.username]
        seed = number * 100
        services.create_photos(
            uploader=creator,
            pictures=[
                (process_photo(demo_image(seed + i)), caption)
                for i in range(PHOTOS_PER_CREATOR)
            ],
        )
        blog = services.create_blog_with_photo(
            author=creator,
            title=title,
            content=(LOREM * 4).strip(),
            image=process_photo(demo_image(seed + 50)),
            caption=caption,
            # One of each audience: alice's is public, chloe's for her followers.
            visibility=AUDIENCES[number],
        )
        if number == 0:
            blog.starred = True
            blog.save(update_fields=["starred"])
        if number == 1:
            alice = User.objects.get(username="alice")
            BlogContributor.objects.create(
                blog=blog, contributor=alice, contribution="Second photographer"
            )
        if number == 2:
            services.create_blog_with_photo(
                author=creator,
                title="Notes for next winter",
                content="A draft: the list of places to go back to.",
                image=process_photo(demo_image(seed + 60)),
                is_published=False,
            )
