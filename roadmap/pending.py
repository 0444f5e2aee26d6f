"""Keeping `PendingReview` equal to the reports that wait for review.

`report_changed` runs in the transaction of every submission and review
(`services._after_report_change`); `refill` rebuilds the table from the reports after
bulk loads that bypass the services (`rollups.rebuild`) and in the migration that made it.
`reconcile` mends the table without emptying it: a server of the previous release, still
running while a deploy migrates, accepts reports without writing their row. The nightly
task (`tasks.reconcile_review_queue`) runs it, and so may an operator after a deploy.
"""

from django.db import connection

from .models import Implementation, PendingReview, StatusReport


def report_changed(report):
    """Add the report to the queue while it is pending; take it out once reviewed."""
    if report.review != StatusReport.Review.PENDING:
        PendingReview.objects.filter(report_id=report.pk).delete()
        return
    implementation = Implementation.objects.values("blkk_id", "programme_id").get(pk=report.implementation_id)
    PendingReview.objects.get_or_create(
        report_id=report.pk,
        defaults={**implementation, "period_id": report.period_id, "submitted_at": report.submitted_at},
    )


REFILL = """
INSERT INTO {pending} (report_id, blkk_id, programme_id, period_id, submitted_at)
SELECT r.id, i.blkk_id, i.programme_id, r.period_id, r.submitted_at
FROM {report} r JOIN {implementation} i ON i.id = r.implementation_id
WHERE r.review = %s
"""


def refill():
    """Empty the table and fill it from every pending report (one INSERT … SELECT); returns the rows."""
    tables = {
        "pending": PendingReview._meta.db_table,
        "report": StatusReport._meta.db_table,
        "implementation": Implementation._meta.db_table,
    }
    PendingReview.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(REFILL.format(**tables), [StatusReport.Review.PENDING.value])
        return cursor.rowcount


RECONCILE = """
INSERT INTO {pending} (report_id, blkk_id, programme_id, period_id, submitted_at)
SELECT r.id, i.blkk_id, i.programme_id, r.period_id, r.submitted_at
FROM {report} r JOIN {implementation} i ON i.id = r.implementation_id
WHERE r.review = %s AND NOT EXISTS (SELECT 1 FROM {pending} p WHERE p.report_id = r.id)
ON CONFLICT (report_id) DO NOTHING
"""


def reconcile():
    """Add the pending reports missing from the table and drop the rows of reviewed ones; (added, dropped).

    Safe beside live submissions and reviews: nothing is emptied, and a row that a
    submission writes at the same moment wins the conflict.
    """
    tables = {
        "pending": PendingReview._meta.db_table,
        "report": StatusReport._meta.db_table,
        "implementation": Implementation._meta.db_table,
    }
    with connection.cursor() as cursor:
        cursor.execute(RECONCILE.format(**tables), [StatusReport.Review.PENDING.value])
        added = cursor.rowcount
    dropped, _by_model = PendingReview.objects.exclude(report__review=StatusReport.Review.PENDING).delete()
    return added, dropped
