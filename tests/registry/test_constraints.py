"""The registry's rules hold in the database: a write that breaks one fails with IntegrityError.

Choice fields are covered for every app by tests/test_choice_constraints.py.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from registry.models import Blkk, Mentorship
from tests.factories import BlkkFactory, DecreeFactory, MentorshipFactory, centre, province

pytestmark = pytest.mark.django_db


def refused(constraint, write):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        write()


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("latitude", Decimal("-11.000001"), "registry_blkk_latitude_in_indonesia"),
        ("latitude", Decimal("6.5"), "registry_blkk_latitude_in_indonesia"),
        ("longitude", Decimal("93.999999"), "registry_blkk_longitude_in_indonesia"),
        ("longitude", Decimal("142.1"), "registry_blkk_longitude_in_indonesia"),
        ("year_established", 2016, "registry_blkk_year_established_range"),
        ("year_established", 2101, "registry_blkk_year_established_range"),
    ],
)
def test_a_blkk_outside_the_ranges_is_refused(field, value, constraint):
    blkk = BlkkFactory()

    refused(constraint, lambda: Blkk.objects.filter(pk=blkk.pk).update(**{field: value}))


@pytest.mark.parametrize(
    "values",
    [
        {"latitude": Decimal("-11"), "longitude": Decimal("94"), "year_established": 2017},
        {"latitude": Decimal("6"), "longitude": Decimal("142"), "year_established": 2100},
        {"latitude": None, "longitude": None},
    ],
)
def test_the_bounds_themselves_and_no_coordinates_are_accepted(values):
    blkk = BlkkFactory(**values)

    blkk.refresh_from_db()
    assert all(getattr(blkk, field) == value for field, value in values.items())


def test_a_form_shows_the_constraints_message_before_the_database_refuses():
    blkk = BlkkFactory.build(latitude=Decimal("12"), year_established=2016)

    with pytest.raises(ValidationError) as error:
        blkk.validate_constraints()

    messages = " ".join(error.value.messages)
    assert "The latitude lies between -11 and 6 (Indonesia)." in messages
    assert "The year established lies between 2017 and 2100." in messages


class TestMentorshipSource:
    def test_a_mentorship_names_its_decree(self):
        decree = DecreeFactory()

        row = MentorshipFactory(province=province("73"), source=decree)

        assert row.source_reference == decree.number
        assert list(decree.mentorships.all()) == [row]

    def test_a_mentorship_without_any_source_is_refused(self):
        row = Mentorship(centre=centre(), province=province("73"), starts_on=datetime.date(2022, 1, 1))

        refused("registry_mentorship_names_its_source", row.save)

    def test_a_mentorship_naming_both_a_decree_and_an_unmatched_reference_is_refused(self):
        refused(
            "registry_mentorship_names_its_source",
            lambda: MentorshipFactory(province=province("73"), legacy_source="SK/LAMA/2019"),
        )

    def test_an_older_row_keeps_its_unmatched_reference(self):
        row = MentorshipFactory(province=province("73"), source=None, legacy_source="SK/LAMA/2019")

        assert row.source_reference == "SK/LAMA/2019"

    def test_a_decree_that_made_mentorships_cannot_be_deleted_from_under_them(self):
        row = MentorshipFactory(province=province("73"))  # its source is a draft, which may be deleted

        with pytest.raises(ProtectedError):
            row.source.delete()
