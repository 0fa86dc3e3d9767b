from django.apps import AppConfig


class ImagesConfig(AppConfig):
    """The upload pipeline every picture goes through, and where its files go."""

    name = "images"
