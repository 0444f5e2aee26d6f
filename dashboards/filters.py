"""The filters every dashboard, list and export shares, read from the query string.

A filter value that does not validate becomes a message on the page and is ignored; the
valid ones still apply, so a shared link with one stale value still shows something.
The choices come from one query per reference table, whatever filters are set.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.models import Forum
from registry.models import Blkk, HostInstitutionType, Province, TrainingCentre, VocationalField
from registry.widgets import QuickSelect
from roadmap.models import Implementation

from .states import State


def _unknown(message):
    return {"invalid_choice": message}


class DashboardFilterForm(forms.Form):
    """Period, place and kind of BLK-K; lists add a search, an operating status and a reporting state."""

    period = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Reporting period"),
        required=False,
        error_messages=_unknown(_("Unknown period “%(value)s”.")),
    )
    province = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Province"),
        required=False,
        error_messages=_unknown(_("Unknown province “%(value)s”.")),
    )
    regency = forms.RegexField(
        label=_("Regency or city"),
        required=False,
        regex=r"^\d{2}\.\d{2}$",
        error_messages={"invalid": _("A regency code looks like 73.71.")},
    )
    host_type = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Host institution type"),
        required=False,
        error_messages=_unknown(_("Unknown host institution type “%(value)s”.")),
    )
    field = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Vocational field"),
        required=False,
        error_messages=_unknown(_("Unknown vocational field “%(value)s”.")),
    )
    level = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Independence level"),
        required=False,
        choices=[("", _("All levels")), *Blkk.Level.choices],
        error_messages=_unknown(_("Unknown independence level “%(value)s”.")),
    )
    # Set by the links of the forum and centre dashboards, not shown as controls.
    forum = forms.IntegerField(label=_("Forum"), required=False, min_value=1)
    centre = forms.IntegerField(label=_("Training centre"), required=False, min_value=1)
    programme = forms.IntegerField(label=_("Programme"), required=False, min_value=1)
    # Lists only.
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Operating status"),
        required=False,
        choices=[("", _("All statuses")), *Blkk.Status.choices],
        error_messages=_unknown(_("Unknown operating status “%(value)s”.")),
    )
    state = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Reporting state"),
        required=False,
        choices=[("", _("All implementations")), *State.choices],
        error_messages=_unknown(_("Unknown reporting state “%(value)s”.")),
    )
    approved_status = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Approved status"),
        required=False,
        choices=[("", _("Any approved status")), *Implementation.Status.choices],
        error_messages=_unknown(_("Unknown status “%(value)s”.")),
    )

    CONTROLS = ("period", "province", "host_type", "field", "level")

    def __init__(self, data, *, periods, current=None, **kwargs):
        super().__init__(data, **kwargs)
        self.periods = {str(period.pk): period for period in periods}
        self.current = current
        default = _("current (%(label)s)") % {"label": current.label} if current else _("latest")
        self.fields["period"].choices = [("", default), *((pk, period.label) for pk, period in self.periods.items())]
        self.provinces = {
            code: (name, population)
            for code, name, population in Province.objects.values_list("code", "name", "population")
        }
        self.fields["province"].choices = [("", _("All provinces"))] + [
            (code, name) for code, (name, _population) in self.provinces.items()
        ]
        self.host_types = {row.code: str(row) for row in HostInstitutionType.objects.all()}
        self.fields["host_type"].choices = [("", _("All types")), *self.host_types.items()]
        self.vocational_fields = {row.code: str(row) for row in VocationalField.objects.all()}
        self.fields["field"].choices = [("", _("All fields")), *self.vocational_fields.items()]
        for name in self.CONTROLS:
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.is_valid()  # errors are shown; the fields that failed are left out of cleaned_data

    def clean_forum(self):
        return self._existing(self.cleaned_data.get("forum"), Forum, "forum")

    def clean_centre(self):
        return self._existing(self.cleaned_data.get("centre"), TrainingCentre, "centre")

    def _existing(self, pk, model, name):
        # Checked lazily: only a link that carries the value pays the query.
        if pk is None:
            return None
        found = model.objects.filter(pk=pk).first()
        if found is None:
            raise forms.ValidationError(
                _("There is no %(what)s with the number %(value)s.") % {"what": model._meta.verbose_name, "value": pk}
            )
        return found

    def clean_programme(self):
        from roadmap.models import Programme

        return self._existing(self.cleaned_data.get("programme"), Programme, "programme")

    def clean_q(self):
        return self.cleaned_data["q"].strip()

    def value(self, name):
        return self.cleaned_data.get(name) or None

    def chosen_period(self):
        """The period asked for, else the current one, else the latest."""
        chosen = self.value("period")
        if chosen:
            return self.periods[chosen]
        return self.current or (list(self.periods.values())[-1] if self.periods else None)

    def ignored(self):
        """(label, message) for each filter that was not understood."""
        return [(self.fields[name].label or name, error) for name, errors in self.errors.items() for error in errors]

    def active(self):
        """(label, shown value) of each valid filter that is set, for the lists' filter summary."""
        shown = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            choices = dict(getattr(field, "choices", ()))
            shown.append((field.label, choices.get(value, value)))
        return shown

    def control_fields(self):
        return [self[name] for name in self.CONTROLS]

    def kept(self, *names):
        """The valid values of the named filters, as query-string pairs for links."""
        pairs = {}
        for name in names:
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            pairs[name] = getattr(value, "pk", value)
        return pairs
