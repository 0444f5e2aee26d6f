"""E-mail notices of the roadmap: a report returned, reports due soon, reports waiting for review.

Each function decides who hears about what and hands the mail to `notices.services.notify`,
which writes it in the recipient's language with absolute links (settings.SITE_URL), keeps
it from going out twice, and leaves the sending to a background task that retries.
"""

import datetime
from itertools import groupby

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import Role
from notices.models import Notice
from notices.services import absolute_url, notify
from registry.models import Blkk

from .querysets import REVIEW_WAIT_DAYS, waiting_cutoff


def _people(users):
    """Each active person once, in the order given."""
    seen = {}
    for user in users:
        if user.is_active:
            seen.setdefault(user.pk, user)
    return list(seen.values())


def report_returned(report):
    """Tell the reporter and the BLK-K's managers that the mentor sent a report back, and why. Returns the notices."""
    implementation = report.implementation
    blkk = implementation.blkk
    context = {
        "report": report,
        "programme": implementation.programme,
        "blkk": blkk,
        "report_url": absolute_url("roadmap:report-detail", report.pk),
        "resubmit_url": absolute_url("roadmap:report-create", implementation.pk),
    }

    def subject():
        return _("Report returned: %(code)s, %(blkk)s") % {"code": implementation.programme.code, "blkk": blkk.name}

    notices = [
        notify(Notice.Kind.REPORT_RETURNED, str(report.pk), person, "roadmap/email/report_returned", context, subject)
        for person in _people([report.reporter, *blkk.managers.all()])
    ]
    return [notice for notice in notices if notice]


def reports_due(user, period, due_by_blkk, on):
    """Remind a manager of the programmes still to report in the period; `due_by_blkk` is [(blkk, count)]."""
    context = {
        "user": user,
        "period": period,
        "due_by_blkk": due_by_blkk,
        "total": sum(count for _blkk, count in due_by_blkk),
        "my_programmes_url": absolute_url("roadmap:my-programmes"),
    }

    def subject():
        return _("Reports due by %(date)s for %(period)s") % {
            "date": date_format(period.due_on),
            "period": period.label,
        }

    key = f"{period.pk}:{on.isoformat()}"
    return notify(Notice.Kind.REPORTS_DUE, key, user, "roadmap/email/reports_due", context, subject)


def send_due_reminders(on=None, within_days=7):
    """E-mail each manager whose BLK-Ks still owe reports for a period due within `within_days`.

    One reminder per person, period and day: a second run on the same day sends nothing
    again. Returns the number of reminders written.
    """
    from .models import ReportingPeriod, Roadmap

    on = on or timezone.localdate()
    periods = ReportingPeriod.objects.open_for_reports(on).filter(
        roadmap__status=Roadmap.Status.ADOPTED, due_on__gte=on, due_on__lte=on + datetime.timedelta(days=within_days)
    )
    return sum(_remind_period(period, on) for period in periods.select_related("roadmap"))


def _remind_period(period, on):
    from .models import Implementation

    due = Implementation.objects.due_in(period)
    counts = dict(due.values("blkk_id").annotate(n=Count("pk")).order_by().values_list("blkk_id", "n"))
    seats = (
        Blkk.managers.through.objects.filter(blkk_id__in=due.values("blkk_id"))
        .select_related("user", "blkk")
        .order_by("user_id", "blkk__name")
    )
    sent = 0
    for user, group in groupby(seats, key=lambda seat: seat.user):
        items = [(seat.blkk, counts[seat.blkk_id]) for seat in group]
        sent += bool(reports_due(user, period, items, on))
    return sent


def send_review_backlog(on=None, days=REVIEW_WAIT_DAYS):
    """Tell each mentor-centre staff member how many reports in their scope wait for review longer than `days`.

    Once a week at most (the notice's key is the ISO week), and only to people who have
    such reports. Returns the number of notices written.
    """
    from django.contrib.auth import get_user_model

    from .models import StatusReport

    on = on or timezone.localdate()
    cutoff = waiting_cutoff(days, on)
    year, week, _weekday = on.isocalendar()
    staff = get_user_model().objects.with_role(Role.MENTOR).order_by("pk")
    sent = 0
    for user in staff:
        waiting = StatusReport.objects.reviewable_by(user).filter(submitted_at__lt=cutoff)
        found = waiting.aggregate(count=Count("pk"), oldest=Min("submitted_at"))
        count, oldest = found["count"], found["oldest"]
        if not count:
            continue
        context = {
            "user": user,
            "count": count,
            "days": days,
            "oldest": oldest,
            "review_url": absolute_url("roadmap:review-queue"),
        }

        def subject(count=count):
            return ngettext(
                "%(count)s report waits for your review", "%(count)s reports wait for your review", count
            ) % {"count": count}

        key = f"{year}-W{week:02d}"
        sent += bool(notify(Notice.Kind.REVIEWS_WAITING, key, user, "roadmap/email/reviews_waiting", context, subject))
    return sent
