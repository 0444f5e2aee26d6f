"""The mentor's review queue: what it lists, how it is filtered and sorted, and its backlog.

Everything starts from the `PendingReview` rows in the user's review scope
(`BlkkScope.reviewing`, the same rule as `StatusReport.objects.reviewable_by`), so a
filter can only narrow the queue, and the choices offered come from the reports in it: a
programme, period or regency with nothing waiting is not offered, and an id from
elsewhere is not accepted. The rows are found by BLK-K, so the cost follows the size of
the centre's queue, not the nation's reports.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import PendingReview, StatusReport

# The sort keys of the queue; the primary key closes each one so pages never repeat a report.
SORTS = {
    "oldest": ("submitted_at", "report_id"),
    "newest": ("-submitted_at", "-report_id"),
    "blkk": ("blkk__name", "submitted_at", "report_id"),
    "programme": ("programme__code", "programme__title", "submitted_at", "report_id"),
}
DEFAULT_SORT = "oldest"
SORT_CHOICES = [
    ("oldest", _("Waiting longest first")),
    ("newest", _("Newest first")),
    ("blkk", _("BLK-K name")),
    ("programme", _("Programme")),
]
MAX_WAITING_DAYS = 3650


def queue_of(user):
    """The PendingReview rows of the reports the user may review: the whole queue, unfiltered."""
    return PendingReview.objects.in_review_scope(user)


def reports_of(report_ids):
    """The reports of a page of the queue, in the page's order, with what their cards show."""
    found = StatusReport.objects.filter(pk__in=report_ids).for_listing().with_concerns().in_bulk()
    return [found[pk] for pk in report_ids if pk in found]


def queue_choices(queue):
    """(programmes, periods, regencies) with reports in the queue, each a list of (id, label); one query."""
    rows = (
        queue.order_by()
        .values_list(
            "programme_id",
            "programme__code",
            "programme__title",
            "period_id",
            "period__label",
            "blkk__regency_id",
            "blkk__regency__name",
        )
        .distinct()
    )
    programmes, periods, regencies = {}, {}, {}
    for programme, code, title, period, label, regency, name in rows:
        programmes[programme] = (code, f"{code} {title}")
        periods[period] = (label, label)
        regencies[regency] = (name, name)

    def sorted_choices(found):
        return [(str(pk), shown) for pk, (key, shown) in sorted(found.items(), key=lambda item: (item[1][0], item[0]))]

    return sorted_choices(programmes), sorted_choices(periods), sorted_choices(regencies)


class QueueFilterForm(forms.Form):
    """The queue's search, filters and sort, read from the query string.

    A value that does not validate is ignored and named in a message; the others still
    apply. Choices are those of `queue_choices`, so ids outside the reader's queue are
    refused like any unknown value.
    """

    q = forms.CharField(
        label=_("BLK-K name or registry number"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Search for at most %(limit_value)d characters.")},
    )
    programme = forms.ChoiceField(
        label=_("Programme"),
        required=False,
        error_messages={"invalid_choice": _("No report of programme “%(value)s” waits in your queue.")},
    )
    period = forms.ChoiceField(
        label=_("Reporting period"),
        required=False,
        error_messages={"invalid_choice": _("No report of period “%(value)s” waits in your queue.")},
    )
    regency = forms.ChoiceField(
        label=_("Regency or city"),
        required=False,
        error_messages={"invalid_choice": _("No report from regency “%(value)s” waits in your queue.")},
    )
    waiting = forms.IntegerField(
        label=_("Waiting longer than (days)"),
        required=False,
        min_value=0,
        max_value=MAX_WAITING_DAYS,
        error_messages={
            "invalid": _("Waiting days are a whole number, such as 14."),
            "min_value": _("Waiting days cannot be negative."),
            "max_value": _("Waiting days are at most %(limit_value)s."),
        },
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=SORT_CHOICES,
        error_messages={"invalid_choice": _("Unknown sort order “%(value)s”.")},
    )

    FILTERS = ("q", "programme", "period", "regency", "waiting")

    def __init__(self, data, *, choices, **kwargs):
        super().__init__(data, **kwargs)
        programmes, periods, regencies = choices
        self.fields["programme"].choices = [("", _("All programmes")), *programmes]
        self.fields["period"].choices = [("", _("All periods")), *periods]
        self.fields["regency"].choices = [("", _("All regencies")), *regencies]
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = css
        self.fields["waiting"].widget.attrs.update(inputmode="numeric", placeholder="14")
        self.is_valid()  # the fields that failed are left out of cleaned_data and named in `ignored`

    def clean_q(self):
        return self.cleaned_data["q"].strip()

    def apply(self, queue):
        """The queue narrowed by every valid filter and sorted as asked."""
        data = self.cleaned_data
        if data.get("q"):
            text = data["q"]
            queue = queue.filter(Q(blkk__name__icontains=text) | Q(blkk__registry_number__icontains=text))
        if data.get("programme"):
            queue = queue.filter(programme_id=int(data["programme"]))
        if data.get("period"):
            queue = queue.filter(period_id=int(data["period"]))
        if data.get("regency"):
            queue = queue.filter(blkk__regency_id=data["regency"])
        if data.get("waiting") is not None:
            queue = queue.waiting_longer_than(data["waiting"])
        return queue.order_by(*SORTS[self.sort_key])

    @property
    def sort_key(self):
        return self.cleaned_data.get("sort") or DEFAULT_SORT

    @property
    def filtered(self):
        """Whether any valid filter narrows the queue."""
        return any(self.cleaned_data.get(name) not in (None, "") for name in self.FILTERS)

    def ignored(self):
        """(label, message) of each value that was not understood and is ignored."""
        return [(self.fields[name].label, error) for name, errors in self.errors.items() for error in errors]
