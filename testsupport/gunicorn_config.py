"""gunicorn's settings for the servers testsupport.servers starts: the site's own
(fotoblog/gunicorn.py), and a quicker stop.

A server whose parent is gone (a test run or benchmark killed) stops by itself
rather than hold its port and database.
"""

import os
import signal
import threading
import time

from fotoblog import gunicorn as site_settings

# The site's own, as `make serve` runs it.
worker_class = site_settings.worker_class
threads = site_settings.threads
timeout = site_settings.timeout

graceful_timeout = 5
# gunicorn's log and the site's (LOGGING writes to standard error) in one file.
errorlog = "-"
capture_output = True


def when_ready(server):
    """Watch the process that started this server; stop when it is gone."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
