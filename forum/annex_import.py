"""A draft decree's annex of BLK-Ks loaded from a spreadsheet of registry numbers.

The same two steps as the BLK-K import: a dry run lists every problem at once (unknown
numbers, numbers given twice, BLK-Ks outside a provincial forum's province) and writes
nothing but its own record; the confirm, with the same file (SHA-256), sets the annex in
one transaction, and only while the decree is still a draft.

The sheet has a "Nomor registrasi" / "Registry number" column, as the directory export
does, or is a single column of numbers with or without a heading.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.imports import CellError, headings_in_both_languages, normal
from registry.models import Blkk, SpreadsheetImport

from .models import Decree

REGISTRY_NUMBER = re.compile(r"^BLKK-\d{4}-\d{2}\.\d{2}-\d{4}$")


class AnnexRefused(Exception):
    """The annex cannot be loaded as asked; the message says why and nothing was written."""

    def __init__(self, message, plan=None):
        super().__init__(message)
        self.message, self.plan = message, plan


@dataclass
class AnnexPlan:
    """The dry run's answer: the errors, and the annex the file gives beside the current one."""

    errors: list = field(default_factory=list)
    blkks: list = field(default_factory=list)  # in the file's order
    current: list = field(default_factory=list)

    @property
    def added(self):
        current = {blkk.pk for blkk in self.current}
        return [blkk for blkk in self.blkks if blkk.pk not in current]

    @property
    def kept(self):
        current = {blkk.pk for blkk in self.current}
        return [blkk for blkk in self.blkks if blkk.pk in current]

    @property
    def removed(self):
        listed = {blkk.pk for blkk in self.blkks}
        return [blkk for blkk in self.current if blkk.pk not in listed]

    def digest(self):
        """A fingerprint of the annex before and after: the confirm refuses when it no longer holds."""
        summary = [sorted(blkk.pk for blkk in self.blkks), sorted(blkk.pk for blkk in self.current)]
        return hashlib.sha256(json.dumps(summary).encode()).hexdigest()


def refuse_unless_annex_may_change(decree):
    if not decree.is_draft:
        raise AnnexRefused(_("Decree %(number)s is signed; its annex cannot change.") % {"number": decree.number})
    if decree.kind != Decree.Kind.MENTOR:
        raise AnnexRefused(_("A board appointment has no annex of BLK-Ks."))


def check_annex(sheet, decree):
    """The AnnexPlan of a Sheet for a draft decree. Reads the database; writes nothing."""
    plan = AnnexPlan(current=list(decree.annex_blkks.select_related("regency__province").order_by("registry_number")))
    numbers = _numbers(sheet, plan)
    found = Blkk.objects.filter(registry_number__in={number for _row, number in numbers})
    by_number = {blkk.registry_number: blkk for blkk in found.select_related("regency__province")}
    province = decree.forum.province
    first_row = {}
    for row, number in numbers:
        blkk = by_number.get(number)
        if not REGISTRY_NUMBER.match(number):
            message = _("This is not a registry number; one looks like BLKK-2019-73.71-0001.")
        elif number in first_row:
            message = _("This registry number is already in row %(row)s.") % {"row": first_row[number]}
        elif blkk is None:
            message = _("No BLK-K in the registry has this registry number.")
        elif province is not None and blkk.regency.province_id != province.pk:
            message = _("This BLK-K is in %(its)s, outside %(province)s, the forum's province.") % {
                "its": blkk.regency.province,
                "province": province,
            }
        else:
            first_row[number] = row
            plan.blkks.append(blkk)
            continue
        first_row.setdefault(number, row)
        plan.errors.append(CellError(row, _("Registry number"), number, message))
    if not numbers and not plan.errors:
        plan.errors.append(CellError(1, "", "", _("The file lists no registry numbers.")))
    return plan


def _numbers(sheet, plan):
    """(row, registry number) of every filled cell of the sheet's registry-number column."""
    known = headings_in_both_languages()
    headers = [normal(heading) for heading in sheet.headers]
    columns = [i for i, heading in enumerate(headers) if known.get(heading) == "registry_number"]
    filled = [i for i, heading in enumerate(headers) if heading]
    rows = sheet.rows
    if columns:
        column = columns[0]
    elif len(filled) == 1:
        column = filled[0]
        if REGISTRY_NUMBER.match(sheet.headers[column].upper()):
            # A bare column of numbers: its first line is a number, not a heading.
            first = rows[0][0] - 1 if rows else 1
            rows = [(first, [None] * column + [sheet.headers[column]]), *rows]
    else:
        plan.errors.append(
            CellError(
                1,
                "",
                "",
                _("The file has no “Registry number” column and more than one column, so it is unclear which to read."),
            )
        )
        return []
    numbers = []
    for row, cells in rows:
        value = cells[column] if column < len(cells) else None
        text = "" if value is None else str(value).strip().upper()
        if text:
            numbers.append((row, text))
    return numbers


def dry_run_annex(sheet, decree, *, user):
    """Check a sheet against a draft decree, record the dry run, and answer (record, plan)."""
    refuse_unless_annex_may_change(decree)
    plan = check_annex(sheet, decree)
    record = SpreadsheetImport.objects.create(
        kind=SpreadsheetImport.Kind.ANNEX,
        file_name=sheet.name[:255],
        sha256=sheet.sha256,
        user=user,
        target=decree.number[:120],
        plan_digest=plan.digest(),
        created_count=len(plan.added),
        changed_count=len(plan.removed),
        unchanged_count=len(plan.kept),
        error_count=len(plan.errors),
    )
    return record, plan


def import_annex(record, sheet, decree, *, user):
    """Set the decree's annex to the BLK-Ks of the file its dry run checked, or refuse; answer the plan."""
    mine = record.kind == SpreadsheetImport.Kind.ANNEX and record.user_id == user.pk and record.target == decree.number
    if record.status != SpreadsheetImport.Status.CHECKED or not mine:
        raise AnnexRefused(_("This dry run has already been imported or is not yours. Start again with the file."))
    if sheet.sha256 != record.sha256:
        raise AnnexRefused(
            _("This file is not the one checked in the dry run: its content changed. Run the dry run again with it.")
        )
    with transaction.atomic():
        # Locked to the end, so the decree cannot be signed between the check and the write.
        decree = Decree.objects.select_for_update(of=("self",)).select_related("forum__province").get(pk=decree.pk)
        refuse_unless_annex_may_change(decree)
        plan = check_annex(sheet, decree)
        if plan.errors:
            raise AnnexRefused(_("The file now has errors; nothing was imported."), plan)
        if plan.digest() != record.plan_digest:
            raise AnnexRefused(
                _("The decree's annex or the registry changed since the dry run. Check the file again."), plan
            )
        # One history entry for the whole change, carrying the import as its reason.
        decree.skip_history_when_saving = True
        try:
            decree.annex_blkks.set(plan.blkks)
        finally:
            del decree.skip_history_when_saving
        decree._history_user, decree._change_reason = user, record.reason()
        decree.save()
        record.status = SpreadsheetImport.Status.IMPORTED
        record.imported_at = timezone.now()
        record.save(update_fields=["status", "imported_at"])
    return plan
