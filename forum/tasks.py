"""Background work of the forums: the daily check for mentor decrees about to expire."""

from crontask import cron
from django.tasks import task

from . import notifications


@cron("15 6 * * *")
@task()
def send_decree_notices():
    """Every morning (06:15, TIME_ZONE): notices of decrees ending within 60 and 14 days."""
    return f"{notifications.send_expiring_decrees()} notice(s)"
