"""The questions asked of notices: which still wait for the mail server, and recording what it said."""

from django.db import models
from django.utils import timezone

# Notice.last_error keeps this many characters of the mail server's answer.
ERROR_LENGTH = 500


class NoticeQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def record_failure(self, attempt, error):
        """Note a failed delivery attempt and the server's answer; the notice stays unsent."""
        return self.update(attempts=attempt, last_error=str(error)[:ERROR_LENGTH])

    def record_delivery(self, attempt):
        return self.update(sent_at=timezone.now(), attempts=attempt, last_error="")
