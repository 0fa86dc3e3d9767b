"""The production path end to end: gunicorn servers on PostgreSQL, Redis and S3.

Every test starts real app servers as `make serve` runs them (gunicorn, DEBUG off,
static files collected) on loopback, with a database, a Redis prefix and a bucket of
its own, and speaks to them over HTTP as a browser behind a load balancer would.
The `site` tests need PostgreSQL: `make test-postgres` (and CI) runs them; on SQLite
they skip. The `embedded_site` tests run everywhere: the embedded default (a SQLite
file, each process its own cache) served by several servers at once.
"""

import contextlib
import gzip
import html
import io
import json
import os
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import boto3
import psycopg
import pytest
import redis
import requests
from django.conf import settings
from PIL import Image

from testsupport.factories import PASSWORD, image_bytes
from testsupport.s3 import (
    CREDENTIALS,
    FAST_CLIENT,
    REGION,
    closed_port,
    wait_for_port,
)

DATABASE = settings.DATABASES["default"]
ON_POSTGRES = DATABASE["ENGINE"] == "django.db.backends.postgresql"

pytestmark = pytest.mark.production

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).parent / "gunicorn"
PG_HOST = DATABASE.get("HOST") or "127.0.0.1"
PG_PORT = int(DATABASE.get("PORT") or 5432)
# The servers' Redis: the one the suite uses, in a database of their own.
REDIS_URL = (
    urlsplit(getattr(settings, "REDIS_URL", "") or "redis://127.0.0.1:6379")
    ._replace(path="/14")
    .geturl()
)
# Every wait is bounded: a server that does not come up fails the test in seconds.
START_TIMEOUT = 20.0
REQUEST_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0

# The database of a module: migrated, with its people (run by `manage.py shell`).
SET_UP = """
import json
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from authentication.models import User

call_command("migrate", interactive=False, verbosity=0)
people = {{
    name: User.objects.create_user(name, role=role)
    for name, role in [
        ("carla", "CREATOR"),
        ("sam", "SUBSCRIBER"),
        ("fay", "CREATOR"),
        ("gil", "CREATOR"),
    ]
}}
people["root"] = User.objects.create_superuser("root", "root@example.com", None)
# A cheap hash to start with, saving seconds: the first login upgrades it.
hasher = PBKDF2PasswordHasher()
User.objects.update(password=hasher.encode({password!r}, hasher.salt(), 1000))
print(json.dumps({{name: person.pk for name, person in people.items()}}))
"""


# The services: PostgreSQL, Redis, moto's S3.


def postgres_url(name: str, host: str = PG_HOST, port: int = PG_PORT) -> str:
    user = quote(DATABASE.get("USER") or "postgres", safe="")
    password = DATABASE.get("PASSWORD")
    credentials = f"{user}:{quote(password, safe='')}" if password else user
    return f"postgres://{credentials}@{host}:{port}/{name}"


def postgres(name: str = "postgres") -> psycopg.Connection:
    return psycopg.connect(
        postgres_url(name).replace("postgres://", "postgresql://", 1),
        autocommit=True,
        connect_timeout=5,
    )


def s3_client(endpoint_url: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=REGION,
        config=FAST_CLIENT,
        **CREDENTIALS,
    )


def drop_bucket(client, bucket: str) -> None:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    for page in pages:
        for entry in page.get("Contents", ()):
            client.delete_object(Bucket=bucket, Key=entry["Key"])
    client.delete_bucket(Bucket=bucket)


def aws_env(endpoint_url: str, bucket: str) -> dict[str, str]:
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint_url,
        "AWS_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"],
        "AWS_S3_REGION_NAME": REGION,
    }


@dataclass
class Site:
    """One deployment's shared state: a database, a cache, static files."""

    database_url: str
    secret_key: str
    root: Path
    redis_url: str = ""  # none: each process caches for itself (the embedded default)
    cache_prefix: str = "fotoblog"
    people: dict[str, int] = field(default_factory=dict)

    @property
    def database(self) -> str:
        """The name of the site's PostgreSQL database."""
        return urlsplit(self.database_url).path.removeprefix("/")

    def env(self, **overrides: str) -> dict[str, str]:
        """The environment of a server or command of this site, and nothing else."""
        inherited = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
        env = {name: os.environ[name] for name in inherited if name in os.environ}
        env.update(
            FOTOBLOG_ENV_FILE="",
            DJANGO_SETTINGS_MODULE="fotoblog.settings",
            DEBUG="off",
            HTTPS="off",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            CACHE_KEY_PREFIX=self.cache_prefix,
            STATIC_ROOT=str(self.root / "static"),
            MEDIA_ROOT=str(self.root / "media"),
        )
        env.update(overrides)
        return env

    def manage(self, *commands: list[str]) -> list[str]:
        """Run management commands of this site side by side; return their output."""
        processes = [
            subprocess.Popen(
                [sys.executable, "manage.py", *args],
                cwd=BASE_DIR,
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for args in commands
        ]
        outputs = []
        try:
            for args, process in zip(commands, processes, strict=True):
                output, errors = process.communicate(timeout=60)
                assert process.returncode == 0, (
                    f"manage.py {args[0]}:\n{errors[-3000:]}"
                )
                outputs.append(output)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        return outputs

    def photo_names(self, username: str) -> list[str]:
        """The stored names of the photos `username` uploaded, oldest first."""
        with postgres(self.database) as connection:
            rows = connection.execute(
                "SELECT image FROM blog_photo WHERE uploader_id = %s ORDER BY id",
                [self.people[username]],
            ).fetchall()
        return [name for (name,) in rows]


def set_up(site: Site) -> None:
    """Migrate the site's database, add its people, collect its static files."""
    output, _ = site.manage(
        ["shell", "-c", SET_UP.format(password=PASSWORD)],
        ["collectstatic", "--no-input", "-v0"],
    )
    site.people = json.loads(output.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The production path: a PostgreSQL database with its people, a Redis prefix,
    and the collected static files.

    Dropped with everything else at the end, whatever happened.
    """
    if not ON_POSTGRES:
        pytest.skip(
            "the production path needs PostgreSQL: set DATABASE_URL=postgres://"
            "... (make test-postgres does)"
        )
    token = secrets.token_hex(6)
    root = Path(tempfile.mkdtemp(prefix="fotoblog-production-"))
    site = Site(
        database_url=postgres_url(f"fotoblog_production_{token}"),
        secret_key=secrets.token_urlsafe(50),
        root=root,
        redis_url=REDIS_URL,
        cache_prefix=f"fotoblog-production-{token}",
    )
    try:
        with postgres() as connection:
            connection.execute(f'CREATE DATABASE "{site.database}"')
        try:
            set_up(site)
            yield site
        finally:
            with postgres() as connection:
                connection.execute(f'DROP DATABASE "{site.database}" WITH (FORCE)')
    finally:
        shutil.rmtree(root, ignore_errors=True)
        with contextlib.closing(redis.Redis.from_url(REDIS_URL)) as client:
            for key in client.scan_iter(match=f"{site.cache_prefix}:*"):
                client.delete(key)


@pytest.fixture(scope="module")
def embedded_site() -> Iterator[Site]:
    """The embedded default: a SQLite file with its people, no Redis, the collected
    static files. Removed at the end, whatever happened."""
    root = Path(tempfile.mkdtemp(prefix="fotoblog-embedded-"))
    try:
        site = Site(
            database_url=f"sqlite:///{root / 'db.sqlite3'}",
            secret_key=secrets.token_urlsafe(50),
            root=root,
        )
        set_up(site)
        yield site
    finally:
        shutil.rmtree(root, ignore_errors=True)


# The app servers.


@dataclass
class Server:
    """A gunicorn master with one worker, on a loopback port."""

    url: str
    process: subprocess.Popen
    log: io.BufferedRandom
    terminated: bool = False

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited at start-up:\n{self.output()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            if time.monotonic() > deadline:
                pytest.fail(f"no /healthz in {START_TIMEOUT} s:\n{self.output()}")
            time.sleep(0.05)

    def terminate(self) -> None:
        if self.process.poll() is None and not self.terminated:
            self.process.terminate()
            self.terminated = True

    def stop(self) -> None:
        """Stop gunicorn and its worker: gently, else for good."""
        self.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            # The master leads its own process group: the worker goes with it.
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT)


@pytest.fixture
def serve() -> Iterator[Callable[..., list[Server]]]:
    """Start `count` servers with `env`, ready; all of them stop after the test."""
    servers: list[Server] = []
    logs = contextlib.ExitStack()

    def start(env: dict[str, str], count: int = 1) -> list[Server]:
        started = []
        for _ in range(count):
            port = closed_port()
            log = logs.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
            process = subprocess.Popen(
                [
                    str(GUNICORN),
                    "fotoblog.wsgi",
                    f"--bind=127.0.0.1:{port}",
                    "--workers=1",
                    "--no-control-socket",
                    "--graceful-timeout=5",
                    "--access-logfile=-",
                ],
                cwd=BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            server = Server(f"http://127.0.0.1:{port}", process, log)
            servers.append(server)
            started.append(server)
        for server in started:
            server.wait_until_healthy()
        return started

    try:
        yield start
    finally:
        for server in servers:  # all at once, then each for good
            server.terminate()
        for server in servers:
            server.stop()
        logs.close()


# A browser, in short.


@pytest.fixture
def browsers() -> Iterator[Callable[[], requests.Session]]:
    """New cookie-keeping HTTP sessions, closed after the test."""
    sessions: list[requests.Session] = []

    def new() -> requests.Session:
        session = requests.Session()
        sessions.append(session)
        return session

    yield new
    for session in sessions:
        session.close()


class Forms(HTMLParser):
    """The fields each form of a page submits, as a browser collects them."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[dict, list[tuple[str, str]]]] = []
        self._open = False
        self._select: tuple[str, bool, list[tuple[str, bool]]] | None = None
        self._textarea: list[str] | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs, []))
            self._open = True
            return
        if not self._open or "disabled" in attrs:
            return
        fields = self.forms[-1][1]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    fields.append((name, attrs.get("value") or "on"))
                return
            fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs, [])
        elif tag == "option" and self._select:
            self._select[2].append((attrs.get("value") or "", "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = False
        elif tag == "select" and self._select:
            name, multiple, options = self._select
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not multiple:
                chosen = [options[0][0]]
            self.forms[-1][1].extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.forms[-1][1].append((name, text.removeprefix("\n")))
            self._textarea = None

    def fields(self, form_id: str) -> list[tuple[str, str]]:
        return next(
            fields for attrs, fields in self.forms if attrs.get("id") == form_id
        )


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, "the page has no CSRF token"
    return match.group(1)


def get(session: requests.Session, url: str) -> requests.Response:
    return session.get(url, allow_redirects=False, timeout=REQUEST_TIMEOUT)


def post_form(
    session: requests.Session, url: str, data: dict | list, files=None
) -> requests.Response:
    """GET the page for its CSRF token, then POST `data` to it."""
    page = get(session, url)
    assert page.status_code == 200, f"GET {url}: {page.status_code}"
    fields = list(data.items()) if isinstance(data, dict) else list(data)
    fields.append(("csrfmiddlewaretoken", csrf_token(page.text)))
    return session.post(
        url, data=fields, files=files, allow_redirects=False, timeout=REQUEST_TIMEOUT
    )


def log_in(session: requests.Session, server: Server, username: str) -> None:
    """Log in through the login form, as a person does."""
    response = post_form(
        session,
        f"{server.url}/login/",
        {"username": username, "password": PASSWORD, "next": ""},
    )
    assert response.status_code == 302, f"login of {username}: {response.text[:500]}"
    assert "sessionid" in session.cookies


def upload(session: requests.Session, server: Server, caption: str):
    picture = ("harbour.jpg", image_bytes(size=(96, 64)), "image/jpeg")
    return post_form(
        session,
        f"{server.url}/photo/upload/",
        {"caption": caption},
        files={"image": picture},
    )


def image_sources(page: str) -> list[str]:
    return [
        html.unescape(src) for src in re.findall(r'<img\b[^>]*\ssrc="([^"]*)"', page)
    ]


def change_role_in_the_admin(
    site: Site, server: Server, root: requests.Session, username: str, role: str
) -> None:
    """Log in as the superuser and change `username`'s role on the admin page."""
    log_in(root, server, "root")
    change_url = (
        f"{server.url}/admin/authentication/user/{site.people[username]}/change/"
    )
    fields = [
        (key, role if key == "role" else value)
        for key, value in Forms(get(root, change_url).text).fields("user_form")
        if key != "csrfmiddlewaretoken"
    ]
    changed = post_form(root, change_url, fields)
    assert changed.status_code == 302, f"the admin refused: {changed.text[-3000:]}"


def assert_unavailable(response: requests.Response, server: Server) -> None:
    """The site's own 503 page: not a 500, not a traceback, and a Retry-After."""
    assert response.status_code == 503, (
        f"{response.status_code} instead of 503:\n{server.output()}"
    )
    assert "fotoblog is briefly unavailable" in response.text
    assert "Traceback" not in response.text
    assert response.headers["Retry-After"] == "30"


def readiness(server: Server) -> tuple[int, dict]:
    response = requests.get(f"{server.url}/readyz", timeout=REQUEST_TIMEOUT)
    return response.status_code, response.json()["checks"]


# 1. Any server answers any request.


@pytest.fixture
def shared_bucket(s3_server) -> Iterator[tuple[str, str]]:
    """A bucket of this test's own on the session's moto server: (endpoint, name)."""
    bucket = f"fotoblog-two-servers-{secrets.token_hex(4)}"
    s3_server.client.create_bucket(Bucket=bucket)
    yield s3_server.endpoint_url, bucket
    drop_bucket(s3_server.client, bucket)


def test_two_servers_share_sessions_media_follows_and_permissions(
    site, shared_bucket, serve, browsers
):
    endpoint_url, bucket = shared_bucket
    a, b = serve(site.env(**aws_env(endpoint_url, bucket)), count=2)

    # Carla logs in and uploads on A ...
    carla = browsers()
    log_in(carla, a, "carla")
    assert upload(carla, a, "Harbour at dawn").status_code == 302
    (name,) = site.photo_names("carla")

    # ... and with the same cookies B knows her and shows the photo from the bucket.
    page = get(carla, f"{b.url}/photos/")
    assert page.status_code == 200, "B does not know A's session"
    assert "carla" in page.text
    (src,) = [src for src in image_sources(page.text) if f"/{bucket}/{name}" in src]
    assert src.startswith(f"{endpoint_url}/{bucket}/{name}?")
    assert re.search(r"[?&](X-Amz-)?Signature=", src)  # signed: a private bucket
    assert endpoint_url in page.headers["Content-Security-Policy"]
    picture = requests.get(src, timeout=REQUEST_TIMEOUT)
    assert picture.status_code == 200
    stored = s3_client(endpoint_url).get_object(Bucket=bucket, Key=name)
    assert picture.content == stored["Body"].read()
    assert Image.open(io.BytesIO(picture.content)).size == (96, 64)

    # Sam follows Carla on B and sees her photo on A at once.
    sam = browsers()
    log_in(sam, b, "sam")
    assert name not in get(sam, f"{a.url}/photos/").text
    followed = post_form(sam, f"{b.url}/follow/", {"follows": site.people["carla"]})
    assert followed.status_code == 302
    feed = get(sam, f"{a.url}/photos/")
    assert feed.status_code == 200
    assert any(f"/{bucket}/{name}" in src for src in image_sources(feed.text))

    # Sam may not upload; root makes him a creator in the admin on A; B lets him.
    assert 'href="/photo/upload/"' not in get(sam, f"{b.url}/photos/").text
    assert get(sam, f"{b.url}/photo/upload/").status_code == 403
    change_role_in_the_admin(site, a, browsers(), "sam", "CREATOR")
    assert 'href="/photo/upload/"' in get(sam, f"{b.url}/photos/").text
    assert get(sam, f"{b.url}/photo/upload/").status_code == 200


@pytest.fixture(params=["embedded_site", "site"], ids=["embedded", "production"])
def each_site(request) -> Site:
    """The embedded default, then the production path (which skips on SQLite)."""
    return request.getfixturevalue(request.param)


def test_a_grant_revoked_in_the_admin_is_refused_by_every_server_at_once(
    each_site, serve, browsers
):
    # Two servers of one worker each: two processes sharing the database; on the
    # embedded default each keeps a cache of its own.
    a, b = serve(each_site.env(), count=2)
    gil = browsers()
    log_in(gil, a, "gil")
    for server in (a, b):
        assert get(gil, f"{server.url}/photo/upload/").status_code == 200

    change_role_in_the_admin(each_site, a, browsers(), "gil", "SUBSCRIBER")

    for server in (b, a):
        assert get(gil, f"{server.url}/photo/upload/").status_code == 403


# 2. Faults: the database or the storage goes away, and comes back.


class TcpForwarder:
    """A loopback port piping to `target`; stop() cuts every connection."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = closed_port()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._listener: socket.socket | None = None

    def start(self) -> None:
        self._stopping.clear()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.05)
        self._spawn(self._accept, self._listener)

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            connections, self._sockets = self._sockets, set()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()
        for thread in self._threads:
            thread.join(timeout=STOP_TIMEOUT)
        self._threads = []
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                self._sockets |= {client, upstream}
            self._spawn(self._pipe, client, upstream)
            self._spawn(self._pipe, upstream, client)

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):  # one side is done: so is the connection
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


class StoppableS3:
    """moto's S3 on a fixed loopback port, which can go away and come back."""

    def __init__(self):
        self.port = closed_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self._server = None

    def start(self) -> None:
        from moto.server import ThreadedMotoServer

        self._server = ThreadedMotoServer(
            ip_address="127.0.0.1", port=self.port, verbose=False
        )
        self._server.start()
        wait_for_port("127.0.0.1", self.port)

    @property
    def running(self) -> bool:
        return self._server is not None

    def stop(self) -> None:
        if not self.running:
            return
        self._server.stop()
        # moto's stop() leaves the socket listening (connections would hang, not
        # fail): close it, as a dead server would.
        self._server._server.server_close()
        self._server = None


@pytest.fixture
def postgres_forwarder() -> Iterator[TcpForwarder]:
    forwarder = TcpForwarder((PG_HOST, PG_PORT))
    forwarder.start()
    try:
        yield forwarder
    finally:
        forwarder.stop()


@pytest.fixture
def stoppable_s3() -> Iterator[tuple[StoppableS3, str]]:
    """A moto server of this test's own, with a bucket: (server, bucket)."""
    s3 = StoppableS3()
    s3.start()
    bucket = f"fotoblog-faults-{secrets.token_hex(4)}"
    client = s3_client(s3.endpoint_url)
    try:
        client.create_bucket(Bucket=bucket)
        yield s3, bucket
    finally:
        try:
            if not s3.running:
                s3.start()
            drop_bucket(client, bucket)
        finally:
            s3.stop()
            client.close()


def test_a_server_answers_503_while_a_service_is_down_and_recovers_by_itself(
    site, postgres_forwarder, stoppable_s3, serve, browsers
):
    s3, bucket = stoppable_s3
    env = site.env(
        DATABASE_URL=postgres_url(site.database, "127.0.0.1", postgres_forwarder.port),
        DATABASE_CONN_MAX_AGE="0",
        **aws_env(s3.endpoint_url, bucket),
    )
    (server,) = serve(env)
    fay = browsers()
    log_in(fay, server, "fay")
    feed = f"{server.url}/photos/"
    assert readiness(server) == (
        200,
        {"database": "ok", "cache": "ok", "storage": "ok"},
    )
    assert get(fay, feed).status_code == 200

    # PostgreSQL goes away: the site's 503 page, and /readyz names the database.
    postgres_forwarder.stop()
    assert_unavailable(get(fay, feed), server)
    status, checks = readiness(server)
    assert status == 503
    assert checks["database"].startswith("error: ")
    assert checks["cache"] == checks["storage"] == "ok"

    # It comes back: the same server answers again, nobody restarted it.
    postgres_forwarder.start()
    assert get(fay, feed).status_code == 200
    assert readiness(server)[0] == 200

    # The storage goes away: an upload answers 503 and leaves no photo behind.
    s3.stop()
    assert_unavailable(upload(fay, server, "Lost at sea"), server)
    assert site.photo_names("fay") == []
    status, checks = readiness(server)
    assert status == 503
    assert checks["storage"].startswith("error: ")
    assert checks["database"] == checks["cache"] == "ok"

    # It comes back on the same port: uploads work again.
    s3.start()
    assert upload(fay, server, "Found again").status_code == 302
    assert len(site.photo_names("fay")) == 1
    assert readiness(server)[0] == 200


# 3. Static files, as whitenoise serves them in production.


def raw_get(server: Server, path: str, **headers: str):
    """GET `path` and return (status, headers, body) with the body as sent."""
    response = requests.get(
        f"{server.url}{path}",
        headers={"Accept-Encoding": "identity", **headers},
        stream=True,
        timeout=REQUEST_TIMEOUT,
    )
    with response:
        body = response.raw.read(decode_content=False)
    return response.status_code, response.headers, body


def test_static_files_are_hashed_cached_for_ever_and_compressed(site, serve):
    (server,) = serve(site.env())
    page = requests.get(f"{server.url}/login/", timeout=REQUEST_TIMEOUT)
    assert page.status_code == 200
    match = re.search(r'<link rel="stylesheet" href="([^"]+)"', page.text)
    assert match, "the page links no stylesheet"
    href = match.group(1)
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", href), href

    status, headers, plain = raw_get(server, href)
    assert status == 200
    assert plain == (site.root / "static" / href.removeprefix("/static/")).read_bytes()
    cache_control = {part.strip() for part in headers["Cache-Control"].split(",")}
    assert cache_control & {"max-age=315360000", "immutable"}, cache_control
    assert "Content-Encoding" not in headers

    status, headers, body = raw_get(server, href, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert len(body) < len(plain)
    assert gzip.decompress(body) == plain

    try:
        import brotli
    except ImportError:
        return  # whitenoise writes .br files only with brotli installed
    status, headers, body = raw_get(server, href, **{"Accept-Encoding": "br"})
    assert headers["Content-Encoding"] == "br"
    assert brotli.decompress(body) == plain
