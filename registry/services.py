"""The registry's workflows: registering a BLK-K and saving its profile.

The profile form, Django admin and anything else that changes a BLK-K's own facts call
these functions; each runs in one transaction and leaves one entry in its history (who,
when, why, vocational fields included).

Two fields are not theirs to change: the independence level follows the classification
workflow (`roadmap.services.record_classification`) and the mentor centre the Director
General's decrees (`forum.services`). Whatever an instance carries there, the stored
values are kept.

A BLK-K that moves to a regency of another province, or changes its host institution type
or its vocational fields, changes what the province rollups count (they sum BLK-Ks by
province, and by province and type or field). The registry does not know about roadmaps:
it sends `blkk_regrouped` inside the transaction of the save, and the roadmap app
recounts the old and the new province's rollups (`roadmap.services.refresh_rollups_after_regroup`).

Across many records: the dry run and the import of a BLK-K spreadsheet (`dry_run`,
`import_blkks`), checked by `registry.imports`.
"""

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import save_with_history
from blkk_portal.versioning import Conflict, claim_version

from . import tallies
from .imports import check_sheet
from .models import Blkk, SpreadsheetImport

# Sent with `blkk` (as saved) and `old_regency` (a Regency) when a profile save changed the
# BLK-K's province, host institution type or vocational fields; receivers run inside the
# transaction of the save.
blkk_regrouped = Signal()

# Set by the classification and decree workflows only.
WORKFLOW_FIELDS = ("level", "mentor_centre_id")

CONFLICT_MESSAGE = _(
    "Someone saved this BLK-K after you opened it. Open it again to see their change, then redo yours."
)


class ProfileConflict(Conflict):
    """Someone saved the profile after it was opened; `current` is the BLK-K as saved now."""

    default_message = CONFLICT_MESSAGE


def register_blkk(blkk, *, by, vocational_fields=(), managers=(), reason=None):
    """Add a new BLK-K (built, not yet saved); it starts unclassified and without a mentor centre."""
    if blkk.pk is not None:
        raise ValueError("register_blkk() adds a new BLK-K; save an existing one with save_blkk_profile().")
    blkk.level, blkk.mentor_centre = Blkk.Level.UNCLASSIFIED, None
    with transaction.atomic():
        save_with_history(
            blkk, by=by, reason=reason, m2m={"vocational_fields": vocational_fields, "managers": managers}
        )
    return blkk


def save_blkk_profile(blkk, *, by, expected_version, vocational_fields=None, managers=None, reason=None):
    """Save the profile values set on `blkk` if nobody saved it since `expected_version`.

    Raises ProfileConflict (a Conflict) carrying the BLK-K as saved now otherwise. The
    many-to-many fields are replaced when given. Level and mentor centre keep their
    stored values. A change of province, host type or vocational fields sends
    `blkk_regrouped`, so the rollups of the old and new province are recounted in the
    same transaction.
    """
    # The tallies are recounted last, after the rollups have locked their provinces (lock order).
    with transaction.atomic(), tallies.deferred():
        claim_version(
            blkk,
            expected_version,
            conflict=ProfileConflict,
            current=Blkk.objects.select_related("regency__province").prefetch_related("vocational_fields"),
        )
        stored = Blkk.objects.select_related("regency").get(pk=blkk.pk)
        regrouped = _regrouped(stored, blkk, vocational_fields)
        for name in WORKFLOW_FIELDS:
            setattr(blkk, name, getattr(stored, name))
        m2m = {}
        if vocational_fields is not None:
            m2m["vocational_fields"] = vocational_fields
        if managers is not None:
            m2m["managers"] = managers
        save_with_history(blkk, by=by, reason=reason, m2m=m2m)
        if regrouped:
            blkk_regrouped.send(sender=Blkk, blkk=blkk, old_regency=stored.regency)
    return blkk


def _regrouped(stored, blkk, vocational_fields):
    """Whether the save moves the BLK-K to another province, host type or set of vocational fields."""
    if stored.regency.province_id != blkk.regency.province_id or stored.host_type_id != blkk.host_type_id:
        return True
    if vocational_fields is None:
        return False
    chosen = {getattr(field, "pk", field) for field in vocational_fields}
    return chosen != set(stored.vocational_fields.values_list("pk", flat=True))


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
        with tallies.deferred(bulk=True):  # the provinces counted again once, not once per row
            for change in plan.rows:
                _apply(change, user, reason)
        record.status = SpreadsheetImport.Status.IMPORTED
        record.imported_at = timezone.now()
        record.save(update_fields=["status", "imported_at"])
    return plan


def _apply(change, user, reason):
    """Create or change one BLK-K through the registry's own workflows, with the import as the reason.

    So an import keeps every rule a profile save keeps: one history entry, the version
    moved on, level and mentor centre untouched, and a move to another province recounted.
    """
    if change.blkk is None:
        blkk = Blkk(registry_number=change.registry_number, **change.values)
        register_blkk(blkk, by=user, vocational_fields=change.vocational_fields or (), reason=reason)
        return
    if not change.changes:
        return
    blkk = change.blkk
    for name, value in change.values.items():
        setattr(blkk, name, value)
    # The row is locked since the check (`check_sheet(lock=True)`), so its version still holds.
    save_blkk_profile(
        blkk, by=user, expected_version=blkk.version, vocational_fields=change.vocational_fields, reason=reason
    )
