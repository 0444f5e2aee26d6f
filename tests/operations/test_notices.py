"""Scheduled notices: who hears about what, once, in their own language, with working links."""

import datetime

import pytest
from crontask import scheduler
from django.test import Client
from django.utils import timezone

from forum import notifications as forum_notices
from forum.models import Decree
from notices.models import Notice
from roadmap import notifications as roadmap_notices
from tests.factories import BoardPositionFactory, DecreeFactory, ForumFactory, centre, province
from tests.roadmap.pages_world import world_fixture

from .conftest import run_worker

world = pytest.fixture(world_fixture, name="world")
TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def decree_ending_in(n, admin_user, forum, status=Decree.Status.SIGNED, **fields):
    return DecreeFactory(
        forum=forum,
        centre=centre(),
        effective_from=days(-700),
        effective_until=None if n is None else days(n),
        status=status,
        signed_sha256="0" * 64,
        signed_on=days(-700),
        signed_recorded_by=admin_user,
        **fields,
    )


@pytest.fixture
def people(db, admin_user, mentor, ministry, board_member):
    """A forum with a board member, its mentor centre's staff member, and ministry staff; Mentor reads English."""
    forum = ForumFactory(province=province("32"))
    BoardPositionFactory(forum=forum, user=board_member)
    mentor.language = "en"
    mentor.save()
    return forum


class TestDecreesEnding:
    def test_sixty_days_ahead_the_board_the_centre_and_the_ministry_hear_once(
        self, people, admin_user, mentor, ministry, board_member, mailoutbox
    ):
        decree = decree_ending_in(50, admin_user, people)

        assert forum_notices.send_expiring_decrees() == 3
        assert forum_notices.send_expiring_decrees() == 0

        by_address = {mail.to[0]: mail for mail in mailoutbox}
        assert set(by_address) == {mentor.email, ministry.email, board_member.email}
        assert Notice.objects.filter(key=f"{decree.pk}:60").count() == 3
        english, indonesian = by_address[mentor.email], by_address[ministry.email]
        assert english.subject.startswith(f"Decree {decree.number} ends on")
        assert indonesian.subject.startswith(f"SK {decree.number} berakhir")
        assert "in 50 days" in english.body
        assert decree.verification_url() in english.body

    def test_the_fourteen_day_notice_follows_and_a_late_first_look_sends_only_it(
        self, people, admin_user, mailoutbox, time_machine
    ):
        decree = decree_ending_in(50, admin_user, people)
        forum_notices.send_expiring_decrees()
        late = decree_ending_in(45, admin_user, ForumFactory(province=province("33")))

        forum_notices.send_expiring_decrees(on=days(40))

        assert Notice.objects.filter(key=f"{decree.pk}:14").count() == 3
        assert set(Notice.objects.filter(key__startswith=f"{late.pk}:").values_list("key", flat=True)) == {
            f"{late.pk}:14"
        }

    def test_decrees_far_from_their_end_revoked_or_open_ended_are_quiet(self, people, admin_user, mailoutbox):
        decree_ending_in(90, admin_user, people)
        decree_ending_in(None, admin_user, ForumFactory(province=province("34")))
        decree_ending_in(
            20,
            admin_user,
            ForumFactory(province=province("35")),
            status=Decree.Status.REVOKED,
            revoked_on=days(-1),
            revocation_reason="Diganti.",
            revoking_number="KEP.1/LATTAS/I/2026",
        )

        assert forum_notices.send_expiring_decrees() == 0
        assert mailoutbox == []


class TestReviewBacklog:
    def test_the_mentor_hears_of_reports_waiting_more_than_fourteen_days_once_a_week(self, world, mentor, mailoutbox):
        # The world's pending reports were sent today (reports cannot be changed afterwards).
        assert roadmap_notices.send_review_backlog(on=days(20)) == 1
        assert roadmap_notices.send_review_backlog(on=days(20)) == 0  # Same week.
        assert roadmap_notices.send_review_backlog(on=days(27)) == 1  # Still waiting a week later.

        mail = mailoutbox[0]
        assert mail.to == [mentor.email]
        assert "/review/" in mail.body

    def test_fresh_reports_do_not_count(self, world, mailoutbox):
        assert roadmap_notices.send_review_backlog() == 0


class TestTheScheduleRunsThem:
    def test_the_scheduler_knows_the_daily_jobs(self):
        import forum.tasks  # noqa: F401  (crontask loads every app's tasks module the same way)
        import roadmap.tasks  # noqa: F401

        names = {job.name for job in scheduler.get_jobs()}
        assert {"send_daily_notices", "send_decree_notices"} <= names

    def test_what_the_scheduler_enqueues_the_worker_sends(
        self, world, people, admin_user, mentor, queued_tasks, mailoutbox, settings, time_machine
    ):
        settings.SITE_URL = "https://blkk.example.id"
        decree_ending_in(30, admin_user, people)
        # Fifteen days on: the world's reports have waited too long, its period is due in five
        # days (the far BLK-K still owes its second programme), the decree ends in fifteen.
        time_machine.move_to(timezone.now() + datetime.timedelta(days=15), tick=False)
        import forum.tasks  # noqa: F401
        import roadmap.tasks  # noqa: F401

        for job in scheduler.get_jobs():
            if job.name in {"send_daily_notices", "send_decree_notices"}:
                job.func()  # What the scheduler does at the job's time: enqueue the task.
        run_worker()  # The tasks write the notices and queue their delivery...
        run_worker()  # ...which the next pass sends.

        kinds = set(Notice.objects.filter(sent_at__isnull=False).values_list("kind", flat=True))
        assert kinds == {Notice.Kind.DECREE_EXPIRING, Notice.Kind.REVIEWS_WAITING, Notice.Kind.REPORTS_DUE}
        client = Client()
        client.force_login(mentor)
        for mail in mailoutbox:
            for line in mail.body.splitlines():
                if "https://blkk.example.id/" in line:
                    path = line.split("https://blkk.example.id", 1)[1].strip()
                    assert client.get(path).status_code in (200, 403), path
