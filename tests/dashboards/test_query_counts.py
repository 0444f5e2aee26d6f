"""Each dashboard and list runs a fixed number of queries, whether it shows 2 BLK-Ks or 10."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import centre

from .world import build_world

# Every page: session, user, the savepoint pair of ATOMIC_REQUESTS, the user's groups
# (roles), the main roadmap, its periods, the current period, and the filter form's
# provinces, host types and vocational fields: 11 querysets.
# Each dashboard adds: BLK-Ks by level and status, the reporting totals of every period
# (the chosen one's and the trend: one grouped query), the assessed levels per period,
# programmes by timeframe (4), whether
# a recount of the numbers is outstanding (1), and one
# grouped query per breakdown table (the BLK-K counts and their rollup rows' sums, joined),
# except where a reader who sees everything looks at whole provinces: there a breakdown by
# province, host type or field takes two (the BLK-K counts; the province sums split that
# way). On PostgreSQL a dashboard first reads the
# database's snapshot, the key of its cached copy (dashboards.page_cache).
BASE = 11
SNAPSHOT = 1 if connection.vendor == "postgresql" else 0
DASHBOARD = BASE + SNAPSHOT + 5
NATIONAL = DASHBOARD + (2 + 2 + 2) + 1  # + the forums by mentor decree state (ministry staff get no forum table)
PROVINCE = DASHBOARD + (1 + 2 + 2) + 4  # + the province, regency names, the first BLK-Ks, its forum
CENTRE = DASHBOARD + 2 + 3  # + the centre (with whether the reader is its staff), the backlog, the first BLK-Ks
FORUM = DASHBOARD + (2 + 2) + 3  # + the forum, its mentor decree, the first BLK-Ks (national: by province, host type)
BLKK_LIST = BASE + 2  # + the count and the page of BLK-Ks with their period's rollup row
IMPLEMENTATION_LIST = BASE + 2  # + the count and the page of implementations


def pages():
    return [
        ("national", reverse("dashboards:national"), NATIONAL),
        ("province", reverse("dashboards:province", args=["73"]), PROVINCE),
        ("centre", reverse("dashboards:centre", args=[centre("BBPVP Makassar").pk]), CENTRE),
        ("blkks", reverse("dashboards:blkks") + "?province=73", BLKK_LIST),
        ("implementations", reverse("dashboards:implementations") + "?state=running", IMPLEMENTATION_LIST),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [0, 8])
def test_the_query_count_of_each_page_does_not_grow_with_the_rows(
    client, django_assert_num_queries, ministry, manager, own_blkk, other_blkk, mentor, extra
):
    build_world(manager=manager, own_blkk=own_blkk, other_blkk=other_blkk, mentor=mentor, extra=extra)
    client.force_login(ministry)

    for _name, url, expected in pages():
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_forum_dashboard_has_a_fixed_query_count(client, django_assert_num_queries, world, ministry):
    from forum.models import Forum

    client.force_login(ministry)
    national = Forum.objects.get(kind=Forum.Kind.NATIONAL)

    with django_assert_num_queries(FORUM):
        assert client.get(reverse("dashboards:forum", args=[national.pk])).status_code == 200
