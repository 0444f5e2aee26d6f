"""The pages of a spreadsheet import: upload and dry run, then confirm with the same file.

The scope (which BLK-Ks the importer may change) comes from the caller: the portal's
page asks the dashboards' scope rules, Django admin gives staff the whole registry.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import ConfirmImportForm, SpreadsheetForm
from ..models import SpreadsheetImport
from ..services import ImportRefused, dry_run, import_blkks
from ..spreadsheets import SpreadsheetError, read_upload


def import_page(request, scope, template, context):
    """GET: the upload form. POST: the dry run of the uploaded file, with the confirm form when it is clean."""
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, template, {**context, "form": form})
    try:
        sheet = read_upload(form.cleaned_data["file"])
    except SpreadsheetError as error:
        form.add_error("file", str(error))
        return render(request, template, {**context, "form": form})
    record, plan = dry_run(sheet, scope, user=request.user)
    confirm = ConfirmImportForm(initial={"dry_run": record.pk}) if not plan.errors and _writes(plan) else None
    return render(
        request, template, {**context, "form": SpreadsheetForm(), "record": record, "plan": plan, "confirm": confirm}
    )


def confirm_page(request, scope, template, context, done_url):
    """POST only: import the file of a dry run, or show why not (nothing written)."""
    form = ConfirmImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, template, {**context, "form": SpreadsheetForm(), "confirm": form}, status=400)
    record = SpreadsheetImport.objects.filter(
        pk=form.cleaned_data["dry_run"], user=request.user, kind=SpreadsheetImport.Kind.BLKKS
    ).first()
    try:
        if record is None:
            raise ImportRefused(_("This dry run has already been imported or is not yours. Start again with the file."))
        sheet = read_upload(form.cleaned_data["file"])
        plan = import_blkks(record, sheet, scope, user=request.user)
    except (ImportRefused, SpreadsheetError) as refusal:
        context = {
            **context,
            "form": SpreadsheetForm(),
            "refusal": str(refusal),
            "plan": getattr(refusal, "plan", None),
        }
        return render(request, template, context, status=409)
    messages.success(
        request,
        _("Imported %(file)s: %(created)s BLK-Ks added, %(changed)s changed, %(unchanged)s left as they were.")
        % {
            "file": record.file_name,
            "created": len(plan.created),
            "changed": len(plan.changed),
            "unchanged": len(plan.unchanged),
        },
    )
    return redirect(done_url)


def _writes(plan):
    return bool(plan.created or plan.changed)
