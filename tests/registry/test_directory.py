"""The BLK-K directory: search, filters, sorting and pages, all kept in the URL; garbage never breaks it."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from registry.models import Blkk, HostInstitutionType, VocationalField
from tests.factories import BlkkFactory, MentorshipFactory, centre, province, regency

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]

URL = reverse("registry:blkk-list")


@pytest.fixture
def signed_in(client, ministry):
    client.force_login(ministry)
    return client


@pytest.fixture
def sample():
    """Three BLK-Ks that differ in every filtered fact."""
    makassar = BlkkFactory(
        name="BLK-K PP Multidimensi Al-Fakhriyah",
        registry_number="BLKK-2019-73.71-0001",
        level=Blkk.Level.TUMBUH,
        year_established=2019,
    )
    makassar.vocational_fields.add(VocationalField.objects.get(code="TIK"))
    MentorshipFactory(blkk=makassar)  # BBPVP Makassar mentors it by name
    wajo = BlkkFactory(
        name="BLK-K PP Al Mubarak DDI Tobarakka",
        host_name="Pondok Pesantren Al Mubarak DDI Tobarakka",
        registry_number="BLKK-2020-73.13-0001",
        regency=regency("73.13"),
        level=Blkk.Level.MANDIRI,
        year_established=2020,
    )
    jakarta = BlkkFactory(
        name="BLK-K Serikat Pekerja Nusantara",
        registry_number="BLKK-2021-31.71-0001",
        regency=regency("31.71"),
        host_type=HostInstitutionType.objects.get(code="SERIKAT_PEKERJA"),
        status=Blkk.Status.INACTIVE,
        year_established=2021,
    )
    return {"makassar": makassar, "wajo": wajo, "jakarta": jakarta}


def names(response):
    return [row["name"] for row in response.context["page_obj"]]


def test_the_directory_lists_every_blkk_by_name_with_the_total(signed_in, sample):
    response = signed_in.get(URL)
    assert names(response) == sorted(b.name for b in sample.values())
    assert response.context["page_obj"].paginator.count == 3
    assert "3 BLK-Ks found" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fakhriyah", ["makassar"]),  # part of the name, any case
        ("Tobarakka", ["wajo"]),
        ("pondok pesantren al mubarak", ["wajo"]),  # the host institution
        ("2021-31.71", ["jakarta"]),  # the registry number
        ("  al-fakhriyah  ", ["makassar"]),  # surrounding spaces do not matter
    ],
)
def test_search_looks_in_name_host_and_registry_number(signed_in, sample, query, expected):
    response = signed_in.get(URL, {"q": query})
    assert names(response) == [sample[key].name for key in expected]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"province": "73"}, {"makassar", "wajo"}),
        ({"province": "73", "regency": "73.13"}, {"wajo"}),
        ({"regency": "31.71"}, {"jakarta"}),
        ({"field": "TIK"}, {"makassar"}),
        ({"host_type": "SERIKAT_PEKERJA"}, {"jakarta"}),
        ({"level": "mandiri"}, {"wajo"}),
        ({"status": "inactive"}, {"jakarta"}),
        ({"province": "73", "level": "tumbuh"}, {"makassar"}),
        ({"province": "31", "level": "tumbuh"}, set()),
    ],
)
def test_each_filter_narrows_the_list(signed_in, sample, params, expected):
    response = signed_in.get(URL, params)
    assert set(names(response)) == {sample[key].name for key in expected}
    assert not response.context["form"].errors


def test_the_centre_filter_takes_the_mentor_centres_id(signed_in, sample):
    response = signed_in.get(URL, {"centre": centre().pk})
    assert names(response) == [sample["makassar"].name]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["wajo", "makassar", "jakarta"]),
        ("-name", ["jakarta", "makassar", "wajo"]),
        ("registry_number", ["makassar", "wajo", "jakarta"]),
        ("year", ["makassar", "wajo", "jakarta"]),
        ("level", ["wajo", "makassar", "jakarta"]),  # mandiri, tumbuh, not yet classified
        ("province", ["jakarta", "wajo", "makassar"]),  # DKI Jakarta before Sulawesi Selatan
        ("regency", ["wajo", "jakarta", "makassar"]),  # Kabupaten Wajo, Kota Administrasi Jakarta Pusat, Kota Makassar
    ],
)
def test_every_whitelisted_sort_orders_the_rows(signed_in, sample, sort, expected):
    response = signed_in.get(URL, {"sort": sort})
    assert names(response) == [sample[key].name for key in expected]


@pytest.mark.parametrize("sort", ["password", "regency__province__population", "-level", "name; DROP TABLE", ""])
def test_an_unknown_sort_falls_back_to_the_name_without_an_error(signed_in, sample, sort):
    response = signed_in.get(URL, {"sort": sort})
    assert response.status_code == 200
    assert names(response) == ["BLK-K PP Al Mubarak DDI Tobarakka", "BLK-K PP Multidimensi Al-Fakhriyah",
                               "BLK-K Serikat Pekerja Nusantara"]  # fmt: skip
    assert not response.context["form"].errors


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"province": "zz"}, "Unknown province “zz”."),
        ({"province": "99"}, "Unknown province “99”."),
        ({"regency": "99.99"}, "Unknown regency or city “99.99”"),
        ({"province": "31", "regency": "73.71"}, "Unknown regency or city “73.71”"),
        ({"field": "<script>"}, "Unknown vocational field “&lt;script&gt;”."),
        ({"host_type": "castle"}, "Unknown host institution type “castle”."),
        ({"level": "foo"}, "Unknown independence level “foo”."),
        ({"centre": "abc"}, "Unknown training centre “abc”."),
        ({"centre": "999999"}, "Unknown training centre “999999”."),
        ({"status": "open"}, "Unknown operating status “open”."),
    ],
)
def test_a_garbage_filter_shows_a_clear_message_and_is_ignored(signed_in, sample, params, message):
    response = signed_in.get(URL, params)
    assert response.status_code == 200
    assert message in response.text
    assert "Some filters were not understood" in response.text
    assert "<script>" not in response.text.split("</header>")[1]


def test_a_garbage_filter_leaves_the_valid_ones_in_force(signed_in, sample):
    response = signed_in.get(URL, {"province": "73", "level": "foo"})
    assert set(names(response)) == {sample["makassar"].name, sample["wajo"].name}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "nul\x00byte"},
        {"page": "abc"},
        {"page": "-3"},
        {"page": "99999999999999999999"},
        {"regency": "73.71" * 50},
        {"province": ["73", "31"]},
    ],
)
def test_garbage_in_the_query_string_never_breaks_the_page(signed_in, sample, params):
    assert signed_in.get(URL, params).status_code == 200


def test_a_page_past_the_end_shows_the_last_page(signed_in):
    BlkkFactory.create_batch(27)
    response = signed_in.get(URL, {"page": 999})
    assert response.context["page_obj"].number == 2
    assert len(response.context["page_obj"]) == 2


def test_a_non_numeric_page_shows_the_first_page(signed_in):
    BlkkFactory.create_batch(27)
    response = signed_in.get(URL, {"page": "abc"})
    assert response.context["page_obj"].number == 1
    assert len(response.context["page_obj"]) == 25


def test_pagination_links_keep_the_search_filters_and_sort(signed_in):
    BlkkFactory.create_batch(30, level=Blkk.Level.TUMBUH)
    response = signed_in.get(URL, {"q": "Contoh", "province": "73", "level": "tumbuh", "sort": "-name"})
    assert 'href="?q=Contoh&amp;province=73&amp;level=tumbuh&amp;sort=-name&amp;page=2"' in response.text


def test_sorting_links_keep_the_filters_and_return_to_the_first_page(signed_in):
    BlkkFactory.create_batch(30)
    response = signed_in.get(URL, {"province": "73", "page": "2"})
    assert 'href="?province=73&amp;sort=year"' in response.text


def test_the_filter_form_keeps_the_chosen_sort(signed_in, sample):
    response = signed_in.get(URL, {"sort": "year"})
    assert '<input type="hidden" name="sort" value="year">' in response.text


def test_regency_choices_follow_the_chosen_province(signed_in):
    response = signed_in.get(URL, {"province": "73"})
    choices = dict(response.context["form"].fields["regency"].choices)
    assert "73.71" in choices
    assert "31.71" not in choices


def test_without_a_province_the_regency_list_holds_only_the_chosen_regency(signed_in):
    response = signed_in.get(URL, {"regency": "73.15"})
    assert list(dict(response.context["form"].fields["regency"].choices)) == ["", "73.15"]


def test_the_regency_options_partial_lists_a_provinces_regencies(signed_in):
    response = signed_in.get(reverse("registry:regency-options"), {"province": "73"})
    assert '<option value="73.71">Kota Makassar</option>' in response.text
    assert "31.71" not in response.text


@pytest.mark.parametrize("province", ["zz", "", "99", "7" * 300])
def test_the_regency_options_partial_answers_garbage_with_only_the_blank_option(signed_in, province):
    response = signed_in.get(reverse("registry:regency-options"), {"province": province})
    assert response.status_code == 200
    assert response.text.count("<option") == 1


def test_an_empty_result_says_why_and_how_to_clear_the_filters(signed_in, sample):
    response = signed_in.get(URL, {"q": "nothing like this"})
    assert "No BLK-K matches this search and these filters." in response.text
    assertContains(response, f'<a href="{URL}">Clear all filters</a>', html=True)


def test_an_empty_registry_says_so(signed_in):
    response = signed_in.get(URL)
    assert "No BLK-K has been registered yet." in response.text


def test_rows_show_level_in_words_and_the_mentor_centre(signed_in, sample):
    response = signed_in.get(URL, {"province": "73"})
    assert "tumbuh (growing)" in response.text
    assert "BBPVP Makassar" in response.text


def test_the_year_is_not_printed_with_a_thousands_separator(signed_in, sample):
    response = signed_in.get(URL, {"regency": "73.71"})
    assert '<td data-label="Year">2019</td>' in response.text


@pytest.mark.parametrize("rows", [2, 10])
def test_the_directory_query_count_does_not_grow_with_the_rows(signed_in, django_assert_num_queries, rows):
    for blkk in BlkkFactory.create_batch(rows):
        blkk.vocational_fields.add(VocationalField.objects.get(code="TIK"))
    MentorshipFactory(province=province("73"))
    MentorshipFactory(blkk=blkk, centre=centre("BPVP Kendari"))
    # 1 session, 2 user, 3 savepoint (atomic request), 4-8 filter choices: provinces,
    # regencies of the province, vocational fields, host types, centres; 9 COUNT for the
    # total (the BLK-K table with the filters' joins only), 10 the page of rows (their
    # shown columns, with regency, province and host type joined and the names of their
    # mentor centres as a subquery), 11 the
    # user's groups (navbar roles), 12 release savepoint.
    with django_assert_num_queries(12):
        response = signed_in.get(URL, {"province": "73", "level": "unclassified", "sort": "level", "field": "TIK"})
    assert response.status_code == 200


def test_the_folded_filters_stay_closed_until_one_of_them_is_set(signed_in):
    assert '<details class="mb-2">' in signed_in.get(URL, {"province": "73"}).text
    assert '<details class="mb-2" open>' in signed_in.get(URL, {"level": "tumbuh"}).text
    assert '<details class="mb-2" open>' in signed_in.get(URL, {"status": "nonsense"}).text


def test_the_export_links_carry_the_search_filters_and_sort(signed_in, sample):
    response = signed_in.get(URL, {"province": "73", "sort": "-name"})
    csv_url = reverse("dashboards:directory-export", args=["csv"]) + "?province=73&amp;sort=-name"
    assert csv_url in response.text
    exported = signed_in.get(csv_url.replace("&amp;", "&"))
    rows = b"".join(exported.streaming_content).decode("utf-8-sig").splitlines()[1:]
    assert [row.split(",")[1] for row in rows] == [sample["makassar"].name, sample["wajo"].name]


def test_an_empty_result_offers_no_export(signed_in, sample):
    response = signed_in.get(URL, {"q": "no such centre"})
    assert reverse("dashboards:directory-export", args=["csv"]) not in response.text


def test_the_total_is_counted_without_the_joins_of_the_shown_columns(signed_in, sample):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = signed_in.get(URL, {"province": "73", "sort": "province"})

    assert response.context["page_obj"].paginator.count == 2
    (count,) = [query["sql"] for query in queries if "COUNT(" in query["sql"]]
    assert "registry_regency" in count  # the province filter's join
    for table in ("registry_province", "registry_hostinstitutiontype", "registry_trainingcentre"):
        assert table not in count
