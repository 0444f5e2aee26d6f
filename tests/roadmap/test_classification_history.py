"""A BLK-K's classification history on its page, for whoever may see its reports.

The registry's BLK-K page loads the roadmap's progress section with htmx (the registry
does not import the roadmap); the history is part of that section, under the report rule
that the classification form already reads it with.
"""

import pytest
from django.urls import reverse

from roadmap.services import record_classification

from .pages_world import days, world_fixture

pytestmark = pytest.mark.django_db
world = pytest.fixture(world_fixture, name="world")
HTMX = {"HTTP_HX_REQUEST": "true"}


def progress_url(blkk):
    return reverse("roadmap:blkk-progress", args=[blkk.pk])


def classify(blkk, user, level, ago, note="Hasil monev.", evidence="Visitasi lapangan."):
    return record_classification(blkk, user=user, level=level, assessed_on=days(-ago), evidence=evidence, note=note)


def history_seen_by(client, user, blkk):
    client.force_login(user)
    response = client.get(progress_url(blkk), **HTMX)
    assert response.status_code == 200
    return response


@pytest.fixture
def assessed(own_blkk, mentor, ministry, world):
    classify(own_blkk, ministry, "tumbuh", 400, note="Izin operasional terbit.")
    classify(
        own_blkk,
        mentor,
        "berkembang",
        10,
        note="Mitra industri membiayai pelatihan.",
        evidence="Berita acara: https://example.go.id/monev/2024.pdf",
    )
    return own_blkk


def test_the_blkk_page_loads_the_section_that_holds_the_history(client, manager, own_blkk):
    client.force_login(manager)
    page = client.get(own_blkk.get_absolute_url()).content.decode()
    assert f'hx-get="{progress_url(own_blkk)}"' in page


def test_the_manager_sees_each_level_its_predecessor_assessor_evidence_and_reason(
    client, manager, mentor, ministry, assessed
):
    response = history_seen_by(client, manager, assessed)
    page = response.content.decode()

    newest, oldest = response.context["classifications"]
    assert (newest.level, newest.previous_level, newest.assessor) == ("berkembang", "tumbuh", mentor)
    assert (oldest.level, oldest.previous_level, oldest.assessor) == ("tumbuh", None, ministry)
    assert 'data-testid="classification-history"' in page
    assert "Mitra industri membiayai pelatihan." in page and "Izin operasional terbit." in page
    assert f"assessed by {mentor.display_name}" in page
    assert "the first assessment recorded in the portal" in page
    assert 'href="https://example.go.id/monev/2024.pdf"' in page


@pytest.mark.parametrize("reader", ["mentor", "board_member", "ministry", "admin_user"])
def test_its_forum_board_mentors_ministry_and_admins_see_it(client, assessed, reader, request):
    response = history_seen_by(client, request.getfixturevalue(reader), assessed)
    assert [c.level for c in response.context["classifications"]] == ["berkembang", "tumbuh"]


def test_a_manager_of_another_blkk_sees_its_page_but_not_its_history(client, assessed, world):
    outsider = world.other_manager
    client.force_login(outsider)
    assert client.get(assessed.get_absolute_url()).status_code == 200

    response = history_seen_by(client, outsider, assessed)
    page = response.content.decode()

    assert response.context["classifications"] is None
    assert "Classification history" not in page and "Mitra industri membiayai pelatihan." not in page
    # Nor through the classification form, which only assessors open.
    assert client.get(reverse("roadmap:classification-create", args=[assessed.pk])).status_code == 403


def test_an_unassessed_blkk_says_so(client, manager, own_blkk, world):
    page = history_seen_by(client, manager, own_blkk).content.decode()
    assert "No assessment has been recorded in the portal yet." in page


def test_the_history_costs_one_query_however_long_it_is(
    client, manager, mentor, own_blkk, world, django_assert_num_queries
):
    # As in test_pages_blkk's pin (14 queries), plus the classification history.
    classify(own_blkk, mentor, "tumbuh", 300)
    client.force_login(manager)
    with django_assert_num_queries(15):
        client.get(progress_url(own_blkk), **HTMX)
    for ago in range(20, 280, 20):
        classify(own_blkk, mentor, "berkembang" if ago % 40 else "tumbuh", ago)
    with django_assert_num_queries(15):
        response = client.get(progress_url(own_blkk), **HTMX)
    assert len(response.context["classifications"]) == 14
