"""Photo.shown_alone: a photo uploaded with a post is seen with its posts only.

Every photo already in a post was uploaded with it (the site offers no other way), so
it is marked so; the photos in no post were posted on their own.
"""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def mark_post_photos(apps, schema_editor):
    Photo = apps.get_model("blog", "Photo")
    Blog = apps.get_model("blog", "Blog")
    in_a_post = Blog.objects.filter(photo=OuterRef("pk"))
    Photo.objects.filter(Exists(in_a_post)).update(shown_alone=False)


class Migration(migrations.Migration):

    dependencies = [
        ('blog', '0008_blog_shown_newest_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='photo',
            name='shown_alone',
            field=models.BooleanField(db_default=True, default=True, editable=False, help_text='Uploaded as a photo of its own, not with a post.', verbose_name='posted on its own'),
        ),
        migrations.RunPython(mark_post_photos, migrations.RunPython.noop),
    ]
