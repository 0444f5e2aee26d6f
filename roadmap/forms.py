"""Forms of the roadmap pages: programmes, period locks, status reports, reviews and classifications.

They check what a person typed and say what is wrong beside the field. The workflows
themselves (submitting, reviewing, classifying) live in `roadmap.services`, which checks
again inside its transaction.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blkk_portal.uploads import MAX_UPLOAD_BYTES, check_upload, oversize_error
from registry.models import Blkk, Province

from .models import Implementation, Programme, StatusReport

EVIDENCE_KINDS = ("pdf", "jpeg", "png")
MAX_PARTICIPANTS = 5000
Status = Implementation.Status


class ProgrammeForm(forms.ModelForm):
    """A programme under one of the roadmap's pillars; chosen participants are typed as registry numbers."""

    participant_numbers = forms.CharField(
        label=_("Participating BLK-Ks (registry numbers)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Only for a chosen set: one registry number per line (or separated by commas), "
            "for example BLKK-2019-73.71-0001. Each must be a member of the roadmap's forum."
        ),
    )

    class Meta:
        model = Programme
        fields = ["pillar", "code", "title", "description", "starts_on", "ends_on", "participation"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "participation": forms.RadioSelect,
        }
        help_texts = {
            "code": _("Short and unique within the pillar, for example P2.03."),
            "starts_on": _("Within the roadmap's years."),
        }

    def __init__(self, *args, roadmap, **kwargs):
        super().__init__(*args, **kwargs)
        self.roadmap = roadmap
        self.fields["pillar"].queryset = roadmap.pillars.order_by("number")
        self.fields["pillar"].empty_label = None
        if self.instance.pk and not self.is_bound:
            numbers = self.instance.participants.order_by("registry_number").values_list("registry_number", flat=True)
            self.initial["participant_numbers"] = "\n".join(numbers)

    def clean_participant_numbers(self):
        numbers = list(dict.fromkeys(n for n in re.split(r"[\s,;]+", self.cleaned_data["participant_numbers"]) if n))
        if len(numbers) > MAX_PARTICIPANTS:
            raise ValidationError(
                _("At most %(limit)s BLK-Ks may be listed; choose “all members” instead."),
                params={"limit": MAX_PARTICIPANTS},
            )
        members = dict(
            self.roadmap.forum.members().filter(registry_number__in=numbers).values_list("registry_number", "pk")
        )
        unknown = [number for number in numbers if number not in members]
        if unknown:
            raise ValidationError(
                _("Not BLK-Ks of %(forum)s: %(numbers)s. Check the registry numbers in the directory."),
                params={"forum": self.roadmap.forum, "numbers": ", ".join(unknown[:20])},
            )
        return list(members.values())

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("participation") == Programme.Participation.CHOSEN
        if chosen and not cleaned.get("participant_numbers") and "participant_numbers" not in self.errors:
            self.add_error("participant_numbers", _("List at least one BLK-K, or let all members take part."))
        for name in ("starts_on", "ends_on"):
            day = cleaned.get(name)
            if day and not self.roadmap.start_year <= day.year <= self.roadmap.end_year:
                self.add_error(
                    name,
                    _("Choose a date between %(start)s and %(end)s, the roadmap's years.")
                    % {"start": self.roadmap.start_year, "end": self.roadmap.end_year},
                )
        return cleaned

    def participants(self):
        """The ids of the chosen BLK-Ks; the form never saves itself (see `roadmap.services.create_programme`)."""
        return self.cleaned_data["participant_numbers"]


class PeriodLockForm(forms.Form):
    action = forms.ChoiceField(choices=[("lock", _("Lock")), ("unlock", _("Unlock"))])


class ImplementationFilterForm(forms.Form):
    """The programme page's filters; a value it does not know is dropped with a message, not a 500."""

    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("any status")), *Status.choices])
    province = forms.ModelChoiceField(
        label=_("Province"),
        required=False,
        queryset=Province.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("any province"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def filter(self, implementations):
        """Apply the valid filters; the status is returned apart so counts per status can ignore it."""
        self.is_valid()  # fields that fail are left out of cleaned_data, and their errors are shown
        data = self.cleaned_data
        if data.get("q"):
            implementations = implementations.filter(blkk__in=Blkk.objects.search(data["q"]))
        if data.get("province"):
            implementations = implementations.filter(blkk__regency__province=data["province"])
        return implementations, data.get("status") or ""


class ReportForm(forms.Form):
    """A status report. `version` is the implementation's version when the form was opened."""

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        help_text=_("A whole number from 0 to 100. “Done” means 100; “not started” means 0."),
    )
    narrative = forms.CharField(
        label=_("What was done this period"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Activities, results and obstacles, in a few sentences. Your mentor centre reads this."),
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
        help_text=_("A PDF, JPEG or PNG file of at most 10 MB: minutes, photos, certificates, agreements."),
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    corrects = forms.ModelChoiceField(queryset=StatusReport.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, implementation, user, oversize=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.oversize = oversize
        self.fields["corrects"].queryset = StatusReport.objects.visible_to(user).filter(implementation=implementation)

    def clean_evidence(self):
        if "evidence" in self.oversize:
            raise oversize_error(MAX_UPLOAD_BYTES)
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            check_upload(evidence, allowed=EVIDENCE_KINDS)
        return evidence

    def clean(self):
        cleaned = super().clean()
        if "version" in self.errors or "corrects" in self.errors:
            self.add_error(None, _("This form is out of date. Open the report form again from the programme's page."))
        status, progress = cleaned.get("status"), cleaned.get("progress")
        if status == Status.DONE and progress is not None and progress != 100:
            self.add_error("progress", _("A programme that is done has progress 100."))
        if status == Status.NOT_STARTED and progress:
            self.add_error("progress", _("A programme that has not started has progress 0."))
        return cleaned

    def service_arguments(self):
        """The keyword arguments of `submit_report` that come from the form."""
        data = self.cleaned_data
        return {
            "status": Status(data["status"]),
            "progress": data["progress"],
            "narrative": data["narrative"],
            "evidence": data.get("evidence") or None,
            "expected_version": data["version"],
            "corrects": data.get("corrects"),
        }


class ReviewForm(forms.Form):
    """A mentor's decision on a pending report; returning it needs a note for the manager."""

    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("return", _("Return to the manager"))])
    note = forms.CharField(
        label=_("Note to the manager"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when returning: say what should be corrected or added."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Write a note so the manager knows what to correct."))
        return cleaned

    @property
    def approves(self):
        return self.cleaned_data["decision"] == "approve"


class ClassificationForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Independence level"),
        choices=[(level.value, level.label) for level in Blkk.Level if level != Blkk.Level.UNCLASSIFIED],
        widget=forms.RadioSelect,
    )
    assessed_on = forms.DateField(
        label=_("Assessed on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day of the assessment; not in the future."),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the level rests on: the visit, documents seen, the permit, partnerships, production."),
    )
    note = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why the BLK-K is at this level now; kept in the audit log with your name."),
    )

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise ValidationError(_("An assessment cannot be dated in the future."))
        return day
