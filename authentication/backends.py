"""Django's ModelBackend, reading a user's permissions in one query per request.

Nothing is kept across requests: a role, group or grant changed by any means — the
admin, the shell, `QuerySet.update()`, raw SQL, a data migration — applies on the very
next request, on every worker. Within a request the set is kept on the user object,
as ModelBackend does.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from .models import KEPT

FIELDS = ("content_type__app_label", "codename")


class OneQueryModelBackend(ModelBackend):
    """ModelBackend whose get_all_permissions() costs one query instead of two."""

    def get_all_permissions(self, user_obj, obj=None):
        """Return the user's direct and group permissions, read together once."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, KEPT):
            permissions = {
                f"{app_label}.{codename}"
                for app_label, codename in self._permissions(user_obj)
            }
            setattr(user_obj, KEPT, permissions)
        return getattr(user_obj, KEPT)

    def _permissions(self, user):
        """Every permission for a superuser; else direct grants UNION group ones."""
        permissions = Permission.objects.order_by()
        if user.is_superuser:
            return permissions.values_list(*FIELDS)
        direct = permissions.filter(user=user).values_list(*FIELDS)
        by_group = permissions.filter(group__user=user).values_list(*FIELDS)
        return direct.union(by_group)
