"""Roadmap scores against cases worked out by hand."""

import datetime

import pytest

from roadmap.models import Implementation
from roadmap.scoring import blkk_scores, rounded, score_trajectory
from roadmap.services import review_report, submit_report
from tests.factories import (
    ImplementationFactory,
    MentorshipFactory,
    PillarFactory,
    ProgrammeFactory,
    ReportingPeriodFactory,
    RoadmapFactory,
    province,
)

Status = Implementation.Status


@pytest.fixture
def roadmap(db):
    return RoadmapFactory()


@pytest.fixture
def pillars(roadmap):
    """Pillar 1 weighs 3, pillar 2 weighs 1."""
    return PillarFactory(roadmap=roadmap, number=1, weight=3), PillarFactory(roadmap=roadmap, number=2, weight=1)


def implementation(blkk, pillar, approved_progress=0, approved_status=None, **fields):
    if approved_status is None:
        approved_status = Status.DONE if approved_progress == 100 else Status.IN_PROGRESS
    return ImplementationFactory(
        blkk=blkk,
        programme=ProgrammeFactory(pillar=pillar),
        approved_status=approved_status,
        approved_progress=approved_progress,
        **fields,
    )


def test_rounding_takes_halves_up():
    assert rounded(56.25) == 56.3
    assert rounded(23.3333) == 23.3
    assert rounded(None) is None


def test_a_not_applicable_pillar_is_left_out_of_the_weights(own_blkk, roadmap, pillars):
    first, second = pillars
    implementation(own_blkk, first, 50)
    implementation(own_blkk, first, 100)
    implementation(own_blkk, second, 0, Status.NOT_APPLICABLE)

    scores = blkk_scores(own_blkk, roadmap)

    # Pillar 1: (50 + 100) / 2 = 75. Pillar 2 counts nothing, so the overall is 3 × 75 / 3.
    assert scores["overall"] == 75.0
    assert [(row["score"], row["counted"], row["excluded"]) for row in scores["pillars"]] == [
        (75.0, 2, 0),
        (None, 0, 1),
    ]
    assert scores["explanation"] == {
        "weighted_sum": 225.0,
        "weight_total": 3,
        "counted": 2,
        "excluded": 1,
        "pillars_counted": 1,
    }


def test_an_implementation_without_approved_progress_counts_as_zero(own_blkk, roadmap, pillars):
    first, second = pillars
    implementation(own_blkk, first, 50)
    implementation(own_blkk, first, 100)
    # Reported 90 but not yet approved: only approved progress counts.
    implementation(own_blkk, second, 0, Status.NOT_STARTED, status=Status.IN_PROGRESS, progress=90)

    scores = blkk_scores(own_blkk, roadmap)

    # (3 × 75 + 1 × 0) / (3 + 1) = 56.25, shown as 56.3.
    assert scores["overall"] == 56.3
    assert [row["score"] for row in scores["pillars"]] == [75.0, 0.0]


def test_pillar_means_are_rounded_only_for_display(own_blkk, roadmap, pillars):
    first, second = pillars
    for progress in (10, 20, 40):
        implementation(own_blkk, first, progress)
    implementation(own_blkk, second, 100)

    scores = blkk_scores(own_blkk, roadmap)

    # Pillar 1: 70 / 3 = 23.33…; overall (3 × 23.33… + 100) / 4 = (70 + 100) / 4 = 42.5.
    assert [row["score"] for row in scores["pillars"]] == [23.3, 100.0]
    assert scores["overall"] == 42.5


def test_nothing_counts_without_applicable_implementations(own_blkk, roadmap, pillars):
    implementation(own_blkk, pillars[0], 0, Status.NOT_APPLICABLE)

    scores = blkk_scores(own_blkk, roadmap)

    assert scores["overall"] is None
    assert scores["explanation"]["weight_total"] == 0


def test_other_blkks_and_other_roadmaps_do_not_count(own_blkk, other_blkk, roadmap, pillars):
    implementation(own_blkk, pillars[0], 40)
    implementation(other_blkk, pillars[0], 100)
    implementation(own_blkk, PillarFactory(roadmap=RoadmapFactory(), weight=5), 100)

    assert blkk_scores(own_blkk, roadmap)["overall"] == 40.0


def test_scores_take_two_queries_whatever_the_number_of_programmes(
    own_blkk, roadmap, pillars, django_assert_num_queries
):
    for progress in range(0, 100, 10):
        implementation(own_blkk, pillars[progress % 2], progress)

    # 1. the roadmap's pillars; 2. count and mean per pillar for the BLK-K.
    with django_assert_num_queries(2):
        blkk_scores(own_blkk, roadmap)


class TestTrajectory:
    @pytest.fixture
    def quarters(self, roadmap):
        return [
            ReportingPeriodFactory(roadmap=roadmap, year=2025, quarter=1),
            ReportingPeriodFactory(roadmap=roadmap, year=2025, quarter=2),
            ReportingPeriodFactory(roadmap=roadmap, year=2025, quarter=3),
        ]

    @pytest.fixture
    def reviewed(self, manager, mentor):
        MentorshipFactory(province=province("73"))

        def reviewed(target, period, progress, status=Status.IN_PROGRESS, approve=True):
            target.refresh_from_db()
            report = submit_report(
                target,
                user=manager,
                period=period,
                status=status,
                progress=progress,
                narrative="Laporan triwulan.",
                expected_version=target.version,
            )
            if approve is not None:
                review_report(report, user=mentor, approve=approve, note="" if approve else "Perbaiki.")
            return report

        return reviewed

    def test_each_point_counts_the_reports_approved_up_to_that_period(
        self, own_blkk, roadmap, pillars, quarters, reviewed
    ):
        q1, q2, q3 = quarters
        a = implementation(own_blkk, pillars[0])
        b = implementation(own_blkk, pillars[0])
        c = implementation(own_blkk, pillars[1])
        reviewed(a, q1, 50)
        reviewed(c, q1, 0, Status.NOT_APPLICABLE)
        reviewed(b, q2, 100, Status.DONE)
        reviewed(a, q2, 90, approve=None)  # pending: does not count
        reviewed(a, q3, 95, approve=False)  # returned: does not count
        reviewed(a, q3, 100, Status.DONE)

        points = score_trajectory(own_blkk, roadmap, on=datetime.date(2025, 12, 31))

        # Q1: pillar 1 = (50 + 0) / 2 = 25, pillar 2 not applicable → 25.
        # Q2: (50 + 100) / 2 = 75. Q3: (100 + 100) / 2 = 100.
        assert points == [(q1, 25.0), (q2, 75.0), (q3, 100.0)]
        assert points[-1][1] == blkk_scores(own_blkk, roadmap)["overall"]

    def test_periods_not_yet_open_are_left_out(self, own_blkk, roadmap, pillars, quarters):
        implementation(own_blkk, pillars[0], 30)

        points = score_trajectory(own_blkk, roadmap, on=datetime.date(2025, 4, 15))

        assert [period for period, _overall in points] == quarters[:2]
        # Nothing was approved through a report yet, so every point is 0.
        assert [overall for _period, overall in points] == [0.0, 0.0]

    def test_the_trajectory_takes_three_queries(
        self, own_blkk, roadmap, pillars, quarters, reviewed, django_assert_num_queries
    ):
        for pillar in pillars * 3:
            reviewed(implementation(own_blkk, pillar), quarters[0], 40)

        # 1. the periods; 2. the BLK-K's implementations with their pillar weights; 3. its approved reports.
        with django_assert_num_queries(3):
            score_trajectory(own_blkk, roadmap, on=datetime.date(2025, 12, 31))
