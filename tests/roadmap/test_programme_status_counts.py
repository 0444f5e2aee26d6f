"""The programmes' status counts (ProgrammeStatusRollup) equal a live count of the implementations.

Every change goes through roadmap.services, as in production; after each one the stored
counts are compared with a GROUP BY of the implementations, and the roadmap page with
both.
"""

import pytest
from django.db.models import Count

from roadmap import programme_status, rollups
from roadmap.models import Implementation, ProgrammeStatusRollup, StatusReport
from roadmap.services import RoadmapError, ensure_implementations, lock_period, review_report
from roadmap.tasks import reconcile_status_counts
from tests.factories import BlkkFactory, ImplementationFactory, ProgrammeFactory, regency

from .pages_world import report, world_fixture

pytestmark = pytest.mark.django_db
world = pytest.fixture(world_fixture, name="world")
Status = Implementation.Status


def live_counts():
    """{(programme id, status): count} counted from the implementations now."""
    rows = Implementation.objects.values_list("programme_id", "status").annotate(count=Count("*")).order_by()
    return {(programme, status): count for programme, status, count in rows}


def stored_counts():
    rows = ProgrammeStatusRollup.objects.filter(count__gt=0).values_list("programme_id", "status", "count")
    return {(programme, status): count for programme, status, count in rows}


def count_of(programme, status):
    return stored_counts().get((programme.pk, status), 0)


class TestKeptInStepWithTheImplementations:
    def test_the_world_as_built_is_counted(self, world):
        # ensure_implementations made three rows for each programme; three reports moved the permit's.
        assert stored_counts() == live_counts()
        assert count_of(world.permit, Status.IN_PROGRESS) == 3
        assert count_of(world.certify, Status.NOT_STARTED) == 3

    def test_a_report_moves_one_count_from_the_old_status_to_the_new(self, world, manager):
        report(world.own_impl, manager, period=world.period, status=Status.DONE, progress=100)

        assert stored_counts() == live_counts()
        assert count_of(world.permit, Status.IN_PROGRESS) == 2
        assert count_of(world.permit, Status.DONE) == 1

    def test_the_same_status_reported_again_changes_no_count(self, world, manager):
        before = stored_counts()
        report(world.own_impl, manager, period=world.period, status=Status.IN_PROGRESS, progress=70)

        assert stored_counts() == before == live_counts()

    def test_a_correction_moves_the_count_like_any_report(self, world, manager):
        report(world.own_impl, manager, period=world.period, status=Status.BLOCKED, progress=40)
        correction = {"status": Status.NOT_APPLICABLE, "progress": 0, "corrects": world.own_report}
        report(world.own_impl, manager, period=world.period, **correction)

        assert stored_counts() == live_counts()
        assert count_of(world.permit, Status.BLOCKED) == 0
        assert count_of(world.permit, Status.NOT_APPLICABLE) == 1

    def test_approving_and_returning_change_no_count(self, world, mentor):
        before = stored_counts()
        review_report(world.own_report, user=mentor, approve=True)
        review_report(world.other_report, user=mentor, approve=False, note="Lampirkan izin.")

        assert StatusReport.objects.filter(review=StatusReport.Review.PENDING).count() == 1
        assert stored_counts() == before == live_counts()

    def test_a_refused_report_leaves_the_counts_as_they_were(self, world, manager, admin_user):
        before = stored_counts()
        lock_period(world.period, by=admin_user)

        with pytest.raises(RoadmapError):
            report(world.own_impl, manager, period=world.period, status=Status.DONE, progress=100)
        assert stored_counts() == before == live_counts()

    def test_new_participants_are_counted_as_not_started(self, world):
        BlkkFactory(regency=regency("73.13"))
        BlkkFactory(regency=regency("32.73"))

        assert ensure_implementations(world.permit) == 2
        assert ensure_implementations(world.permit) == 0
        assert stored_counts() == live_counts()
        assert count_of(world.permit, Status.NOT_STARTED) == 2

    def test_the_factory_counts_what_it_makes(self, world):
        ImplementationFactory(programme=world.certify, status=Status.BLOCKED, progress=10)

        assert stored_counts() == live_counts()


class TestRecounts:
    def spoil(self, world):
        """Counts that disagree with the implementations: a row lost, one wrong, a status changed behind them."""
        ProgrammeStatusRollup.objects.filter(programme=world.certify).delete()
        ProgrammeStatusRollup.objects.filter(programme=world.permit, status=Status.IN_PROGRESS).update(count=9)
        Implementation.objects.filter(pk=world.far_impl.pk).update(status=Status.DONE, progress=100)
        assert stored_counts() != live_counts()

    def test_rebuild_recounts_every_programme_from_scratch(self, world):
        self.spoil(world)

        rollups.rebuild()
        assert stored_counts() == live_counts()

    def test_recount_of_one_roadmap_leaves_the_others_alone(self, world):
        self.spoil(world)
        # Not the implementations' count: a recount of the national roadmap must not touch it.
        elsewhere = ProgrammeFactory(pillar=world.sulsel_pillar)
        ProgrammeStatusRollup.objects.create(programme=elsewhere, status=Status.DONE, count=4)

        programme_status.recount([world.roadmap.pk])
        assert stored_counts() == live_counts() | {(elsewhere.pk, Status.DONE): 4}

    def test_the_nightly_reconcile_recounts_only_the_programmes_that_disagree(self, world):
        self.spoil(world)

        assert reconcile_status_counts.call() == "2 programme(s) recounted"
        assert stored_counts() == live_counts()
        assert reconcile_status_counts.call() == "0 programme(s) recounted"

    def test_a_count_already_wrong_never_goes_below_zero(self, world, manager):
        ProgrammeStatusRollup.objects.filter(programme=world.permit, status=Status.IN_PROGRESS).update(count=0)

        report(world.own_impl, manager, period=world.period, status=Status.DONE, progress=100)
        assert count_of(world.permit, Status.IN_PROGRESS) == 0
        assert programme_status.reconcile() == 1
        assert stored_counts() == live_counts()


class TestRoadmapPage:
    def shown(self, client, world):
        response = client.get(world.roadmap.get_absolute_url())
        return {
            (programme.pk, status): count
            for pillar in response.context["pillars"]
            for programme in pillar.programmes.all()
            for status, count in programme.status_counts
        }

    def test_shows_the_counts_of_the_implementations_as_they_are_now(self, client, plain_user, world, manager):
        client.force_login(plain_user)
        report(world.own_impl, manager, period=world.period, status=Status.DONE, progress=100)
        report(world.other_impl, world.other_manager, period=world.period, status=Status.BLOCKED, progress=20)
        BlkkFactory(regency=regency("73.13"))
        ensure_implementations(world.certify)

        assert self.shown(client, world) == live_counts()
        assert self.shown(client, world)[(world.certify.pk, Status.NOT_STARTED)] == 4

    def test_totals_each_programme_and_skips_statuses_counted_down_to_zero(self, client, plain_user, world, manager):
        client.force_login(plain_user)
        for implementation, user in ((world.own_impl, manager), (world.other_impl, world.other_manager)):
            report(implementation, user, period=world.period, status=Status.DONE, progress=100)
        report(world.far_impl, world.far_manager, period=world.period, status=Status.DONE, progress=100)

        response = client.get(world.roadmap.get_absolute_url())
        permit = response.context["pillars"][0].programmes.all()[0]
        assert ProgrammeStatusRollup.objects.get(programme=world.permit, status=Status.IN_PROGRESS).count == 0
        assert permit.status_counts == [(Status.DONE, 3)]
        assert permit.implementation_count == 3
