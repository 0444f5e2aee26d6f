"""A manager's programmes due this period, and a mentor's review of one report.

Both answer 403 with a page that says whom they are for when the user has no BLK-K in
that capacity; the scope itself comes from `BlkkScope`, never from a role check here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from registry.models import Blkk

from ..due import reports_due
from ..forms import ReviewForm
from ..models import StatusReport
from ..querysets import BlkkScope
from ..services import RoadmapError, review_report
from .reports import render_report_detail, visible_report

REPORTS_PER_PAGE = 25


def not_for_you(request, audience):
    """A friendly 403: the page exists, but it serves someone else."""
    return render(request, "roadmap/not_for_you.html", {"audience": audience}, status=403)


@require_GET
def my_programmes(request):
    """The manager's landing page: what is due now, soonest first, then their BLK-Ks.

    Queries: the managed BLK-Ks, then those of `reports_due` (the roadmaps, and two per
    roadmap), so the count does not grow with programmes or reports.
    """
    user = request.user
    blkks = list(Blkk.objects.filter(BlkkScope(user).reporting()).select_related("regency").order_by("name", "pk"))
    if not blkks:
        return not_for_you(request, "manager")
    due = reports_due(user)
    for blkk in blkks:
        blkk.due_count = sum(item.blkk_id == blkk.pk for item in due.items)
    return render(request, "roadmap/my_programmes.html", {"due": due, "blkks": blkks})


@require_POST
def report_review(request, pk):
    """Approve or return a report; 404 outside the reader's sight, 403 for readers who may not review."""
    report = visible_report(request.user, pk)
    if not StatusReport.objects.in_review_scope(request.user).filter(pk=report.pk).exists():
        raise PermissionDenied(_("Only the staff of this BLK-K's mentor centre review its reports."))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return render_report_detail(request, report, review_form=form, status=400)
    try:
        review_report(report, user=request.user, approve=form.approves, note=form.cleaned_data["note"])
    except RoadmapError as error:
        messages.error(request, str(error))
        return redirect(report)
    names = {"blkk": report.implementation.blkk}
    if form.approves:
        messages.success(request, _("The report of %(blkk)s has been approved.") % names)
    else:
        messages.success(request, _("The report of %(blkk)s has been returned with your note.") % names)
    # The target is a URL, never a view name, so it skips redirect()'s reversing (which fails on "0").
    target = safe_next(request)
    return HttpResponseRedirect(target) if target else redirect("roadmap:review-queue")


def safe_next(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return None
