"""The admin pages that load a draft decree's annex from a spreadsheet: dry run, then confirm.

DecreeAdmin routes its URLs here; the checking and writing live in `annex_import`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.forms import ConfirmImportForm, SpreadsheetForm
from registry.models import SpreadsheetImport
from registry.spreadsheets import SpreadsheetError, read_upload

from .annex_import import AnnexRefused, dry_run_annex, import_annex

TEMPLATE = "admin/forum/decree/annex_import.html"
HELP = gettext_lazy(
    "An .xlsx or .csv file of at most 10 MB with a “Nomor registrasi” (Registry number) column, "
    "as in the directory export, or a single column of registry numbers."
)


class AnnexFileForm(SpreadsheetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = HELP


def annex_import_view(model_admin, request, decree):
    """GET: the upload form. POST: the dry run of the uploaded file, with the confirm form when it is clean."""
    refusal = _refusal(model_admin, request, decree)
    if refusal:
        return refusal
    form = AnnexFileForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            sheet = read_upload(form.cleaned_data["file"])
            record, plan = dry_run_annex(sheet, decree, user=request.user)
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        except AnnexRefused as refused:
            context["refusal"] = refused.message
        else:
            confirm = None if plan.errors else ConfirmImportForm(initial={"dry_run": record.pk})
            context = {"form": AnnexFileForm(), "record": record, "plan": plan, "confirm": confirm}
    return _page(model_admin, request, decree, context)


def annex_confirm_view(model_admin, request, decree):
    """POST: set the annex to the file of a dry run, or show why not (nothing written)."""
    refusal = _refusal(model_admin, request, decree)
    if refusal:
        return refusal
    form = ConfirmImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(model_admin, request, decree, {"form": AnnexFileForm(), "confirm": form}, status=400)
    record = SpreadsheetImport.objects.filter(
        pk=form.cleaned_data["dry_run"], kind=SpreadsheetImport.Kind.ANNEX
    ).first()
    try:
        if record is None:
            raise AnnexRefused(_("This dry run has already been imported or is not yours. Start again with the file."))
        plan = import_annex(record, read_upload(form.cleaned_data["file"]), decree, user=request.user)
    except (AnnexRefused, SpreadsheetError) as refused:
        context = {"form": AnnexFileForm(), "refusal": str(refused), "plan": getattr(refused, "plan", None)}
        return _page(model_admin, request, decree, context, status=409)
    model_admin.log_change(request, decree, _("Annex loaded from %(file)s.") % {"file": record.file_name})
    model_admin.message_user(
        request,
        _("The annex of %(number)s now lists %(count)s BLK-Ks (%(added)s added, %(removed)s removed).")
        % {"number": decree.number, "count": len(plan.blkks), "added": len(plan.added), "removed": len(plan.removed)},
        messages.SUCCESS,
    )
    return redirect("admin:forum_decree_change", decree.pk)


def _refusal(model_admin, request, decree):
    """A signed decree sends the person back to it; someone who may not change drafts is refused."""
    if not decree.is_draft:
        model_admin.message_user(
            request, _("Decree %(number)s is signed; its annex cannot change.") % {"number": decree}, messages.WARNING
        )
        return redirect("admin:forum_decree_change", decree.pk)
    if not model_admin.has_change_permission(request, decree):
        raise PermissionDenied
    return None


def _page(model_admin, request, decree, context, status=200):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": decree,
        "title": _("Load the annex from a spreadsheet"),
        "subtitle": str(decree),
        "confirm_url": reverse("admin:forum_decree_annex_import_confirm", args=[decree.pk]),
        **context,
    }
    return TemplateResponse(request, TEMPLATE, context, status=status)
