"""Meetings: the meeting page, recording and editing a meeting, and the attendee picker."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from forum.models import Meeting
from forum.services import update_meeting
from tests.factories import BlkkFactory, BoardPositionFactory, ForumFactory, MeetingFactory, national_forum, regency


@pytest.fixture
def forum(db):
    return ForumFactory()


@pytest.fixture
def secretary(board_member, forum):
    """A board member of the Sulawesi Selatan forum, who records its meetings."""
    BoardPositionFactory(forum=forum, user=board_member)
    return board_member


@pytest.fixture
def members(forum):
    return [
        BlkkFactory(name="BLK-K PP Ittihadiyah Tanre Assona", regency=regency("73.15")),
        BlkkFactory(name="BLK-K PP Multidimensi Al-Fakhriyah", regency=regency("73.71")),
        BlkkFactory(name="BLK-K PP Al Mubarak DDI Tobarakka", regency=regency("73.13")),
    ]


@pytest.fixture
def outsider(db):
    """A BLK-K in Jawa Timur: not a member of the Sulawesi Selatan forum."""
    return BlkkFactory(name="BLK-K PP Tebuireng", regency=regency("35.17"))


def meeting_data(**overrides):
    data = {
        "kind": Meeting.Kind.RAKOR,
        "title": "Rakor Forum BLKK Sulawesi Selatan 2024",
        "starts_on": "2024-03-06",
        "ends_on": "2024-03-07",
        "venue": "Hotel Claro Makassar",
        "regency": "73.71",
        "attendees": [],
        "attendee_numbers": "",
        "minutes": "Dibuka oleh Kepala BBPVP Makassar.",
        "resolutions": "Menyusun program kerja 2024\nRakor berikutnya di Kab. Pinrang",
    }
    return {**data, **overrides}


def create_url(forum):
    return reverse("forum:meeting-create", args=[forum.pk])


# --- meeting page -------------------------------------------------------------------------


def test_the_meeting_page_shows_dates_place_attendees_minutes_and_resolutions(client, plain_user, forum, members):
    meeting = MeetingFactory(
        forum=forum,
        kind=Meeting.Kind.RAKORNAS,
        title="Rakornas FKN BLK-K",
        starts_on=datetime.date(2021, 12, 6),
        ends_on=datetime.date(2021, 12, 7),
        venue="Harris Hotel & Convention Bekasi",
        regency=regency("32.75"),
        minutes="Peta jalan diluncurkan.\n<b>Tanpa HTML</b>",
        resolutions="Peta jalan kemandirian\n\n  Program kerja 2022  ",
    )
    meeting.attendees.set(members[:2])
    client.force_login(plain_user)

    response = client.get(meeting.get_absolute_url())
    page = response.content.decode()

    assert "6–7 December 2021" in page
    assert "Harris Hotel &amp; Convention Bekasi" in page
    assert "Kota Bekasi" in page
    assert reverse("registry:province-detail", args=["32"]) in page
    assert "2 BLK-Ks attended" in page
    assert members[0].get_absolute_url() in page
    assert members[2].get_absolute_url() not in page
    assert "&lt;b&gt;Tanpa HTML&lt;/b&gt;" in page
    assert "<br>" in page
    assert "<li>Peta jalan kemandirian</li>" in page
    assert "<li>Program kerja 2022</li>" in page


@pytest.mark.parametrize("attendees", [2, 10])
def test_the_meeting_page_runs_a_fixed_number_of_queries(
    client, secretary, forum, django_assert_num_queries, attendees
):
    meeting = MeetingFactory(forum=forum, regency=regency("73.71"))
    meeting.attendees.set(BlkkFactory.create_batch(attendees))
    client.force_login(secretary)
    # 1 session, 2 user, 3 savepoint, 4 meeting with forum, regency, province and recorder,
    # 5 attendees with regency, 6 the user's groups (roles), 7 may the user manage the forum,
    # 8 release savepoint.
    with django_assert_num_queries(8):
        response = client.get(meeting.get_absolute_url())

    assert len(response.context["attendees"]) == attendees


# --- recording a meeting ------------------------------------------------------------------


def test_a_board_member_records_a_meeting_with_its_attendees(client, secretary, forum, members):
    client.force_login(secretary)

    response = client.post(create_url(forum), meeting_data(attendees=[members[0].pk, members[1].pk]), follow=True)

    meeting = Meeting.objects.get()
    assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
    assert "has been recorded" in response.content.decode()
    assert meeting.forum == forum
    assert meeting.recorded_by == secretary
    assert set(meeting.attendees.all()) == {members[0], members[1]}
    assert meeting.resolution_list() == ["Menyusun program kerja 2024", "Rakor berikutnya di Kab. Pinrang"]
    assert meeting.history.first().history_user == secretary


def test_attendees_may_be_added_by_registry_number_in_any_case_and_separator(client, secretary, forum, members):
    client.force_login(secretary)
    numbers = f"{members[1].registry_number.lower()}, {members[2].registry_number}\n{members[0].registry_number}"

    response = client.post(create_url(forum), meeting_data(attendees=[members[0].pk], attendee_numbers=numbers))

    assert response.status_code == 302
    assert set(Meeting.objects.get().attendees.all()) == set(members)


def test_a_meeting_cannot_end_before_it_starts(client, secretary, forum):
    client.force_login(secretary)

    response = client.post(create_url(forum), meeting_data(starts_on="2024-03-07", ends_on="2024-03-06"))

    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == ["The meeting cannot end before it starts."]
    assert response.context["form"]["title"].value() == "Rakor Forum BLKK Sulawesi Selatan 2024"
    assert not Meeting.objects.exists()


def test_a_blkk_from_another_province_cannot_attend(client, secretary, forum, members, outsider):
    client.force_login(secretary)

    response = client.post(create_url(forum), meeting_data(attendees=[members[0].pk, outsider.pk]))

    assert response.status_code == 200
    assert "not a member" in response.context["form"].errors["attendees"][0]
    assert not Meeting.objects.exists()
    # The member that was ticked stays ticked for the next try.
    assert response.context["picked"] == [members[0]]


@pytest.mark.parametrize("garbage", ["abc", "1; DROP TABLE", "", "99999999999999999999999", "-3", "1.5"])
def test_garbage_attendee_ids_give_a_form_error_not_a_crash(client, secretary, forum, members, garbage):
    client.force_login(secretary)

    response = client.post(create_url(forum), meeting_data(attendees=[members[0].pk, garbage]))

    assert response.status_code == 200
    assert response.context["form"].errors["attendees"]
    assert not Meeting.objects.exists()


def test_unknown_registry_numbers_are_listed_in_the_error(client, secretary, forum, members, outsider):
    client.force_login(secretary)
    numbers = f"{members[0].registry_number} BLKK-2099-73.71-9999 {outsider.registry_number} bukan-nomor"

    response = client.post(create_url(forum), meeting_data(attendee_numbers=numbers))

    error = response.context["form"].errors["attendee_numbers"][0]
    assert "BLKK-2099-73.71-9999" in error
    assert outsider.registry_number in error
    assert "BUKAN-NOMOR" in error
    assert members[0].registry_number not in error
    assert not Meeting.objects.exists()


def test_the_national_forum_accepts_blkks_from_every_province(client, admin_user, members, outsider):
    forum = national_forum()
    client.force_login(admin_user)

    response = client.post(create_url(forum), meeting_data(attendees=[members[0].pk, outsider.pk]))

    assert response.status_code == 302
    assert set(Meeting.objects.get().attendees.all()) == {members[0], outsider}


def test_required_fields_are_reported_beside_them(client, secretary, forum):
    client.force_login(secretary)

    response = client.post(create_url(forum), meeting_data(title="", starts_on="kemarin", kind="arisan"))

    errors = response.context["form"].errors
    assert set(errors) >= {"title", "starts_on", "kind"}
    assert not Meeting.objects.exists()


def test_an_unknown_regency_is_a_form_error(client, secretary, forum):
    client.force_login(secretary)

    response = client.post(create_url(forum), meeting_data(regency="99.99"))

    assert "regency" in response.context["form"].errors


# --- editing a meeting --------------------------------------------------------------------


def test_the_edit_form_shows_the_current_attendees_ticked(client, secretary, forum, members):
    meeting = MeetingFactory(forum=forum)
    meeting.attendees.set(members[:2])
    client.force_login(secretary)

    response = client.get(reverse("forum:meeting-edit", args=[meeting.pk]))
    page = response.content.decode()

    assert set(response.context["picked"]) == set(members[:2])
    assert response.context["candidates"] == [members[2]]
    assert f'value="{members[0].pk}" id="attendee-{members[0].pk}" checked' in page


def test_ids_past_a_thousand_are_written_without_a_thousands_separator(client, secretary, forum):
    # Indonesian formats 12345 as "12.345"; an id in a form value or a link must stay "12345".
    big = BlkkFactory(pk=12345, name="BLK-K PP Darul Ulum", regency=regency("73.71"))
    meeting = MeetingFactory(forum=forum)
    meeting.attendees.set([big])
    client.force_login(secretary)

    page = client.get(reverse("forum:meeting-edit", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="id").content.decode()

    assert 'value="12345" id="attendee-12345" checked' in page


def test_editing_a_meeting_replaces_its_attendance_and_keeps_history(client, secretary, forum, members):
    meeting = MeetingFactory(forum=forum, title="Rakor lama")
    meeting.attendees.set(members[:2])
    original_recorder = meeting.recorded_by
    client.force_login(secretary)

    response = client.post(
        reverse("forum:meeting-edit", args=[meeting.pk]),
        meeting_data(title="Rakor diperbarui", attendees=[members[2].pk], version=meeting.version),
    )

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.title == "Rakor diperbarui"
    assert list(meeting.attendees.all()) == [members[2]]
    assert meeting.recorded_by == original_recorder
    assert meeting.history.count() >= 2
    assert meeting.history.first().history_user == secretary


def test_an_attendee_that_has_since_left_the_province_is_kept_on_edit(client, secretary, forum, members, outsider):
    meeting = MeetingFactory(forum=forum)
    meeting.attendees.set([members[0], outsider])  # recorded while it was a member
    client.force_login(secretary)

    form_page = client.get(reverse("forum:meeting-edit", args=[meeting.pk]))
    response = client.post(
        reverse("forum:meeting-edit", args=[meeting.pk]),
        meeting_data(attendees=[members[0].pk, outsider.pk], version=meeting.version),
    )

    assert outsider in form_page.context["picked"]
    assert response.status_code == 302
    assert set(meeting.attendees.all()) == {members[0], outsider}


def test_an_invalid_edit_changes_nothing(client, secretary, forum, members):
    meeting = MeetingFactory(forum=forum, title="Rakor lama")
    client.force_login(secretary)

    client.post(
        reverse("forum:meeting-edit", args=[meeting.pk]),
        meeting_data(title="Rakor baru", starts_on="2024-05-02", ends_on="2024-05-01", version=meeting.version),
    )

    meeting.refresh_from_db()
    assert meeting.title == "Rakor lama"


def test_a_stale_edit_is_refused_and_keeps_the_newer_change(client, secretary, admin_user, forum):
    meeting = MeetingFactory(forum=forum, title="Rakor lama")
    opened = meeting.version
    meeting.title = "Rakor diubah orang lain"
    update_meeting(meeting, by=admin_user, expected_version=opened)
    client.force_login(secretary)

    response = client.post(
        reverse("forum:meeting-edit", args=[meeting.pk]), meeting_data(title="Rakor saya", version=opened)
    )

    meeting.refresh_from_db()
    assert response.status_code == 200
    assert "Someone saved this meeting after you opened it" in response.content.decode()
    assert meeting.title == "Rakor diubah orang lain"


@pytest.mark.parametrize("version", ["garbage", "", "0"])
def test_an_edit_without_a_valid_version_is_refused(client, secretary, forum, version):
    meeting = MeetingFactory(forum=forum, title="Rakor lama")
    client.force_login(secretary)

    response = client.post(reverse("forum:meeting-edit", args=[meeting.pk]), meeting_data(version=version))

    meeting.refresh_from_db()
    errors = response.context["form"].non_field_errors()
    assert errors == ["This form is out of date. Open the meeting again from its page."]
    assert meeting.title == "Rakor lama"


def test_the_edit_form_carries_the_version_it_was_opened_at(client, secretary, forum):
    meeting = MeetingFactory(forum=forum)
    client.force_login(secretary)

    page = client.get(reverse("forum:meeting-edit", args=[meeting.pk])).content.decode()

    assert f'name="version" value="{meeting.version}"' in page


# --- the attendee picker ------------------------------------------------------------------


def test_the_picker_finds_members_by_name_or_number_and_keeps_ticked_ones_on_top(client, secretary, forum, members):
    client.force_login(secretary)
    url = reverse("forum:member-search", args=[forum.pk])

    by_name = client.get(url, {"q": "mubarak", "attendees": [members[0].pk, "abc", ""]})
    by_number = client.get(url, {"q": members[1].registry_number[-4:]})

    assert by_name.context["picked"] == [members[0]]
    assert by_name.context["candidates"] == [members[2]]
    assert by_number.context["candidates"] == [members[1]]
    assert "<html" not in by_name.content.decode()


def test_the_picker_never_offers_blkks_outside_the_forum(client, secretary, forum, members, outsider):
    client.force_login(secretary)

    response = client.get(reverse("forum:member-search", args=[forum.pk]), {"q": "Tebuireng", "attendees": outsider.pk})

    assert response.context["picked"] == []
    assert response.context["candidates"] == []
    assert "No other member BLK-K matches" in response.content.decode()


def test_the_picker_shows_at_most_20_and_asks_to_narrow_the_search(client, admin_user):
    BlkkFactory.create_batch(21)
    client.force_login(admin_user)

    response = client.get(reverse("forum:member-search", args=[national_forum().pk]))

    assert len(response.context["candidates"]) == 20
    assert response.context["more_candidates"] is True


def test_without_javascript_the_search_reloads_the_form_with_matches(client, secretary, forum, members):
    client.force_login(secretary)

    response = client.get(create_url(forum), {"q": "Tanre"})

    assert response.context["candidates"] == [members[0]]


# --- date ranges --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "indonesian", "english"),
    [
        ((2021, 12, 6), (2021, 12, 6), "6 Desember 2021", "6 December 2021"),
        ((2021, 12, 6), (2021, 12, 7), "6–7 Desember 2021", "6–7 December 2021"),
        ((2021, 11, 30), (2021, 12, 2), "30 November – 2 Desember 2021", "30 November – 2 December 2021"),
        ((2021, 12, 30), (2022, 1, 2), "30 Desember 2021 – 2 Januari 2022", "30 December 2021 – 2 January 2022"),
    ],
)
def test_meeting_dates_read_as_a_range_in_the_users_language(start, end, indonesian, english):
    template = Template("{% load forum_format %}{{ start|date_range:end }}")
    context = Context({"start": datetime.date(*start), "end": datetime.date(*end)})

    with translation.override("id"):
        assert template.render(context) == indonesian
    with translation.override("en"):
        assert template.render(context) == english


# --- admin --------------------------------------------------------------------------------


def test_the_meeting_admin_refuses_attendees_outside_the_forum(client, admin_user, forum, members, outsider):
    client.force_login(admin_user)
    data = {**meeting_data(), "forum": forum.pk, "attendees": [members[0].pk, outsider.pk]}
    del data["attendee_numbers"]

    response = client.post(reverse("admin:forum_meeting_add"), data)

    assert response.status_code == 200
    assert "Not members of" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_meeting_admin_records_who_entered_the_meeting(client, admin_user, forum, members):
    client.force_login(admin_user)
    data = {**meeting_data(), "forum": forum.pk, "attendees": [members[0].pk]}
    del data["attendee_numbers"]

    response = client.post(reverse("admin:forum_meeting_add"), data)

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.recorded_by == admin_user
    # Through forum.services.record_meeting, as from the meeting form: one record, attendees in it.
    assert meeting.history.count() == 1
    assert [row.blkk for row in meeting.history.get().attendees.all()] == [members[0]]
    assert client.get(reverse("admin:forum_meeting_changelist"), {"q": "Rakor"}).status_code == 200
