"""E-mail notices of the roadmap: a report returned by the mentor, reports due soon.

Mail goes through Django's `send_mail` with the backend from settings (the console by
default, SMTP through EMAIL_URL). Notices are written in the portal's default language,
because a mail is read later, outside the request that caused it, and links are absolute
(settings.SITE_URL) for the same reason.
"""

import datetime
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from registry.models import Blkk


def absolute_url(name, *args):
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _send(template, subject, context, recipients):
    text = render_to_string(f"roadmap/email/{template}.txt", context)
    html = render_to_string(f"roadmap/email/{template}.html", context)
    return send_mail(subject, text, None, recipients, html_message=html)


def _addresses(users):
    seen = []
    for user in users:
        if user.is_active and user.email and user.email not in seen:
            seen.append(user.email)
    return seen


def report_returned(report):
    """Tell the reporter and the BLK-K's managers that the mentor sent a report back, and why."""
    implementation = report.implementation
    blkk = implementation.blkk
    recipients = _addresses([report.reporter, *blkk.managers.all()])
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "report": report,
            "programme": implementation.programme,
            "blkk": blkk,
            "report_url": absolute_url("roadmap:report-detail", report.pk),
            "resubmit_url": absolute_url("roadmap:report-create", implementation.pk),
        }
        subject = _("Report returned: %(code)s, %(blkk)s") % {"code": implementation.programme.code, "blkk": blkk.name}
        return _send("report_returned", subject, context, recipients)


def reports_due(user, period, due_by_blkk):
    """Remind a manager of the programmes still to report in the period; `due_by_blkk` is [(blkk, count)]."""
    recipients = _addresses([user])
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "period": period,
            "due_by_blkk": due_by_blkk,
            "total": sum(count for _blkk, count in due_by_blkk),
            "my_programmes_url": absolute_url("roadmap:my-programmes"),
        }
        subject = _("Reports due by %(date)s for %(period)s") % {
            "date": date_format(period.due_on),
            "period": period.label,
        }
        return _send("reports_due", subject, context, recipients)


def send_due_reminders(on=None, within_days=7):
    """E-mail each manager whose BLK-Ks still owe reports for a period due within `within_days`.

    Each e-mail is logged (ReminderLog, unique per person, period and day) in the same
    transaction as the sending, so a second run on the same day sends nothing again and
    a failed send is retried by the next run. Returns the number of e-mails sent.
    """
    from .models import ReportingPeriod, Roadmap

    on = on or timezone.localdate()
    periods = ReportingPeriod.objects.open_for_reports(on).filter(
        roadmap__status=Roadmap.Status.ADOPTED, due_on__gte=on, due_on__lte=on + datetime.timedelta(days=within_days)
    )
    return sum(_remind_period(period, on) for period in periods.select_related("roadmap"))


def _remind_period(period, on):
    from .models import Implementation, ReminderLog

    due = Implementation.objects.due_in(period)
    counts = dict(due.values("blkk_id").annotate(n=Count("pk")).order_by().values_list("blkk_id", "n"))
    already = set(ReminderLog.objects.filter(period=period, sent_on=on).values_list("recipient_id", flat=True))
    seats = (
        Blkk.managers.through.objects.filter(blkk_id__in=due.values("blkk_id"))
        .exclude(user_id__in=already)
        .select_related("user", "blkk")
        .order_by("user_id", "blkk__name")
    )
    sent = 0
    for user, group in groupby(seats, key=lambda seat: seat.user):
        items = [(seat.blkk, counts[seat.blkk_id]) for seat in group]
        sent += _remind_once(user, period, on, items)
    return sent


def _remind_once(user, period, on, items):
    from .models import ReminderLog

    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                recipient=user, period=period, sent_on=on, implementation_count=sum(n for _blkk, n in items)
            )
            if not reports_due(user, period, items):
                # Nobody to write to (no address): keep no record, so adding one later works.
                transaction.set_rollback(True)
                return 0
    except IntegrityError:
        return 0  # Another run reminded this person meanwhile.
    return 1
