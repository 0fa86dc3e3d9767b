"""Photo.status and what a worker needs to prepare an upload.

Every photo already stored is ready (the database default). The new columns have a
database default or may be empty, so the previous version keeps inserting photos
during the switch, and PostgreSQL adds them without rewriting the table.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('blog', '0009_photo_shown_alone'),
    ]

    operations = [
        migrations.AddField(
            model_name='photo',
            name='attempts',
            field=models.PositiveSmallIntegerField(db_default=0, default=0, editable=False, verbose_name='attempts'),
        ),
        migrations.AddField(
            model_name='photo',
            name='failure',
            field=models.CharField(blank=True, db_default='', editable=False, max_length=300, verbose_name='why it failed'),
        ),
        migrations.AddField(
            model_name='photo',
            name='pending_upload',
            field=models.CharField(blank=True, db_default='', editable=False, max_length=200, verbose_name='pending upload'),
        ),
        migrations.AddField(
            model_name='photo',
            name='processing_until',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='held by a worker until'),
        ),
        migrations.AddField(
            model_name='photo',
            name='status',
            field=models.CharField(choices=[('processing', 'being prepared'), ('ready', 'ready'), ('failed', 'could not be prepared')], db_default='ready', default='ready', editable=False, max_length=10, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='photo',
            name='image',
            field=models.ImageField(blank=True, db_index=True, editable=False, max_length=200, upload_to='', verbose_name='image'),
        ),
    ]
