"""The one optimistic-locking rule (blkk_portal.versioning), on its own and in each place it guards."""

from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse

from blkk_portal.versioning import Conflict, check_version, claim_version
from forum.models import Meeting
from forum.services import MeetingConflict, update_meeting
from registry.models import Blkk
from registry.services import ProfileConflict, save_blkk_profile
from roadmap.services import ReportConflict
from tests.factories import ForumFactory, MeetingFactory

pytestmark = pytest.mark.django_db


class TestClaimVersion:
    def test_the_expected_version_moves_on_by_one_in_the_row_and_the_instance(self, own_blkk):
        with transaction.atomic():
            assert claim_version(own_blkk, 1) == 2

        assert own_blkk.version == 2
        assert Blkk.objects.get(pk=own_blkk.pk).version == 2

    def test_a_stale_version_raises_conflict_with_the_record_as_saved_now(self, own_blkk):
        Blkk.objects.filter(pk=own_blkk.pk).update(version=5, phone="0411 555555")

        with transaction.atomic(), pytest.raises(Conflict) as raised:
            claim_version(own_blkk, 1, message="Someone was quicker.")

        assert str(raised.value) == "Someone was quicker."
        assert (raised.value.current.pk, raised.value.current.phone) == (own_blkk.pk, "0411 555555")
        assert Blkk.objects.get(pk=own_blkk.pk).version == 5  # nothing claimed

    def test_the_conflict_class_and_the_query_for_the_current_record_are_the_callers(self, own_blkk):
        Blkk.objects.filter(pk=own_blkk.pk).update(version=2)

        with transaction.atomic(), pytest.raises(ProfileConflict) as raised:
            claim_version(own_blkk, 1, conflict=ProfileConflict, current=Blkk.objects.select_related("regency"))

        assert "Someone saved this BLK-K after you opened it" in str(raised.value)
        assert isinstance(raised.value, Conflict)

    @pytest.mark.parametrize("forged", [None, -1, 2**63, 2**64, True, "1"])
    def test_a_forged_version_is_a_conflict_not_a_database_error(self, own_blkk, forged):
        with transaction.atomic(), pytest.raises(Conflict):
            claim_version(own_blkk, forged)

    def test_at_the_columns_limit_no_row_matches_and_nothing_overflows(self, own_blkk):
        with transaction.atomic(), pytest.raises(Conflict):
            claim_version(own_blkk, 2**63 - 1)

    def test_it_refuses_to_run_outside_a_transaction(self, own_blkk, monkeypatch):
        # pytest-django runs each test in a transaction; the check reads the connection's flag.
        monkeypatch.setattr(transaction, "get_connection", lambda: SimpleNamespace(in_atomic_block=False))

        with pytest.raises(RuntimeError, match="inside the transaction"):
            claim_version(own_blkk, 1)

    def test_of_two_writers_who_opened_the_same_version_only_the_first_claims_it(self, own_blkk):
        first, second = Blkk.objects.get(pk=own_blkk.pk), Blkk.objects.get(pk=own_blkk.pk)

        with transaction.atomic():
            claim_version(first, 1)
        with transaction.atomic(), pytest.raises(Conflict):
            claim_version(second, 1)

    def test_check_version_compares_without_claiming(self, own_blkk):
        check_version(own_blkk, 1)
        with pytest.raises(Conflict) as raised:
            check_version(own_blkk, 0)
        assert raised.value.current is own_blkk
        assert Blkk.objects.get(pk=own_blkk.pk).version == 1


class TestEachPlaceSaysWhatHappened:
    """A stale form in each place that edits a versioned record gets a clear message, and nothing is overwritten."""

    def test_the_blkk_profile_service(self, own_blkk, manager):
        Blkk.objects.filter(pk=own_blkk.pk).update(version=2)
        own_blkk.phone = "0411 999999"

        with pytest.raises(ProfileConflict, match="Someone saved this BLK-K after you opened it"):
            save_blkk_profile(own_blkk, by=manager, expected_version=1)

        assert Blkk.objects.get(pk=own_blkk.pk).phone == "0411 123456"

    def test_the_blkk_profile_form(self, client, manager, own_blkk):
        data = {"phone": "0411 222222", "email": "", "address": "", "version": 1}
        Blkk.objects.filter(pk=own_blkk.pk).update(version=2)
        client.force_login(manager)

        response = client.post(reverse("registry:blkk-edit", args=[own_blkk.pk]), data)

        assert response.status_code == 409
        assert "Someone else saved this profile while you were editing" in response.content.decode()

    def test_the_meeting_service(self, admin_user):
        meeting = MeetingFactory(forum=ForumFactory(), title="Rakor")
        update_meeting(Meeting.objects.get(pk=meeting.pk), by=admin_user, expected_version=1)
        meeting.title = "Rakor saya"

        with pytest.raises(MeetingConflict, match="Someone saved this meeting after you opened it") as raised:
            update_meeting(meeting, by=admin_user, expected_version=1)

        assert raised.value.current.version == 2
        assert Meeting.objects.get(pk=meeting.pk).title == "Rakor"

    def test_the_meeting_admin(self, client, admin_user):
        forum = ForumFactory()
        meeting = MeetingFactory(forum=forum, title="Rakor")
        update_meeting(Meeting.objects.get(pk=meeting.pk), by=admin_user, expected_version=1)  # someone else
        client.force_login(admin_user)
        data = {
            "forum": forum.pk,
            "kind": meeting.kind,
            "title": "Rakor admin",
            "starts_on": meeting.starts_on.isoformat(),
            "ends_on": meeting.ends_on.isoformat(),
            "opened_version": 1,
        }

        response = client.post(reverse("admin:forum_meeting_change", args=[meeting.pk]), data)

        assert response.status_code == 200
        assert "Someone saved this meeting after you opened it" in response.content.decode()
        assert Meeting.objects.get(pk=meeting.pk).title == "Rakor"

    def test_the_blkk_admin_when_a_save_slips_in_after_the_forms_check(self, client, admin_user, own_blkk, monkeypatch):
        """The form's early check passed; the workflow's claim still refuses, and the admin is told."""
        from registry import admin as registry_admin

        real = registry_admin.save_blkk_profile

        def someone_saves_first(blkk, **kwargs):
            Blkk.objects.filter(pk=blkk.pk).update(version=9)
            return real(blkk, **kwargs)

        monkeypatch.setattr(registry_admin, "save_blkk_profile", someone_saves_first)
        client.force_login(admin_user)
        url = reverse("admin:registry_blkk_change", args=[own_blkk.pk])
        data = {
            "registry_number": own_blkk.registry_number,
            "name": own_blkk.name,
            "host_name": own_blkk.host_name,
            "host_type": own_blkk.host_type_id,
            "year_established": own_blkk.year_established,
            "status": own_blkk.status,
            "regency": own_blkk.regency_id,
            "accreditation": "",
            "phone": "0411 777777",
            "opened_version": 1,
        }

        response = client.post(url, data, follow=True)

        assert response.redirect_chain[-1][0] == url
        assert "Someone saved this BLK-K after you opened it" in response.content.decode()
        assert Blkk.objects.get(pk=own_blkk.pk).phone == "0411 123456"


def test_a_report_conflict_is_a_conflict_with_the_reports_own_message():
    """The report form's conflict page: tests/roadmap/test_pages_reports.py::TestConflict."""
    assert issubclass(ReportConflict, Conflict)
    assert "Someone reported on this programme" in str(ReportConflict(current=None))
