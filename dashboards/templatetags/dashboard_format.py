"""Formatting for the dashboards' tables."""

import re

from django import template
from django.utils.html import format_html

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
