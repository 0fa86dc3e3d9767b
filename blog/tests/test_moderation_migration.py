"""blog.0006_moderation_into_audit_trail, run for real by Django's migration executor:
the old moderation record moves into the audit trail, and back."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from authentication.models import User

# The schema editor refuses to run inside the atomic block of an ordinary test.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("blog", "0005_starred_blogs_index"), ("audit", "0003_moderation_actions")]
AFTER = [("blog", "0006_moderation_into_audit_trail")]
WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _empty_kept_table(migrator):
    """Empty the kept table after each test: flushing skips tables without a model."""
    yield
    migrator()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM blog_moderationaction")


def moderation_rows(apps) -> list[tuple]:
    ModerationAction = apps.get_model("blog", "ModerationAction")
    return list(
        ModerationAction.objects.order_by("pk").values_list(
            "moderator__username",
            "action",
            "target_type",
            "target_id",
            "target_label",
            "date_created",
        )
    )


def trail(apps) -> list[tuple]:
    AuditEvent = apps.get_model("audit", "AuditEvent")
    return list(
        AuditEvent.objects.order_by("pk").values_list(
            "actor_label", "action", "target_type", "target_id", "target_label"
        )
    )


def test_it_moves_the_moderation_record_into_the_audit_trail_and_back(migrator):
    old = migrator(*BEFORE)
    User = old.get_model("authentication", "User")
    ModerationAction = old.get_model("blog", "ModerationAction")
    AuditEvent = old.get_model("audit", "AuditEvent")
    mona = User.objects.create(username="mona")
    for action, kind, pk, label in [
        ("star", "blog", 7, "Harbour at noon"),
        ("hide", "photo", 3, "Low tide"),
        ("delete", "blog", 9, "City lights"),
        ("delete", "photo", 4, "Dunes"),
    ]:
        row = ModerationAction.objects.create(
            moderator=mona,
            action=action,
            target_type=kind,
            target_id=pk,
            target_label=label,
        )
        ModerationAction.objects.filter(pk=row.pk).update(date_created=WHEN)
    # The old code recorded a moderator's blog deletion in both trails, at once.
    deletion = AuditEvent.objects.create(
        actor=mona,
        actor_label="mona",
        action="blog_delete",
        target_type="blog.blog",
        target_id="9",
        target_label="City lights",
    )
    AuditEvent.objects.filter(pk=deletion.pk).update(date_created=WHEN)
    before = moderation_rows(old)

    new = migrator(*AFTER)

    assert trail(new) == [
        ("mona", "blog_moderator_delete", "blog.blog", "9", "City lights"),
        ("mona", "blog_star", "blog.blog", "7", "Harbour at noon"),
        ("mona", "photo_hide", "blog.photo", "3", "Low tide"),
        ("mona", "photo_moderator_delete", "blog.photo", "4", "Dunes"),
    ]
    moved = new.get_model("audit", "AuditEvent").objects
    assert set(moved.values_list("date_created", flat=True)) == {WHEN}
    # The previous version, still serving during the switch, reads and writes it.
    assert "blog_moderationaction" in connection.introspection.table_names()

    old = migrator(*BEFORE)

    assert sorted(moderation_rows(old)) == sorted(before)
    assert trail(old) == [("mona", "blog_delete", "blog.blog", "9", "City lights")]


def test_the_new_version_deletes_a_moderator_the_kept_table_still_names(migrator):
    old = migrator(*BEFORE)
    mona = old.get_model("authentication", "User").objects.create(username="mona")
    old.get_model("blog", "ModerationAction").objects.create(
        moderator=mona, action="hide", target_type="photo", target_id=3
    )

    migrator()
    User.objects.get(username="mona").delete()

    assert not User.objects.exists()
    old = migrator(*BEFORE)
    assert [row[:5] for row in moderation_rows(old)] == [(None, "hide", "photo", 3, "")]
