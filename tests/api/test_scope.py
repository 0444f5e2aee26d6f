"""Scope: each person gets through the API exactly the rows the pages give them, no more.

The expectations are written from the world's facts (who manages, sits on, mentors what),
not from the queryset methods the API calls, so a leak in either fails here.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Whose reports each person sees, by BLK-K: (own, other, far).
SEES = {
    "plain": set(),
    "manager": {"own"},
    "other_manager": {"other"},
    "board": {"own", "other"},
    "mentor": {"own", "other"},
    "other_mentor": {"far"},
    "ministry": {"own", "other", "far"},
    "admin": {"own", "other", "far"},
}


def blkk_ids(world, names):
    return {getattr(world, f"{name}_blkk").pk for name in names}


def every_row(client, url, **query):
    rows, page = [], 1
    while True:
        body = client.get(url, {**query, "page": page, "page_size": 100}).json()
        rows += body["results"]
        if not body["next"]:
            return rows
        page += 1


@pytest.mark.parametrize("role", SEES)
def test_reports_and_implementations_follow_the_report_rule(world, role):
    client = world.api[role]
    expected = blkk_ids(world, SEES[role])
    reports = every_row(client, reverse("api:report-list"))
    assert {row["blkk"] for row in reports} == expected
    implementations = every_row(client, reverse("api:implementation-list"))
    assert {row["blkk"] for row in implementations} <= expected
    assert {row["blkk"] for row in implementations} >= expected


@pytest.mark.parametrize("role", SEES)
def test_a_report_out_of_sight_is_not_found_rather_than_forbidden(world, role):
    for name in ("own", "other", "far"):
        report = getattr(world, f"{name}_report")
        status = world.api[role].get(reverse("api:report-detail", args=[report.pk])).status_code
        assert status == (200 if name in SEES[role] else 404), (role, name)


@pytest.mark.parametrize("role", SEES)
def test_the_national_dashboard_counts_only_the_readers_blkks(world, role):
    response = world.api[role].get(reverse("api:dashboard-national"))
    if not SEES[role]:
        assert response.status_code == 403
        return
    assert response.json()["blkks"]["total"] == len(SEES[role])


def test_filters_narrow_a_scope_and_never_widen_it(world):
    response = world.api["manager"].get(reverse("api:report-list"), {"implementation": world.far_impl.pk})
    assert response.json()["count"] == 0
    dashboard = world.api["mentor"].get(reverse("api:dashboard-national"), {"province": "32"}).json()
    assert dashboard["blkks"]["total"] == 0


def test_a_manager_cannot_submit_for_another_blkk_and_a_mentor_cannot_review_outside_the_scope(world):
    data = {"status": "in_progress", "progress": 10, "narrative": "x", "version": 0}
    url = reverse("api:implementation-report-submit", args=[world.other_impl.pk])
    assert world.api["manager"].post(url, data).status_code == 404
    url = reverse("api:report-review", args=[world.far_report.pk])
    assert world.api["mentor"].post(url, {"decision": "approve"}).status_code == 404
