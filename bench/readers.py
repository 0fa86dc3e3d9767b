"""Members reading pages over HTTP, for the benchmarks: log in through the form,
then client threads ask for one page each until the time is up; the memory of the
server's workers meanwhile."""

import http.client
import statistics
import threading
import time
from pathlib import Path

import requests

from testsupport.servers import HOST

REQUEST_TIMEOUT = 30.0


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def login(base: str, username: str, password: str) -> requests.Session:
    """A session logged in through the form, as a browser does."""
    session = requests.Session()
    session.trust_env = False  # loopback only, never a proxy
    session.get(f"{base}/login/", timeout=REQUEST_TIMEOUT)
    session.post(
        f"{base}/login/",
        {
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "username": username,
            "password": password,
        },
        allow_redirects=False,
        timeout=REQUEST_TIMEOUT,
    )
    if "sessionid" not in session.cookies:
        raise RuntimeError(f"could not log in as {username}")
    return session


def login_cookie(base: str, username: str, password: str) -> str:
    """Log in through the form; return the session's cookies as a header."""
    with login(base, username, password) as session:
        cookies = session.cookies
        return f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}"


def get(port: int, path: str, cookie: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        answer = connection.getresponse()
        answer.read()
        return answer.status
    finally:
        connection.close()


def hammer(port: int, path: str, cookies: list[str], seconds: float) -> dict:
    """Each cookie's thread asks for `path` until the time is up."""
    lock = threading.Lock()
    samples: list[float] = []
    failures: dict[str, int] = {}
    deadline = time.monotonic() + seconds

    def loop(cookie: str) -> None:
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                status = get(port, path, cookie)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if status == 200:
                    samples.append(elapsed)
                else:
                    failures[str(status)] = failures.get(str(status), 0) + 1

    threads = [threading.Thread(target=loop, args=(c,), daemon=True) for c in cookies]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT + 5)
    return {
        "seconds": time.monotonic() - started,
        "samples": samples,
        "failures": failures,
    }


def merged(runs: list[dict]) -> dict:
    """Several `hammer` runs as one."""
    failures: dict[str, int] = {}
    for run in runs:
        for status, count in run["failures"].items():
            failures[status] = failures.get(status, 0) + count
    return {
        "seconds": sum(run["seconds"] for run in runs),
        "samples": [ms for run in runs for ms in run["samples"]],
        "failures": failures,
    }


def summary(run: dict) -> dict:
    """Requests per second, p50 and p95 of one `hammer` run, and its failures."""
    samples, elapsed = run["samples"], run["seconds"]
    return {
        "requests": len(samples),
        "seconds": round(elapsed, 1),
        "rps": round(len(samples) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(statistics.median(samples), 1) if samples else None,
        "p95_ms": round(p95(samples), 1) if len(samples) > 1 else None,
        "failures": run["failures"],
    }


def worker_pids(master: int) -> list[int]:
    """The processes whose parent is `master` (a gunicorn master's workers)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # names hold spaces
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def rss_mb(pid: int) -> float | None:
    """The resident memory of a process in MB (VmRSS); None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024  # kB
    return None


def workers_rss_mb(master: int) -> list[float]:
    """The resident memory of each of `master`'s workers now, in MB."""
    found = (rss_mb(pid) for pid in worker_pids(master))
    return [round(mb, 1) for mb in found if mb is not None]
