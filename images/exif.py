"""What the camera recorded about a picture, read from its EXIF: camera, lens, focal
length, aperture, shutter speed and ISO — never where it was taken (the GPS block
is not even opened).

EXIF comes from anyone's file: any value may be missing, of the wrong type, zero,
negative or absurd. Such a value is left out, and nothing here ever fails a photo.
"""

import logging
import math
from dataclasses import asdict, dataclass
from decimal import Decimal

from PIL import ExifTags, Image

logger = logging.getLogger(__name__)

TEXT_LIMIT = 120  # Photo.camera and Photo.lens
# What Photo's decimal fields hold: tenths, below these.
FOCAL_LENGTH_LIMIT = Decimal("10000")
F_NUMBER_LIMIT = Decimal("1000")
ISO_LIMIT = 10_000_000
Tag = ExifTags.Base


@dataclass(frozen=True)
class CameraDetails:
    """The camera's settings for one picture; empty where EXIF said nothing usable."""

    camera: str = ""
    lens: str = ""
    focal_length: Decimal | None = None
    f_number: Decimal | None = None
    exposure_time: str = ""  # "1/250", or "2 s" from a second up
    iso: int | None = None

    def as_fields(self) -> dict:
        """The Photo fields of the same names, with these values."""
        return asdict(self)


def camera_details(image: Image.Image) -> CameraDetails:
    """Read the camera's settings from `image`'s EXIF."""
    try:
        exif = image.getexif()
        # Cameras write the settings in the Exif block; some tools in the main one.
        tags = {**exif, **exif.get_ifd(ExifTags.IFD.Exif)}
        return CameraDetails(
            camera=_camera(tags.get(Tag.Make), tags.get(Tag.Model)),
            lens=_text(tags.get(Tag.LensModel)),
            focal_length=_tenths(tags.get(Tag.FocalLength), FOCAL_LENGTH_LIMIT),
            f_number=_tenths(tags.get(Tag.FNumber), F_NUMBER_LIMIT),
            exposure_time=_exposure(tags.get(Tag.ExposureTime)),
            iso=_iso(tags.get(Tag.ISOSpeedRatings)),
        )
    except Exception:  # noqa: BLE001 — a broken EXIF block must not fail the photo
        logger.info("Unreadable EXIF: camera details left out", exc_info=True)
        return CameraDetails()


def _text(value) -> str:
    """A printable one-line text, without the padding cameras leave; else ""."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        return ""
    text = " ".join(value.replace("\x00", " ").split())
    if not text.isprintable() or "\ufffd" in text:
        return ""
    return text[:TEXT_LIMIT]


def _camera(make, model) -> str:
    """ "Make Model", without the make twice: "Canon" and "Canon EOS R5" make
    "Canon EOS R5", "NIKON CORPORATION" and "NIKON D850" make "NIKON D850"."""
    make, model = _text(make), _text(model)
    if not model:
        return make
    brand = make.split(" ")[0].lower() if make else ""
    if not brand or model.lower().startswith(brand):
        return model
    return f"{make} {model}"[:TEXT_LIMIT]


def _number(value) -> float | None:
    """A positive finite number from an EXIF rational, integer or pair."""
    if isinstance(value, tuple) and len(value) == 2:
        numerator, denominator = value
        value = numerator / denominator if denominator else None
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def _tenths(value, limit: Decimal) -> Decimal | None:
    number = _number(value)
    if number is None:
        return None
    tenths = Decimal(str(round(number, 1)))
    return tenths if Decimal("0") < tenths < limit else None


def _exposure(value) -> str:
    """A shutter speed as photographers write it: "1/250", or "2 s"."""
    seconds = _number(value)
    if seconds is None or seconds > 3600:
        return ""
    if seconds <= 0.5:
        fraction = round(1 / seconds)
        return f"1/{fraction}" if fraction < 1_000_000 else ""
    return f"{round(seconds, 1):g} s"


def _iso(value) -> int | None:
    if isinstance(value, tuple) and value:
        value = value[0]  # some cameras give one per reading
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value < ISO_LIMIT else None
