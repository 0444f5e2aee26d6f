"""`make bench`: build the tenth-size and full-size datasets, time every page, print one table.

    .venv/bin/python bench/run.py [--rebuild] [--requests 30]

The full-size database is BENCH_DATABASE_URL (or DATABASE_URL when it points to
PostgreSQL; default postgres://postgres@127.0.0.1:5432/blkk_bench); the tenth-size one
has the same name with `_tenth`. Each size is measured in its own process (Django reads
its database from the environment once): every page through the full Django stack with
the test client, signed in as the person who uses it, 2 warm-up requests then N timed
ones (median and p95), and its query count. The sizes are timed in alternate rounds
(--rounds, 3), so that a change in the machine's other work weighs on both alike; the
table flags every page over its target (TARGETS). The directory and Django admin's BLK-K
changelist are measured in the same run with the same filter and page size. The peak
memory of a CSV export of all implementations is measured in a fresh process: its
maximum resident set size (ru_maxrss, so the whole process: Python, Django and the
export) before and after the download. The table goes to stdout and bench/results/latest.md.
"""

import argparse
import json
import os
import statistics
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
# Every page at full size: p95 at most P95_TARGET ms (the national overview NATIONAL_TARGET),
# and at most SCALE_TARGET times its p95 at tenth size. The table flags each page over.
P95_TARGET = 100
NATIONAL_TARGET = 50
NATIONAL_PAGES = ("national overview", "national overview, unchanged data (kept copy)")  # computed, and kept
SCALE_TARGET = 1.5
TARGETS = (
    f"Targets: every page p95 ≤ {P95_TARGET} ms at full size (national overview ≤ {NATIONAL_TARGET} ms) and "
    f"≤ {SCALE_TARGET}× its p95 at tenth size; same query count at both sizes; directory ≥ 2× faster than the "
    "admin changelist; CSV export < 150 MB; 5,000-row import < 60 s. ⚠ marks a page over a target."
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
    parser.add_argument("--rounds", type=int, default=3, help="alternate the sizes this many times")
    parser.add_argument("--pages-only", action="store_true", help="skip the CSV export and the import")
    arguments = parser.parse_args()
    urls = database_urls()
    builds = {}
    for size, blkks in SIZES:
        print(f"== {size} size ({blkks} BLK-Ks) on {urlparse(urls[size]).path[1:]}", flush=True)
        build = ["bench/build_dataset.py", "--blkks", str(blkks)] + (["--rebuild"] if arguments.rebuild else [])
        started = time.perf_counter()
        builds[size] = (run_child(build, urls[size]).strip().splitlines() or [""])[-1]
        print(f"   dataset ready in {time.perf_counter() - started:.0f} s: {builds[size]}", flush=True)
    results = measure_alternately(urls, max(30, arguments.requests), max(1, arguments.rounds))
    memory = imported = None
    if not arguments.pages_only:
        memory = json.loads(run_child(["bench/measure.py", "--export"], urls["full"]).strip().splitlines()[-1])
        imported = json.loads(run_child(["bench/measure.py", "--import"], urls["full"]).strip().splitlines()[-1])
    table = render(results, memory, builds, imported)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(table, encoding="utf-8")
    print(f"Written to {RESULTS / 'latest.md'}")


def measure_alternately(urls, requests, rounds):
    """Time both sizes in alternate rounds, so that the machine's other work weighs on both alike.

    On a shared machine the load changes from minute to minute; timing all of one size,
    then all of the other, would put that change into the full/tenth ratio.
    """
    results, loads = {}, {size: [] for size, _blkks in SIZES}
    per_round = -(-requests // rounds)
    for number in range(rounds):
        for size, _blkks in SIZES:
            print(f"== round {number + 1}/{rounds}: {size} size, load {os.getloadavg()[0]:.1f}", flush=True)
            loads[size].append(os.getloadavg()[0])
            output = json.loads(
                run_child(["bench/measure.py", "--requests", str(per_round)], urls[size]).strip().splitlines()[-1]
            )
            if size not in results:
                results[size] = output
                continue
            for name, page in output["pages"].items():
                results[size]["pages"][name]["timings"] += page["timings"]
    for size, result in results.items():
        for page in result["pages"].values():
            page.update(summary(page["timings"]))
        result["loads"] = loads[size]
    return results


def summary(timings):
    timings = sorted(timings)
    return {"median": statistics.median(timings), "p95": timings[max(0, round(0.95 * len(timings)) - 1)]}


def over_target(name, tenth, full):
    """Why the page misses its targets ("" when it meets them)."""
    reasons = []
    target = NATIONAL_TARGET if name in NATIONAL_PAGES else P95_TARGET
    if full["p95"] > target:
        reasons.append(f"p95 > {target} ms")
    if full["p95"] > SCALE_TARGET * tenth["p95"]:
        reasons.append(f"full {full['p95'] / tenth['p95']:.1f}× tenth")
    if tenth["queries"] != full["queries"]:
        reasons.append("query count grows")
    return "⚠ " + ", ".join(reasons) if reasons else "✓"


def render(results, memory, builds, imported):
    lines = [
        "| page | as | queries tenth | queries full | median ms tenth | p95 ms tenth | median ms full | p95 ms full "
        "| target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, tenth in results["tenth"]["pages"].items():
        full = results["full"]["pages"][name]
        lines.append(
            f"| {name} | {tenth['user']} | {tenth['queries']} | {full['queries']} | {tenth['median']:.1f} | "
            f"{tenth['p95']:.1f} | {full['median']:.1f} | {full['p95']:.1f} | {over_target(name, tenth, full)} |"
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
        loads = ", ".join(f"{load:.1f}" for load in results[size]["loads"])
        notes.append(f"- {size}: load average (1 min) at the start of each round: {loads}")
    if memory is not None:
        notes += export_and_import_notes(memory, imported)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    notes.append(
        f"- Machine: {os.cpu_count()} cores, load average at the end {load} (other work on the machine skews "
        "the timings); PostgreSQL; Django test client asking for gzip, as browsers do; dashboards computed "
        "afresh for every request, except in the rows marked “unchanged data (kept copy)”."
    )
    return "\n".join(lines + notes) + "\n"


def export_and_import_notes(memory, imported):
    notes = []
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
    return notes


if __name__ == "__main__":
    main()
