"""permissions_matrix prints the policy, and the README carries its current copy."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from authentication.management.commands.permissions_matrix import (
    README_END,
    README_START,
    permissions_matrix,
)


def test_it_prints_a_column_per_group_and_a_row_per_permission(capsys):
    call_command("permissions_matrix")
    output = capsys.readouterr().out
    assert (
        "| permission | creators (role CREATOR) | subscribers (role SUBSCRIBER) |"
        in (output)
    )
    assert "| `blog.add_photo` | ✓ |  |  |" in output
    assert "| `blog.view_blog` | ✓ | ✓ | ✓ |" in output
    assert "| `blog.moderate_blog` |  |  | ✓ |" in output


def test_it_prints_each_per_object_rule_with_its_predicates(capsys):
    call_command("permissions_matrix")
    output = capsys.readouterr().out
    assert "| `blog.manage_blog` | `(is_owner & holds:blog.change_blog)` |" in output


def test_it_matches_the_copy_in_the_readme():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    copy = readme.split(README_START, 1)[1].split(README_END, 1)[0]
    assert copy.strip() == permissions_matrix().strip(), (
        "README.md is out of date: run `manage.py permissions_matrix --update-readme`"
    )
