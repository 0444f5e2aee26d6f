"""The roadmap's workflows: reporting, reviewing, classifying, and setting up implementations.

Each write runs in one transaction and raises RoadmapError (or its ReportConflict) with a
message meant for the person who asked. Views call these functions and never assemble
report or implementation state themselves.
"""

import os

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from simple_history.utils import bulk_create_with_history

from audit.services import save_with_history
from blkk_portal import reasons
from blkk_portal.uploads import check_upload
from blkk_portal.versioning import Conflict, claim_version
from registry.models import Blkk, Province

from . import notifications, pending, programme_status, rollups
from .models import Classification, Implementation, PeriodRollup, Programme, ReportingPeriod, StatusReport
from .querysets import classifiable_blkks

EVIDENCE_KINDS = ("pdf", "jpeg", "png")
Status = Implementation.Status


class RoadmapError(Exception):
    """A roadmap step that cannot be done; the message says why and what to do."""


class ReportConflict(Conflict, RoadmapError):
    """Someone reported on the implementation since the form was loaded; `latest` is their report.

    `current` is the implementation as saved now (blkk_portal.versioning.Conflict).
    """

    default_message = _lazy(
        "Someone reported on this programme while you were filling in the form. Check their report."
    )

    @property
    def latest(self):
        return self.current.latest_report


def is_past_due(period, on=None):
    """Whether the period's reports are overdue on the day (today by default): a report sent now is late."""
    return (on or timezone.localdate()) > period.due_on


def submit_report(
    implementation,
    *,
    user,
    period,
    status,
    progress,
    narrative,
    evidence=None,
    expected_version,
    corrects=None,
):
    """Record a manager's report on an implementation for a period; returns the new StatusReport.

    The implementation row is locked, so of two managers who loaded the same version only
    the first succeeds; the second gets ReportConflict carrying the first one's report.
    """
    narrative = (narrative or "").strip()
    _check_values(status, progress, narrative)
    evidence_kind = _check_evidence(evidence)
    today = timezone.localdate()
    report = StatusReport(
        period=period,
        status=status,
        progress=progress,
        narrative=narrative,
        reporter=user,
        is_late=is_past_due(period, today),
        corrects=corrects,
    )
    try:
        with transaction.atomic():
            # The province first: the rollup recount at the end needs it, and every report
            # writer taking it before anything else keeps them from deadlocking each other.
            rollups.lock_province(implementation.pk)
            locked = (
                Implementation.objects.select_for_update(of=("self",))
                .select_related("programme__pillar")
                .get(pk=implementation.pk)
            )
            _check_report(locked, user, period, today, corrects, expected_version)
            report.implementation, report.submitted_at = locked, timezone.now()
            if evidence is not None:
                _store_evidence(report, evidence, evidence_kind)
            report.save()
            previous_status = locked.status
            locked.status, locked.progress = status, progress
            locked.latest_report = report
            _save_implementation(locked, user, reasons.encode("implementation.reported", period=period.label))
            _after_report_change(report)
            # Last: its rows are shared by the programme's reporters nationwide (see programme_status).
            programme_status.status_changed(locked.programme_id, previous_status, status)
    except BaseException:
        # The rows are rolled back; a file stored for them would be an orphan.
        if report.evidence:
            report.evidence.storage.delete(report.evidence.name)
        raise
    _sync(implementation, locked)
    return report


def _store_evidence(report, evidence, kind):
    report.evidence_name = os.path.basename(evidence.name or "")[-200:]
    report.evidence_type = kind
    report.evidence.save("evidence", evidence, save=False)


def _check_report(implementation, user, period, today, corrects, expected_version):
    """The checks made with the implementation locked; raises RoadmapError or ReportConflict."""
    if not Implementation.objects.reportable_by(user).filter(pk=implementation.pk).exists():
        raise RoadmapError(_("You may report only on the programmes of the BLK-Ks you manage."))
    _check_period(implementation, period, today)
    _check_corrects(implementation, period, corrects)
    # Last, as before: a report refused for another reason is told that reason, not a conflict.
    claim_version(implementation, expected_version, conflict=ReportConflict)


def _check_values(status, progress, narrative):
    if status not in Status.values:
        raise RoadmapError(_("Choose one of the listed statuses."))
    if not isinstance(progress, int) or isinstance(progress, bool) or not 0 <= progress <= 100:
        raise RoadmapError(_("Progress is a whole number from 0 to 100."))
    if status == Status.DONE and progress != 100:
        raise RoadmapError(_("A programme that is done has 100% progress."))
    if status == Status.NOT_STARTED and progress != 0:
        raise RoadmapError(_("A programme that has not started has 0% progress."))
    if not narrative:
        raise RoadmapError(_("Describe what was done in the narrative."))


def _check_evidence(evidence):
    if evidence is None:
        return ""
    try:
        return check_upload(evidence, allowed=EVIDENCE_KINDS)
    except ValidationError as error:
        raise RoadmapError(" ".join(error.messages)) from error


def _check_period(implementation, period, today):
    programme = implementation.programme
    if period.roadmap_id != programme.pillar.roadmap_id:
        raise RoadmapError(_("This reporting period belongs to another roadmap."))
    if period.locked:
        raise RoadmapError(_("Period %(period)s is locked and takes no more reports.") % {"period": period.label})
    if period.opens_on > today:
        raise RoadmapError(
            _("Period %(period)s opens for reports on %(date)s.") % {"period": period.label, "date": period.opens_on}
        )
    if programme.starts_on > period.ends_on or programme.ends_on < period.starts_on:
        raise RoadmapError(
            _("Programme %(code)s does not run in %(period)s.") % {"code": programme.code, "period": period.label}
        )


def _check_corrects(implementation, period, corrects):
    if corrects is None:
        return
    if corrects.implementation_id != implementation.pk or corrects.period_id != period.pk:
        raise RoadmapError(_("A correction replaces a report on the same programme and period."))


def _save_implementation(implementation, user, reason):
    # simple-history records who and why on the instance outside a request too.
    implementation._history_user = user
    implementation._change_reason = reason
    implementation.save()


def _sync(original, saved):
    """Let the caller's instance show the saved state, as if it had been refreshed."""
    if original is not saved:
        for field in ("status", "progress", "approved_status", "approved_progress", "version"):
            setattr(original, field, getattr(saved, field))
        original.latest_report_id = saved.latest_report_id
        original.last_approved_period_id = saved.last_approved_period_id


def review_report(report, *, user, approve, note="", require_clear=False):
    """Approve a pending report or return it with a note; returns the reviewed StatusReport.

    Approving makes the report the implementation's approved state unless a report of a
    later period (or a later one of the same period) is approved already. Returning
    queues an e-mail to the reporter and the BLK-K's managers (sent by the worker).
    `require_clear` (approving several at once) refuses a report that one of
    `querysets.REVIEW_CONCERNS` applies to, checked under the same locks as the rest, so a
    report sent meanwhile on the same programme is noticed.
    """
    note = (note or "").strip()
    if not approve and not note:
        raise RoadmapError(_("Say in a note what the manager should correct."))
    with transaction.atomic():
        rollups.lock_province(report.implementation_id)  # first, as in submit_report
        report = StatusReport.objects.select_for_update(of=("self",)).select_related("period").get(pk=report.pk)
        if not StatusReport.objects.in_review_scope(user).filter(pk=report.pk).exists():
            raise RoadmapError(_("Only mentor-centre staff whose scope includes this BLK-K may review its reports."))
        if report.review != StatusReport.Review.PENDING:
            raise RoadmapError(
                _("This report was already reviewed (%(review)s).") % {"review": report.get_review_display()}
            )
        if require_clear and not StatusReport.objects.clear().filter(pk=report.pk).exists():
            raise RoadmapError(_("This report needs your own look: open it and review it on its own."))
        report.review = StatusReport.Review.APPROVED if approve else StatusReport.Review.RETURNED
        report.reviewed_by, report.reviewed_at, report.review_note = user, timezone.now(), note
        report.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_note"])
        if approve:
            _apply_approval(report, user)
        else:
            # Written now, in this transaction; sent by the worker, so a mail server that
            # fails cannot turn the committed review into an error page.
            notifications.report_returned(report)
        _after_report_change(report)
    return report


def _apply_approval(report, user):
    implementation = Implementation.objects.select_for_update(of=("self",)).get(pk=report.implementation_id)
    newer = StatusReport.objects.approved().filter(implementation=implementation).exclude(pk=report.pk)
    newer = newer.filter(
        Q(period__starts_on__gt=report.period.starts_on)
        | Q(period__starts_on=report.period.starts_on, submitted_at__gt=report.submitted_at)
    )
    if newer.exists():
        return
    implementation.approved_status = report.status
    implementation.approved_progress = report.progress
    implementation.last_approved_period = report.period
    reason = reasons.encode("implementation.approved", period=report.period.label)
    _save_implementation(implementation, user, reason)


def _after_report_change(report):
    """Everything kept in step with reports, inside the transaction of the change.

    Both `submit_report` and `review_report` call this after writing, while their
    transaction is still open. Rollup tables for the dashboards (ARCHITECTURE.md rule 4:
    counts per province × period × status) are to be updated here, so they can never
    disagree with the reports they summarise; so is the review queue's table (`pending`).
    The programmes' status counts (`programme_status`) follow a report's status, which
    only a submission changes: `submit_report` moves them itself.
    """
    rollups.report_changed(report)
    pending.report_changed(report)


def record_classification(blkk, *, user, level, assessed_on, evidence, note=""):
    """Record an assessment of a BLK-K's independence level; returns the Classification.

    The BLK-K's current level follows the most recent assessment, so recording an older
    one keeps the history complete without turning the clock back.
    """
    evidence, note = (evidence or "").strip(), (note or "").strip()
    if level not in Blkk.Level.values or level == Blkk.Level.UNCLASSIFIED:
        raise RoadmapError(_("Choose tumbuh, berkembang or mandiri."))
    if assessed_on > timezone.localdate():
        raise RoadmapError(_("The assessment date cannot be in the future."))
    if not evidence:
        raise RoadmapError(_("Say what the assessment is based on."))
    if not note:
        # The audit log keeps why a level changed, not only who changed it.
        raise RoadmapError(_("Give the reason for this classification."))
    with transaction.atomic():
        if not classifiable_blkks(user).filter(pk=blkk.pk).exists():
            raise RoadmapError(_("You may not record the level of this BLK-K."))
        locked = Blkk.objects.select_for_update().get(pk=blkk.pk)
        latest = Classification.objects.filter(blkk=locked).order_by("-assessed_on").first()
        classification = Classification.objects.create(
            blkk=locked, level=level, assessed_on=assessed_on, assessor=user, evidence=evidence, note=note
        )
        if latest is None or assessed_on >= latest.assessed_on:
            _set_level(locked, level, user, assessed_on, note)
    blkk.level, blkk.version = locked.level, locked.version
    return classification


def _set_level(blkk, level, user, assessed_on, reason):
    blkk.level = level
    # A profile form loaded before this change must notice it (registry's version check).
    blkk.version += 1
    blkk._history_user = user
    # The history keeps the start of the reason; the whole one stays on the Classification.
    blkk._change_reason = reasons.encode("blkk.classified", date=assessed_on, reason=reason)
    blkk.save()


def participants_of(programme):
    """The BLK-Ks taking part: the owning forum's members, or the chosen set."""
    if programme.participation == Programme.Participation.CHOSEN:
        return programme.participants.all()
    return programme.pillar.roadmap.forum.members()


def ensure_implementations(programme, *, user=None):
    """Create the missing implementation rows for every participant; returns how many were made.

    New rows change what is running: the rollups of the programme's BLK-Ks are recounted
    by the background worker (`rollups.schedule_refresh`). The roadmap page's status
    counts (`programme_status`) take them in at once.
    """
    with transaction.atomic():
        # Two calls for the same programme queue here instead of racing on the unique constraint.
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        existing = Implementation.objects.filter(programme=programme, blkk=OuterRef("pk"))
        missing = participants_of(programme).filter(~Exists(existing)).values_list("pk", flat=True)
        rows = [Implementation(programme=programme, blkk_id=pk) for pk in missing]
        bulk_create_with_history(
            rows,
            Implementation,
            batch_size=1000,
            default_user=user,
            default_change_reason=reasons.encode("implementation.joined"),
        )
        if rows:
            programme_status.joined(programme.pk, len(rows))
            rollups.schedule_refresh(programme.pillar.roadmap_id, programme.pk)
    return len(rows)


def create_programme(programme, *, by, participants=()):
    """Save a new programme (built, not yet saved) and make its implementations.

    `participants` count only for a chosen set. Returns (programme, number of BLK-Ks that
    take part). One transaction, one history record with the participants.
    """
    if programme.pk is not None:
        raise ValueError("create_programme() adds a new programme; use update_programme() for an existing one.")
    with transaction.atomic():
        save_with_history(programme, by=by, m2m={"participants": _chosen(programme, participants)})
        joined = ensure_implementations(programme, user=by)
    return programme, joined


def update_programme(programme, *, by, participants=()):
    """Save the changes set on an existing programme; BLK-Ks that now take part get implementations.

    Returns (programme, number of BLK-Ks that joined). Implementations of BLK-Ks that no
    longer take part stay, with their reports.
    """
    with transaction.atomic():
        save_with_history(programme, by=by, m2m={"participants": _chosen(programme, participants)})
        joined = ensure_implementations(programme, user=by)
    return programme, joined


def _chosen(programme, participants):
    """Participants are a chosen set's; a programme for all members names none."""
    return list(participants) if programme.participation == Programme.Participation.CHOSEN else []


def lock_period(period, *, by):
    """Close a reporting period to reports. Returns False if it was locked already."""
    return _set_period_lock(period, True, by=by, reason=reasons.encode("period.locked"))


def unlock_period(period, *, by):
    """Open a locked reporting period to reports again. Returns False if it was not locked."""
    return _set_period_lock(period, False, by=by, reason=reasons.encode("period.unlocked"))


def _set_period_lock(period, locked, *, by, reason):
    """One transaction: the period row and its history record (the audit log's entry).

    Locking takes no report in or out, so it changes no number: `roadmap.rollups` recounts
    nothing for a save of `locked` alone.
    """
    with transaction.atomic():
        # NO KEY UPDATE: report writers insert reports that refer to the period (a key
        # share lock) while holding their province's lock, which the rollups need next.
        stored = ReportingPeriod.objects.select_for_update(no_key=True).get(pk=period.pk)
        changed = stored.locked != locked
        if changed:
            stored.locked = locked
            stored._history_user, stored._change_reason = by, reason
            stored.save(update_fields=["locked"])
    period.locked = locked
    return changed


def refresh_rollups_after_regroup(blkk, *, old_province_id):
    """Recount the province rollups after `blkk` left `old_province_id`, its host type or its fields (it is saved).

    Its own rollup rows stay as they are (they count its reports wherever it is); the rows
    of its old and new province sum BLK-K rows by province, host type and field and are
    recounted, in every roadmap where it has rows (`rollups.refresh_provinces`: a
    province's rows are a few hundred BLK-K rows summed, so this stays in the
    transaction of the save).
    """
    new_province_id = Province.objects.filter(regencies=blkk.regency_id).values_list("pk", flat=True).get()
    roadmap_ids = (
        PeriodRollup.objects.filter(blkk=blkk).order_by().values_list("period__roadmap_id", flat=True).distinct()
    )
    for roadmap_id in sorted(roadmap_ids):
        rollups.refresh_provinces(roadmap_id, {old_province_id, new_province_id})


def blkk_regrouped(sender, *, blkk, old_regency, **kwargs):
    """Receiver of `registry.services.blkk_regrouped`, connected in RoadmapConfig.ready()."""
    refresh_rollups_after_regroup(blkk, old_province_id=old_regency.province_id)
