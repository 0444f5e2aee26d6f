"""The programme page: participating BLK-Ks with their status, filters kept in the URL, pages of 25."""

import pytest

from roadmap.models import Implementation
from roadmap.services import ensure_implementations
from tests.factories import BlkkFactory, regency

from .pages_world import world_fixture

pytestmark = pytest.mark.django_db
world = pytest.fixture(world_fixture, name="world")
Status = Implementation.Status


def names_on(response):
    return [row.blkk.name for row in response.context["page_obj"]]


def add_blkks(world, count, regency_code="73.71"):
    for number in range(count):
        BlkkFactory(name=f"BLK-K PP Tambahan {number:02d}", regency=regency(regency_code))
    ensure_implementations(world.permit)


class TestListing:
    def test_lists_every_participant_with_reported_and_approved_progress(self, client, plain_user, world):
        client.force_login(plain_user)
        response = client.get(world.permit.get_absolute_url())
        assert response.context["total"] == 3
        page = response.content.decode()
        assert "BLK-K PP Multidimensi Al-Fakhriyah" in page and "BLK-K PP Persis Bandung" in page
        assert 'value="40"' in page  # the reported progress bar

    def test_counts_each_status_and_links_it_to_its_rows(self, client, plain_user, world):
        client.force_login(plain_user)
        response = client.get(world.permit.get_absolute_url())
        counts = dict(response.context["status_counts"])
        assert counts[Status.IN_PROGRESS] == 3 and counts[Status.DONE] == 0
        assert "?status=in_progress" in response.content.decode()

    def test_links_to_reports_only_where_the_reader_may_see_them(self, client, manager, world):
        client.force_login(manager)
        page = client.get(world.permit.get_absolute_url()).content.decode()
        assert world.own_impl.get_absolute_url() in page
        assert world.other_impl.get_absolute_url() not in page
        assert world.far_impl.get_absolute_url() not in page

    def test_explains_an_empty_programme(self, client, plain_user, world):
        world.certify.implementations.all().delete()
        client.force_login(plain_user)
        page = client.get(world.certify.get_absolute_url()).content.decode()
        assert "No BLK-K takes part in this programme yet" in page or "Belum ada BLK-K" in page


class TestFilters:
    def test_filter_by_status(self, client, plain_user, world):
        client.force_login(plain_user)
        response = client.get(world.permit.get_absolute_url(), {"status": "done"})
        assert names_on(response) == []
        response = client.get(world.permit.get_absolute_url(), {"status": "in_progress"})
        assert len(names_on(response)) == 3

    def test_filter_by_province_and_name(self, client, plain_user, world):
        client.force_login(plain_user)
        response = client.get(world.permit.get_absolute_url(), {"province": "32"})
        assert names_on(response) == ["BLK-K PP Persis Bandung"]
        response = client.get(world.permit.get_absolute_url(), {"q": "fakhriyah"})
        assert names_on(response) == ["BLK-K PP Multidimensi Al-Fakhriyah"]

    def test_status_counts_follow_the_other_filters_but_not_the_status(self, client, plain_user, world):
        client.force_login(plain_user)
        response = client.get(world.permit.get_absolute_url(), {"province": "73", "status": "done"})
        assert dict(response.context["status_counts"])[Status.IN_PROGRESS] == 2
        assert names_on(response) == []

    @pytest.mark.parametrize(
        "params", [{"status": "x"}, {"province": "99"}, {"province": "<script>"}, {"q": "a" * 500}]
    )
    def test_unknown_filter_values_are_ignored_with_a_message(self, client, plain_user, world, params):
        client.force_login(plain_user)
        response = client.get(world.permit.get_absolute_url(), params)
        assert response.status_code == 200
        assert len(names_on(response)) == 3
        assert [m.level_tag for m in response.context["messages"]] == ["warning"]

    def test_pages_of_25_keep_the_filters_in_their_links(self, client, plain_user, world):
        add_blkks(world, 30)
        client.force_login(plain_user)
        response = client.get(world.permit.get_absolute_url(), {"province": "73"})
        assert response.context["page_obj"].paginator.count == 32
        assert len(names_on(response)) == 25
        assert "?province=73&amp;page=2" in response.content.decode()
        second = client.get(world.permit.get_absolute_url(), {"province": "73", "page": "2"})
        assert len(names_on(second)) == 7

    @pytest.mark.parametrize("page", ["zzz", "-1", "0", "99999", "1.5"])
    def test_a_page_number_that_makes_no_sense_shows_a_page_anyway(self, client, plain_user, world, page):
        client.force_login(plain_user)
        response = client.get(world.permit.get_absolute_url(), {"page": page})
        assert response.status_code == 200
        assert len(names_on(response)) == 3


def test_pins_its_query_count_however_many_participants(client, manager, world, django_assert_num_queries):
    # session, user, savepoint, programme with pillar, roadmap and forum, status counts,
    # the user's groups, paginator count, provinces for the filter, the page of rows (with
    # the reports-visible flag as a subquery), release savepoint. For a manager, "may
    # manage" is known empty without a query.
    client.force_login(manager)
    with django_assert_num_queries(10):
        response = client.get(world.permit.get_absolute_url())
    assert len(names_on(response)) == 3
    add_blkks(world, 8)
    with django_assert_num_queries(10):
        response = client.get(world.permit.get_absolute_url())
    assert len(names_on(response)) == 11


class TestOnwardLinks:
    def test_exports_carry_the_filters_on_screen(self, client, plain_user, world):
        client.force_login(plain_user)
        page = client.get(world.permit.get_absolute_url(), {"province": "32"}).content.decode()
        for fmt in ("csv", "xlsx"):
            assert f"/programmes/{world.permit.pk}/export.{fmt}?province=32" in page

    def test_links_to_the_participants_that_have_not_reported_this_period(self, client, plain_user, world):
        client.force_login(plain_user)
        page = client.get(world.permit.get_absolute_url()).content.decode()
        assert f"/dashboard/implementations/?programme={world.permit.pk}&amp;state=missing" in page
