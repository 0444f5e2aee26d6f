"""Build a benchmark dataset on PostgreSQL: BLK-Ks, 60 programmes, 16 quarterly periods, reports.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/blkk_bench .venv/bin/python bench/build_dataset.py --blkks 5000

The database is created when missing and migrated. Small things (users, forums, the
roadmap, programmes, periods) go through the ORM; the bulk (BLK-Ks, 300,000
implementations, about 1.2 million reports) is generated inside PostgreSQL with
INSERT ... SELECT over generate_series, which takes seconds instead of the minutes a
bulk_create from Python would. A seeded hash of ids decides every "random" choice, so
two builds are identical. The rollups are then rebuilt the way the demo load does.
Without --rebuild, an existing dataset of the right size is kept.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blkk_portal.settings")

TITLE = "Peta Jalan Kemandirian BLK Komunitas (uji beban)"
PROGRAMMES = 60
FIRST_YEAR = 2023  # 16 quarters: 2023 Q1 to 2026 Q4
QUARTERS = 16
SPOTLIGHT = "BLK-K PP Multidimensi Al-Fakhriyah"
USERS = {
    "kemnaker": "ministry_staff",
    "pembina.makassar": "mentor_staff",
    "pengelola.alfakhriyah": "blkk_manager",
    "pengurus.sulsel": "forum_board",
    "admin": None,
}


def ensure_database(url):
    """Create the database named in the URL when it does not exist yet."""
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    connection = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def existing_size():
    from registry.models import Blkk
    from roadmap.models import PeriodRollup, Roadmap

    if not Roadmap.objects.filter(title=TITLE).exists() or not PeriodRollup.objects.exists():
        return None
    return Blkk.objects.count()


def wipe():
    """Empty every table of the project's apps (a rebuild starts from the migrations' reference data)."""
    from django.db import connection

    keep = {
        "registry_province",
        "registry_regency",
        "registry_trainingcentre",
        "registry_vocationalfield",
        "registry_hostinstitutiontype",
        "auth_group",
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group_permissions",
    }
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if t not in keep]
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")


def users():
    from django.contrib.auth.models import Group

    from accounts.models import User

    made = {}
    for username, role in USERS.items():
        user = User.objects.create(
            username=username,
            full_name=username.replace(".", " ").title(),
            email=f"{username}@example.org",
            is_staff=role is None,
            is_superuser=role is None,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        if role:
            user.groups.add(Group.objects.get(name=role))
        made[username] = user
    return made


def forums_and_mentors(people):
    from forum.models import BoardPosition, Forum
    from registry.models import Mentorship, Province, TrainingCentre

    national = Forum.objects.create(kind=Forum.Kind.NATIONAL, name="FKN BLK-K", short_name="FKN BLK-K")
    centres = list(TrainingCentre.objects.exclude(kind=TrainingCentre.Kind.SATPEL).order_by("pk"))
    makassar = TrainingCentre.objects.get(name="BBPVP Makassar")
    makassar.staff.add(people["pembina.makassar"])
    forums, mentorships = [], []
    for index, province in enumerate(Province.objects.order_by("code")):
        forums.append(
            Forum(kind=Forum.Kind.PROVINCIAL, province=province, name=f"Forum Koordinasi BLKK {province.name}")
        )
        centre = makassar if province.code == "73" else centres[index % len(centres)]
        mentorships.append(
            Mentorship(
                centre=centre, province=province, starts_on=datetime.date(2022, 1, 1), legacy_source="BENCH/2022"
            )
        )
    Forum.objects.bulk_create(forums)
    Mentorship.objects.bulk_create(mentorships)
    sulsel = Forum.objects.get(province_id="73")
    BoardPosition.objects.create(
        forum=sulsel,
        role=BoardPosition.Role.KETUA,
        person_name="Pengurus Sulsel",
        user=people["pengurus.sulsel"],
        term_start=datetime.date(2022, 1, 1),
    )
    return national


BLKKS = """
WITH regencies AS (SELECT code, row_number() OVER (ORDER BY code) - 1 AS k FROM registry_regency),
     host_types AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM registry_hostinstitutiontype)
INSERT INTO registry_blkk (registry_number, name, host_name, address, year_established, status, vin,
    permit_number, accreditation, in_incubator, level, phone, email, created_at, updated_at, version,
    host_type_id, regency_id)
SELECT 'BLKK-' || (2017 + g %% 6) || '-' || r.code || '-' || lpad(g::text, 4, '0'),
       'BLK-K Uji ' || g, 'Lembaga Uji ' || g, '', 2017 + g %% 6,
       CASE WHEN g %% 97 = 0 THEN 'inactive' ELSE 'active' END, '', '', '', g %% 40 = 0,
       CASE WHEN g %% 10 < 5 THEN 'tumbuh' WHEN g %% 10 < 7 THEN 'berkembang'
            WHEN g %% 10 = 7 THEN 'mandiri' ELSE 'unclassified' END,
       '', '', now(), now(), 1, h.id, r.code
FROM generate_series(2, %(count)s) AS g
JOIN regencies r ON r.k = (g * 37) %% (SELECT count(*) FROM regencies)
JOIN host_types h ON h.k = (CASE WHEN g %% 5 = 0 THEN g %% 9 ELSE 0 END)
"""

FIELDS = """
INSERT INTO registry_blkk_vocational_fields (blkk_id, vocationalfield_id)
SELECT b.id, f.id FROM registry_blkk b
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM registry_vocationalfield) f
  ON f.k = b.id %% 20 OR (b.id %% 3 = 0 AND f.k = (b.id + 7) %% 20)
"""

IMPLEMENTATIONS = """
INSERT INTO roadmap_implementation
    (status, progress, approved_status, approved_progress, version, blkk_id, programme_id)
SELECT 'not_started', 0, 'not_started', 0, 0, b.id, p.id
FROM registry_blkk b CROSS JOIN roadmap_programme p
WHERE p.pillar_id IN (SELECT id FROM roadmap_pillar WHERE roadmap_id = %(roadmap)s)
"""

# About one implementation in four reports in a given period: 16 × 300,000 / 4 = 1.2 million.
REPORTS = """
WITH periods AS (
    SELECT id, starts_on, ends_on, due_on, row_number() OVER (ORDER BY starts_on) - 1 AS k,
           count(*) OVER () - 1 AS last_k
    FROM roadmap_reportingperiod WHERE roadmap_id = %(roadmap)s
), candidates AS (
    SELECT i.id AS impl_id, pe.id AS period_id, pe.k, pe.last_k, pe.due_on,
           ((i.id * 2654435761 + pe.k * 40503) %% 1000) AS h,
           ((i.id * 7919 + pe.k * 104729) %% 100) AS pick,
           LEAST(100, pe.k * 6 + (i.id %% 25)) AS progress
    FROM roadmap_implementation i
    JOIN roadmap_programme pr ON pr.id = i.programme_id
    JOIN periods pe ON pr.starts_on <= pe.ends_on AND pr.ends_on >= pe.starts_on
)
INSERT INTO roadmap_statusreport (status, progress, narrative, evidence, evidence_name, evidence_type,
    submitted_at, is_late, review, reviewed_at, review_note, implementation_id, period_id, reporter_id, reviewed_by_id)
SELECT CASE WHEN h %% 53 = 0 THEN 'not_applicable' WHEN h %% 20 = 1 THEN 'blocked'
            WHEN progress = 100 THEN 'done' ELSE 'in_progress' END,
       progress, 'Laporan uji beban.', '', '', '',
       (due_on - (h %% 20)::int + CASE WHEN h %% 100 < 12 THEN 25 ELSE 0 END)::timestamp AT TIME ZONE 'Asia/Jakarta',
       h %% 100 < 12,
       review,
       CASE WHEN review = 'pending' THEN NULL ELSE (due_on + 30)::timestamp AT TIME ZONE 'Asia/Jakarta' END,
       CASE WHEN review = 'returned' THEN 'Lengkapi bukti kegiatan.' ELSE '' END,
       impl_id, period_id, %(reporter)s, CASE WHEN review = 'pending' THEN NULL ELSE %(reviewer)s END
FROM (
    SELECT c.*, CASE
        WHEN c.k = c.last_k THEN CASE WHEN h %% 10 < 6 THEN 'pending' ELSE 'approved' END
        WHEN h %% 100 BETWEEN 12 AND 16 THEN 'returned'
        WHEN h %% 100 BETWEEN 17 AND 18 THEN 'pending'
        ELSE 'approved' END AS review
    FROM candidates c WHERE pick < 27
) chosen
"""

LATEST = """
UPDATE roadmap_implementation i SET status = r.status, progress = r.progress, latest_report_id = r.id, version = 1
FROM (SELECT DISTINCT ON (implementation_id) implementation_id, id, status, progress
      FROM roadmap_statusreport ORDER BY implementation_id, submitted_at DESC, id DESC) r
WHERE r.implementation_id = i.id
"""

APPROVED = """
UPDATE roadmap_implementation i
SET approved_status = r.status, approved_progress = r.progress, last_approved_period_id = r.period_id
FROM (SELECT DISTINCT ON (s.implementation_id) s.implementation_id, s.status, s.progress, s.period_id
      FROM roadmap_statusreport s JOIN roadmap_reportingperiod p ON p.id = s.period_id
      WHERE s.review = 'approved'
      ORDER BY s.implementation_id, p.starts_on DESC, s.submitted_at DESC, s.id DESC) r
WHERE r.implementation_id = i.id
"""

CLASSIFICATIONS = """
INSERT INTO roadmap_classification (level, assessed_on, evidence, note, recorded_at, assessor_id, blkk_id)
SELECT b.level, DATE '2023-02-01' + (b.id %% 27)::int, 'Penilaian uji beban.', '', now(), %(assessor)s, b.id
FROM registry_blkk b WHERE b.level <> 'unclassified'
"""


def roadmap_and_programmes(national):
    from roadmap.models import Pillar, Programme, ReportingPeriod, Roadmap

    roadmap = Roadmap.objects.create(
        forum=national, title=TITLE, start_year=FIRST_YEAR, end_year=FIRST_YEAR + 3, status=Roadmap.Status.ADOPTED
    )
    pillars = Pillar.objects.bulk_create(
        [Pillar(roadmap=roadmap, number=n, name=f"Pilar {n}", weight=(n % 3) + 1) for n in range(1, 7)]
    )
    programmes = []
    for index in range(PROGRAMMES):
        pillar = pillars[index % 6]
        # Most programmes run for the whole roadmap; every fifth starts a year late, every seventh ends early.
        starts = datetime.date(FIRST_YEAR + (1 if index % 5 == 4 else 0), 1, 1)
        ends = datetime.date(FIRST_YEAR + (2 if index % 7 == 6 else 3), 12, 31)
        programmes.append(
            Programme(
                pillar=pillar,
                code=f"P{pillar.number}.{index:02d}",
                title=f"Program uji {index}",
                starts_on=starts,
                ends_on=ends,
            )
        )
    Programme.objects.bulk_create(programmes)
    periods = []
    for number in range(QUARTERS):
        year, quarter = FIRST_YEAR + number // 4, number % 4 + 1
        starts = datetime.date(year, 3 * quarter - 2, 1)
        ends = datetime.date(year + quarter // 4, (3 * quarter) % 12 + 1, 1) - datetime.timedelta(days=1)
        periods.append(
            ReportingPeriod(
                roadmap=roadmap,
                label=f"{year} Q{quarter}",
                starts_on=starts,
                ends_on=ends,
                opens_on=starts,
                due_on=ends + datetime.timedelta(days=10),
                locked=number < QUARTERS - 1,
            )
        )
    ReportingPeriod.objects.bulk_create(periods)
    return roadmap


def build(count):
    from django.db import connection, transaction

    from registry import tallies
    from registry.models import Blkk, HostInstitutionType, Regency
    from roadmap import rollups

    steps = []

    def step(label, sql=None, **parameters):
        started = time.perf_counter()
        if sql:
            with connection.cursor() as cursor:
                cursor.execute(sql, parameters)
        steps.append((label, time.perf_counter() - started))
        print(f"  {label}: {steps[-1][1]:.1f} s", flush=True)

    with transaction.atomic():
        people = users()
        national = forums_and_mentors(people)
        spotlight = Blkk.objects.create(
            registry_number="BLKK-2019-73.71-0001",
            name=SPOTLIGHT,
            host_name="PP Multidimensi Al-Fakhriyah",
            host_type=HostInstitutionType.objects.get(code="PESANTREN"),
            regency=Regency.objects.get(code="73.71"),
            year_established=2019,
            level=Blkk.Level.BERKEMBANG,
        )
        spotlight.managers.add(people["pengelola.alfakhriyah"])
        step("BLK-Ks", BLKKS, count=count)
        step("vocational fields", FIELDS)
        roadmap = roadmap_and_programmes(national)
        step("implementations", IMPLEMENTATIONS, roadmap=roadmap.pk)
        reporter, reviewer = people["pengelola.alfakhriyah"].pk, people["pembina.makassar"].pk
        step("reports", REPORTS, roadmap=roadmap.pk, reporter=reporter, reviewer=reviewer)
        step("latest reports", LATEST)
        step("approved states", APPROVED)
        step("classifications", CLASSIFICATIONS, assessor=people["kemnaker"].pk)
        tallies.rebuild()  # the BLK-Ks were written in SQL, past the signals that count them
        started = time.perf_counter()
        if os.environ.get("BENCH_SKIP_ROLLUPS"):
            return steps
        rollups.rebuild(roadmap)
        steps.append(("rollups.rebuild()", time.perf_counter() - started))
        print(f"  rollups.rebuild(): {steps[-1][1]:.1f} s", flush=True)
    with connection.cursor() as cursor:
        # Outside the transaction: VACUUM sets the visibility bits a freshly written table lacks,
        # which the first page views would otherwise pay for.
        cursor.execute("VACUUM ANALYZE")
    return steps


def summary():
    from registry.models import Blkk
    from roadmap.models import Implementation, PeriodRollup, Programme, ReportingPeriod, StatusReport

    return {
        "blkks": Blkk.objects.count(),
        "programmes": Programme.objects.count(),
        "periods": ReportingPeriod.objects.count(),
        "implementations": Implementation.objects.count(),
        "reports": StatusReport.objects.count(),
        "rollup_rows": PeriodRollup.objects.count(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blkks", type=int, default=5000, help="number of BLK-Ks (5000: full size)")
    parser.add_argument("--rebuild", action="store_true", help="drop the existing dataset and build it again")
    arguments = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/blkk_bench")
    ensure_database(url)
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    size = existing_size()
    if size == arguments.blkks and not arguments.rebuild:
        from roadmap import rollups
        from roadmap.models import FieldRollup, HostTypeRollup, ProvinceRollup

        # A dataset built before the province sums (or their split by host type and field) existed.
        if not all(model.objects.exists() for model in (ProvinceRollup, HostTypeRollup, FieldRollup)):
            rollups.rebuild()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(f"Dataset with {size} BLK-Ks already present in {urlparse(url).path[1:]}: kept.")
        print(summary())
        return
    started = time.perf_counter()
    print(f"Building {arguments.blkks} BLK-Ks in {urlparse(url).path[1:]}...", flush=True)
    wipe()
    build(arguments.blkks)
    print(f"Built in {time.perf_counter() - started:.1f} s: {summary()}")


if __name__ == "__main__":
    main()
