"""Who may browse forums and meetings, and who may record meetings and board seats.

Browsing is open to every signed-in user. Recording is for the forum's current board
(members holding the board role), the staff of the centre a mentor decree in force appoints,
and admins; everyone else who can see the forum gets 403, anonymous visitors the login page.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import BoardPosition, Decree, Meeting
from tests.factories import (
    BlkkFactory,
    BoardPositionFactory,
    DecreeFactory,
    ForumFactory,
    MeetingFactory,
    UserFactory,
    centre,
    province,
)

LOGIN_URL = reverse("accounts:login")


def signed(**fields):
    """A mentor decree recorded as signed; creating a signed row is allowed, changing one is not."""
    today = timezone.localdate()
    defaults = {
        "status": Decree.Status.SIGNED,
        "signed_sha256": "0" * 64,
        "signed_on": today - datetime.timedelta(days=30),
        "effective_from": today - datetime.timedelta(days=30),
        "effective_until": None,
    }
    return DecreeFactory(**{**defaults, **fields})


@pytest.fixture
def forum(db):
    return ForumFactory()


@pytest.fixture
def other_forum(db):
    return ForumFactory(province=province("35"))


@pytest.fixture
def meeting(forum):
    return MeetingFactory(forum=forum)


@pytest.fixture
def seat(forum):
    return BoardPositionFactory(forum=forum, term_start=datetime.date(2021, 12, 7))


@pytest.fixture
def mentor_in_scope(mentor, forum):
    signed(forum=forum, centre=centre())
    return mentor


@pytest.fixture
def mentor_out_of_scope(mentor, other_forum):
    signed(forum=other_forum, centre=centre())
    return mentor


@pytest.fixture
def board_of_forum(board_member, forum):
    BoardPositionFactory(forum=forum, user=board_member)
    return board_member


@pytest.fixture
def board_of_other_forum(board_member, other_forum):
    BoardPositionFactory(forum=other_forum, user=board_member)
    return board_member


MAY_MANAGE = ["admin_user", "mentor_in_scope", "board_of_forum"]
MAY_NOT_MANAGE = ["ministry", "manager", "plain_user", "mentor_out_of_scope", "board_of_other_forum"]


def browse_urls(forum, meeting):
    return [reverse("forum:forum-list"), forum.get_absolute_url(), meeting.get_absolute_url()]


def write_urls(forum, meeting, seat):
    """Pages that show a form (GET) to those who may record for the forum."""
    return [
        reverse("forum:meeting-create", args=[forum.pk]),
        reverse("forum:meeting-edit", args=[meeting.pk]),
        reverse("forum:board-create", args=[forum.pk]),
        reverse("forum:board-edit", args=[seat.pk]),
        reverse("forum:member-search", args=[forum.pk]),
    ]


def post_urls(forum, meeting, seat):
    return [
        reverse("forum:meeting-create", args=[forum.pk]),
        reverse("forum:meeting-edit", args=[meeting.pk]),
        reverse("forum:board-create", args=[forum.pk]),
        reverse("forum:board-edit", args=[seat.pk]),
        reverse("forum:board-end", args=[seat.pk]),
    ]


def test_anonymous_visitors_are_sent_to_login_from_every_forum_page(client, forum, meeting, seat):
    for url in browse_urls(forum, meeting) + write_urls(forum, meeting, seat):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(f"{LOGIN_URL}?next="), url


def test_anonymous_posts_are_sent_to_login_and_change_nothing(client, forum, meeting, seat):
    for url in post_urls(forum, meeting, seat):
        response = client.post(url, {"title": "Rakor palsu"})
        assert response.status_code == 302, url
        assert response.url.startswith(LOGIN_URL), url
    assert Meeting.objects.count() == 1
    assert BoardPosition.objects.get().term_end is None


@pytest.mark.parametrize("person", MAY_MANAGE + MAY_NOT_MANAGE)
def test_every_signed_in_user_browses_forums_and_meetings(client, request, person, forum, meeting):
    client.force_login(request.getfixturevalue(person))

    for url in browse_urls(forum, meeting):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("person", MAY_MANAGE)
def test_the_forums_board_its_mentor_centre_and_admins_open_the_recording_forms(
    client, request, person, forum, meeting, seat
):
    client.force_login(request.getfixturevalue(person))

    for url in write_urls(forum, meeting, seat):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("person", MAY_NOT_MANAGE)
def test_everyone_else_gets_403_on_the_recording_forms(client, request, person, forum, meeting, seat):
    client.force_login(request.getfixturevalue(person))

    for url in write_urls(forum, meeting, seat):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("person", MAY_NOT_MANAGE)
def test_everyone_else_gets_403_on_posts_and_nothing_changes(client, request, person, forum, meeting, seat):
    client.force_login(request.getfixturevalue(person))

    for url in post_urls(forum, meeting, seat):
        assert client.post(url, {"title": "Rakor palsu"}).status_code == 403, url
    assert Meeting.objects.count() == 1
    assert BoardPosition.objects.filter(forum=forum).count() == 1
    assert BoardPosition.objects.get(pk=seat.pk).term_end is None


@pytest.mark.parametrize("person", MAY_MANAGE)
def test_action_buttons_show_only_to_those_who_may_record(client, request, person, forum, meeting):
    client.force_login(request.getfixturevalue(person))

    page = client.get(forum.get_absolute_url()).content.decode()
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()

    assert reverse("forum:meeting-create", args=[forum.pk]) in page
    assert reverse("forum:board-create", args=[forum.pk]) in page
    assert reverse("forum:meeting-edit", args=[meeting.pk]) in meeting_page


@pytest.mark.parametrize("person", MAY_NOT_MANAGE)
def test_action_buttons_are_hidden_from_everyone_else(client, request, person, forum, meeting, seat):
    client.force_login(request.getfixturevalue(person))

    page = client.get(forum.get_absolute_url()).content.decode()
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()

    assert reverse("forum:meeting-create", args=[forum.pk]) not in page
    assert reverse("forum:board-create", args=[forum.pk]) not in page
    assert reverse("forum:board-edit", args=[seat.pk]) not in page
    assert reverse("forum:meeting-edit", args=[meeting.pk]) not in meeting_page


def test_a_mentor_loses_the_forum_when_its_decree_expires(client, mentor, forum):
    today = timezone.localdate()
    signed(
        forum=forum,
        effective_from=today - datetime.timedelta(days=400),
        effective_until=today - datetime.timedelta(days=1),
    )
    client.force_login(mentor)

    assert client.get(reverse("forum:meeting-create", args=[forum.pk])).status_code == 403


def test_a_mentor_gains_the_forum_only_once_its_decree_takes_effect(client, mentor, forum):
    signed(forum=forum, effective_from=timezone.localdate() + datetime.timedelta(days=5))
    client.force_login(mentor)

    assert client.get(reverse("forum:meeting-create", args=[forum.pk])).status_code == 403


def test_a_board_member_whose_term_ended_may_no_longer_record(client, board_member, forum):
    BoardPositionFactory(
        forum=forum, user=board_member, term_start=datetime.date(2019, 1, 1), term_end=datetime.date(2021, 1, 1)
    )
    client.force_login(board_member)

    assert client.get(reverse("forum:meeting-create", args=[forum.pk])).status_code == 403


def test_a_seat_without_the_board_role_gives_no_recording_rights(client, forum):
    user = UserFactory(username="tanpa-peran-pengurus")
    BoardPositionFactory(forum=forum, user=user)
    client.force_login(user)

    assert client.get(reverse("forum:meeting-create", args=[forum.pk])).status_code == 403


def test_a_board_member_may_not_edit_another_forums_meeting_or_seat(client, board_of_forum, other_forum):
    foreign_meeting = MeetingFactory(forum=other_forum)
    foreign_seat = BoardPositionFactory(forum=other_forum)
    client.force_login(board_of_forum)

    assert client.get(reverse("forum:meeting-edit", args=[foreign_meeting.pk])).status_code == 403
    assert client.get(reverse("forum:board-edit", args=[foreign_seat.pk])).status_code == 403
    assert client.post(reverse("forum:board-end", args=[foreign_seat.pk])).status_code == 403


@pytest.mark.parametrize(
    "name",
    ["forum:forum-detail", "forum:meeting-detail", "forum:meeting-create", "forum:meeting-edit", "forum:board-edit"],
)
def test_unknown_ids_answer_404(client, admin_user, name):
    client.force_login(admin_user)

    assert client.get(reverse(name, args=[987654])).status_code == 404


@pytest.mark.parametrize("path", ["/forums/abc/", "/meetings/1x/", "/board/-1/edit/", "/forums/9e9/meetings/new/"])
def test_non_numeric_ids_answer_404(client, admin_user, path):
    client.force_login(admin_user)

    assert client.get(path).status_code == 404


def test_ending_a_term_only_accepts_post(client, admin_user, seat):
    client.force_login(admin_user)

    assert client.get(reverse("forum:board-end", args=[seat.pk])).status_code == 405


def test_the_member_search_needs_the_right_to_record(client, plain_user, forum):
    BlkkFactory()
    client.force_login(plain_user)

    assert client.get(reverse("forum:member-search", args=[forum.pk]), {"q": "Contoh"}).status_code == 403
