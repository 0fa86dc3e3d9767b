"""Upload photos and read their state on a site, as its workers see them.

`python -m testsupport.photo_jobs upload NAME FILE...` queues each file as a photo
of member NAME, through the checks and the service the upload views use, and prints
each photo's key and the name its upload waits under, one a line. `... show` prints
every photo as JSON; `... expire-leases` ends every worker's hold on a photo now, as
time passing does. Run by blog/tests/test_workers.py in a site's environment.
"""

import json
import sys

import django


def upload(username: str, paths: list[str]) -> list[tuple[int, str]]:
    """Queue the files at `paths` as photos of `username`."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from authentication.models import User
    from blog import services
    from images.pipeline import check_photo

    uploader = User.objects.get(username=username)
    pictures = []
    for path in paths:
        with open(path, "rb") as file:
            pictures.append((check_photo(SimpleUploadedFile(path, file.read())), ""))
    photos = services.create_photos(uploader=uploader, pictures=pictures)
    return [(photo.pk, photo.pending_upload) for photo in photos]


def show() -> list[dict]:
    from blog.models import Photo

    fields = ["pk", "status", "failure", "attempts", "image", "rendition_widths"]
    return list(Photo.objects.order_by("pk").values(*fields))


def expire_leases() -> int:
    from django.utils import timezone

    from blog.models import Photo

    held = Photo.objects.processing().exclude(processing_until=None)
    return held.update(processing_until=timezone.now())


if __name__ == "__main__":
    django.setup()
    command, *args = sys.argv[1:]
    if command == "upload":
        for pk, name in upload(args[0], args[1:]):
            print(pk, name)
    elif command == "show":
        print(json.dumps(show()))
    elif command == "expire-leases":
        print(expire_leases())
    else:
        sys.exit(f"unknown command {command!r}")
