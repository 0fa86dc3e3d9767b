"""What every form view of the site shares."""

from django.http import HttpRequest


def submitted(request: HttpRequest) -> dict:
    """Return form kwargs binding the POST data and files, or none for other methods.

    Not `request.POST or None`: an empty POST must be validated, not ignored.
    """
    if request.method != "POST":
        return {}
    return {"data": request.POST, "files": request.FILES}
