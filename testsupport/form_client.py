"""A test client that posts a form as a browser does.

Django's test client sends every POST as multipart/form-data; a browser sends a
form as application/x-www-form-urlencoded unless it carries a file input
(`enctype="multipart/form-data"`, the upload pages). The site refuses a multipart
body wherever no upload is taken (web/body_limits.py), so the tests post what a
browser would.
"""

from urllib.parse import urlencode

from django.test import Client
from django.test.client import MULTIPART_CONTENT

URLENCODED = "application/x-www-form-urlencoded"


class FormClient(Client):
    """Post a form urlencoded, or multipart when it holds a file."""

    def post(self, path, data=None, content_type=None, **extra):
        if content_type is None:
            content_type = MULTIPART_CONTENT if _holds_file(data) else URLENCODED
            if content_type == URLENCODED:
                data = _urlencoded(data or {})
        return super().post(path, data, content_type, **extra)


def _is_file(value) -> bool:
    return hasattr(value, "read")


def _holds_file(data) -> bool:
    """Whether any field of the form data is a file, or a list holding one."""
    if not hasattr(data, "items"):
        return False
    return any(
        _is_file(value)
        or (isinstance(value, list | tuple) and any(map(_is_file, value)))
        for value in data.values()
    )


def _urlencoded(data) -> str:
    """The form data as a browser encodes it; a list gives the field many values."""
    if hasattr(data, "urlencode"):  # a QueryDict
        return data.urlencode()
    if not hasattr(data, "items"):
        return data
    return urlencode(data, doseq=True)
