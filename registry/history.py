"""The change history of a BLK-K profile, as people read it: who, when, which fields.

simple-history's own `diff_against` runs queries for every pair of records it compares
(the vocational-field rows in particular). A profile page shows up to twenty records, so
the records and their vocational-field rows are fetched in two queries and compared here.
"""

from dataclasses import dataclass, field

from django.db.models import ForeignKey
from django.utils.translation import gettext_lazy as _

from blkk_portal import reasons

from .models import Blkk, HistoricalBlkk_vocational_fields

HISTORY_LIMIT = 20
EMPTY = "—"
# Fields compared between records: every tracked model field except the bookkeeping ones.
_SKIPPED = {"id", "created_at", "updated_at", "version"}
_FIELDS = [
    f
    for f in Blkk._meta.concrete_fields
    if f.name not in _SKIPPED and f.name in {hf.name for hf in Blkk.history.model._meta.fields}
]
_FK_NAMES = [f.name for f in _FIELDS if isinstance(f, ForeignKey)]


@dataclass
class Change:
    label: str
    old: object = None
    new: object = None
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)


@dataclass
class Entry:
    when: object
    who: str
    created: bool
    changes: list
    reason: str = ""


def history_of(blkk, limit=HISTORY_LIMIT):
    """The newest `limit` records of the BLK-K, each with what changed since the record before."""
    # One record more than shown: the oldest shown one is compared with its predecessor.
    records = list(
        blkk.history.select_related("history_user", *_FK_NAMES).order_by("-history_date", "-history_id")[: limit + 1]
    )
    fields_by_record = _vocational_fields_of(records)
    entries = []
    for newer, older in zip(records[:limit], [*records[1:], None], strict=False):
        created = newer.history_type == "+"
        changes = [] if created or older is None else _changes(newer, older, fields_by_record)
        reason = reasons.render(newer.history_change_reason)
        entries.append(Entry(when=newer.history_date, who=_who(newer), created=created, changes=changes, reason=reason))
    return entries


def _who(record):
    user = record.history_user
    return user.display_name if user is not None else _("system")


def _vocational_fields_of(records):
    """history_id → {field name in the active language}, in one query."""
    rows = HistoricalBlkk_vocational_fields.objects.filter(
        history_id__in=[r.history_id for r in records]
    ).select_related("vocationalfield")
    names = {r.history_id: set() for r in records}
    for row in rows:
        names[row.history_id].add(str(row.vocationalfield) if row.vocationalfield else EMPTY)
    return names


def _changes(newer, older, fields_by_record):
    changes = []
    for model_field in _FIELDS:
        old, new = _display(older, model_field), _display(newer, model_field)
        if old != new:
            changes.append(Change(label=model_field.verbose_name, old=old, new=new))
    before, after = fields_by_record[older.history_id], fields_by_record[newer.history_id]
    if before != after:
        changes.append(
            Change(
                label=Blkk._meta.get_field("vocational_fields").verbose_name,
                added=sorted(after - before),
                removed=sorted(before - after),
            )
        )
    return changes


def _display(record, model_field):
    return readable(model_field, getattr(record, model_field.name))


def readable(model_field, value):
    """A value as a person reads it: choice labels, related names, yes/no, a dash for nothing."""
    if isinstance(model_field, ForeignKey):
        return str(value) if value is not None else EMPTY
    labels = dict(model_field.flatchoices) if model_field.choices else {}
    if value in labels:
        return str(labels[value])
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value in (None, ""):
        return EMPTY
    # Dates and decimals stay as they are so the template formats them for the language.
    return value
