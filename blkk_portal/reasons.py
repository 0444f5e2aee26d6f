"""Machine-written change reasons: stored as a code with parameters, read in the reader's language.

A workflow that records why something changed (a history entry's reason) stores
`encode("decree.signed")` or `encode("period.report", period="2027 Q1")`: a short string
such as `#period.report {"period":"2027 Q1"}` that fits simple-history's 100 characters.
Whoever reads the history (the audit log, a BLK-K's page, Django admin) calls `render()`,
which writes the sentence in the language active for that reader. A reason a person
typed is stored as typed and rendered as it is; so is any old or unknown text.

REASONS is the one list of codes: writers name a code from it, readers translate through it.
"""

import datetime
import json
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# simple-history keeps 100 characters of a reason.
REASON_LENGTH = 100
PREFIX = "#"
ELLIPSIS = "…"


@dataclass(frozen=True)
class Reason:
    """A translatable sentence; `dates` name the parameters stored as ISO dates and shown in the reader's format."""

    template: object
    dates: tuple = ()


# Codes are never removed or renamed: stored history rows and the data migrations that
# converted old sentences (registry 0008, forum 0009, roadmap 0012) name them.
REASONS = {
    "demo": Reason(_("Demo data")),
    "import": Reason(_("Import of %(file)s #%(id)s")),
    "meeting.recorded": Reason(
        ngettext_lazy("Recorded with %(count)d attending BLK-K", "Recorded with %(count)d attending BLK-Ks", "count")
    ),
    "board.term_ended": Reason(_("Term ended")),
    "decree.signed": Reason(_("signed PDF recorded")),
    "decree.superseded": Reason(_("superseded")),
    "decree.revoked": Reason(_("revoked")),
    "blkk.mentor_set": Reason(_("mentor centre set by decree %(number)s")),
    "blkk.mentor_ended": Reason(_("mentor centre removed: decree %(number)s ended")),
    "blkk.classified": Reason(_("Classification of %(date)s: %(reason)s"), dates=("date",)),
    "implementation.joined": Reason(_("Joined the programme")),
    "implementation.reported": Reason(_("Report for %(period)s")),
    "implementation.approved": Reason(_("Report for %(period)s approved")),
    "period.locked": Reason(_("Locked: the period takes no more reports.")),
    "period.unlocked": Reason(_("Unlocked: the period takes reports again.")),
}


def encode(code, **params):
    """The stored form of reason `code` with `params` (strings, numbers, dates), within REASON_LENGTH.

    When the parameters are too long, the longest text among them is shortened with an
    ellipsis: a file name or a typed note loses its end, the code and the rest stay whole.
    """
    if code not in REASONS:
        raise ValueError(f"Unknown reason code {code!r}; add it to blkk_portal.reasons.REASONS.")
    params = {name: value.isoformat() if isinstance(value, datetime.date) else value for name, value in params.items()}
    stored = _dump(code, params)
    while len(stored) > REASON_LENGTH:
        texts = [name for name, value in params.items() if isinstance(value, str) and value]
        if not texts:
            raise ValueError(f"Reason {code!r} does not fit in {REASON_LENGTH} characters.")
        longest = max(texts, key=lambda name: len(params[name]))
        params[longest] = _shortened(code, params, longest)
        stored = _dump(code, params)
    return stored


def _shortened(code, params, name):
    """The longest start of params[name] (with an ellipsis) that lets the whole reason fit, or "".

    Measured on the stored JSON, where a quote or a line break takes more than one character.
    """
    value = params[name].rstrip(ELLIPSIS)
    low, high, best = 1, len(value) - 1, ""
    while low <= high:
        middle = (low + high) // 2
        candidate = value[:middle] + ELLIPSIS
        if len(_dump(code, {**params, name: candidate})) <= REASON_LENGTH:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def _dump(code, params):
    if not params:
        return PREFIX + code
    return f"{PREFIX}{code} {json.dumps(params, ensure_ascii=False, separators=(',', ':'))}"


def decode(stored):
    """(code, params) of a stored reason, or None for text a person typed, old text and unknown codes."""
    if not stored or not stored.startswith(PREFIX):
        return None
    code, _space, rest = stored[len(PREFIX) :].partition(" ")
    if code not in REASONS:
        return None
    try:
        params = json.loads(rest) if rest else {}
    except ValueError:
        return None
    return (code, params) if isinstance(params, dict) else None


def render(stored):
    """The reason as a sentence in the active language; text that is not a known code, as it is."""
    decoded = decode(stored)
    if decoded is None:
        return stored or ""
    code, params = decoded
    reason = REASONS[code]
    values = dict(params)
    for name in reason.dates:
        values[name] = _readable_date(values.get(name))
    try:
        return str(reason.template % values)
    except (KeyError, TypeError, ValueError):
        # A code stored with other parameters than its sentence expects: show what was stored.
        return stored


def _readable_date(value):
    try:
        return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
    except (TypeError, ValueError):
        return value
