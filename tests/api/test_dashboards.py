"""The API's dashboard numbers are the pages' numbers, for every reader and place."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

READERS = ["manager", "board", "mentor", "other_mentor", "ministry", "admin"]


def places(world):
    return [
        ("dashboards:national", "api:dashboard-national", ()),
        ("dashboards:province", "api:dashboard-province", ("73",)),
        ("dashboards:forum", "api:dashboard-forum", (world.sulsel.pk,)),
        ("dashboards:centre", "api:dashboard-centre", (world.makassar.pk,)),
    ]


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("query", [{}, {"level": "tumbuh"}])
def test_the_api_answers_the_numbers_the_page_shows(world, role, query):
    for page, endpoint, args in places(world):
        shown = world.clients[role].get(reverse(page, args=args), query)
        answered = world.api[role].get(reverse(endpoint, args=args), query)
        assert answered.status_code == shown.status_code, (page, role)
        if shown.status_code != 200:
            continue
        body = answered.json()
        assert body["blkks"] == shown.context["counts"], (page, role)
        reporting = shown.context["reporting"]
        assert body["reporting"] == (dict(reporting) if reporting is not None else None), (page, role)
        assert body["programmes"] == shown.context["programmes"], (page, role)
        assert body["period"]["id"] == shown.context["period"].pk


def test_the_open_national_counts_are_the_ministrys_national_overview(world):
    shown = world.clients["ministry"].get(reverse("dashboards:national")).context
    body = world.api["anonymous"].get(reverse("api:open-national")).json()
    assert body["blkks"] == shown["counts"]
    by_province = {row["code"]: row["blkk_count"] for row in body["provinces"]}
    assert sum(by_province.values()) == shown["counts"]["total"]
    assert by_province["73"] == 2 and by_province["32"] == 1
