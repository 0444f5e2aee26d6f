"""Change reasons are stored as codes and read in the reader's language, not the actor's."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from blkk_portal import reasons
from forum.services import record_meeting
from roadmap.services import lock_period, record_classification
from tests.factories import BlkkFactory, ForumFactory, MeetingFactory
from tests.roadmap.pages_world import world_fixture

AUDIT = reverse("audit:log")

world = pytest.fixture(world_fixture, name="world")


def reader(user, language):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def audit_reasons(client, kind):
    response = client.get(AUDIT, {"kind": kind})
    assert response.status_code == 200
    return [entry.reason for entry in response.context["entries"]]


class TestStoredForm:
    def test_a_reason_is_stored_as_its_code_and_parameters(self):
        assert reasons.encode("period.locked") == "#period.locked"
        assert (
            reasons.encode("implementation.reported", period="2027 Q1")
            == '#implementation.reported {"period":"2027 Q1"}'
        )
        assert reasons.decode('#implementation.reported {"period":"2027 Q1"}') == (
            "implementation.reported",
            {"period": "2027 Q1"},
        )

    def test_a_long_parameter_is_shortened_to_fit_what_history_keeps(self):
        stored = reasons.encode("import", file="laporan-" + "x" * 200 + ".xlsx", id=12345)

        assert len(stored) <= reasons.REASON_LENGTH
        code, params = reasons.decode(stored)
        assert code == "import" and params["id"] == 12345 and params["file"].endswith("…")

    @pytest.mark.parametrize("character", ['"', "\n", "\\"])
    def test_a_note_of_characters_json_escapes_keeps_as_much_as_fits(self, character):
        stored = reasons.encode("blkk.classified", date="2027-01-10", reason=character * 300)

        assert reasons.REASON_LENGTH - 2 <= len(stored) <= reasons.REASON_LENGTH
        _code, params = reasons.decode(stored)
        assert params["reason"].startswith(character * 20) and params["reason"].endswith("…")

    def test_a_code_that_is_not_in_the_list_cannot_be_written(self):
        with pytest.raises(ValueError, match="Unknown reason code"):
            reasons.encode("decree.lost")

    @pytest.mark.parametrize(
        "stored",
        [
            "Nomor kantor baru",  # typed by a person
            "Locked: the period takes no more reports.",  # an old sentence nobody converted
            "#1 priority for the province",  # a person's text that starts like a code
            "#decree.lost",  # a code this version does not know
            '#implementation.reported {"period":',  # cut short
            "#implementation.reported [1, 2]",  # parameters that are no mapping
            "#implementation.reported",  # a sentence without the parameter it needs
            "",
            None,
        ],
    )
    def test_text_that_is_no_known_code_reads_as_it_was_stored(self, stored):
        assert reasons.render(stored) == (stored or "")

    def test_each_code_reads_in_english_and_in_indonesian(self):
        samples = {
            "import": {"file": "a.xlsx", "id": 3},
            "meeting.recorded": {"count": 2},
            "blkk.mentor_set": {"number": "KEP.1/2022"},
            "blkk.mentor_ended": {"number": "KEP.1/2022"},
            "blkk.classified": {"date": "2027-01-10", "reason": "Monev"},
            "implementation.reported": {"period": "2027 Q1"},
            "implementation.approved": {"period": "2027 Q1"},
        }
        for code in reasons.REASONS:
            stored = reasons.encode(code, **samples.get(code, {}))
            with translation.override("en"):
                english = reasons.render(stored)
            with translation.override("id"):
                indonesian = reasons.render(stored)
            assert english and not english.startswith("#"), code
            assert indonesian != english, f"{code} has no Indonesian translation"

    def test_a_date_parameter_follows_the_readers_date_format(self):
        stored = reasons.encode("blkk.classified", date=datetime.date(2027, 1, 10), reason="Hasil monev.")

        with translation.override("en"):
            assert reasons.render(stored) == "Classification of 10 January 2027: Hasil monev."
        with translation.override("id"):
            assert reasons.render(stored) == "Klasifikasi tanggal 10 Januari 2027: Hasil monev."


class TestReadInTheReadersLanguage:
    def test_a_period_locked_in_english_reads_in_indonesian(self, ministry, board_member, world):
        with translation.override("en"):
            lock_period(world.sulsel_period, by=board_member)

        assert audit_reasons(reader(ministry, "id"), "period")[0] == "Dikunci: periode tidak menerima laporan lagi."
        assert audit_reasons(reader(ministry, "en"), "period")[0] == "Locked: the period takes no more reports."

    def test_a_meeting_recorded_in_indonesian_reads_in_english(self, ministry, admin_user):
        attendees = [BlkkFactory(), BlkkFactory()]
        with translation.override("id"):
            record_meeting(MeetingFactory.build(forum=ForumFactory()), by=admin_user, attendees=attendees)

        assert audit_reasons(reader(ministry, "en"), "meeting") == ["Recorded with 2 attending BLK-Ks"]
        assert audit_reasons(reader(ministry, "id"), "meeting") == ["Dicatat dengan 2 BLK-K yang hadir"]

    def test_a_classification_by_an_english_reader_reads_in_indonesian_on_the_blkk_page(
        self, ministry, manager, own_blkk
    ):
        with translation.override("en"):
            record_classification(
                own_blkk,
                user=ministry,
                level="berkembang",
                assessed_on=datetime.date(2024, 1, 10),
                evidence="Visitasi.",
                note="Mitra industri baru.",
            )

        page = reader(manager, "id").get(own_blkk.get_absolute_url()).content.decode()

        assert "Klasifikasi tanggal 10 Januari 2024: Mitra industri baru." in page
        assert "Classification of" not in page

    def test_django_admin_history_reads_in_the_admins_language(self, admin_user):
        with translation.override("id"):
            meeting = record_meeting(
                MeetingFactory.build(forum=ForumFactory()), by=admin_user, attendees=[BlkkFactory()]
            )
        url = reverse("admin:forum_meeting_history", args=[meeting.pk])

        english = reader(admin_user, "en").get(url)
        indonesian = reader(admin_user, "id").get(url)

        assert english.status_code == indonesian.status_code == 200
        assert "Recorded with 1 attending BLK-K" in english.content.decode()
        assert "Dicatat dengan 1 BLK-K yang hadir" in indonesian.content.decode()
        assert "#meeting.recorded" not in english.content.decode()
