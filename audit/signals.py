"""Record logins, lockouts, and every change of groups and permissions, from anywhere.

Signals catch the admin, the shell and the site alike, and run inside the
transaction of the change they record.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model, user_logged_in, user_login_failed
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from .models import AuditEvent
from .record import record

User = get_user_model()
Action = AuditEvent.Action


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    record(Action.LOGIN, user, actor=user, request=request)


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record(Action.LOGIN_FAILED, detail={"username": username}, request=request)


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs):
    record(Action.LOCKOUT, detail={"username": username}, request=request)


def _labels(model, pks) -> list[str]:
    """Readable names for the rows `pks` of `model`."""
    if model is Permission:
        rows = model.objects.filter(pk__in=pks).select_related("content_type")
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in rows)
    if model is Group:
        return sorted(model.objects.filter(pk__in=pks).values_list("name", flat=True))
    return sorted(str(row) for row in model.objects.filter(pk__in=pks))


def _recorder(action_name: str):
    """A receiver recording additions to and removals from one many-to-many."""

    def receiver_(sender, instance, action, model, pk_set, **kwargs):
        if action == "pre_clear":
            # A clear does not say what it removes: read it before it happens.
            change, pk_set = "removed", _related_pks(sender, instance, model)
        elif action in ("post_add", "post_remove"):
            change = "added" if action == "post_add" else "removed"
        else:
            return
        if pk_set:
            record(action_name, instance, detail={change: _labels(model, pk_set)})

    return receiver_


def _related_pks(through, instance, model) -> set:
    """The rows of `model` that `instance` is linked to through `through`."""
    fields = through._meta.get_fields()
    source = next(
        f for f in fields if getattr(f, "related_model", None) is type(instance)
    )
    target = next(f for f in fields if getattr(f, "related_model", None) is model)
    return set(
        through.objects.filter(**{source.attname: instance.pk}).values_list(
            target.attname, flat=True
        )
    )


m2m_changed.connect(
    _recorder(Action.GROUPS_CHANGE),
    sender=User.groups.through,
    weak=False,
    dispatch_uid="audit_groups",
)
m2m_changed.connect(
    _recorder(Action.USER_PERMISSIONS_CHANGE),
    sender=User.user_permissions.through,
    weak=False,
    dispatch_uid="audit_user_permissions",
)
m2m_changed.connect(
    _recorder(Action.GROUP_PERMISSIONS_CHANGE),
    sender=Group.permissions.through,
    weak=False,
    dispatch_uid="audit_group_permissions",
)


@receiver(post_save, sender=Group)
def record_group_creation(sender, instance, created, **kwargs):
    if created:
        record(Action.GROUP_CREATE, instance)


@receiver(post_delete, sender=Group)
def record_group_deletion(sender, instance, **kwargs):
    record(Action.GROUP_DELETE, instance)


@receiver(pre_delete, sender=User)
def record_user_deletion(sender, instance, **kwargs):
    """An account's deletion takes its posts and photos with it: say how many."""
    detail = {
        "blogs": instance.owned_blogs.count(),
        "photos": instance.photos.count(),
    }
    record(Action.USER_DELETE, instance, detail=detail)
