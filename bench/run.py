"""`make bench`: build the tenth-size and full-size datasets, time every page, print one table.

    .venv/bin/python bench/run.py [--rebuild] [--requests 30]

The full-size database is BENCH_DATABASE_URL (or DATABASE_URL when it points to
PostgreSQL; default postgres://postgres@127.0.0.1:5432/blkk_bench); the tenth-size one
has the same name with `_tenth`. Each size is measured in its own process (Django reads
its database from the environment once): every page through the full Django stack with
the test client, signed in as the person who uses it, 2 warm-up requests then N timed
ones (median and p95), and its query count. The directory and Django admin's BLK-K
changelist are measured in the same run with the same filter and page size. The peak
memory of a CSV export of all implementations is measured in a fresh process: its
maximum resident set size (ru_maxrss, so the whole process: Python, Django and the
export) before and after the download. The table goes to stdout and bench/results/latest.md.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SIZES = [("tenth", 500), ("full", 5000)]
PAGE_SIZE = 25
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/blkk_bench"
TARGETS = (
    "Targets: same query count at both sizes; national overview p95 ≤ 150 ms at full size; "
    "directory ≥ 2× faster than the admin changelist; CSV export < 150 MB; 5,000-row import < 60 s."
)


def database_urls():
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = DEFAULT_URL
    parsed = urlparse(url)
    tenth = urlunparse(parsed._replace(path=parsed.path + "_tenth"))
    return {"tenth": tenth, "full": url}


def child_environment(url):
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "PYTHONPATH": str(ROOT),
    }


def run_child(arguments, url):
    # Only this repository's own scripts run, with the interpreter running this one.
    completed = subprocess.run(  # noqa: S603
        [sys.executable, *arguments], env=child_environment(url), cwd=ROOT, capture_output=True, text=True, check=False
    )
    if completed.returncode:
        sys.stderr.write(completed.stdout + completed.stderr)
        sys.exit(f"{' '.join(arguments)} failed")
    return completed.stdout


def main():
    parser = argparse.ArgumentParser(description="Benchmark the dashboards, lists and detail pages.")
    parser.add_argument("--rebuild", action="store_true", help="build both datasets again")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page (at least 30)")
    arguments = parser.parse_args()
    urls = database_urls()
    results, builds = {}, {}
    for size, blkks in SIZES:
        print(f"== {size} size ({blkks} BLK-Ks) on {urlparse(urls[size]).path[1:]}", flush=True)
        build = ["bench/build_dataset.py", "--blkks", str(blkks)] + (["--rebuild"] if arguments.rebuild else [])
        started = time.perf_counter()
        builds[size] = (run_child(build, urls[size]).strip().splitlines() or [""])[-1]
        print(f"   dataset ready in {time.perf_counter() - started:.0f} s: {builds[size]}", flush=True)
        output = run_child(["bench/measure.py", "--requests", str(max(30, arguments.requests))], urls[size])
        results[size] = json.loads(output.strip().splitlines()[-1])
    memory = json.loads(run_child(["bench/measure.py", "--export"], urls["full"]).strip().splitlines()[-1])
    imported = json.loads(run_child(["bench/measure.py", "--import"], urls["full"]).strip().splitlines()[-1])
    table = render(results, memory, builds, imported)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(table, encoding="utf-8")
    print(f"Written to {RESULTS / 'latest.md'}")


def render(results, memory, builds, imported):
    lines = [
        "| page | as | queries tenth | queries full | median ms tenth | p95 ms tenth | median ms full | p95 ms full |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, tenth in results["tenth"]["pages"].items():
        full = results["full"]["pages"][name]
        flag = "" if tenth["queries"] == full["queries"] else " ⚠"
        lines.append(
            f"| {name} | {tenth['user']} | {tenth['queries']} | {full['queries']}{flag} | {tenth['median']:.1f} | "
            f"{tenth['p95']:.1f} | {full['median']:.1f} | {full['p95']:.1f} |"
        )
    notes = ["", TARGETS, ""]
    for size in ("tenth", "full"):
        pages = results[size]["pages"]
        ratio = pages["Django admin changelist (province 73)"]["median"] / pages["directory (province 73)"]["median"]
        notes.append(
            f"- {size}: directory is {ratio:.1f}× faster than the admin changelist "
            "(median, same filter, 25 rows a page)."
        )
        notes.append(f"- {size}: {results[size]['dataset']}; build: {builds[size]}")
    notes.append(
        f"- CSV export of all {memory['rows']:,} implementations: peak RSS {memory['peak_mb']:.0f} MB for the whole "
        f"process (ru_maxrss; {memory['baseline_mb']:.0f} MB before the export), {memory['seconds']:.1f} s, "
        f"{memory['bytes'] / 1e6:.0f} MB of CSV."
    )
    notes.append(
        f"- Import of an XLSX changing all {imported['rows']:,} BLK-Ks ({imported['bytes'] / 1e6:.1f} MB), through "
        f"the portal's pages as ministry staff: dry run {imported['dry_run']:.1f} s, import {imported['import']:.1f} s "
        "(target: each under 60 s; the import is rolled back, the dataset stays as it was)."
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    notes.append(
        f"- Machine: {os.cpu_count()} cores, load average at the end {load} (other work on the machine skews "
        "the timings); PostgreSQL; Django test client; no caching of pages or numbers."
    )
    return "\n".join(lines + notes) + "\n"


if __name__ == "__main__":
    main()
