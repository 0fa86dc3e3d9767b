"""Camera details read from a photo's EXIF when a worker prepares it: camera, lens,
focal length, aperture, shutter speed and ISO, stored on the photo and shown on its
page when its uploader allows it; junk values are left out without failing the
photo; the location is never read, stored or published."""

import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse
from PIL import ExifTags, Image
from PIL.TiffImagePlugin import IFDRational

from authentication.models import User
from blog.models import Photo
from images.exif import CameraDetails, camera_details
from images.storage import rendition_name
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db
Tag = ExifTags.Base
# A place no field, file or page may ever hold.
LATITUDE = (48.0, 51.0, 29.0)
GPS_AREA = "Jardin du Luxembourg"


def jpeg_with_exif(size=(900, 600), gps: bool = True, **tags) -> bytes:
    """A JPEG written by Pillow with the given EXIF tags (by ExifTags.Base name), in
    the Exif block as cameras write them, and a GPS position."""
    exif = Image.Exif()
    settings = exif.get_ifd(ExifTags.IFD.Exif)
    for name, value in tags.items():
        target = exif if name in ("Make", "Model") else settings
        target[Tag[name]] = value
    if gps:
        place = exif.get_ifd(ExifTags.IFD.GPSInfo)
        place[ExifTags.GPS.GPSLatitudeRef] = "N"
        place[ExifTags.GPS.GPSLatitude] = LATITUDE
        place[ExifTags.GPS.GPSLongitudeRef] = "E"
        place[ExifTags.GPS.GPSLongitude] = (2.0, 20.0, 13.0)
        place[ExifTags.GPS.GPSAreaInformation] = GPS_AREA
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


FUJI = {
    "Make": "FUJIFILM",
    "Model": "X-T4",
    "LensModel": "XF23mmF2 R WR",
    "FocalLength": IFDRational(23, 1),
    "FNumber": IFDRational(28, 10),
    "ExposureTime": IFDRational(1, 250),
    "ISOSpeedRatings": 400,
}


def read(data: bytes) -> CameraDetails:
    return camera_details(Image.open(io.BytesIO(data)))


def test_the_test_file_really_carries_every_tag_and_a_location():
    image = Image.open(io.BytesIO(jpeg_with_exif(**FUJI)))
    exif = image.getexif()
    assert exif[Tag.Make] == "FUJIFILM"
    assert exif.get_ifd(ExifTags.IFD.Exif)[Tag.LensModel] == "XF23mmF2 R WR"
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] == LATITUDE


def test_it_reads_camera_lens_focal_length_aperture_shutter_speed_and_iso():
    assert read(jpeg_with_exif(**FUJI)) == CameraDetails(
        camera="FUJIFILM X-T4",
        lens="XF23mmF2 R WR",
        focal_length=Decimal("23.0"),
        f_number=Decimal("2.8"),
        exposure_time="1/250",
        iso=400,
    )


@pytest.mark.parametrize(
    ("make", "model", "camera"),
    [
        ("Canon", "Canon EOS R5", "Canon EOS R5"),
        ("NIKON CORPORATION", "NIKON D850", "NIKON D850"),
        ("FUJIFILM", "X100V", "FUJIFILM X100V"),
        ("Apple", "", "Apple"),
        ("", "iPhone 15", "iPhone 15"),
        ("  SONY\x00\x00", "ILCE-7M4 ", "SONY ILCE-7M4"),
    ],
)
def test_the_camera_is_its_make_and_model_without_the_make_twice(make, model, camera):
    assert read(jpeg_with_exif(Make=make, Model=model)).camera == camera


@pytest.mark.parametrize(
    ("exposure", "shown"),
    [
        (IFDRational(1, 250), "1/250"),
        (IFDRational(1, 8000), "1/8000"),
        (IFDRational(1, 2), "1/2"),
        (IFDRational(8, 10), "0.8 s"),
        (IFDRational(2, 1), "2 s"),
        (IFDRational(30, 1), "30 s"),
    ],
)
def test_the_shutter_speed_reads_as_photographers_write_it(exposure, shown):
    assert read(jpeg_with_exif(ExposureTime=exposure)).exposure_time == shown


@pytest.mark.parametrize(
    "junk",
    [
        {"FNumber": IFDRational(0, 0), "FocalLength": IFDRational(-5, 1)},
        {"ExposureTime": IFDRational(0, 1), "ISOSpeedRatings": 0},
        {"FocalLength": IFDRational(10**9, 1), "FNumber": IFDRational(99999, 1)},
        {"LensModel": "\x01\x02\x03", "Model": "\x00\x00"},
        {"LensModel": b"\xff\xfe\xfd", "ExposureTime": IFDRational(10**7, 1)},
        {"ISOSpeedRatings": "fast"},
    ],
)
def test_junk_values_are_left_out(junk):
    assert read(jpeg_with_exif(**junk)) == CameraDetails()


def test_a_picture_without_exif_has_no_camera_details():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30)).save(buffer, "PNG")
    assert read(buffer.getvalue()) == CameraDetails()


def test_a_broken_exif_block_is_left_out_without_an_error():
    class Broken:
        def getexif(self):
            raise SyntaxError("not a TIFF header")

    assert camera_details(Broken()) == CameraDetails()


# Through an upload and its worker.


def upload(client, data: bytes, caption: str = "Luxembourg") -> Photo:
    response = client.post(
        reverse("photo_upload"),
        {"image": SimpleUploadedFile("trip.jpg", data), "caption": caption},
    )
    assert response.status_code == 302
    return Photo.objects.get(caption=caption)


def test_the_worker_stores_the_camera_details_and_never_the_location(
    client, creator, photo_worker
):
    client.force_login(creator)
    with photo_worker():
        photo = upload(client, jpeg_with_exif(**FUJI))

    photo.refresh_from_db()
    assert photo.is_ready
    assert (photo.camera, photo.lens, photo.exposure_time, photo.iso) == (
        "FUJIFILM X-T4",
        "XF23mmF2 R WR",
        "1/250",
        400,
    )
    assert (photo.focal_length, photo.f_number) == (Decimal("23.0"), Decimal("2.8"))
    assert GPS_AREA not in str(model_to_dict(Photo.objects.get(pk=photo.pk)))
    names = [photo.image.name] + [
        rendition_name(photo.image.name, w) for w in photo.rendition_widths
    ]
    assert stored_files() == sorted(names)
    for name in names:
        with default_storage.open(name) as stored:
            data = stored.read()
        assert not Image.open(io.BytesIO(data)).getexif(), name
        assert GPS_AREA.encode() not in data and b"Exif" not in data, name


def test_a_photo_with_junk_exif_is_published_without_camera_details(
    client, creator, photo_worker
):
    client.force_login(creator)
    junk = {"FNumber": IFDRational(1, 0), "ISOSpeedRatings": -3, "LensModel": "\x07"}
    with photo_worker():
        photo = upload(client, jpeg_with_exif(**junk))

    photo.refresh_from_db()
    assert photo.is_ready
    assert (photo.lens, photo.f_number, photo.iso) == ("", None, None)


@pytest.mark.parametrize("allowed", [True, False])
def test_the_photos_page_shows_them_only_when_the_uploader_allows_it(
    client, creator, subscriber, photo_worker, allowed
):
    User.objects.filter(pk=creator.pk).update(shows_camera_details=allowed)
    client.force_login(creator)
    with photo_worker():
        photo = upload(client, jpeg_with_exif(**FUJI))
    client.force_login(subscriber)

    page = client.get(photo.get_absolute_url()).text

    for shown in ("FUJIFILM X-T4", "XF23mmF2 R WR", "ƒ/2.8", "1/250", "23&nbsp;mm"):
        assert (shown in page) is allowed
    assert GPS_AREA not in page
