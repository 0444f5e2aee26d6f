"""Every number on a dashboard links to a list of exactly that many rows, for every reader."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import centre

NUMBER_LINK = re.compile(r'<a href="(/dashboard/(?:blkk|implementations)/\?[^"]*)">([\d.,]+)</a>')


def links_with_numbers(content):
    """(url, number) for every linked number on a page."""
    return [(unescape(url), int(re.sub(r"[.,]", "", number))) for url, number in NUMBER_LINK.findall(content)]


def list_length(client, url):
    """The rows the list holds, counted from its own query; the count it shows (maybe from the rollups) must agree."""
    response = client.get(url)
    assert response.status_code == 200, url
    paginator = response.context["page_obj"].paginator
    rows = paginator.object_list.count()
    assert paginator.count == rows, url
    return rows


def check_every_number(client, page_url):
    response = client.get(page_url)
    assert response.status_code == 200
    links = links_with_numbers(response.content.decode())
    assert len(links) > 20  # the page has its numbers, and they are links
    mismatches = [
        (url, number, list_length(client, url)) for url, number in links if list_length(client, url) != number
    ]
    assert mismatches == []


@pytest.mark.django_db
@pytest.mark.parametrize("user_fixture", ["ministry", "mentor", "manager"])
def test_every_number_of_the_overview_equals_the_length_of_its_list(client, request, world, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))

    check_every_number(client, reverse("dashboards:national"))


@pytest.mark.django_db
def test_every_number_of_the_province_dashboard_equals_the_length_of_its_list(client, world, mentor):
    client.force_login(mentor)

    check_every_number(client, reverse("dashboards:province", args=["73"]))


@pytest.mark.django_db
def test_every_number_of_the_centre_dashboard_equals_the_length_of_its_list(client, world, ministry):
    client.force_login(ministry)

    check_every_number(client, reverse("dashboards:centre", args=[centre("BBPVP Makassar").pk]))


@pytest.mark.django_db
def test_numbers_of_an_earlier_period_link_to_that_periods_rows(client, world, ministry):
    client.force_login(ministry)

    check_every_number(client, reverse("dashboards:national") + f"?period={world.second.pk}&level=unclassified")


@pytest.mark.django_db
def test_with_a_vocational_field_chosen_the_field_table_holds_that_field_alone(
    client, world, ministry, own_blkk, other_blkk
):
    from registry.models import VocationalField

    welding, automotive = VocationalField.objects.get(code="LAS"), VocationalField.objects.get(code="TKSM")
    own_blkk.vocational_fields.add(welding, automotive)  # counted under each field it trains in
    other_blkk.vocational_fields.add(welding)
    client.force_login(ministry)
    url = reverse("dashboards:national") + "?field=LAS"

    response = client.get(url)

    assert [row["key"] for row in response.context["tables"]["field"]] == ["LAS"]
    assert response.context["tables"]["field"][0]["total"] == 2
    check_every_number(client, url)


@pytest.mark.django_db
def test_while_a_recount_is_outstanding_a_list_counts_its_own_rows(client, world, ministry):
    """The rollups may lag the reports until the recount has run: the list's count then comes from its rows."""
    from roadmap.models import PeriodRollup, RollupRefresh

    client.force_login(ministry)
    url = reverse("dashboards:implementations") + "?state=running"
    response = client.get(url)
    rows = response.context["page_obj"].paginator.object_list.count()
    assert rows and response.context["page_obj"].paginator.count == rows
    period = response.context["period"]
    PeriodRollup.objects.filter(period=period).update(running=0, reported=0, on_time=0)  # stale rows
    RollupRefresh.objects.create(roadmap_id=period.roadmap_id)

    assert list_length(client, url) == rows
