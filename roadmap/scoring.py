"""The roadmap score of a BLK-K: how far its approved progress has come, weighted by pillar.

The rule, as the score page explains it:

- a pillar's score is the mean approved progress of the BLK-K's implementations in that
  pillar, leaving out those approved as not applicable; an implementation with no
  approved report yet counts as 0 (nothing has been confirmed);
- the overall score is Σ(weight × pillar score) / Σ(weights of the pillars that have at
  least one counted implementation), so a pillar that does not apply does not drag the
  score down; it is None when nothing counts.

Only approved reports count. Scores are rounded to one decimal, halves up.

Source and oracle: this module is where the rule is written down and the reference
implementation of it; the BLK-K pages read it directly. The dashboards read the same
score from `PeriodRollup.score`, which `roadmap.rollups` computes in SQL (its RECOUNT
statement) because replaying every BLK-K in Python would not scale. So the rule has two
implementations, and this one is the oracle: tests/dashboards/test_rollups_oracle.py
builds random worlds and requires the SQL score of every BLK-K and period to equal
`score_trajectory` (and the last period's to equal `blkk_scores`), unrounded. A change
to the rule is made here first, then in RECOUNT, and that test says when they agree.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q

from .models import Implementation, StatusReport

NOT_APPLICABLE = Implementation.Status.NOT_APPLICABLE


def rounded(value):
    """One decimal, halves rounded up (56.25 → 56.3), as a float; None stays None."""
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def weighted_overall(pillar_scores):
    """Σ(weight × score) / Σ(weight) over (weight, score) pairs whose score is not None.

    Returns (overall unrounded or None, weighted sum, weight total).
    """
    counted = [(weight, score) for weight, score in pillar_scores if score is not None]
    weight_total = sum(weight for weight, _score in counted)
    weighted_sum = sum(weight * score for weight, score in counted)
    if not weight_total:
        return None, 0, 0
    return weighted_sum / weight_total, weighted_sum, weight_total


def blkk_scores(blkk, roadmap):
    """The BLK-K's overall and per-pillar scores on the roadmap, from approved progress. Two queries.

    Returns {"overall", "pillars": [{"pillar", "weight", "score", "counted", "excluded"}],
    "explanation": {"weighted_sum", "weight_total", "counted", "excluded", "pillars_counted"}}.
    """
    pillars = list(roadmap.pillars.order_by("number"))
    stats = {row["programme__pillar_id"]: row for row in _pillar_stats(blkk, roadmap)}
    rows = []
    for pillar in pillars:
        row = stats.get(pillar.pk, {})
        mean = row.get("mean")
        rows.append(
            {
                "pillar": pillar,
                "weight": pillar.weight,
                "score": None if mean is None else float(mean),
                "counted": row.get("counted", 0),
                "excluded": row.get("excluded", 0),
            }
        )
    overall, weighted_sum, weight_total = weighted_overall((row["weight"], row["score"]) for row in rows)
    explanation = {
        "weighted_sum": rounded(weighted_sum),
        "weight_total": weight_total,
        "counted": sum(row["counted"] for row in rows),
        "excluded": sum(row["excluded"] for row in rows),
        "pillars_counted": sum(1 for row in rows if row["score"] is not None),
    }
    for row in rows:
        row["score"] = rounded(row["score"])
    return {"overall": rounded(overall), "pillars": rows, "explanation": explanation}


def _pillar_stats(blkk, roadmap):
    applicable = ~Q(approved_status=NOT_APPLICABLE)
    return (
        Implementation.objects.filter(blkk=blkk, programme__pillar__roadmap=roadmap)
        .values("programme__pillar_id")
        .annotate(
            counted=Count("pk", filter=applicable),
            excluded=Count("pk", filter=~applicable),
            mean=Avg("approved_progress", filter=applicable),
        )
        .order_by()
    )


def score_trajectory(blkk, roadmap, on=None):
    """[(period, overall)] for each period opened by `on` (today), oldest first. Three queries.

    Each point applies the same rule as `blkk_scores` to the approved reports of that
    period and the ones before it: for each implementation, the latest approved report
    (by period, then submission time) as of the period. The reports of one BLK-K on one
    roadmap are few (programmes × periods), so they are read once and replayed here.
    """
    periods = list(roadmap.periods.started_by(on))
    implementations = {
        pk: (pillar_id, weight)
        for pk, pillar_id, weight in Implementation.objects.filter(
            blkk=blkk, programme__pillar__roadmap=roadmap
        ).values_list("pk", "programme__pillar_id", "programme__pillar__weight")
    }
    reports = (
        StatusReport.objects.approved()
        .filter(implementation__blkk=blkk, implementation__programme__pillar__roadmap=roadmap)
        .order_by("period__starts_on", "submitted_at", "pk")
        .values_list("implementation_id", "period__starts_on", "status", "progress")
    )
    return _replay(periods, implementations, list(reports))


def _replay(periods, implementations, reports):
    """Walk the periods in order, applying each approved report once its period is reached."""
    state = dict.fromkeys(implementations, (Implementation.Status.NOT_STARTED, 0))
    points, index = [], 0
    for period in periods:
        while index < len(reports) and reports[index][1] <= period.starts_on:
            implementation_id, _starts_on, status, progress = reports[index]
            state[implementation_id] = (status, progress)
            index += 1
        points.append((period, rounded(_overall_of(state, implementations))))
    return points


def _overall_of(state, implementations):
    totals = {}
    for pk, (status, progress) in state.items():
        if status == NOT_APPLICABLE:
            continue
        pillar_weight = implementations[pk]
        progress_sum, count = totals.get(pillar_weight, (0, 0))
        totals[pillar_weight] = (progress_sum + progress, count + 1)
    pairs = [(weight, total / count) for (_pillar, weight), (total, count) in totals.items()]
    return weighted_overall(pairs)[0]
