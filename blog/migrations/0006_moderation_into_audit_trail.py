"""Copy the moderation record into the audit trail; Django forgets its model.

The table stays, unused, for one release: the previous version, still serving during
the switch, keeps writing and reading it (rows it writes then are not in the trail).
A later release drops it.

Reversible: going back gives the kept table the trail's moderation events it lacks.
Events the old record had no place for (an owner's deletion of a photo, publishing)
stay in the trail.
"""

from collections import Counter

from django.conf import settings
from django.db import migrations, models

# (the old record's target type, its action) -> the audit trail's action
ACTIONS = {
    ("blog", "star"): "blog_star",
    ("blog", "unstar"): "blog_unstar",
    ("blog", "hide"): "blog_hide",
    ("blog", "show"): "blog_show",
    ("blog", "delete"): "blog_moderator_delete",
    ("photo", "hide"): "photo_hide",
    ("photo", "show"): "photo_show",
    ("photo", "delete"): "photo_moderator_delete",
}
OLD_ACTIONS = {action: old for old, action in ACTIONS.items()}


def into_audit_trail(apps, schema_editor):
    ModerationAction = apps.get_model("blog", "ModerationAction")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    for row in ModerationAction.objects.select_related("moderator").order_by("pk"):
        action = ACTIONS[row.target_type, row.action]
        target = {
            "target_type": f"blog.{row.target_type}",
            "target_id": str(row.target_id),
        }
        if action == "blog_moderator_delete":
            # The trail already holds this deletion as "blog deleted": it becomes
            # the moderator's, so it is not there twice.
            deletion = AuditEvent.objects.filter(
                action="blog_delete", actor=row.moderator_id, **target
            ).first()
            if deletion is not None:
                AuditEvent.objects.filter(pk=deletion.pk).update(action=action)
                continue
        event = AuditEvent.objects.create(
            actor=row.moderator,
            actor_label=row.moderator.username if row.moderator else "",
            action=action,
            target_label=row.target_label,
            **target,
        )
        # `auto_now_add` sets the date on creation: keep the original one.
        AuditEvent.objects.filter(pk=event.pk).update(date_created=row.date_created)


def out_of_audit_trail(apps, schema_editor):
    ModerationAction = apps.get_model("blog", "ModerationAction")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    # The kept table still holds the rows copied forward: only the events it
    # lacks (recorded by the new version) become rows again.
    kept = Counter(
        ModerationAction.objects.values_list(
            "moderator_id", "action", "target_type", "target_id", "target_label"
        )
    )
    events = AuditEvent.objects.filter(action__in=OLD_ACTIONS).order_by("pk")
    for event in events:
        target_type, action = OLD_ACTIONS[event.action]
        target_id, label = int(event.target_id), event.target_label
        key = (event.actor_id, action, target_type, target_id, label)
        if kept[key]:
            kept[key] -= 1
        else:
            copy_into_kept_table(ModerationAction, event, action, target_type)
        if event.action == "blog_moderator_delete":
            # The old code recorded a blog's deletion in both places.
            AuditEvent.objects.filter(pk=event.pk).update(action="blog_delete")
        else:
            AuditEvent.objects.filter(pk=event.pk).delete()


def copy_into_kept_table(ModerationAction, event, action, target_type):
    """Record a moderation event of the trail as a row of the old record."""
    row = ModerationAction.objects.create(
        moderator_id=event.actor_id,
        action=action,
        target_type=target_type,
        target_id=int(event.target_id),
        target_label=event.target_label,
    )
    ModerationAction.objects.filter(pk=row.pk).update(date_created=event.date_created)


def unlink_deleted_moderators(apps, schema_editor):
    """Do what SET_NULL would have done for the moderators deleted meanwhile."""
    ModerationAction = apps.get_model("blog", "ModerationAction")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    ModerationAction.objects.exclude(moderator__isnull=True).exclude(
        moderator_id__in=User.objects.values("pk")
    ).update(moderator=None)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0005_starred_blogs_index"),
        ("audit", "0003_moderation_actions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(into_audit_trail, out_of_audit_trail),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                # Without its model, Django no longer sets a deleted moderator's
                # rows to NULL: the database must not refuse the deletion.
                migrations.AlterField(
                    model_name="moderationaction",
                    name="moderator",
                    field=models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=models.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="moderator",
                    ),
                ),
                migrations.RunPython(
                    migrations.RunPython.noop, unlink_deleted_moderators
                ),
            ],
            state_operations=[migrations.DeleteModel(name="ModerationAction")],
        ),
    ]
