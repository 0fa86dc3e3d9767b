"""Benchmark of the upload pipeline against a plain decode of the same photo.

Run with `make bench` (or `.venv/bin/python -m bench.upload --runs 9`). A realistic
12-megapixel JPEG is made in memory once; then, interleaved so that both feel the
same load on a shared machine, it is (A) merely decoded and (B) sent through
`images.pipeline.process_photo`. Peak memory of one pipeline run is the growth of the
peak resident set size (VmHWM) of a fresh subprocess; Pillow's pixels are allocated
in C, so tracemalloc's peak, reported beside it, covers only Python's allocations.
The figures are printed and written to bench/results-upload.json.
"""

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fotoblog.settings")

import django  # noqa: E402

django.setup()

import PIL  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import ExifTags, Image  # noqa: E402

from bench.pictures import photo_like  # noqa: E402
from images.pipeline import process_photo  # noqa: E402

WIDTH, HEIGHT = 4000, 3000
QUALITY = 92
TARGET_RATIO = 3.0
TARGET_PEAK_MB = 200.0
RESULTS = Path(__file__).with_name("results-upload.json")


def make_photo() -> bytes:
    """A 12 MP JPEG that compresses like a photograph, with orientation 6 and GPS.

    Smooth gradients per channel, blotches at two scales (upscaled noise) and fine
    sensor-like grain; the grain level puts it at about 4-5 MB at quality 92.
    """
    image = photo_like((WIDTH, HEIGHT))

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Fotoblog"
    exif[ExifTags.Base.Model] = "Bench 12MP"
    exif[ExifTags.Base.Orientation] = 6  # rotate 90° clockwise to view
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 29.6)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 17.0, 40.2)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=QUALITY, exif=exif)
    return buffer.getvalue()


def upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("bench.jpg", data, content_type="image/jpeg")


def decode(data: bytes) -> None:
    Image.open(io.BytesIO(data)).load()


def pipeline(data: bytes) -> None:
    process_photo(upload(data))


def timed(function, data: bytes) -> tuple[float, float]:
    """Milliseconds taken by one call: wall-clock, and CPU summed over threads."""
    start, cpu_start = time.perf_counter(), time.process_time()
    function(data)
    wall = (time.perf_counter() - start) * 1000
    return wall, (time.process_time() - cpu_start) * 1000


def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM), in MiB.

    Not ru_maxrss: Linux carries the parent's peak over fork and exec into it, so a
    child of this (large) process would start at the parent's figure.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def child(kind: str, path: str) -> None:
    """In a fresh process: peak RSS growth of one run, then tracemalloc's peak."""
    data = Path(path).read_bytes()
    function = {"decode": decode, "pipeline": pipeline}[kind]
    Path("/proc/self/clear_refs").write_text("5")  # peak RSS := current RSS
    before = peak_rss_mb()
    function(data)
    after = peak_rss_mb()
    tracemalloc.start()
    function(data)
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result = {
        "rss_before_mb": round(before, 1),
        "rss_peak_mb": round(after, 1),
        "rss_growth_mb": round(after - before, 1),
        "tracemalloc_peak_mb": round(python_peak / 2**20, 1),
    }
    print(json.dumps(result))


def memory(kind: str, data: bytes) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".jpg") as photo:
        photo.write(data)
        photo.flush()
        done = subprocess.run(
            [sys.executable, "-m", "bench.upload", "--child", kind, photo.name],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def summary(samples: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(samples), 1),
        "min_ms": round(min(samples), 1),
        "runs_ms": [round(sample, 1) for sample in samples],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each (9)")
    parser.add_argument(
        "--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    data = make_photo()
    pipeline(data)  # warm-up: imports, codecs, caches
    decode(data)
    decoded, processed = [], []
    for _ in range(args.runs):
        decoded.append(timed(decode, data))
        processed.append(timed(pipeline, data))
    a = summary([wall for wall, _ in decoded])
    b = summary([wall for wall, _ in processed])
    ratio = round(b["median_ms"] / a["median_ms"], 2)
    ratio_min = round(b["min_ms"] / a["min_ms"], 2)
    # The pipeline works on two threads: what it costs the machine, beside its wait
    # (a decode runs on one thread, so its CPU time is its wall-clock time).
    a_cpu = summary([cpu for _, cpu in decoded])
    b_cpu = summary([cpu for _, cpu in processed])
    ratio_cpu = round(b_cpu["median_ms"] / a_cpu["median_ms"], 2)
    decode_memory = memory("decode", data)
    pipeline_memory = memory("pipeline", data)
    peak = pipeline_memory["rss_growth_mb"]
    results = {
        "photo": {
            "width": WIDTH,
            "height": HEIGHT,
            "quality": QUALITY,
            "bytes": len(data),
            "exif_orientation": 6,
        },
        "runs": args.runs,
        "decode": a,
        "pipeline": b,
        "ratio_median": ratio,
        "ratio_min": ratio_min,
        "decode_cpu": a_cpu,
        "pipeline_cpu": b_cpu,
        "ratio_cpu_median": ratio_cpu,
        "ratio_target": TARGET_RATIO,
        "peak_memory_mb": peak,
        "peak_memory_target_mb": TARGET_PEAK_MB,
        "memory_pipeline": pipeline_memory,
        "memory_decode": decode_memory,
        "pillow": PIL.__version__,
        "python": platform.python_version(),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    rows = [
        ("photo", f"{WIDTH}x{HEIGHT} JPEG q{QUALITY}, {len(data) / 1e6:.2f} MB"),
        ("runs (interleaved)", str(args.runs)),
        ("A decode  median/min", f"{a['median_ms']:.1f} / {a['min_ms']:.1f} ms"),
        ("B pipeline median/min", f"{b['median_ms']:.1f} / {b['min_ms']:.1f} ms"),
        (
            "B/A (median)",
            f"{ratio:.2f}x  target <= {TARGET_RATIO:g}x: "
            f"{verdict(ratio <= TARGET_RATIO)}",
        ),
        ("B/A (min), less noisy", f"{ratio_min:.2f}x"),
        ("B/A CPU time (median)", f"{ratio_cpu:.2f}x  (B runs on two threads)"),
        (
            "peak RSS growth, B",
            f"{peak:.1f} MB  target < {TARGET_PEAK_MB:g} MB: "
            f"{verdict(peak < TARGET_PEAK_MB)}",
        ),
        ("  tracemalloc peak, B", f"{pipeline_memory['tracemalloc_peak_mb']:.1f} MB"),
        ("  peak RSS growth, A", f"{decode_memory['rss_growth_mb']:.1f} MB"),
        ("Pillow / Python", f"{PIL.__version__} / {platform.python_version()}"),
        ("CPU", f"{cpu_model()} ({os.cpu_count()} cores)"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
