"""A decree's life: drafted, signed, superseded by the next one, revoked, or expired by its dates."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from forum.models import Decree
from forum.services import DecreeError, revoke_decree, sign_decree
from registry.models import Blkk, Mentorship, Province
from tests.factories import BlkkFactory, DecreeFactory, ForumFactory, centre, national_forum, province, regency

from .decree_support import PDF_BYTES, PNG_BYTES, english, forum, signed_decree, temp_media, upload

pytestmark = pytest.mark.usefixtures("temp_media", "english")
assert temp_media and english and forum  # imported for pytest to find the fixtures

DEC_20 = datetime.date(2021, 12, 20)


@pytest.fixture(autouse=True)
def fixed_today(time_machine):
    time_machine.move_to(datetime.datetime(2022, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def annex(db):
    return [
        BlkkFactory(name="BLK-K PP Ittihadiyah Tanre Assona", regency=regency("73.15")),
        BlkkFactory(name="BLK-K PP Multidimensi Al-Fakhriyah", regency=regency("73.71")),
        BlkkFactory(name="BLK-K PP Al Mubarak DDI Tobarakka", regency=regency("73.13")),
    ]


def test_signing_a_draft_records_the_file_its_hash_the_date_and_who(forum, admin_user):
    draft = DecreeFactory(forum=forum)

    decree = sign_decree(draft, upload(), user=admin_user, signed_on=DEC_20, accept_unsigned=True)

    decree.refresh_from_db()
    assert decree.status == Decree.Status.SIGNED
    assert decree.signed_sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert decree.signed_on == DEC_20
    assert decree.signed_recorded_by == admin_user
    assert decree.signed_recorded_at is not None
    with decree.signed_file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert decree.token not in decree.signed_file.name.split("/")[0]


def test_the_signing_date_defaults_to_today(forum, admin_user):
    decree = sign_decree(DecreeFactory(forum=forum), upload(), user=admin_user, accept_unsigned=True)

    assert decree.signed_on == timezone.localdate()


def test_signing_a_mentor_decree_starts_mentorships_for_the_province_and_each_annexed_blkk(forum, annex, admin_user):
    draft = DecreeFactory(forum=forum, effective_from=datetime.date(2022, 1, 1), effective_until=None)
    draft.annex_blkks.set(annex)

    sign_decree(draft, upload(), user=admin_user, signed_on=DEC_20, accept_unsigned=True)

    rows = Mentorship.objects.filter(source=draft)
    assert rows.filter(province_id="73", blkk=None).count() == 1
    assert set(rows.exclude(blkk=None).values_list("blkk_id", flat=True)) == {b.pk for b in annex}
    assert {(r.centre, r.starts_on, r.ends_on, r.ended_on) for r in rows} == {
        (centre(), datetime.date(2022, 1, 1), None, None)
    }


def test_signing_gives_the_annexed_blkks_their_mentor_centre_with_history_naming_the_decree(forum, annex, admin_user):
    draft = DecreeFactory(forum=forum)
    draft.annex_blkks.set(annex)

    sign_decree(draft, upload(), user=admin_user, signed_on=DEC_20, accept_unsigned=True)

    blkk = Blkk.objects.get(pk=annex[0].pk)
    assert blkk.mentor_centre == centre()
    assert blkk.version == annex[0].version + 1
    latest = blkk.history.first()
    assert draft.number in latest.history_change_reason
    assert latest.history_user == admin_user
    assert blkk.history.count() == 2


def test_the_national_forums_mentor_gets_every_province_and_its_annex(annex, admin_user):
    # The national forum's members are every BLK-K, so its mentor reaches every province.
    draft = DecreeFactory(forum=national_forum())
    draft.annex_blkks.set(annex[:1])

    sign_decree(draft, upload(), user=admin_user, signed_on=DEC_20, accept_unsigned=True)

    rows = set(Mentorship.objects.values_list("province_id", "blkk_id"))
    assert rows == {(None, annex[0].pk)} | {(code, None) for code in Province.objects.values_list("code", flat=True)}
    assert len(rows) == 1 + 38


def test_a_new_mentor_decree_supersedes_the_old_one_and_ends_its_mentorships_on_signing(forum, annex, admin_user):
    old = DecreeFactory(forum=forum)
    old.annex_blkks.set(annex[:2])
    old = sign_decree(old, upload(), user=admin_user, signed_on=DEC_20, accept_unsigned=True)
    new = DecreeFactory(forum=forum, supersedes=old, centre=centre("BBPVP Semarang"))
    new.annex_blkks.set(annex[1:])

    new = sign_decree(new, upload(), user=admin_user, signed_on=datetime.date(2022, 2, 15), accept_unsigned=True)

    old.refresh_from_db()
    assert old.status == Decree.Status.SUPERSEDED
    assert old.public_status() == Decree.PublicStatus.SUPERSEDED
    assert old.superseded_by == new
    assert set(Mentorship.objects.filter(source=old).values_list("ended_on", flat=True)) == {datetime.date(2022, 2, 15)}
    assert Mentorship.objects.filter(source=new, ended_on=None).count() == 3
    mentor_centres = dict(Blkk.objects.values_list("name", "mentor_centre__name"))
    assert mentor_centres == {
        annex[0].name: None,
        annex[1].name: "BBPVP Semarang",
        annex[2].name: "BBPVP Semarang",
    }


def test_a_mentor_decree_that_ignores_the_one_on_record_is_refused_with_its_number(forum, admin_user):
    first = signed_decree(admin_user, forum=forum)
    second = DecreeFactory(forum=forum)

    with pytest.raises(DecreeError, match=f"Meanwhile decree {first.number} was signed"):
        sign_decree(second, upload(), user=admin_user, accept_unsigned=True)

    second.refresh_from_db()
    assert second.status == Decree.Status.DRAFT
    assert not second.signed_file


def test_a_draft_superseding_a_decree_no_longer_on_record_is_refused(forum, admin_user):
    first = signed_decree(admin_user, forum=forum)
    draft = DecreeFactory(forum=forum, supersedes=first)
    revoke_decree(first, user=admin_user, reason="Keliru")

    with pytest.raises(DecreeError, match="no longer in force"):
        sign_decree(draft, upload(), user=admin_user, accept_unsigned=True)


def test_signing_twice_is_refused(forum, admin_user):
    decree = signed_decree(admin_user, forum=forum)

    with pytest.raises(DecreeError, match="already signed"):
        sign_decree(decree, upload(), user=admin_user, accept_unsigned=True)


def test_a_signing_date_in_the_future_is_refused(forum, admin_user):
    with pytest.raises(DecreeError, match="future"):
        sign_decree(
            DecreeFactory(forum=forum),
            upload(),
            user=admin_user,
            signed_on=datetime.date(2022, 3, 2),
            accept_unsigned=True,
        )


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_stored(forum, admin_user, temp_media):
    draft = DecreeFactory(forum=forum)

    with pytest.raises(DecreeError, match="not a PDF"):
        sign_decree(draft, upload(PNG_BYTES), user=admin_user, accept_unsigned=True)

    draft.refresh_from_db()
    assert draft.status == Decree.Status.DRAFT
    assert not temp_media.exists() or not any(temp_media.rglob("*.pdf"))


def test_revoking_records_the_reason_and_number_and_ends_the_mentorships(forum, annex, admin_user):
    draft = DecreeFactory(forum=forum)
    draft.annex_blkks.set(annex)
    decree = sign_decree(draft, upload(), user=admin_user, signed_on=DEC_20, accept_unsigned=True)

    revoke_decree(
        decree,
        user=admin_user,
        reason="Balai dialihkan",
        revoking_number="2/1111/LP.03.02/II/2022",
        revoked_on=datetime.date(2022, 2, 28),
    )

    decree.refresh_from_db()
    assert decree.status == Decree.Status.REVOKED
    assert decree.public_status() == Decree.PublicStatus.REVOKED
    assert (decree.revoked_on, decree.revocation_reason, decree.revoking_number, decree.revoked_by) == (
        datetime.date(2022, 2, 28),
        "Balai dialihkan",
        "2/1111/LP.03.02/II/2022",
        admin_user,
    )
    assert set(Mentorship.objects.values_list("ended_on", flat=True)) == {datetime.date(2022, 2, 28)}
    assert not Blkk.objects.filter(mentor_centre__isnull=False).exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_revocation_needs_a_reason(forum, admin_user, reason):
    decree = signed_decree(admin_user, forum=forum)

    with pytest.raises(DecreeError, match="reason"):
        revoke_decree(decree, user=admin_user, reason=reason)


def test_only_a_signed_decree_can_be_revoked(forum, admin_user):
    with pytest.raises(DecreeError, match="Only a signed decree"):
        revoke_decree(DecreeFactory(forum=forum), user=admin_user, reason="Keliru")


def test_a_revocation_cannot_be_dated_in_the_future_or_before_the_signing(forum, admin_user):
    decree = signed_decree(admin_user, forum=forum)

    with pytest.raises(DecreeError, match="future"):
        revoke_decree(decree, user=admin_user, reason="Keliru", revoked_on=datetime.date(2022, 3, 2))
    with pytest.raises(DecreeError, match="before the day it was signed"):
        revoke_decree(decree, user=admin_user, reason="Keliru", revoked_on=datetime.date(2021, 12, 1))


@pytest.mark.parametrize(
    ("day", "standing"),
    [
        (datetime.date(2021, 12, 31), Decree.PublicStatus.NOT_YET),
        (datetime.date(2022, 1, 1), Decree.PublicStatus.IN_FORCE),
        (datetime.date(2022, 12, 31), Decree.PublicStatus.IN_FORCE),
        (datetime.date(2023, 1, 1), Decree.PublicStatus.EXPIRED),
    ],
)
def test_a_signed_decree_is_in_force_within_its_dates_and_expired_after_them(forum, admin_user, day, standing):
    decree = signed_decree(
        admin_user, forum=forum, effective_from=datetime.date(2022, 1, 1), effective_until=datetime.date(2022, 12, 31)
    )

    assert decree.public_status(on=day) == standing
    assert list(Decree.objects.public_status_is(standing.value, on=day)) == [decree]
    assert Decree.objects.in_force(on=day).exists() == (standing == Decree.PublicStatus.IN_FORCE)


def test_a_draft_is_only_ever_a_draft(forum):
    draft = DecreeFactory(forum=forum)

    assert draft.public_status() == Decree.PublicStatus.DRAFT
    assert list(Decree.objects.public_status_is("draft")) == [draft]
    assert not Decree.objects.public().exists()


def test_a_board_decree_signs_and_revokes_without_mentorships_or_the_one_mentor_rule(forum, admin_user):
    mentor_decree = signed_decree(admin_user, forum=forum)
    board = DecreeFactory(forum=forum, kind=Decree.Kind.BOARD, centre=None)

    board = sign_decree(board, upload(), user=admin_user, accept_unsigned=True)
    revoke_decree(board, user=admin_user, reason="Pengurus diganti")

    board.refresh_from_db()
    assert board.status == Decree.Status.REVOKED
    assert not Mentorship.objects.filter(source=board).exists()
    mentor_decree.refresh_from_db()
    assert mentor_decree.status == Decree.Status.SIGNED


def test_the_database_constraint_is_the_last_line_when_the_lock_is_bypassed(forum, admin_user, monkeypatch):
    signed_decree(admin_user, forum=forum)
    second = DecreeFactory(forum=forum)
    # Pretend the check under the lock saw nothing, as a second process without the lock would.
    monkeypatch.setattr("forum.services._check_supersedes", lambda decree, forum: None)

    with pytest.raises(DecreeError, match="Meanwhile decree"):
        sign_decree(second, upload(), user=admin_user, accept_unsigned=True)

    assert Decree.objects.filter(status=Decree.Status.SIGNED).count() == 1


def test_the_draft_form_names_the_decree_on_record_that_must_be_superseded(forum, admin_user):
    first = signed_decree(admin_user, forum=forum)
    draft = DecreeFactory.build(forum=forum)

    with pytest.raises(ValidationError, match=first.number) as caught:
        draft.full_clean()

    assert "supersedes" in caught.value.message_dict


def test_a_decree_cannot_supersede_one_of_another_forum(admin_user):
    other = signed_decree(admin_user, forum=ForumFactory(province=province("11")))
    draft = DecreeFactory.build(forum=ForumFactory(), supersedes=other)

    with pytest.raises(ValidationError, match="same kind for the same forum"):
        draft.full_clean()
