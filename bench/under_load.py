"""The home feed while creators upload large photos, and while clients trickle bodies.

Part of `make bench` (bench/pages.py runs it); alone: `.venv/bin/python -m
bench.under_load`. A site like `make serve` is made in a temporary folder — the
embedded default: SQLite, local media, the database's task queue — filled by
`manage.py generate_data --scale 1`, served by gunicorn (2 workers, DEBUG off, HTTPS
off; testsupport/servers.py) with one image worker beside it (`manage.py worker`, as
`make serve` starts by default: one worker per two cores, docs/deploy.md). The hourly
upload limit is raised; every other limit is the site's own.

1. Alone: 20 client threads, each logged in as a subscriber who follows 10
   creators, read the home feed for --seconds: requests/s, p50, p95, failures; half
   of it before the slow bodies and half after, as the machine may be shared.
2. Slow bodies: the same readers for --slow-seconds while two raw sockets each send
   `POST /login/` (with the CSRF cookie, so that the body is read) announcing
   SLOW_LENGTH bytes, at one byte a second; a socket the server answers or closes is
   opened again, as an attacker would. Every socket is closed at the end.
3. Under uploads: the same readers for --upload-seconds while two creators (followed
   by readers) each send --photos photos of 40 MP through /photo/upload-multiple/ as
   its page's script does (logged in, CSRF token, Accept: application/json): first
   issue 14's attack as it was, 20 zero PNGs in one request, then --batch photos a
   request every --interval seconds, in turns all-zero RGBA PNGs (6300 x
   6300, 154 KB) and photo-like JPEGs (7300 x 5475, about 14 MB, EXIF orientation 6).
   Each answer is kept, with its refusal messages. A watcher on the site (this module
   with --watch) polls the database every WATCH_PERIOD seconds and notes when each
   photo turns ready or failed: time to visible runs from the upload's answer to
   then. The queue drains (at most DRAIN_TIMEOUT), and the files are checked: every
   file under media/photos/ belongs to a ready photo's image or renditions, uploads/
   is empty, failed photos own no file, none is still processing.

The figures are printed and written to bench/results-under-load.json.
"""

import argparse
import contextlib
import functools
import io
import json
import multiprocessing
import os
import platform
import select
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import requests
from PIL import ExifTags, Image

from bench.pictures import photo_like
from bench.readers import get, hammer, login, login_cookie, merged, p95, summary
from testsupport.servers import (
    BASE_DIR,
    HOST,
    UNCOLLECTED_STATIC,
    Site,
    exit_with,
    image_workers,
    serving,
    stop_with_parent,
    temporary_site,
)

RESULTS = Path(__file__).with_name("results-under-load.json")
PASSWORD = "bench-fotoblog-2026"  # generate_data's default
WEB_WORKERS = 2  # gunicorn's, as `make serve` runs it
IMAGE_WORKERS = 1  # `make serve`'s default
RAISED_LIMIT = "1000000"
CAPTION_PREFIX = "under-load-"
UPLOAD_TIMEOUT = 120.0  # seconds for one upload's answer
WATCH_PERIOD = 0.2  # seconds between the watcher's looks at the database
DRAIN_TIMEOUT = 180.0  # seconds for the queue to empty after the uploads
SLOW_LENGTH = 1_000_000  # the body a slow client announces: under any form's cap
SLOW_PACE = 1.0  # seconds between its bytes
P95_RATIO_GOAL = 2.0  # home p95 under uploads / baseline
SLOW_RPS_GOAL = 0.8  # home requests/s beside slow bodies / baseline
PNG_SIZE = (6300, 6300)  # 39.7 MP, under the 40 MP cap
JPEG_SIZE = (7300, 5475)  # 40.0 MP
# The attack issue 14 found: 20 zero PNGs of 40 MP in one request, 794 MP to decode.
ATTACK_FILES = 20


# ---------------------------------------------------------------- the photos


def zero_png() -> bytes:
    """An all-zero RGBA PNG of 40 MP: 154 KB that decode to 159 MB."""
    buffer = io.BytesIO()
    Image.new("RGBA", PNG_SIZE).save(buffer, "PNG")
    return buffer.getvalue()


def photo_jpeg() -> bytes:
    """A 40 MP JPEG that compresses like a photograph (about 14 MB at quality 90),
    taken on its side (EXIF orientation 6)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    buffer = io.BytesIO()
    photo_like(JPEG_SIZE).save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def photo_kinds() -> dict[str, tuple[str, bytes, str]]:
    """Each kind of photo sent: its file name's extension, bytes, media type."""
    return {
        "png": (".png", zero_png(), "image/png"),
        "jpeg": (".jpg", photo_jpeg(), "image/jpeg"),
    }


# ---------------------------------------------------------------- the site's side


def site_members(readers: int) -> dict:
    """In the site: `readers` subscribers, and the two creators most of them follow."""
    from django.db.models import Count

    from authentication.models import User

    subscribers = User.objects.filter(role=User.SUBSCRIBER).order_by("pk")[:readers]
    creators = (
        User.objects.filter(role=User.CREATOR, followed_by__in=subscribers)
        .annotate(readers=Count("followed_by"))
        .order_by("-readers", "pk")[:2]
    )
    return {
        "readers": [user.get_username() for user in subscribers],
        "creators": [user.get_username() for user in creators],
    }


def watch(prefix: str, path: Path) -> None:
    """In the site: note when each photo captioned `prefix`... leaves processing,
    rewriting `path` (JSON) after every look, until stopped."""
    from blog.models import Photo

    done: dict[str, dict] = {}
    while True:
        photos = Photo.objects.filter(caption__startswith=prefix)
        rows = list(photos.values_list("caption", "status", "failure"))
        now = time.time()
        for caption, status, failure in rows:
            if status != Photo.Status.PROCESSING and caption not in done:
                done[caption] = {"status": status, "at": now, "failure": failure}
        state = {"at": now, "seen": len(rows), "done": done}
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(state))
        os.replace(partial, path)  # the reader never sees half a file
        time.sleep(WATCH_PERIOD)


def stored_files(storage, folder: str) -> set[str]:
    """Every file under `folder` of `storage`, by name."""
    if folder and not storage.exists(folder):
        return set()
    folders, files = storage.listdir(folder)
    found = {f"{folder}/{name}".lstrip("/") for name in files}
    for sub in folders:
        found |= stored_files(storage, f"{folder}/{sub}".lstrip("/"))
    return found


def check_files() -> dict:
    """In the site: files that belong to no ready photo, uploads left, failed photos
    that own a file, photos still processing."""
    from blog.models import Photo
    from images.storage import rendition_name, uploads_storage

    owned = set()
    ready = Photo.objects.filter(status=Photo.Status.READY)
    for image, widths in ready.values_list("image", "rendition_widths"):
        owned |= {image, *(rendition_name(image, width) for width in widths)}
    photos = stored_files(Photo._meta.get_field("image").storage, "photos")
    failed = Photo.objects.filter(status=Photo.Status.FAILED)
    return {
        "photo_files": len(photos),
        "orphans": sorted(photos - owned)[:20],
        "orphan_count": len(photos - owned),
        "missing": sorted(owned - photos)[:20],
        "uploads_left": sorted(stored_files(uploads_storage(), ""))[:20],
        "failed_owning_files": failed.exclude(image="", pending_upload="").count(),
        "processing": Photo.objects.processing().count(),
    }


# ---------------------------------------------------------------- the clients


def send_photos(base: str, session: requests.Session, captions, kind) -> dict:
    """One upload as the multi-upload page's script sends it; its answer."""
    extension, data, media_type = kind
    files = [("images", (f"{c}{extension}", data, media_type)) for c in captions]
    fields = {
        "csrfmiddlewaretoken": session.cookies["csrftoken"],
        "caption": "",
        "captions": captions,
    }
    start = time.perf_counter()
    try:
        answer = session.post(
            f"{base}/photo/upload-multiple/",
            data=fields,
            files=files,
            headers={"Accept": "application/json"},
            allow_redirects=False,
            timeout=UPLOAD_TIMEOUT,
        )
    except requests.RequestException as error:
        return {"status": type(error).__name__, "messages": [], "answered_at": None}
    return {
        "status": answer.status_code,
        "messages": refusal_messages(answer),
        "answered_at": time.time(),
        "answer_ms": round((time.perf_counter() - start) * 1000, 1),
    }


def refusal_messages(answer: requests.Response) -> list[str]:
    """What the page would tell the uploader of a refused upload."""
    if answer.status_code == 200 and "redirect" in answer.text:
        return []
    try:
        found = answer.json()
    except ValueError:
        return [f"{answer.status_code} {answer.reason}"]
    per_file = [m for messages in found.get("files", {}).values() for m in messages]
    return sorted(set(per_file + found.get("errors", [])))


def creator_uploads(base, session, name, kinds, first, args, deadline) -> list:
    """One creator's uploads: first issue 14's attack as it was (ATTACK_FILES zero
    PNGs in one request), then `args.batch` photos a request, every `args.interval`
    seconds, the kinds in turns from the `first`, `args.photos` in all; none
    started after `deadline`."""
    attack = [f"{CAPTION_PREFIX}{name}-attack-{i}-png" for i in range(ATTACK_FILES)]
    answer = send_photos(base, session, attack, kinds["png"])
    sent = [{"creator": name, "kind": "png", "captions": attack, **answer}]
    order = list(kinds)
    for number in range(-(-args.photos // args.batch)):
        started = time.monotonic()
        if started > deadline:
            break
        kind = order[(first + number) % len(order)]
        count = min(args.batch, args.photos - number * args.batch)
        captions = [f"{CAPTION_PREFIX}{name}-{number}-{i}-{kind}" for i in range(count)]
        answer = send_photos(base, session, captions, kinds[kind])
        sent.append({"creator": name, "kind": kind, "captions": captions, **answer})
        # The pace of a person choosing the next photos, not of the server.
        time.sleep(max(0.0, args.interval - (time.monotonic() - started)))
    return sent


def slow_client(port: int, cookie: str, token: str, seconds: float) -> list[dict]:
    """POST /login/ at one byte a second, again whenever the server closes; each
    connection: how long it lasted and how it ended."""
    head = (
        "POST /login/ HTTP/1.1\r\n"
        f"Host: {HOST}:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {SLOW_LENGTH}\r\n"
        f"Cookie: {cookie}\r\n\r\n"
        f"csrfmiddlewaretoken={token}&username="
    ).encode()
    deadline = time.monotonic() + seconds
    connections = []
    while time.monotonic() < deadline:
        started = time.monotonic()
        ended, sent = "run over", len(head)
        with socket.create_connection((HOST, port), timeout=5) as sock:
            try:
                sock.sendall(head)
                while time.monotonic() < deadline:
                    wait = min(SLOW_PACE, max(0.0, deadline - time.monotonic()))
                    # Readable: the server answered or closed; else one more byte.
                    if select.select([sock], [], [], wait)[0]:
                        first = sock.recv(4096).split(b"\r\n", 1)[0]
                        ended = first.decode(errors="replace") or "closed"
                        break
                    sock.sendall(b"a")
                    sent += 1
            except OSError as error:
                ended = type(error).__name__
        connections.append(
            {
                "seconds": round(time.monotonic() - started, 1),
                "bytes": sent,
                "ended": ended,
            }
        )
    return connections


def in_threads(*calls) -> list:
    """Run each (function, args...) in a thread of its own; their results."""
    results = [None] * len(calls)

    def run(index, function, *args):
        results[index] = function(*args)

    threads = [
        threading.Thread(target=run, args=(index, *call), daemon=True)
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# ---------------------------------------------------------------- where the CPU went


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) a process has used so far; 0 once gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()  # the name may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The processes `pid` started (a gunicorn master's workers)."""
    try:
        return [
            int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def cpu_snapshot(server, workers) -> dict:
    """CPU seconds used so far by the web workers, the image workers and this
    process (the clients)."""
    mine = os.times()
    return {
        "web": sum(cpu_seconds(pid) for pid in children(server.process.pid)),
        "image": sum(cpu_seconds(worker.pid) for worker in workers),
        "clients": mine.user + mine.system,
    }


def cpu_used(before: dict, after: dict) -> dict:
    """CPU seconds of each part between two snapshots (a web worker replaced in
    between takes its own with it)."""
    return {part: round(max(0.0, after[part] - before[part]), 1) for part in before}


# ---------------------------------------------------------------- the phases


def member_info(site: Site, readers: int) -> dict:
    """The readers' and the creators' names, from the site."""
    output = site.run_module("bench.under_load", "--members", str(readers))
    return json.loads(output.splitlines()[-1])


@contextlib.contextmanager
def watcher(site: Site, path: Path):
    """The watcher process on `site`, writing to `path`; stopped at the end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.under_load", "--watch", CAPTION_PREFIX, path],
        cwd=BASE_DIR,
        env=site.env(),
        stdin=subprocess.DEVNULL,
        preexec_fn=stop_with_parent,
    )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def watched(path: Path) -> dict:
    """What the watcher last wrote (nothing yet: nothing seen)."""
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {"seen": 0, "done": {}}


def drain(path: Path, expected: int, process: subprocess.Popen) -> float:
    """Wait until every accepted photo is ready or failed; the seconds it took."""
    started = time.monotonic()
    while len(watched(path)["done"]) < expected:
        if time.monotonic() - started > DRAIN_TIMEOUT or process.poll() is not None:
            break
        # Each look is the watcher's, every WATCH_PERIOD: wait for the next one.
        time.sleep(WATCH_PERIOD)
    return round(time.monotonic() - started, 1)


def upload_phase(site, server, cookies, members, kinds, args, snapshot) -> dict:
    """Readers while two creators upload; the queue drained; what the watcher saw;
    `snapshot()` taken after each."""
    sessions = [login(server.url, name, PASSWORD) for name in members["creators"]]
    path = site.root / "watched.json"
    deadline = time.monotonic() + args.upload_seconds
    # Each creator in a process of its own: encoding 70 MB requests in this one
    # would slow its reader threads down, not the site.
    spawn = multiprocessing.get_context("spawn")
    with (
        watcher(site, path) as process,
        ProcessPoolExecutor(len(sessions), mp_context=spawn) as pool,
    ):
        creators = [
            pool.submit(
                creator_uploads, server.url, session, name, kinds, first, args, deadline
            )
            for first, (session, name) in enumerate(
                zip(sessions, members["creators"], strict=True)
            )
        ]
        readers = hammer(server.port, "/", cookies, args.upload_seconds)
        uploads = [u for c in creators for u in c.result(timeout=UPLOAD_TIMEOUT * 2)]
        snapshots = [snapshot()]
        accepted = [c for u in uploads if u["status"] == 200 for c in u["captions"]]
        drain_s = drain(path, len(accepted), process)
        snapshots.append(snapshot())
        seen = watched(path)
    for session in sessions:
        session.close()
    return {
        "readers": readers,
        "uploads": uploads,
        "seen": seen,
        "drain_s": drain_s,
        "snapshots": snapshots,
    }


def uploads_summary(found: dict) -> dict:
    """Answers, refusals and times to visible of the upload phase."""
    uploads, done = found["uploads"], found["seen"]["done"]
    answered_at = {c: u["answered_at"] for u in uploads for c in u["captions"]}
    kind_of = {c: u["kind"] for u in uploads for c in u["captions"]}
    accepted = [c for u in uploads if u["status"] == 200 for c in u["captions"]]
    ready = [c for c in accepted if done.get(c, {}).get("status") == "ready"]
    visible = {"all": [done[c]["at"] - answered_at[c] for c in ready]}
    for kind in sorted(set(kind_of.values())):
        visible[kind] = [
            done[c]["at"] - answered_at[c] for c in ready if kind_of[c] == kind
        ]
    refusals = Counter(
        message for u in uploads if u["status"] != 200 for message in u["messages"]
    )
    return {
        "upload_requests": len(uploads),
        "answers": dict(Counter(str(u["status"]) for u in uploads)),
        "answer_ms": quantiles([u["answer_ms"] for u in uploads if "answer_ms" in u]),
        "photos_sent": len(answered_at),
        "photos_accepted": len(accepted),
        "photos_refused": len(answered_at) - len(accepted),
        "refused_without_message": sum(
            1 for u in uploads if u["status"] != 200 and not u["messages"]
        ),
        "refusals": dict(refusals),
        "ready": len(ready),
        "failed": dict(
            Counter(
                done[c]["failure"] for c in accepted if c in done and c not in ready
            )
        ),
        "never_visible": sum(1 for c in accepted if c not in done),
        "visible_s": {
            kind: quantiles(times) for kind, times in visible.items() if times
        },
        "drain_s": found["drain_s"],
    }


def quantiles(times: list[float]) -> dict:
    """How many, median, p95 and largest of `times`."""
    if not times:
        return {"count": 0}
    return {
        "count": len(times),
        "p50": round(statistics.median(times), 1),
        "p95": round(p95(times), 1) if len(times) > 1 else round(times[0], 1),
        "max": round(max(times), 1),
    }


def measure(args) -> dict:
    """Make the site, run the three phases, check the files; every figure."""
    print("under load: making the photos and the site ...", flush=True)
    kinds = photo_kinds()
    with temporary_site(
        prefix="fotoblog-under-load",
        keep=args.keep,
        STATICFILES_BACKEND=UNCOLLECTED_STATIC,  # no page here fetches one
        FOTOBLOG_RATE_UPLOADS_PER_HOUR=RAISED_LIMIT,
    ) as site:
        site.set_up()
        site.manage("generate_data", "--scale", "1")
        members = member_info(site, args.readers)
        with (
            serving(site, workers=WEB_WORKERS) as (server,),
            image_workers(site, IMAGE_WORKERS) as workers,
        ):
            cookies = [
                login_cookie(server.url, n, PASSWORD) for n in members["readers"]
            ]
            for cookie in cookies:  # warm both workers: templates, connections
                for _ in range(3):
                    get(server.port, "/", cookie)
            snapshot = functools.partial(cpu_snapshot, server, workers)
            snapshots = [snapshot()]
            # Alone before and after the slow bodies: the machine is shared, and
            # its two halves tell how much its speed drifted meanwhile.
            half = args.seconds / 2
            print(f"  alone: {args.readers} readers, {half:g} s", flush=True)
            alone = [hammer(server.port, "/", cookies, half)]
            snapshots.append(snapshot())
            print(f"  slow bodies: {args.slow_seconds:g} s", flush=True)
            slow = slow_phase(server, cookies, args)
            snapshots.append(snapshot())
            print(f"  alone again: {half:g} s", flush=True)
            alone.append(hammer(server.port, "/", cookies, half))
            snapshots.append(snapshot())
            print(
                f"  uploads: {args.upload_seconds:g} s, then the queue drains",
                flush=True,
            )
            uploads = upload_phase(
                site, server, cookies, members, kinds, args, snapshot
            )
            snapshots += uploads["snapshots"]
            log = server.log()
        files = json.loads(
            site.run_module("bench.under_load", "--check").splitlines()[-1]
        )
    return {
        "readers": args.readers,
        "web_workers": WEB_WORKERS,
        "image_workers": IMAGE_WORKERS,
        "creators": members["creators"],
        "photos_per_creator": args.photos,
        "batch": args.batch,
        "interval_s": args.interval,
        "photo_bytes": {kind: len(data) for kind, (_, data, _) in kinds.items()},
        "baseline": summary(merged(alone)),
        "baseline_halves": [summary(run) for run in alone],
        "slow": {**summary(slow["readers"]), "clients": slow["clients"]},
        "uploads": {
            **summary(uploads["readers"]),
            **uploads_summary(uploads),
            "files": files,
        },
        "cpu_s": {
            phase: cpu_used(before, after)
            for phase, before, after in zip(
                ("alone", "slow", "alone again", "uploads", "drain"),
                snapshots,
                snapshots[1:],
                strict=False,
            )
        },
        "server_log_tracebacks": log.count("Traceback (most recent call last)"),
        "worker_timeouts": log.count("WORKER TIMEOUT"),
    }


def slow_phase(server, cookies, args) -> dict:
    """Readers while two clients trickle a login form's body."""
    token = requests.get(f"{server.url}/login/", timeout=10).cookies["csrftoken"]
    cookie = f"csrftoken={token}"
    clients = [(slow_client, server.port, cookie, token, args.slow_seconds)] * 2
    readers_call = (hammer, server.port, "/", cookies, args.slow_seconds)
    readers, *connections = in_threads(readers_call, *clients)
    return {"readers": readers, "clients": connections}


# ---------------------------------------------------------------- the figures


def goals(found: dict) -> list[dict]:
    """Each goal of issue 14's benchmark, its numbers and PASS or MISS."""
    base, up, slow = found["baseline"], found["uploads"], found["slow"]
    ratio = up["p95_ms"] / base["p95_ms"]
    server_errors = sum(
        count
        for phase in (base, up, slow)
        for status, count in phase["failures"].items()
        if not status.isdigit() or status.startswith("5")
    ) + sum(n for s, n in up["answers"].items() if not s.isdigit() or s[0] == "5")
    files = up["files"]
    failed = sum(up["failed"].values())
    ended = up["ready"] + failed == up["photos_accepted"]
    rps = slow["rps"] / base["rps"]
    return [
        {
            "goal": f"home p95 under uploads <= {P95_RATIO_GOAL:g} x without",
            "value": f"{up['p95_ms']} / {base['p95_ms']} ms = {ratio:.2f} x",
            "ok": ratio <= P95_RATIO_GOAL,
        },
        {
            "goal": "no 5xx nor unanswered request, readers and uploads",
            "value": str(server_errors),
            "ok": server_errors == 0,
        },
        {
            "goal": "every upload ends as a photo or a clear refusal",
            "value": f"{up['ready']} ready, {failed} failed, "
            f"{up['photos_refused']} refused, {up['never_visible']} never visible",
            "ok": ended
            and not up["refused_without_message"]
            and up["never_visible"] == 0,
        },
        {
            "goal": "no orphan file once the queue drains",
            "value": f"{files['orphan_count']} orphans, {len(files['uploads_left'])}"
            f" uploads left, {files['failed_owning_files']} failed photos owning "
            f"files, {files['processing']} processing",
            "ok": not (
                files["orphan_count"]
                or files["uploads_left"]
                or files["failed_owning_files"]
                or files["processing"]
                or files["missing"]
            ),
        },
        {
            "goal": f"home req/s beside slow bodies >= {SLOW_RPS_GOAL:g} x without",
            "value": f"{slow['rps']:g} / {base['rps']:g} = {rps:.2f} x",
            "ok": rps >= SLOW_RPS_GOAL,
        },
    ]


def table(found: dict) -> list[str]:
    """The rows bench/pages.py prints, and this module alone."""
    up = found["uploads"]
    lines = [
        f"| home feed, scale 1, {found['readers']} readers, {found['web_workers']} "
        f"gunicorn workers, {found['image_workers']} image worker | requests/s "
        "| p50 ms | p95 ms | failures |",
        "|---|---|---|---|---|",
    ]
    halves = " and ".join(f"{h['rps']:g}" for h in found["baseline_halves"])
    phases = (
        (
            f"alone (halves before and after the slow bodies: {halves} req/s)",
            found["baseline"],
        ),
        ("2 creators uploading 40 MP photos", up),
        ("2 clients sending bodies at 1 byte/s", found["slow"]),
    )
    for label, row in phases:
        failed = sum(row["failures"].values())
        lines.append(
            f"| {label}, {row['requests']} in {row['seconds']:g} s | {row['rps']:g} "
            f"| {row['p50_ms']} | {row['p95_ms']} | {failed} |"
        )
    answers = ", ".join(f"{status}: {n}" for status, n in up["answers"].items())
    lines.append("")
    lines.append(
        f"uploads: {up['upload_requests']} requests ({answers}, answered in p50 "
        f"{up['answer_ms'].get('p50')} ms, max {up['answer_ms'].get('max')} ms), "
        f"{up['photos_accepted']} photos accepted, {up['photos_refused']} refused; "
        f"{up['ready']} ready, "
        f"{sum(up['failed'].values())} failed; the queue drained "
        f"{up['drain_s']:g} s after the readers stopped"
    )
    for message, count in up["refusals"].items():
        lines.append(f"  refused ({count}x): {message}")
    for reason, count in up["failed"].items():
        lines.append(f"  failed ({count}x): {reason}")
    for kind, times in up["visible_s"].items():
        lines.append(
            f"  upload to visible, {kind} ({times['count']}): p50 {times['p50']:g} s,"
            f" p95 {times['p95']:g} s, max {times['max']:g} s"
        )
    lines.append(
        "CPU seconds, web workers / image worker / clients: "
        + "; ".join(
            f"{phase} {used['web']:g} / {used['image']:g} / {used['clients']:g}"
            for phase, used in found["cpu_s"].items()
        )
    )
    ends = Counter(c["ended"] for client in found["slow"]["clients"] for c in client)
    lines.append(
        "slow bodies: "
        + "; ".join(f"{n} connection(s) ended by {end!r}" for end, n in ends.items())
    )
    return lines


def run(args) -> int:
    """Measure, print the table and the goals, write the results."""
    started = time.monotonic()
    found = measure(args)
    found["seconds"] = round(time.monotonic() - started, 1)
    found["python"] = platform.python_version()
    found["cores"] = os.cpu_count()
    found["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    found["goals"] = goals(found)
    found["rows"] = table(found)
    lines = list(found["rows"])
    for check in found["goals"]:
        lines.append(
            f"{'PASS' if check['ok'] else 'MISS'}  {check['goal']}: {check['value']}"
        )
    found["table"] = lines
    print("\n".join(lines))
    RESULTS.write_text(json.dumps(found, indent=2) + "\n")
    print(f"written to {RESULTS} ({found['seconds']:g} s)")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=20, help="client threads (20)")
    parser.add_argument("--seconds", type=float, default=30, help="baseline (30)")
    parser.add_argument(
        "--upload-seconds", type=float, default=60, help="readers beside uploads (60)"
    )
    parser.add_argument(
        "--slow-seconds", type=float, default=60, help="slow bodies (60)"
    )
    parser.add_argument("--photos", type=int, default=20, help="per creator (20)")
    parser.add_argument("--batch", type=int, default=5, help="photos a request (5)")
    parser.add_argument(
        "--interval", type=float, default=5, help="seconds between requests (5)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary dir")
    # In the site's own environment, for the driver above.
    parser.add_argument("--members", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--watch", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.members or args.watch or args.check:
        import django

        django.setup()
        if args.watch:
            watch(args.watch[0], Path(args.watch[1]))
        elif args.members:
            print(json.dumps(site_members(args.members)))
        else:
            print(json.dumps(check_files()))
        return
    exit_with(lambda: run(args))


if __name__ == "__main__":
    main()
