"""Keeping `PeriodRollup` current: one SQL statement recounts a slice from the source rows.

The same statement serves every caller, so there is one definition of each number:

- `report_changed(report)`: after a report is submitted or reviewed, inside that
  transaction, the rows of the report's BLK-K in the report's roadmap are recounted
  (about 30 implementations × 20 periods: a few milliseconds);
- `rebuild(roadmap=None)`: everything from scratch in one transaction, for bulk loads
  (demo data, the benchmark) that bypass the services;
- `schedule_refresh(roadmap, programme=None)`: after changes to a programme (its dates,
  its participants) or to a roadmap's periods, which move the set of running
  implementations. It only records a `RollupRefresh` and queues a background task
  (`roadmap.tasks.refresh_rollups`), which recounts the programme's BLK-Ks, or every
  BLK-K of the roadmap, a chunk per transaction (`refresh_blkks`), so that no request
  waits for a national recount and no province stays locked for long.

A province's rows are its BLK-Ks' rows summed by period (`ProvinceRollup`), and the same
sums split by host institution type (`HostTypeRollup`) and by vocational field
(`FieldRollup`); the three are always recounted together, from the BLK-K rows.

Recounts of one province must not overlap: each deletes and re-inserts rows, and a second
one would miss the first one's fresh rows and break the unique constraints. So every
recount first locks its province's row (`lock_province`; recounts of several provinces
lock them in code order), and report writers take that lock before any other.

Recounting a slice instead of adding deltas means a rollup row can never drift from the
reports: whatever happened before, the refreshed rows equal a count from scratch.
"""

from typing import NamedTuple

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from registry.models import Blkk, Province, VocationalField

from . import levels, pending, programme_status
from .models import (
    ROLLUP_COUNTS,
    FieldRollup,
    HostTypeRollup,
    Implementation,
    PeriodRollup,
    Programme,
    ProvinceRollup,
    ReportingPeriod,
    Roadmap,
    RollupRefresh,
    StatusReport,
)

CHUNK = 500  # BLK-Ks per statement in a rebuild: bounds the memory of the database's sorts.

Status = Implementation.Status
Review = StatusReport.Review

COLUMNS = ", ".join(["period_id", "blkk_id", *ROLLUP_COUNTS, "score"])

# %(x)s placeholders are filled by the database driver; {table} names are Django's.
# Each implementation is crossed with every period of its roadmap ("grid"); an approved
# report is in force from its period until the next approved report of the same
# implementation (same order as roadmap.scoring: period, then submission time, then id).
RECOUNT = """
WITH periods AS (
    SELECT p.id, p.starts_on, p.ends_on,
           LAG(p.starts_on) OVER (ORDER BY p.starts_on) AS prev_starts_on,
           LAG(p.ends_on) OVER (ORDER BY p.starts_on) AS prev_ends_on,
           LAG(p.id) OVER (ORDER BY p.starts_on) AS prev_id
    FROM {period} p WHERE p.roadmap_id = %(roadmap)s
),
impl AS (
    SELECT i.id, i.blkk_id, pr.starts_on, pr.ends_on, pl.id AS pillar_id, pl.weight
    FROM {implementation} i
    JOIN {programme} pr ON pr.id = i.programme_id
    JOIN {pillar} pl ON pl.id = pr.pillar_id
    WHERE pl.roadmap_id = %(roadmap)s AND i.blkk_id BETWEEN %(first)s AND %(last)s
),
facts AS (
    SELECT r.implementation_id AS impl_id, r.period_id,
           MAX(CASE WHEN r.review <> %(returned)s THEN 1 ELSE 0 END) AS settled,
           MAX(CASE WHEN r.review <> %(returned)s AND NOT r.is_late THEN 1 ELSE 0 END) AS on_time,
           MAX(CASE WHEN r.review = %(approved)s THEN 1 ELSE 0 END) AS approved,
           MAX(CASE WHEN r.review = %(pending)s THEN 1 ELSE 0 END) AS pending,
           MAX(CASE WHEN r.review = %(returned)s THEN 1 ELSE 0 END) AS returned,
           SUM(CASE WHEN r.review = %(pending)s THEN 1 ELSE 0 END) AS pending_reports
    FROM {report} r JOIN impl ON impl.id = r.implementation_id
    GROUP BY r.implementation_id, r.period_id
),
approvals AS (
    SELECT r.implementation_id AS impl_id, r.status, r.progress, rp.starts_on,
           LEAD(rp.starts_on) OVER (
               PARTITION BY r.implementation_id ORDER BY rp.starts_on, r.submitted_at, r.id
           ) AS next_starts_on
    FROM {report} r
    JOIN impl ON impl.id = r.implementation_id
    JOIN {period} rp ON rp.id = r.period_id
    WHERE r.review = %(approved)s
),
grid AS (
    SELECT impl.id AS impl_id, impl.blkk_id, impl.pillar_id, impl.weight, pe.id AS period_id, pe.prev_id,
           CASE WHEN impl.starts_on <= pe.ends_on AND impl.ends_on >= pe.starts_on THEN 1 ELSE 0 END AS running,
           CASE WHEN impl.starts_on <= pe.prev_ends_on AND impl.ends_on >= pe.prev_starts_on
                THEN 1 ELSE 0 END AS ran_before,
           COALESCE(a.status, %(not_started)s) AS status,
           COALESCE(a.progress, 0) AS progress
    FROM impl CROSS JOIN periods pe
    LEFT JOIN approvals a ON a.impl_id = impl.id AND a.starts_on <= pe.starts_on
         AND (a.next_starts_on IS NULL OR a.next_starts_on > pe.starts_on)
),
counted AS (
    SELECT g.*, COALESCE(f.settled, 0) AS settled, COALESCE(f.on_time, 0) AS on_time,
           COALESCE(f.approved, 0) AS approved, COALESCE(f.pending, 0) AS pending,
           COALESCE(f.returned, 0) AS returned, COALESCE(f.pending_reports, 0) AS pending_reports,
           COALESCE(fp.approved, 0) AS approved_before
    FROM grid g
    LEFT JOIN facts f ON f.impl_id = g.impl_id AND f.period_id = g.period_id
    LEFT JOIN facts fp ON fp.impl_id = g.impl_id AND fp.period_id = g.prev_id
),
pillars AS (
    SELECT blkk_id, period_id, pillar_id, MAX(weight) AS weight,
           SUM(CASE WHEN status <> %(not_applicable)s THEN 1 ELSE 0 END) AS scored,
           SUM(CASE WHEN status <> %(not_applicable)s THEN progress ELSE 0 END) AS progress_sum
    FROM grid GROUP BY blkk_id, period_id, pillar_id
),
scores AS (
    SELECT blkk_id, period_id,
           SUM(CASE WHEN scored > 0 THEN weight * progress_sum * 1.0 / scored END)
               / SUM(CASE WHEN scored > 0 THEN weight END) AS score
    FROM pillars GROUP BY blkk_id, period_id
),
totals AS (
    SELECT period_id, blkk_id,
           SUM(running) AS running,
           SUM(running * settled) AS reported,
           SUM(running * settled * on_time) AS on_time,
           SUM(running * approved) AS approved,
           SUM(running * pending) AS pending,
           SUM(running * returned * (1 - settled)) AS returned,
           SUM(CASE WHEN running = 1 AND ran_before = 1 AND approved = 0 AND approved_before = 0
                    THEN 1 ELSE 0 END) AS stalled,
           SUM(pending_reports) AS pending_reports,
           SUM(CASE WHEN status = %(not_started)s THEN 1 ELSE 0 END) AS not_started,
           SUM(CASE WHEN status = %(in_progress)s THEN 1 ELSE 0 END) AS in_progress,
           SUM(CASE WHEN status = %(done)s THEN 1 ELSE 0 END) AS done,
           SUM(CASE WHEN status = %(blocked)s THEN 1 ELSE 0 END) AS blocked,
           SUM(CASE WHEN status = %(not_applicable)s THEN 1 ELSE 0 END) AS not_applicable
    FROM counted GROUP BY period_id, blkk_id
)
INSERT INTO {rollup} ({columns})
SELECT t.period_id, t.blkk_id, t.running, t.reported, t.on_time, t.approved, t.pending, t.returned,
       t.stalled, t.pending_reports, t.not_started, t.in_progress, t.done, t.blocked, t.not_applicable, s.score
FROM totals t JOIN scores s ON s.blkk_id = t.blkk_id AND s.period_id = t.period_id
"""

# The provinces of the BLK-Ks in [first, last], recounted from their BLK-K rows.
PROVINCES = """
SELECT DISTINCT g.province_id FROM {blkk} b JOIN {regency} g ON g.code = b.regency_id
WHERE b.id BETWEEN %(first)s AND %(last)s
"""


# A province's sums, whole and by host type and by vocational field (a BLK-K with several
# fields counts under each, one without any under NULL), summed from its BLK-Ks' rows.
# Each Slice recounts alike. After a change to the rows of the BLK-Ks in [first, last] (a
# report), only the groups those BLK-Ks are in can change: `theirs` narrows the recount to
# them, with {column} standing for the group's key (most of a province's field rows
# are of other fields).
class Slice(NamedTuple):
    model: type
    key: str = ""  # the key column beside the province, as ", column"
    value: str = ""  # the key in the recount, as ", expression"
    join: str = ""  # the join that finds it
    theirs: str = ""  # SQL: {column} is a group of a BLK-K in [first, last]


SLICES = [
    Slice(ProvinceRollup),
    Slice(
        HostTypeRollup,
        ", host_type_id",
        ", b.host_type_id",
        theirs="{column} IN (SELECT host_type_id FROM {blkk} WHERE id BETWEEN %(first)s AND %(last)s)",
    ),
    Slice(
        FieldRollup,
        ", field_id",
        ", f.vocationalfield_id",
        "LEFT JOIN {blkk_fields} f ON f.blkk_id = b.id",
        theirs="""(
            {column} IN (SELECT vocationalfield_id FROM {blkk_fields} WHERE blkk_id BETWEEN %(first)s AND %(last)s)
            OR ({column} IS NULL AND EXISTS (
                SELECT 1 FROM {blkk} m WHERE m.id BETWEEN %(first)s AND %(last)s
                AND NOT EXISTS (SELECT 1 FROM {blkk_fields} mf WHERE mf.blkk_id = m.id)
            ))
        )""",
    ),
]
FORGET_SLICE = """
DELETE FROM {table}
WHERE period_id IN (SELECT id FROM {period} WHERE roadmap_id = %(roadmap)s) AND province_id IN ({provinces})
{narrowed}
"""
RECOUNT_SLICE = """
INSERT INTO {table} (period_id, province_id{key}, blkk_count, score_sum, score_count, {counts})
SELECT r.period_id, g.province_id{value}, COUNT(*), COALESCE(SUM(r.score), 0), COUNT(r.score), {sums}
FROM {rollup} r JOIN {blkk} b ON b.id = r.blkk_id JOIN {regency} g ON g.code = b.regency_id {join}
WHERE r.period_id IN (SELECT id FROM {period} WHERE roadmap_id = %(roadmap)s) AND g.province_id IN ({provinces})
{narrowed}
GROUP BY r.period_id, g.province_id{value}
"""

FORGET = """
DELETE FROM {rollup}
WHERE blkk_id BETWEEN %(first)s AND %(last)s
  AND period_id IN (SELECT id FROM {period} WHERE roadmap_id = %(roadmap)s)
"""


def _sql(template, *, provinces=None, **extra):
    tables = {
        "blkk": Blkk._meta.db_table,
        "blkk_fields": Blkk.vocational_fields.through._meta.db_table,
        "regency": Blkk._meta.get_field("regency").related_model._meta.db_table,
        "counts": ", ".join(ROLLUP_COUNTS),
        "sums": ", ".join(f"SUM(r.{name})" for name in ROLLUP_COUNTS),
        "period": ReportingPeriod._meta.db_table,
        "implementation": Implementation._meta.db_table,
        "programme": Programme._meta.db_table,
        "pillar": Roadmap._meta.get_field("pillars").related_model._meta.db_table,
        "report": StatusReport._meta.db_table,
        "rollup": PeriodRollup._meta.db_table,
    }
    tables["provinces"] = provinces or PROVINCES.format(**tables)
    return template.format(columns=COLUMNS, **tables, **extra)


def _recount_provinces(cursor, parameters, provinces=None):
    """Recount the province sums (whole, by host type, by field) of one roadmap; `provinces`: SQL naming them.

    Without `provinces`: the groups of the BLK-Ks in [first, last] in their provinces.
    """
    for piece in SLICES:
        names = {"table": piece.model._meta.db_table, "key": piece.key, "value": piece.value, "join": _sql(piece.join)}
        for template, column in ((FORGET_SLICE, piece.key[2:]), (RECOUNT_SLICE, piece.value[2:])):
            mine = piece.theirs.replace("{column}", column)
            narrowed = f"AND {_sql(mine)}" if mine and provinces is None else ""
            cursor.execute(_sql(template, provinces=provinces, narrowed=narrowed, **names), parameters)


def _parameters(roadmap_id, first, last):
    return {
        "roadmap": roadmap_id,
        "first": first,
        "last": last,
        "pending": Review.PENDING.value,
        "approved": Review.APPROVED.value,
        "returned": Review.RETURNED.value,
        **{status.value: status.value for status in Status},
    }


def refresh(roadmap_id, first_blkk_id, last_blkk_id, *, provinces=True):
    """Recount the rows of the BLK-Ks whose ids lie in [first, last] in one roadmap, then their provinces' rows.

    Of their provinces' sums by host type and by field, only the groups those BLK-Ks are
    in can change, and only those are recounted.
    """
    parameters = _parameters(roadmap_id, first_blkk_id, last_blkk_id)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_sql(FORGET), parameters)
        cursor.execute(_sql(RECOUNT), parameters)
        if provinces:
            _recount_provinces(cursor, parameters)


def lock_province(implementation_id):
    """Queue this transaction behind every other one recounting the rollups of the implementation's province.

    Report writers call it before taking any other lock, so that they all lock in one
    order: province, then report and implementation. It is FOR NO KEY UPDATE, which does
    not conflict with the key-share locks of rows that refer to the province (a decree
    signing inserts mentorships of the province while it holds BLK-K rows).
    """
    province = Province.objects.select_for_update(no_key=True, of=("self",))
    list(province.filter(regencies__blkks__implementations=implementation_id).values_list("pk", flat=True))


def report_changed(report):
    """Recount the report's BLK-K in the report's roadmap; called in the transaction of the change."""
    lock_province(report.implementation_id)  # held already when the caller followed the lock order
    blkk_id = Implementation.objects.filter(pk=report.implementation_id).values_list("blkk_id", flat=True).get()
    roadmap_id = ReportingPeriod.objects.filter(pk=report.period_id).values_list("roadmap_id", flat=True).get()
    refresh(roadmap_id, blkk_id, blkk_id)


def rebuild(roadmap=None):
    """Recount every row of one roadmap (a Roadmap or its id), or of all roadmaps, in one transaction.

    For bulk loads that bypass the services (demo data, the benchmark). Returns the rows written.
    """
    if roadmap is None:
        roadmap_ids = list(Roadmap.objects.order_by("pk").values_list("pk", flat=True))
    else:
        roadmap_ids = [getattr(roadmap, "pk", roadmap)]
    blkk_ids = list(Blkk.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        _lock_provinces(Province.objects.all())
        # Everything is recounted from the sources here: refreshes still waiting have nothing
        # left to do (their tasks find no row and stop).
        RollupRefresh.objects.waiting().filter(roadmap_id__in=roadmap_ids).delete()
        _analyze()
        for roadmap_id in roadmap_ids:
            # Rows of BLK-Ks that no longer exist go with the cascade; the chunks cover every id.
            for start in range(0, len(blkk_ids), CHUNK):
                chunk = blkk_ids[start : start + CHUNK]
                refresh(roadmap_id, chunk[0], chunk[-1], provinces=False)
            # Every province at once, from the finished BLK-K rows (and none left from deleted BLK-Ks).
            with connection.cursor() as cursor:
                every = _sql("SELECT code FROM {province}", province=Province._meta.db_table)
                _recount_provinces(cursor, _parameters(roadmap_id, None, None), provinces=every)
        # The same loads bypass the review queue's table, the programmes' status counts and
        # the national count of assessed levels too.
        pending.refill()
        programme_status.recount(roadmap_ids)
        for roadmap_id in roadmap_ids:
            levels.recount(roadmap_id)
    return PeriodRollup.objects.filter(period__roadmap_id__in=roadmap_ids).count()


def _lock_provinces(provinces):
    """Lock province rows in code order, the one order in which recounts of several provinces lock them."""
    list(provinces.select_for_update(no_key=True).order_by("code").values_list("pk", flat=True))


def _analyze():
    """Refresh PostgreSQL's statistics of the source tables after a bulk load.

    Without them the planner takes a freshly loaded table for nearly empty and joins a
    chunk of BLK-Ks with nested loops that take minutes instead of seconds.
    """
    if connection.vendor != "postgresql":
        return
    tables = [ReportingPeriod, Implementation, Programme, StatusReport]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(model._meta.db_table for model in tables))
    _sort_in_memory()


def _sort_in_memory():
    """Until the transaction ends, PostgreSQL sorts a chunk's few hundred thousand rows in memory, not on disk."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '128MB'")


def refresh_blkks(roadmap_id, blkk_ids):
    """Recount the rows of exactly these BLK-Ks in one roadmap, then their provinces' rows; returns how many.

    The BLK-Ks are recounted in runs of consecutive ids (all of them in the set, at most
    CHUNK per run), each run in its own transaction that locks only its provinces, so
    report writers elsewhere never wait and those in a run's province wait for one run.
    Each province's rows are recounted last, once, under that province's lock.
    """
    wanted = set(blkk_ids)
    if not wanted:
        return 0
    touched = set()
    for first, last in _runs(Blkk.objects.order_by("pk").values_list("pk", flat=True).iterator(), wanted):
        with transaction.atomic():
            codes = set(Blkk.objects.filter(pk__range=(first, last)).values_list("regency__province", flat=True))
            _lock_provinces(Province.objects.filter(code__in=codes))
            _sort_in_memory()
            refresh(roadmap_id, first, last, provinces=False)
        touched |= codes
    refresh_provinces(roadmap_id, touched)
    return len(wanted)


def refresh_provinces(roadmap_id, codes):
    """Recount the province rows of one roadmap from its BLK-K rows, a province per transaction under its lock.

    A province left without BLK-Ks loses its rows.
    """
    for code in sorted(codes):
        with transaction.atomic():
            _lock_provinces(Province.objects.filter(code=code))
            parameters = {**_parameters(roadmap_id, None, None), "province": code}
            with connection.cursor() as cursor:
                _recount_provinces(cursor, parameters, provinces="%(province)s")


def _runs(all_ids, wanted):
    """Yield (first, last) for each stretch of `all_ids` (ascending) that holds only wanted ids, CHUNK at most."""
    first = last = None
    size = 0
    for pk in all_ids:
        if pk in wanted and size < CHUNK:
            first = pk if first is None else first
            last, size = pk, size + 1
            continue
        if first is not None:
            yield first, last
        first, last, size = (pk, pk, 1) if pk in wanted else (None, None, 0)
    if first is not None:
        yield first, last


def refresh_programme(programme_id):
    """Recount the BLK-Ks that carry out one programme (the only rows its dates can change)."""
    roadmap_id = Roadmap.objects.filter(pillars__programmes=programme_id).values_list("pk", flat=True).first()
    if roadmap_id is None:
        return 0
    blkk_ids = Implementation.objects.filter(programme_id=programme_id).values_list("blkk_id", flat=True)
    return refresh_blkks(roadmap_id, blkk_ids.iterator())


def refresh_roadmap(roadmap_id):
    """Recount every BLK-K with an implementation in the roadmap (after its periods changed)."""
    blkk_ids = Implementation.objects.filter(programme__pillar__roadmap=roadmap_id).values_list("blkk_id", flat=True)
    return refresh_blkks(roadmap_id, blkk_ids.distinct().iterator())


def schedule_refresh(roadmap_id, programme_id=None):
    """Ask the background worker to recount a programme's BLK-Ks (or the whole roadmap), in the caller's transaction.

    A refresh of the same thing still waiting to start covers this change too: it will
    read the rows as they are when it runs, so no second one is queued.
    """
    from .tasks import refresh_rollups

    waiting = RollupRefresh.objects.waiting().filter(roadmap_id=roadmap_id)
    if waiting.filter(programme__isnull=True).exists():
        return None
    if programme_id is not None and waiting.filter(programme_id=programme_id).exists():
        return None
    refresh = RollupRefresh.objects.create(roadmap_id=roadmap_id, programme_id=programme_id)
    refresh_rollups.enqueue(refresh.pk)
    return refresh


def _period_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"locked"}:
        return  # Locking takes no reports in; it changes no number.
    roadmap_id = instance.roadmap_id
    if kwargs.get("signal") is post_delete:
        # After the commit: the period may be going with its whole roadmap.
        transaction.on_commit(lambda: _refresh_if_roadmap_exists(roadmap_id))
    else:
        schedule_refresh(roadmap_id)


def _refresh_if_roadmap_exists(roadmap_id):
    with transaction.atomic():
        if Roadmap.objects.filter(pk=roadmap_id).exists():
            schedule_refresh(roadmap_id)


def _programme_changed(sender, instance, **kwargs):
    roadmap_id = Roadmap.objects.filter(pillars=instance.pillar_id).values_list("pk", flat=True).first()
    if roadmap_id is not None:
        schedule_refresh(roadmap_id, instance.pk)


def _participants_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Programme):
        _programme_changed(sender, instance)


def _field_deleted(sender, instance, **kwargs):
    """A deleted vocational field leaves its BLK-Ks' links with it: recount every province's sums by field.

    Those that trained in no other field now count under none. Deleting a field is a rare
    admin act; every province of every roadmap is a few hundred milliseconds at national scale.
    """
    codes = set(Province.objects.values_list("pk", flat=True))
    for roadmap_id in Roadmap.objects.order_by("pk").values_list("pk", flat=True):
        refresh_provinces(roadmap_id, codes)


def connect_signals():
    """Queue a recount when a roadmap's periods or programmes change (they decide what is running).

    A deleted vocational field changes the sums by field at once (`_field_deleted`).
    New implementations come in bulk (`services.ensure_implementations`), which sends no
    signal: that function calls `schedule_refresh` itself.
    """
    for signal in (post_save, post_delete):
        signal.connect(_period_changed, sender=ReportingPeriod, dispatch_uid="rollups-period")
    # A programme with implementations cannot be deleted (PROTECT): only saves change numbers.
    post_save.connect(_programme_changed, sender=Programme, dispatch_uid="rollups-programme")
    m2m_changed.connect(_participants_changed, sender=Programme.participants.through, dispatch_uid="rollups-chosen")
    post_delete.connect(_field_deleted, sender=VocationalField, dispatch_uid="rollups-field-deleted")
