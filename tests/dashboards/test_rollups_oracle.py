"""The SQL rollups equal the Python rules on random worlds (Hypothesis).

Each number the dashboards read has two definitions: `roadmap.rollups` computes it in
one SQL statement for every BLK-K × period (the source the dashboards read), and the
row-level rules compute it again: `dashboards.states` (which implementations are in a
reporting state, and their approved status as of a period) and `roadmap.scoring` (the
score, replayed in Python). Here those rules are the oracle. Hypothesis builds random
worlds (BLK-Ks in three provinces, weighted pillars, programmes with random timeframes,
quarterly periods with gaps, implementations, and reports with random statuses,
progress, lateness, review states and submission times, ties included), runs the
public `rollups.rebuild()`, and requires every rollup number (states, counts,
statuses, scores per BLK-K, the sums per province, per province and host type and per
province and vocational field, and the roadmap page's count of each
programme's implementations by reported status) to equal the oracle's.

The worlds are written straight into the tables (no services, no signals), with each
implementation's stored approved status set the way `roadmap.services` sets it (the
latest approved report by period, then submission time, then id), and its reported
status as its last report left it. Every example runs in
a savepoint that is rolled back.
"""

import datetime
import math
from collections import Counter, defaultdict
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboards.states import State, in_state, with_status_as_of
from registry.models import Blkk, HostInstitutionType, VocationalField
from roadmap import rollups, scoring
from roadmap.models import (
    ROLLUP_COUNTS,
    FieldRollup,
    HostTypeRollup,
    Implementation,
    PeriodRollup,
    Pillar,
    Programme,
    ProgrammeStatusRollup,
    ProvinceRollup,
    ReportingPeriod,
    StatusReport,
)
from tests.factories import BlkkFactory, RoadmapFactory, UserFactory, regency

pytestmark = pytest.mark.django_db

Status = Implementation.Status
Review = StatusReport.Review
STATE_COLUMNS = {
    "running": State.RUNNING,
    "reported": State.REPORTED,
    "on_time": State.ON_TIME,
    "approved": State.APPROVED,
    "pending": State.PENDING,
    "returned": State.RETURNED,
    "stalled": State.STALLED,
}
STATUS_COLUMNS = {status.value: status.value for status in Status}  # not_started ... not_applicable
assert set(ROLLUP_COUNTS) == {*STATE_COLUMNS, "pending_reports", *STATUS_COLUMNS}

# Regencies of three provinces (Sulawesi Selatan twice, Jawa Barat, Aceh): province sums add up several BLK-Ks.
REGENCIES = ["73.71", "73.13", "32.73", "11.71"]
ORIGIN = datetime.date(2023, 1, 1)
QUARTERS = [ReportingPeriod.quarter(None, 2023 + q // 4, q % 4 + 1) for q in range(8)]
# Programme dates often fall on a period's edge (or a day either side), where `running` turns.
EDGES = sorted(
    {(day - ORIGIN).days + shift for q in QUARTERS for day in (q.starts_on, q.ends_on) for shift in (-1, 0, 1)}
)
FAR_FUTURE = datetime.date(2100, 1, 1)

settings.register_profile(
    "rollups",
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _day(draw):
    return draw(st.one_of(st.integers(-120, 850), st.sampled_from(EDGES)))


def _status_and_progress(draw):
    status = draw(st.sampled_from(Status.values))
    if status == Status.DONE:
        return status, 100
    if status == Status.NOT_STARTED:
        return status, 0
    return status, draw(st.sampled_from([0, 100]) | st.integers(0, 100))


@st.composite
def worlds(draw):
    quarters = sorted(draw(st.sets(st.integers(0, len(QUARTERS) - 1), min_size=1, max_size=4)))
    weights = draw(st.lists(st.integers(1, 5), min_size=1, max_size=3))
    programmes = []
    for _ in range(draw(st.integers(1, 8))):
        start = _day(draw)
        programmes.append((draw(st.integers(0, len(weights) - 1)), start, max(start, _day(draw))))
    # Each BLK-K: its regency, one of two host types and up to two of three vocational fields.
    blkks = draw(
        st.lists(
            st.tuples(st.sampled_from(REGENCIES), st.integers(0, 1), st.sets(st.integers(0, 2), max_size=2)),
            min_size=1,
            max_size=5,
        )
    )
    pairs = [(p, b) for p in range(len(programmes)) for b in range(len(blkks))]
    implementations = [pair for pair in pairs if draw(st.booleans()) or draw(st.booleans())]
    reports = []
    if implementations:
        for _ in range(draw(st.integers(1, 30))):
            status, progress = _status_and_progress(draw)
            reports.append(
                SimpleNamespace(
                    implementation=draw(st.integers(0, len(implementations) - 1)),
                    period=draw(st.integers(0, len(quarters) - 1)),
                    status=status,
                    progress=progress,
                    review=draw(st.sampled_from(Review.values)),
                    is_late=draw(st.booleans()),
                    # Few distinct times, so two reports of one period often tie: the id decides.
                    minute=draw(st.integers(0, 2)),
                )
            )
    return SimpleNamespace(
        quarters=quarters,
        weights=weights,
        programmes=programmes,
        blkks=blkks,
        implementations=implementations,
        reports=reports,
    )


def build(plan):
    """Write the plan's rows; returns the roadmap, its periods (oldest first) and BLK-Ks."""
    roadmap = RoadmapFactory(start_year=2022, end_year=2025)
    periods = ReportingPeriod.objects.bulk_create(
        [
            ReportingPeriod.quarter(roadmap, q.starts_on.year, (q.starts_on.month + 2) // 3)
            for q in map(QUARTERS.__getitem__, plan.quarters)
        ]
    )
    pillars = Pillar.objects.bulk_create(
        [Pillar(roadmap=roadmap, number=n, name=f"Pilar {n}", weight=w) for n, w in enumerate(plan.weights, 1)]
    )
    programmes = Programme.objects.bulk_create(
        [
            Programme(
                pillar=pillars[pillar],
                code=f"P{n}",
                title=f"Program {n}",
                starts_on=ORIGIN + datetime.timedelta(days=start),
                ends_on=ORIGIN + datetime.timedelta(days=end),
            )
            for n, (pillar, start, end) in enumerate(plan.programmes)
        ]
    )
    host_types = list(HostInstitutionType.objects.order_by("code")[:2])
    fields = list(VocationalField.objects.order_by("code")[:3])
    blkks = [BlkkFactory(regency=regency(code), host_type=host_types[kind]) for code, kind, _fields in plan.blkks]
    for blkk, (_code, _kind, chosen) in zip(blkks, plan.blkks, strict=True):
        blkk.vocational_fields.set([fields[index] for index in chosen])
    implementations = Implementation.objects.bulk_create(
        [Implementation(programme=programmes[p], blkk=blkks[b]) for p, b in plan.implementations]
    )
    reporter, reviewer = UserFactory(), UserFactory()
    reports = StatusReport.objects.bulk_create(
        [
            StatusReport(
                implementation=implementations[r.implementation],
                period=periods[r.period],
                status=r.status,
                progress=r.progress,
                narrative="Laporan.",
                reporter=reporter,
                submitted_at=timezone.make_aware(
                    datetime.datetime.combine(periods[r.period].starts_on, datetime.time(9, r.minute))
                ),
                is_late=r.is_late,
                review=r.review,
                reviewed_by=None if r.review == Review.PENDING else reviewer,
                reviewed_at=None if r.review == Review.PENDING else timezone.now(),
                review_note="Lengkapi." if r.review == Review.RETURNED else "",
            )
            for r in plan.reports
        ]
    )
    _store_approved_state(implementations, reports)
    _store_reported_state(implementations, reports)
    return roadmap, periods, blkks


def _store_approved_state(implementations, reports):
    """Each implementation's approved status and progress, as the review workflow leaves them."""
    latest = {}
    for report in sorted(
        (r for r in reports if r.review == Review.APPROVED),
        key=lambda r: (r.period.starts_on, r.submitted_at, r.pk),
    ):
        latest[report.implementation_id] = report
    for implementation in implementations:
        report = latest.get(implementation.pk)
        if report is not None:
            implementation.approved_status, implementation.approved_progress = report.status, report.progress
    Implementation.objects.bulk_update(implementations, ["approved_status", "approved_progress"])


def _store_reported_state(implementations, reports):
    """Each implementation's status and progress as its last report (by submission, then id) left them."""
    by_pk = {implementation.pk: implementation for implementation in implementations}
    for report in sorted(reports, key=lambda r: (r.submitted_at, r.pk)):
        by_pk[report.implementation_id].status = report.status
        by_pk[report.implementation_id].progress = report.progress
    Implementation.objects.bulk_update(implementations, ["status", "progress"])


def oracle(roadmap, periods, blkks):
    """{(period id, BLK-K id): {column: value, "score": float or None}} from states.py and scoring.py."""
    expected = {}
    for blkk in blkks:
        implementations = Implementation.objects.filter(blkk=blkk, programme__pillar__roadmap=roadmap)
        if not implementations.exists():
            continue  # a BLK-K without implementations in the roadmap has no rollup rows
        scores = dict(_unrounded_trajectory(blkk, roadmap))
        for index, period in enumerate(periods):
            previous = periods[index - 1] if index else None
            row = {
                column: in_state(Implementation.objects.filter(blkk=blkk), state, period, previous).count()
                for column, state in STATE_COLUMNS.items()
            }
            row["pending_reports"] = (
                StatusReport.objects.pending().filter(period=period, implementation__in=implementations).count()
            )
            statuses = dict(
                with_status_as_of(implementations, period, is_last=index == len(periods) - 1)
                .values_list("status_then")
                .annotate(count=Count("pk"))
                .order_by()
            )
            row |= {column: statuses.get(status, 0) for column, status in STATUS_COLUMNS.items()}
            row["score"] = scores[period.pk]
            expected[(period.pk, blkk.pk)] = row
    return expected


@contextmanager
def unrounded():
    """roadmap.scoring without its rounding to one decimal, so scores compare to the last bit that matters.

    Compared after rounding, SQL and Python can part at a half (0.05 as 0.0499999... on
    one side): see test_scores_that_differ_only_by_float_noise_round_alike below.
    """
    original = scoring.rounded
    scoring.rounded = lambda value: value
    try:
        yield
    finally:
        scoring.rounded = original


def _unrounded_trajectory(blkk, roadmap):
    with unrounded():
        return [(period.pk, overall) for period, overall in scoring.score_trajectory(blkk, roadmap, on=FAR_FUTURE)]


def same_score(actual, expected):
    if actual is None or expected is None:
        return actual is expected
    return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9)


def check(plan):
    roadmap, periods, blkks = build(plan)
    rollups.rebuild()

    expected = oracle(roadmap, periods, blkks)
    rows = {
        (row.pop("period_id"), row.pop("blkk_id")): row
        for row in PeriodRollup.objects.filter(period__roadmap=roadmap).values(
            "period_id", "blkk_id", *ROLLUP_COUNTS, "score"
        )
    }
    assert rows.keys() == expected.keys()
    for key, row in rows.items():
        want = expected[key]
        assert {c: row[c] for c in ROLLUP_COUNTS} == {c: want[c] for c in ROLLUP_COUNTS}, key
        assert same_score(row["score"], want["score"]), (key, row["score"], want["score"])

    # The BLK-K page's current score (from the stored approved state) is the rollup's of the last period.
    last = periods[-1]
    for blkk in blkks:
        if (last.pk, blkk.pk) in rows:
            with unrounded():
                current = scoring.blkk_scores(blkk, roadmap)["overall"]
            assert same_score(current, rows[(last.pk, blkk.pk)]["score"]), blkk.pk

    _check_provinces(roadmap, expected)
    _check_programme_statuses(roadmap)


def _check_provinces(roadmap, expected):
    """The province sums, whole, by host type and by field (a BLK-K under each of its fields, or under None)."""
    province_of = dict(Blkk.objects.values_list("pk", "regency__province_id"))
    host_type_of = dict(Blkk.objects.values_list("pk", "host_type_id"))
    fields_of = defaultdict(list)
    for blkk_id, field_id in Blkk.vocational_fields.through.objects.values_list("blkk_id", "vocationalfield_id"):
        fields_of[blkk_id].append(field_id)
    # (model, its key columns beside period and province, the keys a BLK-K counts under)
    groups = [
        (ProvinceRollup, [], lambda blkk_id: [()]),
        (HostTypeRollup, ["host_type_id"], lambda blkk_id: [(host_type_of[blkk_id],)]),
        (FieldRollup, ["field_id"], lambda blkk_id: [(field,) for field in fields_of[blkk_id] or [None]]),
    ]
    for model, key_columns, keys_of in groups:
        sums = defaultdict(
            lambda: {**dict.fromkeys(ROLLUP_COUNTS, 0), "blkk_count": 0, "score_count": 0, "score_sum": 0.0}
        )
        for (period_id, blkk_id), row in expected.items():
            for key in keys_of(blkk_id):
                total = sums[(period_id, province_of[blkk_id], *key)]
                for column in ROLLUP_COUNTS:
                    total[column] += row[column]
                total["blkk_count"] += 1
                if row["score"] is not None:
                    total["score_count"] += 1
                    total["score_sum"] += row["score"]
        columns = ["period_id", "province_id", *key_columns]
        stored = {
            tuple(row.pop(column) for column in columns): row
            for row in model.objects.filter(period__roadmap=roadmap).values(
                *columns, "blkk_count", "score_count", "score_sum", *ROLLUP_COUNTS
            )
        }
        assert stored.keys() == sums.keys(), model
        for key, row in stored.items():
            want = sums[key]
            assert math.isclose(row.pop("score_sum"), want.pop("score_sum"), rel_tol=1e-9, abs_tol=1e-9), key
            assert row == want, (model, key)


def _check_programme_statuses(roadmap):
    """The roadmap page's counts: the implementations of each programme by reported status, counted in Python."""
    implementations = Implementation.objects.filter(programme__pillar__roadmap=roadmap)
    expected = Counter((i.programme_id, i.status) for i in implementations)
    rows = ProgrammeStatusRollup.objects.of_roadmap(roadmap).values_list("programme_id", "status", "count")
    assert {(programme, status): count for programme, status, count in rows} == expected


@settings(settings.get_profile("rollups"))
@given(plan=worlds())
def test_the_sql_rollups_equal_the_python_rules_on_random_worlds(plan):
    with transaction.atomic():
        check(plan)
        transaction.set_rollback(True)


@pytest.mark.xfail(
    strict=True,
    reason="scoring.rounded() rounds the float's shortest repr half up, so float noise of one ulp at a "
    "half flips the shown decimal; make it absorb the noise (e.g. quantize to 1e-9 first) and drop this mark",
)
def test_scores_that_differ_only_by_float_noise_round_alike():
    # One pillar of weight 3 whose 20 implementations have approved progress adding up to 1:
    # the rollup (SQLite, as in rollups.RECOUNT) computes 3 * 1 * 1.0 / 20 / 3 = 0.049999999999999996,
    # roadmap.scoring 3 * (1 / 20) / 3 = 0.05000000000000001. Both are 0.05.
    sql, python = 3 * 1 * 1.0 / 20 / 3, 3 * (1 / 20) / 3

    assert math.isclose(sql, python, rel_tol=1e-12)
    assert scoring.rounded(sql) == scoring.rounded(python)
