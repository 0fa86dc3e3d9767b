"""Reindexes the feeds by the date a post shows: its publication date, or its creation
date while it is a draft never published. No table is rewritten, but on PostgreSQL
CREATE INDEX blocks writes to the blog table while it builds: on a large site run it
off-peak, or build both new indexes by hand with CREATE INDEX CONCURRENTLY under the
same names, drop the two old ones with DROP INDEX CONCURRENTLY, then record this
migration with `manage.py migrate blog 0008 --fake` (`manage.py sqlmigrate blog 0008`
prints the statements).
"""

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('blog', '0007_blog_date_published'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='blog',
            name='blog_newest_first',
        ),
        migrations.RemoveIndex(
            model_name='blog',
            name='blog_starred_newest',
        ),
        migrations.AddIndex(
            model_name='blog',
            index=models.Index(models.OrderBy(django.db.models.functions.comparison.Coalesce('date_published', 'date_created'), descending=True), models.OrderBy(models.F('id'), descending=True), name='blog_shown_newest'),
        ),
        migrations.AddIndex(
            model_name='blog',
            index=models.Index(models.OrderBy(django.db.models.functions.comparison.Coalesce('date_published', 'date_created'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('starred', True)), name='blog_starred_shown_newest'),
        ),
    ]
