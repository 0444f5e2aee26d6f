"""A signed decree and its annex are fixed in PostgreSQL itself, and the annex stays in the forum's province.

The triggers of migration forum 0004 refuse raw SQL that the model's guards never see;
the workflow's own steps (signing, superseding, revoking) still pass. The model
validation that the admin uses (`Decree.validate_annex`) runs on every database.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from forum.models import Decree
from forum.services import revoke_decree, sign_decree
from registry.models import Blkk
from tests.factories import BlkkFactory, DecreeFactory, ForumFactory, national_forum, province, regency

from .decree_support import forum, temp_media, upload

assert temp_media and forum  # imported for pytest to find the fixtures
TABLE = Decree._meta.db_table
ANNEX = Decree.annex_blkks.through._meta.db_table
postgres_only = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"),
]


def execute(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def refused(trigger, sql, params):
    with pytest.raises(IntegrityError, match=trigger), transaction.atomic():
        execute(sql, params)


@pytest.fixture
def local_blkk(db):
    return BlkkFactory(regency=regency("73.71"))


def signed_with_annex(user, blkks, *, signed_on=datetime.date(2021, 12, 20), **fields):
    draft = DecreeFactory(**fields)
    draft.annex_blkks.set(blkks)
    return sign_decree(draft, upload(), user=user, signed_on=signed_on, accept_unsigned=True)


@pytest.fixture
def signed(temp_media, forum, admin_user, local_blkk):
    return signed_with_annex(admin_user, [local_blkk], forum=forum)


@pytest.fixture
def draft(forum):
    return DecreeFactory(forum=forum)


@pytest.mark.django_db
class TestValidateAnnex:
    def test_blkks_of_the_forums_province_pass(self, forum, local_blkk):
        Decree.validate_annex(forum=forum, kind=Decree.Kind.MENTOR, blkks=Blkk.objects.all())

    def test_a_blkk_of_another_province_is_named(self, forum, local_blkk):
        BlkkFactory(name="BLK-K PP Persis Bandung", regency=regency("32.73"))

        with pytest.raises(ValidationError) as error:
            Decree.validate_annex(forum=forum, kind=Decree.Kind.MENTOR, blkks=Blkk.objects.all())

        assert error.value.message_dict == {
            "annex_blkks": ["Not in Sulawesi Selatan, the forum's province: BLK-K PP Persis Bandung."]
        }

    def test_the_national_forum_annexes_any_blkk(self):
        BlkkFactory(regency=regency("32.73"))

        Decree.validate_annex(forum=national_forum(), kind=Decree.Kind.MENTOR, blkks=Blkk.objects.all())

    def test_a_board_appointment_has_no_annex(self, forum, local_blkk):
        with pytest.raises(ValidationError, match="no annex"):
            Decree.validate_annex(forum=forum, kind=Decree.Kind.BOARD, blkks=Blkk.objects.all())

    def test_an_empty_annex_always_passes(self, forum):
        Decree.validate_annex(forum=forum, kind=Decree.Kind.BOARD, blkks=Blkk.objects.none())


@pytest.mark.django_db
class TestSignedDecree:
    pytestmark = postgres_only

    @pytest.mark.parametrize(
        ("column", "value"),
        [
            ("subject", "Diubah diam-diam"),
            ("number", "2/9999/LP.03.02/XII/2021"),
            ("clauses", "KESATU: lain."),
            ("effective_until", datetime.date(2030, 12, 31)),
            ("signed_sha256", "f" * 64),
            ("signatory_name", "Orang Lain"),
            ("token", "ditebak"),
        ],
    )
    def test_a_raw_update_of_its_content_fails(self, signed, column, value):
        refused(
            "forum_decree_signed_is_fixed",
            f"UPDATE {TABLE} SET {column} = %s WHERE id = %s",  # noqa: S608
            [value, signed.pk],
        )

        signed.refresh_from_db()
        assert signed.subject == "Penunjukan Pembina Forum Koordinasi BLK Komunitas"

    def test_a_raw_delete_fails(self, signed):
        refused("forum_decree_signed_is_fixed", f"DELETE FROM {TABLE} WHERE id = %s", [signed.pk])  # noqa: S608

    def test_it_never_goes_back_to_draft(self, signed):
        refused(
            "forum_decree_signed_is_fixed",
            f"UPDATE {TABLE} SET status = %s WHERE id = %s",  # noqa: S608
            [Decree.Status.DRAFT, signed.pk],
        )

    def test_a_revocation_is_recorded_only_by_revoking(self, signed):
        refused(
            "forum_decree_signed_is_fixed",
            f"UPDATE {TABLE} SET revocation_reason = %s WHERE id = %s",  # noqa: S608
            ["Diam-diam.", signed.pk],
        )

    def test_the_workflow_revokes_and_then_the_record_is_fixed(self, signed, admin_user):
        revoked = revoke_decree(signed, user=admin_user, reason="Balai dilebur.", revoked_on=datetime.date(2022, 1, 5))

        assert revoked.status == Decree.Status.REVOKED
        for column, value in [("status", Decree.Status.SIGNED), ("revocation_reason", "Lain."), ("subject", "X")]:
            refused(
                "forum_decree_signed_is_fixed",
                f"UPDATE {TABLE} SET {column} = %s WHERE id = %s",  # noqa: S608
                [value, signed.pk],
            )

    def test_the_workflow_supersedes(self, signed, admin_user, forum, local_blkk):
        successor = signed_with_annex(
            admin_user, [local_blkk], forum=forum, supersedes=signed, signed_on=datetime.date(2022, 2, 1)
        )

        signed.refresh_from_db()
        assert (signed.status, successor.status) == (Decree.Status.SUPERSEDED, Decree.Status.SIGNED)
        refused(
            "forum_decree_signed_is_fixed",
            f"UPDATE {TABLE} SET status = %s WHERE id = %s",  # noqa: S608
            [Decree.Status.REVOKED, signed.pk],
        )

    def test_a_draft_cannot_skip_signing(self, draft):
        refused(
            "forum_decree_signed_is_fixed",
            f"UPDATE {TABLE} SET status = %s, revoked_on = %s, revocation_reason = %s WHERE id = %s",  # noqa: S608
            [Decree.Status.REVOKED, datetime.date(2022, 1, 1), "Tidak jadi.", draft.pk],
        )

    def test_a_draft_is_edited_and_deleted_freely(self, draft):
        execute(f"UPDATE {TABLE} SET subject = %s WHERE id = %s", ["Perubahan", draft.pk])  # noqa: S608
        execute(f"DELETE FROM {TABLE} WHERE id = %s", [draft.pk])  # noqa: S608

        assert not Decree.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
class TestAnnex:
    pytestmark = postgres_only

    def test_the_annex_of_a_signed_decree_gains_no_blkk(self, signed):
        another = BlkkFactory(regency=regency("73.13"))

        refused(
            "forum_decree_annex_checked",
            f"INSERT INTO {ANNEX} (decree_id, blkk_id) VALUES (%s, %s)",  # noqa: S608
            [signed.pk, another.pk],
        )

    def test_the_annex_of_a_signed_decree_loses_no_blkk(self, signed, local_blkk):
        refused(
            "forum_decree_annex_checked",
            f"DELETE FROM {ANNEX} WHERE decree_id = %s",  # noqa: S608
            [signed.pk],
        )
        assert list(signed.annex_blkks.all()) == [local_blkk]

    def test_a_provincial_draft_annexes_only_blkks_of_its_province(self, draft, local_blkk):
        far = BlkkFactory(regency=regency("32.73"))

        draft.annex_blkks.add(local_blkk)
        with pytest.raises(IntegrityError, match="forum_decree_annex_checked"), transaction.atomic():
            draft.annex_blkks.add(far)

        assert list(draft.annex_blkks.all()) == [local_blkk]

    def test_the_national_forums_draft_annexes_any_blkk(self):
        draft = DecreeFactory(forum=national_forum())
        blkks = [BlkkFactory(regency=regency("32.73")), BlkkFactory(regency=regency("73.71"))]

        draft.annex_blkks.add(*blkks)

        assert draft.annex_blkks.count() == 2

    def test_a_draft_annex_row_cannot_be_moved_to_another_province(self, draft, local_blkk):
        far = BlkkFactory(regency=regency("32.73"))
        draft.annex_blkks.add(local_blkk)

        refused(
            "forum_decree_annex_checked",
            f"UPDATE {ANNEX} SET blkk_id = %s WHERE decree_id = %s",  # noqa: S608
            [far.pk, draft.pk],
        )

    def test_another_forums_decree_is_checked_against_its_own_province(self):
        jabar = ForumFactory(province=province("32"))
        draft = DecreeFactory(forum=jabar)

        draft.annex_blkks.add(BlkkFactory(regency=regency("32.73")))
        with pytest.raises(IntegrityError), transaction.atomic():
            draft.annex_blkks.add(BlkkFactory(regency=regency("73.71")))


@pytest.mark.django_db
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")
def test_the_triggers_are_in_place():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid IN (%s::regclass, %s::regclass) "
            "AND NOT tgisinternal AND tgenabled <> 'D' ORDER BY tgname",
            [TABLE, ANNEX],
        )
        assert [row[0] for row in cursor.fetchall()] == ["forum_decree_annex_checked", "forum_decree_signed_is_fixed"]
