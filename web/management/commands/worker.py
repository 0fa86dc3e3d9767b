"""Run one worker of the task backend the settings choose: RQ on Redis, else the
database."""

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Each backend's own worker, as its documentation runs it, on the site's queue.
WORKERS = {
    "django_tasks_rq.RQBackend": [
        "rqworker",
        "--job-class",
        "django_tasks_rq.backend.Job",
    ],
    "django_tasks_db.DatabaseBackend": ["db_worker", "--no-reload", "--queue-name"],
}
# Image work yields the processor to the web servers on a machine they share: pages
# stay fast while photos wait a little longer.
NICENESS = 10


class Command(BaseCommand):
    help = (
        "Run a worker for the queued image work: `rqworker --job-class "
        "django_tasks_rq.backend.Job` when REDIS_URL is set, else `db_worker`. "
        "It runs at a lower priority than the web servers. Extra arguments go to "
        "that worker (e.g. --burst, or --batch)."
    )

    def add_arguments(self, parser):
        parser.add_argument("extra", nargs="*", help="passed to the worker")

    def handle(self, *args, extra=(), **options):
        backend = settings.TASKS["default"]["BACKEND"]
        if backend not in WORKERS:
            raise CommandError(f"No worker runs tasks of {backend}.")
        manage = Path(settings.BASE_DIR) / "manage.py"
        worker = [*WORKERS[backend], settings.FOTOBLOG_TASK_QUEUE]
        command = [sys.executable, str(manage), *worker, *extra]
        sys.stdout.flush()
        os.nice(NICENESS)
        # The worker takes this process's place: signals reach it directly.
        os.execv(sys.executable, command)
