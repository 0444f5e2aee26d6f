"""Saving a tracked record as one history entry: who, why, and its many-to-many rows with it.

simple-history writes a record on every save and another on every change of a tracked
many-to-many field, so a form that saves a meeting and then its attendees leaves a
"created" entry without attendees followed by empty "changed" ones. Workflows save
through `save_with_history` instead: one step, one entry in the audit log, holding the
whole state (attendees, vocational fields, participants) and the reason.
"""

from contextlib import contextmanager

from django.utils.text import Truncator

from blkk_portal.reasons import REASON_LENGTH


@contextmanager
def _without_history(instance):
    instance.skip_history_when_saving = True
    try:
        yield
    finally:
        del instance.skip_history_when_saving


def save_with_history(instance, *, by, reason=None, m2m=None, update_fields=None):
    """Save `instance` and set its many-to-many fields (`{name: objects}`), as one history record.

    `by` is recorded as who made the change and `reason` as why: a code from
    `blkk_portal.reasons` for a workflow's own reason, or text a person typed. Many-to-many fields that
    history does not track are set too. Call it inside the workflow's transaction.
    """
    instance._history_user = by
    instance._change_reason = Truncator(reason).chars(REASON_LENGTH) if reason else None
    m2m = m2m or {}
    if instance._state.adding:
        # The row must exist before its many-to-many rows can: its "created" record is
        # written now and given their rows once they are set.
        instance.save()
        if m2m:
            with _without_history(instance):
                _set_m2m(instance, m2m)
            _attach_m2m(instance.history.order_by("-history_id").first(), instance)
    else:
        with _without_history(instance):
            _set_m2m(instance, m2m)
        # The "changed" record reads the many-to-many rows as they now are.
        instance.save(update_fields=update_fields)
    return instance


def _set_m2m(instance, m2m):
    for name, objects in m2m.items():
        getattr(instance, name).set(objects)


def _attach_m2m(record, instance):
    """Copy the instance's tracked many-to-many rows onto its history `record`, as a save would."""
    for m2m_field in record._history_m2m_fields:
        history_rows = getattr(type(record), m2m_field.name).model
        through = m2m_field.remote_field.through
        names = [f.attname for f in through._meta.concrete_fields]
        rows = through.objects.filter(**{m2m_field.m2m_field_name(): instance.pk}).values(*names)
        history_rows.objects.bulk_create([history_rows(history=record, **row) for row in rows])
