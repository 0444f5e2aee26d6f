"""The BLK-K profile form a manager (or the mentor centre) fills in.

Name, registry number, location, host, mentor centre, level and operating status are
not on it: those are set by the ministry, its decrees and its classification, in Django
admin or their own workflows.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from .history import readable
from .models import Blkk


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Rows chosen by id; a value that is no plain id is refused before it reaches a query.

    Django's `__in` lookup has no overflow guard, and SQLite cannot bind 2**63 (a 500).
    """

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            text = str(pk)
            if not (text.isascii() and text.isdigit() and len(text) <= 18):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super().clean(value)


class BlkkProfileForm(forms.ModelForm):
    """The profile facts a BLK-K's own people keep current, guarded by a version number."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # simple-history keeps up to 100 characters of a reason with the change (the audit log's "why").
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=100,
        help_text=_("Optional, kept in the history: for example “new permit issued” or “phone number moved”."),
    )

    class Meta:
        model = Blkk
        fields = [
            "phone",
            "email",
            "address",
            "latitude",
            "longitude",
            "vocational_fields",
            "vin",
            "permit_number",
            "permit_date",
            "accreditation",
            "in_incubator",
        ]
        field_classes = {"vocational_fields": IdMultipleChoiceField}
        widgets = {
            "vocational_fields": forms.CheckboxSelectMultiple,
            "permit_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "phone": _("A number the public can call, e.g. 0411 123456 or +62 811 4000 000."),
            "email": _("The BLK-K's own address, not a personal one if you can avoid it."),
            "address": _("Street, village and district of the workshop."),
            "latitude": _("Decimal degrees, between -11 and 6 (south is negative)."),
            "longitude": _("Decimal degrees, between 94 and 142."),
            "vocational_fields": _("The fields the BLK-K trains in."),
            "permit_number": _("The operating permit (izin operasional LPK) from the regency's manpower office."),
            "permit_date": _("Needs a permit number."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Contact"), Row(Column("phone", css_class="col-md-6"), Column("email", css_class="col-md-6"))),
            Fieldset(
                _("Location"),
                "address",
                Row(Column("latitude", css_class="col-md-6"), Column("longitude", css_class="col-md-6")),
            ),
            Fieldset(_("Training"), "vocational_fields"),
            Fieldset(
                _("Legality"),
                "vin",
                Row(Column("permit_number", css_class="col-md-6"), Column("permit_date", css_class="col-md-6")),
                "accreditation",
                "in_incubator",
            ),
            "change_reason",
            "version",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("permit_date") and not cleaned.get("permit_number"):
            self.add_error("permit_number", _("A permit date needs a permit number."))
        return cleaned

    def has_changed(self):
        """A reason alone changes nothing in the profile."""
        return any(name != "change_reason" for name in self.changed_data)

    def service_arguments(self):
        """The keyword arguments of `registry.services.save_blkk_profile` that come from the form.

        The form never saves itself: the service checks the version and keeps the history.
        """
        return {
            "expected_version": self.cleaned_data["version"],
            "vocational_fields": self.cleaned_data["vocational_fields"],
            "reason": self.cleaned_data.get("change_reason", "").strip() or None,
        }

    def differences_from(self, current):
        """The fields where the saved profile now differs from what this form submitted.

        Returns rows of (label, saved value, submitted value) for the stale-form page.
        """
        rows = []
        for name in self._meta.fields:
            model_field = Blkk._meta.get_field(name)
            submitted = self.cleaned_data.get(name)
            if name == "vocational_fields":
                saved_value = ", ".join(sorted(str(f) for f in current.vocational_fields.all())) or "—"
                submitted_value = ", ".join(sorted(str(f) for f in submitted)) or "—"
            else:
                saved_value = readable(model_field, getattr(current, name))
                submitted_value = readable(model_field, submitted)
            if saved_value != submitted_value:
                rows.append((model_field.verbose_name, saved_value, submitted_value))
        return rows

    def rebased_on(self, current):
        """The same submission, now carrying the current version: sending it again saves on top."""
        data = self.data.copy()
        data["version"] = current.version
        return type(self)(data, instance=current)


class SpreadsheetForm(forms.Form):
    """A spreadsheet to check in a dry run."""

    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An .xlsx or .csv file of at most 10 MB, with the columns of the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )


class ConfirmImportForm(SpreadsheetForm):
    """The same spreadsheet again, to import what its dry run showed."""

    dry_run = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        # It shares a page with the upload form: its own ids keep each label on its own input.
        kwargs.setdefault("auto_id", "id_confirm_%s")
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("The same spreadsheet again")
        self.fields["file"].help_text = _("Choose the file you checked; a file that changed since is refused.")
