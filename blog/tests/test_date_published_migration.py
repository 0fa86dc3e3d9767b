"""blog.0007_blog_date_published and blog.0008_blog_shown_newest_indexes, run for real
by Django's migration executor."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from blog.models import Blog

# The schema editor refuses to run inside the atomic block of an ordinary test.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("blog", "0006_moderation_into_audit_trail")
DATE_PUBLISHED = ("blog", "0007_blog_date_published")
SHOWN_INDEXES = ("blog", "0008_blog_shown_newest_indexes")


def test_it_dates_posts_published_before_it_by_their_creation_and_drafts_by_none(
    migrator,
):
    old_apps = migrator(BEFORE)
    owner = old_apps.get_model("authentication", "User").objects.create(
        username="alice", role="CREATOR"
    )
    OldBlog = old_apps.get_model("blog", "Blog")
    for title, is_published in (("Published", True), ("Draft", False)):
        OldBlog.objects.create(
            owner=owner, title=title, content="Words.", is_published=is_published
        )
    written = timezone.now() - timedelta(days=400)
    OldBlog.objects.update(date_created=written)

    migrator(DATE_PUBLISHED)

    dates = dict(Blog.objects.values_list("title", "date_published"))
    assert dates == {"Published": written, "Draft": None}


def blog_indexes() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, "blog_blog"))


def statements_by_hand(migration: tuple[str, str]) -> list[str]:
    """The index statements `sqlmigrate` prints, new indexes first, CONCURRENTLY on
    PostgreSQL."""
    printed = call_command("sqlmigrate", *migration).splitlines()
    creates = [line for line in printed if line.startswith("CREATE INDEX ")]
    drops = [line for line in printed if line.startswith("DROP INDEX ")]
    if connection.vendor == "postgresql":
        return [
            line.replace(" INDEX ", " INDEX CONCURRENTLY ", 1)
            for line in creates + drops
        ]
    return creates + drops


def test_its_indexes_built_by_hand_let_a_large_site_record_it_without_running_it(
    migrator,
):
    migrator(DATE_PUBLISHED)
    with connection.cursor() as cursor:
        for statement in statements_by_hand(SHOWN_INDEXES):
            cursor.execute(statement)

    call_command("migrate", "blog", "0008", fake=True, verbosity=0)

    indexes = blog_indexes()
    assert {"blog_shown_newest", "blog_starred_shown_newest"} <= indexes
    assert not {"blog_newest_first", "blog_starred_newest"} & indexes
