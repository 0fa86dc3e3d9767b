"""The role policy: which group each role belongs to and what each group may do.

`User.role` is the truth; groups carry the model permissions. The groups migration
(0002) made these groups with a frozen copy of this table; a test keeps the two equal.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

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
    # Not a role: staff add people to it. Its powers apply through blog/rules.py.
    "moderators": {
        "blog.view_photo",
        "blog.view_blog",
        "blog.moderate_blog",
        "blog.moderate_photo",
    },
}


def role_groups() -> dict[str, Group]:
    """Return each role's group, creating a missing one with its permissions."""
    return {role: declared_group(name) for role, name in ROLE_GROUPS.items()}


def declared_group(name: str) -> Group:
    """Return the declared group `name`, creating it with its permissions if missing."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        group.permissions.set(permissions_named(GROUP_PERMISSIONS[name]))
    return group


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


def permission_names(permissions) -> set[str]:
    """Return `app_label.codename` for each permission of a queryset or list."""
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


@dataclass(frozen=True)
class GroupDrift:
    """How a group in the database differs from what this module declares."""

    group: str
    missing: frozenset[str]  # declared, not in the database
    extra: frozenset[str]  # in the database, not declared
    exists: bool = True


def group_drift() -> list[GroupDrift]:
    """Return every declared group whose permissions in the database differ."""
    found = {
        group.name: permission_names(group.permissions.all())
        for group in Group.objects.filter(name__in=GROUP_PERMISSIONS).prefetch_related(
            "permissions__content_type"
        )
    }
    drift = []
    for name, declared in sorted(GROUP_PERMISSIONS.items()):
        actual = found.get(name, set())
        if name not in found or actual != declared:
            drift.append(
                GroupDrift(
                    group=name,
                    missing=frozenset(declared - actual),
                    extra=frozenset(actual - declared),
                    exists=name in found,
                )
            )
    return drift


def members_out_of_role():
    """Return users missing from their role's group or left in another role's group."""
    from .models import User  # the model module imports this one

    memberships = User.groups.through.objects.filter(user=OuterRef("pk"))
    in_wrong_group = Q()
    for role, name in ROLE_GROUPS.items():
        others = set(ROLE_GROUPS.values()) - {name}
        in_wrong_group |= Q(role=role) & (
            ~Exists(memberships.filter(group__name=name))
            | Exists(memberships.filter(group__name__in=others))
        )
    return User.objects.filter(in_wrong_group).order_by("username")


@transaction.atomic
def sync_roles() -> None:
    """Give groups exactly their declared permissions, and users their role group."""
    for drift in group_drift():
        group, _ = Group.objects.get_or_create(name=drift.group)
        group.permissions.set(permissions_named(GROUP_PERMISSIONS[drift.group]))
    for user in members_out_of_role():
        user.sync_role_group()
