"""What a manager still has to report now: the one rule the manager's landing page reads.

A report is due for an implementation of a BLK-K the user may report for
(`Implementation.objects.reportable_by`) when the programme runs in its roadmap's current
period (`ReportingPeriod.objects.current`) and that period holds no pending or approved
report for it (`due_in`); a returned report leaves it due. It is late once the period's
due date has passed.
"""

from dataclasses import dataclass

from django.utils import timezone

from .models import Implementation, Roadmap
from .services import is_past_due


@dataclass(frozen=True)
class DueReports:
    """The implementations due now, soonest due date first; each carries `period` and `is_late`."""

    items: list
    today: object

    @property
    def count(self):
        return len(self.items)

    @property
    def late_count(self):
        return sum(item.is_late for item in self.items)

    @property
    def next_due_on(self):
        """The nearest due date still ahead (or today); None when every due report is late, or none is due."""
        return min((item.period.due_on for item in self.items if not item.is_late), default=None)


def reports_due(user, on=None):
    """The reports `user` still owes on the day, soonest due first.

    Queries: the roadmaps the user's BLK-Ks take part in, then two per roadmap (its
    current period, its due implementations). Roadmaps are few (the national one and a
    province's), so the count does not grow with programmes or reports.
    """
    today = on or timezone.localdate()
    reportable = Implementation.objects.reportable_by(user)
    roadmaps = Roadmap.objects.filter(pillars__programmes__implementations__in=reportable).distinct().order_by("pk")
    items = []
    for roadmap in roadmaps:
        period = roadmap.periods.current(today)
        if period is None:
            continue
        rows = (
            reportable.due_in(period)
            .with_period_state(period)
            .select_related("programme__pillar", "latest_report", "blkk")
            .order_by("blkk__name", "programme__pillar__number", "programme__code", "pk")
        )
        for implementation in rows:
            implementation.period = period
            implementation.is_late = is_past_due(period, today)
            items.append(implementation)
    # Stable: within one due date, the order of the query (BLK-K, pillar, programme).
    items.sort(key=lambda item: item.period.due_on)
    return DueReports(items=items, today=today)
