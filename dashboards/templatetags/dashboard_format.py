"""Formatting for the dashboards' tables."""

import re

from django import template
from django.utils.html import format_html

from blkk_portal import numbers

register = template.Library()

HYPHENATED = re.compile(r"(\S+-\S+)")


@register.filter
def keep_words(text):
    """The text with each hyphenated word (BLK-K, BLK-Ks) kept on one line, so a header wraps at spaces only."""
    pieces = [
        format_html('<span class="nowrap-word">{}</span>' if index % 2 else "{}", part)
        for index, part in enumerate(HYPHENATED.split(str(text)))
    ]
    return format_html("{}" * len(pieces), *pieces)


@register.filter
def count(value):
    """A whole number as `{{ value }}` shows it (1.752 in Indonesian, 1,752 in English), more cheaply."""
    return numbers.whole(value)


@register.filter
def one_decimal(value):
    """As `|floatformat:1`, more cheaply, or a dash where there is none: shares and rates in the breakdown tables."""
    if value is None:
        return "—"
    return numbers.one_decimal(value)
