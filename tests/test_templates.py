"""Templates say nothing by mistake: Django strips a `{# #}` comment only on one line,
so one spanning lines would be shown to every visitor."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
OPEN_COMMENT = re.compile(r"\{#(?:(?!#\}).)*$", re.M)


def test_no_template_has_a_one_line_comment_spanning_lines():
    found = [
        f"{path.relative_to(TEMPLATES)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for text in [path.read_text()]
        for match in OPEN_COMMENT.finditer(text)
    ]
    assert not found, f"use {{% comment %}} for these: {found}"
