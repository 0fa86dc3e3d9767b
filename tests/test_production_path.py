"""The production path end to end: gunicorn servers on PostgreSQL, Redis and S3.

Every test starts real app servers as `make serve` runs them (gunicorn, DEBUG off,
static files collected) on loopback, with a database, a Redis prefix and a bucket of
its own (testsupport/servers.py), and speaks to them over HTTP as a browser behind a
load balancer would. The `site` tests need PostgreSQL: `make test-postgres` (and CI)
runs them; on SQLite they skip. The `embedded_site` tests run everywhere: the
embedded default (a SQLite file, each process its own cache) served by several
servers at once.
"""

import contextlib
import gzip
import html
import io
import re
import secrets
import socket
from collections.abc import Callable, Iterator
from urllib.parse import quote, urlsplit

import boto3
import pytest
import requests
from django.conf import settings
from django.urls import reverse
from PIL import Image

from testsupport.factories import PASSWORD, image_bytes
from testsupport.html_forms import form_fields
from testsupport.s3 import CREDENTIALS, FAST_CLIENT, REGION
from testsupport.servers import (
    HOST,
    UNCOLLECTED_STATIC,
    Server,
    Site,
    StoppableS3,
    TcpForwarder,
    postgres_connection,
    serving,
    temporary_site,
)

DATABASE = settings.DATABASES["default"]
ON_POSTGRES = DATABASE["ENGINE"] == "django.db.backends.postgresql"

pytestmark = pytest.mark.production

PG_HOST = DATABASE.get("HOST") or "127.0.0.1"
PG_PORT = int(DATABASE.get("PORT") or 5432)
# The servers' Redis: the one the suite uses, in a database of their own.
REDIS_URL = (
    urlsplit(getattr(settings, "REDIS_URL", "") or "redis://127.0.0.1:6379")
    ._replace(path="/14")
    .geturl()
)
REQUEST_TIMEOUT = 20.0
PEOPLE = ["carla:CREATOR", "sam:SUBSCRIBER", "fay:CREATOR", "gil:CREATOR"]


# The services: PostgreSQL, Redis, moto's S3.


def postgres_url(name: str, host: str = PG_HOST, port: int = PG_PORT) -> str:
    user = quote(DATABASE.get("USER") or "postgres", safe="")
    password = DATABASE.get("PASSWORD")
    credentials = f"{user}:{quote(password, safe='')}" if password else user
    return f"postgres://{credentials}@{host}:{port}/{name}"


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


def photo_names(site: Site, username: str) -> list[str]:
    """The stored names of the photos `username` uploaded, oldest first."""
    with postgres_connection(site.database_url) as connection:
        rows = connection.execute(
            "SELECT image FROM blog_photo WHERE uploader_id = %s ORDER BY id",
            [site.members[username]],
        ).fetchall()
    return [name for (name,) in rows]


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The production path: a PostgreSQL database with its people, a Redis prefix,
    and the collected static files. Dropped at the end, whatever happened."""
    if not ON_POSTGRES:
        pytest.skip(
            "the production path needs PostgreSQL: set DATABASE_URL=postgres://"
            "... (make test-postgres does)"
        )
    with temporary_site(
        postgres=postgres_url("postgres"),
        redis_url=REDIS_URL,
        prefix="fotoblog-production",
    ) as site:
        site.set_up([*PEOPLE, "root:superuser"], PASSWORD)
        yield site


@pytest.fixture(scope="module")
def embedded_site() -> Iterator[Site]:
    """The embedded default: a SQLite file with its people, no Redis. Its pages are
    asked for, never their static files: those are not collected. Removed at the
    end, whatever happened."""
    with temporary_site(
        prefix="fotoblog-embedded", STATICFILES_BACKEND=UNCOLLECTED_STATIC
    ) as site:
        site.set_up([*PEOPLE, "root:superuser"], PASSWORD)
        yield site


@pytest.fixture
def serve() -> Iterator[Callable[..., list[Server]]]:
    """Start `count` servers of a site (with `workers` each and `overrides` to its
    variables), ready; all of them stop after the test."""
    with contextlib.ExitStack() as stack:

        def start(
            site: Site, count: int = 1, workers: int = 1, **overrides: str
        ) -> list[Server]:
            return stack.enter_context(
                serving(site, count=count, workers=workers, **overrides)
            )

        yield start


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
        f"{server.url}/admin/authentication/user/{site.members[username]}/change/"
    )
    fields = [
        (key, role if key == "role" else value)
        for key, value in form_fields(get(root, change_url).text, "user_form")
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
    a, b = serve(site, count=2, **aws_env(endpoint_url, bucket))

    # Carla logs in and uploads on A ...
    carla = browsers()
    log_in(carla, a, "carla")
    assert upload(carla, a, "Harbour at dawn").status_code == 302
    site.prepare_uploads(**aws_env(endpoint_url, bucket))  # an image worker's pass
    (name,) = photo_names(site, "carla")

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
    discover = get(sam, f"{b.url}/creators/")
    followed = sam.post(
        f"{b.url}/creators/carla/follow/",
        data={"follow": "1", "csrfmiddlewaretoken": csrf_token(discover.text)},
        allow_redirects=False,
        timeout=REQUEST_TIMEOUT,
    )
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
    a, b = serve(each_site, count=2)
    gil = browsers()
    log_in(gil, a, "gil")
    for server in (a, b):
        assert get(gil, f"{server.url}/photo/upload/").status_code == 200

    change_role_in_the_admin(each_site, a, browsers(), "gil", "SUBSCRIBER")

    for server in (b, a):
        assert get(gil, f"{server.url}/photo/upload/").status_code == 403


# 2. Faults: the database or the storage goes away, and comes back.


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
    (server,) = serve(
        site,
        DATABASE_URL=postgres_url(site.database, "127.0.0.1", postgres_forwarder.port),
        DATABASE_CONN_MAX_AGE="0",
        **aws_env(s3.endpoint_url, bucket),
    )
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
    assert photo_names(site, "fay") == []
    status, checks = readiness(server)
    assert status == 503
    assert checks["storage"].startswith("error: ")
    assert checks["database"] == checks["cache"] == "ok"

    # It comes back on the same port: uploads work again.
    s3.start()
    assert upload(fay, server, "Found again").status_code == 302
    assert len(photo_names(site, "fay")) == 1  # waiting for a worker
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
    (server,) = serve(site)
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


# 4. Bodies too large, and clients too slow, as gunicorn meets them.

# What a page answering at once answers within, on a busy machine.
PROMPT = 5.0
GIB = 1024**3


def send_head(server: Server, method: str, path: str, **headers: str) -> socket.socket:
    """A connection that has sent a request's line and headers, and no body."""
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {HOST}",
        *(f"{name.replace('_', '-')}: {value}" for name, value in headers.items()),
    ]
    connection = socket.create_connection((HOST, server.port), timeout=PROMPT)
    connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    return connection


def read_answer(connection: socket.socket) -> tuple[int, bytes]:
    """The status and body of the answer on `connection`, or a timeout."""
    reader = connection.makefile("rb")
    status = int(reader.readline().split()[1])
    length = 0
    while (line := reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    return status, reader.read(length)


def cookie_header(session: requests.Session) -> str:
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def test_a_huge_body_is_refused_at_once_without_being_sent(
    embedded_site, serve, browsers
):
    (server,) = serve(embedded_site)
    carla = browsers()
    log_in(carla, server, "carla")
    requests_of_a_gib = [
        # A visitor's multipart body, even to a page that takes no body at all.
        ("/healthz", "multipart/form-data; boundary=x", ""),
        ("/login/", "application/x-www-form-urlencoded", ""),
        # A creator's, to the page taking the most: 20 photos of 20 MB.
        (
            reverse("create_multiple_photos"),
            "multipart/form-data; boundary=x",
            cookie_header(carla),
        ),
    ]
    for path, content_type, cookie in requests_of_a_gib:
        headers = {"Content-Type": content_type, "Content_Length": str(GIB)}
        if cookie:
            headers["Cookie"] = cookie
        with contextlib.closing(send_head(server, "POST", path, **headers)) as client:
            status, body = read_answer(client)
        assert status == 413, path
        assert b"That is more than this page takes" in body


@contextlib.contextmanager
def stalled_login_forms(
    server: Server, visitor: requests.Session, count: int
) -> Iterator[list[socket.socket]]:
    """`count` clients that each send a login form's headers, with the visitor's
    CSRF cookie, and part of its body, then stall, once a worker is reading each
    one's body (the CSRF check reads it for the token); closed at the end."""
    assert get(visitor, f"{server.url}/login/").status_code == 200
    with contextlib.ExitStack() as stack:
        clients = []
        for _ in range(count):
            client = send_head(
                server,
                "POST",
                "/login/",
                Cookie=cookie_header(visitor),
                Content_Type="application/x-www-form-urlencoded",
                Content_Length="64",
                Expect="100-continue",
            )
            clients.append(stack.enter_context(contextlib.closing(client)))
            # gunicorn says "go on" once a worker has taken the request.
            assert client.recv(64).startswith(b"HTTP/1.1 100 Continue")
            client.sendall(b"username=sam&password=")
        yield clients


def test_two_clients_stalling_mid_body_leave_the_site_answering(
    embedded_site, serve, browsers
):
    (server,) = serve(embedded_site, workers=2)  # as `make serve` runs it
    sam = browsers()
    log_in(sam, server, "sam")

    with stalled_login_forms(server, browsers(), 2) as slow:
        health = requests.get(f"{server.url}/healthz", timeout=PROMPT)
        home = sam.get(f"{server.url}/", allow_redirects=False, timeout=PROMPT)

        assert health.status_code == 200
        assert home.status_code == 200
        assert "Your feed" in home.text
        for client in slow:  # still stalled, still unanswered
            client.setblocking(False)
            with pytest.raises(BlockingIOError):
                client.recv(1)
