"""Every list endpoint reads a fixed number of queries, whatever the number of rows on the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from forum.models import Decree
from registry.models import VocationalField
from roadmap.services import ensure_implementations
from tests.factories import BlkkFactory, DecreeFactory, MeetingFactory, ProgrammeFactory, UserFactory
from tests.roadmap.pages_world import report

pytestmark = pytest.mark.django_db

# (URL name, query, queries) for an admin with a token. Every request reads the token (1)
# and runs in its transaction (a savepoint and its release inside the test's: 2); then the
# endpoint's own: for a page, the count and the rows, plus one per prefetched relation.
PINNED = [
    # + the directory form's choices (provinces, the province's regencies, fields, host types, centres),
    # count, rows, the rows' vocational fields
    ("api:blkk-list", {"province": "73"}, 11),
    ("api:implementation-list", {}, 5),
    ("api:report-list", {}, 5),
    ("api:meeting-list", {}, 5),
    ("api:programme-list", {}, 5),
    ("api:decree-list", {}, 5),
    ("api:forum-list", {}, 5),
    ("api:centre-list", {}, 5),
    ("api:regency-list", {"province": "73"}, 5),
    ("api:province-list", {}, 5),
    ("api:roadmap-list", {}, 5),
    # + the dashboards' own fixed set (roadmap, periods, filter choices, counts, rollups, programmes, refresh)
    ("api:dashboard-national", {}, 13),
    # + counts, provinces, forum states, latest change
    ("api:open-national", {}, 7),
]


def queries_for(client, name, query):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name), query)
    assert response.status_code == 200, response.content
    return len(captured)


def grow(world, rows=18):
    """Rows more of everything the lists show: BLK-Ks with fields, implementations, reports, meetings, decrees."""
    fields = list(VocationalField.objects.all()[:2])
    for n in range(rows):
        manager = UserFactory(username=f"pengelola-tambahan-{n}", roles=[Role.MANAGER])
        blkk = BlkkFactory(name=f"BLK-K Tambahan {n}", managers=[manager])
        blkk.vocational_fields.set(fields)
        MeetingFactory(forum=world.sulsel, title=f"Rapat tambahan {n}")
        DecreeFactory(forum=world.sulsel, kind=Decree.Kind.BOARD, centre=None, subject=f"Pengurus {n}")
        ProgrammeFactory(pillar=world.pillars[1], code=f"T{n:02d}")
        world.more = (manager, blkk)
    ensure_implementations(world.permit)
    for implementation in world.permit.implementations.filter(blkk__name__startswith="BLK-K Tambahan"):
        report(implementation, implementation.blkk.managers.get(), period=world.period)


def test_list_queries_do_not_grow_with_the_rows(world):
    client = world.api["admin"]
    for name, query, _pinned in PINNED:
        queries_for(client, name, query)  # warm: the token's last-used time is written once
    before = {name: queries_for(client, name, query) for name, query, _pinned in PINNED}
    grow(world)
    after = {name: queries_for(client, name, query) for name, query, _pinned in PINNED}
    assert after == before
    assert before == {name: pinned for name, _query, pinned in PINNED}
