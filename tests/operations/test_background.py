"""Long work and e-mail leave the request: they wait for the worker, which retries failures."""

import datetime
import signal
import smtplib

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notices import tasks as notice_tasks
from notices.models import Notice
from roadmap import rollups
from roadmap import tasks as refresh_tasks
from roadmap.models import Implementation, PeriodRollup, Programme, RollupRefresh, StatusReport
from tests.factories import BlkkFactory, regency
from tests.roadmap.pages_world import world_fixture

from .conftest import run_worker

world = pytest.fixture(world_fixture, name="world")


def return_report(client, report, note="Foto kegiatan belum dilampirkan."):
    return client.post(reverse("roadmap:report-review", args=[report.pk]), {"decision": "return", "note": note})


@pytest.mark.django_db
class TestMailLeavesTheRequest:
    def test_a_failing_mail_server_leaves_the_reviewer_with_a_success_page_and_the_mail_is_retried(
        self, client, world, mentor, queued_tasks, monkeypatch, mailoutbox
    ):
        def refuse(*args, **kwargs):
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

        monkeypatch.setattr(notice_tasks, "send_mail", refuse)
        client.force_login(mentor)

        response = return_report(client, world.own_report)

        assert response.status_code == 302
        followed = client.get(response["Location"])
        assert "has been returned with your note" in followed.content.decode()
        world.own_report.refresh_from_db()
        assert world.own_report.review == StatusReport.Review.RETURNED
        notice = Notice.objects.get(recipient=world.own_report.reporter)
        assert notice.sent_at is None  # Nothing was sent inside the request.

        run_worker()  # First attempt: the server refuses; a retry is queued for later.

        notice.refresh_from_db()
        assert (notice.sent_at, notice.attempts) == (None, 1)
        assert "Connection unexpectedly closed" in notice.last_error
        retry = DBTaskResult.objects.filter(task_path="notices.tasks.deliver", status="READY").get()
        assert retry.run_after > timezone.now()
        assert retry.args_kwargs["kwargs"] == {"attempt": 2}

        monkeypatch.undo()
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        run_worker()  # The server is back: the mail goes out.

        notice.refresh_from_db()
        assert notice.sent_at is not None and notice.attempts == 2 and notice.last_error == ""
        assert [mail.to for mail in mailoutbox] == [[world.own_report.reporter.email]]

    def test_after_the_last_attempt_the_notice_stays_unsent_and_nothing_more_is_queued(
        self, world, queued_tasks, monkeypatch
    ):
        monkeypatch.setattr(notice_tasks, "send_mail", lambda *a, **k: (_ for _ in ()).throw(OSError("no route")))
        notice = Notice.objects.create(
            kind=Notice.Kind.REPORT_RETURNED, key="x", recipient=world.other_manager, email="a@example.id",
            language="id", subject="s", text="t", html="h",
        )  # fmt: skip

        notice_tasks.deliver.enqueue(notice.pk, attempt=5)
        run_worker()

        notice.refresh_from_db()
        assert notice.attempts == 5 and notice.sent_at is None
        assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db
class TestRollupsLeaveTheRequest:
    def test_saving_a_programme_answers_at_once_and_the_pages_say_the_numbers_are_refreshing(
        self, client, world, admin_user, queued_tasks
    ):
        client.force_login(admin_user)
        programme = world.permit
        data = {
            "pillar": programme.pillar_id,
            "code": programme.code,
            "title": programme.title,
            "description": "",
            # From the day after the current period: it no longer runs in that period.
            "starts_on": world.period.ends_on + datetime.timedelta(days=1),
            "ends_on": world.period.ends_on + datetime.timedelta(days=30),
            "participation": programme.participation,
        }
        before = list(PeriodRollup.objects.filter(period=world.period).values_list("blkk_id", "running"))

        response = client.post(reverse("roadmap:programme-edit", args=[programme.pk]), data, follow=True)

        assert "recounted in the background" in response.content.decode()
        assert RollupRefresh.objects.filter(programme=programme).exists()
        assert list(PeriodRollup.objects.filter(period=world.period).values_list("blkk_id", "running")) == before
        page = client.get(world.roadmap.get_absolute_url()).content.decode()
        assert 'id="numbers-refreshing"' in page
        dashboard = client.get(reverse("dashboards:national")).content.decode()
        assert 'id="numbers-refreshing"' in dashboard

        run_worker()

        assert not RollupRefresh.objects.exists()
        assert 'id="numbers-refreshing"' not in client.get(world.roadmap.get_absolute_url()).content.decode()
        after = dict(PeriodRollup.objects.filter(period=world.period).values_list("blkk_id", "running"))
        # The programme no longer runs in this period: one running implementation fewer per BLK-K.
        assert all(after[blkk] == running - 1 for blkk, running in before)

    def test_a_second_change_joins_the_refresh_still_waiting(self, world, queued_tasks):
        world.permit.save()
        world.permit.save()

        assert RollupRefresh.objects.count() == 1
        assert DBTaskResult.objects.filter(task_path="roadmap.tasks.refresh_rollups").count() == 1

    def test_locking_a_period_recounts_nothing(self, world, queued_tasks):
        world.period.locked = True
        world.period.save(update_fields=["locked"])

        assert not RollupRefresh.objects.exists()


@pytest.mark.django_db
def test_a_programme_refresh_touches_only_the_rows_of_its_blkks(world, settings):
    """Rows of BLK-Ks outside the programme keep their ids: they were neither deleted nor written."""
    outsider = BlkkFactory(name="BLK-K Al Ikhlas", regency=regency("73.71"))
    lone = Programme.objects.create(
        pillar=world.sulsel_pillar,
        code="S1.01",
        title="Kemitraan industri",
        starts_on=world.sulsel_period.starts_on,
        ends_on=world.sulsel_period.ends_on,
        participation=Programme.Participation.CHOSEN,
    )
    Implementation.objects.create(programme=lone, blkk=world.own_impl.blkk)
    Implementation.objects.create(
        programme=Programme.objects.create(
            pillar=world.sulsel_pillar, code="S1.02", title="Koperasi", participation=Programme.Participation.CHOSEN,
            starts_on=world.sulsel_period.starts_on, ends_on=world.sulsel_period.ends_on,
        ),
        blkk=outsider,
    )  # fmt: skip
    rollups.rebuild(world.sulsel_roadmap)
    rows = PeriodRollup.objects.filter(period__roadmap=world.sulsel_roadmap)
    outsider_rows = list(rows.filter(blkk=outsider).values_list("pk", flat=True))
    own_rows = set(rows.filter(blkk=world.own_impl.blkk).values_list("pk", flat=True))

    assert rollups.refresh_programme(lone.pk) == 1

    assert list(rows.filter(blkk=outsider).values_list("pk", flat=True)) == outsider_rows
    assert own_rows.isdisjoint(rows.filter(blkk=world.own_impl.blkk).values_list("pk", flat=True))


def test_runs_cover_exactly_the_wanted_ids_in_chunks():
    # Id 4 belongs to no BLK-K (deleted): 2..5 holds only wanted BLK-Ks; 6 is not wanted.
    runs = list(rollups._runs(iter([1, 2, 3, 5, 6, 8, 9, 10]), {2, 3, 5, 8, 9, 10}))

    assert runs == [(2, 5), (8, 10)]
    assert list(rollups._runs(iter(range(1, 1201)), set(range(1, 1201)))) == [(1, 500), (501, 1000), (1001, 1200)]


@pytest.mark.django_db
def test_a_failing_recount_is_retried_then_forgotten_so_that_the_next_change_queues_a_fresh_one(
    world, queued_tasks, monkeypatch
):
    def fail(programme_id):
        raise OperationalError("canceling statement due to lock timeout")

    monkeypatch.setattr(rollups, "refresh_programme", fail)
    world.permit.save()
    refresh = RollupRefresh.objects.get()

    run_worker()  # attempt 1 fails; attempt 2 waits a minute

    refresh.refresh_from_db()
    assert refresh.started_at is None
    retry = DBTaskResult.objects.get(task_path="roadmap.tasks.refresh_rollups", status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}

    DBTaskResult.objects.filter(pk=retry.pk).delete()
    refresh_tasks.refresh_rollups.enqueue(refresh.pk, attempt=5)
    run_worker()  # the last attempt fails too

    assert not RollupRefresh.objects.exists()
    world.permit.save()
    assert RollupRefresh.objects.count() == 1


@pytest.mark.django_db
def test_the_workers_signal_handlers_do_not_outlive_it(queued_tasks):
    before = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}

    run_worker()

    assert {number: signal.getsignal(number) for number in before} == before
