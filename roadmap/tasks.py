"""Background work of the roadmap: rollup recounts, and the daily notices.

Recounts run here instead of in the request that changed a programme or a period: a
national one takes tens of seconds. The request records a `RollupRefresh` (pages show
"numbers are being refreshed" while one is waiting) and queues `refresh_rollups`.
"""

import logging

from crontask import cron
from django.tasks import task
from django.utils import timezone

from blkk_portal.background import retry_later

from . import notifications, pending, programme_status, rollups
from .models import RollupRefresh

logger = logging.getLogger(__name__)


@task()
def refresh_rollups(refresh_id, attempt=1):
    """Recount what one RollupRefresh asks for: one programme's BLK-Ks, or a whole roadmap."""
    refresh = RollupRefresh.objects.filter(pk=refresh_id).first()
    if refresh is None:
        return "nothing to do"
    RollupRefresh.objects.filter(pk=refresh_id).update(started_at=timezone.now())
    try:
        if refresh.programme_id is not None:
            rows = rollups.refresh_programme(refresh.programme_id)
        else:
            rows = rollups.refresh_roadmap(refresh.roadmap_id)
    except Exception:
        # A lock wait that timed out, a lost connection: the recount starts over later.
        RollupRefresh.objects.filter(pk=refresh_id).update(started_at=None)
        if not retry_later(refresh_rollups, refresh_id, attempt=attempt):
            # Given up: forget the request, so that the next change queues a fresh recount.
            RollupRefresh.objects.filter(pk=refresh_id).delete()
            logger.error("Rollup refresh %s given up after %s attempts", refresh_id, attempt)
        raise
    RollupRefresh.objects.filter(pk=refresh_id).delete()
    return f"{rows} BLK-K(s) recounted"


@cron("0 6 * * *")
@task()
def send_daily_notices():
    """Every morning (06:00, TIME_ZONE): due-date reminders, then the review backlog of mentor centres."""
    due = notifications.send_due_reminders()
    backlog = notifications.send_review_backlog()
    return f"{due} reminder(s), {backlog} backlog notice(s)"


@cron("30 2 * * *")
@task()
def reconcile_review_queue():
    """Every night (02:30): the review queue's table agrees with the reports again (see roadmap.pending)."""
    added, dropped = pending.reconcile()
    if added or dropped:
        logger.warning("Review queue table mended: %s report(s) added, %s row(s) dropped", added, dropped)
    return f"{added} added, {dropped} dropped"


@cron("40 2 * * *")
@task()
def reconcile_status_counts():
    """Every night (02:40): the programmes' status counts agree with the implementations again.

    A separate job from the review queue's: each mends its own table (roadmap.programme_status).
    """
    mended = programme_status.reconcile()
    if mended:
        logger.warning("Programme status counts mended: %s programme(s) recounted", mended)
    return f"{mended} programme(s) recounted"
