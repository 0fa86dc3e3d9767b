"""The demo's photographs: real pictures from the scikit-image package, with credits.

scikit-image (PyPI `scikit-image`, a development requirement installed by `make run`)
ships a few sample photographs in `skimage/data`. They are read here as plain files:
the package is located without being imported, so numpy and scipy are never loaded.
Each picture's author and licence is the one scikit-image states in its docstring
(`skimage/data/_fetchers.py`); every one allows redistribution and any use.
"""

import io
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


@dataclass(frozen=True)
class DemoPhoto:
    """A sample picture, how to frame it, and what to say about it."""

    file: str
    credit: str
    caption: str
    alt: str
    # (left, top, right, bottom) in the original's pixels; None keeps it whole.
    crop: tuple[int, int, int, int] | None = None


def _photo(key: str, **fields) -> tuple[str, DemoPhoto]:
    return key, DemoPhoto(**fields)


PHOTOS = dict(
    [
        _photo(
            "rocket",
            file="rocket.jpg",
            credit="SpaceX, public domain",
            caption="Falcon 9 with DSCOVR on the pad at Cape Canaveral, the evening "
            "before launch.",
            alt="A white rocket on its launch pad at dusk, lit by floodlights "
            "between four lightning towers.",
        ),
        _photo(
            "rocket_tall",
            file="rocket.jpg",
            credit="SpaceX, public domain",
            caption="The same rocket, framed tall: 68 metres of it.",
            alt="A tall narrow view of a white rocket against a deep blue sky.",
            # A 2:3 portrait around the rocket.
            crop=(178, 0, 463, 427),
        ),
        _photo(
            "deep_field_strip",
            file="hubble_deep_field.jpg",
            credit="NASA, ESA and the Hubble Space Telescope, public domain",
            caption="A strip of the Hubble eXtreme Deep Field: almost every dot is "
            "a galaxy.",
            alt="A wide black band scattered with hundreds of small coloured galaxies.",
            # A 3:1 panorama across the middle of the field.
            crop=(0, 270, 1000, 603),
        ),
        _photo(
            "deep_field",
            file="hubble_deep_field.jpg",
            credit="NASA, ESA and the Hubble Space Telescope, public domain",
            caption="Ten years of exposures on one patch of sky.",
            alt="Black sky crowded with faint red, white and blue galaxies of "
            "every size.",
        ),
        _photo(
            "astronaut",
            file="astronaut.png",
            credit="NASA, public domain",
            caption="Eileen Collins, the first woman to pilot a space shuttle.",
            alt="A smiling astronaut in an orange flight suit beside her helmet, "
            "a flag and a model shuttle behind her.",
        ),
        _photo(
            "coffee",
            file="coffee.png",
            credit="Rachel Michetti (Pikolo Espresso Bar), CC0",
            caption="Espresso at Pikolo, before the rush.",
            alt="An espresso in a red cup and saucer with a spoon, on a wooden table.",
        ),
        _photo(
            "camera",
            file="camera.png",
            credit="Lav Varshney, CC0",
            caption="The cameraman on the lawn, in black and white.",
            alt="A man in a dark coat looking through a camera on a tripod, on a "
            "lawn with buildings far behind.",
        ),
        _photo(
            "coins",
            file="coins.png",
            credit="Brooklyn Museum, no known copyright restrictions",
            caption="Greek coins found at Pompeii, four rows of them.",
            alt="Twenty-four worn silver coins laid out in rows on a grey cloth.",
        ),
        _photo(
            "chelsea",
            file="chelsea.png",
            credit="Stefan van der Walt, CC0",
            caption="Chelsea, who has opinions about the lens.",
            alt="Close-up of a tabby cat's face, green eyes looking into the camera.",
        ),
        _photo(
            "brick",
            file="brick.png",
            credit="CC0Textures, CC0",
            caption="Brick path, after the rain.",
            alt="Grey bricks laid in long staggered rows, seen from above.",
        ),
        _photo(
            "gravel",
            file="gravel.png",
            credit="CC0Textures, CC0",
            caption="Gravel by the gate.",
            alt="Close-up of small sharp grey stones.",
        ),
        _photo(
            "grass",
            file="grass.png",
            credit="linolafett (DeviantArt), CC0",
            caption="The lawn nobody mows.",
            alt="Close-up of tangled blades of grass in black and white.",
        ),
    ]
)


def samples_folder() -> Path:
    """Where scikit-image keeps its sample pictures, found without importing it."""
    spec = find_spec("skimage")
    if spec is None or spec.origin is None:
        raise LookupError(
            "scikit-image is not installed: `make run` installs it "
            "(requirements.lock), or pip install scikit-image"
        )
    return Path(spec.origin).parent / "data"


def demo_upload(key: str) -> SimpleUploadedFile:
    """Return photo `key` as an uploaded JPEG, cropped as the catalogue says."""
    photo = PHOTOS[key]
    with Image.open(samples_folder() / photo.file) as original:
        image = original.convert("RGB")
    if photo.crop:
        image = image.crop(photo.crop)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return SimpleUploadedFile(f"{key}.jpg", buffer.getvalue(), "image/jpeg")
