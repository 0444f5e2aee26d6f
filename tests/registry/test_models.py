"""The registry's invariants hold in the database, and its models' rules read as documented."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry.models import Blkk, Mentorship, Regency
from tests.factories import BlkkFactory, MentorshipFactory, centre, province, regency

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]


def test_two_blkks_cannot_share_a_registry_number():
    BlkkFactory(registry_number="BLKK-2019-73.71-0001")
    with pytest.raises(IntegrityError), transaction.atomic():
        BlkkFactory(registry_number="BLKK-2019-73.71-0001")


def test_a_registry_number_of_the_wrong_shape_fails_validation():
    blkk = BlkkFactory.build(registry_number="73.71-0001")
    with pytest.raises(ValidationError) as error:
        blkk.full_clean(exclude=["host_type", "regency"])
    assert "registry_number" in error.value.message_dict


def test_a_regency_code_must_start_with_its_province_code():
    with pytest.raises(IntegrityError), transaction.atomic():
        Regency.objects.create(
            code="74.99", province=province("73"), name="Kota Palsu", kind="kota", population=1, area_km2=1
        )


def test_a_permit_date_without_a_permit_number_is_refused_by_the_database():
    blkk = BlkkFactory()
    blkk.permit_date = datetime.date(2022, 5, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        blkk.save()


def test_a_permit_date_with_a_number_is_accepted():
    blkk = BlkkFactory(permit_number="503/12/DPMPTSP/2022", permit_date=datetime.date(2022, 5, 1))
    blkk.refresh_from_db()
    assert blkk.permit_date == datetime.date(2022, 5, 1)


def test_a_mentorship_covers_a_province_or_a_blkk_but_not_both():
    blkk = BlkkFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorshipFactory(province=province("73"), blkk=blkk)


def test_a_mentorship_must_cover_something():
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorshipFactory()


def test_a_mentorship_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorshipFactory(
            province=province("73"), starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2021, 12, 31)
        )


@pytest.mark.parametrize(
    ("day", "effective"),
    [
        (datetime.date(2021, 11, 30), False),  # before it starts
        (datetime.date(2021, 12, 1), True),  # its first day
        (datetime.date(2023, 12, 31), True),  # its last day
        (datetime.date(2024, 1, 1), False),  # after it ends
    ],
)
def test_a_mentorship_is_effective_between_its_dates(day, effective):
    row = MentorshipFactory(
        province=province("73"), starts_on=datetime.date(2021, 12, 1), ends_on=datetime.date(2023, 12, 31)
    )
    assert row.is_effective(day) is effective
    assert Mentorship.objects.effective(day).filter(pk=row.pk).exists() is effective


def test_a_mentorship_ended_early_stops_counting_on_the_day_it_ended():
    row = MentorshipFactory(province=province("73"), ended_on=datetime.date(2022, 6, 1))
    assert row.is_effective(datetime.date(2022, 5, 31))
    assert not row.is_effective(datetime.date(2022, 6, 1))
    assert not Mentorship.objects.effective(datetime.date(2022, 6, 1)).exists()


def test_a_blkk_knows_its_province_and_address():
    blkk = BlkkFactory(regency=regency("73.15"))
    assert blkk.province.code == "73"
    assert blkk.get_absolute_url() == f"/blkk/{blkk.pk}/"
    assert str(blkk) == blkk.name


def test_provinces_and_centres_link_to_their_pages():
    assert province("31").get_absolute_url() == "/provinces/31/"
    assert centre().get_absolute_url() == f"/centres/{centre().pk}/"


def test_province_counts_include_every_regency_and_rate_per_100k():
    BlkkFactory.create_batch(3, regency=regency("73.71"))
    BlkkFactory(regency=regency("73.15"))
    south_sulawesi = type(province()).objects.with_blkk_counts().get(code="73")
    assert south_sulawesi.blkk_count == 4
    assert south_sulawesi.blkk_per_100k == pytest.approx(4 * 100_000 / south_sulawesi.population)


def test_regency_counts_are_zero_where_there_is_no_blkk():
    BlkkFactory(regency=regency("73.71"))
    counts = dict(province("73").regencies.with_blkk_counts().values_list("code", "blkk_count"))
    assert counts["73.71"] == 1
    assert counts["73.15"] == 0


def test_level_counts_come_from_one_aggregate(django_assert_num_queries):
    BlkkFactory.create_batch(2, level=Blkk.Level.TUMBUH)
    BlkkFactory(level=Blkk.Level.MANDIRI)
    with django_assert_num_queries(1):
        counts = Blkk.objects.level_counts()
    assert counts == {"total": 3, "unclassified": 0, "tumbuh": 2, "berkembang": 0, "mandiri": 1}
