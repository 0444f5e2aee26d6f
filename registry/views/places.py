"""The ministry's training centres and the provinces with their BLK-K counts."""

from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ..models import Blkk, Mentorship, Province, TrainingCentre
from ..querysets import table_rows
from .blkk import PAGE_SIZE


@require_GET
def centre_list(request):
    centres = (
        TrainingCentre.objects.visible_to(request.user).with_blkk_counts().select_related("regency__province", "parent")
    )
    return render(request, "registry/centre_list.html", {"centres": centres})


@require_GET
def centre_detail(request, pk):
    """A centre, its outposts and staff, what it mentors in force today, and its BLK-Ks by level."""
    centre = get_object_or_404(
        TrainingCentre.objects.visible_to(request.user).select_related("regency__province", "parent"), pk=pk
    )
    mentored = Blkk.objects.visible_to(request.user).mentored_by_centre(centre)
    level_counts = mentored.level_counts()
    paginator = Paginator(mentored.order_by("name", "pk").directory_rows(), PAGE_SIZE)
    # The aggregate above already counted the rows; telling the paginator saves a COUNT query.
    paginator.count = level_counts["total"]
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = table_rows(page.object_list)
    context = {
        "centre": centre,
        "outposts": centre.outposts.select_related("regency"),
        "staff": centre.staff.order_by("full_name", "username"),
        "mentorships": Mentorship.objects.effective()
        .filter(centre=centre)
        .select_related("province", "blkk", "source"),
        "level_counts": _level_rows(level_counts),
        "page_obj": page,
    }
    return render(request, "registry/centre_detail.html", context)


@require_GET
def province_list(request):
    """The provinces with their BLK-K counts, per 100,000 inhabitants too, and the national total."""
    blkk_count = Blkk.objects.visible_to(request.user).count()
    population = Province.objects.aggregate(total=Sum("population"))["total"] or 0
    context = {
        "provinces": Province.objects.visible_to(request.user).with_blkk_counts(),
        "national": {
            "blkk_count": blkk_count,
            "population": population,
            "blkk_per_100k": blkk_count * 100_000 / population if population else None,
        },
    }
    return render(request, "registry/province_list.html", context)


@require_GET
def province_detail(request, code):
    """A province with its totals, its BLK-Ks by level and each regency's count."""
    if not (code.isascii() and code.isdigit()):  # not a province code: a NUL would upset PostgreSQL
        raise Http404
    province = get_object_or_404(Province.objects.visible_to(request.user).with_blkk_counts(), code=code)
    in_province = Blkk.objects.visible_to(request.user).filter(regency__province=province)
    context = {
        "province": province,
        "regencies": province.regencies.with_blkk_counts(),
        "level_counts": _level_rows(in_province.level_counts()),
    }
    return render(request, "registry/province_detail.html", context)


def _level_rows(counts):
    """(level, count) pairs in the order of Blkk.Level, for a table or badges."""
    return [(level, counts[level.value]) for level in Blkk.Level]
