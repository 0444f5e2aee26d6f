"""The lists behind the dashboards' numbers, and their exports.

A number on a dashboard links here with the same filters; the list starts from the
same `blkks_in_view`, so its length is the number. Each list exports to CSV and XLSX
with the same rows, and so do the dashboards' tables, the directory and a programme's
participants (through the registry's and roadmap's own filter forms).
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from registry.filters import DirectoryFilterForm
from registry.models import Blkk
from registry.querysets import BlkkQuerySet
from roadmap.forms import ImplementationFilterForm
from roadmap.models import Implementation, Programme

from . import querysets
from .columns import BLKK_COLUMNS, DIRECTORY_COLUMNS, IMPLEMENTATION_COLUMNS, breakdown_columns, trend_columns
from .exports import export_response, queryset_rows
from .states import in_state, with_status_as_of
from .tables import breakdown_rows, trend_rows
from .views import current_period, filter_form

PAGE_SIZE = 25


def _setting(request):
    roadmap = querysets.main_roadmap(request.user)
    form = filter_form(request, roadmap)
    period, previous = current_period(roadmap, form)
    return roadmap, form, period, previous


def blkks_for_list(request):
    roadmap, form, period, _previous = _setting(request)
    blkks = querysets.blkks_in_view(request.user, form).select_related("regency__province", "host_type")
    blkks = blkks.with_mentor_centres()
    return form, period, querysets.per_blkk_rollup(blkks, period).order_by("name", "pk")


class CountedPaginator(Paginator):
    """A Paginator told its count beforehand (None: it counts the rows itself)."""

    def __init__(self, object_list, per_page, count=None):
        super().__init__(object_list, per_page)
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached_property


def implementation_count(request, form, blkks, period, previous):
    """The number of implementations the list shows, from the rollups when they answer it exactly, else None.

    They do for a reporting state of a period with no programme or approved-status
    filter: the same BLK-Ks (`blkks_in_view`) and the same rule (tests hold the rollup
    columns to dashboards.states).
    """
    state = form.value("state")
    if period is None or not state or form.value("programme") or form.value("approved_status"):
        return None
    if state == "stalled" and previous is None:
        return 0
    return querysets.state_count(querysets.rollups_for(request.user, form, blkks), period, state)


def implementations_for_list(request):
    roadmap, form, period, previous = _setting(request)
    blkks = querysets.blkks_in_view(request.user, form)
    return form, period, _implementations(request, roadmap, form, blkks, period, previous)


def _implementations(request, roadmap, form, blkks, period, previous):
    implementations = Implementation.objects.visible_to(request.user)
    if blkks.query.has_filters():  # every BLK-K needs no condition: one relation fewer for the planner
        implementations = implementations.filter(blkk__in=blkks.values("pk"))
    if roadmap is None or period is None:
        return implementations.none()
    implementations = implementations.filter(programme__pillar__roadmap=roadmap)
    if form.value("programme"):
        implementations = implementations.filter(programme=form.value("programme"))
    if form.value("state"):
        implementations = in_state(implementations, form.value("state"), period, previous)
    if form.value("approved_status"):
        is_last = str(period.pk) == list(form.periods)[-1]
        implementations = with_status_as_of(implementations, period, is_last).filter(
            status_then=form.value("approved_status")
        )
    return implementations.select_related(
        "blkk__regency__province", "programme__pillar", "last_approved_period"
    ).order_by("blkk__name", "blkk_id", "programme__code", "pk")


def _list_page(request, rows_for, template):
    form, period, rows = rows_for(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "period": period, "page_obj": page, "ignored": form.ignored(), "active": form.active()}
    return render(request, template, context)


def queryset_export(rows, columns, name, fmt):
    """`rows` (a queryset) exported with `columns`, (field, Column) pairs."""
    fields = [field for field, _column in columns]
    return export_response(queryset_rows(rows, fields), [column for _field, column in columns], name, fmt)


@require_GET
def blkk_list(request):
    return _list_page(request, blkks_for_list, "dashboards/blkk_list.html")


@require_GET
def blkk_export(request, fmt):
    return queryset_export(blkks_for_list(request)[2], BLKK_COLUMNS, "blkk", fmt)


@require_GET
def implementation_list(request):
    roadmap, form, period, previous = _setting(request)
    blkks = querysets.blkks_in_view(request.user, form)
    rows = _implementations(request, roadmap, form, blkks, period, previous)
    count = implementation_count(request, form, blkks, period, previous)
    page = CountedPaginator(rows, PAGE_SIZE, count).get_page(request.GET.get("page"))
    context = {"form": form, "period": period, "page_obj": page, "ignored": form.ignored(), "active": form.active()}
    return render(request, "dashboards/implementation_list.html", context)


@require_GET
def implementation_export(request, fmt):
    return queryset_export(implementations_for_list(request)[2], IMPLEMENTATION_COLUMNS, "implementasi", fmt)


@require_GET
def table_export(request, table, fmt):
    """A dashboard table (`province`, `regency`, `host_type`, `field` or `trend`) as a file."""
    roadmap, form, period, _previous = _setting(request)
    blkks = querysets.blkks_in_view(request.user, form)
    rollups = querysets.rollups_for(request.user, form, blkks)
    if table == "trend":
        periods = list(form.periods.values())
        rows = (
            trend_rows(
                querysets.trend(querysets.period_totals(rollups, roadmap, periods), periods),
                querysets.level_trend(blkks, roadmap),
            )
            if roadmap
            else []
        )
        columns, values = trend_columns()
    elif table in querysets.BREAKDOWNS:
        rows = breakdown_rows(table, querysets.breakdown(blkks, rollups, period, table), form, {})
        columns, values = breakdown_columns(table)
    else:
        raise Http404(_("There is no such table."))
    return export_response((values(row) for row in rows), columns, f"dasbor-{table}", fmt)


@require_GET
def directory_export(request, fmt):
    """The registry directory with its search, filters and sort, as on screen."""
    form = DirectoryFilterForm(request.GET)
    form.is_valid()
    sort = request.GET.get("sort", "")
    if sort not in BlkkQuerySet.SORTS:
        sort = BlkkQuerySet.DEFAULT_SORT
    blkks = form.filter(Blkk.objects.visible_to(request.user).for_directory()).sorted_by(sort)
    return queryset_export(blkks, DIRECTORY_COLUMNS, "direktori-blkk", fmt)


@require_GET
def programme_export(request, pk, fmt):
    """A programme's participating BLK-Ks and their status, with the programme page's filters."""
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    filters = ImplementationFilterForm(request.GET)
    implementations, status = filters.filter(
        Implementation.objects.visible_to(request.user).filter(programme=programme)
    )
    if status:
        implementations = implementations.filter(status=status)
    name = f"program-{programme.code}".replace(".", "-")
    return queryset_export(implementations.order_by("blkk__name", "blkk_id"), IMPLEMENTATION_COLUMNS, name, fmt)
