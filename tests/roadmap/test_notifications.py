"""E-mail notices: a returned report, and the daily reminder of reports due soon."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from notices.models import Notice
from roadmap.models import StatusReport
from roadmap.notifications import report_returned, send_due_reminders
from tests.factories import (
    ImplementationFactory,
    ProgrammeFactory,
    ReportingPeriodFactory,
    RoadmapFactory,
    StatusReportFactory,
    UserFactory,
)

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def roadmap(db):
    return RoadmapFactory()


@pytest.fixture
def period(roadmap):
    """Open, due in five days."""
    return ReportingPeriodFactory(
        roadmap=roadmap, label="2026 Q4", starts_on=days(-60), ends_on=days(-2), opens_on=days(-60), due_on=days(5)
    )


@pytest.fixture
def programmes(roadmap, own_blkk):
    return [ImplementationFactory(programme__pillar__roadmap=roadmap, blkk=own_blkk) for _ in range(3)]


def make_report(implementation, period, reporter, review=StatusReport.Review.PENDING, **fields):
    return StatusReportFactory(implementation=implementation, period=period, reporter=reporter, review=review, **fields)


class TestReportReturned:
    def test_the_notice_names_the_programme_the_note_and_absolute_links(
        self, settings, programmes, period, manager, mentor, mailoutbox
    ):
        settings.SITE_URL = "https://blkk.example.id/"
        report = make_report(
            programmes[0], period, manager, StatusReport.Review.RETURNED, reviewed_by=mentor, review_note="Foto buram."
        )

        assert len(report_returned(report)) == 1

        mail = mailoutbox[0]
        assert mail.to == [manager.email]
        assert programmes[0].programme.code in mail.subject
        assert "Foto buram." in mail.body
        assert f"https://blkk.example.id/reports/{report.pk}/" in mail.body
        assert f"https://blkk.example.id/implementations/{programmes[0].pk}/report/" in mail.body
        html, mimetype = mail.alternatives[0]
        assert mimetype == "text/html"
        assert "Foto buram." in html

    def test_nobody_with_an_address_means_no_mail(self, programmes, period, manager, mentor, mailoutbox):
        manager.email = ""
        manager.save()
        report = make_report(
            programmes[0], period, manager, StatusReport.Review.RETURNED, reviewed_by=mentor, review_note="x"
        )

        assert report_returned(report) == []
        assert mailoutbox == []


class TestDueReminders:
    def test_a_manager_is_reminded_of_what_is_still_due(self, programmes, period, manager, own_blkk, mailoutbox):
        make_report(programmes[0], period, manager)  # pending: settled
        make_report(programmes[1], period, manager, StatusReport.Review.RETURNED, review_note="Ulangi.")  # still due

        assert send_due_reminders() == 1

        mail = mailoutbox[0]
        assert mail.to == [manager.email]
        assert "2026 Q4" in mail.subject
        assert f"{own_blkk.name}: 2" in mail.body
        assert "/my-programmes/" in mail.body
        notice = Notice.objects.get()
        assert (notice.kind, notice.key, notice.recipient) == ("reports_due", f"{period.pk}:{TODAY}", manager)
        assert notice.sent_at is not None

    def test_running_twice_a_day_sends_once(self, programmes, period, mailoutbox):
        send_due_reminders()
        send_due_reminders()

        assert len(mailoutbox) == 1

    def test_the_next_day_reminds_again(self, programmes, period, mailoutbox):
        send_due_reminders()
        send_due_reminders(on=days(1))

        assert len(mailoutbox) == 2

    def test_a_period_due_later_than_the_window_is_not_reminded(self, programmes, period, mailoutbox):
        assert send_due_reminders(within_days=4) == 0
        assert mailoutbox == []

    def test_overdue_and_locked_periods_are_not_reminded(self, programmes, period, mailoutbox):
        assert send_due_reminders(on=days(6)) == 0
        period.locked = True
        period.save()
        assert send_due_reminders() == 0

    def test_nothing_due_means_no_mail(self, programmes, period, manager, mailoutbox):
        for implementation in programmes:
            make_report(implementation, period, manager, StatusReport.Review.APPROVED)

        assert send_due_reminders() == 0

    def test_programmes_not_running_in_the_period_are_not_due(self, roadmap, period, own_blkk, mailoutbox):
        ImplementationFactory(
            blkk=own_blkk,
            programme=ProgrammeFactory(pillar__roadmap=roadmap, starts_on=days(30), ends_on=days(300)),
        )

        assert send_due_reminders() == 0

    def test_a_manager_of_two_blkks_gets_one_mail_listing_both(
        self, roadmap, programmes, period, manager, other_blkk, mailoutbox
    ):
        other_blkk.managers.add(manager)
        ImplementationFactory(programme=programmes[0].programme, blkk=other_blkk)

        assert send_due_reminders() == 1
        assert f"{other_blkk.name}: 1" in mailoutbox[0].body

    def test_each_manager_of_a_blkk_is_reminded(self, programmes, period, own_blkk, mailoutbox):
        own_blkk.managers.add(UserFactory(username="pengelola-kedua"))

        assert send_due_reminders() == 2

    def test_a_manager_without_an_address_is_skipped_and_not_logged(self, programmes, period, manager, mailoutbox):
        manager.email = ""
        manager.save()

        assert send_due_reminders() == 0
        assert not Notice.objects.exists()

    def test_the_command_reports_what_it_sent(self, programmes, period, mailoutbox, capsys):
        call_command("send_due_reminders", "--days", "7")

        assert "1 reminder(s) sent." in capsys.readouterr().out

    def test_the_command_refuses_a_bad_date(self, db):
        with pytest.raises(CommandError, match="not a date"):
            call_command("send_due_reminders", "--date", "besok")
