"""Measure one dataset (the database in DATABASE_URL); run by bench/run.py, prints JSON on its last line.

--requests N   time every page N times (after 2 warm-up requests) and count its queries
--export       download the CSV of all implementations and report the process's peak memory
--import       dry-run and import a spreadsheet changing every BLK-K, then roll the import back
"""

import argparse
import io
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blkk_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from accounts.models import User  # noqa: E402
from blkk_portal.startup import freeze_loaded_objects  # noqa: E402
from forum.models import Forum  # noqa: E402
from registry.models import Blkk, SpreadsheetImport, TrainingCentre  # noqa: E402
from roadmap.models import Implementation, Programme, Roadmap  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]
# Django admin shows 100 rows a page by default; the directory 25. Compare like with like.
admin.site._registry[Blkk].list_per_page = 25
# As blkk_portal.wsgi does in every server process: full collections skip what start-up loaded.
freeze_loaded_objects()


# A dashboard is kept until the next commit (dashboards.page_cache). Its own row times it
# computed, as after any change to the data (the cache is emptied before each request,
# outside the timing); the rows named here time a reader coming back to unchanged data.
SERVED_AGAIN = ", unchanged data (kept copy)"
KEPT = ("national overview", "mentor's overview (own scope)", "centre dashboard (BBPVP Makassar)")


def pages():
    """(name, username, url) of every page measured."""
    spotlight = Blkk.objects.get(name="BLK-K PP Multidimensi Al-Fakhriyah")
    makassar = TrainingCentre.objects.get(name="BBPVP Makassar")
    sulsel = Forum.objects.get(province_id="73")
    national = Forum.objects.get(kind=Forum.Kind.NATIONAL)
    roadmap = Roadmap.objects.order_by("pk").first()
    programme = Programme.objects.order_by("pk").first()
    implementation = Implementation.objects.filter(blkk=spotlight).order_by("pk").first()
    return [
        ("national overview", "kemnaker", "/dashboard/"),
        (
            "national overview, filtered (province 73, berkembang)",
            "kemnaker",
            "/dashboard/?province=73&level=berkembang",
        ),
        ("mentor's overview (own scope)", "pembina.makassar", "/dashboard/"),
        ("province dashboard (73)", "kemnaker", "/dashboard/provinces/73/"),
        ("forum dashboard (Sulawesi Selatan)", "kemnaker", f"/dashboard/forums/{sulsel.pk}/"),
        ("forum dashboard (FKN, national)", "kemnaker", f"/dashboard/forums/{national.pk}/"),
        ("centre dashboard (BBPVP Makassar)", "pembina.makassar", f"/dashboard/centres/{makassar.pk}/"),
        ("dashboard BLK-K list (province 73)", "kemnaker", "/dashboard/blkk/?province=73"),
        (
            "dashboard implementation list (not reported, national)",
            "kemnaker",
            "/dashboard/implementations/?state=missing",
        ),
        ("directory (province 73)", "kemnaker", "/blkk/?province=73"),
        ("Django admin changelist (province 73)", "admin", "/admin/registry/blkk/?regency__province__code__exact=73"),
        ("BLK-K page", "kemnaker", f"/blkk/{spotlight.pk}/"),
        ("BLK-K progress section", "kemnaker", f"/blkk/{spotlight.pk}/progress/"),
        ("centre page", "kemnaker", f"/centres/{makassar.pk}/"),
        ("province page", "kemnaker", "/provinces/73/"),
        ("forum list", "kemnaker", "/forums/"),
        ("forum page", "kemnaker", f"/forums/{sulsel.pk}/"),
        ("roadmap page", "kemnaker", f"/roadmaps/{roadmap.pk}/"),
        ("programme page", "kemnaker", f"/programmes/{programme.pk}/"),
        ("implementation page", "kemnaker", f"/implementations/{implementation.pk}/"),
        ("review queue", "pembina.makassar", "/review/"),
        *review_queue_pages(),
        ("my programmes", "pengelola.alfakhriyah", "/my-programmes/"),
        # The REST API (signed in with the session, as the docs page is): same scope and queries as a token.
        ("API: BLK-K list (province 73)", "kemnaker", "/api/v1/blkks/?province=73"),
        ("API: national aggregate", "kemnaker", "/api/v1/dashboards/national/"),
        ("API: open national counts", "kemnaker", "/api/v1/open-data/national/"),
    ]


def review_queue_pages():
    """The review queue with each of its filters and sorts, as BBPVP Makassar's staff see it.

    The programme, period and regency are those of the queue's oldest report, so each
    filter applies at every size of the data (and costs the same number of queries).
    """
    from roadmap.models import PendingReview

    oldest = (
        PendingReview.objects.filter(blkk__regency__province_id="73")
        .order_by("submitted_at")
        .values_list("programme_id", "period_id", "blkk__regency_id")
        .first()
    )
    programme, period, regency = oldest or (0, 0, "")
    return [
        (f"review queue, {name}", "pembina.makassar", f"/review/?{query}")
        for name, query in (
            ("last page", "page=999"),
            ("search", "q=pondok"),
            ("programme", f"programme={programme}"),
            ("period", f"period={period}"),
            ("regency", f"regency={regency}"),
            ("waiting > 14 days", "waiting=14"),
            ("newest first", "sort=newest"),
            ("by BLK-K name", "sort=blkk"),
            ("by programme", "sort=programme"),
        )
    ]


def client_for(username, cache={}):  # noqa: B006 (one signed-in client per person for the run)
    if username not in cache:
        # As every browser asks: the timings include compressing the answer, which the server pays for each page.
        client = Client(headers={"Accept-Encoding": "gzip, deflate, br"})
        client.force_login(User.objects.get(username=username))
        cache[username] = client
    return cache[username]


def fetch(client, url):
    response = client.get(url)
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return response


def measure_page(username, url, requests, *, fresh=False):
    """The page's query count and timings; `fresh`: with no kept copy of a dashboard, as after a change."""
    client = client_for(username)
    for _ in range(2):
        fetch(client, url)
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    if fresh:
        cache.clear()
    with connection.execute_wrapper(count):
        fetch(client, url)
    timings = []
    for _ in range(requests):
        if fresh:
            cache.clear()
        started = time.perf_counter()
        fetch(client, url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"user": username, "queries": len(executed), "timings": timings, **summary(timings)}


def summary(timings):
    """Median and p95 (nearest rank) of the timings in ms."""
    timings = sorted(timings)
    return {"median": statistics.median(timings), "p95": timings[max(0, round(0.95 * len(timings)) - 1)]}


def dataset():
    from roadmap.models import PeriodRollup, StatusReport

    return (
        f"{Blkk.objects.count():,} BLK-Ks, {Programme.objects.count()} programmes, "
        f"{Implementation.objects.count():,} implementations, {StatusReport.objects.count():,} reports, "
        f"{PeriodRollup.objects.count():,} rollup rows"
    )


def measure_export():
    # Uncompressed, so that the rows and bytes counted are the CSV's own.
    client = Client()
    client.force_login(User.objects.get(username="kemnaker"))
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    response = client.get("/dashboard/implementations/export.csv")
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "rows": lines - 1,
        "bytes": size,
        "seconds": time.perf_counter() - started,
        "baseline_mb": baseline,
        "peak_mb": peak,
    }


def import_sheet():
    """An XLSX of every BLK-K with the directory's columns and a new phone number in each row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("blkk")
    sheet.append(["Nomor registrasi", "Nama", "Kabupaten/Kota", "Provinsi", "Tahun berdiri", "Telepon kontak"])
    rows = Blkk.objects.order_by("pk").values_list(
        "registry_number", "name", "regency__name", "regency__province__name", "year_established"
    )
    for number, row in enumerate(rows):
        sheet.append([*row, f"0800 {number:06d}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), len(rows)


def measure_import():
    """Seconds for the dry run and for the import of a sheet changing every BLK-K, through the pages.

    Both run inside one transaction that is rolled back, so the dataset stays as it was.
    """
    content, rows = import_sheet()
    client = client_for("kemnaker")
    with transaction.atomic():
        started = time.perf_counter()
        checked = client.post("/blkk/import/", {"file": SimpleUploadedFile("bench.xlsx", content)})
        dry_run = time.perf_counter() - started
        record = SpreadsheetImport.objects.filter(user__username="kemnaker").latest("pk")
        if checked.status_code != 200 or record.error_count or record.changed_count != rows:
            raise SystemExit(f"the dry run found {record.error_count} errors, {record.changed_count} changes of {rows}")
        started = time.perf_counter()
        done = client.post(
            "/blkk/import/confirm/", {"dry_run": record.pk, "file": SimpleUploadedFile("bench.xlsx", content)}
        )
        imported = time.perf_counter() - started
        if done.status_code != 302:
            raise SystemExit(f"the import answered {done.status_code}")
        transaction.set_rollback(True)
    # The rolled-back rows stay behind as dead tuples (one per BLK-K in the registry and in
    # the history tables it wrote) until autovacuum comes by, and the next run's pages would
    # scan the registry twice over.
    with connection.cursor() as cursor:
        for table in ("registry_blkk", "registry_historicalblkk", "registry_historicalblkk_vocational_fields"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return {"rows": rows, "bytes": len(content), "dry_run": dry_run, "import": imported}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--export", action="store_true")
    parser.add_argument("--import", dest="import_", action="store_true")
    arguments = parser.parse_args()
    if arguments.export:
        print(json.dumps(measure_export()))
        return
    if arguments.import_:
        print(json.dumps(measure_import()))
        return
    results = {}
    for name, username, url in pages():
        computed = url.startswith("/dashboard/") and "/blkk/" not in url and "/implementations/" not in url
        results[name] = measure_page(username, url, arguments.requests, fresh=computed)
        print(f"   {name}: {results[name]}", file=sys.stderr, flush=True)
        if name in KEPT:
            results[name + SERVED_AGAIN] = measure_page(username, url, arguments.requests)
            print(f"   {name + SERVED_AGAIN}: {results[name + SERVED_AGAIN]}", file=sys.stderr, flush=True)
    print(json.dumps({"pages": results, "dataset": dataset()}))


if __name__ == "__main__":
    main()
