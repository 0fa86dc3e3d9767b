"""The site's pages for access tokens, beside the member's other account pages."""

from django.urls import path

from . import site_views

urlpatterns = [
    path("account/tokens/", site_views.access_tokens, name="access_tokens"),
    path(
        "account/tokens/<int:token_id>/revoke/",
        site_views.access_token_revoke,
        name="access_token_revoke",
    ),
]
