"""Small formatting filters for registry pages: level and status badges, rates per 100,000."""

from django import template
from django.template.defaultfilters import floatformat

from ..models import Blkk

register = template.Library()

# Bootstrap's text-bg-* classes pair each background with a readable text colour; the
# badge always carries the level's words too, so colour is never the only signal.
LEVEL_CLASSES = {
    Blkk.Level.UNCLASSIFIED: "text-bg-secondary",
    Blkk.Level.TUMBUH: "text-bg-info",
    Blkk.Level.BERKEMBANG: "text-bg-primary",
    Blkk.Level.MANDIRI: "text-bg-success",
}
STATUS_CLASSES = {
    Blkk.Status.ACTIVE: "text-bg-success",
    Blkk.Status.INACTIVE: "text-bg-warning",
    Blkk.Status.CLOSED: "text-bg-dark",
}


@register.inclusion_tag("_level_badge.html")
def level_badge(level):
    """A badge with the level's name, from a Blkk.Level value."""
    return _badge(Blkk.Level, LEVEL_CLASSES, level, "level")


@register.inclusion_tag("_level_badge.html")
def status_badge(status):
    """A badge with the operating status's name, from a Blkk.Status value."""
    return _badge(Blkk.Status, STATUS_CLASSES, status, "status")


def _badge(choices, classes, value, kind):
    # A value outside the choices (written around the model's validation) shows as it is.
    member = choices(value) if value in choices.values else None
    if member is None:
        return {"label": value, "css": "text-bg-light border", "kind": kind}
    return {"label": member.label, "css": classes[member], "kind": kind}


@register.filter
def per_100k(value):
    """A rate per 100,000 inhabitants with one decimal, or a dash when it is unknown."""
    if value is None:
        return "—"
    return floatformat(value, 1)
