"""Implementations and their status reports: reading them, the report form, evidence downloads.

Reports and evidence are reached only through `StatusReport.objects.visible_to` and
`Implementation.objects.reports_visible_to`: an id outside the reader's sight answers
404, so a manager learns nothing about another BLK-K by forging one.
"""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from blkk_portal.forms_common import is_id
from blkk_portal.uploads import limit_upload_size

from ..forms import ReportForm, ReviewForm
from ..models import Implementation, StatusReport
from ..services import ReportConflict, RoadmapError, is_past_due, submit_report

CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}
Review = StatusReport.Review


def may_report(user, implementation):
    return Implementation.objects.reportable_by(user).filter(pk=implementation.pk).exists()


@require_GET
def implementation_detail(request, pk):
    user = request.user
    implementation = get_object_or_404(
        Implementation.objects.reports_visible_to(user).select_related(
            "programme__pillar__roadmap", "blkk__regency__province", "last_approved_period"
        ),
        pk=pk,
    )
    reports = list(
        StatusReport.objects.visible_to(user)
        .filter(implementation=implementation)
        .select_related("period", "reporter", "reviewed_by")
        .order_by("-submitted_at", "-pk")
    )
    latest = reports[0] if reports else None
    can_report = may_report(user, implementation)
    context = {
        "implementation": implementation,
        "programme": implementation.programme,
        "blkk": implementation.blkk,
        "reports": reports,
        "can_report": can_report,
        "returned": latest if can_report and latest and latest.review == Review.RETURNED else None,
    }
    return render(request, "roadmap/implementation_detail.html", context)


def implementation_to_report(user, pk):
    """The implementation if the user may report on it; 404 when its reports are out of sight, else 403."""
    implementation = get_object_or_404(
        Implementation.objects.reports_visible_to(user).select_related(
            "programme__pillar__roadmap", "blkk", "latest_report__reporter"
        ),
        pk=pk,
    )
    if not may_report(user, implementation):
        raise PermissionDenied(_("Only the managers of this BLK-K report on its programmes."))
    return implementation


@csrf_exempt
@require_http_methods(["GET", "POST"])
def report_create(request, pk):
    # The size limit must be in place before anything reads the body, the CSRF check included.
    limit_upload_size(request)
    return _report_create(request, pk)


@csrf_protect
def _report_create(request, pk):
    user = request.user
    implementation = implementation_to_report(user, pk)
    roadmap = implementation.programme.pillar.roadmap
    period = roadmap.periods.current()
    if period is None:
        upcoming = roadmap.periods.filter(opens_on__gt=timezone.localdate(), locked=False).order_by("opens_on").first()
        context = {"implementation": implementation, "upcoming": upcoming}
        return render(request, "roadmap/report_closed.html", context)
    if request.method == "POST":
        form = ReportForm(
            request.POST,
            request.FILES,
            implementation=implementation,
            user=user,
            oversize=request.oversize_upload_fields,
        )
        if form.is_valid():
            try:
                submit_report(implementation, user=user, period=period, **form.service_arguments())
            except ReportConflict as conflict:
                if is_repeat(conflict.latest, user, form.cleaned_data):
                    messages.info(request, _("This report had already been sent; it was not sent twice."))
                    return redirect(implementation)
                return render_conflict(request, implementation, period, form, conflict.latest)
            except RoadmapError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Your report for %(period)s has been sent to the mentor centre for review.") % {"period": period},
                )
                return redirect(implementation)
    else:
        form = ReportForm(
            initial=initial_values(request, implementation, period), implementation=implementation, user=user
        )
    context = {"implementation": implementation, "period": period, "form": form, "past_due": is_past_due(period)}
    return render(request, "roadmap/report_form.html", context)


def initial_values(request, implementation, period):
    """Start from the current status; a resubmission (`?corrects=<id>`) starts from the returned report."""
    values = {"status": implementation.status, "progress": implementation.progress, "version": implementation.version}
    corrected = None
    corrects = request.GET.get("corrects", "")
    if is_id(corrects):  # not str.isdigit(): it passes "²" and 5,000 digits, which int() refuses
        corrected = (
            StatusReport.objects.visible_to(request.user)
            .filter(implementation=implementation, period=period, pk=corrects)
            .first()
        )
    if corrected is not None:
        values.update(
            status=corrected.status, progress=corrected.progress, narrative=corrected.narrative, corrects=corrected.pk
        )
    return values


def is_repeat(latest, user, data):
    """Whether the report in the way is the user's own with the same content: a form sent twice."""
    return (
        latest is not None
        and latest.reporter_id == user.pk
        and (latest.status, latest.progress, latest.narrative)
        == (data["status"], data["progress"], data["narrative"].strip())
    )


def render_conflict(request, implementation, period, form, latest):
    """Show the report that came in meanwhile beside the user's own, and let them choose."""
    implementation.refresh_from_db(fields=["version", "status", "progress", "latest_report"])
    latest = latest or implementation.latest_report
    mine = form.cleaned_data
    retry = ReportForm(
        initial={
            "status": mine["status"],
            "progress": mine["progress"],
            "narrative": mine["narrative"],
            "version": implementation.version,
            "corrects": latest.pk if latest and latest.period_id == period.pk else None,
        },
        implementation=implementation,
        user=request.user,
    )
    context = {
        "implementation": implementation,
        "period": period,
        "latest": latest,
        "mine": mine,
        "mine_status": Implementation.Status(mine["status"]),
        "form": retry,
        "past_due": is_past_due(period),
    }
    return render(request, "roadmap/report_conflict.html", context, status=409)


def visible_report(user, pk):
    return get_object_or_404(
        StatusReport.objects.visible_to(user).select_related(
            "implementation__programme__pillar__roadmap",
            "implementation__blkk",
            "period",
            "reporter",
            "reviewed_by",
            "corrects",
        ),
        pk=pk,
    )


@require_GET
def report_detail(request, pk):
    return render_report_detail(request, visible_report(request.user, pk))


def render_report_detail(request, report, review_form=None, status=200):
    user = request.user
    implementation = report.implementation
    can_review = StatusReport.objects.reviewable_by(user).filter(pk=report.pk).exists()
    is_latest = implementation.latest_report_id == report.pk
    context = {
        "report": report,
        "implementation": implementation,
        "corrections": list(report.corrections.select_related("reporter").order_by("submitted_at", "pk")),
        "can_review": can_review,
        "review_form": review_form or (ReviewForm() if can_review else None),
        "can_resubmit": report.review == Review.RETURNED and is_latest and may_report(user, implementation),
    }
    return render(request, "roadmap/report_detail.html", context, status=status)


@require_GET
def report_evidence(request, pk):
    """Stream the evidence file as a download, typed by what its content was checked to be."""
    report = get_object_or_404(StatusReport.objects.visible_to(request.user).exclude(evidence=""), pk=pk)
    try:
        file = report.evidence.open("rb")
    except OSError as error:
        raise Http404(_("The evidence file is missing from storage.")) from error
    kind = kind_of(report.evidence_type)
    response = FileResponse(
        file,
        as_attachment=True,
        filename=download_name(report, kind),
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def kind_of(evidence_type):
    """'pdf', 'jpeg' or 'png' from the stored type, whether it was kept as a kind or a MIME type."""
    value = (evidence_type or "").lower().rsplit("/", 1)[-1]
    return "jpeg" if value == "jpg" else value


def download_name(report, kind):
    """A plain ASCII file name from the uploader's name, with the extension of the checked type."""
    stem = (report.evidence_name or "").rsplit(".", 1)[0]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_")[:80]
    return f"{stem or f'bukti-laporan-{report.pk}'}{EXTENSIONS.get(kind, '')}"
