"""Badges with words and progress bars with their number, for the roadmap pages.

Colour only supports the word printed in each badge, so a reader who cannot tell green
from red, or a printout in black and white, loses nothing.
"""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from blkk_portal import numbers
from registry.models import Blkk
from registry.templatetags.registry_format import LEVEL_CLASSES
from roadmap.models import Implementation, Roadmap, StatusReport
from roadmap.querysets import REVIEW_CONCERNS, overdue_for_review

register = template.Library()

Status = Implementation.Status
Review = StatusReport.Review
Level = Blkk.Level

BADGES = {
    "status": (
        Status,
        {
            Status.NOT_STARTED: "text-bg-light border",
            Status.IN_PROGRESS: "text-bg-primary",
            Status.DONE: "text-bg-success",
            Status.BLOCKED: "text-bg-danger",
            Status.NOT_APPLICABLE: "text-bg-secondary",
        },
    ),
    "review": (
        Review,
        {Review.PENDING: "text-bg-warning", Review.APPROVED: "text-bg-success", Review.RETURNED: "text-bg-danger"},
    ),
    "level": (Level, LEVEL_CLASSES),  # the registry's one colour per level
    "roadmap": (
        Roadmap.Status,
        {
            Roadmap.Status.DRAFT: "text-bg-light border",
            Roadmap.Status.ADOPTED: "text-bg-success",
            Roadmap.Status.CLOSED: "text-bg-secondary",
        },
    ),
}


@register.simple_tag
def badge(kind, value):
    """`{% badge "status" impl.status %}`: the value's label in a coloured badge."""
    choices, classes = BADGES[kind]
    try:
        member = choices(value)
    except ValueError:
        return format_html('<span class="badge text-bg-light border">{}</span>', value or "—")
    return format_html('<span class="badge {}">{}</span>', classes.get(member, "text-bg-light border"), member.label)


@register.simple_tag
def progress_bar(value, label=""):
    """A native progress bar with the percentage written beside it; `label` names it for screen readers."""
    number = 0 if value is None else max(0, min(100, int(value)))
    text = "—" if value is None else f"{number}%"
    return format_html(
        '<span class="roadmap-progress d-inline-flex align-items-center gap-2">'
        '<progress max="100" value="{}" aria-hidden="true"></progress>'
        '<span><span class="visually-hidden">{} </span>{}</span></span>',
        number,
        label or _("Progress"),
        text,
    )


@register.filter
def score(value):
    """A score with one decimal in the reader's number format, or a dash when nothing counts yet."""
    if value is None:
        return "—"
    return numbers.one_decimal(value)


@register.filter
def days_waiting(submitted_at, today):
    """Whole days a report has waited on `today`: calendar days since the day it was sent (local time)."""
    return (today - timezone.localdate(submitted_at)).days


@register.filter
def overdue(submitted_at, today):
    """Whether a report sent then waits too long for review on `today`, by the rule the backlog counts with."""
    return overdue_for_review(submitted_at, today)


@register.filter
def review_concerns(report):
    """What needs the mentor's own look in a report annotated by `with_concerns()`, as labels."""
    return [label for name, (_fine, label) in REVIEW_CONCERNS.items() if getattr(report, f"concern_{name}", False)]


@register.filter
def file_kind(evidence_type):
    """The checked type of an evidence file for people: PDF, JPEG or PNG."""
    value = (evidence_type or "").lower().rsplit("/", 1)[-1]
    return {"jpg": "JPEG"}.get(value, value.upper())
