"""Queue again the photos whose worker died mid-job or whose job was lost."""

from django.core.management.base import BaseCommand

from blog.tasks import requeue_stalled_photos


class Command(BaseCommand):
    help = (
        "Queue again every photo held by a worker past its lease (the worker was "
        "killed) or queued a lease ago and never started (its job was lost). "
        "`make serve` runs it at start; run it from cron on other deployments."
    )

    def handle(self, *args, **options):
        count = requeue_stalled_photos()
        self.stdout.write(f"{count} photo(s) queued again.")
