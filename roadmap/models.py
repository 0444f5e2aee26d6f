import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forum.models import Forum, Meeting
from registry.models import Blkk

from .querysets import (
    ClassificationQuerySet,
    ImplementationQuerySet,
    ProgrammeQuerySet,
    ReportingPeriodQuerySet,
    RoadmapQuerySet,
    StatusReportQuerySet,
)

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]
# Years a roadmap and its targets may name: BLK Komunitas exist since 2017; the bounds only
# keep out typing errors such as 202 or 20226.
YEAR_RANGE = (2000, 2100)
STATUSES = ["not_started", "in_progress", "done", "blocked", "not_applicable"]


def progress_matches_status(status, progress):
    """Q: "done" means progress 100, "not started" means progress 0 (what the report form says)."""
    return (~Q(**{status: "done"}) | Q(**{progress: 100})) & (~Q(**{status: "not_started"}) | Q(**{progress: 0}))


class Roadmap(models.Model):
    """A forum's roadmap to BLK-K independence (peta jalan kemandirian) over a span of years."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ADOPTED = "adopted", _("adopted")
        CLOSED = "closed", _("closed")

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="roadmaps")
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    adopted_at = models.ForeignKey(
        Meeting,
        verbose_name=_("adopted at meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_roadmaps",
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()
    objects = RoadmapQuerySet.as_manager()

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        ordering = ["-start_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="roadmap_roadmap_years_ordered",
                violation_error_message=_("The last year cannot come before the first."),
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=YEAR_RANGE[0], end_year__lte=YEAR_RANGE[1]),
                name="roadmap_roadmap_years_range",
                violation_error_message=_("A roadmap's years lie between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "adopted", "closed"]),
                name="roadmap_roadmap_status_valid",
                violation_error_message=_("Choose one of the listed roadmap statuses."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roadmap:roadmap-detail", args=[self.pk])


class Pillar(models.Model):
    """One pillar of a roadmap, weighted in the independence score."""

    roadmap = models.ForeignKey(Roadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="pillars")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        ordering = ["roadmap", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "number"],
                name="roadmap_pillar_unique_number",
                violation_error_message=_("This roadmap already has a pillar with that number."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1),
                name="roadmap_pillar_weight_positive",
                violation_error_message=_("A pillar's weight is at least 1."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Indicator(models.Model):
    """A measurable indicator of a pillar, with a baseline and yearly targets."""

    pillar = models.ForeignKey(Pillar, verbose_name=_("pillar"), on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=250)
    unit = models.CharField(_("unit"), max_length=40)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pillar", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["pillar", "code"],
                name="roadmap_indicator_unique_code",
                violation_error_message=_("This pillar already has an indicator with that code."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class IndicatorTarget(models.Model):
    """An indicator's target for one year, and the value achieved once known."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    achieved = models.DecimalField(_("achieved"), max_digits=12, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="roadmap_indicatortarget_one_per_year",
                violation_error_message=_("This indicator already has a target for that year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_RANGE[0], year__lte=YEAR_RANGE[1]),
                name="roadmap_indicatortarget_year_range",
                violation_error_message=_("A target's year lies between 2000 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.target}"


class Programme(models.Model):
    """A work programme (program kerja) under a pillar, carried out by participating BLK-Ks."""

    class Participation(models.TextChoices):
        ALL_MEMBERS = "all", _("all members of the owning forum")
        CHOSEN = "chosen", _("a chosen set of BLK-Ks")

    pillar = models.ForeignKey(Pillar, verbose_name=_("pillar"), on_delete=models.PROTECT, related_name="programmes")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    participation = models.CharField(
        _("participation"), max_length=10, choices=Participation.choices, default=Participation.ALL_MEMBERS
    )
    participants = models.ManyToManyField(
        Blkk,
        verbose_name=_("participating BLK-Ks"),
        blank=True,
        related_name="chosen_programmes",
        help_text=_("Only when participation is a chosen set."),
    )

    history = HistoricalRecords(m2m_fields=[participants])
    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["pillar__number", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["pillar", "code"],
                name="roadmap_programme_unique_code",
                violation_error_message=_("This pillar already has a programme with that code."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="roadmap_programme_ends_after_start",
                violation_error_message=_("A programme cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(participation__in=["all", "chosen"]),
                name="roadmap_programme_participation_valid",
                violation_error_message=_("Participation is all members or a chosen set."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("roadmap:programme-detail", args=[self.pk])


class ReportingPeriod(models.Model):
    """A period in which BLK-Ks report on their programmes: open, due, then locked."""

    roadmap = models.ForeignKey(Roadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(_("label"), max_length=40, help_text=_("For example: 2024 Q3."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    opens_on = models.DateField(_("reporting opens on"))
    due_on = models.DateField(_("reports due on"))
    locked = models.BooleanField(_("locked"), default=False, help_text=_("A locked period takes no reports."))

    # Who locked or unlocked a period, when and why: the audit log reads these records.
    history = HistoricalRecords()
    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["roadmap", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "starts_on"],
                name="roadmap_reportingperiod_unique_start",
                violation_error_message=_("This roadmap already has a period starting that day."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")) & Q(due_on__gte=models.F("opens_on")),
                name="roadmap_reportingperiod_dates_ordered",
                violation_error_message=_("A period ends after it starts and is due after it opens."),
            ),
        ]

    def __str__(self):
        return self.label

    @classmethod
    def quarter(cls, roadmap, year, quarter, *, days_to_report=10, **fields):
        """An unsaved period for a calendar quarter: open from its first day, due `days_to_report` after it ends."""
        starts_on = datetime.date(year, 3 * quarter - 2, 1)
        ends_on = datetime.date(year + quarter // 4, (3 * quarter) % 12 + 1, 1) - datetime.timedelta(days=1)
        values = {
            "label": f"{year} Q{quarter}",
            "starts_on": starts_on,
            "ends_on": ends_on,
            "opens_on": starts_on,
            "due_on": ends_on + datetime.timedelta(days=days_to_report),
            **fields,
        }
        return cls(roadmap=roadmap, **values)


class Implementation(models.Model):
    """One BLK-K's carrying out of one programme: its current status and progress."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        BLOCKED = "blocked", _("blocked")
        NOT_APPLICABLE = "not_applicable", _("not applicable")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="implementations"
    )
    blkk = models.ForeignKey(Blkk, verbose_name=_("BLK-K"), on_delete=models.PROTECT, related_name="implementations")
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=PERCENT)
    approved_status = models.CharField(
        _("approved status"), max_length=15, choices=Status.choices, default=Status.NOT_STARTED
    )
    approved_progress = models.PositiveSmallIntegerField(_("approved progress (%)"), default=0, validators=PERCENT)
    latest_report = models.ForeignKey(
        "StatusReport",
        verbose_name=_("latest report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_approved_period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period of the last approved report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=0)

    history = HistoricalRecords(excluded_fields=["latest_report", "version"])
    objects = ImplementationQuerySet.as_manager()

    class Meta:
        verbose_name = _("implementation")
        verbose_name_plural = _("implementations")
        ordering = ["programme", "blkk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "blkk"],
                name="roadmap_implementation_one_per_programme_blkk",
                violation_error_message=_("This BLK-K already carries out this programme."),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100)
                & Q(approved_progress__gte=0, approved_progress__lte=100),
                name="roadmap_implementation_progress_range",
                violation_error_message=_("Progress lies between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=STATUSES) & Q(approved_status__in=STATUSES),
                name="roadmap_implementation_status_valid",
                violation_error_message=_("Choose one of the listed statuses."),
            ),
            models.CheckConstraint(
                condition=progress_matches_status("status", "progress"),
                name="roadmap_implementation_progress_matches_status",
                violation_error_message=_("Done means 100%% progress; not started means 0%%."),
            ),
            models.CheckConstraint(
                condition=progress_matches_status("approved_status", "approved_progress"),
                name="roadmap_implementation_approved_progress_matches_status",
                violation_error_message=_("Done means 100%% progress; not started means 0%%."),
            ),
        ]
        indexes = [
            models.Index(fields=["blkk", "programme"], name="roadmap_impl_blkk_idx"),
            # The roadmap page counts each programme's implementations per status from this
            # index alone (index-only scan): 300,000 rows fit in a few hundred pages.
            models.Index(fields=["programme", "status"], name="roadmap_impl_prog_status_idx"),
        ]

    def __str__(self):
        return f"{self.programme.code} · {self.blkk}"

    def get_absolute_url(self):
        return reverse("roadmap:implementation-detail", args=[self.pk])


def evidence_path(report, filename):
    # The uploader's file name is kept in `evidence_name` only; storage names are generated.
    return f"evidence/{report.period_id}/{secrets.token_hex(16)}"


class StatusReport(models.Model):
    """A manager's report on one implementation for one period. Append-only once submitted.

    On PostgreSQL the database holds the line too (trigger of migration roadmap 0008): it
    refuses any UPDATE that changes what was reported (every column but the review's),
    any change to the review once it is no longer pending, and every DELETE. The review
    columns (`review`, `reviewed_by`, `reviewed_at`, `review_note`) are written once, when
    a mentor approves or returns the pending report; a correction is a new report.
    """

    class Review(models.TextChoices):
        PENDING = "pending", _("awaiting review")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")

    implementation = models.ForeignKey(
        Implementation, verbose_name=_("implementation"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(_("status"), max_length=15, choices=Implementation.Status.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=PERCENT)
    narrative = models.TextField(_("narrative"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=200, blank=True)
    evidence_type = models.CharField(_("evidence type"), max_length=10, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reporter"), on_delete=models.PROTECT, related_name="status_reports"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    is_late = models.BooleanField(_("late"), default=False)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    review = models.CharField(_("review"), max_length=10, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_reports",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    objects = StatusReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="roadmap_statusreport_progress_range",
                violation_error_message=_("Progress lies between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(review="pending") | Q(reviewed_at__isnull=False),
                name="roadmap_statusreport_review_recorded",
                violation_error_message=_("A reviewed report records when it was reviewed."),
            ),
            models.CheckConstraint(
                condition=~Q(review="returned") | ~Q(review_note=""),
                name="roadmap_statusreport_return_has_note",
                violation_error_message=_("A returned report carries a note for the manager."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=STATUSES),
                name="roadmap_statusreport_status_valid",
                violation_error_message=_("Choose one of the listed statuses."),
            ),
            models.CheckConstraint(
                condition=Q(review__in=["pending", "approved", "returned"]),
                name="roadmap_statusreport_review_valid",
                violation_error_message=_("A review is pending, approved or returned."),
            ),
            models.CheckConstraint(
                condition=progress_matches_status("status", "progress"),
                name="roadmap_statusreport_progress_matches_status",
                violation_error_message=_("Done means 100%% progress; not started means 0%%."),
            ),
        ]
        indexes = [
            models.Index(fields=["implementation", "-submitted_at"], name="roadmap_report_impl_idx"),
            models.Index(fields=["period", "review"], name="roadmap_report_period_idx"),
            # "Has this implementation a (pending/approved) report in this period?" is asked
            # per row by due_in() and the review pages; without it SQLite scans the period.
            models.Index(fields=["implementation", "period", "review"], name="roadmap_report_impl_period_idx"),
        ]

    def __str__(self):
        return f"{self.implementation} · {self.period}"

    def get_absolute_url(self):
        return reverse("roadmap:report-detail", args=[self.pk])


class Classification(models.Model):
    """An assessment of a BLK-K's independence level on a date, with its evidence."""

    blkk = models.ForeignKey(Blkk, verbose_name=_("BLK-K"), on_delete=models.PROTECT, related_name="classifications")
    level = models.CharField(_("level"), max_length=12, choices=Blkk.Level.choices)
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="classifications"
    )
    evidence = models.TextField(_("evidence"))
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ClassificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        ordering = ["blkk", "-assessed_on", "-pk"]
        indexes = [models.Index(fields=["blkk", "-assessed_on"], name="roadmap_class_blkk_idx")]
        constraints = [
            # An assessment always concludes a level; "not yet classified" is only a BLK-K's
            # level before its first assessment.
            models.CheckConstraint(
                condition=Q(level__in=["tumbuh", "berkembang", "mandiri"]),
                name="roadmap_classification_level_assessed",
                violation_error_message=_("Choose tumbuh, berkembang or mandiri."),
            ),
        ]

    def __str__(self):
        return f"{self.blkk}: {self.get_level_display()} ({self.assessed_on})"


from .models_rollups import *  # noqa: E402, F403  (the dashboards' rollup tables, kept by roadmap.rollups)
