"""images/pipeline.py: every upload is checked, turned upright, stripped and resized.

Each refused input is built for real, and refused with its own message and no side
effect: no photo row, no stored file. Accepted ones are stored re-encoded, without
metadata or anything that followed the picture in the file, with their colour
profile and their renditions.
"""

import io
import random
import re
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import ExifTags, Image, ImageCms, ImageDraw, ImageOps

from authentication.models import User
from blog import services
from blog.models import Photo
from images.pipeline import check_photo, process_photo
from images.storage import rendition_name
from testsupport.factories import image_bytes
from testsupport.storage import stored_files, waiting_uploads

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("photo_upload")
PROFILE_URL = reverse("upload_profile_photo")
RED, GREY = (220, 20, 20), (128, 128, 128)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


# Building pictures


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "image/jpeg")


def noise(size=(200, 150), seed: int = 0) -> Image.Image:
    """A picture that does not compress: its JPEG is a few dozen kB."""
    width, height = size
    return Image.frombytes(
        "RGB", size, random.Random(seed).randbytes(width * height * 3)
    )


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def bomb_png(side: int) -> bytes:
    """A complete, valid 1-bit PNG of side x side pixels, all black, in a few kB.

    Pillow would need side² bytes to hold it, so it is written chunk by chunk.
    """
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    row = b"\0" * (1 + (side + 7) // 8)  # filter byte, then 8 pixels a byte
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row * 100) for _ in range(side // 100))
    pixels += compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def animated(image_format: str) -> bytes:
    frames = [Image.new("RGB", (32, 32), color) for color in ("red", "blue")]
    return encoded(
        frames[0], image_format, save_all=True, append_images=frames[1:], duration=100
    )


def half_a_jpeg() -> bytes:
    data = encoded(noise(), "JPEG")
    return data[: len(data) // 2]


def scrambled_jpeg(size=(200, 150)) -> bytes:
    """A whole JPEG whose compressed data has 200 random bytes in its middle."""
    data = bytearray(encoded(noise(size), "JPEG"))
    middle = (data.index(b"\xff\xda") + len(data)) // 2  # within the scan
    data[middle : middle + 200] = random.Random(2).randbytes(200)
    return bytes(data)


def png_with_a_bad_checksum() -> bytes:
    data = bytearray(encoded(noise(), "PNG"))
    data[data.index(b"IDAT") + 10] ^= 0xFF
    return bytes(data)


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(document.cookie)</script></svg>'
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
    b"newpath 0 0 moveto 10 10 lineto stroke\nshowpage\n%%EOF\n"
)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
SCRIPT = b"<script>alert(document.cookie)</script>"
HTML_TAIL = b"<html>" + SCRIPT + b"</html>"


def zip_archive(name: str, content: bytes) -> bytes:
    """A ZIP holding one file, uncompressed, so that its content shows in its bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


ZIP_TAIL = zip_archive("index.html", HTML_TAIL)

# name, how to build the upload, the message it is refused with
REFUSED = [
    pytest.param(
        "huge.png",
        lambda: bomb_png(20_000),
        "huge.png has more than 40 megapixels.",
        id="a PNG of 20000x20000 pixels, past twice the limit",
    ),
    pytest.param(
        "big.png",
        lambda: bomb_png(7_000),
        "big.png has more than 40 megapixels.",
        id="a PNG of 7000x7000 pixels, just past the limit",
    ),
    pytest.param(
        "cut.heic",
        lambda: encoded(noise(), "HEIF")[:-200],
        "cut.heic is damaged or incomplete.",
        id="a HEIC missing its end",
    ),
    pytest.param(
        "burst.heic",
        lambda: animated("HEIF"),
        "burst.heic is animated; please upload a still picture.",
        id="a HEIC holding two pictures",
    ),
    pytest.param(
        "drawing.svg",
        lambda: SVG,
        "drawing.svg is not a JPEG, PNG, WebP or HEIC picture.",
        id="SVG text",
    ),
    pytest.param(
        "half.jpg",
        half_a_jpeg,
        "half.jpg is damaged or incomplete.",
        id="a JPEG cut in half",
    ),
    pytest.param(
        "scrambled.jpg",
        scrambled_jpeg,
        "scrambled.jpg is damaged or incomplete.",
        id="a JPEG with corrupt data",
    ),
    pytest.param(
        "scrambled.jpg",
        lambda: scrambled_jpeg((3200, 400)),
        "scrambled.jpg is damaged or incomplete.",
        id="a JPEG with corrupt data, wide enough for a half-size decode",
    ),
    pytest.param(
        "checksum.png",
        png_with_a_bad_checksum,
        "checksum.png is damaged or incomplete.",
        id="a PNG with a broken checksum",
    ),
    pytest.param(
        "page.jpg",
        lambda: HTML_PAGE,
        "page.jpg is not a JPEG, PNG, WebP or HEIC picture.",
        id="an HTML page named .jpg",
    ),
    pytest.param(
        "art.eps",
        lambda: EPS,
        "art.eps is not a JPEG, PNG, WebP or HEIC picture.",
        id="an EPS, which Pillow could hand to Ghostscript",
    ),
    pytest.param(
        "noise.jpg",
        lambda: random.Random(1).randbytes(4096),
        "noise.jpg is not a JPEG, PNG, WebP or HEIC picture.",
        id="random bytes named .jpg",
    ),
    pytest.param(
        "scan.jpg",
        lambda: PDF,
        "scan.jpg is not a JPEG, PNG, WebP or HEIC picture.",
        id="a PDF named .jpg",
    ),
    pytest.param(
        "still.gif",
        lambda: image_bytes("GIF"),
        "still.gif is not a JPEG, PNG, WebP or HEIC picture.",
        id="a GIF",
    ),
    pytest.param(
        "moving.webp",
        lambda: animated("WEBP"),
        "moving.webp is animated; please upload a still picture.",
        id="an animated WebP",
    ),
    pytest.param(
        "moving.png",
        lambda: animated("PNG"),
        "moving.png is animated; please upload a still picture.",
        id="an animated PNG",
    ),
]


# Reading what was stored


def stored_bytes(name: str) -> bytes:
    with default_storage.open(name) as stored:
        return stored.read()


def stored_image(name: str) -> Image.Image:
    image = Image.open(io.BytesIO(stored_bytes(name)))
    image.load()
    return image


def photo_files(photo: Photo) -> list[str]:
    """The stored original of `photo` and its renditions."""
    name = photo.image.name
    return sorted(
        [name, *(rendition_name(name, width) for width in photo.rendition_widths)]
    )


def near(pixel, expected, tolerance: int = 24) -> bool:
    return all(
        abs(got - want) <= tolerance for got, want in zip(pixel, expected, strict=True)
    )


def assert_nothing_saved() -> None:
    assert not Photo.objects.exists()
    assert stored_files() == []


def publish(uploader: User, name: str, data: bytes) -> Photo:
    """Run an upload through the pipeline and store it, as the upload views do."""
    (photo,) = services.create_photos(
        uploader=uploader, pictures=[(process_photo(upload(name, data)), "")]
    )
    return photo


def post_photo(client, name: str, data: bytes):
    return client.post(UPLOAD_URL, {"image": upload(name, data), "caption": "Hi"})


# Refused uploads


@pytest.mark.parametrize(("name", "build", "message"), REFUSED)
def test_it_refuses_a_bad_upload_with_its_own_message(name, build, message):
    with pytest.raises(ValidationError) as refused:
        process_photo(upload(name, build()))

    assert refused.value.messages == [message]
    assert_nothing_saved()


# Only decoding a picture in full finds these damaged: that is a worker's job.
DAMAGED = [case for case in REFUSED if "damaged" in case.values[2]]
REFUSED_IN_REQUEST = [case for case in REFUSED if case not in DAMAGED]


@pytest.mark.parametrize(("name", "build", "message"), REFUSED_IN_REQUEST)
def test_it_shows_why_an_upload_is_refused_and_saves_nothing(
    client, creator, name, build, message
):
    client.force_login(creator)

    response = post_photo(client, name, build())

    assert response.status_code == 200
    assert escape(message) in response.text
    assert_nothing_saved()
    assert waiting_uploads() == []


@pytest.mark.parametrize(("name", "build", "message"), DAMAGED)
def test_a_damaged_upload_ends_as_a_message_on_its_photo_and_no_file(
    client, creator, photo_worker, name, build, message
):
    assert message == f"{name} is damaged or incomplete."  # what a worker finds
    client.force_login(creator)

    with photo_worker():
        response = post_photo(client, name, build())

    assert response.status_code == 302
    assert Photo.objects.get().status == Photo.Status.FAILED
    assert (stored_files(), waiting_uploads()) == ([], [])
    page = client.get(reverse("photo_feed")).text
    assert (
        "This photo could not be published: its file is damaged or incomplete."
    ) in page


def test_it_refuses_a_file_over_the_byte_limit_and_takes_one_at_the_limit(
    client, creator, settings
):
    data = encoded(noise(), "JPEG")
    assert len(data) > 10_000
    settings.FOTOBLOG_MAX_UPLOAD_BYTES = 10_000
    client.force_login(creator)

    with pytest.raises(ValidationError) as refused:
        process_photo(upload("big.jpg", data))
    response = post_photo(client, "big.jpg", data)

    assert refused.value.messages == ["big.jpg is larger than 9.8\xa0KB."]
    assert response.status_code == 200
    assert "big.jpg is larger than 9.8\xa0KB." in response.text
    assert_nothing_saved()

    settings.FOTOBLOG_MAX_UPLOAD_BYTES = len(data)
    assert post_photo(client, "big.jpg", data).status_code == 302
    assert Photo.objects.count() == 1


def test_it_refuses_more_pixels_than_the_setting_and_takes_exactly_that_many(
    client, creator, settings
):
    settings.FOTOBLOG_MAX_UPLOAD_PIXELS = 10_000
    client.force_login(creator)
    too_many = encoded(Image.new("RGB", (101, 100), "teal"), "PNG")

    with pytest.raises(ValidationError) as refused:
        process_photo(upload("wide.png", too_many))
    response = post_photo(client, "wide.png", too_many)

    assert refused.value.messages == ["wide.png has more than 0.01 megapixels."]
    assert "wide.png has more than 0.01 megapixels." in response.text
    assert_nothing_saved()

    at_limit = encoded(Image.new("RGB", (100, 100), "teal"), "PNG")
    assert post_photo(client, "square.png", at_limit).status_code == 302
    assert Photo.objects.count() == 1


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("../../etc/passwd.jpg", id="a path"),
        pytest.param("a" * 296 + ".jpg", id="a 300-character name"),
        pytest.param("Été à Kyōto 写真 🌊.jpg", id="a unicode name"),
        pytest.param("photo.php.jpg", id="a double extension"),
    ],
)
def test_it_stores_a_picture_under_a_generated_name_whatever_it_was_called(
    client, creator, tmp_path, photo_worker, name
):
    client.force_login(creator)
    folder = f"photos/{timezone.now():%Y/%m}/"

    direct = publish(creator, name, image_bytes())
    with photo_worker():
        response = post_photo(client, name, image_bytes())

    assert response.status_code == 302
    names = sorted(photo.image.name for photo in Photo.objects.all())
    assert len(names) == 2
    for stored in names:
        assert stored.startswith(folder)
        assert re.fullmatch(r"[0-9a-f]{32}\.jpg", stored.removeprefix(folder))
    assert direct.image.name in names
    assert stored_files() == names
    # Nothing was written outside the media folder.
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert all(path.is_relative_to(tmp_path / "media") for path in written)


# Accepted uploads


def turned_jpeg_with_gps() -> bytes:
    """A 900x600 JPEG to be shown turned a quarter clockwise (EXIF orientation 6),
    with a GPS position, a comment, XMP and an sRGB profile; red in its top-left
    corner as stored, which is the top-right corner as shown."""
    image = Image.new("RGB", (900, 600), GREY)
    ImageDraw.Draw(image).rectangle((0, 0, 89, 89), fill=RED)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    exif[0x010E] = "secret garden"  # ImageDescription
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 51.0, 29.0)  # GPSLatitudeRef, GPSLatitude
    gps[3], gps[4] = "E", (2.0, 17.0, 40.0)  # GPSLongitudeRef, GPSLongitude
    gps[0x0012] = "GPS-WGS-84"  # GPSMapDatum
    return encoded(
        image,
        "JPEG",
        quality=95,
        exif=exif,
        icc_profile=SRGB,
        comment=b"secret comment",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">secret xmp</x:xmpmeta>',
    )


def test_the_test_jpeg_really_carries_gps_orientation_and_a_profile():
    data = turned_jpeg_with_gps()
    source = Image.open(io.BytesIO(data))

    assert source.size == (900, 600)
    assert source.getexif()[0x0112] == 6
    assert source.getexif().get_ifd(0x8825)[1] == "N"
    assert source.info["icc_profile"] == SRGB
    assert b"GPS" in data and b"Exif" in data and b"secret" in data


def test_it_strips_every_metadata_but_the_colour_profile_from_each_stored_file(
    creator,
):
    photo = publish(creator, "trip.jpg", turned_jpeg_with_gps())

    assert photo.rendition_widths == [400]
    for name in photo_files(photo):
        data = stored_bytes(name)
        image = stored_image(name)
        assert not image.getexif(), name
        assert "exif" not in image.info, name
        for secret in (b"GPS", b"Exif", b"EXIF", b"secret", b"xmpmeta"):
            assert secret not in data, (name, secret)
        assert image.info["icc_profile"] == SRGB, name


def test_it_turns_the_picture_upright_in_the_original_and_every_rendition(creator):
    photo = publish(creator, "trip.jpg", turned_jpeg_with_gps())

    assert (photo.width, photo.height) == (600, 900)
    original = stored_image(photo.image.name)
    assert original.size == (600, 900)
    rendition = stored_image(rendition_name(photo.image.name, 400))
    assert rendition.size == (400, 600)
    for image in (original, rendition):
        width, height = image.size
        corner = width // 20  # inside the red square, which is 90 px of 900
        assert near(image.getpixel((width - corner, corner)), RED)
        for x, y in [(corner, corner), (corner, height - corner)]:
            assert near(image.getpixel((x, y)), GREY)
        assert near(image.getpixel((width - corner, height - corner)), GREY)


BLUE = (20, 20, 220)
# How a camera stores an upright picture under each EXIF orientation: the inverse
# of what the orientation asks a viewer to do.
STORED_AS = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def marked_upright(size=(2000, 1000)) -> Image.Image:
    """Grey, red in the top-left corner and blue in the top-right one: any turn or
    flip moves at least one of them."""
    image = Image.new("RGB", size, GREY)
    draw = ImageDraw.Draw(image)
    width, _ = size
    side = width // 10
    draw.rectangle((0, 0, side - 1, side - 1), fill=RED)
    draw.rectangle((width - side, 0, width - 1, side - 1), fill=BLUE)
    return image


def as_camera_stores_it(image: Image.Image, orientation: int) -> bytes:
    stored = (
        image
        if STORED_AS[orientation] is None
        else image.transpose(STORED_AS[orientation])
    )
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encoded(stored, "JPEG", quality=95, exif=exif)


def assert_upright(image: Image.Image) -> None:
    width, height = image.size
    corner = width // 40  # inside the marks, which are a tenth of the width
    assert near(image.getpixel((corner, corner)), RED)
    assert near(image.getpixel((width - corner, corner)), BLUE)
    assert near(image.getpixel((corner, height - corner)), GREY)
    assert near(image.getpixel((width - corner, height - corner)), GREY)


@pytest.mark.parametrize("orientation", sorted(STORED_AS))
@pytest.mark.parametrize(
    "size",
    [
        pytest.param((2000, 1000), id="renditions from the full decode"),
        pytest.param((3200, 1600), id="renditions from a half-size decode"),
    ],
)
def test_it_turns_every_exif_orientation_upright_at_every_size(orientation, size):
    data = as_camera_stores_it(marked_upright(size), orientation)
    assert_upright(ImageOps.exif_transpose(Image.open(io.BytesIO(data))))

    picture = process_photo(upload("camera.jpg", data))

    assert (picture.width, picture.height) == size
    original = Image.open(io.BytesIO(picture.content))
    assert original.size == size
    assert_upright(original)
    assert sorted(picture.renditions) == [400, 800, 1500]
    for width, content in picture.renditions.items():
        rendition = Image.open(io.BytesIO(content))
        assert rendition.size == (width, width // 2)
        assert_upright(rendition)


def test_it_stores_a_heic_as_an_upright_jpeg_without_its_metadata(creator):
    turned = marked_upright().transpose(STORED_AS[6])
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation, which pillow-heif writes as a HEIF rotation
    exif[0x010E] = "secret garden"  # ImageDescription
    exif.get_ifd(0x8825)[1] = "N"  # GPSLatitudeRef
    data = encoded(turned, "HEIF", exif=exif.tobytes(), icc_profile=SRGB)
    assert b"secret garden" in data and Image.open(io.BytesIO(data)).format == "HEIF"

    photo = publish(creator, "IMG_0001.HEIC", data)

    assert photo.image.name.endswith(".jpg")
    assert (photo.width, photo.height, photo.rendition_widths) == (
        2000,
        1000,
        [400, 800, 1500],
    )
    for name in photo_files(photo):
        image = stored_image(name)
        assert image.format == "JPEG", name
        assert_upright(image)
        assert not image.getexif(), name
        assert image.info["icc_profile"] == SRGB, name
        assert b"secret" not in stored_bytes(name), name


TEAL = (0, 128, 128)
# name, the picture's format, the bytes that follow it in the file
WITH_A_TAIL = [
    pytest.param("tail.jpg", "JPEG", HTML_TAIL, id="a JPEG with an HTML tail"),
    pytest.param("tail.jpg", "JPEG", ZIP_TAIL, id="a JPEG that is also a ZIP"),
    pytest.param("tail.png", "PNG", HTML_TAIL, id="a PNG with an HTML tail"),
    pytest.param("tail.png", "PNG", ZIP_TAIL, id="a PNG that is also a ZIP"),
    pytest.param(
        "two.png", "PNG", image_bytes("PNG", color="red"), id="two PNGs in one file"
    ),
    pytest.param("tail.webp", "WEBP", HTML_TAIL, id="a WebP with an HTML tail"),
    pytest.param("tail.heic", "HEIF", HTML_TAIL, id="a HEIC with an HTML tail"),
]


def test_a_picture_with_a_zip_appended_is_a_zip_archive_too():
    data = image_bytes("PNG") + ZIP_TAIL

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("index.html") == HTML_TAIL
    assert Image.open(io.BytesIO(data)).format == "PNG"


@pytest.mark.parametrize(("name", "image_format", "tail"), WITH_A_TAIL)
def test_it_stores_a_picture_without_the_bytes_that_followed_it(
    client, creator, photo_worker, name, image_format, tail
):
    client.force_login(creator)

    with photo_worker():
        response = post_photo(
            client, name, image_bytes(image_format, (600, 300), "teal") + tail
        )

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.rendition_widths == [400]
    assert stored_files() == photo_files(photo)
    for stored in photo_files(photo):
        data = stored_bytes(stored)
        for payload in (tail, SCRIPT, b"PK\x03\x04"):
            assert payload not in data, (stored, payload)
        assert near(stored_image(stored).getpixel((10, 10)), TEAL), stored


@pytest.mark.parametrize("size", [(500, 100), (3000, 600)])
def test_it_stores_a_cmyk_jpeg_as_rgb(creator, size):
    cyan = Image.new("CMYK", size, (255, 0, 0, 0))

    photo = publish(creator, "print.jpg", encoded(cyan, "JPEG"))

    assert photo.image.name.endswith(".jpg")
    for name in photo_files(photo):
        image = stored_image(name)
        assert image.mode == "RGB", name
        assert near(image.getpixel((20, 20)), (0, 255, 255)), name


@pytest.mark.parametrize(
    ("name", "image_format", "mode"),
    [
        ("logo.png", "PNG", "RGBA"),
        pytest.param("cutout.heic", "HEIF", "RGBA", id="a HEIC, as PNG"),
        pytest.param("cutout.heic", "HEIF", "RGBa", id="a premultiplied HEIC"),
    ],
)
def test_it_keeps_the_transparency_in_a_png_and_in_its_webp_renditions(
    creator, name, image_format, mode
):
    image = Image.new("RGBA", (500, 100), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((250, 0, 499, 99), fill=(*RED, 255))
    data = encoded(image.convert(mode), image_format)
    assert Image.open(io.BytesIO(data)).mode == mode

    photo = publish(creator, name, data)

    original = stored_image(photo.image.name)
    assert (original.format, original.mode) == ("PNG", "RGBA")
    assert original.getpixel((10, 50))[3] == 0
    assert near(original.getpixel((490, 50)), (*RED, 255))
    rendition = stored_image(rendition_name(photo.image.name, 400))
    assert (rendition.format, rendition.mode, rendition.size) == (
        "WEBP",
        "RGBA",
        (400, 80),
    )
    assert rendition.getpixel((10, 40))[3] == 0
    assert rendition.getpixel((390, 40))[3] == 255


def test_it_keeps_a_palette_pngs_transparent_colour_transparent(creator):
    image = Image.new("P", (40, 30), 0)
    image.putpalette([255, 255, 255, *RED])
    ImageDraw.Draw(image).rectangle((20, 0, 39, 29), fill=1)

    photo = publish(creator, "icon.png", encoded(image, "PNG", transparency=0))

    stored = stored_image(photo.image.name)
    assert stored.mode == "RGBA"
    assert stored.getpixel((5, 5))[3] == 0
    assert stored.getpixel((30, 5)) == (*RED, 255)


def test_it_scales_a_16_bit_grey_png_to_8_bits_instead_of_whitening_it(creator):
    image = Image.new("I;16", (500, 100), 16384)  # a quarter of 65535
    image.paste(Image.new("I;16", (250, 100), 32768), (250, 0))  # a half
    data = encoded(image, "PNG")
    assert Image.open(io.BytesIO(data)).mode == "I;16"

    photo = publish(creator, "scan.png", data)

    original = stored_image(photo.image.name)
    assert (original.format, original.mode) == ("PNG", "RGB")
    assert near(original.getpixel((10, 50)), (64, 64, 64), tolerance=1)
    assert near(original.getpixel((490, 50)), (128, 128, 128), tolerance=1)
    rendition = stored_image(rendition_name(photo.image.name, 400))
    assert near(rendition.getpixel((10, 40)), (64, 64, 64), tolerance=4)
    assert near(rendition.getpixel((390, 40)), (128, 128, 128), tolerance=4)


def test_it_stores_a_webp_as_a_webp(creator):
    photo = publish(
        creator, "sea.webp", encoded(Image.new("RGB", (600, 300), "teal"), "WEBP")
    )

    assert photo.image.name.endswith(".webp")
    assert stored_image(photo.image.name).format == "WEBP"
    assert (photo.width, photo.height, photo.rendition_widths) == (600, 300, [400])


@pytest.mark.parametrize(
    ("width", "widths"),
    [
        (3200, [400, 800, 1500]),
        (2000, [400, 800, 1500]),
        (1500, [400, 800]),
        (500, [400]),
        (400, []),
    ],
)
def test_it_makes_only_the_renditions_narrower_than_the_picture(creator, width, widths):
    picture = Image.new("RGB", (width, width // 2), "teal")

    photo = publish(creator, "wide.jpg", encoded(picture, "JPEG"))

    assert photo.rendition_widths == widths
    assert stored_files() == photo_files(photo)
    for rendition in widths:
        image = stored_image(rendition_name(photo.image.name, rendition))
        assert (image.format, image.size) == ("JPEG", (rendition, rendition // 2))


@pytest.mark.parametrize("orientation", [1, 6], ids=["as shown", "stored turned"])
def test_it_takes_a_picture_of_extreme_shape_with_its_renditions(orientation, settings):
    settings.FOTOBLOG_MAX_ASPECT_RATIO = 3000  # a site that allows such strips
    data = as_camera_stores_it(Image.new("RGB", (12000, 4), "teal"), orientation)

    picture = process_photo(upload("strip.jpg", data))

    assert (picture.width, picture.height) == (12000, 4)
    sizes = {w: Image.open(io.BytesIO(c)).size for w, c in picture.renditions.items()}
    assert sizes == {400: (400, 1), 800: (800, 1), 1500: (1500, 1)}


@pytest.mark.parametrize(
    ("size", "shown"),
    [((1, 60000), "1 × 60000"), ((4200, 200), "4200 × 200")],
    ids=["a 1 x 60000 strip", "a panorama 21 times wider than tall"],
)
def test_it_refuses_a_strip_with_a_clear_message(client, creator, size, shown):
    client.force_login(creator)

    response = post_photo(client, "strip.png", image_bytes("PNG", size, "teal"))

    assert response.status_code == 200
    assert (
        f"strip.png is {shown} pixels: one side may be at most 20 times the other."
    ) in response.text
    assert_nothing_saved()
    assert waiting_uploads() == []


def test_it_takes_a_panorama_twenty_times_wider_than_tall(client, creator):
    client.force_login(creator)

    response = post_photo(client, "pano.jpg", image_bytes("JPEG", (4000, 200)))

    assert response.status_code == 302
    assert Photo.objects.get().status == Photo.Status.PROCESSING


def test_the_requests_check_decodes_no_png():
    # A PNG without EXIF before its pixels: Pillow's getexif() would decode them all
    # to look for EXIF after them (a second, for a 40 MP one). These are damaged:
    # decoding them fails.
    damaged = png_with_a_bad_checksum()

    checked = check_photo(upload("damaged.png", damaged))

    assert (checked.width, checked.height) == noise().size
    with pytest.raises(ValidationError):
        process_photo(upload("damaged.png", damaged))


def test_the_requests_check_reads_a_pngs_orientation_from_its_header():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # shown turned a quarter
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "teal").save(buffer, "PNG", exif=exif)

    checked = check_photo(upload("turned.png", buffer.getvalue()))

    assert (checked.width, checked.height) == (100, 300)


def test_it_offers_every_rendition_in_the_feeds_srcset(client, creator):
    picture = Image.new("RGB", (2000, 1000), "teal")
    photo = publish(creator, "wide.jpg", encoded(picture, "JPEG"))
    client.force_login(creator)

    page = client.get(reverse("photo_feed")).text

    url = f"/media/{photo.image.name}"
    stem = url.removesuffix(".jpg")
    srcset = (
        f"{stem}_400.jpg 400w, {stem}_800.jpg 800w, {stem}_1500.jpg 1500w, {url} 2000w"
    )
    assert photo.srcset == srcset
    assert f'<img src="{stem}_800.jpg" srcset="{srcset}"' in page


def test_it_leaves_the_stored_files_identical_when_a_caption_is_edited(client, creator):
    picture = Image.new("RGB", (500, 250), "teal")
    photo = publish(creator, "sea.jpg", encoded(picture, "JPEG"))
    before = {name: stored_bytes(name) for name in stored_files()}
    client.force_login(creator)

    response = client.post(
        reverse("photo_edit", args=[photo.pk]), {"caption": "Low tide"}
    )

    assert response.status_code == 302
    saved = Photo.objects.get(pk=photo.pk)
    assert saved.caption == "Low tide"
    assert (saved.image.name, saved.rendition_widths) == (photo.image.name, [400])
    assert {name: stored_bytes(name) for name in stored_files()} == before


# Profile photos


def profile_name(user: User) -> str:
    return User.objects.get(pk=user.pk).profile_photo.name


def avatar_files(name: str) -> list[str]:
    return sorted([name, rendition_name(name, 64), rendition_name(name, 192)])


def post_profile_photo(client, name: str, data: bytes):
    return client.post(PROFILE_URL, {"profile_photo": upload(name, data)})


def test_it_crops_a_profile_photo_to_a_square_with_its_renditions(client, subscriber):
    client.force_login(subscriber)

    response = post_profile_photo(client, "me.jpg", encoded(noise((300, 200)), "JPEG"))

    assert response.status_code == 302
    name = profile_name(subscriber)
    assert stored_files() == avatar_files(name)
    assert stored_image(name).size == (200, 200)
    for size in (64, 192):
        rendition = stored_image(rendition_name(name, size))
        assert (rendition.format, rendition.size) == ("JPEG", (size, size))


def test_it_shows_the_profile_photo_in_the_header_with_a_srcset(client, subscriber):
    client.force_login(subscriber)
    post_profile_photo(client, "me.jpg", encoded(noise((300, 200)), "JPEG"))
    name = profile_name(subscriber)

    page = client.get(reverse("home")).text

    small, large = rendition_name(name, 64), rendition_name(name, 192)
    assert (
        f'<img class="avatar" src="/media/{small}" '
        f'srcset="/media/{small} 64w, /media/{large} 192w"'
    ) in page


def test_it_removes_a_replaced_profile_photo_only_once_committed(
    client, subscriber, django_capture_on_commit_callbacks
):
    client.force_login(subscriber)
    post_profile_photo(client, "first.jpg", image_bytes())
    first = profile_name(subscriber)

    with django_capture_on_commit_callbacks() as callbacks:
        response = post_profile_photo(client, "second.png", image_bytes("PNG"))
    second = profile_name(subscriber)

    assert response.status_code == 302
    assert second != first
    assert stored_files() == sorted(avatar_files(first) + avatar_files(second))
    for callback in callbacks:
        callback()
    assert stored_files() == avatar_files(second)


def test_it_keeps_the_current_profile_photo_when_a_new_one_is_refused(
    client, subscriber, django_capture_on_commit_callbacks
):
    client.force_login(subscriber)
    post_profile_photo(client, "first.jpg", image_bytes())
    first = profile_name(subscriber)
    before = {name: stored_bytes(name) for name in avatar_files(first)}

    with django_capture_on_commit_callbacks(execute=True):
        response = post_profile_photo(client, "half.jpg", half_a_jpeg())

    assert response.status_code == 200
    assert "half.jpg is damaged or incomplete." in response.text
    assert profile_name(subscriber) == first
    assert stored_files() == avatar_files(first)
    assert {name: stored_bytes(name) for name in avatar_files(first)} == before
