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

from registry.models import Regency
from registry.widgets import QuickSelect

from .models import PendingReview, Programme, ReportingPeriod, StatusReport
from .querysets import BlkkScope

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
    """The PendingReview rows of the reports the user may review, the whole queue unfiltered; None without a scope.

    The BLK-Ks the user reviews (`BlkkScope.reviewing`, the registry's mentor rule) are
    read first, in one query; None when there are none: the queue is not theirs
    (`BlkkScope.reviews_anything`). The entries are then found by BLK-K, so the cost
    follows the size of the scope's queue, not of the nation's, and the queue's later
    queries (its filter choices, backlog and page) filter on those ids instead of each
    deciding the scope again through its mentorship subqueries (8 ms a query at national
    scale).
    """
    blkks = BlkkScope(user).reviewed_ids()
    return PendingReview.objects.of_blkks(blkks) if blkks else None


def reports_of(report_ids):
    """The reports of a page of the queue, in the page's order, with what their cards show."""
    found = StatusReport.objects.filter(pk__in=report_ids).for_listing().with_concerns().in_bulk()
    return [found[pk] for pk in report_ids if pk in found]


def queue_choices(queue):
    """(programmes, periods, regencies) with reports in the queue, each a list of (id, label); three small queries.

    Each is read from its own table, narrowed to the rows the queue names, so it costs
    what its few dozen choices cost, not a pass over every combination in the queue.
    """
    programmes = Programme.objects.filter(pk__in=queue.values("programme_id")).order_by("code", "pk")
    periods = ReportingPeriod.objects.filter(pk__in=queue.values("period_id")).order_by("label", "pk")
    regencies = Regency.objects.filter(code__in=queue.values("blkk__regency_id")).order_by("name", "code")
    return (
        [(str(pk), f"{code} {title}") for pk, code, title in programmes.values_list("pk", "code", "title")],
        [(str(pk), label) for pk, label in periods.values_list("pk", "label")],
        [(code, name) for code, name in regencies.values_list("code", "name")],
    )


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
        widget=QuickSelect,
        label=_("Programme"),
        required=False,
        error_messages={"invalid_choice": _("No report of programme “%(value)s” waits in your queue.")},
    )
    period = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Reporting period"),
        required=False,
        error_messages={"invalid_choice": _("No report of period “%(value)s” waits in your queue.")},
    )
    regency = forms.ChoiceField(
        widget=QuickSelect,
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
        widget=QuickSelect,
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
