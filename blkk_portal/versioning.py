"""Optimistic locking: the one rule for "someone saved this after you opened it".

A record that people edit in forms carries a `version` number. A form sends back the
version it was opened at; the workflow that saves claims the next version with one
conditional UPDATE (`claim_version`). Of two people who opened the same version, only
the first one's UPDATE matches the row: the second gets `Conflict`, which carries the
record as saved now, so the page can show what changed and let them save on top.

The BLK-K profile and admin (registry), meetings (forum) and status reports (roadmap, on
the implementation) all use it. Every writer of such a record moves its version on, so
a form opened before any change turns stale.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

# The largest number a database can be asked about: SQLite cannot bind 2**63 (a 500).
_LARGEST = 2**63 - 1


class Conflict(Exception):
    """Someone saved the record after the form was opened; `current` is the record as saved now."""

    default_message = _("Someone saved this record after you opened it. Open it again to see their change.")

    def __init__(self, message=None, *, current):
        self.current = current
        super().__init__(str(message or self.default_message))


def _is_version(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _LARGEST


def claim_version(instance, expected, *, message=None, current=None, conflict=Conflict, field="version"):
    """Move the row of `instance` from version `expected` to the next one, or raise `conflict`.

    Call it inside the transaction of the change, before writing anything else: the
    UPDATE holds the row until the commit, so a second writer waits and then finds the
    version gone. `instance.<field>` is set to the new version, so saving the instance
    afterwards writes the same number. `current` is the queryset the conflict's record is
    read from (to select its relations for the page that shows it); `conflict` the class
    raised, Conflict or a subclass.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim_version() runs inside the transaction of the change.")
    model = type(instance)
    rows = model._base_manager.filter(pk=instance.pk)
    # F() rather than expected + 1: a forged version at the column's limit must find no
    # row, not fail to bind a number one past it.
    if not _is_version(expected) or not rows.filter(**{field: expected}).update(**{field: F(field) + 1}):
        raise conflict(message, current=(current if current is not None else model._base_manager).get(pk=instance.pk))
    setattr(instance, field, expected + 1)
    return expected + 1


def check_version(instance, expected, *, message=None, conflict=Conflict, field="version"):
    """The same comparison without claiming, against `instance` as loaded: for forms that warn early.

    Only a hint for the person typing; the workflow's `claim_version` decides.
    """
    if not _is_version(expected) or getattr(instance, field) != expected:
        raise conflict(message, current=instance)


class VersionedAdminForm(forms.ModelForm):
    """An admin change form that remembers the version it was opened at.

    A save made meanwhile is reported beside the form, before anything is written, so
    the admin keeps what they typed; the workflow called from `save_model` claims the
    version for real (see VersionedAdmin for the rare save that slips in between).
    """

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    conflict_message = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and "opened_version" not in self.errors:
            try:
                check_version(self.instance, cleaned.get("opened_version"), message=self.conflict_message)
            except Conflict as conflict:
                raise forms.ValidationError(str(conflict), code="stale") from None
        return cleaned


class VersionedAdmin:
    """ModelAdmin mixin: a Conflict raised by the workflow while saving becomes a message, not a 500.

    Covers the change form and simple-history's "revert to this version" form, which
    saves through the same `save_model`.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._conflict_as_message(request, super().changeform_view, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self._conflict_as_message(request, super().history_form_view, object_id, version_id, extra_context)

    def _conflict_as_message(self, request, view, *args):
        try:
            with transaction.atomic():
                return view(request, *args)
        except Conflict as conflict:
            # Rolled back: nothing of this save remains.
            self.message_user(request, str(conflict), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
