"""Load test: many members at once against gunicorn, then a consistency check.

Run with `make load` (or `.venv/bin/python -m bench.load --clients 20 --seconds 60
--database sqlite|postgres`). A fresh site is made in a temporary directory: a SQLite
file there, or a PostgreSQL database `fotoblog_load_<random>` on 127.0.0.1:5432
(dropped afterwards); media there too. It is migrated and seeded with creators,
subscribers, photos and blogs; gunicorn serves it on a free loopback port (DEBUG off,
HTTPS off, rate limits raised). Each client thread logs in through the form, then
loops over a weighted mix of reads and writes until the time is up.

Afterwards: no 5xx; every upload answered 302 has exactly one Photo row (by its
unique caption) and all its files; no upload answered otherwise left a row; no
"database is locked" in the server's log; `media_gc --dry-run --min-age 0` finds no
orphan file. The figures are printed and written to bench/results-load.json (one
entry per database); the exit status is 1 when the check fails.
"""

import argparse
import http.client
import http.cookiejar
import io
import json
import math
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter, defaultdict
from pathlib import Path

from PIL import Image, ImageDraw

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).with_name("results-load.json")
HOST = "127.0.0.1"
PASSWORD = "load-fotoblog-2026"
CAPTION_PREFIX = "load-"
REQUEST_TIMEOUT = 30.0  # seconds, each request
COMMAND_TIMEOUT = 300.0  # seconds, each manage.py step
READY_TIMEOUT = 30.0  # seconds for /healthz to answer
STOP_TIMEOUT = 10.0  # seconds gunicorn gets to stop before it is killed
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
RAISED_LIMIT = "1000000"

# The whole mix, in percent of the requests of the loop.
MIX = {
    "home": 50,
    "photos": 15,
    "blog": 10,
    "upload": 10,
    "follow": 10,
    "edit": 5,
}
CREATOR_ONLY = ("upload", "edit")
SUBSCRIBER_ONLY = ("follow",)
READS = ("home", "photos", "blog")
EXPECTED = {
    "login_page": 200,
    "login": 302,
    "home": 200,
    "photos": 200,
    "blog": 200,
    "upload": 302,
    "follow": 302,
    "edit": 302,
}

# The settings the server and commands run with: the site's own, plus a log of
# every error on stderr (with DEBUG off, Django would only mail 500s to admins) and
# static files collected into the temporary directory.
SETTINGS_MODULE = "fotoblog_load_settings"
SETTINGS_TEMPLATE = """\
from fotoblog.settings import *  # noqa: F403

STATIC_ROOT = {static_root!r}
LOGGING = {{
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {{"stderr": {{"class": "logging.StreamHandler"}}}},
    "root": {{"handlers": ["stderr"], "level": "WARNING"}},
}}
"""

# Runs in `manage.py shell`: users with one password hash (hashing 40 times would
# take longer than the seeding), small photos, blogs, follows. Prints JSON.
SEED_SCRIPT = """
import io, json, os, random
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from authentication.models import User
from blog import services
from images.pipeline import process_photo
from blog.models import BlogContributor

config = json.loads(os.environ["LOAD_SEED"])
rng = random.Random(2026)
password = make_password(config["password"])

def picture(seed):
    image = Image.new("RGB", (1024, 768), tuple(rng.randrange(256) for _ in "rgb"))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y, r = rng.randrange(1024), rng.randrange(768), rng.randrange(20, 200)
        colour = tuple(rng.randrange(256) for _ in "rgb")
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    upload = SimpleUploadedFile(f"seed-{seed}.jpg", buffer.getvalue(), "image/jpeg")
    return process_photo(upload)

def member(name, role):
    user = User(username=name, email=f"{name}@example.com", role=role)
    user.password = password
    user.save()
    return user

creators = [member(f"creator{i:02d}", User.CREATOR)
            for i in range(config["creators"])]
subscribers = [member(f"subscriber{i:02d}", User.SUBSCRIBER)
               for i in range(config["subscribers"])]
seed = 0
owned = {}
for creator in creators:
    pictures = []
    for _ in range(config["photos"]):
        seed += 1
        pictures.append((picture(seed), f"seed photo {seed}"))
    services.create_photos(uploader=creator, pictures=pictures)
    owned[creator.username] = []
    for number in range(config["blogs"]):
        seed += 1
        blog = services.create_blog_with_photo(
            author=creator,
            title=f"{creator.username} blog {number}",
            content="Light changes everything. " * 20,
            image=picture(seed),
            caption=f"seed blog photo {seed}",
        )
        owned[creator.username].append(blog.pk)
for index, creator in enumerate(creators):
    other = creators[(index + 1) % len(creators)]
    blog = creator.owned_blogs.first()
    if other != creator:
        BlogContributor.objects.create(blog=blog, contributor=other,
                                       contribution="Second photographer")
for subscriber in subscribers:
    subscriber.follows.add(*rng.sample(creators, min(3, len(creators))))
print("LOAD-JSON " + json.dumps({
    "creators": {c.username: {"pk": c.pk, "blogs": owned[c.username]}
                 for c in creators},
    "subscribers": [s.username for s in subscribers],
}))
"""

# Runs in `manage.py shell`: the photo rows of the captions sent, and their files.
CHECK_SCRIPT = """
import json, os
from images.storage import rendition_name
from blog.models import Photo

prefix = os.environ["LOAD_PREFIX"]
storage = Photo._meta.get_field("image").storage
rows, missing = {}, []
photos = Photo.objects.filter(caption__startswith=prefix)
for caption, name, widths in photos.values_list("caption", "image", "rendition_widths"):
    rows[caption] = rows.get(caption, 0) + 1
    for stored in [name, *(rendition_name(name, width) for width in widths)]:
        if not storage.exists(stored):
            missing.append(stored)
print("LOAD-JSON " + json.dumps({
    "rows": rows, "missing_files": missing, "photos": Photo.objects.count(),
}))
"""


class Interrupted(Exception):
    """SIGTERM arrived: stop and clean up as for Ctrl-C."""


def on_sigterm(signum, frame):
    raise Interrupted


# ---------------------------------------------------------------- the site


class Site:
    """A fresh fotoblog in a temporary directory, served by gunicorn."""

    def __init__(self, database: str, workers: int, prefix: str = "fotoblog-load-"):
        self.database = database
        self.workers = workers
        self.tmp = Path(tempfile.mkdtemp(prefix=prefix))
        self.media = self.tmp / "media"
        self.log_path = self.tmp / "server.log"
        self.pg_name: str | None = None
        self.server: subprocess.Popen | None = None
        self.log_file = None
        self.port = 0
        self.secret_key = secrets.token_urlsafe(50)

    # Setting up

    def environment(self) -> dict:
        env = dict(os.environ)
        if self.database == "postgres":
            url = f"postgres://postgres@127.0.0.1:5432/{self.pg_name}"
        else:
            url = f"sqlite:///{self.tmp / 'db.sqlite3'}"
        env.update(
            {
                "FOTOBLOG_ENV_FILE": "",  # read no .env: this site is all here
                "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
                "PYTHONPATH": os.pathsep.join([str(self.tmp), str(BASE_DIR)]),
                "SECRET_KEY": self.secret_key,
                "DEBUG": "off",
                "HTTPS": "off",
                "ALLOWED_HOSTS": f"{HOST},localhost",
                "CSRF_TRUSTED_ORIGINS": "",
                "DATABASE_URL": url,
                "REDIS_URL": "",
                "AWS_STORAGE_BUCKET_NAME": "",
                "MEDIA_ROOT": str(self.media),
                "FOTOBLOG_RATE_UPLOADS_PER_HOUR": RAISED_LIMIT,
                "FOTOBLOG_RATE_FOLLOWS_PER_HOUR": RAISED_LIMIT,
                "FOTOBLOG_RATE_SIGNUPS_PER_HOUR": RAISED_LIMIT,
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def prepare(self, creators: int, subscribers: int) -> dict:
        self.media.mkdir()
        (self.tmp / f"{SETTINGS_MODULE}.py").write_text(
            SETTINGS_TEMPLATE.format(static_root=str(self.tmp / "static"))
        )
        if self.database == "postgres":
            self.pg_name = f"fotoblog_load_{secrets.token_hex(4)}"
            self.postgres(f'CREATE DATABASE "{self.pg_name}"')
        self.manage("migrate", "--no-input", "-v0")
        self.manage("collectstatic", "--no-input", "-v0")
        config = {
            "password": PASSWORD,
            "creators": creators,
            "subscribers": subscribers,
            "photos": 3,
            "blogs": 2,
        }
        return self.shell(SEED_SCRIPT, LOAD_SEED=json.dumps(config))

    def postgres(self, statement: str) -> None:
        import psycopg  # the project's own driver, only needed here

        with psycopg.connect(POSTGRES_ADMIN, autocommit=True, connect_timeout=10) as c:
            c.execute(statement)

    def manage(self, *args: str, **env: str) -> str:
        return self.run_python(["manage.py", *args], COMMAND_TIMEOUT, **env)

    def run_python(self, args: list[str], timeout: float, **env: str) -> str:
        """Run Python on this site; on failure show what it printed and raise."""
        done = subprocess.run(
            [sys.executable, *args],
            cwd=BASE_DIR,
            env={**self.environment(), **env},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            sys.stderr.write(done.stdout + done.stderr)
            raise RuntimeError(f"{' '.join(args[:2])} failed ({done.returncode})")
        return done.stdout

    def shell(self, script: str, **env: str) -> dict:
        out = self.manage("shell", "-v0", "-c", script, **env)
        for line in reversed(out.splitlines()):
            if line.startswith("LOAD-JSON "):
                return json.loads(line.removeprefix("LOAD-JSON "))
        raise RuntimeError(f"no result from manage.py shell:\n{out}")

    # Serving

    def start(self) -> str:
        self.port = free_port()
        self.log_file = self.log_path.open("wb")
        self.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "fotoblog.wsgi",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(self.workers),
                "--error-logfile",
                "-",
                "--capture-output",
                "--graceful-timeout",
                str(int(STOP_TIMEOUT)),
            ],
            cwd=BASE_DIR,
            env=self.environment(),
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us; we stop it in order
        )
        base = f"http://{HOST}:{self.port}"
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return base
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"/healthz did not answer within {READY_TIMEOUT:g} s")

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=STOP_TIMEOUT + 5)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait(timeout=5)
        if self.log_file is not None:
            self.log_file.close()
            self.log_file = None

    def server_log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def cleanup(self, keep: bool) -> None:
        self.stop()
        if self.pg_name:
            try:
                self.postgres(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
            except Exception as error:  # report, and go on cleaning up
                print(f"could not drop database {self.pg_name}: {error}")
        if keep:
            print(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------- the clients


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect as it is (it raises HTTPError with its status)."""

    def redirect_request(self, *args, **kwargs):
        return None


def make_jpeg(seed: int) -> bytes:
    """A small photo-like JPEG (1024x768, about 100 KB)."""
    rng = random.Random(seed)
    image = Image.effect_noise((256, 192), 40).resize((1024, 768)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(8):
        x, y, r = rng.randrange(1024), rng.randrange(768), rng.randrange(30, 200)
        draw.ellipse(
            [x - r, y - r, x + r, y + r],
            fill=tuple(rng.randrange(256) for _ in range(3)),
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
            f"\r\n\r\n{value}\r\n".encode()
        )
    for name, (filename, content, kind) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Recorder:
    """Every request's action, status and latency, from every thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.samples: list[tuple[str, int | None, float]] = []
        self.transport_errors: Counter = Counter()
        self.uploads: dict[str, int | None] = {}  # caption -> status (None: no answer)

    def add(self, action: str, status: int | None, ms: float, error: str = ""):
        with self.lock:
            self.samples.append((action, status, ms))
            if error:
                self.transport_errors[f"{action}: {error}"] += 1


class Client(threading.Thread):
    def __init__(self, number, base, account, site_data, recorder, deadline, stop):
        super().__init__(name=f"client-{number}", daemon=True)
        self.number = number
        self.base = base
        self.username, self.role = account
        self.data = site_data
        self.recorder = recorder
        self.deadline = deadline
        self.stop_event = stop
        self.rng = random.Random(number)
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),  # loopback only, never a proxy
            urllib.request.HTTPCookieProcessor(self.jar),
            NoRedirect(),
        )
        self.sequence = 0
        self.logged_in = False
        self.jpegs = [make_jpeg(number * 10 + i) for i in range(3)]
        self.actions, self.weights = role_mix(self.role)

    # One request

    def request(self, action, path, data=None, content_type=None) -> int | None:
        headers = {"Content-Type": content_type} if content_type else {}
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        start = time.perf_counter()
        status, error = None, ""
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as answer:
                answer.read()
                status = answer.status
        except urllib.error.HTTPError as answer:
            status = answer.code
            answer.read()
            answer.close()
        except (OSError, http.client.HTTPException) as failure:
            reason = getattr(failure, "reason", failure)
            error = type(reason).__name__
        elapsed = (time.perf_counter() - start) * 1000
        self.recorder.add(action, status, elapsed, error)
        return status

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def post(self, action, path, fields, files=None) -> int | None:
        fields = {"csrfmiddlewaretoken": self.csrf(), **fields}
        if files:
            body, kind = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            kind = "application/x-www-form-urlencoded"
        return self.request(action, path, body, kind)

    # The session

    def login(self) -> bool:
        self.request("login_page", "/login/")
        status = self.post(
            "login",
            "/login/",
            {"username": self.username, "password": PASSWORD, "next": ""},
        )
        return status == 302

    def run(self):
        for _ in range(3):
            if self.time_left() and self.login():
                self.logged_in = True
                break
        while self.logged_in and self.time_left():
            action = self.rng.choices(self.actions, self.weights)[0]
            getattr(self, f"do_{action}")()

    def time_left(self) -> bool:
        return not self.stop_event.is_set() and time.monotonic() < self.deadline

    def do_home(self):
        self.request("home", "/")

    def do_photos(self):
        self.request("photos", "/photos/")

    def do_blog(self):
        self.request("blog", f"/blog/{self.rng.choice(self.data['blogs'])}/")

    def do_upload(self):
        self.sequence += 1
        caption = (
            f"{CAPTION_PREFIX}{self.number}-{self.sequence}-{uuid.uuid4().hex[:8]}"
        )
        with self.recorder.lock:
            self.recorder.uploads[caption] = None
        photo = ("photo.jpg", self.rng.choice(self.jpegs), "image/jpeg")
        status = self.post(
            "upload", "/photo/upload/", {"caption": caption}, {"image": photo}
        )
        with self.recorder.lock:
            self.recorder.uploads[caption] = status

    def do_follow(self):
        creators = self.data["creator_pks"]
        chosen = self.rng.sample(creators, self.rng.randint(1, min(6, len(creators))))
        self.post("follow", "/follow/", {"follows": [str(pk) for pk in chosen]})

    def do_edit(self):
        self.sequence += 1
        blog = self.rng.choice(self.data["creators"][self.username]["blogs"])
        fields = {
            "title": f"{self.username} blog {blog} (edit {self.sequence})",
            "content": f"Edit {self.sequence} by client {self.number}. " * 10,
        }
        self.post("edit", f"/blog/{blog}/edit/", fields)


def role_mix(role: str) -> tuple[list[str], list[float]]:
    """Each role's weights, so that half creators and half subscribers make MIX."""
    own = CREATOR_ONLY if role == "creator" else SUBSCRIBER_ONLY
    own_share = sum(MIX[action] for action in own) * 2  # they do it for both halves
    reads_share = 100 - own_share
    reads_total = sum(MIX[action] for action in READS)
    weights = {action: MIX[action] * 2 for action in own}
    weights.update(
        {action: MIX[action] * reads_share / reads_total for action in READS}
    )
    return list(weights), list(weights.values())


# ---------------------------------------------------------------- figures


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def latency(values: list[float]) -> dict:
    if not values:
        return {"count": 0}
    return {
        "count": len(values),
        "p50_ms": round(percentile(values, 50), 1),
        "p95_ms": round(percentile(values, 95), 1),
        "max_ms": round(max(values), 1),
    }


def figures(recorder: Recorder, seconds: float) -> dict:
    samples = recorder.samples
    by_action = defaultdict(list)
    statuses = Counter()
    unexpected = Counter()
    for action, status, ms in samples:
        by_action[action].append(ms)
        label = str(status) if status is not None else "no answer"
        statuses[label] += 1
        if status != EXPECTED[action]:
            unexpected[f"{action} {label}"] += 1
    per_action = {}
    for action in EXPECTED:
        if by_action[action]:
            codes = Counter(
                str(status) for a, status, _ in samples if a == action
            ).most_common()
            per_action[action] = {**latency(by_action[action]), "status": dict(codes)}
    return {
        "requests": len(samples),
        "seconds": round(seconds, 1),
        "requests_per_second": round(len(samples) / seconds, 1) if seconds else 0,
        "status": dict(sorted(statuses.items())),
        "unexpected": dict(sorted(unexpected.items())),
        "transport_errors": dict(recorder.transport_errors),
        "latency": latency([ms for _, _, ms in samples]),
        "actions": per_action,
    }


def consistency(site: Site, recorder: Recorder, result: dict) -> dict:
    found = site.shell(CHECK_SCRIPT, LOAD_PREFIX=CAPTION_PREFIX)
    rows = found["rows"]
    lost, duplicated, unwanted, unknown = [], [], [], []
    for caption, status in recorder.uploads.items():
        count = rows.get(caption, 0)
        if count > 1:
            duplicated.append(caption)
        elif status == 302 and count == 0:
            lost.append(caption)
        elif status is None:
            unknown.append(caption)  # no answer: either way is consistent
        elif status != 302 and count:
            unwanted.append(caption)
    strangers = sorted(set(rows) - set(recorder.uploads))
    log = site.server_log()
    gc_out = site.manage("media_gc", "--dry-run", "--min-age", "0")
    match = re.search(r"(\d+) orphan file", gc_out)
    orphans = int(match.group(1)) if match else -1
    server_errors = sum(
        count for code, count in result["status"].items() if code.startswith("5")
    )
    checks = {
        "no 5xx": server_errors == 0,
        "every request answered": not result["transport_errors"],
        "uploads answered 302 each have one row": not lost and not duplicated,
        "uploads not answered 302 left no row": not unwanted and not strangers,
        "every photo row has its files": not found["missing_files"],
        'no "database is locked" in the server log': (
            "database is locked" not in log.lower()
        ),
        "media_gc finds no orphan file": orphans == 0,
    }
    return {
        "uploads_sent": len(recorder.uploads),
        "uploads_302": sum(1 for s in recorder.uploads.values() if s == 302),
        "upload_rows_found": sum(rows.values()),
        "lost": lost[:20],
        "duplicated": duplicated[:20],
        "rows_without_302": (unwanted + strangers)[:20],
        "uploads_without_answer": len(unknown),
        "missing_files": found["missing_files"][:20],
        "orphan_files": orphans,
        "server_log_tracebacks": log.count("Traceback (most recent call last)"),
        "checks": checks,
        "ok": all(checks.values()),
    }


def report(results: dict) -> None:
    fig = results["figures"]
    print()
    print(
        f"{results['database']}: {results['clients']} clients for "
        f"{fig['seconds']:g} s against gunicorn ({results['workers']} workers)"
    )
    print(f"requests            {fig['requests']}  ({fig['requests_per_second']:g}/s)")
    print(f"by status           {format_counts(fig['status'])}")
    print(f"unexpected status   {format_counts(fig['unexpected']) or 'none'}")
    print(f"no answer           {format_counts(fig['transport_errors']) or 'none'}")
    overall = fig["latency"]
    print(
        f"latency overall     p50 {overall.get('p50_ms', 0):.1f} ms   "
        f"p95 {overall.get('p95_ms', 0):.1f} ms"
    )
    print(f"  {'action':<11} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for action, row in fig["actions"].items():
        print(
            f"  {action:<11} {row['count']:>6} {row['p50_ms']:>8.1f} "
            f"{row['p95_ms']:>8.1f} {row['max_ms']:>8.1f}  "
            f"{format_counts(row['status'])}"
        )
    check = results["consistency"]
    print(
        f"uploads             {check['uploads_sent']} sent, {check['uploads_302']} "
        f"answered 302, {check['upload_rows_found']} rows found"
    )
    print(
        f"orphan files        {check['orphan_files']}; server log tracebacks: "
        f"{check['server_log_tracebacks']}"
    )
    for label, ok in check["checks"].items():
        print(f"  [{'ok' if ok else 'FAILED'}] {label}")
    for key in ("lost", "duplicated", "rows_without_302", "missing_files"):
        if check[key]:
            print(f"  {key}: {', '.join(check[key][:5])}")
    print(f"consistency         {'ok' if check['ok'] else 'FAILED'}")


def format_counts(counts: dict) -> str:
    return ", ".join(f"{key}: {value}" for key, value in counts.items())


def save(results: dict) -> None:
    """Write the results under their database's key, keeping the other's."""
    try:
        saved = json.loads(RESULTS.read_text())
    except (OSError, ValueError):
        saved = {}
    saved[results["database"]] = results
    RESULTS.write_text(json.dumps(saved, indent=2) + "\n")
    print(f"written to {RESULTS}")


# ---------------------------------------------------------------- the run


def accounts(clients: int, site_data: dict) -> list[tuple[str, str]]:
    """Half the clients creators, half subscribers, each a different member while
    there are enough."""
    creators = list(site_data["creators"])
    subscribers = site_data["subscribers"]
    chosen = []
    for number in range(clients):
        if number % 2 == 0:
            chosen.append((creators[(number // 2) % len(creators)], "creator"))
        else:
            chosen.append((subscribers[(number // 2) % len(subscribers)], "subscriber"))
    return chosen


def run(args) -> int:
    site = Site(args.database, args.workers)
    stop = threading.Event()
    threads: list[Client] = []
    try:
        print(f"preparing a {args.database} site in {site.tmp} ...", flush=True)
        seeded = site.prepare(args.creators, args.subscribers)
        site_data = {
            "creators": seeded["creators"],
            "subscribers": seeded["subscribers"],
            "creator_pks": [c["pk"] for c in seeded["creators"].values()],
            "blogs": [pk for c in seeded["creators"].values() for pk in c["blogs"]],
        }
        base = site.start()
        print(
            f"gunicorn on {base}; {args.clients} clients for {args.seconds} s ...",
            flush=True,
        )
        recorder = Recorder()
        started = time.monotonic()
        deadline = started + args.seconds
        for number, account in enumerate(accounts(args.clients, site_data)):
            threads.append(
                Client(number, base, account, site_data, recorder, deadline, stop)
            )
        for thread in threads:
            thread.start()
        # Bounded: the loop ends at the deadline, a request within its timeout.
        for thread in threads:
            while thread.is_alive():
                remaining = deadline + REQUEST_TIMEOUT + 5 - time.monotonic()
                if remaining <= 0:
                    break
                thread.join(timeout=min(1.0, remaining))
        elapsed = time.monotonic() - started
        stop.set()
        stuck = sum(thread.is_alive() for thread in threads)
        not_logged_in = sum(not thread.logged_in for thread in threads)
        result = figures(recorder, elapsed)
        result["clients_stuck"] = stuck
        result["clients_not_logged_in"] = not_logged_in
        results = {
            "database": args.database,
            "clients": args.clients,
            "seconds_asked": args.seconds,
            "workers": args.workers,
            "mix_percent": MIX,
            "figures": result,
            "consistency": consistency(site, recorder, result),
            "python": platform.python_version(),
            "cores": os.cpu_count(),
        }
        if stuck or not_logged_in:
            results["consistency"]["checks"]["every client ran to the end"] = False
            results["consistency"]["ok"] = False
        report(results)
        if stuck or not_logged_in:
            print(f"clients stuck: {stuck}; clients not logged in: {not_logged_in}")
        save(results)
        if not results["consistency"]["ok"]:
            print(f"server log: {site.log_path} (kept)")
            args.keep = True
        return 0 if results["consistency"]["ok"] else 1
    except (KeyboardInterrupt, Interrupted):
        stop.set()
        print("\ninterrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        stop.set()
        site.cleanup(keep=args.keep)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20, help="threads (20)")
    parser.add_argument("--seconds", type=float, default=60, help="duration (60)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's (2)")
    parser.add_argument("--creators", type=int, default=10, help="seeded (10)")
    parser.add_argument("--subscribers", type=int, default=30, help="seeded (30)")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory"
    )
    args = parser.parse_args()
    if args.clients < 1 or args.seconds <= 0 or args.creators < 2:
        parser.error("need at least 1 client, some seconds and 2 creators")
    # Ctrl-C and SIGTERM stop the run and clean up, even when started in the
    # background (which ignores SIGINT).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, on_sigterm)
    sys.exit(run(args))


if __name__ == "__main__":
    main()
