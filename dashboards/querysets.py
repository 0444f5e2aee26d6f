"""The dashboards' numbers: each function is one SQL aggregate, whatever the number of rows.

Every number starts from `blkks_in_view`, the BLK-Ks the reader may see reports of
(`BlkkScope.reports()`: ministry and admins all, mentors their scope, board members
their forum's, managers their own), narrowed by the page (province, forum, centre) and
the filters. Reporting numbers come from `PeriodRollup` rows of those BLK-Ks, never
from the reports themselves (ARCHITECTURE.md rule 4).
"""

from django.db.models import Count, Exists, F, FilteredRelation, Q
from django.utils import timezone

from accounts.roles import sees_everything
from forum.models import Forum
from forum.querysets import MentorState
from registry.models import Blkk, FieldTally, ProvinceTally
from roadmap import levels
from roadmap.models import (
    ROLLUP_COUNTS,
    FieldRollup,
    HostTypeRollup,
    PeriodRollup,
    Programme,
    ProvinceRollup,
    Roadmap,
    RollupRefresh,
)
from roadmap.querysets import BlkkScope

Level = Blkk.Level


def main_roadmap(user):
    """The roadmap the dashboards follow: the national forum's adopted one, else the latest roadmap."""
    roadmaps = Roadmap.objects.visible_to(user).select_related("forum").order_by("-start_year", "-pk")
    national = roadmaps.filter(forum__kind=Forum.Kind.NATIONAL, status=Roadmap.Status.ADOPTED).first()
    return national or roadmaps.first()


def is_filtered(form):
    """Whether the reader narrowed the dashboard with a filter that changes which BLK-Ks count."""
    return bool(form.kept("province", "regency", "host_type", "field", "level"))


def turns_away(user, counts, form):
    """The dashboards' rule beyond the place's own visibility, for the pages and the API alike.

    A reader with none of the place's BLK-Ks in their scope is refused (403), unless they
    see everything or it was their own filter that left nothing to count.
    """
    return not (counts["total"] or sees_everything(user) or is_filtered(form))


def scoped_blkks(user):
    """The BLK-Ks whose reporting the user may see: the widest a dashboard of theirs can count."""
    return Blkk.objects.filter(BlkkScope(user).reports())


def forum_condition(forum):
    if forum.kind == Forum.Kind.NATIONAL:
        return Q()
    return Q(regency__province_id=forum.province_id)


def blkks_in_view(user, form, *, province=None, forum=None, centre=None):
    """The scoped BLK-Ks narrowed by the page's place and the valid filters (one lazy queryset).

    A narrower scope than everything is read once (one query, at most a few hundred ids
    for a mentor centre): the page's dozen aggregates then filter on those ids instead of
    each re-deciding the scope through its mentorship subqueries.
    """
    if sees_everything(user):
        blkks = Blkk.objects.all()
    else:
        blkks = Blkk.objects.filter(pk__in_array=list(scoped_blkks(user).values_list("pk", flat=True)))
    province = province or form.value("province")
    forum = forum or form.value("forum")
    centre = centre or form.value("centre")
    if province:
        blkks = blkks.filter(regency__province_id=getattr(province, "pk", province))
    if forum:
        blkks = blkks.filter(forum_condition(forum))
    if centre:
        blkks = blkks.mentored_by_centre(centre)  # the registry's one rule, as on the centre's own page
    lookups = {
        "regency": "regency_id",
        "host_type": "host_type__code",
        "field": "vocational_fields__code",
        "level": "level",
        "status": "status",
    }
    for name, lookup in lookups.items():
        if form.value(name):
            blkks = blkks.filter(**{lookup: form.value(name)})
    if form.value("q"):
        blkks = blkks.search(form.value("q"))
    return blkks


def blkk_counts(blkks, rollups=None):
    """`total`, a count per level (keyed by Level value) and per operating status (keyed `status_<value>`).

    Where `rollups` answer for whole provinces, the provinces' tallies give the same counts.
    """
    if rollups is not None and rollups.whole_provinces:
        return ProvinceTally.objects.in_province(rollups.province).counts()
    levels = {level.value: Count("pk", filter=Q(level=level)) for level in Level}
    statuses = {f"status_{status.value}": Count("pk", filter=Q(status=status)) for status in Blkk.Status}
    return blkks.aggregate(total=Count("pk"), **levels, **statuses)


def forum_states(forums, on=None):
    """{MentorState value: count} of the forums, in one grouped query."""
    rows = forums.with_mentor_state(on).order_by().values("mentor_state").annotate(count=Count("pk"))
    counts = dict.fromkeys(MentorState.values, 0)
    counts.update({row["mentor_state"]: row["count"] for row in rows})
    return counts


def forums_in_view(user, blkks, province=None):
    """Forums a dashboard lists: all for national readers, else the provincial forums of the BLK-Ks in view."""
    forums = Forum.objects.visible_to(user)
    if province:
        return forums.filter(province_id=getattr(province, "pk", province))
    if sees_everything(user):
        return forums
    provinces = blkks.order_by().values("regency__province_id")
    return forums.filter(Q(province_id__in=provinces) | Q(pk__in=Forum.objects.manageable_by(user).values("pk")))


# What the breakdown tables sum; a period's totals (and the trend) sum every column.
TABLE_COUNTS = ["running", "reported", "on_time", "stalled"]


# The province tallies that count the BLK-Ks of a breakdown by a BLK-K field: (model, its key column).
TALLIED = {
    "regency__province_id": (ProvinceTally, "province_id"),
    "host_type__code": (ProvinceTally, "host_type__code"),
    "vocational_fields__code": (FieldTally, "field__code"),
}

# The province sums that answer a breakdown by a BLK-K field: (model, its key column).
SLICED = {
    "regency__province_id": (ProvinceRollup, "province_id"),
    "host_type__code": (HostTypeRollup, "host_type__code"),
    "vocational_fields__code": (FieldRollup, "field__code"),
}


class Rollups:
    """Where reporting numbers are summed from.

    Per-BLK-K rows (`PeriodRollup`) answer any scope and filter. When the reader sees
    everything and asks for whole provinces (all of them, or one), the provinces' sums
    (`ProvinceRollup`, 38 rows a period, and the same split by host type or by field)
    give the same numbers for far less work.
    """

    def __init__(self, blkks, *, whole_provinces=False, province=None):
        self.blkks = blkks
        self.whole_provinces = whole_provinces
        self.province = province

    def rows(self):
        if self.whole_provinces:
            return ProvinceRollup.objects.in_province(self.province)
        return PeriodRollup.objects.of_blkks(self.blkks)

    def sums(self, names):
        return self.rows().model.objects.sums(names)

    def totals(self, period):
        return self.rows().filter(period=period).aggregate(**self.sums(ROLLUP_COUNTS))

    def per_period(self, roadmap):
        rows = self.rows().filter(period__roadmap=roadmap).order_by().values("period_id")
        return rows.annotate(**self.sums(ROLLUP_COUNTS))

    def sums_provinces(self, key):
        """Whether the provinces' sums (and tallies) answer a breakdown by this BLK-K field."""
        return self.whole_provinces and key in SLICED

    def counts_by(self, key):
        """{value of `key`: {"total", <level>...}} from the province tallies; see `sums_provinces`."""
        model, column = TALLIED[key]
        rows = model.objects.in_province(self.province).order_by().values(column)
        return {row.pop(column): row for row in rows.annotate(**model.objects.level_sums())}

    def per_group(self, period, key):
        """(value of `key`, sums) from the province sums of the period; see `sums_provinces`."""
        model, column = SLICED[key]
        rows = model.objects.in_province(self.province).filter(period=period)
        for row in rows.order_by().values(column).annotate(**model.objects.sums(TABLE_COUNTS)):
            yield row.pop(column), row


# Filters on a BLK-K's own attributes: with any of them, whole provinces no longer answer.
BLKK_FILTERS = ("regency", "host_type", "field", "level", "status", "q", "centre")


def rollups_for(user, form, blkks, *, province=None, forum=None, centre=None):
    """The Rollups that answer this page: provinces' sums where they can, else the BLK-Ks' rows."""
    forum = forum or form.value("forum")
    whole = sees_everything(user) and centre is None and not any(form.value(name) for name in BLKK_FILTERS)
    place = getattr(province, "pk", province) or form.value("province")
    if forum is not None and forum.kind == Forum.Kind.PROVINCIAL:
        if place and place != forum.province_id:
            whole = False  # a forum and another province: no BLK-K is in both; count the rows
        place = forum.province_id
    return Rollups(blkks, whole_provinces=whole, province=place)


# The rollup sum that counts the implementations of each list state (dashboards.states):
# (column added, column subtracted). Tests hold each to the list's own count.
STATE_SUMS = {
    "running": ("running", None),
    "reported": ("reported", None),
    "on_time": ("on_time", None),
    "late": ("reported", "on_time"),
    "missing": ("running", "reported"),
    "approved": ("approved", None),
    "pending": ("pending", None),
    "returned": ("returned", None),
    "stalled": ("stalled", None),
}


def state_count(rollups, period, state):
    """How many implementations are in `state` in the period, summed from the rollups; None when they cannot say.

    The list of such implementations would otherwise count them with COUNT(*) over an
    anti-join of every running implementation with its reports (0.4 s at national scale).
    The rollups do not answer while a recount is outstanding for the roadmap (their rows
    may lag the list; the filter leaves no row then), nor for a scope without rows: the
    caller counts the list itself, which is cheap when it is empty.
    """
    added, subtracted = STATE_SUMS[state]
    refreshing = RollupRefresh.objects.filter(roadmap_id=period.roadmap_id)
    rows = rollups.rows().filter(~Exists(refreshing), period=period)
    totals = rows.aggregate(**rollups.sums([added] + ([subtracted] if subtracted else [])))
    if not totals["blkk_count"]:
        return None
    return totals[added] - (totals[subtracted] if subtracted else 0)


def reporting_totals(rollups, period):
    """The period's rollup summed over the BLK-Ks, plus `missing`, `late` and the shares."""
    return _with_derived(rollups.totals(period))


def period_totals(rollups, roadmap, periods):
    """{period id: its `reporting_totals`} for each of the periods, from one query grouped by period.

    A dashboard shows the chosen period's totals and the trend of every period: one
    query answers both.
    """
    by_period = {row.pop("period_id"): row for row in rollups.per_period(roadmap)}
    nothing = {**dict.fromkeys(ROLLUP_COUNTS, 0), "blkk_count": 0, "score": None}  # as a sum over no rows
    return {period.pk: _with_derived(by_period.get(period.pk, dict(nothing))) for period in periods}


def _with_derived(row):
    row["missing"] = row["running"] - row["reported"]
    row["late"] = row["reported"] - row["on_time"]
    row["completeness"] = _share(row["reported"], row["running"])
    row["timeliness"] = _share(row["on_time"], row["reported"])
    return row


def _share(part, whole):
    return None if not whole else round(100 * part / whole, 1)


def trend(totals, periods):
    """One row per period, oldest first: its `period_totals` with the period's id and label."""
    return [{"period_id": period.pk, "period__label": period.label, **totals[period.pk]} for period in periods]


def level_trend(blkks, roadmap, rollups=None):
    """{period id: {level: count}}: BLK-Ks by their latest assessment as of each period's end. One query.

    For every BLK-K (`rollups` of whole provinces, all of them) the national rollup answers.
    """
    if rollups is not None and rollups.whole_provinces and rollups.province is None:
        return levels.national(roadmap.pk)
    return levels.counted(blkks, roadmap.pk)


def programme_states(roadmap, on=None):
    """Programmes of the roadmap by timeframe on the day: `upcoming`, `running`, `ended`, `total`."""
    on = on or timezone.localdate()
    return Programme.objects.filter(pillar__roadmap=roadmap).aggregate(
        total=Count("pk"),
        upcoming=Count("pk", filter=Q(starts_on__gt=on)),
        running=Count("pk", filter=Q(starts_on__lte=on, ends_on__gte=on)),
        ended=Count("pk", filter=Q(ends_on__lt=on)),
    )


BREAKDOWNS = {
    "province": "regency__province_id",
    "regency": "regency_id",
    "host_type": "host_type__code",
    "field": "vocational_fields__code",
}


def breakdown(blkks, rollups, period, by):
    """{key: row} per province, regency, host type or vocational field. One or two grouped queries.

    Each row holds the BLK-K counts (total and per level) and the period's rollup sums. A
    BLK-K with several vocational fields counts under each; one with none under None. A
    row whose BLK-Ks have no rollup row in the period has no sums.
    """
    key = BREAKDOWNS[by]
    counts = {"total": Count("pk"), **{level.value: Count("pk", filter=Q(level=level)) for level in Level}}
    if period is not None and not rollups.sums_provinces(key):
        # Each BLK-K with its rollup row of the period (a LEFT JOIN, so BLK-Ks without one
        # still count): the counts and the sums in one pass over the BLK-Ks.
        joined = blkks.annotate(
            period_row=FilteredRelation("period_rollups", condition=Q(period_rollups__period=period))
        )
        sums = PeriodRollup.objects.sums(TABLE_COUNTS, through="period_row__")
        rows = {}
        for row in joined.order_by().values(key).annotate(**counts, **sums):
            value = row.pop(key)
            if row["blkk_count"]:
                rows[value] = _with_derived(row)
            else:
                rows[value] = {name: row[name] for name in counts}
        return rows
    if rollups.sums_provinces(key):
        rows = rollups.counts_by(key)
    else:
        rows = {row.pop(key): row for row in blkks.order_by().values(key).annotate(**counts)}
    if period is not None:
        for value, sums in rollups.per_group(period, key):
            rows.setdefault(value, {"total": 0}).update(_with_derived(sums))
    return rows


def centre_backlog(blkks):
    """Reports of the BLK-Ks awaiting a mentor's review, in every period of every roadmap."""
    return PeriodRollup.objects.of_blkks(blkks).totals(["pending_reports"])["pending_reports"]


def per_blkk_rollup(blkks, period):
    """Annotate each BLK-K with its rollup row of the period (running, reported, ..., score): a LEFT JOIN.

    A BLK-K has at most one row a period (roadmap_periodrollup_one_per_period_blkk); one
    without gets NULLs.
    """
    joined = blkks.annotate(period_row=FilteredRelation("period_rollups", condition=Q(period_rollups__period=period)))
    names = ["running", "reported", "on_time", "approved", "pending", "returned", "stalled", "score"]
    return joined.annotate(**{f"period_{name}": F(f"period_row__{name}") for name in names})
