"""Shaping the aggregate rows into table rows: labels, per-100,000 rates and the links behind each number.

No number is computed here from other rows: the aggregates come from `querysets`, this
only attaches names and link targets (and divides a count by a population).
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from registry.models import Blkk, Regency

# The filter each breakdown's key becomes in a list link.
LINK_FILTER = {"province": "province", "regency": "regency", "host_type": "host_type", "field": "field"}


def _labels(by, keys, form):
    if by == "province":
        return {code: name for code, (name, _population) in form.provinces.items()}
    if by == "regency":
        return dict(Regency.objects.filter(code__in=[key for key in keys if key]).values_list("code", "name"))
    if by == "host_type":
        return form.host_types
    return form.vocational_fields


def breakdown_rows(by, rows, form, kept):
    """Rows of a breakdown table, sorted by label, each with `label`, `links` and its numbers."""
    labels = _labels(by, rows.keys(), form)
    blkks, implementations = reverse("dashboards:blkks"), reverse("dashboards:implementations")
    # A province's row links to its dashboard with the filters kept, but for the province.
    place = _query({k: v for k, v in kept.items() if k != "province"})
    province_prefix = url_prefix("dashboards:province")
    result = []
    for key, numbers in rows.items():
        row = {"key": key, "label": labels.get(key, key) if key else _("none recorded"), **numbers}
        filters = dict(kept)
        if key:
            filters[LINK_FILTER[by]] = key
        row["query"] = urlencode(filters)
        # The lists behind the row's numbers, whole: the template appends only the level or state.
        row["blkks_url"] = f"{blkks}?{row['query']}"
        row["implementations_url"] = f"{implementations}?{row['query']}"
        row["levels"] = [(level, numbers.get(level.value, 0)) for level in Blkk.Level]
        total = numbers.get("total", 0)
        row["mandiri_share"] = numbers.get(Blkk.Level.MANDIRI.value, 0) * 100 / total if total else None
        if by == "province" and key:
            population = form.provinces[key][1]
            row["per_100k"] = numbers["total"] * 100_000 / population if population else None
            row["dashboard_url"] = f"{province_prefix}{key}/{place}"
        result.append(row)
    result.sort(key=lambda row: (row["key"] is None, str(row["label"])))
    return result


def url_prefix(name):
    """The URL of `name` for the key 0 without the 0, for rows that append many keys (reversing each is slow).

    Only for keys that need no quoting in a path: ids and province codes.
    """
    return reverse(name, args=[0])[:-2]


def _query(pairs):
    return f"?{urlencode(pairs)}" if pairs else ""


def trend_rows(trend, levels):
    """The trend per period, with the BLK-Ks by assessed level at each period's end."""
    for row in trend:
        counts = levels.get(row["period_id"], {})
        row["levels"] = [
            (level, counts.get(level.value, 0)) for level in Blkk.Level if level != Blkk.Level.UNCLASSIFIED
        ]
    return trend
