"""Period locks and programmes go through roadmap.services, from the pages and from Django admin alike."""

from unittest import mock

import pytest
from django.urls import reverse

from audit.querysets import audit_entries, audit_keys
from roadmap import rollups
from roadmap.models import Programme, ReportingPeriod
from roadmap.services import create_programme, lock_period, unlock_period, update_programme

from .pages_world import days, world_fixture

world = pytest.fixture(world_fixture, name="world")


def entries(kind):
    return audit_entries(list(audit_keys(kind=kind)))


def changes_of(entry):
    return [(str(c.label), c.old, c.new) for c in entry.changes]


@pytest.fixture
def rebuilds():
    """Every recount of a roadmap that `roadmap.rollups` queues, as the roadmap ids asked for."""
    with mock.patch.object(rollups, "schedule_refresh", wraps=rollups.schedule_refresh) as spy:
        yield spy


def rebuilt(spy):
    return [getattr(call.args[0], "pk", call.args[0]) if call.args else None for call in spy.call_args_list]


class TestPeriodLock:
    def test_the_admin_action_locks_through_the_workflow_with_audit_entry_and_no_recount(
        self, client, admin_user, world, rebuilds
    ):
        client.force_login(admin_user)
        period = world.sulsel_period

        response = client.post(
            reverse("admin:roadmap_reportingperiod_changelist"),
            {"action": "lock_periods", "_selected_action": [period.pk]},
            follow=True,
        )

        assert "1 period locked." in response.content.decode()
        period.refresh_from_db()
        assert period.locked
        assert rebuilt(rebuilds) == []  # a lock changes no number: nothing is recounted, as from the page
        entry = entries("period")[0]
        assert (entry.who, entry.action) == (admin_user.display_name, "changed")
        assert entry.subject == f"{world.sulsel_roadmap.title} · {period.label}"
        assert changes_of(entry) == [("locked", "no", "yes")]
        assert entry.reason == "Locked: the period takes no more reports."

    def test_the_admin_action_unlocks_through_the_workflow_too(self, client, admin_user, world, rebuilds):
        lock_period(world.sulsel_period, by=admin_user)
        rebuilds.reset_mock()
        client.force_login(admin_user)

        response = client.post(
            reverse("admin:roadmap_reportingperiod_changelist"),
            {"action": "unlock_periods", "_selected_action": [world.sulsel_period.pk]},
            follow=True,
        )

        assert "1 period unlocked." in response.content.decode()
        assert not ReportingPeriod.objects.get(pk=world.sulsel_period.pk).locked
        assert rebuilt(rebuilds) == []
        entry = entries("period")[0]
        assert changes_of(entry) == [("locked", "yes", "no")]
        assert entry.reason == "Unlocked: the period takes reports again."

    def test_the_page_and_admin_leave_the_same_audit_entry(self, client, board_member, world, rebuilds):
        client.force_login(board_member)

        client.post(reverse("roadmap:period-lock", args=[world.sulsel_period.pk]), {"action": "lock"})

        assert rebuilt(rebuilds) == []
        entry = entries("period")[0]
        assert (entry.who, changes_of(entry)) == (board_member.display_name, [("locked", "no", "yes")])
        assert entry.reason == "Locked: the period takes no more reports."

    def test_locking_a_locked_period_changes_and_records_nothing(self, admin_user, world, rebuilds):
        assert lock_period(world.sulsel_period, by=admin_user)
        records = world.sulsel_period.history.count()
        rebuilds.reset_mock()

        assert not lock_period(world.sulsel_period, by=admin_user)

        assert world.sulsel_period.history.count() == records
        assert rebuilt(rebuilds) == []
        assert not unlock_period(world.period, by=admin_user)

    def test_the_admin_change_form_cannot_flip_the_lock(self, client, admin_user, world):
        client.force_login(admin_user)
        period = world.sulsel_period
        url = reverse("admin:roadmap_reportingperiod_change", args=[period.pk])
        data = {
            "roadmap": period.roadmap_id,
            "label": "Diubah",
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
            "opens_on": period.opens_on.isoformat(),
            "due_on": period.due_on.isoformat(),
            "locked": "on",
        }

        assert client.post(url, data).status_code == 302

        period.refresh_from_db()
        assert (period.label, period.locked) == ("Diubah", False)


class TestProgrammes:
    def programme_admin_data(self, world, **changes):
        data = {
            "pillar": world.sulsel_pillar.pk,
            "code": "K9.01",
            "title": "Kemitraan industri",
            "description": "",
            "starts_on": "2024-01-01",
            "ends_on": days(300).isoformat(),
            "participation": Programme.Participation.CHOSEN,
            "participants": [world.own_impl.blkk_id],
        }
        return {**data, **changes}

    def test_the_admin_adds_a_programme_through_the_workflow(self, client, admin_user, world):
        client.force_login(admin_user)

        response = client.post(reverse("admin:roadmap_programme_add"), self.programme_admin_data(world))

        assert response.status_code == 302
        created = Programme.objects.get(code="K9.01")
        # As from the programme form: the implementations exist at once.
        assert list(created.implementations.values_list("blkk", flat=True)) == [world.own_impl.blkk_id]
        # One history record, participants included: one entry in the audit log.
        assert created.history.count() == 1
        entry = entries("programme")[0]
        assert (entry.who, entry.action) == (admin_user.display_name, "created")
        assert changes_of(entry) == [("participating BLK-Ks", None, f"added: {world.own_impl.blkk.name}")]

    def test_the_admin_edit_goes_through_the_workflow(self, client, admin_user, world, other_blkk):
        programme, _ = create_programme(
            Programme(
                pillar=world.sulsel_pillar,
                code="K9.01",
                title="Kemitraan",
                starts_on=days(-30),
                ends_on=days(300),
                participation=Programme.Participation.CHOSEN,
            ),
            by=admin_user,
            participants=[world.own_impl.blkk_id],
        )
        client.force_login(admin_user)
        data = self.programme_admin_data(world, participants=[world.own_impl.blkk_id, other_blkk.pk])

        response = client.post(reverse("admin:roadmap_programme_change", args=[programme.pk]), data)

        assert response.status_code == 302
        assert programme.implementations.filter(blkk=other_blkk).exists()
        assert programme.history.count() == 2
        entry = entries("programme")[0]
        assert ("participating BLK-Ks", None, f"added: {other_blkk.name}") in changes_of(entry)

    def test_participants_count_only_for_a_chosen_set(self, admin_user, world):
        programme, joined = create_programme(
            Programme(pillar=world.sulsel_pillar, code="K9.02", title="Semua", starts_on=days(-5), ends_on=days(30)),
            by=admin_user,
            participants=[world.far_blkk.pk],
        )

        assert list(programme.participants.all()) == []
        assert joined == 2  # every member of the Sulawesi Selatan forum
        programme.participation = Programme.Participation.CHOSEN
        _, joined = update_programme(programme, by=admin_user, participants=[world.own_impl.blkk_id])
        assert (list(programme.participants.values_list("pk", flat=True)), joined) == ([world.own_impl.blkk_id], 0)
