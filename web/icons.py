"""The icon browsers ask for at the site's root, whatever the page says."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def favicon(request):
    """Send /favicon.ico to the static icon (its name changes with its content)."""
    return redirect(static("img/favicon.ico"))
