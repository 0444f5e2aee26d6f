"""Small formatting filters for registry pages: level and status badges, rates per 100,000."""

import functools

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from blkk_portal import numbers

from ..models import Blkk

register = template.Library()

# One colour per independence level, wherever a level is shown: static/css/portal.css
# defines `--level-<value>` (and a readable text colour) once; badges take the class
# below, and the dashboards' charts read the same custom property (dashboards/charts.py).
# The badge always carries the level's words too, so colour is never the only signal.
LEVEL_CLASSES = {level: f"level-{level.value}" for level in Blkk.Level}
STATUS_CLASSES = {
    Blkk.Status.ACTIVE: "text-bg-success",
    Blkk.Status.INACTIVE: "text-bg-warning",
    Blkk.Status.CLOSED: "text-bg-dark",
}


# Simple tags, not inclusion tags, and each badge written once per language: a list page
# draws one or two badges per row, and rendering a template for each took longer than
# the rest of the row.
@register.simple_tag
def level_badge(level):
    """A badge with the level's name, from a Blkk.Level value."""
    return _badge("level", level, get_language())


@register.simple_tag
def status_badge(status):
    """A badge with the operating status's name, from a Blkk.Status value."""
    return _badge("status", status, get_language())


BADGES = {
    "level": (Blkk.Level, LEVEL_CLASSES, _("Independence level:")),
    "status": (Blkk.Status, STATUS_CLASSES, _("Operating status:")),
}


@functools.lru_cache(maxsize=64)
def _cached_badge(kind, value, language):
    # `language` is the active one: part of the key, so each language gets its own words.
    choices, classes, prefix = BADGES[kind]
    member = choices(value)
    markup = '<span class="badge {}"><span class="visually-hidden">{} </span>{}</span>'
    return format_html(markup, classes[member], prefix, member.label)


def _badge(kind, value, language):
    choices, _classes, prefix = BADGES[kind]
    if value in choices._value2member_map_:
        return _cached_badge(kind, value, language)
    # A value outside the choices (written around the model's validation) shows as it is.
    return format_html(
        '<span class="badge text-bg-light border"><span class="visually-hidden">{} </span>{}</span>', prefix, value
    )


@register.filter
def per_100k(value):
    """A rate per 100,000 inhabitants with one decimal, or a dash when it is unknown."""
    if value is None:
        return "—"
    return numbers.one_decimal(value)


@register.filter
def aria_sort(sort, key):
    """The aria-sort of the column `key` when the table is sorted by `sort` ("-name": name, descending)."""
    if sort == key:
        return "ascending"
    if sort == f"-{key}":
        return "descending"
    return "none"
