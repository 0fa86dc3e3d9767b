"""blog.0007_blog_date_published, run for real by Django's migration executor."""

from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Blog

# The schema editor refuses to run inside the atomic block of an ordinary test.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("blog", "0006_moderation_into_audit_trail")
DATE_PUBLISHED = ("blog", "0007_blog_date_published")


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
