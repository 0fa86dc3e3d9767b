"""Uploaded photos prepared by real workers: the database's on SQLite, RQ's on the
local Redis.

Each test makes a site in a folder of its own (a SQLite file, its media and its
waiting uploads; for RQ a Redis database of its own), queues uploads there as the
upload views do, and runs the site's own worker (`manage.py worker`) as a process:
a worker killed mid-job, then the photo queued again and prepared by the next one;
a job that fails, with the reason left on its photo and no file behind.
"""

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from images.pipeline import process_photo
from images.storage import rendition_name
from testsupport.servers import BASE_DIR, UNCOLLECTED_STATIC, Site, temporary_site

pytestmark = pytest.mark.production
# RQ's queues, in a Redis database of their own (the production tests use 14).
RQ_REDIS_URL = "redis://127.0.0.1:6379/13"
# A worker that does not come to what the test waits for fails it in this time.
DEADLINE = 60.0


@pytest.fixture(params=["database", "rq"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def site(backend) -> Iterator[Site]:
    """A fresh site with one creator, alice, whose tasks go to `backend`."""
    with site_on(RQ_REDIS_URL if backend == "rq" else "") as site:
        yield site


@contextlib.contextmanager
def site_on(redis_url: str) -> Iterator[Site]:
    """A fresh site with one creator, alice, its tasks on RQ at `redis_url` or, if
    none, in its database."""
    # The site's queue is its own (<prefix>-photos): never flush the database, which
    # another test session (or another site of this one) may be using.
    with temporary_site(
        prefix="fotoblog-workers",
        redis_url=redis_url,
        STATICFILES_BACKEND=UNCOLLECTED_STATIC,
    ) as site:
        site.set_up(["alice:CREATOR"], "a-long-password")
        try:
            yield site
        finally:
            if redis_url:
                forget_queue(redis_url, f"{site.cache_prefix}-photos")


def forget_queue(redis_url: str, queue: str) -> None:
    """Delete an RQ queue, its registries and their jobs, and nothing else."""
    with contextlib.closing(redis.Redis.from_url(redis_url)) as client:
        for key in client.scan_iter(match=f"rq:*:{queue}"):
            kind = client.type(key)
            jobs = (
                client.zrange(key, 0, -1)
                if kind == b"zset"
                else client.lrange(key, 0, -1)
                if kind == b"list"
                else []
            )
            for job in jobs:
                job_id = job.decode().split(":")[0]
                client.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
            client.delete(key)
        client.srem("rq:queues", f"rq:queue:{queue}")


def photo_jobs(site: Site, *args: str) -> str:
    return site.run_module("testsupport.photo_jobs", *args)


def photos(site: Site) -> list[dict]:
    return json.loads(photo_jobs(site, "show"))


def queue_uploads(site: Site, *files: Path) -> list[tuple[int, str]]:
    """Queue `files` as alice's photos; return each photo's key and upload name."""
    output = photo_jobs(site, "upload", "alice", *map(str, files))
    return [(int(pk), name) for pk, name in map(str.split, output.splitlines())]


def start_worker(site: Site) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker"],
        cwd=BASE_DIR,
        env=site.env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own group: killed with what it forked
    )


def kill(worker: subprocess.Popen, site: Site) -> None:
    """Kill the worker and whatever it forked at once, as a crash or an OOM would.
    RQ's work horse leaves the worker's process group (it calls setsid): it is
    found by the site's queue, named on its command line, else it would wait on its
    upload for ever."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    for pid in processes_naming(site.cache_prefix):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def processes_naming(text: str) -> list[int]:
    """The processes whose command line holds `text`."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if (
                entry.name.isdigit()
                and text.encode() in (entry / "cmdline").read_bytes()
            ):
                found.append(int(entry.name))
    return found


def wait_for(condition, what: str):
    """Poll `condition` until it returns something true; fail after DEADLINE."""
    deadline = time.monotonic() + DEADLINE
    while not (found := condition()):
        assert time.monotonic() < deadline, f"no {what} in {DEADLINE:g} s"
    return found


def files_under(folder: Path) -> list[str]:
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def camera_jpeg(path: Path) -> bytes:
    """A 1600 x 1200 JPEG of noise, as a camera's is hard to compress."""
    picture = Image.effect_noise((1600, 1200), 64).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def test_a_worker_killed_mid_job_loses_nothing_and_the_next_one_prepares_the_photo(
    site, tmp_path
):
    data = camera_jpeg(tmp_path / "camera.jpg")
    ((pk, waiting),) = queue_uploads(site, tmp_path / "camera.jpg")
    upload = site.root / "uploads" / waiting
    # The worker will block reading the upload, mid-job, until the test kills it.
    upload.unlink()
    os.mkfifo(upload)

    worker = start_worker(site)
    try:
        wait_for(lambda: photos(site)[0]["attempts"] == 1, "worker taking the photo")
    finally:
        kill(worker, site)

    (photo,) = photos(site)
    assert (photo["status"], photo["image"]) == ("processing", "")
    assert files_under(site.root / "media") == []
    upload.unlink()
    upload.write_bytes(data)  # what the killed worker never got to read
    # Its hold on the photo ends (as it would once the lease passes); at start,
    # `make serve` queues such photos again, and the next worker prepares them.
    assert photo_jobs(site, "expire-leases").strip() == "1"
    assert site.manage("requeue_photos").strip() == "1 photo(s) queued again."
    site.prepare_uploads()

    (photo,) = photos(site)
    assert (photo["status"], photo["attempts"]) == ("ready", 2)
    assert photo["image"] == f"{waiting}.jpg"
    assert photo["rendition_widths"] == [400, 800, 1500]
    stored = [
        photo["image"],
        *(rendition_name(photo["image"], w) for w in (400, 800, 1500)),
    ]
    assert files_under(site.root / "media") == sorted(stored)
    assert files_under(site.root / "uploads") == []
    # The same picture as one prepared without interruption.
    prepared = process_photo(SimpleUploadedFile("camera.jpg", data))
    assert (site.root / "media" / photo["image"]).read_bytes() == prepared.content


def test_a_job_that_fails_leaves_the_reason_on_its_photo_and_no_file(site, tmp_path):
    camera_jpeg(tmp_path / "whole.jpg")
    cut = tmp_path / "cut.jpg"
    cut.write_bytes((tmp_path / "whole.jpg").read_bytes()[:20_000])
    queued = queue_uploads(site, cut, tmp_path / "whole.jpg", tmp_path / "whole.jpg")
    _, lost = queued[1]
    # The second upload is gone before any worker reads it: its job raises.
    (site.root / "uploads" / lost).unlink()

    site.prepare_uploads()

    damaged, vanished, ready = photos(site)
    assert damaged["status"] == vanished["status"] == "failed"
    assert (damaged["failure"], vanished["failure"]) == ("corrupt", "error")
    assert ready["status"] == "ready"  # the worker went on after the failures
    assert files_under(site.root / "uploads") == []
    assert files_under(site.root / "media") == sorted(
        [ready["image"], *(rendition_name(ready["image"], w) for w in (400, 800, 1500))]
    )


def test_sites_sharing_one_redis_prepare_only_their_own_photos(tmp_path):
    camera_jpeg(tmp_path / "camera.jpg")
    with site_on(RQ_REDIS_URL) as ours, site_on(RQ_REDIS_URL) as theirs:
        queue_uploads(ours, tmp_path / "camera.jpg")

        theirs.prepare_uploads()  # its queue is its own: nothing of ours in it

        assert [photo["status"] for photo in photos(ours)] == ["processing"]
        ours.prepare_uploads()
        assert [photo["status"] for photo in photos(ours)] == ["ready"]
