"""The roadmap's rules hold in the database: a write that breaks one fails with IntegrityError.

Choice fields are covered for every app by tests/test_choice_constraints.py; the
append-only reports by tests/roadmap/test_report_triggers.py (PostgreSQL).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry.models import Blkk
from roadmap.models import Classification, Implementation, Indicator, IndicatorTarget, Roadmap
from tests.factories import (
    BlkkFactory,
    ImplementationFactory,
    PillarFactory,
    RoadmapFactory,
    StatusReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Status = Implementation.Status


def refused(constraint, write):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        write()


WRONG_PROGRESS = [(Status.DONE, 99), (Status.DONE, 0), (Status.NOT_STARTED, 1), (Status.NOT_STARTED, 100)]
RIGHT_PROGRESS = [
    (Status.DONE, 100),
    (Status.NOT_STARTED, 0),
    (Status.IN_PROGRESS, 0),
    (Status.IN_PROGRESS, 100),
    (Status.BLOCKED, 35),
    (Status.NOT_APPLICABLE, 0),
]


@pytest.mark.parametrize(("status", "progress"), WRONG_PROGRESS)
def test_an_implementation_whose_progress_contradicts_its_status_is_refused(status, progress):
    implementation = ImplementationFactory()
    rows = Implementation.objects.filter(pk=implementation.pk)

    refused(
        "roadmap_implementation_progress_matches_status",
        lambda: rows.update(status=status, progress=progress),
    )
    refused(
        "roadmap_implementation_approved_progress_matches_status",
        lambda: rows.update(approved_status=status, approved_progress=progress),
    )


@pytest.mark.parametrize(("status", "progress"), WRONG_PROGRESS)
def test_a_report_whose_progress_contradicts_its_status_is_refused(status, progress):
    refused(
        "roadmap_statusreport_progress_matches_status",
        lambda: StatusReportFactory(status=status, progress=progress),
    )


@pytest.mark.parametrize(("status", "progress"), RIGHT_PROGRESS)
def test_progress_that_fits_the_status_is_accepted(status, progress):
    implementation = ImplementationFactory(
        status=status, progress=progress, approved_status=status, approved_progress=progress
    )
    report = StatusReportFactory(implementation=implementation, status=status, progress=progress)

    assert (report.status, report.progress) == (status, progress)


def test_a_form_shows_the_rule_before_the_database_refuses():
    implementation = ImplementationFactory.build(status=Status.DONE, progress=80)

    with pytest.raises(ValidationError) as error:
        implementation.validate_constraints()

    assert error.value.messages == ["Done means 100% progress; not started means 0%."]


def test_an_assessment_never_records_not_yet_classified():
    refused(
        "roadmap_classification_level_assessed",
        lambda: Classification.objects.create(
            blkk=BlkkFactory(),
            level=Blkk.Level.UNCLASSIFIED,
            assessed_on=datetime.date(2024, 1, 1),
            assessor=UserFactory(),
            evidence="Kunjungan.",
        ),
    )


def test_a_blkk_not_yet_assessed_is_not_yet_classified():
    assert BlkkFactory().level == Blkk.Level.UNCLASSIFIED


@pytest.mark.parametrize(("start", "end"), [(1999, 2003), (2024, 2101), (0, 2026)])
def test_a_roadmap_outside_the_years_is_refused(start, end):
    roadmap = RoadmapFactory()

    refused(
        "roadmap_roadmap_years_range",
        lambda: Roadmap.objects.filter(pk=roadmap.pk).update(start_year=start, end_year=end),
    )


@pytest.mark.parametrize("year", [1999, 2101, 20226])
def test_a_target_outside_the_years_is_refused(year):
    indicator = Indicator.objects.create(pillar=PillarFactory(), code="I.1", name="Lulusan bekerja", unit="orang")

    refused(
        "roadmap_indicatortarget_year_range",
        lambda: IndicatorTarget.objects.create(indicator=indicator, year=year, target=10),
    )
