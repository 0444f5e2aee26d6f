"""The forum list and the forum page: members, mentor decrees and their states, board, meetings."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import BoardPosition, Decree, Forum
from forum.querysets import MentorState
from tests.factories import (
    BlkkFactory,
    BoardPositionFactory,
    DecreeFactory,
    ForumFactory,
    MeetingFactory,
    centre,
    national_forum,
    province,
    regency,
)

# One fixed day, so decree periods and terms read the same whenever the tests run.
TODAY = datetime.date(2026, 3, 2)
LIST_URL = reverse("forum:forum-list")


@pytest.fixture(autouse=True)
def fixed_today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False)


def signed(**fields):
    """A decree recorded as signed; creating a signed row is allowed, changing one is not."""
    defaults = {
        "status": Decree.Status.SIGNED,
        "signed_sha256": "0" * 64,
        "signed_on": datetime.date(2025, 1, 2),
        "effective_from": datetime.date(2025, 1, 2),
        "effective_until": datetime.date(2027, 12, 31),
    }
    return DecreeFactory(**{**defaults, **fields})


def provincial_forums(codes):
    return [ForumFactory(province=province(code)) for code in codes]


@pytest.fixture
def forum(db):
    return ForumFactory()


# --- forum list ---------------------------------------------------------------------------


def test_the_list_shows_the_national_forum_first_then_provinces_by_code(client, plain_user):
    provincial_forums(["73", "11", "35"])
    national_forum()
    client.force_login(plain_user)

    forums = client.get(LIST_URL).context["forums"]

    assert [forum.province_id for forum in forums] == [None, "11", "35", "73"]


def test_national_membership_counts_every_blkk_and_a_province_only_its_own(client, plain_user):
    sulsel, jatim = provincial_forums(["73", "35"])
    national_forum()
    BlkkFactory.create_batch(3, regency=regency("73.71"))
    BlkkFactory(regency=regency("73.15"))
    BlkkFactory(regency=regency("35.78"))
    client.force_login(plain_user)

    counts = {forum.pk: forum.member_count for forum in client.get(LIST_URL).context["forums"]}

    assert counts == {national_forum().pk: 5, sulsel.pk: 4, jatim.pk: 1}


def test_a_forum_without_blkks_counts_zero_members(client, plain_user, forum):
    client.force_login(plain_user)

    assert client.get(LIST_URL).context["forums"][0].member_count == 0


def test_the_list_names_the_mentor_centre_and_decree_in_force(client, plain_user, forum):
    decree = signed(forum=forum, centre=centre(), number="2/3836/LP.03.02/XII/2022")
    client.force_login(plain_user)

    response = client.get(LIST_URL)
    page = response.content.decode()

    assert "BBPVP Makassar" in page
    assert reverse("registry:centre-detail", args=[centre().pk]) in page
    assert "2/3836/LP.03.02/XII/2022" in page
    assert reverse("forum:verify-decree", args=[decree.token]) in page
    assert response.context["forums"][0].mentor_state == MentorState.EFFECTIVE


@pytest.mark.parametrize(
    ("effective_until", "state"),
    [
        (TODAY + datetime.timedelta(days=59), MentorState.EXPIRING),
        (TODAY + datetime.timedelta(days=60), MentorState.EXPIRING),
        (TODAY + datetime.timedelta(days=61), MentorState.EFFECTIVE),
        (TODAY, MentorState.EXPIRING),
        (None, MentorState.EFFECTIVE),
    ],
)
def test_a_decree_ending_within_60_days_shows_as_expiring(client, plain_user, forum, effective_until, state):
    signed(forum=forum, effective_until=effective_until)
    client.force_login(plain_user)

    response = client.get(LIST_URL)

    assert response.context["forums"][0].mentor_state == state
    assert str(state.label) in response.content.decode()


def test_the_expiring_state_arrives_with_the_calendar(client, plain_user, forum, time_machine):
    signed(forum=forum, effective_until=datetime.date(2026, 6, 30))
    client.force_login(plain_user)
    assert client.get(LIST_URL).context["forums"][0].mentor_state == MentorState.EFFECTIVE

    time_machine.move_to(datetime.datetime(2026, 5, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    client.force_login(plain_user)  # sessions last hours, not months

    assert client.get(LIST_URL).context["forums"][0].mentor_state == MentorState.EXPIRING


@pytest.mark.parametrize(
    "fields",
    [
        {"effective_until": datetime.date(2026, 3, 1)},
        {"effective_from": datetime.date(2026, 4, 1), "effective_until": None},
        {
            "status": Decree.Status.REVOKED,
            "revoked_on": datetime.date(2026, 1, 5),
            "revocation_reason": "Balai dialihkan.",
        },
        {"status": Decree.Status.DRAFT, "signed_sha256": "", "signed_on": None},
        {"kind": Decree.Kind.BOARD, "centre": None},
    ],
    ids=["expired", "not-yet-in-force", "revoked", "draft", "board-decree"],
)
def test_a_forum_has_no_mentor_without_a_mentor_decree_in_force(client, plain_user, forum, fields):
    signed(forum=forum, **fields)
    client.force_login(plain_user)

    listed = client.get(LIST_URL).context["forums"][0]

    assert listed.mentor_state == MentorState.NONE
    assert listed.mentor_centre_id is None


def test_the_list_filters_by_state_and_searches_names(client, plain_user):
    sulsel, jatim, aceh = provincial_forums(["73", "35", "11"])
    signed(forum=sulsel, effective_until=TODAY + datetime.timedelta(days=10))
    signed(forum=jatim)
    client.force_login(plain_user)

    def listed(**params):
        return [forum.pk for forum in client.get(LIST_URL, params).context["forums"]]

    assert listed(state="expiring") == [sulsel.pk]
    assert listed(state="effective") == [jatim.pk]
    assert listed(state="none") == [aceh.pk]
    assert listed(q="jawa timur") == [jatim.pk]
    assert listed(q="jawa", state="none") == []


def test_an_unknown_state_filter_says_so_and_lists_everything(client, plain_user):
    provincial_forums(["73", "35"])
    client.force_login(plain_user)

    response = client.get(LIST_URL, {"state": "<script>", "q": "x" * 500})

    assert response.status_code == 200
    assert "Unknown mentor decree state" in response.content.decode()
    assert "&lt;script&gt;" not in response.content.decode()


def test_an_empty_result_explains_itself(client, plain_user):
    provincial_forums(["73"])
    client.force_login(plain_user)

    page = client.get(LIST_URL, {"q": "Atlantis"}).content.decode()

    assert "No forum matches these filters" in page


def build_forums(count):
    forums = provincial_forums(["11", "12", "13", "14", "15", "16", "17", "18", "19", "21"][:count])
    for forum in forums:
        signed(forum=forum, centre=centre())
        BlkkFactory(regency=forum.province.regencies.first())
    return forums


@pytest.mark.parametrize("count", [2, 10])
def test_the_forum_list_runs_a_fixed_number_of_queries(client, plain_user, django_assert_num_queries, count):
    build_forums(count)
    client.force_login(plain_user)
    # 1 session, 2 user, 3 savepoint (the request's transaction inside the test's),
    # 4 forums with province, member counts and mentor decree annotated by subqueries,
    # 5 the user's groups (roles, for the navbar), 6 release savepoint.
    with django_assert_num_queries(6):
        response = client.get(LIST_URL)

    assert len(response.context["forums"]) == count


# --- forum page ---------------------------------------------------------------------------


def test_the_forum_page_shows_the_mentor_with_its_decree_and_days_left(client, plain_user, forum):
    decree = signed(forum=forum, centre=centre(), effective_until=TODAY + datetime.timedelta(days=45))
    client.force_login(plain_user)

    response = client.get(forum.get_absolute_url())
    page = response.content.decode()

    assert response.context["mentor_decree"] == decree
    assert response.context["days_left"] == 45
    assert reverse("registry:centre-detail", args=[centre().pk]) in page
    assert reverse("forum:verify-decree", args=[decree.token]) in page
    assert "45 days left" in page
    assert "expiring within 60 days" in page


def test_the_forum_page_says_when_no_mentor_decree_is_in_force(client, plain_user, forum):
    client.force_login(plain_user)

    response = client.get(forum.get_absolute_url())

    assert response.context["mentor_decree"] is None
    assert "No mentor decree is in force" in response.content.decode()


def test_the_decree_chain_lists_signed_decrees_newest_first_with_their_status(client, plain_user, forum):
    old = signed(
        forum=forum,
        status=Decree.Status.SUPERSEDED,
        effective_from=datetime.date(2021, 12, 20),
        effective_until=datetime.date(2024, 12, 31),
    )
    revoked = signed(
        forum=forum,
        status=Decree.Status.REVOKED,
        effective_from=datetime.date(2023, 1, 1),
        revoked_on=datetime.date(2023, 6, 1),
        revocation_reason="Salah balai.",
    )
    lapsed = signed(
        forum=forum,
        kind=Decree.Kind.BOARD,
        centre=None,
        effective_from=datetime.date(2022, 1, 1),
        effective_until=datetime.date(2024, 1, 1),
    )
    current = signed(forum=forum, effective_from=datetime.date(2025, 1, 2))
    DecreeFactory(forum=forum, effective_from=datetime.date(2026, 2, 1))
    client.force_login(plain_user)

    chain = client.get(forum.get_absolute_url()).context["chain"]

    assert [(decree, str(status)) for decree, status in chain] == [
        (current, "in_force"),
        (revoked, "revoked"),
        (lapsed, "expired"),
        (old, "superseded"),
    ]


def test_the_board_lists_current_seats_by_rank_and_keeps_past_ones_apart(client, plain_user, forum):
    blkk = BlkkFactory()
    bendahara = BoardPositionFactory(forum=forum, role=BoardPosition.Role.BENDAHARA)
    ketua = BoardPositionFactory(forum=forum, role=BoardPosition.Role.KETUA, blkk=blkk)
    sekretaris = BoardPositionFactory(forum=forum, role=BoardPosition.Role.SEKRETARIS)
    former = BoardPositionFactory(
        forum=forum, term_start=datetime.date(2018, 1, 1), term_end=datetime.date(2021, 12, 6)
    )
    client.force_login(plain_user)

    response = client.get(forum.get_absolute_url())

    assert response.context["current_board"] == [ketua, sekretaris, bendahara]
    assert response.context["past_board"] == [former]
    assert blkk.get_absolute_url() in response.content.decode()


def test_the_members_section_shows_25_and_links_to_the_province_directory(client, plain_user, forum):
    BlkkFactory.create_batch(27)
    BlkkFactory(regency=regency("35.78"))
    client.force_login(plain_user)

    response = client.get(forum.get_absolute_url())

    assert len(response.context["members"]) == 25
    assert response.context["member_count"] == 27
    assert f"{reverse('registry:blkk-list')}?province=73" in response.content.decode()


def test_the_national_forum_counts_every_blkk_and_links_to_the_whole_directory(client, plain_user):
    BlkkFactory.create_batch(26)
    BlkkFactory(regency=regency("35.78"))
    forum = national_forum()
    client.force_login(plain_user)

    response = client.get(forum.get_absolute_url())
    page = response.content.decode()

    assert response.context["member_count"] == 27
    assert f'href="{reverse("registry:blkk-list")}"' in page
    assert "?province=" not in page


def test_meetings_are_listed_newest_first_with_attendance_and_pages(client, plain_user, forum):
    blkks = BlkkFactory.create_batch(3)
    for month in range(1, 13):
        meeting = MeetingFactory(
            forum=forum, starts_on=datetime.date(2024, month, 3), ends_on=datetime.date(2024, month, 4)
        )
        meeting.attendees.set(blkks[: month % 4])
    client.force_login(plain_user)

    first = client.get(forum.get_absolute_url()).context["meetings"]
    second = client.get(forum.get_absolute_url(), {"page": "2"}).context["meetings"]

    assert [m.starts_on.month for m in first] == [12, 11, 10, 9, 8, 7, 6, 5, 4, 3]
    assert [m.attendee_count for m in first][:4] == [0, 3, 2, 1]
    assert [m.starts_on.month for m in second] == [2, 1]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1e3"])
def test_a_garbage_meeting_page_number_still_shows_a_page(client, plain_user, forum, page):
    MeetingFactory(forum=forum)
    client.force_login(plain_user)

    assert client.get(forum.get_absolute_url(), {"page": page}).status_code == 200


def fill_forum(forum, rows):
    blkks = BlkkFactory.create_batch(rows)
    for index in range(rows):
        meeting = MeetingFactory(forum=forum)
        meeting.attendees.set(blkks)
        BoardPositionFactory(forum=forum, role=BoardPosition.Role.ANGGOTA, blkk=blkks[index], user=None)
        BoardPositionFactory(forum=forum, term_start=datetime.date(2015, 1, 1), term_end=datetime.date(2018, 1, 1))
        signed(
            forum=forum,
            status=Decree.Status.SUPERSEDED,
            effective_from=datetime.date(2019, 1, 1),
            effective_until=datetime.date(2020, 1, 1),
        )
    signed(forum=forum, centre=centre())


@pytest.mark.parametrize("rows", [2, 10])
def test_the_forum_page_runs_a_fixed_number_of_queries(client, board_member, forum, django_assert_num_queries, rows):
    fill_forum(forum, rows)
    BoardPositionFactory(forum=forum, user=board_member)
    client.force_login(board_member)
    # 1 session, 2 user, 3 savepoint, 4 forum with province, 5 non-draft decrees with centre,
    # 6 board seats with user and BLK-K, 7 first members with regency, 8 member count,
    # 9 meeting count (paginator), 10 the user's groups (roles), 11 may the user manage this
    # forum, 12 one page of meetings with attendance, 13 release savepoint.
    with django_assert_num_queries(13):
        response = client.get(forum.get_absolute_url())

    assert response.context["can_manage"] is True
    assert len(response.context["past_board"]) == rows


def test_the_forum_page_of_an_unknown_forum_answers_404(client, plain_user):
    client.force_login(plain_user)

    assert client.get(reverse("forum:forum-detail", args=[Forum.objects.count() + 99])).status_code == 404


def test_the_forum_page_shows_its_kind_and_province(client, plain_user, forum):
    client.force_login(plain_user)

    page = client.get(forum.get_absolute_url()).content.decode()

    assert forum.name in page
    assert reverse("registry:province-detail", args=["73"]) in page
    assert timezone.localdate() == TODAY


# --- admin --------------------------------------------------------------------------------


def test_the_forum_admin_lists_members_and_mentor_state_and_opens_with_its_board(client, admin_user, forum):
    signed(forum=forum, effective_until=TODAY + datetime.timedelta(days=20))
    BlkkFactory.create_batch(2)
    BoardPositionFactory(forum=forum, person_name="Ahmad Ketua")
    client.force_login(admin_user)

    changelist = client.get(reverse("admin:forum_forum_changelist"), {"q": "Sulawesi"})
    change = client.get(reverse("admin:forum_forum_change", args=[forum.pk]))

    assert changelist.status_code == 200
    assert "expiring within 60 days" in changelist.content.decode()
    assert change.status_code == 200
    assert "Ahmad Ketua" in change.content.decode()


def test_the_admin_is_closed_to_portal_users(client, board_member, forum):
    client.force_login(board_member)

    assert client.get(reverse("admin:forum_forum_changelist")).status_code == 302
