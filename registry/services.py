"""Registry workflows across many records: the dry run and the import of a BLK-K spreadsheet."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .imports import check_sheet
from .models import Blkk, SpreadsheetImport


class ImportRefused(Exception):
    """The import cannot run as confirmed; the message says why and nothing was written."""

    def __init__(self, message, plan=None):
        super().__init__(message)
        self.message, self.plan = message, plan


def dry_run(sheet, scope, *, user):
    """Check a sheet, record the dry run, and answer (record, plan). Writes no BLK-K."""
    plan = check_sheet(sheet, scope)
    record = SpreadsheetImport.objects.create(
        kind=SpreadsheetImport.Kind.BLKKS,
        file_name=sheet.name[:255],
        sha256=sheet.sha256,
        user=user,
        plan_digest=plan.digest(),
        created_count=len(plan.created),
        changed_count=len(plan.changed),
        unchanged_count=len(plan.unchanged),
        error_count=len(plan.errors),
    )
    return record, plan


def import_blkks(record, sheet, scope, *, user):
    """Write what the dry run `record` showed for `sheet`, every row or none; answer the Plan written.

    The file must be the one of the dry run (same SHA-256) and the registry must still
    give the same plan: the BLK-Ks in the file are locked, the sheet checked again, and
    any difference refuses the whole import.
    """
    if record.status != SpreadsheetImport.Status.CHECKED or record.user_id != user.pk:
        raise ImportRefused(_("This dry run has already been imported or is not yours. Start again with the file."))
    if sheet.sha256 != record.sha256:
        raise ImportRefused(
            _("This file is not the one checked in the dry run: its content changed. Run the dry run again with it.")
        )
    with transaction.atomic():
        # The BLK-Ks in the file stay locked to the end: nobody saves them between check and write.
        plan = check_sheet(sheet, scope, lock=True)
        if plan.errors:
            raise ImportRefused(_("The file now has errors; nothing was imported."), plan)
        if plan.digest() != record.plan_digest:
            raise ImportRefused(
                _("The registry changed since the dry run, so the import would differ from it. Check the file again."),
                plan,
            )
        reason = record.reason()
        for change in plan.rows:
            _apply(change, user, reason)
        record.status = SpreadsheetImport.Status.IMPORTED
        record.imported_at = timezone.now()
        record.save(update_fields=["status", "imported_at"])
    return plan


def _apply(change, user, reason):
    """Create or change one BLK-K with one history entry carrying the import as its reason."""
    if change.blkk is None:
        blkk = Blkk(registry_number=change.registry_number, **change.values)
        blkk._history_user, blkk._change_reason = user, reason
        blkk.save()
        if change.vocational_fields:
            # A second entry, "fields added", with the same reason: the row needs its id first.
            blkk.vocational_fields.set(change.vocational_fields)
        return
    if not change.changes:
        return
    blkk = change.blkk
    for name, value in change.values.items():
        setattr(blkk, name, value)
    blkk.version += 1
    blkk._history_user, blkk._change_reason = user, reason
    if change.vocational_fields is not None:
        # As in the profile form: the fields go in first without an entry, so one entry holds the whole change.
        blkk.skip_history_when_saving = True
        try:
            blkk.vocational_fields.set(change.vocational_fields)
        finally:
            del blkk.skip_history_when_saving
    blkk.save()
