"""Chart data for the dashboards, drawn by static/js/dashboards.js from `json_script` blocks.

Each chart repeats numbers of the table beside it; `summary` is its text alternative.
"""

from django.utils.translation import gettext as _

from registry.models import Blkk

COLOURS = {
    Blkk.Level.UNCLASSIFIED: "#6c757d",
    Blkk.Level.TUMBUH: "#0dcaf0",
    Blkk.Level.BERKEMBANG: "#0b4f8a",
    Blkk.Level.MANDIRI: "#198754",
}


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
                "colours": [COLOURS[lv] for lv, _c in rows],
            }
        ],
        ", ".join(f"{level.label}: {count}" for level, count in rows),
    )


def reporting_chart(context):
    reporting = context["reporting"]
    labels = [_("on time"), _("late"), _("not reported")]
    values = [reporting["on_time"], reporting["late"], reporting["missing"]]
    return _chart(
        "chart-reporting",
        "bar",
        _("Reports expected in %(period)s") % {"period": context["period"].label},
        labels,
        [{"label": str(_("Implementations")), "data": values, "colours": ["#198754", "#fd7e14", "#dc3545"]}],
        ", ".join(f"{label}: {value}" for label, value in zip(labels, values, strict=True)),
    )


def trend_chart(context):
    rows = context["trend"]
    labels = [row["period__label"] for row in rows]
    series = [
        (_("reported (%)"), "completeness", "#0b4f8a"),
        (_("on time (%)"), "timeliness", "#198754"),
        (_("mean roadmap score"), "score", "#fd7e14"),
    ]
    datasets = [
        {
            "label": str(name),
            "data": [None if row[key] is None else round(row[key], 1) for row in rows],
            "colour": colour,
        }
        for name, key, colour in series
    ]
    last = rows[-1] if rows else None
    summary = _("Trend over %(count)s periods.") % {"count": len(rows)}
    if last:
        summary += " " + _("In %(period)s: %(reported)s%% reported, mean score %(score)s.") % {
            "period": last["period__label"],
            "reported": last["completeness"] if last["completeness"] is not None else "—",
            "score": round(last["score"], 1) if last["score"] is not None else "—",
        }
    return _chart("chart-trend", "line", _("Reporting and scores over the periods"), labels, datasets, summary)


def breakdown_chart(by, rows, title):
    keyed = [row for row in rows if row.get("completeness") is not None]
    return _chart(
        f"chart-{by}",
        "bar",
        title,
        [row["label"] for row in keyed],
        [{"label": str(_("reported (%)")), "data": [row["completeness"] for row in keyed], "colour": "#0b4f8a"}],
        "; ".join(f"{row['label']}: {row['completeness']}%" for row in keyed),
        horizontal=True,
    )


def for_dashboard(context):
    charts = {"levels": levels_chart(context)}
    if context["reporting"] and context["reporting"]["running"]:
        charts["reporting"] = reporting_chart(context)
    if context["trend"]:
        charts["trend"] = trend_chart(context)
    for by, rows in context["tables"].items():
        if by in ("province", "regency") and rows:
            charts[by] = breakdown_chart(by, rows, _("Share of expected reports sent, by place"))
    return charts
