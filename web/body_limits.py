"""Request bodies refused before a byte of them is read: one larger than its view
takes (413), or a multipart body where no upload is taken (415).

Django reads no more of a body than its Content-Length says, so checking that
header before anything reads the body bounds what every request may make the site
read. The check runs in `process_view`, listed before the CSRF middleware, whose own
`process_view` parses a POST's body; by then the view is known and so is the user.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

# What `accepts_uploads` marks a view with: how many files one request may carry.
UPLOAD_FILES_ATTRIBUTE = "fotoblog_upload_files"
ONE, MANY = "one", "many"


def accepts_uploads(view=None, *, many: bool = False):
    """Let the view take a multipart body of one picture, or `many`, from a
    logged-in member's POST; every other view takes none."""

    def mark(view):
        setattr(view, UPLOAD_FILES_ATTRIBUTE, MANY if many else ONE)
        return view

    return mark(view) if view is not None else mark


def form_bytes() -> int:
    """What any request may carry: Django's cap on a form's fields."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def upload_bytes(files: str) -> int:
    """What an upload to a view marked `files` may carry: its pictures at their
    largest, and a form's fields beside them."""
    count = settings.FOTOBLOG_MAX_FILES_PER_UPLOAD if files == MANY else 1
    return count * settings.FOTOBLOG_MAX_UPLOAD_BYTES + form_bytes()


class BodyLimitMiddleware:
    """Refuse a request's body by its headers alone, before the CSRF check or the
    view reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        files = getattr(view_func, UPLOAD_FILES_ATTRIBUTE, None)
        multipart = request.content_type == "multipart/form-data"
        if multipart and files and not request.user.is_authenticated:
            # What the login check would answer, once the body had been read.
            return redirect_to_login(request.get_full_path())
        may_upload = files and request.method == "POST"
        limit = upload_bytes(files) if may_upload else form_bytes()
        if _content_length(request) > limit:
            return render(request, "413.html", status=413)
        if multipart and not may_upload:
            return render(request, "415.html", status=415)
        return None


def _content_length(request) -> int:
    """The body's announced length; none or a malformed one reads as empty, as
    Django then reads nothing."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0
