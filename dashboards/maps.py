"""The choropleth of provinces: the province table's numbers, put in classes and on the map.

No number is computed here: each measure is a value of the province breakdown's rows
(`tables.breakdown_rows`), so the map and the table beside it cannot disagree. This
module only sorts the values into classes and pairs each province's shape with its row.
"""

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blkk_portal import numbers

from . import geo

CLASSES = 5

# (key in the row, the selector's label, whether it is a percentage)
MEASURES = [
    ("per_100k", gettext_lazy("BLK-Ks per 100,000 inhabitants"), False),
    ("completeness", gettext_lazy("Reported (%)"), True),
    ("mandiri_share", gettext_lazy("Share mandiri (%)"), True),
]


def breaks_for(values, digits):
    """Upper bounds of up to CLASSES classes holding about as many provinces each (quantiles), rounded.

    Provinces differ little on some measures; equal-width classes would paint them all alike.
    """
    values = sorted(values)
    if not values:
        return []
    bounds = []
    for i in range(1, CLASSES):
        bound = round(values[min(len(values) - 1, len(values) * i // CLASSES)], digits)
        if bound > (bounds[-1] if bounds else round(values[0], digits)):
            bounds.append(bound)
    return bounds


def class_of(value, breaks):
    if value is None:
        return None
    return next((i for i, bound in enumerate(breaks) if value < bound), len(breaks))


def _shown(value, percent):
    """The value as the province table shows it (rounded to one decimal, not cut off), or "no data"."""
    if value is None:
        return _("no data")
    return numbers.one_decimal(value) + ("%" if percent else "")


def legend(breaks, percent):
    """[(class index, its range as text)]; the template adds the provinces with no value."""
    if not breaks:
        return []
    shown = [number_format(bound, 1 if percent else 2) + ("%" if percent else "") for bound in breaks]
    items = [(0, _("under %(high)s") % {"high": shown[0]})]
    for i in range(1, len(shown)):
        items.append((i, _("%(low)s to under %(high)s") % {"low": shown[i - 1], "high": shown[i]}))
    items.append((len(shown), _("%(low)s or more") % {"low": shown[-1]}))
    return items


def value_attributes(values):
    """The shape's class and text for every measure, as the data attributes dashboards.js reads.

    Written here rather than looped over in the template: 38 shapes × 3 measures × 2
    attributes were 700 of the overview's 2,400 template variables. The keys are MEASURES'
    own and the classes numbers; only the text is escaped (format_html_join, escaping all
    four parts of 114 attributes, took a tenth of the overview's map).
    """
    attributes = "".join(
        f' data-{item["key"]}-class="{"" if item["class"] is None else item["class"]}"'
        f' data-{item["key"]}-text="{escape(item["text"])}"'
        for item in values
    )
    return mark_safe(attributes)  # noqa: S308 (the parts are ours; the one that may hold text is escaped)


def province_map(rows, names):
    """What the map template draws: the measures with their legends, and one entry per province.

    `rows` are the province breakdown's rows; provinces without a row (no BLK-K in view)
    are drawn without a value. `names`: {code: name} of every province.
    """
    by_code = {row["key"]: row for row in rows if row["key"]}
    measures = []
    for key, label, percent in MEASURES:
        digits = 1 if percent else 2  # rates per 100,000 differ in the second decimal
        breaks = breaks_for([row[key] for row in by_code.values() if row.get(key) is not None], digits)
        measures.append(
            {"key": key, "label": label, "percent": percent, "breaks": breaks, "legend": legend(breaks, percent)}
        )
    provinces = []
    for code, (_path, approximate) in sorted(geo.shapes().items()):
        row = by_code.get(code)
        name = row["label"] if row else names.get(code, code)
        values = [
            {
                "key": measure["key"],
                "class": class_of(row.get(measure["key"]) if row else None, measure["breaks"]),
                "text": _shown(row.get(measure["key"]) if row else None, measure["percent"]),
            }
            for measure in measures
        ]
        provinces.append(
            {
                "code": code,
                "name": name,
                "approximate": approximate,
                "url": row.get("dashboard_url") if row else None,
                "values": values,
                "value_attributes": value_attributes(values),
            }
        )
    # The shapes themselves are one document the browser keeps (`geo.sprite`); each province is a <use> of it.
    shapes = f"{reverse('dashboards:province-shapes')}?v={geo.sprite_version()}"
    return {"viewbox": geo.VIEWBOX, "shapes": shapes, "measures": measures, "provinces": provinces}
