"""What a call needs besides the rules: a member, and a token scoped for it.

Scopes only narrow: every view still asks the member's own permissions and the
per-object rules (blog/rules.py), as the site's pages do. A session (the site's own
scripts) is the member in full.
"""

from rest_framework import permissions

from .models import Scope


def scope_needed(request, view) -> str:
    """The scope a call needs: its view's `scope`, else read to read, write to
    change anything."""
    scope = getattr(view, "scope", None)
    if scope:
        return scope
    return Scope.READ if request.method in permissions.SAFE_METHODS else Scope.WRITE


class TokenScope(permissions.BasePermission):
    """A call by token must be within the token's scopes."""

    message = "This token's scopes do not include what this call needs."

    def has_permission(self, request, view) -> bool:
        token = request.auth
        return token is None or token.allows(scope_needed(request, view))


class MemberOnly(permissions.BasePermission):
    """Lists and actions are a member's; anyone may read what anyone may see."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS and getattr(
            view, "open_to_visitors", False
        ):
            return True
        return bool(request.user and request.user.is_authenticated)
