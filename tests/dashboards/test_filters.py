"""Filters live in the URL; values that make no sense give a message, never an error page."""

import pytest
from django.urls import reverse

NATIONAL = reverse("dashboards:national")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?period=abc",
        "?period=99999",
        "?province=zz",
        "?level=legendary",
        "?host_type=%00",
        "?field=" + "x" * 500,
        "?forum=abc",
        "?centre=999999",
        "?regency=73-71",
    ],
)
def test_a_bad_filter_value_is_reported_and_ignored(client, world, ministry, query):
    client.force_login(ministry)

    for url in (NATIONAL, reverse("dashboards:blkks"), reverse("dashboards:implementations")):
        response = client.get(url + query)
        assert response.status_code == 200
        assert b"Some filters were not understood and have been ignored" in response.content


@pytest.mark.django_db
def test_a_valid_filter_narrows_every_number(client, world, ministry):
    client.force_login(ministry)

    response = client.get(NATIONAL + "?province=32")

    assert response.context["counts"]["total"] == 1
    assert response.context["reporting"]["running"] == 3


@pytest.mark.django_db
def test_an_earlier_period_shows_that_periods_reporting(client, world, ministry):
    client.force_login(ministry)

    response = client.get(NATIONAL + f"?period={world.first.pk}")

    assert response.context["period"] == world.first
    assert response.context["reporting"]["late"] == response.context["reporting"]["reported"] == 2


@pytest.mark.django_db
def test_htmx_gets_only_the_dashboard_body(client, world, ministry):
    client.force_login(ministry)

    response = client.get(NATIONAL + "?province=73", headers={"HX-Request": "true"})

    assert [t.name for t in response.templates][0] == "dashboards/_body.html"
    assert b"<html" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/provinces/99/",
        "/dashboard/provinces/x%27/",
        "/dashboard/forums/999999/",
        "/dashboard/centres/999999/",
    ],
)
def test_a_place_that_does_not_exist_answers_404(client, world, ministry, url):
    client.force_login(ministry)

    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_charts_carry_their_numbers_as_data_and_a_text_alternative(client, world, ministry):
    client.force_login(ministry)

    content = client.get(NATIONAL).content.decode()

    assert '<script id="chart-trend-data" type="application/json">' in content
    assert 'role="img" aria-label="BLK-Ks by independence level: ' in content


@pytest.mark.django_db
def test_the_implementation_list_narrows_to_one_programme(client, world, ministry):
    client.force_login(ministry)

    response = client.get(reverse("dashboards:implementations") + f"?programme={world.permit.pk}&state=running")
    unknown = client.get(reverse("dashboards:implementations") + "?programme=999999")

    assert response.context["page_obj"].paginator.count == len(world.blkks)
    assert b"There is no programme with the number 999999" in unknown.content
