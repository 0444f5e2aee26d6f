"""Each BLK-K's part in a programme and the status reports its managers send about it."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models import Blkk

from ..querysets import ImplementationQuerySet, StatusReportQuerySet
from .plans import PERCENT, Programme, ReportingPeriod

STATUSES = ["not_started", "in_progress", "done", "blocked", "not_applicable"]


def progress_matches_status(status, progress):
    """Q: "done" means progress 100, "not started" means progress 0 (what the report form says)."""
    return (~Q(**{status: "done"}) | Q(**{progress: 100})) & (~Q(**{status: "not_started"}) | Q(**{progress: 0}))


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
            # Counts of each programme's implementations per status (the recount and nightly
            # reconcile of `roadmap.programme_status`) read this index alone (index-only scan):
            # 300,000 rows fit in a few hundred pages.
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
