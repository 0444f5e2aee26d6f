"""Keeping `ProgrammeStatusRollup` equal to a count of implementations by programme and reported status.

- `status_changed(programme_id, old, new)`: a report moved an implementation from one
  status to another (`services.submit_report`), in the transaction of the report;
- `joined(programme_id, count)`: new implementations, which start as not started
  (`services.ensure_implementations`), in the transaction that makes them;
- `recount(roadmap_ids=None)`: the rows of some roadmaps (or all) from scratch, one
  INSERT … SELECT, for bulk loads that bypass the services (`rollups.rebuild`) and in
  the migration that made the table;
- `reconcile()`: recounts the programmes whose rows disagree with their implementations,
  for the nightly task (`tasks.reconcile_status_counts`) and operators after a deploy (a
  server of the previous release, still running while a deploy migrates, changes
  statuses without counting them).

One row counts a programme's implementations in one status across the nation, so report
writers in different provinces meet on it. Each change is one UPDATE (an INSERT that
becomes one on conflict) holding the row until commit: concurrent changes queue, none is
lost. A writer changing two rows takes them in status order, so two reports moving the
same programme's implementations in opposite directions cannot deadlock, and writes them
last in its transaction, to hold them as briefly as possible.
"""

from django.db import connection, transaction
from django.db.models import Count

from registry.models import Province

from .models import Implementation, Programme, ProgrammeStatusRollup

# %(x)s placeholders are filled by the database driver; {names} are Django's. A count that
# would go below 0 (only when the rows were already wrong) stays at 0 until a reconcile.
ADD = """
INSERT INTO {rollup} (programme_id, status, {count}) VALUES (%(programme)s, %(status)s, %(start)s)
ON CONFLICT (programme_id, status) DO UPDATE
SET {count} = CASE WHEN {rollup}.{count} + %(delta)s < 0 THEN 0 ELSE {rollup}.{count} + %(delta)s END
"""

RECOUNT = """
INSERT INTO {rollup} (programme_id, status, {count})
SELECT i.programme_id, i.status, COUNT(*) FROM {implementation} i
WHERE i.programme_id IN ({programmes})
GROUP BY i.programme_id, i.status
"""


def _sql(template, **names):
    quote = connection.ops.quote_name
    return template.format(
        rollup=quote(ProgrammeStatusRollup._meta.db_table),
        implementation=quote(Implementation._meta.db_table),
        count=quote("count"),
        **names,
    )


def add(programme_id, changes):
    """Add each delta of {status: delta} to the programme's row of that status, in status order."""
    with connection.cursor() as cursor:
        for status, delta in sorted(changes.items()):
            if delta:
                parameters = {"programme": programme_id, "status": status, "delta": delta, "start": max(delta, 0)}
                cursor.execute(_sql(ADD), parameters)


def status_changed(programme_id, old, new):
    """One implementation of the programme went from status `old` to `new` (nothing to do when they are equal)."""
    if old != new:
        add(programme_id, {old: -1, new: 1})


def joined(programme_id, count):
    """`count` new implementations of the programme, all not started."""
    add(programme_id, {Implementation.Status.NOT_STARTED: count})


def recount(roadmap_ids=None):
    """Empty and refill the rows of the roadmaps' programmes (all programmes by default); returns the rows written."""
    programmes = Programme.objects.all()
    if roadmap_ids is not None:
        programmes = programmes.filter(pillar__roadmap__in=roadmap_ids)
    return _recount(programmes)


def _recount(programmes):
    ProgrammeStatusRollup.objects.filter(programme__in=programmes.values("pk")).delete()
    subquery, parameters = programmes.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_sql(RECOUNT, programmes=subquery), parameters)
        return cursor.rowcount


def reconcile():
    """Recount the programmes whose rows disagree with a live count; returns how many were mended.

    Safe beside live reports: every province is locked first (in code order, as the
    rollups lock them), which report writers take before anything else, and then every
    programme, which `ensure_implementations` holds while it adds rows; so no change is
    half-counted while the live count is read. A national count is one index-only scan.
    """
    with transaction.atomic():
        list(Province.objects.select_for_update(no_key=True).order_by("code").values_list("pk", flat=True))
        list(Programme.objects.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True))
        live = Implementation.objects.values_list("programme_id", "status").annotate(count=Count("*")).order_by()
        live = {(programme, status): count for programme, status, count in live}
        stored = ProgrammeStatusRollup.objects.filter(count__gt=0).values_list("programme_id", "status", "count")
        stored = {(programme, status): count for programme, status, count in stored}
        stale = {key[0] for key in live.keys() | stored.keys() if live.get(key) != stored.get(key)}
        if stale:
            _recount(Programme.objects.filter(pk__in=stale))
    return len(stale)
