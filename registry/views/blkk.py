"""The BLK-K directory, a BLK-K's page and its profile form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..filters import DirectoryFilterForm
from ..forms import BlkkProfileForm
from ..history import history_of
from ..models import Blkk, Regency, TrainingCentre
from ..querysets import BlkkQuerySet, table_rows
from ..services import ProfileConflict, save_blkk_profile

PAGE_SIZE = 25


@require_GET
def blkk_list(request):
    """The directory: search, filters and sort from the query string, 25 rows a page."""
    form = DirectoryFilterForm(request.GET)
    form.is_valid()  # Invalid filters become messages on the page; the valid ones still apply.
    sort = request.GET.get("sort", "")
    if sort not in BlkkQuerySet.SORTS:
        sort = BlkkQuerySet.DEFAULT_SORT
    blkks = form.filter(Blkk.objects.visible_to(request.user))
    paginator = Paginator(blkks.sorted_by(sort).directory_rows(), PAGE_SIZE)
    # Counted on the BLK-K table with only the joins the filters need, not those of the shown columns.
    paginator.count = blkks.count()
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = table_rows(page.object_list)
    return render(request, "registry/blkk_list.html", {"form": form, "page_obj": page, "sort": sort})


@require_GET
def regency_options(request):
    """The <option>s of the regency filter for a province; htmx swaps them in when the province changes."""
    code = request.GET.get("province", "")
    # Province codes are digits; anything else (a NUL upsets PostgreSQL) has no regencies.
    is_code = code.isascii() and code.isdigit()
    regencies = Regency.objects.filter(province_id=code).values_list("code", "name") if is_code else []
    return render(request, "registry/_regency_options.html", {"regencies": regencies})


@require_GET
def blkk_detail(request, pk):
    blkk = get_object_or_404(
        Blkk.objects.visible_to(request.user)
        .select_related("regency__province", "host_type")
        .prefetch_related("vocational_fields", "managers"),
        pk=pk,
    )
    context = {
        "blkk": blkk,
        "mentor_centres": list(TrainingCentre.objects.mentoring(blkk).order_by("name")),
        "can_edit": Blkk.objects.editable_by(request.user).filter(pk=blkk.pk).exists(),
        "history": history_of(blkk),
    }
    return render(request, "registry/blkk_detail.html", context)


@require_http_methods(["GET", "POST"])
def blkk_edit(request, pk):
    """The profile form; a stale submission shows what changed meanwhile instead of overwriting it."""
    blkk = get_object_or_404(Blkk.objects.visible_to(request.user).select_related("regency__province"), pk=pk)
    if not Blkk.objects.editable_by(request.user).filter(pk=blkk.pk).exists():
        raise PermissionDenied(_("Only the BLK-K's managers and its mentor centre may change this profile."))
    if request.method == "GET":
        return _render_form(request, BlkkProfileForm(instance=blkk))
    form = BlkkProfileForm(request.POST, instance=blkk)
    if not form.is_valid():
        return _render_form(request, form)
    if not form.has_changed():
        messages.info(request, _("Nothing was changed, so nothing was saved."))
        return redirect(blkk)
    try:
        save_blkk_profile(blkk, by=request.user, **form.service_arguments())
    except ProfileConflict as conflict:
        return _render_stale_form(request, form, conflict.current)
    messages.success(request, _("Profile saved."))
    return redirect(blkk)


def _render_form(request, form, status=200, **extra):
    context = {"blkk": form.instance, "form": form, **extra}
    return render(request, "registry/blkk_edit.html", context, status=status)


def _render_stale_form(request, form, current):
    """Show the saved values next to the submitted ones; re-sending the form saves on top."""
    last_change = current.history.select_related("history_user").first()
    return _render_form(
        request,
        form.rebased_on(current),
        status=409,
        conflicts=form.differences_from(current),
        last_change=last_change,
    )
