"""Numbers as the reader's language writes them, for pages that print hundreds of them.

Django's localisation looks up three format settings for every number, and its
`floatformat` goes through Decimal arithmetic: about a third of a national overview's
rendering went there. These functions give the same text (tests/test_numbers.py holds
them equal to Django's on random values in both languages) with the separators looked
up once per language. A language that does not group digits by threes, and any value
that is not a plain int or finite float, is left to Django.

What these functions write holds only digits, a minus sign and the two separators, so it
is marked safe: a template need not escape it (on a national overview that spared some
800 escapes, a fifth of its rendering). Separators that HTML would need escaped leave
the number to Django as well.
"""

import functools
import math
from decimal import ROUND_HALF_UP, Decimal

from django.template.defaultfilters import floatformat
from django.utils.formats import get_format, localize
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

TENTH = Decimal("0.1")


@functools.cache
def _separators(language):
    """(thousands, decimal) separators of a language that groups by threes (id, en), else None."""
    if get_format("NUMBER_GROUPING", language) != 3:
        return None
    separators = get_format("THOUSAND_SEPARATOR", language), get_format("DECIMAL_SEPARATOR", language)
    if any(escape(separator) != separator for separator in separators):
        return None
    return separators


def _localised(text, separators):
    """`text` written with "," between thousands and "." before the decimals, in the language's separators."""
    thousands, decimal = separators
    return SafeString(text.replace(",", "\0").replace(".", decimal).replace("\0", thousands))


def whole(value):
    """An int as a template shows it with USE_THOUSAND_SEPARATOR: 1.752 in Indonesian, 1,752 in English."""
    separators = _separators(get_language())
    if type(value) is not int or separators is None:
        return localize(value)
    return _localised(f"{value:,}", separators)


def one_decimal(value):
    """As `floatformat(value, 1)`: rounded half up from the number as written, thousands grouped."""
    separators = _separators(get_language())
    if type(value) not in (int, float) or separators is None or not math.isfinite(value):
        return floatformat(value, 1)
    rounded = Decimal(repr(value)).quantize(TENTH, ROUND_HALF_UP)
    # floatformat writes no sign before a value that rounds to zero.
    return _localised(f"{rounded or abs(rounded):,.1f}", separators)
