"""Remove stored files that no photo or profile photo refers to."""

from datetime import timedelta

from django.core.files.storage import Storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from authentication.models import User
from blog.models import Photo
from images.pipeline import AVATAR_SIZES
from images.storage import rendition_name

FOLDERS = ("photos", "profiles")


def stored_names(storage: Storage, folder: str):
    """Yield the name of every file under `folder`, at any depth."""
    # Not `storage.exists(folder)`: object storage has no folders, only names, and
    # S3Storage.exists("photos") is False while "photos/..." objects exist.
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:  # local disk, nothing ever stored there
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from stored_names(storage, f"{folder}/{directory}")


def referenced_names() -> set[str]:
    """Every stored name a row refers to: photos, profile photos, their renditions."""
    names = set()
    for name, widths in Photo.objects.values_list("image", "rendition_widths"):
        names.add(name)
        names.update(rendition_name(name, width) for width in widths)
    for name in User.objects.exclude(profile_photo="").values_list(
        "profile_photo", flat=True
    ):
        names.add(name)
        names.update(rendition_name(name, size) for size in AVATAR_SIZES)
    return names


class Command(BaseCommand):
    help = "Find stored media files that no row refers to, and remove them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would be removed."
        )
        parser.add_argument(
            "--min-age",
            type=int,
            default=60,
            help="Leave files younger than this many minutes: an upload may still "
            "be saving its row (default: 60).",
        )

    def handle(self, *args, dry_run: bool = False, min_age: int = 60, **options):
        storage = Photo._meta.get_field("image").storage
        # Names are read before listing files, so an upload finishing meanwhile only
        # adds a file younger than the cut-off.
        referenced = referenced_names()
        cutoff = timezone.now() - timedelta(minutes=min_age)
        orphans = [
            name
            for folder in FOLDERS
            for name in stored_names(storage, folder)
            if name not in referenced and storage.get_modified_time(name) < cutoff
        ]
        for name in orphans:
            if not dry_run:
                storage.delete(name)
            self.stdout.write(f"{'would remove' if dry_run else 'removed'} {name}")
        verb = "would be removed" if dry_run else "removed"
        self.stdout.write(
            f"{len(orphans)} orphan file(s) {verb}; {len(referenced)} file(s) in use."
        )
