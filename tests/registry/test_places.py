"""Training centres and provinces: their BLK-Ks, counts per level and per 100,000 inhabitants."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from registry.models import Blkk, TrainingCentre
from tests.factories import BlkkFactory, MentorshipFactory, UserFactory, centre, province, regency

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]


@pytest.fixture
def signed_in(client, plain_user):
    client.force_login(plain_user)
    return client


def test_the_centre_list_shows_all_21_centres_with_their_blkk_counts(signed_in):
    MentorshipFactory(province=province("73"))
    BlkkFactory.create_batch(3)  # in Kota Makassar
    BlkkFactory(regency=regency("74.71"))  # another province
    response = signed_in.get(reverse("registry:centre-list"))
    centres = list(response.context["centres"])
    assert len(centres) == 21
    assert {c.name: c.blkk_count for c in centres}["BBPVP Makassar"] == 3
    assert "BLK Makassar" in response.text  # the former name


def test_a_centre_page_shows_its_facts_staff_outposts_and_mentoring(signed_in, mentor):
    makassar = centre()
    outpost = TrainingCentre.objects.create(
        name="Satpel Gowa", kind=TrainingCentre.Kind.SATPEL, regency=regency("73.06"), parent=makassar
    )
    mentorship = MentorshipFactory(province=province("73"))
    response = signed_in.get(makassar.get_absolute_url())
    for text in ["BBPVP Makassar", "BLK Makassar", "Kota Makassar", mentor.display_name, outpost.name,
                 "all BLK-Ks of Sulawesi Selatan", mentorship.source.number]:  # fmt: skip
        assert text in response.text, text
    outpost_page = signed_in.get(outpost.get_absolute_url())
    assertContains(outpost_page, f'<a href="{makassar.get_absolute_url()}">BBPVP Makassar</a>', html=True)


def test_a_centre_page_lists_the_blkks_it_mentors_with_counts_by_level(signed_in):
    BlkkFactory.create_batch(2, level=Blkk.Level.TUMBUH)
    named = BlkkFactory(regency=regency("74.71"), level=Blkk.Level.MANDIRI)
    BlkkFactory(name="BLK-K Lain", regency=regency("74.71"), level=Blkk.Level.MANDIRI)  # mentored by nobody
    MentorshipFactory(province=province("73"))  # the two of Kota Makassar
    MentorshipFactory(blkk=named)
    response = signed_in.get(centre().get_absolute_url())
    assert len(response.context["page_obj"]) == 3
    assert response.context["page_obj"].paginator.count == 3
    counts = {level.value: count for level, count in response.context["level_counts"]}
    assert counts == {"unclassified": 0, "tumbuh": 2, "berkembang": 0, "mandiri": 1}
    assert "BLK-K Lain" not in response.text


def test_a_centre_without_blkks_says_so(signed_in):
    response = signed_in.get(TrainingCentre.objects.get(name="BPVP Sorong").get_absolute_url())
    assert "No BLK-K names this centre as its mentor yet." in response.text
    assert "No mentor decree in force names this centre." in response.text


def test_the_centre_page_paginates_its_blkks(signed_in):
    BlkkFactory.create_batch(27)
    MentorshipFactory(province=province("73"))
    response = signed_in.get(centre().get_absolute_url(), {"page": "2"})
    assert len(response.context["page_obj"]) == 2
    assert signed_in.get(centre().get_absolute_url(), {"page": "xyz"}).status_code == 200


def test_the_province_list_shows_38_provinces_with_counts_and_rates(signed_in):
    BlkkFactory.create_batch(4, regency=regency("73.71"))
    response = signed_in.get(reverse("registry:province-list"))
    provinces = {p.code: p for p in response.context["provinces"]}
    assert len(provinces) == 38
    south = provinces["73"]
    assert south.blkk_count == 4
    assert south.blkk_per_100k == pytest.approx(4 * 100_000 / south.population)
    assert provinces["31"].blkk_count == 0
    assert response.context["national"]["blkk_count"] == 4
    assert '<a href="/blkk/?province=73">4</a>' in response.text


def test_rates_show_one_decimal(signed_in):
    # Sulawesi Selatan has about 9.4 million inhabitants: 100 BLK-Ks make about 1.1 per 100,000.
    BlkkFactory.create_batch(100, regency=regency("73.71"))
    response = signed_in.get(reverse("registry:province-detail", args=["73"]))
    expected = f"{100 * 100_000 / province('73').population:.1f}"
    assert f'<dd class="col-sm-6">{expected}</dd>' in response.text


def test_a_province_page_lists_its_regencies_with_counts_and_links(signed_in):
    BlkkFactory.create_batch(2, regency=regency("73.71"))
    BlkkFactory(regency=regency("73.15"))
    response = signed_in.get(reverse("registry:province-detail", args=["73"]))
    regencies = {r.code: r for r in response.context["regencies"]}
    assert len(regencies) == province("73").regencies.count()
    assert regencies["73.71"].blkk_count == 2
    assert regencies["73.15"].blkk_count == 1
    assert regencies["73.01"].blkk_count == 0
    assert response.context["province"].blkk_count == 3
    assertContains(response, '<a href="/blkk/?province=73&amp;regency=73.71">2</a>', html=True)


def test_jakarta_has_no_area_and_shows_a_dash(signed_in):
    response = signed_in.get(reverse("registry:province-detail", args=["31"]))
    assertContains(response, '<dd class="col-sm-6">—</dd>', html=True)


@pytest.mark.parametrize("rows", [2, 10])
def test_the_centre_list_query_count_is_constant(signed_in, django_assert_num_queries, rows):
    BlkkFactory.create_batch(rows)
    MentorshipFactory(province=province("73"))
    MentorshipFactory(blkk=Blkk.objects.first(), centre=centre("BPVP Kendari"))
    # 1 session, 2 user, 3 savepoint, 4 the user's groups, 5 the centres with regency,
    # province, parent and their BLK-K counts, 6 release savepoint.
    with django_assert_num_queries(6):
        signed_in.get(reverse("registry:centre-list"))


@pytest.mark.parametrize("rows", [2, 10])
def test_the_centre_page_query_count_is_constant(signed_in, django_assert_num_queries, rows):
    BlkkFactory.create_batch(rows)
    centre().staff.add(*UserFactory.create_batch(rows))
    for n in range(rows):
        TrainingCentre.objects.create(name=f"Satpel {n}", kind="SATPEL", regency=regency("73.71"), parent=centre())
    MentorshipFactory(province=province("73"))
    MentorshipFactory(blkk=Blkk.objects.first())
    url = centre().get_absolute_url()
    # 1 session, 2 user, 3 savepoint, 4 the centre with its regency, province and parent,
    # 5 counts by level (one aggregate, which also gives the paginator its total), 6 the
    # user's groups, 7 outposts, 8 staff, 9 mentorships in force with province and BLK-K,
    # 10 the page of BLK-Ks with their joins, 11 release savepoint.
    with django_assert_num_queries(11):
        signed_in.get(url)


@pytest.mark.parametrize("rows", [2, 10])
def test_the_province_list_query_count_is_constant(signed_in, django_assert_num_queries, rows):
    BlkkFactory.create_batch(rows)
    # 1 session, 2 user, 3 savepoint, 4 the national BLK-K count, 5 the national
    # population, 6 the user's groups, 7 the provinces with counts and rates, 8 release.
    with django_assert_num_queries(8):
        signed_in.get(reverse("registry:province-list"))


@pytest.mark.parametrize("rows", [2, 10])
def test_the_province_page_query_count_is_constant(signed_in, django_assert_num_queries, rows):
    BlkkFactory.create_batch(rows)
    # 1 session, 2 user, 3 savepoint, 4 the province with its count and rate, 5 counts by
    # level, 6 the user's groups, 7 the regencies with counts and rates, 8 release.
    with django_assert_num_queries(8):
        signed_in.get(reverse("registry:province-detail", args=["73"]))
