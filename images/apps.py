import pillow_heif
from django.apps import AppConfig
from django.conf import settings
from PIL import Image


class ImagesConfig(AppConfig):
    """The upload pipeline every picture goes through, and where its files go."""

    name = "images"

    def ready(self) -> None:
        """Teach Pillow HEIC, and give its own bomb check the site's pixel limit."""
        # HEIC, as iPhones take them. libheif turns the picture upright itself (and
        # resets its EXIF orientation); its thumbnails and depth maps are of no use.
        pillow_heif.register_heif_opener(
            thumbnails=False, depth_images=False, aux_images=False
        )
        # The pipeline refuses a picture past FOTOBLOG_MAX_UPLOAD_PIXELS from its
        # header, with the site's message. Pillow checks first, inside Image.open,
        # before the WebP decoder reserves its canvas (up to 2 GB), which nothing of
        # ours can precede. Left at its default (an error past 179 MP) it would
        # refuse pictures a higher setting allows, so it takes the site's limit: it
        # raises past twice that and warns past it. A module global: set once, here.
        Image.MAX_IMAGE_PIXELS = settings.FOTOBLOG_MAX_UPLOAD_PIXELS
