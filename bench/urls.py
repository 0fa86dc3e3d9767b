"""fotoblog's URLs, plus /floor/: the framework's floor for this site."""

from django.http import HttpResponse
from django.urls import path
from django.utils.html import escape
from django.views.decorators.http import require_GET

from fotoblog import urls as site_urls

handler500 = site_urls.handler500


@require_GET
def floor(request):
    """Every middleware of the site, the session and the user; a constant page."""
    name = escape(request.user.get_username())
    return HttpResponse(f"<!doctype html><title>floor</title><p>{name}</p>")


urlpatterns = [path("floor/", floor), *site_urls.urlpatterns]
