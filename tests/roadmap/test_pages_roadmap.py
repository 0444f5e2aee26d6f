"""The roadmap list and roadmap page, the programme form and the period lock."""

import datetime

import pytest
from django.urls import reverse

from roadmap.models import Implementation, Indicator, IndicatorTarget, Programme
from tests.factories import BlkkFactory, ProgrammeFactory, RoadmapFactory, regency

from .pages_world import days, programme, world_fixture

pytestmark = pytest.mark.django_db
world = pytest.fixture(world_fixture, name="world")
Status = Implementation.Status


def text_of(response):
    return response.content.decode()


class TestRoadmapList:
    def test_lists_each_roadmap_with_its_forum_status_and_programme_count(self, client, plain_user, world):
        client.force_login(plain_user)
        page = text_of(client.get(reverse("roadmap:roadmap-list")))
        assert world.roadmap.title in page
        assert world.sulsel_roadmap.title in page
        assert "2 roadmaps" in page or "2 peta jalan" in page

    def test_says_what_to_do_when_there_is_no_roadmap(self, client, plain_user):
        client.force_login(plain_user)
        page = text_of(client.get(reverse("roadmap:roadmap-list")))
        assert "No roadmap has been recorded yet" in page or "Belum ada peta jalan" in page


class TestRoadmapPage:
    def test_shows_pillars_with_their_weights(self, client, plain_user, world):
        client.force_login(plain_user)
        page = text_of(client.get(world.roadmap.get_absolute_url()))
        assert "Kelembagaan dan legalitas" in page
        assert "2 of 3" in page or "2 dari 3" in page

    def test_shows_indicators_with_baseline_targets_and_achievements(self, client, plain_user, world):
        indicator = Indicator.objects.create(pillar=world.pillars[0], code="I1.1", name="BLK-K berizin", unit="%")
        IndicatorTarget.objects.create(indicator=indicator, year=2023, target=40, achieved=35)
        IndicatorTarget.objects.create(indicator=indicator, year=2024, target=60)
        client.force_login(plain_user)
        response = client.get(world.roadmap.get_absolute_url())
        row = response.context["pillars"][0].indicators.all()[0]
        by_year = dict(zip(response.context["years"], row.cells, strict=True))
        assert by_year[2023].achieved == 35 and by_year[2024].target == 60 and by_year[2022] is None
        assert "BLK-K berizin" in text_of(response)

    def test_counts_programme_statuses_and_links_each_count_to_its_rows(self, client, plain_user, world):
        client.force_login(plain_user)
        response = client.get(world.roadmap.get_absolute_url())
        permit = response.context["pillars"][0].programmes.all()[0]
        # Three BLK-Ks reported "in progress"; none reported on the second programme.
        assert permit.status_counts == [(Status.IN_PROGRESS, 3)]
        assert f"{world.permit.get_absolute_url()}?status=in_progress" in text_of(response)

    def test_highlights_the_current_period(self, client, plain_user, world):
        client.force_login(plain_user)
        response = client.get(world.roadmap.get_absolute_url())
        assert response.context["current_period"] == world.period
        assert 'aria-current="true"' in text_of(response)

    def test_offers_management_only_to_those_who_manage(self, client, board_member, world):
        client.force_login(board_member)
        national = text_of(client.get(world.roadmap.get_absolute_url()))
        own_forum = text_of(client.get(world.sulsel_roadmap.get_absolute_url()))
        create_url = reverse("roadmap:programme-create", args=[world.sulsel_roadmap.pk])
        assert create_url in own_forum
        assert reverse("roadmap:programme-create", args=[world.roadmap.pk]) not in national

    def test_an_unknown_roadmap_answers_404(self, client, plain_user):
        client.force_login(plain_user)
        assert client.get("/roadmaps/999999/").status_code == 404
        assert client.get("/roadmaps/abc/").status_code == 404

    def test_pins_its_query_count_however_many_programmes(self, client, plain_user, world, django_assert_num_queries):
        # session, user, savepoint, roadmap, pillars, indicators, targets, programmes,
        # status counts, periods, current period, the user's groups, outstanding rollup
        # refreshes, release savepoint. (For a user without roles, "may manage" is known
        # empty without a query.)
        indicator = Indicator.objects.create(pillar=world.pillars[0], code="I1.1", name="BLK-K berizin", unit="%")
        IndicatorTarget.objects.create(indicator=indicator, year=2023, target=40)
        client.force_login(plain_user)
        with django_assert_num_queries(14):
            client.get(world.roadmap.get_absolute_url())
        for number in range(8):
            programme(world.pillars[number % 2], f"P9.{number}", f"Program tambahan {number}")
        with django_assert_num_queries(14):
            client.get(world.roadmap.get_absolute_url())


class TestProgrammeForm:
    def form_data(self, world, **changes):
        data = {
            "pillar": world.sulsel_pillar.pk,
            "code": "K1.01",
            "title": "Kemitraan dengan industri",
            "description": "Setiap BLK-K menjalin paling sedikit satu kemitraan.",
            "starts_on": "2024-01-01",
            "ends_on": days(300).isoformat(),
            "participation": Programme.Participation.ALL_MEMBERS,
            "participant_numbers": "",
        }
        return {**data, **changes}

    def test_the_board_adds_a_programme_and_every_member_takes_part(self, client, board_member, world, own_blkk):
        client.force_login(board_member)
        url = reverse("roadmap:programme-create", args=[world.sulsel_roadmap.pk])
        response = client.post(url, self.form_data(world))
        created = Programme.objects.get(code="K1.01")
        assert response.status_code == 302 and response.url == created.get_absolute_url()
        # Members of the Sulawesi Selatan forum only: not the BLK-K in Bandung.
        assert set(created.implementations.values_list("blkk__regency__province_id", flat=True)) == {"73"}
        assert created.implementations.count() == 2

    def test_a_chosen_set_is_typed_as_registry_numbers(self, client, mentor, world, own_blkk):
        client.force_login(mentor)
        url = reverse("roadmap:programme-create", args=[world.sulsel_roadmap.pk])
        data = self.form_data(world, participation="chosen", participant_numbers=f"  {own_blkk.registry_number}\n")
        assert client.post(url, data).status_code == 302
        created = Programme.objects.get(code="K1.01")
        assert list(created.participants.all()) == [own_blkk]
        assert list(created.implementations.values_list("blkk", flat=True)) == [own_blkk.pk]

    def test_refuses_registry_numbers_outside_the_forum(self, client, mentor, world):
        client.force_login(mentor)
        url = reverse("roadmap:programme-create", args=[world.sulsel_roadmap.pk])
        numbers = f"{world.far_blkk.registry_number}, BLKK-2099-00.00-0000"
        response = client.post(url, self.form_data(world, participation="chosen", participant_numbers=numbers))
        assert response.status_code == 200
        errors = response.context["form"].errors["participant_numbers"][0]
        assert world.far_blkk.registry_number in errors and "BLKK-2099-00.00-0000" in errors
        assert not Programme.objects.filter(code="K1.01").exists()

    def test_a_chosen_set_needs_at_least_one_blkk(self, client, mentor, world):
        client.force_login(mentor)
        url = reverse("roadmap:programme-create", args=[world.sulsel_roadmap.pk])
        response = client.post(url, self.form_data(world, participation="chosen"))
        assert "participant_numbers" in response.context["form"].errors

    def test_dates_stay_within_the_roadmap_years_and_in_order(self, client, mentor, world):
        client.force_login(mentor)
        url = reverse("roadmap:programme-create", args=[world.sulsel_roadmap.pk])
        response = client.post(url, self.form_data(world, starts_on="2019-01-01"))
        assert "starts_on" in response.context["form"].errors
        response = client.post(url, self.form_data(world, starts_on="2025-06-01", ends_on="2025-01-01"))
        assert response.context["form"].errors
        assert not Programme.objects.filter(code="K1.01").exists()

    def test_a_code_already_used_in_the_pillar_gets_the_constraints_message(self, client, admin_user, world):
        client.force_login(admin_user)
        url = reverse("roadmap:programme-create", args=[world.roadmap.pk])
        data = self.form_data(world, pillar=world.pillars[0].pk, code="P1.01")
        response = client.post(url, data)
        assert response.status_code == 200
        assert "already has a programme with that code" in str(response.context["form"].errors)

    def test_garbage_input_gives_form_errors_not_a_500(self, client, mentor, world):
        client.force_login(mentor)
        url = reverse("roadmap:programme-create", args=[world.sulsel_roadmap.pk])
        garbage = {"pillar": "abc", "starts_on": "kemarin", "ends_on": "", "participation": "x", "code": ""}
        response = client.post(url, garbage)
        assert response.status_code == 200
        assert {"pillar", "starts_on", "participation", "code"} <= set(response.context["form"].errors)

    def test_a_pillar_of_another_roadmap_is_refused(self, client, mentor, world):
        client.force_login(mentor)
        url = reverse("roadmap:programme-create", args=[world.sulsel_roadmap.pk])
        response = client.post(url, self.form_data(world, pillar=world.pillars[0].pk))
        assert "pillar" in response.context["form"].errors

    def test_editing_to_a_chosen_set_keeps_existing_rows_and_adds_new_participants(self, client, admin_user, world):
        newcomer = BlkkFactory(name="BLK-K PP Baru", regency=regency("73.15"))
        client.force_login(admin_user)
        url = reverse("roadmap:programme-edit", args=[world.certify.pk])
        form = client.get(url).context["form"]
        assert form.initial["participant_numbers"] == ""
        data = {
            "pillar": world.pillars[1].pk,
            "code": "P2.01",
            "title": "Sertifikasi instruktur BNSP",
            "starts_on": "2022-01-01",
            "ends_on": days(300).isoformat(),
            "participation": "chosen",
            "participant_numbers": newcomer.registry_number,
        }
        assert client.post(url, data).status_code == 302
        world.certify.refresh_from_db()
        assert world.certify.title == "Sertifikasi instruktur BNSP"
        assert world.certify.implementations.filter(blkk=newcomer).exists()


class TestPeriodLock:
    def test_locking_and_unlocking_a_period(self, client, board_member, world):
        client.force_login(board_member)
        url = reverse("roadmap:period-lock", args=[world.sulsel_period.pk])
        response = client.post(url, {"action": "lock"}, follow=True)
        world.sulsel_period.refresh_from_db()
        assert world.sulsel_period.locked
        assert "takes no more reports" in text_of(response) or "tidak menerima" in text_of(response)
        client.post(url, {"action": "unlock"})
        world.sulsel_period.refresh_from_db()
        assert not world.sulsel_period.locked

    def test_an_unknown_action_changes_nothing_and_says_so(self, client, board_member, world):
        client.force_login(board_member)
        url = reverse("roadmap:period-lock", args=[world.sulsel_period.pk])
        response = client.post(url, {"action": "hapus"}, follow=True)
        world.sulsel_period.refresh_from_db()
        assert not world.sulsel_period.locked
        assert response.status_code == 200
        assert [m.level_tag for m in response.context["messages"]] == ["error"]

    def test_the_lock_takes_post_only(self, client, board_member, world):
        client.force_login(board_member)
        assert client.get(reverse("roadmap:period-lock", args=[world.sulsel_period.pk])).status_code == 405


def test_a_roadmap_without_pillars_or_periods_explains_what_is_missing(client, plain_user):
    roadmap = RoadmapFactory(title="Peta jalan kosong")
    client.force_login(plain_user)
    page = text_of(client.get(roadmap.get_absolute_url()))
    assert "no pillars yet" in page or "belum memiliki pilar" in page
    assert "No reporting periods" in page or "periode pelaporan" in page


def test_programmes_of_other_factories_default_dates_render(client, plain_user, world):
    ProgrammeFactory(pillar=world.pillars[0], starts_on=datetime.date(2022, 1, 1))
    client.force_login(plain_user)
    assert client.get(world.roadmap.get_absolute_url()).status_code == 200
