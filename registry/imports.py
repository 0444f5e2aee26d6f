"""The dry run of a BLK-K spreadsheet: every error at once, and what an import would do.

The sheet has the directory export's columns, under their Indonesian or English
headings, plus optional columns for the profile facts the export leaves out. A column
missing from the file leaves that fact alone; a column present sets it, an empty cell
included. Rows are matched by registry number. Reference values (regency, host
institution type, vocational fields) must name exactly one row; anything else is an
error, never a guess. Level and mentor centre come from classifications and decrees:
the sheet may carry them (the export does), but not change them.

`check_sheet(sheet, scope)` answers a Plan and writes nothing; `registry.services`
applies a Plan.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .history import readable
from .models import Blkk, HostInstitutionType, Province, Regency, VocationalField

LANGUAGES = ("id", "en")
# Vocational fields share one cell; a name never holds a semicolon.
FIELD_SEPARATOR = ";"
YES = {"ya", "yes", "y", "true", "1", "benar"}
NO = {"tidak", "no", "n", "false", "0", "salah", ""}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


@dataclass(frozen=True)
class SheetColumn:
    """A column of the sheet: the key it is known by, its heading, and an example for the template."""

    key: str
    heading: object
    example: str = ""


# The directory export's columns first, in its order and with its headings (round trip).
COLUMNS = [
    SheetColumn("registry_number", gettext_lazy("Registry number"), "BLKK-2024-73.71-0001"),
    SheetColumn("name", gettext_lazy("Name"), "BLK Komunitas PP Contoh"),
    SheetColumn("host_name", gettext_lazy("Host institution"), "Pondok Pesantren Contoh"),
    SheetColumn("host_type", gettext_lazy("Host institution type"), "Pondok Pesantren"),
    SheetColumn("regency", gettext_lazy("Regency or city"), "Kota Makassar"),
    SheetColumn("province", gettext_lazy("Province"), "Sulawesi Selatan"),
    SheetColumn("level", gettext_lazy("Level"), ""),
    SheetColumn("status", gettext_lazy("Operating status"), "beroperasi"),
    SheetColumn("year_established", gettext_lazy("Year established"), "2024"),
    SheetColumn("mentor_centre", gettext_lazy("Mentor centre"), ""),
    # Optional columns that the export leaves out.
    SheetColumn("regency_code", gettext_lazy("Regency code (Kemendagri)"), "73.71"),
    SheetColumn("vocational_fields", gettext_lazy("Vocational fields"), "Teknik Las; Garmen dan Menjahit"),
    SheetColumn("address", gettext_lazy("Address"), "Jl. Contoh No. 1"),
    SheetColumn("phone", gettext_lazy("Contact phone"), "0411 123456"),
    SheetColumn("email", gettext_lazy("Contact e-mail"), "blkk@example.org"),
    SheetColumn("vin", gettext_lazy("VIN"), ""),
    SheetColumn("permit_number", gettext_lazy("Operating permit number"), ""),
    SheetColumn("permit_date", gettext_lazy("Operating permit date"), ""),
    SheetColumn("accreditation", gettext_lazy("Accreditation (LA-LPK)"), ""),
    SheetColumn("in_incubator", gettext_lazy("In the entrepreneurship incubator"), "tidak"),
]
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
# Model fields set straight from their cell, checked by the field's own validation.
PLAIN_FIELDS = ("name", "host_name", "address", "phone", "email", "vin", "permit_number", "accreditation")
NEEDED_TO_CREATE = ("name", "host_name", "host_type", "regency", "year_established")
# The order of the fields in a change summary.
COMPARED = (
    "name", "host_name", "host_type", "regency", "status", "year_established", "address", "phone", "email",
    "vin", "permit_number", "permit_date", "accreditation", "in_incubator",
)  # fmt: skip


def normal(text):
    """Text compared case- and space-insensitively."""
    return " ".join(str(text).split()).casefold()


def headings_in_both_languages():
    """normalised heading (Indonesian or English) → column key."""
    known = {}
    for language in LANGUAGES:
        with translation.override(language):
            for column in COLUMNS:
                known.setdefault(normal(column.heading), column.key)
    return known


@dataclass
class CellError:
    """One problem in the file: the row and column it is in, what was there, and what is wrong."""

    row: int
    column: str
    value: str
    message: str


@dataclass
class RowChange:
    """What the import does to one row's BLK-K: create it, change some fields, or nothing."""

    row: int
    registry_number: str
    blkk: Blkk | None
    values: dict
    vocational_fields: list | None = None
    changes: list = field(default_factory=list)  # (label, old, new) as a person reads them

    @property
    def creates(self):
        return self.blkk is None


@dataclass
class ImportScope:
    """Which BLK-Ks an importer may change (a queryset), and whether they may add new ones."""

    blkks: object
    may_create: bool


@dataclass
class Plan:
    """The dry run's answer: the errors, and what would be created, changed and left alone."""

    errors: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    columns: list = field(default_factory=list)

    @property
    def created(self):
        return [row for row in self.rows if row.creates]

    @property
    def changed(self):
        return [row for row in self.rows if not row.creates and row.changes]

    @property
    def unchanged(self):
        return [row for row in self.rows if not row.creates and not row.changes]

    def digest(self):
        """A fingerprint of what the import would write: the confirm step compares it with the dry run's."""
        summary = [
            [row.registry_number, row.blkk.version if row.blkk else None, [str(c[0]) + str(c[2]) for c in row.changes]]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(summary, default=str).encode()).hexdigest()


class References:
    """The reference tables, read once, to look names and codes up without a query per cell."""

    def __init__(self):
        self.regencies = {r.code: r for r in Regency.objects.select_related("province")}
        self.regencies_by_name = _index(self.regencies.values(), lambda r: [r.name])
        self.provinces = _index(Province.objects.all(), lambda p: [p.name, p.code])
        self.host_types = _index(HostInstitutionType.objects.all(), lambda t: [t.name, t.name_en, t.code])
        self.fields = _index(VocationalField.objects.all(), lambda f: [f.name, f.name_en, f.code])
        self.statuses = _choice_index(Blkk.Status)
        self.levels = _choice_index(Blkk.Level)


def _index(rows, names_of):
    index = {}
    for row in rows:
        for name in {normal(name) for name in names_of(row) if name}:
            index.setdefault(name, []).append(row)
    return index


def _choice_index(choices):
    index = {}
    for language in LANGUAGES:
        with translation.override(language):
            for value, label in choices.choices:
                for name in (value, str(label)):
                    index.setdefault(normal(name), value)
    return index


def check_sheet(sheet, scope, *, lock=False):
    """The Plan of a Sheet for an importer with this scope. Reads the database; writes nothing.

    With `lock`, the BLK-Ks of the file are locked (SELECT … FOR UPDATE) until the transaction ends.
    """
    plan = Plan()
    columns = _map_headings(sheet.headers, plan)
    if "registry_number" not in columns.values():
        if not plan.errors:
            plan.errors.append(
                CellError(1, "", "", _("The file has no “Registry number” column, so no row can be matched."))
            )
        return plan
    plan.columns = [key for key in columns.values() if key]
    records = [(number, _cells(cells, columns)) for number, cells in sheet.rows]
    numbers = {str(cells.get("registry_number") or "").strip() for _number, cells in records}
    existing = {b.registry_number: b for b in _existing(numbers, lock)}
    in_scope = set(scope.blkks.filter(registry_number__in=numbers).values_list("registry_number", flat=True))
    checker = RowChecker(References(), plan, existing, in_scope, scope.may_create)
    for number, cells in records:
        checker.check(number, cells)
    return plan


def _existing(numbers, lock):
    blkks = Blkk.objects.filter(registry_number__in=numbers)
    if lock:
        blkks = blkks.select_for_update(of=("self",))
    return blkks.select_related("host_type", "regency__province", "mentor_centre").prefetch_related("vocational_fields")


def _map_headings(headers, plan):
    """column index → key (None for an empty heading); unknown and repeated headings are errors."""
    known = headings_in_both_languages()
    columns, seen = {}, set()
    for index, heading in enumerate(headers):
        if not heading:
            columns[index] = None
            continue
        key = known.get(normal(heading))
        if key is None:
            plan.errors.append(CellError(1, heading, heading, _("This column is not one the import knows.")))
        elif key in seen:
            plan.errors.append(CellError(1, heading, heading, _("This column appears twice.")))
            key = None
        else:
            seen.add(key)
        columns[index] = key
    return columns


def _cells(cells, columns):
    return {columns[i]: value for i, value in enumerate(cells) if columns.get(i)}


def _shown(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class RowChecker:
    """Checks one row after another, adding CellErrors and RowChanges to the plan."""

    def __init__(self, references, plan, existing, in_scope, may_create):
        self.refs, self.plan = references, plan
        self.existing, self.in_scope, self.may_create = existing, in_scope, may_create
        self.seen = {}

    def error(self, row, key, value, message):
        heading = str(COLUMNS_BY_KEY[key].heading) if key else ""
        self.plan.errors.append(CellError(row, heading, _shown(value), str(message)))

    def check(self, row, cells):
        errors_before = len(self.plan.errors)
        number = _shown(cells.get("registry_number"))
        blkk = self._match(row, number)
        values, fields = self._values(row, cells, blkk)
        if len(self.plan.errors) > errors_before:
            return
        final = {name: values.get(name, getattr(blkk, name, None)) for name in ("permit_date", "permit_number")}
        if final["permit_date"] and not final["permit_number"]:
            self.error(row, "permit_date", values.get("permit_date"), _("A permit date needs a permit number."))
            return
        change = RowChange(row=row, registry_number=number, blkk=blkk, values=values, vocational_fields=fields)
        if blkk is not None:
            change.changes = _differences(blkk, values, fields)
        self.plan.rows.append(change)

    def _match(self, row, number):
        """The BLK-K the row is about (None for a new one); errors when there is none to take."""
        if not number:
            self.error(row, "registry_number", number, _("Every row needs a registry number."))
            return None
        try:
            Blkk._meta.get_field("registry_number").run_validators(number)
        except ValidationError as error:
            self.error(row, "registry_number", number, " ".join(error.messages))
            return None
        if number in self.seen:
            message = _("This registry number is already on row %(row)s.") % {"row": self.seen[number]}
            self.error(row, "registry_number", number, message)
            return None
        self.seen[number] = row
        blkk = self.existing.get(number)
        if blkk is not None and number not in self.in_scope:
            self.error(row, "registry_number", number, _("This BLK-K is outside the BLK-Ks you may change."))
        elif blkk is None and not self.may_create:
            message = _("No BLK-K has this registry number, and only ministry staff may add new BLK-Ks.")
            self.error(row, "registry_number", number, message)
        return blkk

    def _values(self, row, cells, blkk):
        """model field → new value for every column present; errors for the cells that do not fit."""
        values = {}
        for name in PLAIN_FIELDS:
            if name in cells:
                self._plain(row, name, cells[name], values)
        for name, reader in (
            ("host_type", self._host_type),
            ("status", self._status),
            ("year_established", self._year),
            ("permit_date", self._date),
            ("in_incubator", self._boolean),
        ):
            if name in cells:
                value = reader(row, name, cells[name])
                if value is not None or name == "permit_date":
                    values[name] = value
        regency = self._regency(row, cells)
        if regency is not None:
            values["regency"] = regency
        self._unchangeable(row, cells, blkk)
        fields = self._fields(row, cells["vocational_fields"]) if "vocational_fields" in cells else None
        if blkk is None:
            present = set(cells) | ({"regency"} if "regency_code" in cells else set())
            for name in NEEDED_TO_CREATE:
                if name not in present:
                    self.error(row, name, "", _("A new BLK-K needs this column filled in."))
        return values, fields

    def _plain(self, row, name, raw, values):
        model_field = Blkk._meta.get_field(name)
        text = _shown(raw)
        try:
            values[name] = model_field.clean(text, None)
        except ValidationError as error:
            self.error(row, name, raw, " ".join(error.messages))

    def _lookup(self, row, key, raw, index, unknown):
        text = _shown(raw)
        found = index.get(normal(text), []) if text else []
        if len(found) == 1:
            return found[0]
        message = _("More than one row has this name; use the code instead.") if found else unknown
        self.error(row, key, raw, message if text else _("This cell may not be empty."))
        return None

    def _host_type(self, row, key, raw):
        unknown = _("No host institution type has this name.")
        return self._lookup(row, key, raw, self.refs.host_types, unknown)

    def _status(self, row, key, raw):
        value = self.refs.statuses.get(normal(_shown(raw)))
        if value is None:
            choices = ", ".join(str(label) for label in Blkk.Status.labels)
            self.error(row, key, raw, _("Use one of: %(choices)s.") % {"choices": choices})
        return value

    def _year(self, row, key, raw):
        text = _shown(raw)
        try:
            return Blkk._meta.get_field(key).clean(text, None)
        except ValidationError as error:
            self.error(row, key, raw, " ".join(error.messages))
            return None

    def _date(self, row, key, raw):
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        text = _shown(raw)
        if not text:
            return None
        for pattern in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a calendar date)
            except ValueError:
                continue
        self.error(row, key, raw, _("Write the date as YYYY-MM-DD, for example 2023-05-17."))
        return None

    def _boolean(self, row, key, raw):
        text = normal(_shown(raw))
        if text in YES or raw is True:
            return True
        if text in NO or raw is False:
            return False
        self.error(row, key, raw, _("Write “ya” or “tidak” (yes or no)."))
        return None

    def _regency(self, row, cells):
        """The regency named by its code or its name (within the province when one is given)."""
        code, name = _shown(cells.get("regency_code")), _shown(cells.get("regency"))
        province = None
        if _shown(cells.get("province")):
            unknown = _("No province has this name.")
            province = self._lookup(row, "province", cells["province"], self.refs.provinces, unknown)
            if province is None:
                return None
        by_code = None
        if code:
            by_code = self.refs.regencies.get(code)
            if by_code is None:
                self.error(row, "regency_code", code, _("No regency or city has this Kemendagri code."))
                return None
        by_name = None
        if name:
            found = self.refs.regencies_by_name.get(normal(name), [])
            if province is not None:
                found = [r for r in found if r.province_id == province.code]
            if by_code is not None and by_code not in found:
                self.error(row, "regency", name, _("This name does not match the regency code in the same row."))
                return None
            if by_code is None and len(found) != 1:
                message = (
                    _("More than one regency or city has this name; add the province or the regency code.")
                    if found
                    else _("No regency or city has this name in this province.")
                    if province
                    else _("No regency or city has this name.")
                )
                self.error(row, "regency", name, message)
                return None
            by_name = found[0] if by_code is None else by_code
        regency = by_code or by_name
        if regency is not None and province is not None and regency.province_id != province.code:
            self.error(row, "province", cells["province"], _("The regency or city is not in this province."))
            return None
        if regency is None and ("regency" in cells or "regency_code" in cells):
            self.error(row, "regency", name, _("This cell may not be empty."))
        return regency

    def _fields(self, row, raw):
        names = [part.strip() for part in _shown(raw).split(FIELD_SEPARATOR) if part.strip()]
        found = []
        for name in names:
            matches = self.refs.fields.get(normal(name), [])
            if len(matches) != 1:
                message = _("“%(name)s” is not the name of one vocational field.") % {"name": name}
                self.error(row, "vocational_fields", raw, message)
                return None
            found.append(matches[0])
        return found

    def _unchangeable(self, row, cells, blkk):
        """Level and mentor centre may be in the file (the export has them) but may not differ."""
        level = _shown(cells.get("level"))
        if level:
            value = self.refs.levels.get(normal(level))
            current = blkk.level if blkk else Blkk.Level.UNCLASSIFIED
            if value != current:
                message = _("The level comes from the classification; record a new one on the BLK-K's page.")
                self.error(row, "level", level, message)
        centre = _shown(cells.get("mentor_centre"))
        current_centre = blkk.mentor_centre.name if blkk and blkk.mentor_centre else ""
        if centre and normal(centre) != normal(current_centre):
            self.error(row, "mentor_centre", centre, _("The mentor centre is set by a mentor decree, not by import."))


def _differences(blkk, values, fields):
    changes = []
    for name in COMPARED:
        if name not in values or values[name] == getattr(blkk, name):
            continue
        model_field = Blkk._meta.get_field(name)
        changes.append(
            (model_field.verbose_name, readable(model_field, getattr(blkk, name)), readable(model_field, values[name]))
        )
    if fields is not None:
        before = {f.pk: f for f in blkk.vocational_fields.all()}
        if set(before) != {f.pk for f in fields}:
            label = Blkk._meta.get_field("vocational_fields").verbose_name
            changes.append((label, _names(before.values()), _names(fields)))
    return changes


def _names(fields):
    return "; ".join(sorted(str(f) for f in fields)) or "—"
