"""Roadmaps and programmes: browsing them, and the forms that manage programmes and lock periods.

Every signed-in user browses. Managing is for `Roadmap.objects.manageable_by` (the owning
forum's board, its mentor centre's staff, admins); others get 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..forms import ImplementationFilterForm, PeriodLockForm, ProgrammeForm
from ..models import (
    Implementation,
    Indicator,
    IndicatorTarget,
    Programme,
    ProgrammeStatusRollup,
    ReportingPeriod,
    Roadmap,
    RollupRefresh,
)
from ..querysets import may_manage_roadmap
from ..services import create_programme, lock_period, unlock_period, update_programme

ROWS_PER_PAGE = 25
Status = Implementation.Status


def refreshing_note():
    """Said after every change that moves the dashboards' numbers (a programme's dates or participants)."""
    return _("The dashboards' numbers are being recounted in the background and are current within minutes.")


def roadmap_to_manage(user, pk):
    """The roadmap by id if the user may manage it; 404 when unseen, 403 when seen but not theirs."""
    roadmap = get_object_or_404(Roadmap.objects.visible_to(user).select_related("forum"), pk=pk)
    if not may_manage_roadmap(user, roadmap):
        raise PermissionDenied(_("Only the forum's board, its mentor centre and administrators manage this roadmap."))
    return roadmap


@require_GET
def roadmap_list(request):
    roadmaps = list(
        Roadmap.objects.visible_to(request.user)
        .select_related("forum", "adopted_at")
        .annotate(
            pillar_count=Count("pillars", distinct=True),
            programme_count=Count("pillars__programmes", distinct=True),
        )
    )
    return render(request, "roadmap/roadmap_list.html", {"roadmaps": roadmaps})


@require_GET
def roadmap_detail(request, pk):
    roadmap = get_object_or_404(Roadmap.objects.visible_to(request.user).select_related("forum", "adopted_at"), pk=pk)
    years = list(range(roadmap.start_year, roadmap.end_year + 1))
    pillars = list(
        roadmap.pillars.order_by("number").prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("code").prefetch_related(
                    Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
                ),
            ),
            Prefetch("programmes", queryset=Programme.objects.order_by("code")),
        )
    )
    distribution = status_distribution(roadmap)
    for pillar in pillars:
        for indicator in pillar.indicators.all():
            by_year = {target.year: target for target in indicator.targets.all()}
            indicator.cells = [by_year.get(year) for year in years]
        for programme in pillar.programmes.all():
            counts = distribution.get(programme.pk, {})
            programme.status_counts = [(status, counts[status]) for status in Status if counts.get(status)]
            programme.implementation_count = sum(counts.values())
    context = {
        "roadmap": roadmap,
        "years": years,
        "pillars": pillars,
        "weight_total": sum(pillar.weight for pillar in pillars),
        "periods": list(roadmap.periods.order_by("starts_on")),
        "current_period": roadmap.periods.current(),
        "can_manage": may_manage_roadmap(request.user, roadmap),
        "refreshing_since": RollupRefresh.objects.of_roadmap(roadmap).since(),
    }
    return render(request, "roadmap/roadmap_detail.html", context)


def status_distribution(roadmap):
    """{programme id: {status: count}} of the latest reported statuses, from the programmes' status counts.

    One small query over `ProgrammeStatusRollup` (a few rows a programme), which
    `roadmap.programme_status` keeps equal to a count of the implementations; counting
    those live would read every implementation of the roadmap on every view.
    """
    rows = ProgrammeStatusRollup.objects.of_roadmap(roadmap).filter(count__gt=0).order_by()
    distribution = {}
    for programme_id, status, count in rows.values_list("programme_id", "status", "count"):
        distribution.setdefault(programme_id, {})[status] = count
    return distribution


def programme_create(request, pk):
    roadmap = roadmap_to_manage(request.user, pk)
    form = ProgrammeForm(request.POST or None, roadmap=roadmap)
    if request.method == "POST" and form.is_valid():
        programme, joined = create_programme(form.instance, by=request.user, participants=form.participants())
        messages.success(
            request,
            _("Programme %(code)s has been added; %(count)s BLK-Ks take part.")
            % {"code": programme.code, "count": joined}
            + " "
            + refreshing_note(),
        )
        return redirect(programme)
    return render(request, "roadmap/programme_form.html", {"form": form, "roadmap": roadmap, "programme": None})


def programme_edit(request, pk):
    programme = get_object_or_404(Programme.objects.visible_to(request.user).select_related("pillar"), pk=pk)
    roadmap = roadmap_to_manage(request.user, programme.pillar.roadmap_id)
    form = ProgrammeForm(request.POST or None, roadmap=roadmap, instance=programme)
    if request.method == "POST" and form.is_valid():
        programme, joined = update_programme(form.instance, by=request.user, participants=form.participants())
        text = _("Programme %(code)s has been updated.") % {"code": programme.code}
        if joined:
            text += " " + _("%(count)s BLK-Ks joined it.") % {"count": joined}
        messages.success(request, text + " " + refreshing_note())
        return redirect(programme)
    return render(request, "roadmap/programme_form.html", {"form": form, "roadmap": roadmap, "programme": programme})


@require_POST
def period_lock(request, pk):
    periods = ReportingPeriod.objects.filter(roadmap__in=Roadmap.objects.visible_to(request.user))
    period = get_object_or_404(periods, pk=pk)
    roadmap = roadmap_to_manage(request.user, period.roadmap_id)
    form = PeriodLockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to lock or unlock the period."))
    elif form.cleaned_data["action"] == "lock":
        lock_period(period, by=request.user)
        messages.success(request, _("Period %(period)s is locked: it takes no more reports.") % {"period": period})
    else:
        unlock_period(period, by=request.user)
        messages.success(request, _("Period %(period)s is open for reports again.") % {"period": period})
    return redirect(roadmap.get_absolute_url() + "#periods")


@require_GET
def programme_detail(request, pk):
    user = request.user
    programme = get_object_or_404(Programme.objects.visible_to(user).select_related("pillar__roadmap__forum"), pk=pk)
    filters = ImplementationFilterForm(request.GET)
    implementations, status = filters.filter(Implementation.objects.visible_to(user).filter(programme=programme))
    if filters.errors:
        messages.warning(request, _("Some filters were not understood and have been ignored."))
    # Counts per status ignore the status filter, so each one can link to its rows.
    counts = implementations.aggregate(
        total=Count("pk"), **{value: Count("pk", filter=Q(status=value)) for value in Status.values}
    )
    if status:
        implementations = implementations.filter(status=status)
    reports_visible = Implementation.objects.reports_visible_to(user).filter(pk=OuterRef("pk"))
    rows = (
        implementations.select_related("blkk__regency__province", "latest_report__period")
        .annotate(reports_visible=Exists(reports_visible))
        .order_by("blkk__name", "blkk_id")
    )
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "programme": programme,
        "roadmap": programme.pillar.roadmap,
        "filters": filters,
        "status": status,
        "filtered": any(filters.cleaned_data.get(name) for name in ("q", "status", "province")),
        "total": counts.pop("total"),
        "status_counts": [(Status(value), count) for value, count in counts.items()],
        "page_obj": page,
        "can_manage": may_manage_roadmap(user, programme.pillar.roadmap),
    }
    return render(request, "roadmap/programme_detail.html", context)
