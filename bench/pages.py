"""Pages at two sizes of data: queries, render time, the home feed over HTTP.

Run with `make bench` (or `.venv/bin/python -m bench.pages`). For each scale (1 and
100 by default) a fresh site is made in a temporary directory — SQLite there, or a
PostgreSQL database `fotoblog_bench_<random>` on 127.0.0.1:5432 with `--database
postgres` — migrated and filled by `manage.py generate_data --scale N`.

- In-process (django.test.Client, DEBUG off): the SQL queries of each page for a
  subscriber who follows 10 creators and for a creator, the first request of each
  page and the next (the same: nothing is cached across requests); then the render
  time of many requests, median and p95. The scales take turns, round after round,
  so that both feel the same load on a shared machine.
- Over HTTP, at the largest scale: gunicorn (2 workers, DEBUG off, HTTPS off) on
  loopback (testsupport/servers.py); client threads, each logged in as a different
  subscriber, ask for the home feed, then for /floor/ — the site's middleware,
  session and user, then a constant page — in turns, for a bounded time. /floor/
  exists only in this bench's own URLconf (bench/urls.py, through bench/settings.py).
- The upload pipeline per 12-megapixel photo, from bench/upload.py.
- The home feed alone, beside two clients sending bodies at 1 byte/s, and while two
  creators upload 40 MP photos, with image workers beside gunicorn; time from upload
  to visible photo; no orphan file: bench/under_load.py, on a site of its own.

One table is printed, with each goal's PASS or MISS, and everything is written to
bench/results.json. Servers, databases and temporary directories are removed at the
end, after a failure or Ctrl-C too.
"""

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.readers import get, hammer, login_cookie, merged, p95, summary
from testsupport.servers import (
    BASE_DIR,
    HOST,
    Site,
    exit_with,
    serving,
    temporary_site,
)

RESULTS = Path(__file__).with_name("results.json")
UPLOAD_RESULTS = Path(__file__).with_name("results-upload.json")
UNDER_LOAD_RESULTS = Path(__file__).with_name("results-under-load.json")
POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
PASSWORD = "bench-fotoblog-2026"  # generate_data's default
GENERATE_TIMEOUT = 1200.0  # seconds for generate_data at the largest scale
CHILD_TIMEOUT = 900.0  # seconds for one in-process measuring round
WORKERS = 2  # gunicorn's, as `make serve` runs it
PAGES = ("home", "photo feed", "blog page", "creator page", "my blogs")
# Goals: queries per page, sessions and user included, at any scale — the limits
# blog/tests/test_query_counts.py holds (see there what each query is for).
QUERY_GOALS = {"home": 9, "photo feed": 6, "blog page": 7}
COLD_EXTRA = 0  # a session's first request costs what the next ones do
MEDIAN_RATIO_GOAL = 1.3  # home median, largest scale / scale 1
FLOOR_SHARE_GOAL = 1 / 3  # home requests per second / floor's


# ---------------------------------------------------------------- the sites


def bench_site(stack: contextlib.ExitStack, database: str, scale: int, keep: bool):
    """A temporary site with the benchmark's settings, to be filled."""
    return stack.enter_context(
        temporary_site(
            postgres=POSTGRES if database == "postgres" else "",
            prefix=f"fotoblog-bench-{scale}",
            keep=keep,
            DJANGO_SETTINGS_MODULE="bench.settings",
        )
    )


def prepare(site: Site, scale: int) -> dict:
    """Migrate, collect static files, generate the data; the seconds each."""
    timings = {}
    start = time.perf_counter()
    site.set_up()
    timings["migrate_s"] = round(time.perf_counter() - start, 1)
    start = time.perf_counter()
    out = site.manage("generate_data", "--scale", str(scale), timeout=GENERATE_TIMEOUT)
    timings["generate_s"] = round(time.perf_counter() - start, 1)
    timings["generate_log"] = out.strip().splitlines()
    return timings


def measure(site: Site, requests: int) -> dict:
    """One in-process round, in a fresh process on this site."""
    (out,) = site.run(
        ["-m", "bench.pages", "--child", str(requests)], timeout=CHILD_TIMEOUT
    )
    for line in reversed(out.splitlines()):
        if line.startswith("BENCH-JSON "):
            return json.loads(line.removeprefix("BENCH-JSON "))
    raise RuntimeError(f"no result from the measuring process:\n{out}")


# ---------------------------------------------------------------- in-process


def child(requests: int) -> None:
    """In a process on a generated site: queries and render times of each page."""
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from authentication.models import User
    from blog.models import Blog, Photo

    subscriber = User.objects.filter(role=User.SUBSCRIBER).order_by("pk").first()
    creator = User.objects.filter(role=User.CREATOR).order_by("pk").first()
    followed = subscriber.follows.order_by("pk").first()
    blog = (
        Blog.objects.filter(owner=followed, is_published=True, is_hidden=False)
        .annotate(authors=Count("blogcontributor"))
        .order_by("-authors", "-date_created")
        .first()
    )
    urls = {
        "home": reverse("home"),
        "photo feed": reverse("photo_feed"),
        "blog page": reverse("view_blog", args=[blog.pk]),
        "creator page": reverse("creator_detail", args=[followed.get_username()]),
        "my blogs": reverse("my_blogs"),
    }
    results = {}
    for who, user in (("subscriber", subscriber), ("creator", creator)):
        client = Client(HTTP_HOST=HOST)
        client.force_login(user)
        for page, url in urls.items():
            if page == "my blogs" and not user.is_creator:
                continue  # a creator's page only
            # Read what was captured at once: the next request empties the log.
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            cold = list(captured.captured_queries)
            if response.status_code != 200:
                raise RuntimeError(f"{who} {url}: {response.status_code}")
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            warm = list(captured.captured_queries)
            times = []
            for _ in range(requests):
                start = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            results[f"{who}|{page}"] = {
                "url": url,
                "queries_cold": len(cold),
                "queries": len(warm),
                "sql": [query["sql"][:2000] for query in warm],
                "times_ms": [round(t, 2) for t in times],
            }
    counts = {
        "users": User.objects.count(),
        "blogs": Blog.objects.count(),
        "photos": Photo.objects.count(),
    }
    readers = User.objects.filter(role=User.SUBSCRIBER).order_by("pk")[:64]
    found = {
        "pages": results,
        "rows": counts,
        "subscribers": [reader.get_username() for reader in readers],
    }
    print("BENCH-JSON " + json.dumps(found))


def merge_rounds(rounds: list[dict]) -> dict:
    """One entry per user and page: query counts and the times of every round."""
    merged = {}
    for number, found in enumerate(rounds):
        for key, entry in found["pages"].items():
            if number == 0:
                merged[key] = {**entry, "times_ms": []}
            elif entry["queries"] != merged[key]["queries"]:
                merged[key]["queries_varied"] = True
            merged[key]["times_ms"] += entry["times_ms"]
    for entry in merged.values():
        times = entry.pop("times_ms")
        entry["requests"] = len(times)
        entry["median_ms"] = round(statistics.median(times), 1)
        entry["p95_ms"] = round(p95(times), 1)
    return merged


# ---------------------------------------------------------------- over HTTP


def http_bench(
    site: Site, scale: int, usernames: list[str], seconds: float, rounds: int
):
    """Home and floor in turns, `rounds` times, `seconds` in all for each."""
    with serving(site, workers=WORKERS) as (server,):
        cookies = [login_cookie(server.url, name, PASSWORD) for name in usernames]
        paths = {"home": "/", "floor": "/floor/"}
        for cookie in cookies:  # warm both workers: templates, connections
            for path in paths.values():
                for _ in range(3):
                    get(server.port, path, cookie)
        runs = {name: [] for name in paths}
        for _ in range(rounds):
            for name, path in paths.items():
                runs[name].append(hammer(server.port, path, cookies, seconds / rounds))
        log = server.log()
    results = {
        name: {"path": paths[name], **summary(merged(parts))}
        for name, parts in runs.items()
    }
    results["threads"] = len(usernames)
    results["workers"] = WORKERS
    results["scale"] = scale
    results["server_log_tracebacks"] = log.count("Traceback (most recent call last)")
    return results


# ---------------------------------------------------------------- the upload


def upload_bench(runs: int) -> dict:
    subprocess.run(
        [sys.executable, "-m", "bench.upload", "--runs", str(runs)],
        cwd=BASE_DIR,
        check=True,
        timeout=600,
        stdout=subprocess.DEVNULL,
    )
    found = json.loads(UPLOAD_RESULTS.read_text())
    return {
        "runs": found["runs"],
        "pipeline_median_ms": found["pipeline"]["median_ms"],
        "decode_median_ms": found["decode"]["median_ms"],
        "ratio_median": found["ratio_median"],
        "ratio_cpu_median": found["ratio_cpu_median"],
        "peak_memory_mb": found["peak_memory_mb"],
    }


def under_load_bench() -> dict:
    """bench/under_load.py in a process of its own; its figures, rows and goals."""
    subprocess.run(
        [sys.executable, "-m", "bench.under_load"],
        cwd=BASE_DIR,
        check=True,
        timeout=900,
        stdout=subprocess.DEVNULL,
    )
    return json.loads(UNDER_LOAD_RESULTS.read_text())


# ---------------------------------------------------------------- the table


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def machine() -> dict:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def goals(results: dict) -> list[dict]:
    """Each goal, its numbers and PASS or MISS."""
    scales = sorted(results["scales"], key=int)
    small, large = scales[0], scales[-1]
    checks = []
    for page, limit in QUERY_GOALS.items():
        found = {
            (scale, who): entry["queries"]
            for scale in scales
            for key, entry in results["scales"][scale]["pages"].items()
            for who in [key.split("|")[0]]
            if key.split("|")[1] == page
        }
        colds = [
            entry["queries_cold"] - entry["queries"]
            for scale in scales
            for key, entry in results["scales"][scale]["pages"].items()
            if key.split("|")[1] == page
        ]
        worst = max(found.values())
        # More data must never cost more queries (fewer is fine: a page full of
        # blogs needs no photo query).
        bounded = all(
            found[(scale, who)] <= found[(small, who)]
            for scale, who in found
            if (small, who) in found
        )
        ok = worst <= limit and bounded and max(colds) <= COLD_EXTRA
        checks.append(
            {
                "goal": f"queries {page} <= {limit}, none more with more data",
                "value": f"{worst} (cold +{max(colds)}), "
                + ("not more" if bounded else "MORE")
                + " at scales "
                + "/".join(scales),
                "ok": ok,
            }
        )
    if small != large:
        a = results["scales"][small]["pages"]["subscriber|home"]["median_ms"]
        b = results["scales"][large]["pages"]["subscriber|home"]["median_ms"]
        ratio = b / a
        checks.append(
            {
                "goal": f"home median, scale {large} <= {MEDIAN_RATIO_GOAL} x "
                f"scale {small}",
                "value": f"{b:.1f} / {a:.1f} ms = {ratio:.2f} x",
                "ok": ratio <= MEDIAN_RATIO_GOAL,
            }
        )
    if results.get("http"):
        home, floor = results["http"]["home"]["rps"], results["http"]["floor"]["rps"]
        share = home / floor if floor else 0.0
        checks.append(
            {
                "goal": "home RPS >= floor RPS / 3",
                "value": f"{home:g} / {floor:g} = {share:.2f} (goal >= 0.33)",
                "ok": share >= FLOOR_SHARE_GOAL,
            }
        )
    if results.get("upload"):
        up = results["upload"]
        checks.append(
            {
                "goal": "upload pipeline <= 3 x a plain decode (medians)",
                "value": f"{up['pipeline_median_ms']:g} / {up['decode_median_ms']:g} "
                f"ms = {up['ratio_median']:g} x",
                "ok": up["ratio_median"] <= 3,
            }
        )
        checks.append(
            {
                "goal": "upload pipeline peak memory < 200 MB",
                "value": f"{up['peak_memory_mb']:g} MB",
                "ok": up["peak_memory_mb"] < 200,
            }
        )
    if results.get("under_load"):
        checks += results["under_load"]["goals"]
    return checks


def table(results: dict) -> list[str]:
    scales = sorted(results["scales"], key=int)
    m = results["machine"]
    lines = [
        f"machine: {m['cpu']}, {m['cores']} cores, load average at start "
        + " ".join(f"{x:g}" for x in m["load_average_at_start"])
        + f"; Python {m['python']}; database {results['database']}",
    ]
    for scale in scales:
        entry = results["scales"][scale]
        rows = entry["rows"]
        lines.append(
            f"scale {scale}: {rows['users']} users, {rows['photos']} photos, "
            f"{rows['blogs']} blogs; generated in {entry['generate_s']:g} s"
        )
    lines.append("")
    head = f"| page | user | queries ({' / '.join(f'scale {s}' for s in scales)})"
    head += " | first request |"
    for scale in scales:
        head += f" scale {scale} median / p95 ms |"
    if len(scales) > 1:
        head += " median ratio |"
    lines.append(head)
    lines.append("|" + "---|" * (head.count("|") - 1))
    first = results["scales"][scales[0]]["pages"]
    for key in first:
        who, page = key.split("|")
        entries = [results["scales"][s]["pages"][key] for s in scales]
        row = f"| {page} | {who} | " + " / ".join(str(e["queries"]) for e in entries)
        row += " | " + " / ".join(str(e["queries_cold"]) for e in entries) + " |"
        for entry in entries:
            row += f" {entry['median_ms']:.1f} / {entry['p95_ms']:.1f} |"
        if len(scales) > 1:
            row += f" {entries[-1]['median_ms'] / entries[0]['median_ms']:.2f} x |"
        lines.append(row)
    if results.get("http"):
        found = results["http"]
        lines.append("")
        lines.append(
            f"| over HTTP, scale {found['scale']} ({found['workers']} gunicorn "
            f"workers, {found['threads']} client threads) | requests/s | p50 ms "
            "| p95 ms | failures |"
        )
        lines.append("|---|---|---|---|---|")
        for name in ("home", "floor"):
            row = found[name]
            failed = sum(row["failures"].values())
            lines.append(
                f"| {name} `{row['path']}` ({row['requests']} in {row['seconds']:g}"
                f" s) | {row['rps']:g} | {row['p50_ms']} | {row['p95_ms']} "
                f"| {failed} |"
            )
        share = found["home"]["rps"] / found["floor"]["rps"]
        lines.append(f"| home / floor | {share:.2f} | | | |")
    if results.get("upload"):
        up = results["upload"]
        lines.append("")
        lines.append(
            f"upload pipeline, one 12 MP JPEG: median {up['pipeline_median_ms']:g} ms "
            f"({up['ratio_median']:g} x a plain decode, {up['runs']} runs; CPU time "
            f"{up['ratio_cpu_median']:g} x, on two threads; peak memory "
            f"{up['peak_memory_mb']:g} MB)"
        )
    if results.get("under_load"):
        lines.append("")
        lines += results["under_load"]["rows"]
    lines.append("")
    for check in results["goals"]:
        verdict = "PASS" if check["ok"] else "MISS"
        lines.append(f"{verdict}  {check['goal']}: {check['value']}")
    return lines


# ---------------------------------------------------------------- the run


def run(args) -> int:
    results = {
        "machine": machine(),
        "database": args.database,
        "requests_per_page": args.requests,
        "rounds": args.rounds,
        "scales": {},
    }
    print(
        f"bench on {results['machine']['cpu']} ({results['machine']['cores']} cores),"
        f" load average {results['machine']['load_average_at_start']}",
        flush=True,
    )
    started = time.monotonic()
    sites: dict[int, Site] = {}
    try:
        with contextlib.ExitStack() as stack:
            if not args.skip_upload:
                print("upload pipeline (bench/upload.py) ...", flush=True)
                results["upload"] = upload_bench(args.upload_runs)
            for scale in args.scales:
                sites[scale] = site = bench_site(stack, args.database, scale, args.keep)
                print(f"scale {scale}: generating in {site.root} ...", flush=True)
                results["scales"][str(scale)] = prepare(site, scale)
                print(
                    f"  generated in {results['scales'][str(scale)]['generate_s']} s",
                    flush=True,
                )
            rounds = {scale: [] for scale in args.scales}
            per_round = max(1, args.requests // args.rounds)
            for number in range(args.rounds):
                for scale, site in sites.items():
                    print(
                        f"in-process round {number + 1}, scale {scale} ...", flush=True
                    )
                    rounds[scale].append(measure(site, per_round))
            for scale in args.scales:
                entry = results["scales"][str(scale)]
                entry["rows"] = rounds[scale][0]["rows"]
                entry["pages"] = merge_rounds(rounds[scale])
            if not args.skip_http:
                largest = max(sites)
                print(
                    f"over HTTP, scale {largest}: {args.threads} threads, "
                    f"{args.seconds:g} s for each of home and floor ...",
                    flush=True,
                )
                readers = rounds[largest][0]["subscribers"][: args.threads]
                results["http"] = http_bench(
                    sites[largest], largest, readers, args.seconds, args.http_rounds
                )
            if not args.skip_under_load:
                print(
                    "the home feed beside slow bodies and uploads "
                    "(bench/under_load.py) ...",
                    flush=True,
                )
                results["under_load"] = under_load_bench()
    except KeyboardInterrupt:
        print("\ninterrupted; cleaned up", file=sys.stderr)
        return 130
    results["seconds"] = round(time.monotonic() - started, 1)
    results["goals"] = goals(results)
    lines = table(results)
    results["table"] = lines
    print()
    print("\n".join(lines))
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {RESULTS} ({results['seconds']:g} s in all)")
    failed = results.get("http", {})
    broken = any(failed.get(name, {}).get("failures") for name in ("home", "floor"))
    return 1 if broken else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales", type=int, nargs="+", default=[1, 100], help="(1 100)"
    )
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--requests", type=int, default=50, help="timed requests per page (50)"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="scales take turns this often (2)"
    )
    parser.add_argument("--threads", type=int, default=8, help="HTTP clients (8)")
    parser.add_argument(
        "--seconds", type=float, default=20, help="HTTP seconds for each page (20)"
    )
    parser.add_argument(
        "--http-rounds", type=int, default=2, help="home and floor take turns (2)"
    )
    parser.add_argument("--upload-runs", type=int, default=9, help="(9)")
    parser.add_argument("--skip-upload", action="store_true")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-under-load", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep temporary dirs")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    args.scales = sorted(set(args.scales))
    exit_with(lambda: run(args))


if __name__ == "__main__":
    main()
