"""The mentor's review queue: its backlog, filters and cards, and approving several reports at once.

Both answer 403 with a page that says whom they are for when the user has no BLK-K to
review; the scope itself comes from `BlkkScope`, never from a role check here.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from blkk_portal.forms_common import is_id
from registry.models import TrainingCentre

from ..forms import ReviewForm
from ..models import StatusReport
from ..querysets import REVIEW_WAIT_DAYS, BlkkScope
from ..review_queue import QueueFilterForm, queue_choices, queue_of, reports_of
from ..services import RoadmapError, review_report
from .work import REPORTS_PER_PAGE, not_for_you, safe_next

# One page of the queue is 25 reports; a hand-made form cannot make one request approve thousands.
MAX_SELECTED = 100


@require_GET
def review_queue(request):
    """The backlog first, then the reports waiting for review, filtered and sorted as the query string says.

    Queries: the BLK-Ks in the reader's review scope, the filter choices (programmes,
    periods, regencies), the backlog, the reader's centres, the count (only when
    filtered: else the backlog's), the page's report ids and their reports; the same
    however many reports wait.
    """
    user = request.user
    queue = queue_of(user)
    if queue is None:
        return not_for_you(request, "mentor")
    filters = QueueFilterForm(request.GET, choices=queue_choices(queue))
    backlog = backlog_of(queue)
    paginator = Paginator(filters.apply(queue).values_list("report_id", flat=True), REPORTS_PER_PAGE)
    if not filters.filtered:
        paginator.count = backlog["waiting"]  # the same rows: counting them twice would cost a query
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = reports_of(list(page.object_list))
    context = {
        "backlog": backlog,
        "centres": list(TrainingCentre.objects.staffed_by(user).order_by("name").values("pk", "name")),
        "filters": filters,
        "page_obj": page,
        "review_form": ReviewForm(),
        "today": timezone.localdate(),
    }
    return render(request, "roadmap/review_queue.html", context)


def backlog_of(queue):
    """The summary at the top of the queue: how many wait, how many too long, the oldest's age in days."""
    backlog = queue.backlog()
    oldest = backlog["oldest"]
    backlog["oldest_days"] = (timezone.localdate() - timezone.localdate(oldest)).days if oldest else None
    backlog["overdue_days"] = REVIEW_WAIT_DAYS
    return backlog


@require_POST
@transaction.non_atomic_requests
def review_approve_selected(request):
    """Approve the selected reports, each through `review_report` in its own transaction.

    Each report is refused on its own, with a message, when it is outside the reader's
    review scope, already reviewed, or has a concern (`REVIEW_CONCERNS`); the others are
    approved. Reports are taken in their province's code order, the order in which every
    writer locks provinces.
    """
    user = request.user
    if not BlkkScope(user).reviews_anything():
        return not_for_you(request, "mentor")
    target = safe_next(request)
    back = HttpResponseRedirect(target) if target else redirect("roadmap:review-queue")
    submitted = request.POST.getlist("report")
    ids = list(dict.fromkeys(int(value) for value in submitted if is_id(value)))
    if not submitted:
        messages.warning(request, _("Select the reports to approve first."))
        return back
    if len(ids) > MAX_SELECTED:
        messages.error(request, _("Approve at most %(limit)s reports at once.") % {"limit": MAX_SELECTED})
        return back
    reports = list(
        StatusReport.objects.in_review_scope(user)
        .filter(pk__in=ids)
        .select_related("implementation__blkk__regency", "implementation__programme", "period")
        .order_by("implementation__blkk__regency__province_id", "pk")
    )
    # Values that are no id, and ids outside the scope or no longer waiting ("5" and "05" are one report).
    unknown = len({value for value in submitted if not is_id(value)}) + len(ids) - len(reports)
    if unknown:
        messages.error(
            request,
            ngettext(
                "%(count)s selected report is not one you may review; it was left alone.",
                "%(count)s selected reports are not ones you may review; they were left alone.",
                unknown,
            )
            % {"count": unknown},
        )
    approved = 0
    for report in reports:
        try:
            review_report(report, user=user, approve=True, require_clear=True)
        except RoadmapError as error:
            messages.error(request, describe(report, str(error)))
        else:
            approved += 1
    if approved:
        messages.success(
            request,
            ngettext("%(count)s report has been approved.", "%(count)s reports have been approved.", approved)
            % {"count": approved},
        )
    return back


def describe(report, reason):
    implementation = report.implementation
    names = {
        "blkk": implementation.blkk.name,
        "programme": implementation.programme.code,
        "period": report.period.label,
        "reason": reason,
    }
    return _("Not approved: %(blkk)s, %(programme)s, %(period)s. %(reason)s") % names
