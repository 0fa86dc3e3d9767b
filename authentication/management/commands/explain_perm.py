"""Explain why a user has, or has not, a permission — optionally on one object.

A name that is a plain rule (`rules.add_rule`, such as `authentication.follow_user`)
and no permission is answered by that rule alone, as the site asks it: no superuser
shortcut, no groups.
"""

import logging

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from rules.permissions import permissions as rule_set
from rules.rulesets import default_rules

from authentication.models import User


class _Collect(logging.Handler):
    """Keep the lines the rules library logs while it evaluates predicates."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def is_plain_rule(name: str) -> bool:
    """`name` is a rule of the default rule set, and no permission."""
    return default_rules.rule_exists(name) and not rule_set.rule_exists(name)


class Command(BaseCommand):
    help = "Print whether USERNAME has APP.PERM (on MODEL PK if given) and why."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "permission", help="app_label.codename, e.g. blog.change_blog"
        )
        parser.add_argument("model", nargs="?", help="app_label.Model, e.g. blog.Blog")
        parser.add_argument("pk", nargs="?")

    def handle(self, username, permission, model=None, pk=None, **options):
        user = self.find_user(username)
        obj = self.find_object(model, pk) if model else None
        target = f"{permission}" + (f" on {model} {pk} ({obj})" if obj else "")
        if is_plain_rule(permission):
            granted = default_rules.test_rule(permission, user, obj)
            reasons = self.plain_rule_reasons(user, permission, obj)
        else:
            granted = user.has_perm(permission, obj)
            reasons = self.reasons(user, permission, obj)
        self.stdout.write(
            f"{username} {'HAS' if granted else 'does NOT have'} {target}"
        )
        # An object may say more: a post its audience, and the follow or block
        # that decided (blog.models.Explained).
        explained = getattr(obj, "explain_to", None)
        for reason in [*reasons, *(explained(user) if explained else [])]:
            # Predicate results come indented, under the rule they belong to.
            bullet = "      " if reason.startswith(" ") else "  - "
            self.stdout.write(f"{bullet}{reason.strip()}")

    def find_user(self, username):
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None

    def find_object(self, model, pk):
        if pk is None:
            raise CommandError("Give the object's primary key after the model.")
        try:
            model_class = apps.get_model(model)
        except (LookupError, ValueError):  # ValueError: no dot in `model`
            raise CommandError(f"No model {model!r}; use app_label.Model.") from None
        try:
            return model_class.objects.get(pk=pk)
        except (ValueError, ValidationError, model_class.DoesNotExist):
            raise CommandError(f"No {model} with primary key {pk!r}.") from None

    def reasons(self, user, permission, obj):
        if not user.is_active:
            yield "the account is inactive: inactive users have no permission"
            return
        if user.is_superuser:
            yield "the user is a superuser: superusers have every permission"
            return
        yield from self.model_level_reasons(user, permission)
        if obj is not None or rule_set.rule_exists(permission):
            yield from self.rule_reasons(user, permission, obj)

    def model_level_reasons(self, user, permission):
        app_label, _, codename = permission.partition(".")
        direct = user.user_permissions.filter(
            content_type__app_label=app_label, codename=codename
        ).exists()
        groups = list(
            user.groups.filter(
                permissions__content_type__app_label=app_label,
                permissions__codename=codename,
            ).values_list("name", flat=True)
        )
        if direct:
            yield f"granted directly to the user (model level): {permission}"
        for name in groups:
            yield f"granted through group {name!r} (model level): {permission}"
        if not direct and not groups:
            memberships = ", ".join(user.groups.values_list("name", flat=True))
            yield (
                f"no group ({memberships or 'none'}) and no direct grant gives "
                f"{permission} (model level)"
            )

    def rule_reasons(self, user, permission, obj):
        if not rule_set.rule_exists(permission):
            yield f"no per-object rule for {permission}: only model level counts"
            return
        yield from self.predicate_reasons(rule_set, user, permission, obj)

    def plain_rule_reasons(self, user, name, obj):
        yield "a rule, not a permission: neither superuser nor groups count"
        yield from self.predicate_reasons(default_rules, user, name, obj)

    def predicate_reasons(self, ruleset, user, name, obj):
        """Yield the rule `name` of `ruleset`, then each predicate with its result."""
        rule = ruleset[name]
        logger = logging.getLogger("rules")
        handler, level = _Collect(), logger.level
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        try:
            rule.test(user, obj)
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
        yield f"rule {name} = {rule}"
        for line in handler.lines:
            if " = " in line:
                yield f"  {line.strip()}"
