"""Create the `creators` and `subscribers` groups and put existing users in them.

Django creates content types and default permissions in a post_migrate signal, after
all migrations, so on an empty database they do not exist yet: this migration creates
the ones it needs, looked up by app label and codename, exactly as Django would.
The permission table is frozen here on purpose; `authentication/roles.py` holds the
live policy and a test keeps the two equal.
"""

from django.db import migrations

ROLE_GROUPS = {"CREATOR": "creators", "SUBSCRIBER": "subscribers"}
GROUP_PERMISSIONS = {
    "creators": [
        (action, model)
        for model in ("photo", "blog")
        for action in ("add", "change", "delete", "view")
    ],
    "subscribers": [("view", "photo"), ("view", "blog")],
}


def permission(apps, action, model):
    """Return blog's `<action>_<model>` permission, creating it if Django has not yet."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="blog", model=model)
    verbose_name = apps.get_model("blog", model)._meta.verbose_name
    found, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {verbose_name}"},
    )
    return found


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("authentication", "User")
    for role, name in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *(permission(apps, action, model) for action, model in GROUP_PERMISSIONS[name])
        )
        group.user_set.add(*User.objects.filter(role=role).values_list("pk", flat=True))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS.values()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("authentication", "0001_initial"),
        ("blog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
