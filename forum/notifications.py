"""E-mail notices of the forums: a mentor decree that is about to expire.

A decree in force whose `effective_until` falls within 60 days is announced once, and
again within 14 days, to the people who must act before it lapses: the forum's current
board, the staff of the appointed centre, and ministry staff (who prepare the next
decree). Mail goes through `notices.services.notify` (recipient's language, sent once,
delivered with retries).
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.roles import Role
from notices.models import Notice
from notices.services import absolute_url, notify

from .models import BoardPosition, Decree

WARNING_DAYS = (60, 14)  # Announced when the decree ends within these many days.


def recipients_of(decree, on):
    """The forum's board today, the appointed centre's staff, and ministry staff: each active person once."""
    users = get_user_model().objects
    board = BoardPosition.objects.current(on).filter(forum=decree.forum_id).values("user")
    people = users.active().filter(pk__in=board) | users.with_role(Role.MINISTRY)
    if decree.centre_id:
        people = people | users.staff_of_centre(decree.centre_id)
    return list(people.distinct().order_by("pk"))


def send_expiring_decrees(on=None):
    """Write the notices of decrees ending within 60 and within 14 days; returns how many were written."""
    on = on or timezone.localdate()
    sent = 0
    for days in WARNING_DAYS:
        ending = Decree.objects.in_force(on).filter(effective_until__lte=on + datetime.timedelta(days=days))
        for decree in ending.select_related("forum", "centre").order_by("effective_until", "pk"):
            if days != min(WARNING_DAYS) and decree.effective_until <= on + datetime.timedelta(days=min(WARNING_DAYS)):
                continue  # Found first within 14 days: only the nearer warning applies.
            sent += _announce(decree, days, on)
    return sent


def _announce(decree, days, on):
    context = {
        "decree": decree,
        "days_left": (decree.effective_until - on).days,
        "verify_url": decree.verification_url(),
        "forum_url": absolute_url("forum:forum-detail", decree.forum_id),
    }

    def subject():
        return _("Decree %(number)s ends on %(date)s") % {
            "number": decree.number,
            "date": date_format(decree.effective_until),
        }

    key = f"{decree.pk}:{days}"
    written = [
        notify(Notice.Kind.DECREE_EXPIRING, key, person, "forum/email/decree_expiring", context, subject)
        for person in recipients_of(decree, on)
    ]
    return sum(1 for notice in written if notice)
