"""Delivering notices: one task per e-mail, retried when the mail server fails."""

import logging
import smtplib

from django.core.mail import send_mail
from django.tasks import task

from blkk_portal.background import retry_later

from .models import Notice

logger = logging.getLogger(__name__)


@task()
def deliver(notice_id, attempt=1):
    """Hand one notice to the mail server; on failure, try again later (see `retry_later`)."""
    notice = Notice.objects.unsent().filter(pk=notice_id).first()
    if notice is None:
        return "already sent"
    try:
        send_mail(notice.subject, notice.text, None, [notice.email], html_message=notice.html)
    except (OSError, smtplib.SMTPException) as error:  # connection refused, timeouts, SMTP replies
        Notice.objects.filter(pk=notice_id).record_failure(attempt, error)
        logger.warning("Notice %s not delivered (attempt %s): %s", notice_id, attempt, error)
        if not retry_later(deliver, notice_id, attempt=attempt):
            logger.error("Notice %s given up after %s attempts", notice_id, attempt)
        raise
    Notice.objects.filter(pk=notice_id).record_delivery(attempt)
    return "sent"
