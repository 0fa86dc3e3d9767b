"""The one upload pipeline every image goes through: check, orient, strip, resize.

An upload is decided from its content, never from its name or Content-Type: Pillow
opens it with only the accepted decoders. It is capped in bytes, and in pixels and
in shape from its header before anything is decoded (a decompression bomb is an
error): `check_photo` does only that, cheaply, in the request; `process_photo`, in
a worker, checks again and does the rest. It is decoded in full (a truncated file is
an error), turned upright from its EXIF orientation and re-encoded: what is stored
is the picture alone, without its metadata or whatever followed it in the file, but
with its colour profile; the camera's settings are read first (images/exif.py), never
its location.
Renditions for `srcset` are made here, once. Files are written only through the
storage API, under generated names.
"""

import io
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageCms, ImageOps

from .exif import CameraDetails, camera_details

# Pillow format -> extension of the stored original. Nothing else is even decoded
# (HEIF is Pillow's once images/apps.py has registered pillow-heif's opener).
# Browsers do not all show HEIC: it is stored as JPEG (PNG if it has transparency).
ACCEPTED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "HEIF": ".jpg"}
# The widest is half the short side of a 12 MP photo, so a JPEG from a phone or a
# camera gives all three from a half-size decode; it covers the 680 px feed column
# on a screen of double density.
PHOTO_WIDTHS = (400, 800, 1500)
AVATAR_SIZES = (64, 192)
JPEG_QUALITY = 88
RENDITION_QUALITY = 80
# libwebp effort, 0-6: 2 instead of 4 is ~40% faster for ~5% larger renditions.
RENDITION_METHOD = 2
# Photo renditions: a triangle filter antialiases like bicubic at about half its
# cost, which counts where a rendition is made from a full-size picture.
PHOTO_RESAMPLING = Image.Resampling.BILINEAR
# Modes with an alpha channel; lower-case "a" is premultiplied (HEIC may be).
ALPHA_MODES = {"RGBA", "RGBa", "LA", "La", "PA"}
# What makes a picture upright, by its EXIF orientation (as ImageOps.exif_transpose).
TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Quarter turns and flips across a diagonal swap width and height.
SWAPS_SIDES = {Image.Transpose.TRANSPOSE, Image.Transpose.TRANSVERSE}
SWAPS_SIDES |= {Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270}


@dataclass
class CheckedPhoto:
    """An upload whose header passed every check: the work on it can be queued."""

    upload: object
    width: int
    height: int

    @property
    def stored_bytes(self) -> int:
        """What it costs until it is processed: the upload itself."""
        return self.upload.size

    @property
    def pixels(self) -> int:
        return self.width * self.height


@dataclass
class ProcessedImage:
    """A checked picture, re-encoded, with its renditions keyed by width."""

    content: bytes
    extension: str
    width: int
    height: int
    renditions: dict[int, bytes] = field(default_factory=dict)
    # Read from the upload's EXIF before it is stripped: never its location.
    camera: CameraDetails = field(default_factory=CameraDetails)

    @property
    def stored_bytes(self) -> int:
        """What storing it costs: the picture and every rendition."""
        return len(self.content) + sum(map(len, self.renditions.values()))


def _refuse(upload, message: str, code: str) -> ValidationError:
    return ValidationError(message % {"name": upload.name}, code=code)


def check_photo(upload) -> CheckedPhoto:
    """Check an uploaded photo from its header alone, decoding nothing."""
    _data, image, turn = _opened(upload, header_only=True)
    return CheckedPhoto(upload, *_upright_size(image, turn))


def process_photo(upload) -> ProcessedImage:
    """Check an uploaded photo and return it upright, clean, with its renditions.

    Two threads share the work (Pillow releases the GIL while it decodes, resizes and
    encodes). A JPEG at least twice as wide as its widest rendition has its
    renditions made from a second decode at a fraction of its size (libjpeg scales
    while it decodes) while the full decode runs; any other picture has them made
    from the full decode while its original is turned and encoded.
    """
    data, image, turn = _opened(upload)
    camera = camera_details(image)
    width, height = _upright_size(image, turn)
    sizes = _rendition_sizes(width, height, PHOTO_WIDTHS)
    scale = _draft_scale(image, width, sizes)
    with ThreadPoolExecutor(max_workers=1) as pool:
        if scale > 1:
            renditions = pool.submit(_draft_renditions, data, scale, sizes, turn)
            image, extension = _decoded(upload, image)
        else:
            image, extension = _decoded(upload, image)
            renditions = pool.submit(
                _renditions, image, sizes, extension, turn, PHOTO_RESAMPLING
            )
        content = _encode(_turned(image, turn), extension)
        with _refusals(upload):
            return ProcessedImage(
                content, extension, width, height, renditions.result(), camera
            )


def process_avatar(upload) -> ProcessedImage:
    """Check an uploaded profile photo and return it as a centred square."""
    _data, image, turn = _opened(upload)
    image, _ = _decoded(upload, image)
    upright = _turned(image, turn)
    side = min(upright.size)
    square = ImageOps.fit(upright, (side, side), Image.Resampling.LANCZOS)
    square.thumbnail((512, 512), Image.Resampling.LANCZOS)
    square.info["icc_profile"] = image.info.get("icc_profile")
    extension = ".png" if square.mode == "RGBA" else ".jpg"
    sizes = [(size, size) for size in sorted(AVATAR_SIZES, reverse=True)]
    renditions = _renditions(square, sizes, extension)
    content = _encode(square, extension)
    return ProcessedImage(content, extension, square.width, square.height, renditions)


def _opened(
    upload, *, header_only: bool = False
) -> tuple[bytes, Image.Image, Image.Transpose | None]:
    """Read the upload and its header, refusing anything but a JPEG, PNG, WebP or
    HEIC of sane size and a single frame. Return its bytes, the picture (not yet
    decoded) and the turn that makes it upright."""
    limit = settings.FOTOBLOG_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s.")
            % {"name": upload.name, "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    with _refusals(upload):
        image = Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
        _check_pixels(upload, image)
        _check_shape(upload, image)
        _check_still(upload, image)
        exif = _header_exif(image) if header_only else image.getexif()
        turn = TURNS.get(exif.get(ExifTags.Base.Orientation))
    return data, image, turn


def _header_exif(image: Image.Image) -> Image.Exif:
    """The EXIF data found before the pixels. A PNG may keep its EXIF after them,
    and Pillow's `getexif()` would decode every pixel to reach it: in the request,
    a PNG's orientation is read from its header or taken as upright."""
    if image.format != "PNG":
        return image.getexif()
    exif = Image.Exif()
    if "exif" in image.info:
        exif.load(image.info["exif"])
    return exif


def _decoded(upload, image: Image.Image) -> tuple[Image.Image, str]:
    """Decode the picture in full, refusing a damaged one; return it in RGB (RGBA
    where there is alpha) and the extension to store it under."""
    with _refusals(upload):
        image.load()
        rgb = _plain_rgb(image)
    extension = ACCEPTED_FORMATS[image.format]
    if rgb.mode == "RGBA" and extension == ".jpg":
        extension = ".png"  # a HEIC with transparency
    return rgb, extension


@contextmanager
def _refusals(upload):
    """Turn what Pillow raises on a bad upload into the message a person reads."""
    try:
        yield
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own check (images/apps.py) raises past twice the limit, and warns
        # past it: an exception only where warnings are errors (as under the tests).
        raise _too_many_pixels(upload) from None
    except (Image.UnidentifiedImageError, SyntaxError):
        raise _refuse(
            upload,
            _("%(name)s is not a JPEG, PNG, WebP or HEIC picture."),
            "unsupported_format",
        ) from None
    except (OSError, ValueError, EOFError):
        raise _refuse(
            upload, _("%(name)s is damaged or incomplete."), "corrupt"
        ) from None


def _check_pixels(upload, image: Image.Image) -> None:
    """Refuse a picture whose header gives it more pixels than the site's limit."""
    if image.width * image.height > settings.FOTOBLOG_MAX_UPLOAD_PIXELS:
        raise _too_many_pixels(upload)


def _too_many_pixels(upload) -> ValidationError:
    megapixels = settings.FOTOBLOG_MAX_UPLOAD_PIXELS / 1_000_000
    return ValidationError(
        _("%(name)s has more than %(limit)g megapixels.")
        % {"name": upload.name, "limit": megapixels},
        code="too_many_pixels",
    )


def _check_shape(upload, image: Image.Image) -> None:
    """Refuse a strip: a picture far longer than it is wide, or the other way."""
    limit = settings.FOTOBLOG_MAX_ASPECT_RATIO
    if max(image.size) > limit * min(image.size):
        raise ValidationError(
            _(
                "%(name)s is %(width)d × %(height)d pixels: one side may be at most "
                "%(limit)d times the other."
            )
            % {
                "name": upload.name,
                "width": image.width,
                "height": image.height,
                "limit": limit,
            },
            code="too_elongated",
        )


def _check_still(upload, image: Image.Image) -> None:
    if getattr(image, "n_frames", 1) > 1:
        raise _refuse(
            upload,
            _("%(name)s is animated; please upload a still picture."),
            "animated",
        )


def _plain_rgb(image: Image.Image) -> Image.Image:
    """Convert to RGB, or RGBA where there is alpha; drop all but the colour profile."""
    icc_profile = image.info.get("icc_profile")
    if image.mode == "CMYK":
        image, icc_profile = _cmyk_to_rgb(image, icc_profile), None
    elif image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: scale to 8 bits rather than clip everything to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = image.mode in ALPHA_MODES or "transparency" in image.info
    if image.mode == "La":
        image = image.convert("LA")  # Pillow converts premultiplied grey only to LA
    mode = "RGBA" if has_alpha else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
    image.info = {"icc_profile": icc_profile} if icc_profile else {}
    return image


def _turned(image: Image.Image, turn: Image.Transpose | None) -> Image.Image:
    return image if turn is None else image.transpose(turn)


def _upright_size(image: Image.Image, turn: Image.Transpose | None) -> tuple[int, int]:
    width, height = image.size
    return (height, width) if turn in SWAPS_SIDES else (width, height)


def _cmyk_to_rgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Convert through the embedded CMYK profile to sRGB when there is one."""
    if icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            srgb = ImageCms.createProfile("sRGB")
            return ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: fall back to Pillow's plain conversion
    return image.convert("RGB")


def _encode(image: Image.Image, extension: str) -> bytes:
    """Encode without metadata, keeping only the colour profile."""
    buffer = io.BytesIO()
    options = {"icc_profile": image.info.get("icc_profile")}
    if extension == ".jpg":
        if image.mode == "RGBA":
            image = image.convert("RGB")
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, **options)
    elif extension == ".png":
        image.save(buffer, "PNG", optimize=False, **options)
    else:
        image.save(buffer, "WEBP", quality=JPEG_QUALITY, method=4, **options)
    return buffer.getvalue()


def _rendition_sizes(
    width: int, height: int, widths: tuple[int, ...]
) -> list[tuple[int, int]]:
    """The upright sizes of a picture's renditions, widest first: each width it
    is wider than, at its aspect ratio."""
    wanted = sorted((w for w in widths if w < width), reverse=True)
    return [(w, max(1, round(height * w / width))) for w in wanted]


def _draft_scale(image: Image.Image, width: int, sizes: list[tuple[int, int]]) -> int:
    """How much smaller a JPEG may be decoded and still give its widest rendition:
    8, 4 or 2 times, or 1 when its renditions must come from the full decode."""
    if image.format != "JPEG" or not sizes:
        return 1
    widest = sizes[0][0]
    return next((scale for scale in (8, 4, 2) if width // scale >= widest), 1)


def _draft_renditions(
    data: bytes, scale: int, sizes: list[tuple[int, int]], turn
) -> dict[int, bytes]:
    """The renditions of a JPEG, from a second decode `scale` times smaller."""
    image = Image.open(io.BytesIO(data), formats=["JPEG"])
    size = (max(1, image.width // scale), max(1, image.height // scale))
    image.draft(image.mode, size)
    image.load()
    return _renditions(_plain_rgb(image), sizes, ".jpg", turn, PHOTO_RESAMPLING)


def _renditions(
    image: Image.Image,
    sizes: list[tuple[int, int]],
    extension: str,
    turn: Image.Transpose | None = None,
    resample=Image.Resampling.LANCZOS,
) -> dict[int, bytes]:
    """Return renditions of the given upright sizes (largest first) in the format
    `rendition_suffix(extension)` names, each made from the one before."""
    renditions = {}
    source = image
    for size in sizes:
        stored_size = size[::-1] if turn in SWAPS_SIDES else size
        # Where a rendition is at most half as large, Pillow first averages whole
        # blocks of pixels (reduce), then filters what is left.
        source = _turned(source.resize(stored_size, resample, reducing_gap=1.0), turn)
        turn = None  # the first rendition is upright; the next ones come from it
        renditions[size[0]] = _encode_rendition(source, extension)
    return renditions


def _encode_rendition(image: Image.Image, extension: str) -> bytes:
    buffer = io.BytesIO()
    options = {"icc_profile": image.info.get("icc_profile")}
    if rendition_suffix(extension) == ".jpg":
        image.save(buffer, "JPEG", quality=RENDITION_QUALITY, **options)
    else:
        image.save(
            buffer,
            "WEBP",
            quality=RENDITION_QUALITY,
            method=RENDITION_METHOD,
            **options,
        )
    return buffer.getvalue()


def rendition_suffix(extension: str) -> str:
    """JPEG renditions of a JPEG (ten times faster to encode than WebP), WebP of
    anything else (it keeps transparency)."""
    return ".jpg" if extension == ".jpg" else ".webp"
