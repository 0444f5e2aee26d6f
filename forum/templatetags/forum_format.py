"""Small formatting filters for the forum pages: date ranges and badge colours."""

from django import template
from django.utils.formats import date_format

from forum.querysets import MentorState

register = template.Library()

# Colours only support the words printed inside each badge; they never carry meaning alone.
BADGE_CLASSES = {
    "effective": "text-bg-success",
    "expiring": "text-bg-warning",
    "none": "text-bg-secondary",
    "in_force": "text-bg-success",
    "not_yet": "text-bg-info",
    "expired": "text-bg-secondary",
    "superseded": "text-bg-secondary",
    "revoked": "text-bg-danger",
}


@register.filter
def date_range(start, end):
    """'6–7 Desember 2021', '30 November – 2 Desember 2021', or one date when both agree."""
    if not start:
        return ""
    if not end or end == start:
        return date_format(start, "DATE_FORMAT")
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, 'j')}–{date_format(end, 'DATE_FORMAT')}"
    if start.year == end.year:
        return f"{date_format(start, 'MONTH_DAY_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"
    return f"{date_format(start, 'DATE_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"


@register.filter
def badge_class(state):
    """The Bootstrap colour class for a mentor state or a decree standing."""
    return BADGE_CLASSES.get(str(state), "text-bg-light")


@register.filter
def mentor_state_label(state):
    """The words for a forum's mentor state ("effective", "expiring within 60 days", "none")."""
    return MentorState(state).label if state in MentorState.values else ""
