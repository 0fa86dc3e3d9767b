"""The role policy: which group each role belongs to and what each group may do.

`User.role` is the truth; groups carry the model permissions. The groups migration
(0002) made these groups with a frozen copy of this table; a test keeps the two equal.
"""

from django.contrib.auth.models import Group, Permission

ROLE_GROUPS: dict[str, str] = {
    "CREATOR": "creators",
    "SUBSCRIBER": "subscribers",
}

GROUP_PERMISSIONS: dict[str, set[str]] = {
    "creators": {
        f"blog.{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("photo", "blog")
    },
    "subscribers": {"blog.view_photo", "blog.view_blog"},
}


def role_groups() -> dict[str, Group]:
    """Return each role's group, creating a missing one with its permissions."""
    groups = {}
    for role, name in ROLE_GROUPS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(permissions_named(GROUP_PERMISSIONS[name]))
        groups[role] = group
    return groups


def permissions_named(names: set[str]) -> list[Permission]:
    """Return the permissions named `app_label.codename`; fail on an unknown one."""
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = [
        permission
        for permission in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _, codename in wanted}
        )
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    if len(found) != len(wanted):
        missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
        raise LookupError(f"unknown permissions: {sorted(missing)}")
    return found
