"""The four dashboards: national overview, province, forum and mentor centre.

They share one body (`dashboard_context`): the reader's scope narrowed by the page and
the filters, then a fixed set of aggregate queries, so a page's query count does not
depend on the data. With htmx, the filter form swaps only the body. What a view renders
is kept until the next commit in the database (`page_cache`), so a reader who comes
back to an unchanged dashboard does not pay for its twenty aggregates again.
"""

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import sees_everything
from blkk_portal.middleware import same_for_everyone
from forum.models import Forum
from forum.querysets import MentorState
from registry.models import Blkk, Province, TrainingCentre
from roadmap.models import Implementation, RollupRefresh
from roadmap.services import is_past_due

from . import charts, geo, maps, page_cache, querysets
from .filters import DashboardFilterForm
from .states import State
from .tables import breakdown_rows, trend_rows, url_prefix

Status = Implementation.Status
CHART_SCRIPT = "vendor/chartjs/chart.umd.min.js"
BLKK_ROWS = 10  # BLK-Ks shown on a province, forum or centre dashboard; the full list is one link away


def filter_form(request, roadmap):
    periods = list(roadmap.periods.order_by("starts_on")) if roadmap else []
    current = roadmap.periods.current() if roadmap else None
    return DashboardFilterForm(request.GET, periods=periods, current=current)


def current_period(roadmap, form):
    """The period the page shows and the one before it (None where there is none)."""
    chosen = form.chosen_period()
    if chosen is None:
        return None, None
    periods = list(form.periods.values())
    index = next(i for i, period in enumerate(periods) if period.pk == chosen.pk)
    return chosen, periods[index - 1] if index else None


def not_for_you(request, message):
    return render(request, "dashboards/not_for_you.html", {"message": message}, status=403)


@require_GET
def national(request):
    """The national overview for ministry staff and admins; everyone else sees it for their own scope."""
    return show_dashboard(request, lambda: _national(request))


def _national(request):
    user = request.user
    context = dashboard_context(request, breakdowns=("province", "host_type", "field"))
    if querysets.turns_away(user, context["counts"], context["form"]):
        return not_for_you(request, _("Dashboards count the BLK-Ks whose reports you may see; your account has none."))
    forums = querysets.forums_in_view(user, context["blkks"])
    context.update(
        title=_("National overview") if sees_everything(user) else _("Your BLK-Ks"),
        # Everyone's forum counts link to the forum list; a narrower scope gets its few forums listed here.
        forums=None if sees_everything(user) else forums.for_list().national_first(),
        forum_state_rows=[
            (state.value, state.label, count)
            for state, count in zip(MentorState, querysets.forum_states(forums).values(), strict=True)
        ],
        forum_list_matches=sees_everything(user),
    )
    return finish_context(request, context)


@require_GET
def province(request, code):
    return show_dashboard(request, lambda: _province(request, code))


def _province(request, code):
    if not (code[:2].isascii() and code[:2].isdigit()):  # not a province code: a NUL would upset PostgreSQL
        raise Http404
    province = get_object_or_404(Province.objects.visible_to(request.user), code=code[:2])
    context = dashboard_context(request, province=province, breakdowns=("regency", "host_type", "field"))
    if querysets.turns_away(request.user, context["counts"], context["form"]):
        return not_for_you(request, _("None of this province's BLK-Ks is in your scope."))
    context.update(
        title=province.name,
        place=province,
        forums=querysets.forums_in_view(request.user, context["blkks"], province).for_list(),
    )
    return finish_context(request, context)


@require_GET
def forum(request, pk):
    return show_dashboard(request, lambda: _forum(request, pk))


def _forum(request, pk):
    forum = get_object_or_404(Forum.objects.visible_to(request.user).select_related("province"), pk=pk)
    by = "province" if forum.kind == Forum.Kind.NATIONAL else "regency"
    context = dashboard_context(request, forum=forum, breakdowns=(by, "host_type"))
    if querysets.turns_away(request.user, context["counts"], context["form"]):
        return not_for_you(request, _("None of this forum's member BLK-Ks is in your scope."))
    mentor = Forum.objects.filter(pk=forum.pk).for_list().first()
    context.update(title=str(forum), forum=forum, mentor=mentor, forums=[mentor])
    return finish_context(request, context)


@require_GET
def centre(request, pk):
    """A mentor centre's BLK-Ks and review backlog: for its own staff, ministry staff and admins."""
    return show_dashboard(request, lambda: _centre(request, pk))


def _centre(request, pk):
    user = request.user
    centre = get_object_or_404(TrainingCentre.objects.visible_to(user).with_dashboard_access(user), pk=pk)
    if not centre.reader_opens_dashboard:
        raise PermissionDenied(_("A centre's dashboard is for its own staff and the ministry."))
    context = dashboard_context(request, centre=centre, breakdowns=("province", "host_type"))
    context.update(
        title=str(centre),
        centre=centre,
        backlog=querysets.centre_backlog(context["blkks"]),
        reviews_here=centre.reader_is_staff,
    )
    return finish_context(request, context)


def dashboard_context(request, *, province=None, forum=None, centre=None, breakdowns=()):
    """What every dashboard shows, for the reader's scope narrowed by the page's place and the filters."""
    user = request.user
    roadmap = querysets.main_roadmap(user)
    form = filter_form(request, roadmap)
    period, previous = current_period(roadmap, form)
    blkks = querysets.blkks_in_view(user, form, province=province, forum=forum, centre=centre)
    rollups = querysets.rollups_for(user, form, blkks, province=province, forum=forum, centre=centre)
    counts = querysets.blkk_counts(blkks, rollups)
    # The filters every link carries, so the list behind a number counts the same rows.
    kept = form.kept("province", "regency", "host_type", "field", "level", "forum", "centre")
    kept |= {"province": province.pk} if province else {}
    kept |= {"forum": forum.pk} if forum else {}
    kept |= {"centre": centre.pk} if centre else {}
    base_query = urlencode(kept)
    if period:
        kept["period"] = period.pk
    tables = {by: querysets.breakdown(blkks, rollups, period, by) for by in breakdowns}
    periods = list(form.periods.values())
    totals = querysets.period_totals(rollups, roadmap, periods) if roadmap else {}
    reporting = totals[period.pk] if period else None
    table_rows = {by: breakdown_rows(by, rows, form, kept) for by, rows in tables.items()}
    names = {code: name for code, (name, _population) in form.provinces.items()}
    return {
        "form": form,
        "roadmap": roadmap,
        "period": period,
        # Before the due date no report can be late: the page says nothing is due yet.
        "past_due": is_past_due(period) if period else False,
        "previous": previous,
        "blkks": blkks,
        "counts": counts,
        "level_rows": [(level, counts[level.value]) for level in Blkk.Level],
        "status_rows": [(status, counts[f"status_{status.value}"]) for status in Blkk.Status],
        "reporting": reporting,
        "reporting_rows": [(state.value, state.label, reporting[state.value]) for state in State] if reporting else [],
        "status_rows_then": [(status, reporting[status.value]) for status in Status] if reporting else [],
        "programmes": querysets.programme_states(roadmap) if roadmap else None,
        "trend": trend_rows(querysets.trend(totals, periods), querysets.level_trend(blkks, roadmap, rollups))
        if roadmap
        else [],
        "tables": table_rows,
        "province_map": maps.province_map(table_rows["province"], names) if "province" in table_rows else None,
        "kept": kept,
        "query": urlencode(kept),
        "base_query": base_query,
        "filtered": querysets.is_filtered(form),
        "ignored": form.ignored(),
        "refreshing_since": RollupRefresh.objects.of_roadmap(roadmap).since() if roadmap else None,
    }


def show_dashboard(request, build):
    """The dashboard page, or only its body for htmx, from `build()`'s context (or its refusal).

    The rendered part is kept by `page_cache` until the database changes; the frame
    around it (navigation, the print footer's time) is rendered on every request.
    """
    template = "dashboards/_body.html" if request.htmx else "dashboards/_page.html"

    def render_part():
        context = build()
        if not isinstance(context, dict):
            return context  # a refusal: decided again on every request
        return {"title": str(context["title"]), "html": render_to_string(template, context, request)}

    page = page_cache.rendered(request, template, render_part)
    if not isinstance(page, dict):
        return page
    if request.htmx:
        return HttpResponse(page["html"])
    chart_script = CHART_SCRIPT if finders.find(CHART_SCRIPT) else None
    # The HTML is the portal's own template output, escaped as it was rendered.
    context = {"title": page["title"], "page": mark_safe(page["html"]), "chart_script": chart_script}  # noqa: S308
    return render(request, "dashboards/dashboard.html", context)


def finish_context(request, context):
    """Add what the templates need beyond the numbers: link prefixes, charts and the first BLK-K rows."""
    context["urls"] = {
        "blkks": reverse("dashboards:blkks"),
        "implementations": reverse("dashboards:implementations"),
        "forum": url_prefix("dashboards:forum"),
        "centre": url_prefix("dashboards:centre"),
    }
    if not sees_everything(request.user) and context.get("forums"):
        # Centre dashboards are for their staff and the ministry: other readers get the names unlinked.
        open_centres = TrainingCentre.objects.dashboards_open_to(request.user).values_list("pk", flat=True)
        context["open_centres"] = set(open_centres)
    context["charts"] = charts.for_dashboard(context)
    blkks = context.pop("blkks")
    if request.resolver_match.url_name != "national":
        rows = querysets.per_blkk_rollup(blkks.select_related("regency"), context["period"])
        context["blkk_rows"] = list(rows.order_by("name", "pk")[:BLKK_ROWS])
    return context


@same_for_everyone
@login_not_required
@transaction.non_atomic_requests
@require_GET
def province_shapes(request):
    """The provinces' shapes that the dashboards' map draws: public geography, the same for everyone.

    Asked for under its current version (`?v=`, as the map does), it may be kept for a
    year; under any other, for five minutes.
    """
    response = HttpResponse(geo.sprite(), content_type="image/svg+xml; charset=utf-8")
    if request.GET.get("v") == geo.sprite_version():
        patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=300)
    return response
