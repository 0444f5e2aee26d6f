"""Chart data for the dashboards, drawn by static/js/dashboards.js from `json_script` blocks.

Each chart repeats numbers of the table beside it; `summary` is its text alternative.
Every text a chart shows (titles of axes, labels) comes from here, translated; numbers
are formatted by the browser in the page's language. One chart has one measure: a
percentage and a score never share an axis.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from registry.templatetags.registry_format import LEVEL_CLASSES


def level_colour(level):
    """The CSS custom property holding the level's colour: the badges' own (see LEVEL_CLASSES)."""
    return f"--{LEVEL_CLASSES[level]}"


def _chart(chart_id, kind, title, labels, datasets, summary, **options):
    return {
        "id": chart_id,
        "json_id": f"{chart_id}-data",
        "title": title,
        "summary": summary,
        "data": {"type": kind, "labels": [str(label) for label in labels], "datasets": datasets, **options},
    }


def levels_chart(context):
    rows = context["level_rows"]
    return _chart(
        "chart-levels",
        "bar",
        _("BLK-Ks by independence level"),
        [level.label for level, _count in rows],
        [
            {
                "label": str(_("BLK-Ks")),
                "data": [count for _level, count in rows],
                "colourVars": [level_colour(level) for level, _count in rows],
            }
        ],
        ", ".join(f"{level.label}: {number_format(count)}" for level, count in rows),
        valueTitle=str(_("BLK-Ks")),
    )


def reporting_chart(context):
    reporting = context["reporting"]
    labels = [_("on time"), _("late"), _("not reported") if context["past_due"] else _("not reported yet")]
    values = [reporting["on_time"], reporting["late"], reporting["missing"]]
    return _chart(
        "chart-reporting",
        "bar",
        _("Reports expected in %(period)s") % {"period": context["period"].label},
        labels,
        [{"label": str(_("Implementations")), "data": values, "colours": ["#198754", "#fd7e14", "#dc3545"]}],
        ", ".join(f"{label}: {number_format(value)}" for label, value in zip(labels, values, strict=True)),
        valueTitle=str(_("Implementations")),
    )


def _rounded(value):
    return None if value is None else round(value, 1)


def _shown(value, suffix=""):
    return "—" if value is None else number_format(value, 1) + suffix


def trend_reporting_chart(context):
    """Reporting over the periods: two percentages on one axis from 0 to 100."""
    rows = context["trend"]
    series = [(_("reported (%)"), "completeness", "#0b4f8a"), (_("on time (%)"), "timeliness", "#198754")]
    datasets = [
        {"label": str(name), "data": [_rounded(row[key]) for row in rows], "colour": colour}
        for name, key, colour in series
    ]
    summary = _("Trend over %(count)s periods.") % {"count": len(rows)}
    if rows:
        last = rows[-1]
        summary += " " + _("In %(period)s: %(reported)s reported, %(on_time)s of them on time.") % {
            "period": last["period__label"],
            "reported": _shown(last["completeness"], "%"),
            "on_time": _shown(last["timeliness"], "%"),
        }
    labels = [row["period__label"] for row in rows]
    return _chart(
        "chart-trend",
        "line",
        _("Reports sent and sent on time over the periods (%)"),
        labels,
        datasets,
        summary,
        percent=True,
        valueTitle=str(_("Share of expected reports (%)")),
    )


def trend_score_chart(context):
    """The mean roadmap score over the periods, on an axis of its own."""
    rows = context["trend"]
    if all(row["score"] is None for row in rows):
        return None
    labels = [row["period__label"] for row in rows]
    summary = "; ".join(f"{row['period__label']}: {_shown(row['score'])}" for row in rows)
    datasets = [
        {"label": str(_("mean roadmap score")), "data": [_rounded(row["score"]) for row in rows], "colour": "#fd7e14"}
    ]
    return _chart(
        "chart-score",
        "line",
        _("Mean roadmap score over the periods"),
        labels,
        datasets,
        summary,
        valueTitle=str(_("Mean roadmap score")),
    )


def breakdown_chart(by, rows, title):
    """Share of expected reports sent per place, highest first, one labelled bar per place."""
    keyed = sorted(
        (row for row in rows if row.get("completeness") is not None),
        key=lambda row: (-row["completeness"], str(row["label"])),
    )
    return _chart(
        f"chart-{by}",
        "bar",
        title,
        [row["label"] for row in keyed],
        [{"label": str(_("reported (%)")), "data": [row["completeness"] for row in keyed], "colour": "#0b4f8a"}],
        "; ".join(f"{row['label']}: {_shown(row['completeness'], '%')}" for row in keyed),
        horizontal=True,
        percent=True,
        valueTitle=str(_("Share of expected reports sent (%)")),
    )


def for_dashboard(context):
    charts = {"levels": levels_chart(context)}
    if context["reporting"] and context["reporting"]["running"]:
        charts["reporting"] = reporting_chart(context)
    if context["trend"]:
        charts["trend"] = trend_reporting_chart(context)
        charts["score"] = trend_score_chart(context)
    for by, rows in context["tables"].items():
        if by in ("province", "regency") and rows:
            charts[by] = breakdown_chart(by, rows, _("Share of expected reports sent, by place"))
    return charts
