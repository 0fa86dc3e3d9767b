"""Print who may do what, in Markdown: groups' permissions and per-object rules."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from rules.permissions import permissions as rule_set
from rules.rulesets import default_rules

from authentication.roles import GROUP_PERMISSIONS, ROLE_GROUPS

README_START = "<!-- permissions-matrix: made by `manage.py permissions_matrix` -->"
README_END = "<!-- /permissions-matrix -->"


def permissions_matrix() -> str:
    """Return the role × permission table and the per-object rules, in Markdown."""
    groups = list(GROUP_PERMISSIONS)
    roles = {name: role for role, name in ROLE_GROUPS.items()}
    header = " | ".join(
        f"{name} (role {roles[name]})" if name in roles else name for name in groups
    )
    lines = [f"| permission | {header} |", "|---" * (len(groups) + 1) + "|"]
    for permission in sorted(set().union(*GROUP_PERMISSIONS.values())):
        marks = " | ".join(
            "✓" if permission in GROUP_PERMISSIONS[name] else "" for name in groups
        )
        lines.append(f"| `{permission}` | {marks} |")
    lines += ["", "| per-object rule | holds when |", "|---|---|"]
    # Rules registered as permissions, and rules that no superuser passes by default.
    every_rule = {**default_rules, **rule_set}
    for name in sorted(every_rule):
        # A pipe inside a table cell must be escaped, even in code.
        expression = str(every_rule[name]).replace("|", "\\|")
        lines.append(f"| `{name}` | `{expression}` |")
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Print the role × permission table and the per-object rules as Markdown."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update-readme",
            action="store_true",
            help="Rewrite the copy in README.md instead of printing.",
        )

    def handle(self, *args, update_readme: bool = False, **options):
        matrix = permissions_matrix()
        if not update_readme:
            self.stdout.write(matrix, ending="")
            return
        readme = Path(settings.BASE_DIR) / "README.md"
        text = readme.read_text()
        before, _, rest = text.partition(README_START)
        _, _, after = rest.partition(README_END)
        readme.write_text(f"{before}{README_START}\n{matrix}{README_END}{after}")
        self.stdout.write(f"Updated {readme.name}.")
