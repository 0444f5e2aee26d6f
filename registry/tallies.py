"""Keeping `ProvinceTally` and `FieldTally` current: a province's counts are recounted from its BLK-Ks.

Whatever changes a BLK-K's province, host type, level, status or vocational fields,
or adds or removes a BLK-K, recounts the provinces concerned in the same transaction.
The recount listens to the models' signals rather than to the services, so admin,
the services, the classification workflow and the test factories all keep the counts
alike. Writes that send no signal (bulk loads of demo and benchmark data) call
`rebuild()` when they are done.

As with the rollups, a province's rows are recounted, never adjusted by deltas, so they
cannot drift from the registry. Two recounts of one province must not overlap (each
deletes and re-inserts its rows): on PostgreSQL each takes a transaction-level advisory
lock of its province first, in code order; SQLite runs one writer at a time anyway.
A profile save recounts at its end, after the rollups (`deferred`), and an import once,
at its end: the provinces of the BLK-Ks it added, or every province when it changed any
(cheaper than asking each save where the BLK-K was before).
"""

import contextlib
import contextvars
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .models import Blkk, FieldTally, Province, ProvinceTally, Regency, VocationalField

# The first key of the advisory locks (the second is the province code); any fixed number.
LOCK_SPACE = 7301

# %(name)s placeholders are filled by the database driver; {name}s are Django's table names.
RECOUNT = [
    "DELETE FROM {province_tally} WHERE province_id IN ({provinces})",
    """
    INSERT INTO {province_tally} (province_id, host_type_id, level, status, count)
    SELECT g.province_id, b.host_type_id, b.level, b.status, COUNT(*)
    FROM {blkk} b JOIN {regency} g ON g.code = b.regency_id
    WHERE g.province_id IN ({provinces})
    GROUP BY g.province_id, b.host_type_id, b.level, b.status
    """,
    "DELETE FROM {field_tally} WHERE province_id IN ({provinces})",
    """
    INSERT INTO {field_tally} (province_id, field_id, level, count)
    SELECT g.province_id, f.vocationalfield_id, b.level, COUNT(*)
    FROM {blkk} b JOIN {regency} g ON g.code = b.regency_id LEFT JOIN {blkk_fields} f ON f.blkk_id = b.id
    WHERE g.province_id IN ({provinces})
    GROUP BY g.province_id, f.vocationalfield_id, b.level
    """,
]

# The open `deferred` block (None outside one): the province codes whose recount waits for
# its end (EVERY among them stands for every province), and whether it is a bulk one.
_pending = contextvars.ContextVar("registry_tallies_pending", default=None)
EVERY = "*"


class _Block(NamedTuple):
    codes: set
    bulk: bool


def recount(codes):
    """Recount the rows of these provinces (codes) from their BLK-Ks, in the caller's transaction."""
    codes = sorted(set(codes))
    if not codes:
        return
    tables = {
        "province_tally": ProvinceTally._meta.db_table,
        "field_tally": FieldTally._meta.db_table,
        "blkk": Blkk._meta.db_table,
        "blkk_fields": Blkk.vocational_fields.through._meta.db_table,
        "regency": Regency._meta.db_table,
        "provinces": ", ".join(["%s"] * len(codes)),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for code in codes:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_SPACE, int(code)])
        for statement in RECOUNT:
            cursor.execute(statement.format(**tables), codes)


def rebuild():
    """Recount every province: after bulk loads that bypass the models' signals."""
    recount(Province.objects.values_list("pk", flat=True))


def changed(codes):
    """The BLK-Ks of these provinces changed: recount them now, or at the end of the `deferred` block."""
    block = _pending.get()
    if block is None:
        recount(codes)
    else:
        block.codes.update(codes)


@contextlib.contextmanager
def deferred(*, bulk=False):
    """Recount each province changed inside the block once, when the block ends without an error.

    A workflow that also recounts the rollups of a province (which locks the province's
    row) defers the tallies to its end, so that every transaction takes the province row
    before the tallies' lock, never the other way round. A `bulk` block (an import) does not
    ask each save where its BLK-K was before: if it changed any, every province is recounted.
    """
    if _pending.get() is not None:  # an outer block recounts
        yield
        return
    block = _Block(set(), bulk)
    token = _pending.set(block)
    try:
        yield
    finally:
        _pending.reset(token)
    if EVERY in block.codes:
        rebuild()
    else:
        recount(block.codes)


def _in_bulk():
    block = _pending.get()
    return block is not None and block.bulk


# The fields a tally groups by; a save that names none of them changes no count.
GROUPING = {"regency", "host_type", "level", "status"}


def names_grouping(fields):
    """Whether writing `fields` may change a count: all of them (None), or one of GROUPING (by name or column)."""
    return fields is None or bool(GROUPING & {name.removesuffix("_id") for name in fields})


def _province_of(regency_id):
    return Regency.objects.filter(pk=regency_id).values_list("province_id", flat=True).first()


def _before_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or instance.pk is None or not names_grouping(update_fields):
        return
    if _in_bulk():
        return  # a bulk block recounts every province at its end instead of asking each save
    stored = Blkk.objects.filter(pk=instance.pk).values_list("regency__province_id", flat=True).first()
    instance._tally_province_before = stored


def _after_save(sender, instance, update_fields=None, raw=False, created=False, **kwargs):
    if raw or not names_grouping(update_fields):
        return
    if _in_bulk() and not created:
        changed({EVERY})  # the province it left is not known (see _before_save)
        return
    before = instance.__dict__.pop("_tally_province_before", None)
    changed({code for code in (before, _province_of(instance.regency_id)) if code})


def _after_delete(sender, instance, **kwargs):
    changed({_province_of(instance.regency_id)} - {None})


def _fields_changed(sender, instance, action, reverse, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # a field's BLK-Ks changed (after a clear, which ones is no longer known): every province
        changed(Province.objects.values_list("pk", flat=True))
    else:
        changed({_province_of(instance.regency_id)} - {None})


def _field_deleted(sender, instance, **kwargs):
    # Its links went with it: BLK-Ks that trained in no other field now count under none.
    changed(Province.objects.values_list("pk", flat=True))


def connect_signals():
    """Called from RegistryConfig.ready()."""
    pre_save.connect(_before_save, sender=Blkk, dispatch_uid="tallies-before-save")
    post_save.connect(_after_save, sender=Blkk, dispatch_uid="tallies-after-save")
    post_delete.connect(_after_delete, sender=Blkk, dispatch_uid="tallies-after-delete")
    m2m_changed.connect(_fields_changed, sender=Blkk.vocational_fields.through, dispatch_uid="tallies-fields")
    post_delete.connect(_field_deleted, sender=VocationalField, dispatch_uid="tallies-field-deleted")
