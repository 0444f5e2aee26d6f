"""BLK-Ks by assessed level at each reporting period's end: the rule, and its national rollup.

A BLK-K counts at its latest assessment as of a period's end (`LEVEL_TREND`, one SQL
statement). The dashboards run it for any scope; for the whole nation they read
`LevelRollup`, the same statement's rows kept for every period. Those rows depend only
on the assessments and the periods' end dates (a BLK-K's province does not matter), so
they are recounted in the transaction of every classification recorded or removed and
every period saved, and by `rollups.rebuild()` after bulk loads. A roadmap's recount
locks its row first, so two recounts never interleave their deletes and inserts.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from .models import Classification, LevelRollup, ReportingPeriod, Roadmap

# Each assessment counts for its level from the day it is made until the BLK-K's next
# assessment replaces it: +1 on the first day, -1 on the second. A level's count at a
# period's end is the sum of its changes up to that day. Summing the changes per day
# first keeps the join with the periods small (days × levels, not assessments × periods).
LEVEL_TREND = """
WITH assessed AS (
    SELECT c.level, c.assessed_on,
           LEAD(c.assessed_on) OVER (PARTITION BY c.blkk_id ORDER BY c.assessed_on, c.id) AS next_on
    FROM {classification} c {scope}
), changes AS (
    SELECT assessed_on AS day, level, 1 AS delta FROM assessed
    UNION ALL
    SELECT next_on AS day, level, -1 AS delta FROM assessed WHERE next_on IS NOT NULL
), daily AS (
    SELECT day, level, SUM(delta) AS delta FROM changes GROUP BY day, level
)
SELECT p.id, d.level, CAST(SUM(d.delta) AS INTEGER)
FROM {period} p JOIN daily d ON d.day <= p.ends_on
WHERE p.roadmap_id = %s
GROUP BY p.id, d.level
HAVING SUM(d.delta) <> 0
"""


def _sql(scope=""):
    tables = {"classification": Classification._meta.db_table, "period": ReportingPeriod._meta.db_table}
    return LEVEL_TREND.format(scope=scope, **tables)


def counted(blkks, roadmap_id):
    """{period id: {level: count}} for the BLK-Ks of `blkks` (a queryset), by `LEVEL_TREND`. One query."""
    scope, parameters = "", []
    if blkks.query.has_filters():  # every BLK-K needs no condition: an assessment always has its BLK-K
        try:
            inner, parameters = blkks.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a scope that is empty by construction: nothing to count
            return {}
        scope = f"WHERE c.blkk_id IN ({inner})"
    counts = {}
    with connection.cursor() as cursor:
        cursor.execute(_sql(scope), [*parameters, roadmap_id])
        for period_id, level, count in cursor.fetchall():
            counts.setdefault(period_id, {})[level] = count
    return counts


def national(roadmap_id):
    """{period id: {level: count}} of every BLK-K, from the rollup: what `counted` gives for all of them."""
    counts = {}
    for period_id, level, count in LevelRollup.objects.of_roadmap(roadmap_id).values_list("period", "level", "count"):
        counts.setdefault(period_id, {})[level] = count
    return counts


def recount(roadmap_id):
    """Recount the national rows of one roadmap's periods, in the caller's transaction."""
    with transaction.atomic():
        if not Roadmap.objects.select_for_update(no_key=True).filter(pk=roadmap_id).exists():
            return  # going with its whole roadmap
        LevelRollup.objects.of_roadmap(roadmap_id).delete()
        table = LevelRollup._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} (period_id, level, count) {_sql()}", [roadmap_id])  # noqa: S608


def recount_all():
    for roadmap_id in Roadmap.objects.order_by("pk").values_list("pk", flat=True):
        recount(roadmap_id)


def _assessment_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return  # fixtures load without the rollups; rollups.rebuild() recounts after them
    recount_all()  # assessments count in every roadmap's periods; they are few and rare


def _period_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if update_fields is not None and "ends_on" not in update_fields:
        return  # only the end date decides a period's counts
    recount(instance.roadmap_id)


def connect_signals():
    """Called from RoadmapConfig.ready(). A deleted period takes its rows with it; the others keep theirs."""
    for signal in (post_save, post_delete):
        signal.connect(_assessment_changed, sender=Classification, dispatch_uid="levels-assessment")
    post_save.connect(_period_saved, sender=ReportingPeriod, dispatch_uid="levels-period")
