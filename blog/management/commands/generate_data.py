"""Fill an empty database with a benchmark's worth of members, photos and blogs.

Scale 1: 50 creators, 200 subscribers following 10 creators each, 2,000 photos,
1,000 blogs with one or two contributors, 2% of them starred. Scale N multiplies
every count by N. Rows go in with bulk inserts; every user shares one password
hash; every photo points at one of a few small pictures stored once, with their
renditions. Dates spread over the past year, so feeds have a realistic order.
"""

import io
import random
import time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from authentication.models import User, UserFollows
from authentication.roles import role_groups
from blog.models import Blog, BlogContributor, Photo
from images.pipeline import process_photo
from images.storage import store

PASSWORD = "bench-fotoblog-2026"
CREATORS, SUBSCRIBERS, PHOTOS, BLOGS = 50, 200, 2_000, 1_000
FOLLOWS_PER_SUBSCRIBER = 10
STARRED = 0.02
COAUTHORED = 0.5  # share of blogs with a second contributor
DRAFTS = 0.03  # share of blogs left unpublished
PICTURES = 4
BATCH = 5_000
YEAR = timedelta(days=365)
CONTENT = (
    "Light changes everything. We left before dawn, carried too much, and still "
    "forgot the thermos. The first frames were blurry, the next ones were not. "
) * 3


def picture_upload(seed: int) -> SimpleUploadedFile:
    """A small landscape-like JPEG (1200x800), the same for the same seed."""
    rng = random.Random(seed)
    width, height = 1200, 800
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(40, 200)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(f"bench-{seed}.jpg", buffer.getvalue(), "image/jpeg")


class Command(BaseCommand):
    help = (
        "Fill an empty database with generated creators, subscribers, follows, "
        "photos and blogs (scale 1: 50 creators, 2,000 photos, 1,000 blogs)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="multiply every count by this (1)"
        )
        parser.add_argument(
            "--password", default=PASSWORD, help=f"every user's ({PASSWORD})"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed")

    def handle(self, *args, scale, password, seed, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        existing = {
            "users": User.objects.count(),
            "photos": Photo.objects.count(),
            "blogs": Blog.objects.count(),
        }
        if any(existing.values()):
            found = ", ".join(f"{n} {what}" for what, n in existing.items() if n)
            raise CommandError(
                f"The database is not empty ({found}). generate_data fills an empty "
                "database only: run it on a freshly migrated one."
            )
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.started = time.perf_counter()
        counts = {
            "creators": CREATORS * scale,
            "subscribers": SUBSCRIBERS * scale,
            "photos": PHOTOS * scale,
            "blogs": BLOGS * scale,
        }
        with transaction.atomic():
            pictures = self.step("pictures", self.make_pictures)
            hashed = make_password(password)
            creators = self.step(
                "creators",
                lambda: self.make_users("creator", User.CREATOR, counts, hashed),
            )
            subscribers = self.step(
                "subscribers",
                lambda: self.make_users("subscriber", User.SUBSCRIBER, counts, hashed),
            )
            self.step("groups", lambda: self.join_groups(creators, subscribers))
            self.step("follows", lambda: self.make_follows(creators, subscribers))
            photos = self.step(
                "photos", lambda: self.make_photos(creators, pictures, counts)
            )
            self.step("blogs", lambda: self.make_blogs(creators, photos, counts))
        self.step("statistics", self.analyze)
        total = time.perf_counter() - self.started
        self.stdout.write(
            f"generated scale {scale}: {counts['creators']} creators, "
            f"{counts['subscribers']} subscribers, {counts['photos']} photos, "
            f"{counts['blogs']} blogs in {total:.1f} s"
        )

    @staticmethod
    def analyze() -> None:
        """Give PostgreSQL's planner the statistics a live site's autovacuum keeps:
        right after a bulk load it has none, and plans as if tables were empty."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def step(self, label: str, function):
        start = time.perf_counter()
        result = function()
        self.stdout.write(f"  {label:<12} {time.perf_counter() - start:7.1f} s")
        return result

    def when(self):
        """A moment in the past year."""
        return self.now - YEAR * self.rng.random()

    # The rows

    def make_pictures(self) -> list[dict]:
        """Store a few pictures and their renditions once; the photo rows share
        them."""
        storage = Photo._meta.get_field("image").storage
        pictures = []
        for number in range(PICTURES):
            processed = process_photo(picture_upload(number))
            name = store(storage, "photos", processed, [])
            pictures.append(
                {
                    "image": name,
                    "width": processed.width,
                    "height": processed.height,
                    "rendition_widths": sorted(processed.renditions),
                    "stored_bytes": processed.stored_bytes,
                }
            )
        return pictures

    def make_users(self, prefix, role, counts, hashed) -> list[int]:
        count = counts[f"{prefix}s"]
        width = len(str(count))
        users = (
            User(
                username=f"{prefix}{number:0{width}d}",
                email=f"{prefix}{number}@example.com",
                role=role,
                password=hashed,
                date_joined=self.now - YEAR,
            )
            for number in range(count)
        )
        return [user.pk for user in self.insert(User, users)]

    def join_groups(self, creators: list[int], subscribers: list[int]) -> None:
        """User.save puts a user in their role's group; bulk_create does not."""
        groups = role_groups()
        through = User.groups.through
        memberships = (
            through(user_id=pk, group_id=groups[role].pk)
            for role, pks in ((User.CREATOR, creators), (User.SUBSCRIBER, subscribers))
            for pk in pks
        )
        self.insert(through, memberships)

    def make_follows(self, creators: list[int], subscribers: list[int]) -> None:
        count = min(FOLLOWS_PER_SUBSCRIBER, len(creators))
        follows = (
            UserFollows(user_id=subscriber, followed_id=followed)
            for subscriber in subscribers
            for followed in self.rng.sample(creators, count)
        )
        self.insert(UserFollows, follows)

    def make_photos(self, creators, pictures, counts) -> list[tuple]:
        """Photo i belongs to creator i % creators. Returns (pk, uploader, date)."""
        photos = []
        for number in range(counts["photos"]):
            picture = pictures[number % len(pictures)]
            photos.append(
                Photo(
                    uploader_id=creators[number % len(creators)],
                    caption=f"Photo {number}",
                    # The first ones illustrate the blogs (make_blogs).
                    shown_alone=number >= counts["blogs"],
                    date_created=self.when(),
                    **picture,
                )
            )
        self.insert(Photo, photos, auto_now_add="date_created")
        return [(photo.pk, photo.uploader_id, photo.date_created) for photo in photos]

    def make_blogs(self, creators, photos, counts) -> None:
        """Blog i is illustrated by photo i, so its owner is that photo's uploader;
        half have a co-author."""
        blogs = []
        for number in range(counts["blogs"]):
            photo_pk, owner, date = photos[number]
            written = date + timedelta(minutes=self.rng.randrange(1, 90))
            starred = self.rng.random() < STARRED
            is_published = self.rng.random() >= DRAFTS
            blogs.append(
                Blog(
                    photo_id=photo_pk,
                    owner_id=owner,
                    title=f"Blog {number}",
                    content=CONTENT,
                    word_count=len(CONTENT.split()),
                    date_created=written,
                    date_published=written if is_published else None,
                    starred=starred,
                    is_published=is_published,
                )
            )
        self.insert(Blog, blogs, auto_now_add="date_created")
        contributions = []
        for blog in blogs:
            contributions.append(
                BlogContributor(
                    blog_id=blog.pk,
                    contributor_id=blog.owner_id,
                    contribution="",
                )
            )
            if self.rng.random() < COAUTHORED and len(creators) > 1:
                other = self.rng.choice(creators)
                while other == blog.owner_id:
                    other = self.rng.choice(creators)
                contributions.append(
                    BlogContributor(
                        blog_id=blog.pk,
                        contributor_id=other,
                        contribution="Second photographer",
                    )
                )
        self.insert(BlogContributor, contributions)

    @staticmethod
    def insert(model, rows, auto_now_add: str = ""):
        """bulk_create in batches; auto_now_add would overwrite generated dates."""
        field = model._meta.get_field(auto_now_add) if auto_now_add else None
        if field is not None:
            field.auto_now_add = False
        try:
            created, batch = [], []
            for row in rows:
                batch.append(row)
                if len(batch) == BATCH:
                    created += model.objects.bulk_create(batch)
                    batch = []
            if batch:
                created += model.objects.bulk_create(batch)
            return created
        finally:
            if field is not None:
                field.auto_now_add = True
