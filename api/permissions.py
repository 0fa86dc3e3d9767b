"""What a call needs besides the rules: a member, and a token scoped for it.

Scopes only narrow: every view still asks the member's own permissions and the
per-object rules (blog/rules.py), as the site's pages do. A session (the site's own
scripts) is the member in full.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions
from rules import Predicate

from .models import Scope

SCOPE_REFUSED = _("This token's scopes do not include what this call needs.")
# A deletion is authoring or moderating, by whose the item is: its view decides.
EITHER = (Scope.WRITE, Scope.MODERATE)


def scopes_accepted(request, view) -> tuple[str, ...]:
    """The scopes, any of which a call needs: its view's `scope`, else read to read,
    write to change anything; a deletion, write or moderate."""
    scope = getattr(view, "scope", None)
    if scope:
        return (scope,)
    if request.method in permissions.SAFE_METHODS:
        return (Scope.READ,)
    return EITHER if request.method == "DELETE" else (Scope.WRITE,)


class TokenScope(permissions.BasePermission):
    """A call by token must be within the token's scopes."""

    message = SCOPE_REFUSED

    def has_permission(self, request, view) -> bool:
        token = request.auth
        accepted = scopes_accepted(request, view)
        return token is None or any(token.allows(scope) for scope in accepted)


def deletion_scope(user, authoring: Predicate, item) -> str:
    """What deleting `item` is for `user`: authoring (their own), or moderating."""
    return Scope.WRITE if authoring.test(user, item) else Scope.MODERATE


def check_deletion_scope(request, authoring: Predicate, item) -> None:
    """Refuse a token deleting someone else's item without its moderate scope, or
    its own without its write scope."""
    token = request.auth
    if token is not None and not token.allows(
        deletion_scope(request.user, authoring, item)
    ):
        raise exceptions.PermissionDenied(SCOPE_REFUSED)


class MemberOnly(permissions.BasePermission):
    """Lists and actions are a member's; anyone may read what anyone may see."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS and getattr(
            view, "open_to_visitors", False
        ):
            return True
        return bool(request.user and request.user.is_authenticated)
