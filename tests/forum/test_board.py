"""Board positions: adding, editing and ending a seat on a forum's board."""

import datetime

import pytest
from django.urls import reverse

from forum.models import BoardPosition, Forum
from tests.factories import BlkkFactory, BoardPositionFactory, ForumFactory, UserFactory, regency

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def fixed_today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def forum(db):
    return ForumFactory()


@pytest.fixture
def chair(board_member, forum):
    """The forum's ketua, who keeps its board up to date."""
    return BoardPositionFactory(forum=forum, user=board_member, person_name="Ahmad Ketua")


@pytest.fixture
def member_blkk(forum):
    return BlkkFactory(name="BLK-K PP Ittihadiyah Tanre Assona", regency=regency("73.15"))


def seat_data(**overrides):
    data = {
        "role": BoardPosition.Role.SEKRETARIS,
        "title": "",
        "person_name": "Siti Rahmawati",
        "user": "",
        "blkk": "",
        "term_start": "2024-01-15",
        "term_end": "2028-01-14",
    }
    return {**data, **overrides}


def create_url(forum):
    return reverse("forum:board-create", args=[forum.pk])


def test_a_board_member_adds_a_seat_linked_to_a_user_and_a_member_blkk(client, chair, forum, member_blkk):
    secretary = UserFactory(username="siti")
    client.force_login(chair.user)

    response = client.post(
        create_url(forum), seat_data(user=" siti ", blkk=member_blkk.registry_number.lower()), follow=True
    )

    seat = BoardPosition.objects.get(person_name="Siti Rahmawati")
    assert response.redirect_chain[-1][0] == forum.get_absolute_url()
    assert "has been added to the board" in response.content.decode()
    assert (seat.forum, seat.user, seat.blkk) == (forum, secretary, member_blkk)
    assert seat.history.count() == 1


def test_a_seat_without_user_or_blkk_is_fine(client, admin_user, forum):
    client.force_login(admin_user)

    response = client.post(create_url(forum), seat_data(role=BoardPosition.Role.KOORDINATOR, term_end=""))

    seat = BoardPosition.objects.get()
    assert response.status_code == 302
    assert seat.user is None and seat.blkk is None and seat.term_end is None


def test_an_unknown_username_is_reported_beside_the_field(client, chair, forum):
    client.force_login(chair.user)

    response = client.post(create_url(forum), seat_data(user="tidak-ada"))

    assert response.context["form"].errors["user"] == ["No active portal user has this username."]
    assert BoardPosition.objects.count() == 1


def test_a_blkk_outside_the_forum_cannot_be_linked(client, chair, forum):
    outsider = BlkkFactory(regency=regency("35.17"))
    client.force_login(chair.user)

    for number in [outsider.registry_number, "BLKK-2099-73.71-9999", "'; DROP TABLE registry_blkk; --"]:
        response = client.post(create_url(forum), seat_data(blkk=number))
        assert response.context["form"].errors["blkk"] == ["No member BLK-K of this forum has this registry number."]
    assert BoardPosition.objects.count() == 1


def test_a_term_cannot_end_before_it_starts(client, chair, forum):
    client.force_login(chair.user)

    response = client.post(create_url(forum), seat_data(term_start="2024-01-15", term_end="2023-12-31"))

    assert response.context["form"].errors["term_end"] == ["A term cannot end before it starts."]
    assert response.context["form"]["person_name"].value() == "Siti Rahmawati"


@pytest.mark.parametrize(
    "overrides",
    [{"role": "raja"}, {"term_start": "besok"}, {"person_name": ""}, {"term_end": "2024-02-30"}],
)
def test_garbage_input_gives_form_errors(client, chair, forum, overrides):
    client.force_login(chair.user)

    response = client.post(create_url(forum), seat_data(**overrides))

    assert response.status_code == 200
    assert set(response.context["form"].errors) == set(overrides)


def test_the_edit_form_shows_the_username_and_registry_number(client, chair, forum, member_blkk):
    chair.blkk = member_blkk
    chair.save()
    client.force_login(chair.user)

    page = client.get(reverse("forum:board-edit", args=[chair.pk])).content.decode()

    assert f'value="{chair.user.username}"' in page
    assert f'value="{member_blkk.registry_number}"' in page


def test_editing_a_seat_saves_and_keeps_history(client, chair, forum):
    client.force_login(chair.user)

    response = client.post(
        reverse("forum:board-edit", args=[chair.pk]),
        seat_data(
            role=BoardPosition.Role.KETUA,
            person_name="Ahmad Ketua, S.Pd.",
            user=chair.user.username,
            term_start="2021-12-07",
            term_end="",
        ),
    )

    chair.refresh_from_db()
    assert response.status_code == 302
    assert chair.person_name == "Ahmad Ketua, S.Pd."
    assert chair.history.count() == 2
    assert chair.history.first().history_user == chair.user


def test_ending_a_term_closes_it_today_and_moves_it_to_past_positions(client, admin_user, forum):
    seat = BoardPositionFactory(forum=forum, person_name="Budi Bendahara", role=BoardPosition.Role.BENDAHARA)
    client.force_login(admin_user)

    response = client.post(reverse("forum:board-end", args=[seat.pk]), follow=True)

    seat.refresh_from_db()
    assert seat.term_end == TODAY
    assert "ends today" in response.content.decode()
    assert seat in response.context["current_board"]  # a term ending today still counts today


def test_a_term_that_has_not_started_cannot_be_ended(client, admin_user, forum):
    seat = BoardPositionFactory(forum=forum, term_start=TODAY + datetime.timedelta(days=10))
    client.force_login(admin_user)

    response = client.post(reverse("forum:board-end", args=[seat.pk]), follow=True)

    seat.refresh_from_db()
    assert seat.term_end is None
    assert "Only a current term can be ended" in response.content.decode()


def test_a_board_member_who_ends_their_own_term_loses_recording_rights_after_today(client, chair, forum, time_machine):
    client.force_login(chair.user)
    client.post(reverse("forum:board-end", args=[chair.pk]))
    assert Forum.objects.manageable_by(chair.user).filter(pk=forum.pk).exists()

    time_machine.move_to(datetime.datetime(2026, 3, 3, 9, 0, tzinfo=datetime.UTC), tick=False)

    assert not Forum.objects.manageable_by(chair.user).filter(pk=forum.pk).exists()


def test_linking_a_board_user_gives_them_the_forum_to_manage(client, admin_user, board_member, forum):
    client.force_login(admin_user)

    client.post(create_url(forum), seat_data(user=board_member.username, term_start="2026-01-01", term_end=""))

    client.force_login(board_member)
    assert client.get(reverse("forum:meeting-create", args=[forum.pk])).status_code == 200


def test_board_seats_rank_ketua_first_then_by_role(forum):
    for role in reversed(BoardPosition.Role):
        BoardPositionFactory(forum=forum, role=role)

    ranked = [seat.role for seat in BoardPosition.objects.filter(forum=forum).by_rank()]

    assert ranked == list(BoardPosition.Role)
