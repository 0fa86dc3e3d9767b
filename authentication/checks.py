"""`manage.py check --database default` warns when the groups in the database drift
from the policy."""

from django.core.checks import Tags, Warning, register
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection
from django.db.migrations.exceptions import NodeNotFoundError
from django.db.migrations.executor import MigrationExecutor

from . import roles


def _migrations_pending() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


# Tagged database: a plain `check` (and `check --deploy`) leaves the database alone.
@register(Tags.database)
def check_role_groups(app_configs=None, databases=None, **kwargs) -> list[Warning]:
    """Warn for every declared group whose permissions differ in the database."""
    if DEFAULT_DB_ALIAS not in (databases or ()):
        return []  # the groups live in the default database only
    try:
        if _migrations_pending():
            return []  # migrate creates the groups; nothing to compare yet
        drifts = roles.group_drift()
    except (DatabaseError, NodeNotFoundError):
        return []  # no database or migrations to look at: other commands say so
    return [
        Warning(
            f"Group '{drift.group}' differs from authentication/roles.py"
            + (": it does not exist." if not drift.exists else ".")
            + "".join(f" Lacks {name}." for name in sorted(drift.missing))
            + "".join(f" Has undeclared {name}." for name in sorted(drift.extra)),
            hint="Run `python manage.py sync_roles` to repair it.",
            id="authentication.W001",
        )
        for drift in drifts
    ]
