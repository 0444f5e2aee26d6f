"""The reporting states of an implementation in a period, as list filters.

Each state here is the row-level twin of a `PeriodRollup` column: the dashboards show
the rollup's sum, and the list a number links to filters the implementations with the
same rule. Tests hold the two to the same count.

Source and oracle: every number the dashboards show comes from the rollups
(`roadmap.rollups`, one SQL statement); this module is the source of which rows a list
shows, and the oracle for the rollups. tests/dashboards/test_rollups_oracle.py builds
random worlds and requires each rollup column (the states here, the approved status as of
a period from `with_status_as_of`, and their sums per province) to equal what these
filters count; tests/dashboards/test_rollups.py and test_counts_match_lists.py do the
same on a fixed world. A change to a state's rule is made here and in the rollups'
RECOUNT together.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from roadmap.models import Implementation, StatusReport

Review = StatusReport.Review
SETTLED = [Review.PENDING, Review.APPROVED]


class State(models.TextChoices):
    RUNNING = "running", _("report expected")
    REPORTED = "reported", _("reported")
    ON_TIME = "on_time", _("reported on time")
    LATE = "late", _("reported late")
    MISSING = "missing", _("not reported")
    APPROVED = "approved", _("approved")
    PENDING = "pending", _("awaiting review")
    RETURNED = "returned", _("returned, awaiting resubmission")
    STALLED = "stalled", _("stalled")


def _reports(period, **conditions):
    return Exists(StatusReport.objects.filter(implementation=OuterRef("pk"), period=period, **conditions))


def _running(period):
    return Q(programme__starts_on__lte=period.ends_on, programme__ends_on__gte=period.starts_on)


def in_state(implementations, state, period, previous):
    """Implementations of the period's roadmap in `state` during `period`; `previous` is the period before it."""
    implementations = implementations.filter(programme__pillar__roadmap_id=period.roadmap_id)
    reported = _reports(period, review__in=SETTLED)
    on_time = _reports(period, review__in=SETTLED, is_late=False)
    conditions = {
        State.RUNNING: Q(),
        State.REPORTED: Q(reported),
        State.ON_TIME: Q(on_time),
        State.LATE: Q(reported) & ~Q(on_time),
        State.MISSING: ~Q(reported),
        State.APPROVED: Q(_reports(period, review=Review.APPROVED)),
        State.PENDING: Q(_reports(period, review=Review.PENDING)),
        State.RETURNED: Q(_reports(period, review=Review.RETURNED)) & ~Q(reported),
    }
    if state == State.STALLED:
        if previous is None:
            return implementations.none()
        approved_before = _reports(previous, review=Review.APPROVED)
        return implementations.filter(
            _running(period),
            _running(previous),
            ~Q(_reports(period, review=Review.APPROVED)),
            ~Q(approved_before),
        )
    return implementations.filter(_running(period), conditions[State(state)])


def with_status_as_of(implementations, period, is_last):
    """Annotate `status_then`: the approved status as of the period (latest approved report up to it).

    For the roadmap's last period that is the stored `approved_status`; for an earlier one
    a subquery finds it, as `roadmap.rollups` does.
    """
    if is_last:
        return implementations.annotate(status_then=models.F("approved_status"))
    latest = (
        StatusReport.objects.filter(
            implementation=OuterRef("pk"), review=Review.APPROVED, period__starts_on__lte=period.starts_on
        )
        .order_by("-period__starts_on", "-submitted_at", "-pk")
        .values("status")[:1]
    )
    return implementations.annotate(
        status_then=Coalesce(Subquery(latest), Value(Implementation.Status.NOT_STARTED.value))
    )
