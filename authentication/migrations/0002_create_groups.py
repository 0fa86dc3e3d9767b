"""Create the groups `creators`, `subscribers` and `moderators`; put users in their role's.

Django creates content types and permissions in a post_migrate signal, after all
migrations, so on an empty database they do not exist yet: this migration creates the
ones it needs, looked up by app label and codename, with the names Django gives them.
The table is frozen here on purpose; `authentication/roles.py` holds the live policy
and a test keeps the two equal.
"""

from django.db import migrations

# codename -> (model, name), as Django and blog's Meta.permissions define them.
BLOG_PERMISSIONS = {
    **{
        f"{action}_{model}": (model, f"Can {action} {model}")
        for model in ("photo", "blog")
        for action in ("add", "change", "delete", "view")
    },
    "moderate_blog": ("blog", "Can star, hide or delete any blog"),
    "moderate_photo": ("photo", "Can hide or delete any photo"),
}
GROUP_PERMISSIONS = {
    "creators": [
        f"{action}_{model}"
        for model in ("photo", "blog")
        for action in ("add", "change", "delete", "view")
    ],
    "subscribers": ["view_photo", "view_blog"],
    "moderators": ["view_photo", "view_blog", "moderate_blog", "moderate_photo"],
}
ROLE_GROUPS = {"CREATOR": "creators", "SUBSCRIBER": "subscribers"}


def blog_permission(apps, codename):
    """Return blog's permission `codename`, creating it if Django has not yet."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    model, name = BLOG_PERMISSIONS[codename]
    content_type, _ = ContentType.objects.get_or_create(app_label="blog", model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("authentication", "User")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(blog_permission(apps, c) for c in codenames))
    for role, name in ROLE_GROUPS.items():
        members = User.objects.filter(role=role).values_list("pk", flat=True)
        Group.objects.get(name=name).user_set.add(*members)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("authentication", "0001_initial"),
        ("blog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
