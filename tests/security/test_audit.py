"""The audit log: who, when, what and why of every change, readable by ministry staff and admins."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum.models import BoardPosition, Decree, Meeting
from forum.services import DecreeError, record_meeting, revoke_decree
from roadmap.services import review_report
from tests.factories import BlkkFactory, BoardPositionFactory, ForumFactory, MeetingFactory
from tests.forum.decree_support import signed_decree
from tests.roadmap.pages_world import world_fixture

AUDIT = reverse("audit:log")
ROLES = ["ministry", "mentor", "board_member", "manager", "admin_user", "plain_user"]

world = pytest.fixture(world_fixture, name="world")


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def entries_of(client, **query):
    response = client.get(AUDIT, query)
    assert response.status_code == 200
    return response.context["entries"]


def only(entries, kind, subject=None):
    found = [e for e in entries if e.kind == kind and (subject is None or subject in e.subject)]
    assert found, f"no {kind} entry for {subject!r}"
    return found[0]


class TestWhatIsRecorded:
    def test_a_blkk_profile_edit_keeps_who_when_what_and_why(self, client, manager, own_blkk, ministry):
        client.force_login(manager)
        before = timezone.now()
        data = {"phone": "0411 999999", "email": "", "address": "", "version": own_blkk.version}
        data["change_reason"] = "Nomor kantor baru"
        response = client.post(reverse("registry:blkk-edit", args=[own_blkk.pk]), data)
        assert response.status_code == 302

        client.force_login(ministry)
        entry = only(entries_of(client, kind="blkk"), "blkk", own_blkk.name)

        assert entry.who == manager.display_name
        assert entry.at >= before
        assert entry.action == "changed"
        assert [(c.label, c.old, c.new) for c in entry.changes] == [("contact phone", "0411 123456", "0411 999999")]
        assert entry.reason == "Nomor kantor baru"

    def test_a_decree_revocation_keeps_its_reason(self, client, admin_user, ministry, forum_and_decree):
        decree = forum_and_decree
        revoke_decree(
            decree, user=admin_user, reason="Balai pembina berganti nama.", revoked_on=datetime.date(2022, 3, 1)
        )

        client.force_login(ministry)
        entries = entries_of(client, kind="decree")

        revocation = entries[0]
        assert revocation.subject == decree.number
        assert revocation.who == admin_user.display_name
        assert "Balai pembina berganti nama." in revocation.reason
        assert ("status", "signed", "revoked") in [(c.label, c.old, c.new) for c in revocation.changes]
        assert entries[1].reason == "signed PDF recorded"

    def test_a_decree_cannot_be_revoked_without_a_reason(self, admin_user, forum_and_decree):
        with pytest.raises(DecreeError, match="reason"):
            revoke_decree(forum_and_decree, user=admin_user, reason="   ")

        forum_and_decree.refresh_from_db()
        assert forum_and_decree.status == Decree.Status.SIGNED

    def test_a_classification_keeps_its_reason_and_the_level_change_names_it(self, client, ministry, own_blkk, world):
        client.force_login(ministry)
        form = {"level": "mandiri", "assessed_on": timezone.localdate().isoformat(), "evidence": "Unit produksi."}
        url = reverse("roadmap:classification-create", args=[own_blkk.pk])
        assert client.post(url, form).status_code == 200  # no reason: refused beside the field
        client.post(url, {**form, "note": "Unit produksi menutup biaya operasional."})

        entries = entries_of(client)
        classification = only(entries, "classification", own_blkk.name)
        assert classification.who == ministry.display_name
        assert classification.reason == "Unit produksi menutup biaya operasional."
        level_change = only(entries, "blkk", own_blkk.name)
        assert "Unit produksi menutup biaya operasional." in level_change.reason
        assert ("independence level", "not yet classified", "mandiri (independent)") in [
            (c.label, c.old, c.new) for c in level_change.changes
        ]

    def test_reports_and_their_reviews_are_listed_with_the_review_note(
        self, client, ministry, mentor, manager, own_blkk, world
    ):
        review_report(world.own_report, user=mentor, approve=False, note="Lampirkan surat izin.")

        client.force_login(ministry)
        entries = entries_of(client)

        review = only(entries, "review", own_blkk.name)
        assert review.who == mentor.display_name
        assert review.action == "returned"
        assert review.reason == "Lampirkan surat izin."
        submitted = only(entries, "report", own_blkk.name)
        assert (submitted.who, submitted.action) == (manager.display_name, "submitted")

    def test_recording_a_meeting_is_one_entry_with_its_attendees(self, client, ministry, board_member):
        forum = ForumFactory()
        BoardPositionFactory(forum=forum, user=board_member)
        members = [BlkkFactory(name="BLK-K PP Anak"), BlkkFactory(name="BLK-K PP Bunga")]
        client.force_login(board_member)
        data = {
            "kind": Meeting.Kind.RAKOR,
            "title": "Rakor BLK-K Sulsel 2024",
            "starts_on": "2024-03-06",
            "ends_on": "2024-03-06",
            "regency": "73.71",
            "attendees": [blkk.pk for blkk in members],
        }
        assert client.post(reverse("forum:meeting-create", args=[forum.pk]), data).status_code == 302

        client.force_login(ministry)
        [entry] = entries_of(client, kind="meeting")

        assert (entry.who, entry.action, entry.subject) == (board_member.display_name, "created", data["title"])
        attendance = [(c.label, c.new) for c in entry.changes]
        assert attendance == [("attending BLK-Ks", "added: BLK-K PP Anak, BLK-K PP Bunga")]
        assert entry.reason == "Recorded with 2 attending BLK-Ks"

    def test_editing_a_meeting_is_one_entry_naming_what_changed_in_the_attendance(
        self, client, ministry, admin_user, board_member
    ):
        forum = ForumFactory()
        BoardPositionFactory(forum=forum, user=board_member)
        stays, leaves, joins = (BlkkFactory(name=f"BLK-K PP {name}") for name in ("Tetap", "Pergi", "Datang"))
        meeting = record_meeting(
            MeetingFactory.build(forum=forum, title="Rakor lama"), by=admin_user, attendees=[stays, leaves]
        )
        client.force_login(board_member)
        data = {
            "kind": meeting.kind,
            "title": "Rakor baru",
            "starts_on": meeting.starts_on.isoformat(),
            "ends_on": meeting.ends_on.isoformat(),
            "attendees": [stays.pk, joins.pk],
            "version": meeting.version,
        }
        assert client.post(reverse("forum:meeting-edit", args=[meeting.pk]), data).status_code == 302

        client.force_login(ministry)
        edit, created = entries_of(client, kind="meeting")

        assert (edit.who, edit.action, created.who) == (board_member.display_name, "changed", admin_user.display_name)
        assert [(c.label, c.old, c.new) for c in edit.changes] == [
            ("title", "Rakor lama", "Rakor baru"),
            ("attending BLK-Ks", None, "added: BLK-K PP Datang; removed: BLK-K PP Pergi"),
        ]

    def test_ending_a_board_term_names_who_and_why(self, client, ministry, admin_user):
        forum = ForumFactory()
        seat = BoardPositionFactory(forum=forum, person_name="Budi Bendahara", role=BoardPosition.Role.BENDAHARA)
        client.force_login(admin_user)
        assert client.post(reverse("forum:board-end", args=[seat.pk])).status_code == 302

        client.force_login(ministry)
        entry = entries_of(client, kind="board")[0]

        assert (entry.who, entry.action) == (admin_user.display_name, "changed")
        assert [(c.label, c.old, c.new) for c in entry.changes] == [("term ends", "—", timezone.localdate())]
        assert entry.reason == "Term ended"

    def test_locking_a_period_names_who_and_why(self, client, ministry, board_member, world):
        client.force_login(board_member)
        client.post(reverse("roadmap:period-lock", args=[world.sulsel_period.pk]), {"action": "lock"})

        client.force_login(ministry)
        entry = entries_of(client, kind="period")[0]

        assert (entry.who, entry.action) == (board_member.display_name, "changed")
        assert [(c.label, c.old, c.new) for c in entry.changes] == [("locked", "no", "yes")]
        assert entry.reason == "Locked: the period takes no more reports."
        assert entry.url == reverse("roadmap:roadmap-detail", args=[world.sulsel_roadmap.pk]) + "#periods"

    def test_a_deleted_record_keeps_its_history_for_good(self, client, ministry, admin_user):
        meeting = MeetingFactory(title="Rakor BLK-K Sulsel 2022")
        meeting.delete()

        client.force_login(ministry)
        entries = entries_of(client, kind="meeting")

        assert [e.action for e in entries] == ["deleted", "created"]
        assert entries[0].url is None
        assert not Meeting.objects.exists()


@pytest.fixture
def forum_and_decree(admin_user, temp_media):
    return signed_decree(admin_user)


@pytest.fixture
def temp_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


class TestAccess:
    def test_anonymous_visitors_are_sent_to_sign_in(self, client, db):
        response = client.get(AUDIT)

        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))

    @pytest.mark.parametrize(
        "role,status",
        [
            ("ministry", 200),
            ("admin_user", 200),
            ("mentor", 403),
            ("board_member", 403),
            ("manager", 403),
            ("plain_user", 403),
        ],
    )
    def test_only_ministry_staff_and_admins_read_it(self, client, request, db, role, status):
        # `db` named: see the note in test_two_factor.py on getfixturevalue and test order.
        client.force_login(request.getfixturevalue(role))

        assert client.get(AUDIT).status_code == status


class TestFilters:
    def test_filters_by_kind_person_and_date(self, client, ministry, manager, world):
        client.force_login(ministry)
        today = timezone.localdate()

        assert {e.kind for e in entries_of(client, kind="report")} == {"report"}
        assert {e.who for e in entries_of(client, user=manager.username)} == {manager.display_name}
        assert entries_of(client, since=(today + datetime.timedelta(days=1)).isoformat()) == []
        assert entries_of(client, until=(today - datetime.timedelta(days=1)).isoformat()) == []
        assert len(entries_of(client, since=today.isoformat(), until=today.isoformat())) > 0

    @pytest.mark.parametrize(
        "query",
        [
            {"kind": "passwords"},
            {"since": "kemarin"},
            {"until": "2024-13-45"},
            {"since": "2025-02-01", "until": "2025-01-01"},
            {"user": "x" * 500},
            {"page": "abc"},
            {"page": "99999"},
            {"kind": "\x00"},
        ],
    )
    def test_garbage_filters_give_a_page_with_a_message(self, client, ministry, query):
        client.force_login(ministry)

        response = client.get(AUDIT, query)

        assert response.status_code == 200
        assert response.context["form"].errors or "page" in query


def add_old_blkk_edits(time_machine, count):
    """`count` BLK-Ks registered and edited in 2022, older than everything else on the page."""
    now = timezone.now()
    time_machine.move_to(datetime.datetime(2022, 1, 3, 9, tzinfo=datetime.UTC), tick=False)
    for _ in range(count):
        blkk = BlkkFactory()
        blkk.phone, blkk._change_reason = "0411 000000", "uji"
        blkk.save()
    time_machine.move_to(now, tick=True)


def test_the_query_count_does_not_grow_with_the_records(
    client, ministry, mentor, world, time_machine, django_assert_num_queries
):
    review_report(world.own_report, user=mentor, approve=True)
    client.force_login(ministry)
    # session; user; savepoint; the user's groups (may they read it?); the count; the page's
    # keys (one UNION over every source); then for each kind on the page one query for its
    # rows (roadmap, programme, decree, board seat, report, review, reporting period), plus
    # one for the rows they are compared with where there are any (BLK-K, implementation),
    # plus one per tracked many-to-many field (vocational fields, participants, annex);
    # release savepoint.
    expected = 6 + 7 + 2 * 2 + 3 + 1
    add_old_blkk_edits(time_machine, 2)
    with django_assert_num_queries(expected):
        client.get(AUDIT)

    add_old_blkk_edits(time_machine, 8)
    with django_assert_num_queries(expected):
        response = client.get(AUDIT)
    # The old edits are on this page too: twenty rows more, and no query more.
    assert len(response.context["entries"]) > 20 + 16
