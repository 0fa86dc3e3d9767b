"""The load run's data, on its site: `python -m bench.load_data seed|check ARGUMENT`.

bench/load.py runs it in the site's environment. `seed CONFIG` (JSON) adds creators
and subscribers who share one password, their photos and blogs, co-authors and
follows, and prints the site as JSON. `check PREFIX` prints, as JSON, how many
photo rows each caption starting with PREFIX has, and the files those rows lack.
The last line printed is the JSON.
"""

import io
import json
import random
import sys

from PIL import Image, ImageDraw

# The load run's whole mix, in percent of the requests of the loop
# (bench/locustfile.py).
MIX = {"home": 50, "photos": 15, "blog": 10, "upload": 10, "follow": 10, "edit": 5}
# The caption of every photo the load run uploads starts with it.
CAPTION_PREFIX = "load-"


def photo_jpeg(seed: int) -> bytes:
    """A small photo-like JPEG (1024 x 768, about 100 KB)."""
    rng = random.Random(seed)
    image = Image.effect_noise((256, 192), 40).resize((1024, 768)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(8):
        x, y, r = rng.randrange(1024), rng.randrange(768), rng.randrange(30, 200)
        draw.ellipse(
            [x - r, y - r, x + r, y + r],
            fill=tuple(rng.randrange(256) for _ in range(3)),
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def seed(config: dict) -> dict:
    """Members, photos, blogs, co-authors and follows; the site as the clients
    need it: each creator's key and blogs, the subscribers' names."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from blog import services
    from blog.models import BlogContributor
    from images.pipeline import process_photo
    from testsupport.members import add_members

    rng = random.Random(2026)
    counter = iter(range(1, 1_000_000))

    def picture():
        number = next(counter)
        upload = SimpleUploadedFile(
            f"seed-{number}.jpg", photo_jpeg(number), "image/jpeg"
        )
        return process_photo(upload), number

    creator_names = [f"creator{i:02d}" for i in range(config["creators"])]
    subscriber_names = [f"subscriber{i:02d}" for i in range(config["subscribers"])]
    members = add_members(
        [f"{name}:CREATOR" for name in creator_names]
        + [f"{name}:SUBSCRIBER" for name in subscriber_names],
        config["password"],
    )
    creators = [members[name] for name in creator_names]
    blogs: dict[str, list[int]] = {}
    for creator in creators:
        pictures = []
        for _ in range(config["photos"]):
            image, number = picture()
            pictures.append((image, f"seed photo {number}"))
        services.create_photos(uploader=creator, pictures=pictures)
        blogs[creator.username] = []
        for index in range(config["blogs"]):
            image, number = picture()
            blog = services.create_blog_with_photo(
                author=creator,
                title=f"{creator.username} blog {index}",
                content="Light changes everything. " * 20,
                image=image,
                caption=f"seed blog photo {number}",
            )
            blogs[creator.username].append(blog.pk)
    for index, creator in enumerate(creators):
        other = creators[(index + 1) % len(creators)]
        if other != creator:
            BlogContributor.objects.create(
                blog=creator.owned_blogs.first(),
                contributor=other,
                contribution="Second photographer",
            )
    for name in subscriber_names:
        members[name].follows.add(*rng.sample(creators, min(3, len(creators))))
    return {
        "creators": {
            creator.username: {"pk": creator.pk, "blogs": blogs[creator.username]}
            for creator in creators
        },
        "subscribers": subscriber_names,
    }


def check(prefix: str) -> dict:
    """The photo rows of each caption starting with `prefix`, those not ready, and
    missing files."""
    from blog.models import Photo
    from images.storage import rendition_name

    storage = Photo._meta.get_field("image").storage
    rows: dict[str, int] = {}
    missing, not_ready = [], []
    photos = Photo.objects.filter(caption__startswith=prefix)
    for caption, name, widths, status in photos.values_list(
        "caption", "image", "rendition_widths", "status"
    ):
        rows[caption] = rows.get(caption, 0) + 1
        if status != Photo.Status.READY:
            not_ready.append(f"{caption}: {status}")
            continue
        for stored in [name, *(rendition_name(name, width) for width in widths)]:
            if not storage.exists(stored):
                missing.append(stored)
    return {"rows": rows, "missing_files": missing, "not_ready": not_ready}


if __name__ == "__main__":
    import django

    django.setup()
    command, argument = sys.argv[1:]
    if command == "seed":
        print(json.dumps(seed(json.loads(argument))))
    else:
        print(json.dumps(check(argument)))
