"""Retrying background tasks: the one rule for how often and how late a failed task runs again.

Django's tasks framework runs a task once. A task that failed for a passing reason (a
mail server that is down, a lock that timed out) calls `retry_later`, which queues the
same task again with the next attempt number, after a delay that grows with each
attempt: 1, 5, 25, then 125 minutes. After MAX_ATTEMPTS it gives up and says so.
"""

import datetime

from django.utils import timezone

MAX_ATTEMPTS = 5
FIRST_DELAY = datetime.timedelta(minutes=1)


def retry_delay(attempt):
    """How long to wait after failed attempt number `attempt` (1-based)."""
    return FIRST_DELAY * 5 ** (attempt - 1)


def retry_later(task, *args, attempt, **kwargs):
    """Queue `task(*args, attempt=attempt + 1, **kwargs)` after the delay; False once attempts are spent.

    A backend that cannot defer (the immediate one of the tests) runs the next attempt at once.
    """
    if attempt >= MAX_ATTEMPTS:
        return False
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + retry_delay(attempt))
    task.enqueue(*args, attempt=attempt + 1, **kwargs)
    return True
