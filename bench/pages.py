"""The main pages at two sizes of data: queries, render time, speed over HTTP.

Run with `make bench` (or `.venv/bin/python -m bench.pages`). For each scale (1 and
100 by default) a fresh site is made in a temporary directory — SQLite there, or a
PostgreSQL database `fotoblog_bench_<random>` on 127.0.0.1:5432 with `--database
postgres` — migrated and filled by `manage.py generate_data --scale N`.

- In-process (django.test.Client, DEBUG off): the SQL queries of each page for a
  subscriber who follows 10 creators and for a creator, the first request of each
  page and the next (the same: nothing is cached across requests); then the render
  time of many requests, median and p95. The scales take turns, round after round,
  so that both feel the same load on a shared machine. Home, Photos and a post page
  should cost no more at scale 100 than at scale 1 (median ratio).
- "Load more" on the home feed and on Photos, for the subscriber: the htmx request
  (`?after=<cursor>`, HX-Request) of the 1st page and of the 50th (or the last full
  one, if the feed ends before), timed alternately, and their queries: a page far
  down should cost what the first does.
- Over HTTP, at the largest scale: gunicorn (2 workers, DEBUG off, HTTPS off) on
  loopback (testsupport/servers.py); client threads, each logged in as a different
  subscriber, ask for home, Photos, the post page and /floor/ — the site's
  middleware, session and user, then a constant page — in turns, round after
  round, for a bounded time; each page's requests per second are compared with the
  floor's from the same rounds. /floor/ exists only in this bench's own URLconf
  (bench/urls.py, through bench/settings.py). The resident memory (RSS) of each
  gunicorn worker is read after each page's turn.
- The upload pipeline per 12-megapixel photo, from bench/upload.py.
- The home feed alone, beside two clients sending bodies at 1 byte/s, and while two
  creators upload 40 MP photos, with image workers beside gunicorn; time from upload
  to visible photo; no orphan file: bench/under_load.py, on a site of its own.
- With `--profile`, in a process of its own on the largest site: cProfile over 50
  requests each of home, Photos and the post page for the subscriber; the top
  functions by cumulative and by internal time are printed and written to
  bench/profile-home.txt, profile-photos.txt and profile-post.txt.

One table is printed, with each goal's PASS or MISS, and everything is written to
bench/results.json (bench/results-postgres.json on PostgreSQL). Servers, databases
and temporary directories are removed at the end, after a failure or Ctrl-C too.
"""

import argparse
import contextlib
import cProfile
import io
import json
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.readers import (
    get,
    hammer,
    login_cookie,
    merged,
    p95,
    summary,
    workers_rss_mb,
)
from testsupport.servers import (
    BASE_DIR,
    HOST,
    Site,
    exit_with,
    serving,
    temporary_site,
)

# One file per database, so that a run on one keeps the other's figures.
RESULTS = {
    "sqlite": Path(__file__).with_name("results.json"),
    "postgres": Path(__file__).with_name("results-postgres.json"),
}
UPLOAD_RESULTS = Path(__file__).with_name("results-upload.json")
UNDER_LOAD_RESULTS = Path(__file__).with_name("results-under-load.json")
POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
PASSWORD = "bench-fotoblog-2026"  # generate_data's default
GENERATE_TIMEOUT = 1200.0  # seconds for generate_data at the largest scale
CHILD_TIMEOUT = 900.0  # seconds for one in-process measuring round
WORKERS = 2  # gunicorn's, as `make serve` runs it
PAGES = ("home", "photo feed", "blog page", "creator page", "my blogs")
# Goals: queries per page for this subscriber, session, user and permissions
# included, at any scale: never more than these pages cost before their feeds were
# prepared once per shape (blog/prepared.py). blog/tests/test_query_counts.py holds
# the limits for every kind of reader and says what each query is for.
QUERY_GOALS = {"home": 11, "photo feed": 7, "blog page": 10}
COLD_EXTRA = 0  # a session's first request costs what the next ones do
MEDIAN_RATIO_GOAL = 1.2  # median, largest scale / scale 1, of each page below
MEDIAN_RATIO_PAGES = ("home", "photo feed", "blog page")
# Over HTTP: each page's requests per second / the floor's, in the same rounds.
HTTP_GOALS = {"home": 0.25, "photo feed": 0.4, "blog page": 0.4}
FLOOR = "/floor/"
# "Load more" (htmx) on both feeds: the first page against the 50th.
LOAD_MORE_FEEDS = ("home", "photo feed")
LOAD_MORE_PAGE = 50
LOAD_MORE_REQUESTS = 30  # timed requests of each of the two pages
LOAD_MORE_RATIO_GOAL = 1.2  # median, page 50 / page 1
HTMX = {"HX-Request": "true"}
NEXT_CURSOR = re.compile(r"after=([A-Za-z0-9_-]+)")
# --profile: the pages profiled and the names of their files.
PROFILED = {"home": "home", "photo feed": "photos", "blog page": "post"}
PROFILE_REQUESTS = 50
PROFILE_TOP_CUMULATIVE = 25
PROFILE_TOP_INTERNAL = 15


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


def profile(site: Site) -> None:
    """cProfile of the main pages in a fresh process on this site; print each."""
    site.run(["-m", "bench.pages", "--child-profile"], timeout=CHILD_TIMEOUT)
    for name in PROFILED.values():
        path = Path(__file__).with_name(f"profile-{name}.txt")
        print(f"\n{path.name}:\n{path.read_text()}", flush=True)


# ---------------------------------------------------------------- in-process


def members() -> tuple:
    """The subscriber and the creator measured, and the post of a followed creator
    with the most authors."""
    from django.db.models import Count

    from authentication.models import User
    from blog.models import Blog

    subscriber = User.objects.filter(role=User.SUBSCRIBER).order_by("pk").first()
    creator = User.objects.filter(role=User.CREATOR).order_by("pk").first()
    followed = subscriber.follows.order_by("pk").first()
    blog = (
        Blog.objects.filter(owner=followed, is_published=True, is_hidden=False)
        .annotate(authors=Count("blogcontributor"))
        .order_by("-authors", "-date_created")
        .first()
    )
    return subscriber, creator, followed, blog


def page_urls(followed, blog) -> dict:
    """The URL of each page measured in-process."""
    from django.urls import reverse

    return {
        "home": reverse("home"),
        "photo feed": reverse("photo_feed"),
        "blog page": reverse("view_blog", args=[blog.pk]),
        "creator page": reverse("creator_detail", args=[followed.get_username()]),
        "my blogs": reverse("my_blogs"),
    }


def logged_in(user):
    """A test client with `user`'s session."""
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    return client


def timed_get(client, url: str, **kwargs) -> float:
    """Milliseconds for one request, which must succeed."""
    start = time.perf_counter()
    response = client.get(url, **kwargs)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} {kwargs}: {response.status_code}")
    return elapsed


def queries_of(client, url: str, **kwargs) -> list[str]:
    """The SQL of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Read what was captured at once: the next request empties the log.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    if response.status_code != 200:
        raise RuntimeError(f"{url} {kwargs}: {response.status_code}")
    return [query["sql"] for query in captured.captured_queries]


def page_costs(client, url: str, requests: int) -> dict:
    """Queries of a session's first request and the next; times of `requests`."""
    cold = queries_of(client, url)
    warm = queries_of(client, url)
    return {
        "url": url,
        "queries_cold": len(cold),
        "queries": len(warm),
        "sql": [sql[:2000] for sql in warm],
        "times_ms": [round(timed_get(client, url), 2) for _ in range(requests)],
    }


def next_cursor(html: str) -> str | None:
    """The cursor the "Load more" link carries (templates/includes/load_more.html)."""
    found = NEXT_CURSOR.search(html)
    return found.group(1) if found else None


def load_more_cursors(client, url: str) -> list[str]:
    """The cursors of "Load more" pages 1 to LOAD_MORE_PAGE, or to the last full
    page if the feed ends before."""
    cursors = [next_cursor(client.get(url).content.decode())]
    while cursors[-1] and len(cursors) < LOAD_MORE_PAGE:
        answer = client.get(url, {"after": cursors[-1]}, headers=HTMX)
        cursors.append(next_cursor(answer.content.decode()))
    if cursors[-1] is None:  # the feed's last page may be short: not comparable
        cursors = cursors[:-2]
    return cursors


def load_more_costs(client, url: str) -> dict:
    """The first and the last full "Load more" page reached: queries, and times
    taken alternately so that both feel the same moments."""
    cursors = load_more_cursors(client, url)
    if not cursors:
        return {}
    ends = {"first": (1, cursors[0]), "last": (len(cursors), cursors[-1])}
    found = {
        end: {
            "url": url,
            "page": number,
            "queries": len(queries_of(client, url, data={"after": c}, headers=HTMX)),
            "times_ms": [],
        }
        for end, (number, c) in ends.items()
    }
    for _ in range(LOAD_MORE_REQUESTS):
        for end, (_number, cursor) in ends.items():
            ms = timed_get(client, url, data={"after": cursor}, headers=HTMX)
            found[end]["times_ms"].append(round(ms, 2))
    return found


def child(requests: int) -> None:
    """In a process on a generated site: queries and render times of each page,
    and of the first and last "Load more" pages of both feeds."""
    import django

    django.setup()
    from authentication.models import User
    from blog.models import Blog, Photo

    subscriber, creator, followed, blog = members()
    urls = page_urls(followed, blog)
    results = {}
    for who, user in (("subscriber", subscriber), ("creator", creator)):
        client = logged_in(user)
        for page, url in urls.items():
            if page == "my blogs" and not user.is_creator:
                continue  # a creator's page only
            results[f"{who}|{page}"] = page_costs(client, url, requests)
    load_more = {}
    client = logged_in(subscriber)
    for page in LOAD_MORE_FEEDS:
        for end, entry in load_more_costs(client, urls[page]).items():
            load_more[f"{page}|{end}"] = entry
    readers = User.objects.filter(role=User.SUBSCRIBER).order_by("pk")[:64]
    found = {
        "pages": results,
        "load_more": load_more,
        "http_paths": {page: urls[page] for page in HTTP_GOALS},
        "rows": {
            "users": User.objects.count(),
            "blogs": Blog.objects.count(),
            "photos": Photo.objects.count(),
        },
        "subscribers": [reader.get_username() for reader in readers],
    }
    print("BENCH-JSON " + json.dumps(found))


def profile_child() -> None:
    """In a process on a generated site: cProfile over PROFILE_REQUESTS requests of
    each profiled page for the subscriber, written to bench/profile-<page>.txt."""
    import django

    django.setup()
    subscriber, _creator, followed, blog = members()
    urls = page_urls(followed, blog)
    client = logged_in(subscriber)
    for page, name in PROFILED.items():
        timed_get(client, urls[page])  # warm: templates, connection
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(PROFILE_REQUESTS):
            client.get(urls[page])
        profiler.disable()
        text = profile_text(profiler, f"{page} {urls[page]}")
        Path(__file__).with_name(f"profile-{name}.txt").write_text(text)


def profile_text(profiler, title: str) -> str:
    """The top functions by cumulative and by internal time, paths shortened."""
    stream = io.StringIO()
    stream.write(f"{title}: {PROFILE_REQUESTS} requests, subscriber\n")
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats(PROFILE_TOP_CUMULATIVE)
    stats.sort_stats("tottime").print_stats(PROFILE_TOP_INTERNAL)
    text = stream.getvalue()
    for prefix in sorted(map(str, sys.path), key=len, reverse=True):
        if prefix.startswith("/") and len(prefix) > 1:
            text = text.replace(prefix + "/", "")
    return text


def merge_rounds(rounds: list[dict], part: str = "pages") -> dict:
    """One entry per key of `part`: query counts and the times of every round."""
    merged = {}
    for number, found in enumerate(rounds):
        for key, entry in found[part].items():
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
    site: Site,
    scale: int,
    usernames: list[str],
    paths: dict[str, str],
    seconds: float,
    rounds: int,
) -> dict:
    """The pages of `paths` and the floor in turns, `rounds` times, `seconds` in
    all for each; the workers' memory after each page's turn."""
    paths = {**paths, "floor": FLOOR}
    with serving(site, workers=WORKERS) as (server,):
        cookies = [login_cookie(server.url, name, PASSWORD) for name in usernames]
        for cookie in cookies:  # warm both workers: templates, connections
            for path in paths.values():
                for _ in range(3):
                    get(server.port, path, cookie)
        runs = {name: [] for name in paths}
        memory = []
        for _ in range(rounds):
            for name, path in paths.items():
                runs[name].append(hammer(server.port, path, cookies, seconds / rounds))
                memory.append(workers_rss_mb(server.process.pid))
        log = server.log()
    results = {
        name: {"path": paths[name], **summary(merged(parts))}
        for name, parts in runs.items()
    }
    floor = results["floor"]["rps"]
    for name in paths.keys() - {"floor"}:
        share = results[name]["rps"] / floor if floor else 0.0
        results[name]["ratio_to_floor"] = round(share, 3)
    results["memory_mb"] = {
        "workers_at_end": memory[-1],
        "max": max((mb for sample in memory for mb in sample), default=None),
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


def median_ratio_goals(scales: dict, small: str, large: str) -> list[dict]:
    """Cost flat in data: each page's median at the largest scale against scale 1."""
    checks = []
    for page in MEDIAN_RATIO_PAGES:
        a = scales[small]["pages"][f"subscriber|{page}"]["median_ms"]
        b = scales[large]["pages"][f"subscriber|{page}"]["median_ms"]
        checks.append(
            {
                "goal": f"{page} median, scale {large} <= {MEDIAN_RATIO_GOAL} x "
                f"scale {small}",
                "value": f"{b:.1f} / {a:.1f} ms = {b / a:.2f} x",
                "ok": b / a <= MEDIAN_RATIO_GOAL,
            }
        )
    return checks


def load_more_goals(entry: dict, scale: str) -> list[dict]:
    """Cost flat in page position: the last "Load more" page against the first."""
    checks = []
    for page in LOAD_MORE_FEEDS:
        first = entry["load_more"].get(f"{page}|first")
        last = entry["load_more"].get(f"{page}|last")
        if not first:
            checks.append(
                {"goal": f'{page} "Load more"', "value": "no next page", "ok": False}
            )
            continue
        n, a, b = last["page"], first["median_ms"], last["median_ms"]
        checks += [
            {
                "goal": f'{page} "Load more" page {n} median <= '
                f"{LOAD_MORE_RATIO_GOAL} x page 1, scale {scale}",
                "value": f"{b:.1f} / {a:.1f} ms = {b / a:.2f} x"
                + ("" if n == LOAD_MORE_PAGE else " (the last full page)"),
                "ok": b / a <= LOAD_MORE_RATIO_GOAL,
            },
            {
                "goal": f'queries {page} "Load more" page {n} <= page 1, scale {scale}',
                "value": f"{last['queries']} / {first['queries']}",
                "ok": last["queries"] <= first["queries"],
            },
        ]
    return checks


def http_goals(found: dict) -> list[dict]:
    """Each page's requests per second against the floor's in the same rounds."""
    floor = found["floor"]["rps"]
    return [
        {
            "goal": f"{page} req/s >= {share:g} x the floor's",
            "value": f"{found[page]['rps']:g} / {floor:g} = "
            f"{found[page]['ratio_to_floor']:.2f}",
            "ok": found[page]["ratio_to_floor"] >= share,
        }
        for page, share in HTTP_GOALS.items()
    ]


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
        checks += median_ratio_goals(results["scales"], small, large)
    checks += load_more_goals(results["scales"][large], large)
    if results.get("http"):
        checks += http_goals(results["http"])
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


def load_more_table(found: dict, scales: list[str]) -> list[str]:
    """The first and the last "Load more" page of each feed at each scale."""
    lines = [
        "",
        '| "Load more" (htmx), subscriber | scale | last full page reached '
        "| page 1 median / p95 ms, queries | that page median / p95 ms, queries "
        "| median ratio |",
        "|---|---|---|---|---|---|",
    ]
    for page in LOAD_MORE_FEEDS:
        for scale in scales:
            first = found[scale]["load_more"].get(f"{page}|first")
            last = found[scale]["load_more"].get(f"{page}|last")
            if not first:
                lines.append(f"| {page} | {scale} | none | | | |")
                continue
            cells = [
                f"{e['median_ms']:.1f} / {e['p95_ms']:.1f}, {e['queries']}"
                for e in (first, last)
            ]
            ratio = last["median_ms"] / first["median_ms"]
            lines.append(
                f"| {page} | {scale} | {last['page']} | {cells[0]} | {cells[1]} "
                f"| {ratio:.2f} x |"
            )
    return lines


def http_table(found: dict) -> list[str]:
    """Each page and the floor over HTTP, and the workers' memory."""
    lines = [
        "",
        f"| over HTTP, scale {found['scale']} ({found['workers']} gunicorn "
        f"workers, {found['threads']} client threads) | requests/s | ratio to floor "
        "| p50 ms | p95 ms | failures |",
        "|---|---|---|---|---|---|",
    ]
    for name in (*HTTP_GOALS, "floor"):
        row = found[name]
        share = row.get("ratio_to_floor", 1.0)
        lines.append(
            f"| {name} `{row['path']}` ({row['requests']} in {row['seconds']:g}"
            f" s) | {row['rps']:g} | {share:.2f} | {row['p50_ms']} | {row['p95_ms']} "
            f"| {sum(row['failures'].values())} |"
        )
    memory = found["memory_mb"]
    if memory["max"] is None:
        return [*lines, "memory per worker: not read (no worker found in /proc)"]
    at_end = " / ".join(f"{mb:.0f}" for mb in memory["workers_at_end"])
    lines.append(
        f"memory per worker: {at_end} MB (RSS after the runs; "
        f"max {memory['max']:.0f} MB)"
    )
    return lines


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
    lines += load_more_table(results["scales"], scales)
    if results.get("http"):
        lines += http_table(results["http"])
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
                entry["load_more"] = merge_rounds(rounds[scale], "load_more")
            if args.profile:
                print(f"profile, scale {max(sites)} ...", flush=True)
                profile(sites[max(sites)])
            if not args.skip_http:
                largest = max(sites)
                print(
                    f"over HTTP, scale {largest}: {args.threads} threads, "
                    f"{args.seconds:g} s for each page and the floor ...",
                    flush=True,
                )
                readers = rounds[largest][0]["subscribers"][: args.threads]
                paths = rounds[largest][0]["http_paths"]
                results["http"] = http_bench(
                    sites[largest],
                    largest,
                    readers,
                    paths,
                    args.seconds,
                    args.http_rounds,
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
    written = RESULTS[args.database]
    written.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {written} ({results['seconds']:g} s in all)")
    found = results.get("http", {})
    broken = any(found.get(name, {}).get("failures") for name in (*HTTP_GOALS, "floor"))
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
        "--http-rounds", type=int, default=2, help="pages and floor take turns (2)"
    )
    parser.add_argument("--upload-runs", type=int, default=9, help="(9)")
    parser.add_argument("--skip-upload", action="store_true")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-under-load", action="store_true")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile home, photos and a post at the largest scale",
    )
    parser.add_argument("--keep", action="store_true", help="keep temporary dirs")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-profile", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    if args.child_profile:
        profile_child()
        return
    args.scales = sorted(set(args.scales))
    exit_with(lambda: run(args))


if __name__ == "__main__":
    main()
