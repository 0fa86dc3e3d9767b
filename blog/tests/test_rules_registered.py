"""blog/rules.py is loaded: every rule the views and templates ask for exists, and
none lets an inactive member act.

Without it every object check silently answers False, so these tests guard the wiring
(AutodiscoverRulesConfig, the rules backend) as much as the names.
"""

import re
from pathlib import Path

import pytest
import rules
from django.conf import settings

from blog.facts import POST_ACTIONS
from blog.views.contributors import MANAGE
from testsupport.actors import BLOG_RULES, PHOTO_RULES
from testsupport.factories import make_blog, make_photo

ROOT = Path(settings.BASE_DIR)
TEMPLATE_CHECK = re.compile(r'{%\s*has_perm\s+"([\w.]+)"')
VIEW_CHECK = re.compile(
    r'(?:blog_or_deny|photo_or_deny|has_perm)\(\s*(?:request,\s*\w+,\s*)?"([\w.]+)"'
    r'|view="([\w.]+)"'
)


def names_used_by_templates() -> set[str]:
    files = (ROOT / "templates").rglob("*.html")
    return {name for path in files for name in TEMPLATE_CHECK.findall(path.read_text())}


def names_used_by_views() -> set[str]:
    files = (ROOT / "blog" / "views").glob("*.py")
    found = (VIEW_CHECK.findall(path.read_text()) for path in files)
    return {name for matches in found for pair in matches for name in pair if name}


@pytest.mark.parametrize("name", BLOG_RULES + PHOTO_RULES)
def test_it_registers_the_rule(name):
    assert rules.perm_exists(name)


def test_it_registers_no_blog_rule_the_tests_do_not_know():
    registered = {name for name in rules.permissions.permissions if "." in name}
    assert {n for n in registered if n.startswith("blog.")} == set(
        BLOG_RULES + PHOTO_RULES
    )


def test_it_registers_every_rule_a_template_asks_for():
    used = names_used_by_templates()
    assert {"blog.view_photo", "blog.delete_photo"} <= used
    assert {name for name in used if not rules.perm_exists(name)} == set()


def test_it_registers_every_rule_a_view_asks_for():
    post_page = {f"blog.{action}_blog" for action in POST_ACTIONS}
    used = names_used_by_views() | {MANAGE} | post_page
    assert {"blog.view_blog", "blog.view_photo", "blog.hide_photo"} <= used
    assert {name for name in used if not rules.perm_exists(name)} == set()


def test_it_puts_the_rules_backend_before_the_model_backend():
    assert settings.AUTHENTICATION_BACKENDS == [
        "axes.backends.AxesStandaloneBackend",
        "rules.permissions.ObjectPermissionBackend",
        "authentication.backends.OneQueryModelBackend",
    ]


@pytest.mark.django_db
def test_it_answers_object_checks_through_user_has_perm(creator, other_creator):
    blog = make_blog(creator, title="Mine")
    photo = make_photo(creator)
    assert creator.has_perm("blog.delete_blog", blog)
    assert creator.has_perm("blog.change_photo", photo)
    assert not other_creator.has_perm("blog.delete_blog", blog)
    assert not other_creator.has_perm("blog.change_photo", photo)


@pytest.mark.django_db
def test_an_inactive_author_passes_no_rule_on_their_own_blogs_and_photos(
    inactive_creator,
):
    """The rules backend ignores `is_active`: the rules must refuse by themselves.
    (An inactive member cannot log in, and their session is treated as logged out:
    authentication/tests/test_login.py, tests/test_access_matrix.py.)"""
    photo = make_photo(inactive_creator, "Dormant")
    blog = make_blog(inactive_creator, title="Dormant", photo=photo)
    draft = make_blog(inactive_creator, title="Unfinished", is_published=False)
    alone = make_photo(inactive_creator, "On its own")

    own = [(blog, BLOG_RULES), (draft, BLOG_RULES)]
    own += [(photo, PHOTO_RULES), (alone, PHOTO_RULES)]
    granted = [
        (name, str(obj))
        for obj, names in own
        for name in names
        if inactive_creator.has_perm(name, obj)
    ]
    assert granted == []
    assert not inactive_creator.has_perm("blog.change_blog")
