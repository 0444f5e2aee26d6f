"""Forms that forum boards and mentor-centre staff use to record meetings and board seats."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from blkk_portal.forms_common import is_id
from registry.models import Regency

from .models import BoardPosition, Meeting

# Candidates shown in the attendee picker at a time; the search narrows them down.
PICKER_LIMIT = 20


class DateInput(forms.DateInput):
    """The browser's own date picker, which needs ISO dates whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def grouped_regency_choices():
    """Regencies grouped by province, so a phone's native select stays navigable."""
    groups = {}
    for regency in Regency.objects.select_related("province").order_by("code"):
        groups.setdefault(regency.province.name, []).append((regency.code, regency.name))
    return [("", "---------"), *groups.items()]


def picked_ids(values):
    """The numeric ids among submitted values; forged or garbage values are left to the form."""
    return [int(value) for value in values if is_id(value)]


class MemberChoiceField(forms.ModelMultipleChoiceField):
    """BLK-Ks chosen by id; ids too large for the database are refused before any query."""

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            if not is_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super().clean(value)


class KeyedModelChoiceField(forms.ModelChoiceField):
    """A choice typed as text (a username, a registry number) rather than picked from a list."""

    widget = forms.TextInput

    def __init__(self, *args, uppercase=False, **kwargs):
        self.uppercase = uppercase
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().upper() if self.uppercase else value.strip()
        return super().to_python(value)


class MeetingForm(forms.ModelForm):
    """A meeting and the member BLK-Ks that attended it.

    Attendees come from two inputs: checkboxes found through the search picker, and a box of
    registry numbers for pasting an attendance list. Both accept only the forum's members.
    """

    attendee_numbers = forms.CharField(
        label=_("Add attendees by registry number"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_(
            "Optional. Paste registry numbers (for example BLKK-2019-73.71-0001), separated by "
            "spaces, commas or new lines, for instance from an attendance list."
        ),
    )

    # The version of the edited meeting when the form was opened: `forum.services.update_meeting`
    # refuses the save if someone else saved in between, rather than lose their change.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Meeting
        fields = ["kind", "title", "starts_on", "ends_on", "venue", "regency", "attendees", "minutes", "resolutions"]
        field_classes = {"attendees": MemberChoiceField}
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "attendees": forms.MultipleHiddenInput(),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "resolutions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _("For example: Rakornas FKN BLK-K 2021."),
            "ends_on": _("For a one-day meeting, the same date as the start."),
            "venue": _("For example: Harris Hotel & Convention Bekasi."),
            "minutes": _("What was discussed, in plain text."),
        }

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = forum
        self.members = forum.members()
        # A BLK-K recorded as attending stays choosable even if it has since moved province,
        # so editing an old meeting never drops it silently.
        self.choosable = self.members | self.instance.attendees.all() if self.instance.pk else self.members
        self.fields["attendees"].queryset = self.choosable
        self.fields["attendees"].error_messages["invalid_choice"] = _(
            "Only member BLK-Ks of this forum can attend; one of the chosen BLK-Ks is not a member."
        )
        self.fields["attendees"].error_messages["invalid_pk_value"] = _(
            "“%(pk)s” is not a BLK-K. Search for the BLK-K and tick it again."
        )
        self.fields["regency"].queryset = Regency.objects.all()
        if self.instance.pk:
            self.initial["version"] = self.instance.version
        self.fields["regency"].widget.choices = grouped_regency_choices()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("kind", css_class="col-md-4"), Column("title", css_class="col-md-8")),
            Row(Column("starts_on", css_class="col-sm-6"), Column("ends_on", css_class="col-sm-6")),
            Row(Column("venue", css_class="col-md-6"), Column("regency", css_class="col-md-6")),
            HTML('{% include "forum/_attendee_picker.html" %}'),
            "attendee_numbers",
            "minutes",
            "resolutions",
            "version",
        )

    def picked_attendees(self):
        """The attendees to show ticked: what was submitted, or the meeting's own on first display."""
        if self.is_bound:
            ids = picked_ids(self.data.getlist(self.add_prefix("attendees")))
        elif self.instance.pk:
            ids = [blkk.pk for blkk in self.instance.attendees.all()]
        else:
            ids = []
        return self.choosable.filter(pk__in=ids).select_related("regency").distinct() if ids else []

    def clean_attendee_numbers(self):
        numbers = {token.upper() for token in re.split(r"[\s,;]+", self.cleaned_data["attendee_numbers"]) if token}
        if not numbers:
            return []
        found = list(self.members.filter(registry_number__in=numbers))
        unknown = sorted(numbers - {blkk.registry_number for blkk in found})
        if unknown:
            raise forms.ValidationError(
                _("These registry numbers are not member BLK-Ks of this forum: %(numbers)s"),
                code="unknown_numbers",
                params={"numbers": ", ".join(unknown)},
            )
        return found

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and ("version" in self.errors or cleaned.get("version") is None):
            raise forms.ValidationError(
                _("This form is out of date. Open the meeting again from its page."), code="damaged"
            )
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The meeting cannot end before it starts."))
        if "attendees" in cleaned and "attendee_numbers" in cleaned:
            by_pk = {blkk.pk: blkk for blkk in [*cleaned["attendees"], *cleaned["attendee_numbers"]]}
            cleaned["attendees"] = list(by_pk.values())
        return cleaned


class BoardPositionForm(forms.ModelForm):
    """One seat on a forum's board, optionally linked to a portal user and a member BLK-K."""

    user = KeyedModelChoiceField(
        queryset=get_user_model().objects.active(),
        to_field_name="username",
        required=False,
        label=_("Portal user (username)"),
        help_text=_(
            "Optional. The person's username in the portal. To record meetings they also need "
            "the role “Forum board member”, which an administrator grants."
        ),
        error_messages={"invalid_choice": _("No active portal user has this username.")},
    )
    blkk = KeyedModelChoiceField(
        queryset=None,
        to_field_name="registry_number",
        uppercase=True,
        required=False,
        label=_("BLK-K (registry number)"),
        help_text=_("Optional. The member BLK-K the person comes from, for example BLKK-2019-73.71-0001."),
        error_messages={"invalid_choice": _("No member BLK-K of this forum has this registry number.")},
    )

    class Meta:
        model = BoardPosition
        fields = ["role", "title", "person_name", "user", "blkk", "term_start", "term_end"]
        widgets = {"term_start": DateInput(), "term_end": DateInput()}
        help_texts = {"term_end": _("Leave empty while the term is open-ended.")}

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blkk"].queryset = forum.members()
        # The text inputs show the keys people know, not database ids.
        if self.instance.user_id:
            self.initial["user"] = self.instance.user.username
        if self.instance.blkk_id:
            self.initial["blkk"] = self.instance.blkk.registry_number
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("role", css_class="col-md-5"), Column("title", css_class="col-md-7")),
            "person_name",
            Row(Column("user", css_class="col-md-6"), Column("blkk", css_class="col-md-6")),
            Row(Column("term_start", css_class="col-sm-6"), Column("term_end", css_class="col-sm-6")),
        )

    def clean(self):
        cleaned = super().clean()
        term_start, term_end = cleaned.get("term_start"), cleaned.get("term_end")
        if term_start and term_end and term_end < term_start:
            self.add_error("term_end", _("A term cannot end before it starts."))
        return cleaned
