"""Show and repair where groups or memberships differ from the declared role policy."""

from django.core.management.base import BaseCommand

from authentication import roles


class Command(BaseCommand):
    help = (
        "Compare the groups' permissions and the users' role groups with "
        "authentication/roles.py, and repair the differences."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only show the differences."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        drifts = roles.group_drift()
        misplaced = list(roles.members_out_of_role())
        if not drifts and not misplaced:
            self.stdout.write(self.style.SUCCESS("Groups and roles match the policy."))
            return
        for drift in drifts:
            if not drift.exists:
                self.stdout.write(f"group {drift.group}: missing")
            for name in sorted(drift.missing):
                self.stdout.write(f"group {drift.group}: lacks {name}")
            for name in sorted(drift.extra):
                self.stdout.write(f"group {drift.group}: has undeclared {name}")
        for user in misplaced:
            self.stdout.write(
                f"user {user.username}: not in the group of role {user.role}"
            )
        if dry_run:
            self.stdout.write("Dry run: nothing changed.")
            return
        roles.sync_roles()
        self.stdout.write(self.style.SUCCESS("Repaired."))
