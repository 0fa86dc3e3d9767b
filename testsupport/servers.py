"""A production-like fotoblog under gunicorn on loopback, for the tests and bench/.

`temporary_site()` makes a site in a folder of its own: a SQLite file there, or a
database of its own on a PostgreSQL server; a Redis prefix of its own when given
Redis; its media and collected static files. `serving()` starts gunicorn servers of
a site on free loopback ports and returns once /healthz answers; `image_workers()`
starts its `manage.py worker` processes beside them. All clean up whatever happens,
and a server or worker whose parent is gone stops by itself
(testsupport/gunicorn_config.py; PR_SET_PDEATHSIG). Settings reach a site through
environment variables only, as in production. `TcpForwarder` and `StoppableS3` are
services a test can take away from running servers and give back.
"""

import contextlib
import ctypes
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from testsupport.s3 import closed_port, wait_for_port
from web.management.commands.worker import NICENESS as WORKER_NICENESS

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# Every wait is bounded: a server that does not come up fails in seconds.
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
COMMAND_TIMEOUT = 300.0
# Static files served from the apps' folders, without collectstatic: for sites whose
# pages are asked for but never their static files (compressing them takes a while).
UNCOLLECTED_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
# What a server or command inherits from the caller: nothing that configures it.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


def exit_with(run: Callable[[], int]) -> None:
    """Exit with the status `run()` returns. Ctrl-C and SIGTERM stop it and let its
    sites and servers clean up, even when started in the background (which ignores
    SIGINT)."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        sys.exit(run())
    except KeyboardInterrupt:
        print("\ninterrupted; cleaned up", file=sys.stderr)
        sys.exit(130)


class SiteError(RuntimeError):
    """A command or a server of a site failed; the message ends with its output."""


def production_environment(folder: Path) -> dict[str, str]:
    """The variables of a production-like site on photos.example.org, over HTTPS,
    keeping its database and media in `folder`."""
    return {
        "DJANGO_SETTINGS_MODULE": "fotoblog.settings",
        "FOTOBLOG_ENV_FILE": "",
        "DEBUG": "off",
        "HTTPS": "on",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "photos.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://photos.example.org",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "UPLOADS_ROOT": str(folder / "uploads"),
    }


@dataclass
class Site:
    """One deployment's shared state: a database, a cache, files under `root`."""

    root: Path
    database_url: str
    redis_url: str = ""  # none: each process caches for itself (the embedded default)
    cache_prefix: str = "fotoblog"
    # More variables for every server and command, e.g. DJANGO_SETTINGS_MODULE.
    variables: dict[str, str] = field(default_factory=dict)
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))
    members: dict[str, int] = field(default_factory=dict)

    def env(self, **overrides: str) -> dict[str, str]:
        """The environment of a server or command of this site, and nothing else:
        plain HTTP on loopback, DEBUG off."""
        env = {name: os.environ[name] for name in INHERITED if name in os.environ}
        env.update(production_environment(self.root))
        env.update(
            HTTPS="off",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS=HOST,
            CSRF_TRUSTED_ORIGINS="",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            CACHE_KEY_PREFIX=self.cache_prefix,
            STATIC_ROOT=str(self.root / "static"),
        )
        env.update(self.variables)
        env.update(overrides)
        return env

    def run(
        self,
        *commands: Sequence[str],
        timeout: float = COMMAND_TIMEOUT,
        overrides: dict[str, str] | None = None,
    ) -> list[str]:
        """Run Python commands (`["manage.py", "migrate"]`, `["-m", "module"]`) of
        this site side by side, with `overrides` to its variables; return what each
        printed."""
        processes = [
            subprocess.Popen(
                [sys.executable, *args],
                cwd=BASE_DIR,
                env=self.env(**(overrides or {})),
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
                output, errors = process.communicate(timeout=timeout)
                if process.returncode:
                    raise SiteError(
                        f"{' '.join(args[:2])} exited with {process.returncode}:\n"
                        f"{(output + errors)[-3000:]}"
                    )
                outputs.append(output)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        return outputs

    def manage(self, *args: str, timeout: float = COMMAND_TIMEOUT) -> str:
        """Run one management command of this site; return what it printed."""
        (output,) = self.run(["manage.py", *args], timeout=timeout)
        return output

    def prepare_uploads(self, **overrides: str) -> str:
        """Run one image worker of this site until its queue is empty (with
        `overrides` to its variables, as its servers have); return its output."""
        one_pass = ["--burst"] if self.redis_url else ["--batch", "--no-startup-delay"]
        (output,) = self.run(
            ["manage.py", "worker", "--", *one_pass], overrides=overrides
        )
        return output

    def set_up(self, members: Sequence[str] = (), password: str = "") -> None:
        """Migrate, collect the static files (unless the site's storage needs none),
        add `members` ("name:ROLE", or "name:superuser") who share `password`."""
        commands = [["manage.py", "migrate", "--no-input", "-v0"]]
        if self.env().get("STATICFILES_BACKEND") != UNCOLLECTED_STATIC:
            commands.append(["manage.py", "collectstatic", "--no-input", "-v0"])
        self.run(*commands)
        if members:
            self.add_members(members, password)

    def add_members(self, members: Sequence[str], password: str) -> dict[str, int]:
        """Add members ("name:ROLE" or "name:superuser"); return their keys."""
        output = self.run_module("testsupport.members", password, *members)
        added = {
            name: int(pk)
            for name, pk in (line.split(" ", 1) for line in output.splitlines())
        }
        self.members.update(added)
        return added

    def run_module(self, module: str, *args: str) -> str:
        """Run a module of the project (`python -m module args`) on this site."""
        (output,) = self.run(["-m", module, *args])
        return output

    @property
    def database(self) -> str:
        """The name of the site's database (a file's path on SQLite)."""
        return urlsplit(self.database_url).path.removeprefix("/")


def postgres_connection(url: str):
    """An autocommit connection to the PostgreSQL database at `url`."""
    import psycopg  # only sites on PostgreSQL need it

    return psycopg.connect(
        url.replace("postgres://", "postgresql://", 1),
        autocommit=True,
        connect_timeout=5,
    )


@contextlib.contextmanager
def temporary_site(
    *,
    postgres: str = "",
    redis_url: str = "",
    prefix: str = "fotoblog-site",
    keep: bool = False,
    **variables: str,
) -> Iterator[Site]:
    """A fresh site in a temporary folder, with a database of its own on the
    PostgreSQL server at `postgres` (else a SQLite file in the folder) and a cache
    prefix of its own on `redis_url` (if given). Everything is removed at the end,
    whatever happened; the folder stays if `keep`."""
    token = secrets.token_hex(4)
    root = Path(tempfile.mkdtemp(prefix=f"{prefix}-"))
    (root / "media").mkdir()
    database_url = f"sqlite:///{root / 'db.sqlite3'}"
    if postgres:
        name = f"{prefix.replace('-', '_')}_{token}"
        database_url = urlsplit(postgres)._replace(path=f"/{name}").geturl()
    site = Site(
        root=root,
        database_url=database_url,
        redis_url=redis_url,
        cache_prefix=f"{prefix}-{token}",
        variables=variables,
    )
    try:
        if postgres:
            with postgres_connection(postgres) as connection:
                connection.execute(f'CREATE DATABASE "{site.database}"')
        try:
            yield site
        finally:
            if postgres:
                with postgres_connection(postgres) as connection:
                    connection.execute(
                        f'DROP DATABASE IF EXISTS "{site.database}" WITH (FORCE)'
                    )
    finally:
        if redis_url:
            forget_cache(redis_url, site.cache_prefix)
        if keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def forget_cache(redis_url: str, prefix: str) -> None:
    """Delete the keys under `prefix` (never the whole database: it is shared)."""
    import redis  # only sites with Redis need it

    with contextlib.closing(redis.Redis.from_url(redis_url)) as client:
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)


@dataclass
class Server:
    """A gunicorn master and its workers on a loopback port."""

    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log(self) -> str:
        """Everything the server wrote: gunicorn's log and the site's."""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def output(self) -> str:
        """The end of the log, for a failure's message."""
        return self.log()[-4000:]

    def healthy(self) -> bool:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=1)
        try:
            connection.request("GET", "/healthz")
            return connection.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while not self.healthy():
            if self.process.poll() is not None:
                raise SiteError(f"gunicorn exited at start-up:\n{self.output()}")
            if time.monotonic() > deadline:
                raise SiteError(f"no /healthz in {START_TIMEOUT:g} s:\n{self.output()}")
            time.sleep(0.05)

    def terminate(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()

    def stop(self) -> None:
        """Stop gunicorn and its workers: gently, else for good."""
        self.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            # The master leads its own process group: the workers go with it.
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT)


def start_server(site: Site, workers: int, **overrides: str) -> Server:
    """Start gunicorn on a free loopback port for `site`; do not wait for it."""
    port = closed_port()
    log_path = site.root / f"server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "fotoblog.wsgi",
                "--config=python:testsupport.gunicorn_config",
                f"--bind={HOST}:{port}",
                f"--workers={workers}",
            ],
            cwd=BASE_DIR,
            env=site.env(**overrides),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the caller, who stops it
        )
    return Server(port, process, log_path)


@contextlib.contextmanager
def serving(
    site: Site, count: int = 1, workers: int = 1, **overrides: str
) -> Iterator[list[Server]]:
    """`count` servers of `site` (with `overrides` to its variables), ready; all
    stopped at the end, whatever happened."""
    servers: list[Server] = []
    try:
        for _ in range(count):
            servers.append(start_server(site, workers, **overrides))
        for server in servers:
            server.wait_until_healthy()
        yield servers
    finally:
        for server in servers:  # all at once, then each for good
            server.terminate()
        for server in servers:
            server.stop()


PR_SET_PDEATHSIG = 1  # prctl's option, from <linux/prctl.h>


def stop_with_parent() -> None:
    """In a child, before it runs: get SIGTERM when the process that started it
    dies (Linux's PR_SET_PDEATHSIG, kept across exec)."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_worker_session() -> None:
    """In an image worker's child, before it runs: stop with its parent, and give
    its session the worker's niceness.

    On Linux a new session is a scheduling group of its own (autogroup), and a
    process's niceness counts only against its own group: a worker at nice 10 alone
    in its session would take a whole group's share of the processor from the web
    servers, where `make serve`, starting both from one shell, has it yield to
    them."""
    stop_with_parent()
    with contextlib.suppress(OSError):  # no autogroups here: niceness is enough
        Path("/proc/self/autogroup").write_text(str(WORKER_NICENESS))


@contextlib.contextmanager
def image_workers(
    site: Site, count: int = 1, **overrides: str
) -> Iterator[list[subprocess.Popen]]:
    """`count` image workers of `site` (`manage.py worker`, as `make serve` starts
    them), each in a process group of its own and logging to the site's folder;
    at the end each group is stopped, gently, then for good, whatever happened."""
    workers: list[subprocess.Popen] = []
    try:
        for number in range(count):
            with (site.root / f"worker-{number}.log").open("wb") as log:
                workers.append(
                    subprocess.Popen(
                        [sys.executable, "manage.py", "worker"],
                        cwd=BASE_DIR,
                        env=site.env(**overrides),
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,  # a group of its own, to stop whole
                        preexec_fn=start_worker_session,
                    )
                )
        yield workers
    finally:
        for worker in workers:  # all at once, then each for good
            signal_group(worker, signal.SIGTERM)
        for worker in workers:
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.wait(timeout=STOP_TIMEOUT)
            signal_group(worker, signal.SIGKILL)  # whatever it left behind
            worker.wait(timeout=STOP_TIMEOUT)


def signal_group(process: subprocess.Popen, number: int) -> None:
    """Send `number` to the process group `process` leads, if any of it is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, number)


# Services that go away and come back.


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
