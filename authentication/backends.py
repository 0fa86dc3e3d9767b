"""Django's ModelBackend, with each user's permissions cached across requests.

Within a request, ModelBackend already keeps the permissions on the user object. This
backend also keeps them in the cache, so a page costs no permission query once warm.
Any change of groups, grants or a group's permissions deletes the cached sets of the
users it touches at once — in Redis for every app server; with the embedded
in-process cache, other worker processes notice within `timeout()`.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_migrate, pre_delete
from django.dispatch import receiver

from .models import User

SOURCES = ("user", "group")  # ModelBackend's names: direct grants, then groups


def shared_cache() -> bool:
    """Whether every app server sees the same cache (Redis), or each process its own."""
    return not settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def timeout() -> int:
    """How long a cached set may live. A shared cache hears of every change at once
    (10 minutes only bounds a change that bypassed the signals); a per-process cache
    hears only of its own process's changes, so other workers may lag 30 seconds."""
    return 600 if shared_cache() else 30


def cache_key(user_pk: int, source: str, superuser: bool) -> str:
    return f"perms:{source}:{user_pk}:{int(superuser)}"


class CachedModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        warm = hasattr(user_obj, "_perm_cache")
        usable = user_obj.is_active and not user_obj.is_anonymous
        if usable and not warm and not obj:
            self._fill_from_cache(user_obj)
        return super().get_all_permissions(user_obj, obj)

    def _fill_from_cache(self, user) -> None:
        """Load cached sets onto the user; after ModelBackend computes the missing
        ones, store those."""
        keys = {s: cache_key(user.pk, s, user.is_superuser) for s in SOURCES}
        found = cache.get_many(keys.values())
        for source, key in keys.items():
            if key in found:
                setattr(user, f"_{source}_perm_cache", found[key])
        missing = {
            key: getattr(self, f"get_{source}_permissions")(user)
            for source, key in keys.items()
            if key not in found
        }
        if missing:
            cache.set_many(missing, timeout=timeout())


def forget_permissions(user_pks) -> None:
    """Drop the cached permission sets of these users."""
    cache.delete_many(
        [
            cache_key(pk, source, superuser)
            for pk in user_pks
            for source in SOURCES
            for superuser in (False, True)
        ]
    )


def _members(group_pks) -> list[int]:
    return list(
        User.groups.through.objects.filter(group__in=group_pks).values_list(
            "user_id", flat=True
        )
    )


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def forget_after_grant_change(sender, instance, action, reverse, pk_set, **kwargs):
    """A user's groups or direct grants changed: forget that user's sets."""
    if not reverse:  # user.groups.add(...), user.user_permissions.remove(...)
        if action in ("post_add", "post_remove", "post_clear"):
            forget_permissions([instance.pk])
    elif action in ("post_add", "post_remove"):  # group.user_set.add(users)
        forget_permissions(pk_set)
    elif action == "pre_clear":  # group.user_set.clear(): read who, before
        forget_permissions(instance.user_set.values_list("pk", flat=True))


@receiver(m2m_changed, sender=Group.permissions.through)
def forget_after_group_change(sender, instance, action, reverse, pk_set, **kwargs):
    """A group's permissions changed: forget the sets of its members."""
    if not reverse:  # group.permissions.add(...)
        if action in ("post_add", "post_remove", "post_clear"):
            forget_permissions(_members([instance.pk]))
    elif action in ("post_add", "post_remove"):  # permission.group_set.add(groups)
        forget_permissions(_members(pk_set))
    elif action == "pre_clear":
        groups = instance.group_set.values_list("pk", flat=True)
        forget_permissions(_members(groups))


@receiver(pre_delete, sender=Group)
def forget_before_group_deletion(sender, instance, **kwargs):
    forget_permissions(_members([instance.pk]))


@receiver(post_migrate)
def forget_after_migrations(sender, **kwargs):
    """Data migrations change groups through historical models, without signals."""
    if sender.label == "authentication" and shared_cache():
        pks = list(User.objects.values_list("pk", flat=True))
        for start in range(0, len(pks), 1000):
            forget_permissions(pks[start : start + 1000])
