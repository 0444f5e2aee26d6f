"""Rollup tables that the dashboards read instead of counting reports live.

At national scale (300,000 implementations, 1.2 million reports) counting reports per
page view is too slow on a small machine (ARCHITECTURE.md rule 4). One row per BLK-K and
reporting period holds what that BLK-K's reporting amounted to in the period; the
dashboards sum a period's rows (at most one per BLK-K) with whatever filter or scope
they need, joined to the BLK-K. `roadmap.rollups` keeps the rows current inside the
transaction of every report submission and review, so they never disagree with the
reports they summarise.

Source and oracle: for the dashboards these rows are the source of every count and
score. The rules they apply are also written in Python, row by row: the reporting states
in `dashboards.states` and the score in `roadmap.scoring`, which the lists and BLK-K pages
use and which serve as the oracle. tests/dashboards/test_rollups_oracle.py holds the
rows (and the province sums) equal to them on random worlds.

Beside them, `ProgrammeStatusRollup` counts each programme's implementations by their
latest reported status for the roadmap page (kept by `roadmap.programme_status`), and
`PendingReview` lists the reports the review queue reads (kept by `roadmap.pending`).
"""

from django.db import models
from django.db.models import Avg, Count, Min, Q, Sum
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from registry.lookups import InArray
from registry.models import Blkk

from ..querysets import REVIEW_WAIT_DAYS, waiting_cutoff
from .plans import Programme
from .reporting import STATUSES, Implementation

ROLLUP_COUNTS = [
    "running",
    "reported",
    "on_time",
    "approved",
    "pending",
    "returned",
    "stalled",
    "pending_reports",
    "not_started",
    "in_progress",
    "done",
    "blocked",
    "not_applicable",
]


class PeriodRollupQuerySet(models.QuerySet):
    def of_blkks(self, blkks):
        """Rows of the given BLK-Ks (a queryset, read as a subquery)."""
        return self.filter(blkk__in=blkks.values("pk"))

    @staticmethod
    def sums(names=ROLLUP_COUNTS, through=""):
        """Aggregate expressions: the named counts summed, `blkk_count` and the mean `score` of the rows.

        For `aggregate()` (one total) or `values(...).annotate()` (one row per group); sums
        of no rows are 0, not NULL. `through` prefixes the fields, for rows reached from
        another model (e.g. "period_row__" from a BLK-K).
        """
        totals = {name: Coalesce(Sum(f"{through}{name}"), 0) for name in names}
        return {**totals, "blkk_count": Count(f"{through}blkk_id"), "score": Avg(f"{through}score")}

    def totals(self, names=ROLLUP_COUNTS):
        return self.aggregate(**self.sums(names))


class ProvinceRollupQuerySet(models.QuerySet):
    def in_province(self, code):
        """Rows of one province (a code), or of all without one."""
        return self.filter(province_id=code) if code else self

    @staticmethod
    def sums(names=ROLLUP_COUNTS):
        """The same keys as PeriodRollupQuerySet.sums(), from rows that already sum BLK-K rows (ProvinceSums)."""
        totals = {name: Coalesce(Sum(name), 0) for name in names}
        mean = Cast(Sum("score_sum"), models.FloatField()) / NullIf(Sum("score_count"), 0)
        return {**totals, "blkk_count": Coalesce(Sum("blkk_count"), 0), "score": mean}

    def totals(self, names=ROLLUP_COUNTS):
        return self.aggregate(**self.sums(names))


class RollupCounts(models.Model):
    """The counts a rollup row holds, for one BLK-K or summed over a province."""

    # Implementations whose programme runs in the period: the reports expected.
    running = models.PositiveIntegerField(_("running implementations"), default=0)
    # Of those, the ones with a pending or approved report in the period (a returned one does not count).
    reported = models.PositiveIntegerField(_("reported"), default=0)
    # Reported with at least one such report sent by the due date.
    on_time = models.PositiveIntegerField(_("reported on time"), default=0)
    approved = models.PositiveIntegerField(_("with an approved report"), default=0)
    pending = models.PositiveIntegerField(_("with a report awaiting review"), default=0)
    # Returned and not yet resubmitted: the manager owes a correction.
    returned = models.PositiveIntegerField(_("returned, awaiting resubmission"), default=0)
    # Running in this period and the one before, with no approved report in either.
    stalled = models.PositiveIntegerField(_("stalled"), default=0)
    # Reports (not implementations) of the period still awaiting a mentor's review.
    pending_reports = models.PositiveIntegerField(_("reports awaiting review"), default=0)
    # The approved status as of the period (latest approved report up to it) of all the
    # BLK-K's implementations in the roadmap; without an approved report: not started.
    not_started = models.PositiveIntegerField(_("not started"), default=0)
    in_progress = models.PositiveIntegerField(_("in progress"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    blocked = models.PositiveIntegerField(_("blocked"), default=0)
    not_applicable = models.PositiveIntegerField(_("not applicable"), default=0)

    class Meta:
        abstract = True


class PeriodRollup(RollupCounts):
    """One BLK-K's reporting in one period, and its approved state as of that period."""

    # Neither key has an index of its own: the unique (period, BLK-K) and the BLK-K index
    # below begin with them, and every index more is written again by each recount.
    period = models.ForeignKey(
        "roadmap.ReportingPeriod",
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    # `period_rollups` lets a BLK-K query join its row of one period (FilteredRelation), so
    # a breakdown counts BLK-Ks and sums their rollups in one pass.
    blkk = models.ForeignKey(
        Blkk, verbose_name=_("BLK-K"), on_delete=models.CASCADE, related_name="period_rollups", db_index=False
    )
    # The roadmap score as of the period (roadmap.scoring's rule), unrounded; NULL when nothing counts.
    score = models.FloatField(_("roadmap score"), null=True, blank=True)

    objects = PeriodRollupQuerySet.as_manager()

    class Meta:
        verbose_name = _("period rollup")
        verbose_name_plural = _("period rollups")
        ordering = ["period", "blkk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "blkk"],
                name="roadmap_periodrollup_one_per_period_blkk",
                violation_error_message=_("A BLK-K has one rollup row per period."),
            ),
            models.CheckConstraint(
                condition=models.Q(reported__lte=models.F("running")) & models.Q(on_time__lte=models.F("reported")),
                name="roadmap_periodrollup_counts_nested",
                violation_error_message=_("Reported implementations are a subset of the running ones."),
            ),
        ]
        indexes = [
            # Some BLK-Ks' rows of every period with all they hold (a mentor's scope: its trend, its
            # backlog): read from the index alone, where each BLK-K's rows lie together, instead
            # of one heap page per row.
            models.Index(fields=["blkk", "period", *ROLLUP_COUNTS, "score"], name="roadmap_rollup_blkk_sums_idx"),
            # A period's rows with the columns the dashboards' breakdowns sum: PostgreSQL reads
            # them from the index alone instead of from ~1,100 heap pages scattered by the writes.
            models.Index(
                fields=["period", "blkk", "running", "reported", "on_time", "stalled", "score"],
                name="roadmap_rollup_period_sums_idx",
            ),
        ]

    def __str__(self):
        return f"{self.blkk_id} · {self.period_id}"


class ProvinceSums(RollupCounts):
    """PeriodRollup rows of one province's BLK-Ks in one period, summed (with their count and scores)."""

    period = models.ForeignKey(
        "roadmap.ReportingPeriod", verbose_name=_("reporting period"), on_delete=models.CASCADE, related_name="+"
    )
    province = models.ForeignKey(
        "registry.Province", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    blkk_count = models.PositiveIntegerField(_("BLK-Ks with a rollup row"), default=0)
    score_sum = models.FloatField(_("sum of the BLK-Ks' scores"), default=0)
    score_count = models.PositiveIntegerField(_("BLK-Ks with a score"), default=0)

    objects = ProvinceRollupQuerySet.as_manager()

    class Meta:
        abstract = True


class ProvinceRollup(ProvinceSums):
    """The PeriodRollup rows of one province's BLK-Ks in one period, summed.

    The national overview without BLK-K filters reads these (38 rows a period) instead
    of summing 5,000 BLK-K rows. `roadmap.rollups` recounts a province's rows from its
    BLK-Ks' rows whenever those change, in the same transaction.
    """

    class Meta:
        verbose_name = _("province rollup")
        verbose_name_plural = _("province rollups")
        ordering = ["period", "province"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "province"],
                name="roadmap_provincerollup_one_per_period_province",
                violation_error_message=_("A province has one rollup row per period."),
            ),
        ]

    def __str__(self):
        return f"{self.province_id} · {self.period_id}"


class HostTypeRollup(ProvinceSums):
    """The PeriodRollup rows of one province's BLK-Ks of one host institution type in one period, summed.

    The breakdown by host type reads these instead of joining every BLK-K with its row;
    they are recounted with the province's rows, and when a BLK-K's type changes.
    """

    host_type = models.ForeignKey(
        "registry.HostInstitutionType",
        verbose_name=_("host institution type"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("host type rollup")
        verbose_name_plural = _("host type rollups")
        ordering = ["period", "province", "host_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "province", "host_type"],
                name="roadmap_hosttyperollup_one_per_group",
                violation_error_message=_("A province has one rollup row per host type and period."),
            ),
        ]

    def __str__(self):
        return f"{self.province_id} · {self.host_type_id} · {self.period_id}"


class FieldRollup(ProvinceSums):
    """The PeriodRollup rows of one province's BLK-Ks training in one vocational field in one period, summed.

    A BLK-K with several fields counts under each; those with none under a row without
    a field. Recounted with the province's rows, and when a BLK-K's fields change.
    """

    field = models.ForeignKey(
        "registry.VocationalField",
        verbose_name=_("vocational field"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("vocational field rollup")
        verbose_name_plural = _("vocational field rollups")
        ordering = ["period", "province", "field"]
        # Two partial constraints, since the row without a field has NULL there.
        constraints = [
            models.UniqueConstraint(
                fields=["period", "province", "field"],
                condition=models.Q(field__isnull=False),
                name="roadmap_fieldrollup_one_per_group",
                violation_error_message=_("A province has one rollup row per vocational field and period."),
            ),
            models.UniqueConstraint(
                fields=["period", "province"],
                condition=models.Q(field__isnull=True),
                name="roadmap_fieldrollup_one_without_field",
                violation_error_message=_("A province has one rollup row per period for BLK-Ks without a field."),
            ),
        ]

    def __str__(self):
        return f"{self.province_id} · {self.field_id or '-'} · {self.period_id}"


class LevelRollupQuerySet(models.QuerySet):
    def of_roadmap(self, roadmap):
        return self.filter(period__roadmap=roadmap)


class LevelRollup(models.Model):
    """How many BLK-Ks of the nation had each assessed level at the end of one reporting period.

    `roadmap.levels` keeps these rows equal to its rule run for every BLK-K.
    """

    period = models.ForeignKey(
        "roadmap.ReportingPeriod", verbose_name=_("reporting period"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField(_("independence level"), max_length=12, choices=Blkk.Level.choices)
    count = models.PositiveIntegerField(_("BLK-Ks"))

    objects = LevelRollupQuerySet.as_manager()

    class Meta:
        verbose_name = _("level rollup")
        verbose_name_plural = _("level rollups")
        ordering = ["period", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "level"],
                name="roadmap_levelrollup_one_per_period_level",
                violation_error_message=_("A period has one count per level."),
            ),
            models.CheckConstraint(
                condition=Q(level__in=Blkk.Level.values),
                name="roadmap_levelrollup_level_valid",
                violation_error_message=_("Choose one of the listed levels."),
            ),
        ]

    def __str__(self):
        return f"{self.period_id} · {self.level}: {self.count}"


class RollupRefreshQuerySet(models.QuerySet):
    def of_roadmap(self, roadmap):
        return self.filter(roadmap=roadmap)

    def waiting(self):
        """Refreshes queued but not started: a new change can join one of these instead of queueing another."""
        return self.filter(started_at__isnull=True)

    def since(self):
        """When the oldest outstanding refresh was asked for, or None when the numbers are current."""
        return self.aggregate(since=models.Min("requested_at"))["since"]


class RollupRefresh(models.Model):
    """A recount of rollup rows that was asked for and has not finished.

    Written in the transaction of the change that makes the numbers stale (a programme's
    dates, a period's dates), deleted by the background task when its recount is done.
    While one exists for a roadmap, the pages reading its numbers say they are being
    refreshed. Without a programme it stands for the whole roadmap.
    """

    roadmap = models.ForeignKey(
        "roadmap.Roadmap", verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="refreshes"
    )
    programme = models.ForeignKey(
        "roadmap.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)

    objects = RollupRefreshQuerySet.as_manager()

    class Meta:
        verbose_name = _("rollup refresh")
        verbose_name_plural = _("rollup refreshes")
        ordering = ["requested_at"]

    def __str__(self):
        return f"{self.roadmap_id} · {self.programme_id or '*'}"


class PendingReviewQuerySet(models.QuerySet):
    def of_blkks(self, ids):
        """Entries of these BLK-Ks (a list of ids), found by BLK-K (`in_array`): see `review_queue.queue_of`."""
        return self.filter(blkk__in_array=ids)

    def waiting_longer_than(self, days, on=None):
        """Reports sent before the start of the day `days` days before `on` (today): waiting more than `days` days."""
        return self.filter(submitted_at__lt=waiting_cutoff(days, on))

    def backlog(self, on=None, overdue_days=REVIEW_WAIT_DAYS):
        """One aggregate query: `waiting`, `overdue` (waiting longer than `overdue_days`) and `oldest` (sent at)."""
        cutoff = waiting_cutoff(overdue_days, on)
        # Counted by `submitted_at` (never NULL), not by the key: the (blkk, submitted_at) index
        # then holds every column the query reads, and PostgreSQL counts from it alone.
        sent = "submitted_at"
        return self.aggregate(
            waiting=Count(sent), overdue=Count(sent, filter=Q(submitted_at__lt=cutoff)), oldest=Min(sent)
        )


class PendingReview(models.Model):
    """A status report waiting for a mentor's review, with the facts the review queue filters on.

    The queue of a mentor centre reads these rows by BLK-K (a few hundred) instead of
    finding its pending reports among the nation's 1.2 million. `roadmap.pending` writes
    the row when a report is submitted and deletes it when the report is reviewed, in the
    same transaction (`roadmap.services._after_report_change`), so the queue never
    disagrees with the reports; `rollups.rebuild` refills it after bulk loads.
    """

    report = models.OneToOneField(
        "roadmap.StatusReport",
        verbose_name=_("status report"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="pending_review",
    )
    # No index of its own: the (blkk, submitted_at) index below serves every lookup by BLK-K.
    blkk = models.ForeignKey(Blkk, verbose_name=_("BLK-K"), on_delete=models.CASCADE, related_name="+", db_index=False)
    programme = models.ForeignKey(
        "roadmap.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.ForeignKey(
        "roadmap.ReportingPeriod", verbose_name=_("reporting period"), on_delete=models.CASCADE, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    objects = PendingReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("report awaiting review")
        verbose_name_plural = _("reports awaiting review")
        ordering = ["submitted_at", "report_id"]
        indexes = [models.Index(fields=["blkk", "submitted_at"], name="roadmap_pending_blkk_idx")]

    def __str__(self):
        return f"{self.report_id} · {self.submitted_at:%Y-%m-%d}"


PendingReview._meta.get_field("blkk").register_lookup(InArray)


class ProgrammeStatusRollupQuerySet(models.QuerySet):
    def of_roadmap(self, roadmap):
        """The rows of the roadmap's programmes (the programmes read as a subquery)."""
        return self.filter(programme__in=Programme.objects.filter(pillar__roadmap=roadmap).values("pk"))


class ProgrammeStatusRollup(models.Model):
    """How many of a programme's implementations are in one reported status.

    The roadmap page reads these (five rows a programme at most) instead of counting the
    roadmap's 300,000 implementations on every view. `roadmap.programme_status` changes
    the count in the transaction of every change of an implementation's status and of
    every new implementation, and recounts it after bulk loads. A row whose count fell
    to 0 stays; readers skip it.
    """

    # No index of its own: the unique (programme, status) index serves every lookup by programme.
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    status = models.CharField(_("status"), max_length=15, choices=Implementation.Status.choices)
    count = models.PositiveIntegerField(_("implementations"), default=0)

    objects = ProgrammeStatusRollupQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme status count")
        verbose_name_plural = _("programme status counts")
        ordering = ["programme", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "status"],
                name="roadmap_programmestatusrollup_one_per_programme_status",
                violation_error_message=_("A programme has one count per status."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=STATUSES),
                name="roadmap_programmestatusrollup_status_valid",
                violation_error_message=_("Choose one of the listed statuses."),
            ),
        ]

    def __str__(self):
        return f"{self.programme_id} · {self.status}: {self.count}"
