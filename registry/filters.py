"""The directory's search and filter form.

Filter values arrive in the URL, so anyone can type garbage into them. Each filter is
validated on its own: an unknown value becomes a form error shown above the list and
that one filter is ignored, while the valid ones still apply.
"""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .models import Blkk, HostInstitutionType, Province, Regency, TrainingCentre, VocationalField
from .widgets import QuickSelect


def _filter(label, unknown, choices=()):
    """An optional choice filter whose unknown values get a message naming what was typed."""
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=choices,
        error_messages={"invalid_choice": unknown},
        widget=QuickSelect,
    )


class DirectoryFilterForm(forms.Form):
    """Search text and filters of the BLK-K directory, read from the query string."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, host institution or registry number."),
    )
    province = _filter(_("Province"), _("Unknown province “%(value)s”."))
    regency = _filter(_("Regency or city"), _("Unknown regency or city “%(value)s” for the chosen province."))
    field = _filter(_("Vocational field"), _("Unknown vocational field “%(value)s”."))
    host_type = _filter(_("Host institution type"), _("Unknown host institution type “%(value)s”."))
    level = _filter(
        _("Independence level"),
        _("Unknown independence level “%(value)s”."),
        choices=[("", _("All levels")), *Blkk.Level.choices],
    )
    centre = _filter(_("Mentor centre"), _("Unknown training centre “%(value)s”."))
    status = _filter(
        _("Operating status"),
        _("Unknown operating status “%(value)s”."),
        choices=[("", _("All statuses")), *Blkk.Status.choices],
    )

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        # One query per reference table; choices are checked in memory, so the page's
        # query count does not depend on which filters are set.
        provinces = list(Province.objects.values_list("code", "name"))
        self.fields["province"].choices = [("", _("All provinces")), *provinces]
        self.fields["regency"].choices = [("", _("All regencies and cities")), *self._regency_choices(provinces)]
        self.fields["field"].choices = [("", _("All fields")), *_named_choices(VocationalField.objects.all())]
        self.fields["host_type"].choices = [("", _("All types")), *_named_choices(HostInstitutionType.objects.all())]
        centres = TrainingCentre.objects.values_list("pk", "name")
        self.fields["centre"].choices = [("", _("All centres")), *((str(pk), name) for pk, name in centres)]
        self.fields["province"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("registry:regency-options"),
                "hx-target": "#id_regency",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def _regency_choices(self, provinces):
        """The chosen province's regencies; without a province only the chosen regency, if any.

        Listing all 514 regencies would weigh down the page on a phone, so the list
        follows the province (htmx refreshes it when the province changes).
        """
        chosen_province = self.data.get("province", "")
        chosen_regency = self.data.get("regency", "")
        if chosen_province in {code for code, _name in provinces}:
            regencies = Regency.objects.filter(province_id=chosen_province)
        elif chosen_regency.isascii() and chosen_regency[:5].replace(".", "").isdigit():
            # Only something shaped like a code reaches the query: PostgreSQL refuses a NUL (a 500).
            regencies = Regency.objects.filter(code=chosen_regency[:5])
        else:
            return []
        return list(regencies.values_list("code", "name"))

    def clean_q(self):
        return self.cleaned_data["q"].strip()

    def filter(self, queryset):
        """Apply the search text and every filter that validated."""
        data = getattr(self, "cleaned_data", {})
        queryset = queryset.search(data.get("q"))
        lookups = {
            "province": "regency__province_id",
            "regency": "regency_id",
            "field": "vocational_fields__code",
            "host_type": "host_type__code",
            "level": "level",
            "status": "status",
        }
        for name, lookup in lookups.items():
            if data.get(name):
                queryset = queryset.filter(**{lookup: data[name]})
        if data.get("centre"):
            # The BLK-Ks the centre mentors today, by the registry's one rule.
            queryset = queryset.mentored_by_centre(data["centre"])
        return queryset

    # Always in view: the search box and the place. The rest folds away on a phone.
    MAIN_FIELDS = ("q", "province", "regency")

    @property
    def is_filtered(self):
        return any(self.data.get(name) for name in self.fields)

    def main_fields(self):
        return [self[name] for name in self.MAIN_FIELDS]

    def more_fields(self):
        return [self[name] for name in self.fields if name not in self.MAIN_FIELDS]

    @property
    def more_in_use(self):
        """Whether a folded filter is set or wrong, so the fold opens to show it."""
        return any(self.data.get(field.name) or field.errors for field in self.more_fields())


def _named_choices(queryset):
    """(code, name in the active language) for a bilingual reference table."""
    return [(row.code, str(row)) for row in queryset]
