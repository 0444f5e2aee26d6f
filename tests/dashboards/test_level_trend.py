"""The assessed levels per period: each BLK-K counts at its latest assessment as of the period's end.

The rule runs live for a scope; for every BLK-K the national rollup (`roadmap.levels`)
answers, and must say the same after every assessment and period change.
"""

import datetime
from unittest import mock

import pytest

from dashboards import querysets
from dashboards.querysets import level_trend
from registry.models import Blkk
from roadmap import levels
from roadmap.models import Classification
from tests.factories import BlkkFactory, ReportingPeriodFactory, RoadmapFactory, UserFactory

Level = Blkk.Level
D = datetime.date


def periods(roadmap):
    quarters = [(D(2024, 1, 1), D(2024, 3, 31)), (D(2024, 4, 1), D(2024, 6, 30)), (D(2024, 7, 1), D(2024, 9, 30))]
    return [
        ReportingPeriodFactory(roadmap=roadmap, label=f"Q{n}", starts_on=start, ends_on=end, opens_on=start, due_on=end)
        for n, (start, end) in enumerate(quarters, start=1)
    ]


def expected(blkks, periods):
    """The same numbers the slow way: per period and BLK-K, the latest assessment up to the period's end."""
    counts = {}
    for period in periods:
        for blkk in blkks:
            assessments = sorted(
                (c for c in blkk.classifications.all() if c.assessed_on <= period.ends_on),
                key=lambda c: (c.assessed_on, c.pk),
            )
            if assessments:
                level = assessments[-1].level
                counts.setdefault(period.pk, {}).setdefault(level, 0)
                counts[period.pk][level] += 1
    return counts


@pytest.fixture
def history():
    roadmap = RoadmapFactory()
    quarters = periods(roadmap)
    assessor = UserFactory()
    blkks = BlkkFactory.create_batch(6)
    moves = [
        # Grows in the second quarter, becomes independent after the last one ended.
        (
            blkks[0],
            [(D(2023, 11, 2), Level.TUMBUH), (D(2024, 5, 20), Level.BERKEMBANG), (D(2024, 10, 1), Level.MANDIRI)],
        ),
        # Two assessments on one day: the later record wins.
        (blkks[1], [(D(2024, 2, 10), Level.TUMBUH), (D(2024, 2, 10), Level.MANDIRI)]),
        # Assessed on a quarter's last day, reassessed on the next quarter's last day.
        (blkks[2], [(D(2024, 3, 31), Level.BERKEMBANG), (D(2024, 6, 30), Level.TUMBUH)]),
        # Assessed only in the third quarter. (An assessment always concludes a level:
        # roadmap_classification_level_assessed refuses "not yet classified".)
        (blkks[3], [(D(2024, 8, 1), Level.TUMBUH)]),
        # Recorded out of order: the dates decide, not the order of the records.
        (blkks[4], [(D(2024, 9, 1), Level.MANDIRI), (D(2024, 1, 5), Level.BERKEMBANG)]),
        # blkks[5] was never assessed.
    ]
    for blkk, assessments in moves:
        for on, level in assessments:
            Classification.objects.create(blkk=blkk, level=level, assessed_on=on, assessor=assessor, evidence="Visit.")
    return roadmap, quarters, blkks


@pytest.mark.django_db
def test_every_blkk_counts_at_its_latest_assessment_as_of_each_period(history):
    roadmap, quarters, blkks = history

    counts = level_trend(Blkk.objects.all(), roadmap)

    assert counts == expected(blkks, quarters)
    assert counts[quarters[0].pk] == {Level.TUMBUH: 1, Level.MANDIRI: 1, Level.BERKEMBANG: 2}
    assert counts[quarters[2].pk] == {Level.BERKEMBANG: 1, Level.MANDIRI: 2, Level.TUMBUH: 2}


@pytest.mark.django_db
def test_a_narrower_scope_counts_only_its_blkks(history):
    roadmap, quarters, blkks = history
    scope = Blkk.objects.filter(pk__in=[blkks[0].pk, blkks[2].pk])

    counts = level_trend(scope, roadmap)

    assert counts == expected([blkks[0], blkks[2]], quarters)
    assert level_trend(Blkk.objects.none(), roadmap) == {}


@pytest.mark.django_db
def test_the_national_rollup_follows_every_assessment_recorded_or_removed(history):
    roadmap, quarters, blkks = history

    assert levels.national(roadmap.pk) == expected(blkks, quarters)
    Classification.objects.filter(blkk=blkks[4], level=Level.MANDIRI).delete()
    Classification.objects.create(
        blkk=blkks[5], level=Level.TUMBUH, assessed_on=D(2024, 4, 2), assessor=UserFactory(), evidence="Visit."
    )

    assert levels.national(roadmap.pk) == expected(blkks, quarters) == level_trend(Blkk.objects.all(), roadmap)


@pytest.mark.django_db
def test_a_period_that_ends_later_is_counted_again(history):
    roadmap, quarters, blkks = history
    last = quarters[2]

    last.ends_on = D(2024, 10, 31)  # now takes in blkks[0]'s move to mandiri on 1 October
    last.save(update_fields=["ends_on"])

    assert levels.national(roadmap.pk)[last.pk] == expected(blkks, quarters)[last.pk]
    assert levels.national(roadmap.pk)[last.pk][Level.MANDIRI] == 3


@pytest.mark.django_db
def test_the_national_overview_reads_the_rollup_and_a_scope_counts_live(history):
    roadmap, quarters, blkks = history
    everything = querysets.Rollups(Blkk.objects.all(), whole_provinces=True)
    province = querysets.Rollups(Blkk.objects.all(), whole_provinces=True, province="73")

    with mock.patch.object(levels, "counted") as live:
        querysets.level_trend(Blkk.objects.all(), roadmap, everything)
    assert not live.called
    with mock.patch.object(levels, "national") as national:
        querysets.level_trend(Blkk.objects.all(), roadmap, province)
    assert not national.called
