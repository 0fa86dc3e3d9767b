"""The site's page where a member makes, lists and revokes their access tokens."""

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from web.ratelimit import rate_limited
from web.request_data import submitted

from .forms import AccessTokenForm
from .models import Scope
from .tokens import create_token, revoke_token


def state_of(token) -> str:
    """How a token stands, as the list shows it."""
    if token.revoked_at is not None:
        return "revoked"
    return "expired" if token.has_expired else "live"


MADE_ALREADY = gettext_lazy(
    "This token is made already, and its secret was shown once. If you did not "
    "copy it, revoke it and make another."
)
# How long a form, once sent, makes nothing if sent again.
ONCE_SECONDS = 24 * 3600


def made_already(user, once) -> bool:
    """Whether this showing of the form made a token already (a reload sends it
    again); remember that it has, from now on."""
    if once is None:
        return False
    return not cache.add(f"tokens:made:{user.pk}:{once}", True, ONCE_SECONDS)


@require_http_methods(["GET", "POST"])
@rate_limited("tokens")  # each POST makes a token
def access_tokens(request):
    """List the member's tokens and make one; its secret is in this answer only."""
    form = AccessTokenForm(**submitted(request), user=request.user)
    secret, status = None, 200
    if request.method == "POST":
        if form.is_valid() and made_already(request.user, form.cleaned_data["once"]):
            messages.info(request, MADE_ALREADY)
            return redirect("access_tokens")
        if form.is_valid():
            _token, secret = create_token(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
            )
            form = AccessTokenForm(user=request.user)
        else:
            status = 400
    tokens = request.user.access_tokens.all()
    context = {
        "form": form,
        "secret": secret,
        "me_url": request.build_absolute_uri(reverse("api:me")),
        "tokens": [
            (token, state_of(token), [Scope(scope).label for scope in token.scopes])
            for token in tokens
        ],
    }
    response = render(request, "api/access_tokens.html", context, status=status)
    if secret:  # the secret is in this answer only: keep it out of every cache
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
def access_token_revoke(request, token_id):
    """Stop one of the member's tokens at once."""
    # Only the member's own tokens: another's id is not found.
    token = get_object_or_404(request.user.access_tokens, pk=token_id)
    revoke_token(token, by=request.user)
    messages.success(
        request,
        _("The token “%(name)s” is revoked: it no longer works.")
        % {"name": token.name},
    )
    return redirect("access_tokens")
