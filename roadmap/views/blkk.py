"""A BLK-K's side of the roadmap: its progress section (scores, trajectory) and its classification.

The registry's BLK-K page loads the progress section with htmx, because the registry
must not import the roadmap; without JavaScript, the same URL is a page of its own.
"""

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from registry.models import Blkk

from ..forms import ClassificationForm
from ..models import Classification, Implementation, Roadmap
from ..querysets import BlkkScope, classifiable_blkks
from ..scoring import blkk_scores, rounded, score_trajectory
from ..services import RoadmapError, record_classification

CHART_SCRIPT = "vendor/chartjs/chart.umd.min.js"


@require_GET
def blkk_progress(request, pk):
    """Scores per pillar beside the official level, their trajectory, and the BLK-K's programmes.

    Queries: the BLK-K, its roadmaps, the implementations, whether the reader sees its
    reports or may classify it, then per roadmap two for the scores and three for the
    trajectory. A BLK-K takes part in one or two roadmaps, whatever its number of programmes.
    Whoever sees its reports also sees its classification history: one query more.
    """
    user = request.user
    blkk = get_object_or_404(Blkk.objects.visible_to(user).select_related("regency__province"), pk=pk)
    roadmaps = list(
        Roadmap.objects.visible_to(user)
        .filter(pillars__programmes__implementations__blkk=blkk)
        .distinct()
        .select_related("forum")
        .order_by("-start_year", "pk")
    )
    implementations = list(
        Implementation.objects.visible_to(user)
        .filter(blkk=blkk)
        .select_related("programme__pillar", "latest_report")
        .order_by("programme__pillar__number", "programme__code", "pk")
    )
    sees_reports = Blkk.objects.filter(BlkkScope(user).reports(), pk=blkk.pk).exists()
    context = {
        "blkk": blkk,
        "sections": [roadmap_section(blkk, roadmap, implementations) for roadmap in roadmaps],
        "sees_reports": sees_reports,
        "can_classify": classifiable_blkks(user).filter(pk=blkk.pk).exists(),
        "chart_script": CHART_SCRIPT if finders.find(CHART_SCRIPT) else None,
        # The report rule (Classification.objects.visible_to) decides, as on the classification form.
        "classifications": classification_history(blkk, user) if sees_reports else None,
    }
    template = "roadmap/_blkk_progress.html" if request.htmx else "roadmap/blkk_progress.html"
    return render(request, template, context)


def roadmap_section(blkk, roadmap, implementations):
    """One roadmap's part of the section: scores, trajectory (as a table and as chart data), programmes."""
    trajectory = score_trajectory(blkk, roadmap)
    return {
        "roadmap": roadmap,
        "scores": with_weighted_scores(blkk_scores(blkk, roadmap)),
        "trajectory": trajectory,
        "chart_id": f"roadmap-trajectory-{roadmap.pk}",
        "chart": {
            "labels": [period.label for period, _overall in trajectory],
            "values": [overall for _period, overall in trajectory],
        },
        "implementations": [i for i in implementations if i.programme.pillar.roadmap_id == roadmap.pk],
    }


def classification_history(blkk, user):
    """The BLK-K's assessments that the user may see, newest first, each with the level before it: one query."""
    rows = list(
        Classification.objects.visible_to(user)
        .filter(blkk=blkk)
        .select_related("assessor")
        .order_by("-assessed_on", "-pk")
    )
    # The oldest one recorded in the portal has no level before it that the portal knows of.
    for row, older in zip(rows, [*rows[1:], None], strict=False):
        row.previous_level = older.level if older is not None else None
    return rows


def with_weighted_scores(scores):
    """Add each pillar's weight × score, the terms of the sum the explanation shows."""
    for row in scores["pillars"]:
        row["weighted"] = None if row["score"] is None else rounded(row["weight"] * row["score"])
    return scores


def classification_create(request, pk):
    user = request.user
    blkk = get_object_or_404(Blkk.objects.visible_to(user).select_related("regency__province"), pk=pk)
    if not classifiable_blkks(user).filter(pk=blkk.pk).exists():
        raise PermissionDenied(_("Only ministry staff and this BLK-K's mentor centre record its independence level."))
    form = ClassificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_classification(
                blkk,
                user=user,
                level=Blkk.Level(data["level"]),
                assessed_on=data["assessed_on"],
                evidence=data["evidence"],
                note=data["note"],
            )
        except RoadmapError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The level of %(blkk)s has been recorded: %(level)s.")
                % {"blkk": blkk.name, "level": Blkk.Level(data["level"]).label},
            )
            return redirect(blkk)
    context = {
        "blkk": blkk,
        "form": form,
        "history": classification_history(blkk, user),
        "today": timezone.localdate(),
    }
    return render(request, "roadmap/classification_form.html", context)
