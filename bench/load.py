"""Load run: many members at once against gunicorn, driven by Locust, then a
consistency check.

Run with `make load` (or `.venv/bin/python -m bench.load --users 20 --seconds 60
--database sqlite|postgres`). A fresh site is made in a temporary folder
(testsupport/servers.py): a SQLite file there, or a database of its own on the
PostgreSQL server at 127.0.0.1:5432, dropped afterwards; media there too. It is
migrated and seeded (bench/load_data.py) with creators, subscribers, photos and
blogs; gunicorn serves it on a free loopback port (DEBUG off, HTTPS off, rate
limits raised), with an image worker beside it as `make serve` starts. Locust runs
bench/locustfile.py headless against it for the time given, and prints its requests
per second and percentiles. Then the worker prepares what is still queued.

Afterwards: no 5xx; every request answered; every member logged in; every upload
answered 302 has exactly one Photo row (by its unique caption), ready, with all its
files; no upload answered otherwise left a row; no "database is locked" in the
server's log; `media_gc --dry-run --min-age 0` finds no orphan file. The figures
are written to bench/results-load.json (one entry per database); the exit status is
1 when the check fails.
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

from bench.load_data import CAPTION_PREFIX, MIX
from testsupport.servers import (
    BASE_DIR,
    UNCOLLECTED_STATIC,
    Server,
    Site,
    exit_with,
    image_workers,
    serving,
    temporary_site,
)

RESULTS = Path(__file__).with_name("results-load.json")
POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
PASSWORD = "load-fotoblog-2026"
RAISED_LIMIT = "1000000"
STOP_TIMEOUT = 30  # seconds a user gets to finish its request when the time is up


def seed(site: Site, creators: int, subscribers: int) -> Path:
    """Seed the site; return the file that tells Locust's users who is who."""
    config = {
        "password": PASSWORD,
        "creators": creators,
        "subscribers": subscribers,
        "photos": 3,
        "blogs": 2,
    }
    output = site.run_module("bench.load_data", "seed", json.dumps(config))
    seeded = json.loads(output.splitlines()[-1])
    path = site.root / "site.json"
    path.write_text(json.dumps({**seeded, "password": PASSWORD}))
    return path


def swarm(server: Server, site_file: Path, args) -> Path:
    """Run Locust against `server` for the time asked; return its record."""
    record = site_file.with_name("record.json")
    command = [
        sys.executable,
        "-m",
        "locust",
        "--locustfile=bench/locustfile.py",
        "--headless",
        "--only-summary",
        f"--host={server.url}",
        f"--users={args.users}",
        f"--spawn-rate={args.users}",
        f"--run-time={args.seconds}s",
        f"--stop-timeout={STOP_TIMEOUT}",
        "--exit-code-on-error=0",  # the check below judges the run
        f"--site={site_file}",
        f"--record={record}",
    ]
    subprocess.run(
        command, cwd=BASE_DIR, check=True, timeout=args.seconds + STOP_TIMEOUT + 120
    )
    return record


def consistency(site: Site, record: dict, log: str) -> dict:
    """What the run left in the database, the storage and the server's log."""
    found = json.loads(
        site.run_module("bench.load_data", "check", CAPTION_PREFIX).splitlines()[-1]
    )
    rows = found["rows"]
    lost, duplicated, unwanted, unknown = [], [], [], []
    for caption, status in record["uploads"].items():
        count = rows.get(caption, 0)
        if count > 1:
            duplicated.append(caption)
        elif status == 302 and count == 0:
            lost.append(caption)
        elif status is None:
            unknown.append(caption)  # no answer: either way is consistent
        elif status != 302 and count:
            unwanted.append(caption)
    strangers = sorted(set(rows) - set(record["uploads"]))
    gc_out = site.manage("media_gc", "--dry-run", "--min-age", "0")
    match = re.search(r"(\d+) orphan file", gc_out)
    orphans = int(match.group(1)) if match else -1
    statuses = [
        (status, count)
        for counts in record["status"].values()
        for status, count in counts.items()
    ]
    checks = {
        "no 5xx": not any(status.startswith("5") for status, _ in statuses),
        "every request answered": not any(status == "0" for status, _ in statuses),
        "every member logged in": record["not_logged_in"] == 0,
        "no user raised an exception": not record["exceptions"],
        "uploads answered 302 each have one row": not lost and not duplicated,
        "uploads not answered 302 left no row": not unwanted and not strangers,
        "every uploaded photo is ready": not found["not_ready"],
        "every photo row has its files": not found["missing_files"],
        'no "database is locked" in the server log': (
            "database is locked" not in log.lower()
        ),
        "media_gc finds no orphan file": orphans == 0,
    }
    return {
        "status": record["status"],
        "uploads_sent": len(record["uploads"]),
        "uploads_302": sum(1 for s in record["uploads"].values() if s == 302),
        "upload_rows_found": sum(rows.values()),
        "lost": lost[:20],
        "duplicated": duplicated[:20],
        "rows_without_302": (unwanted + strangers)[:20],
        "uploads_without_answer": len(unknown),
        "not_ready": found["not_ready"][:20],
        "missing_files": found["missing_files"][:20],
        "exceptions": record["exceptions"][:20],
        "orphan_files": orphans,
        "server_log_tracebacks": log.count("Traceback (most recent call last)"),
        "checks": checks,
        "ok": all(checks.values()),
    }


def report(results: dict) -> None:
    check = results["consistency"]
    print()
    print(
        f"{results['database']}: {results['users']} users for {results['seconds']} s "
        f"against gunicorn ({results['workers']} workers); Locust's figures above"
    )
    for action, counts in check["status"].items():
        answers = ", ".join(f"{status}: {n}" for status, n in counts.items())
        print(f"  {action:<11} {answers}")
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
    for key in (
        "lost",
        "duplicated",
        "rows_without_302",
        "not_ready",
        "missing_files",
        "exceptions",
    ):
        if check[key]:
            print(f"  {key}: {', '.join(check[key][:5])}")
    print(f"consistency         {'ok' if check['ok'] else 'FAILED'}")


def save(results: dict) -> None:
    """Write the results under their database's key, keeping the other's."""
    try:
        saved = json.loads(RESULTS.read_text())
    except (OSError, ValueError):
        saved = {}
    saved[results["database"]] = results
    RESULTS.write_text(json.dumps(saved, indent=2) + "\n")
    print(f"written to {RESULTS}")


def run(args) -> int:
    with temporary_site(
        postgres=POSTGRES if args.database == "postgres" else "",
        prefix="fotoblog-load",
        keep=args.keep,
        # No page of the run fetches a static file: none are collected.
        STATICFILES_BACKEND=UNCOLLECTED_STATIC,
        FOTOBLOG_RATE_UPLOADS_PER_HOUR=RAISED_LIMIT,
        FOTOBLOG_RATE_FOLLOWS_PER_HOUR=RAISED_LIMIT,
        FOTOBLOG_RATE_SIGNUPS_PER_HOUR=RAISED_LIMIT,
    ) as site:
        print(f"preparing a {args.database} site in {site.root} ...", flush=True)
        site.set_up()
        site_file = seed(site, args.creators, args.subscribers)
        with serving(site, workers=args.workers) as (server,), image_workers(site):
            print(
                f"gunicorn on {server.url}, an image worker; Locust: {args.users} "
                f"users for {args.seconds} s ...",
                flush=True,
            )
            record = json.loads(swarm(server, site_file, args).read_text())
            log = server.log()
        site.prepare_uploads()  # what the worker had not reached yet
        results = {
            "database": args.database,
            "users": args.users,
            "seconds": args.seconds,
            "workers": args.workers,
            "mix_percent": MIX,
            "figures": record["figures"],
            "consistency": consistency(site, record, log),
            "python": platform.python_version(),
            "cores": os.cpu_count(),
        }
        report(results)
        save(results)
        return 0 if results["consistency"]["ok"] else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="Locust's (20)")
    parser.add_argument("--seconds", type=int, default=60, help="duration (60)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's (2)")
    parser.add_argument("--creators", type=int, default=10, help="seeded (10)")
    parser.add_argument("--subscribers", type=int, default=30, help="seeded (30)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if args.users < 1 or args.seconds <= 0 or args.creators < 2:
        parser.error("need at least 1 user, some seconds and 2 creators")
    exit_with(lambda: run(args))


if __name__ == "__main__":
    main()
