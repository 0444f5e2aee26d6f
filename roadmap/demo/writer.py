"""Writing the demo's implementations and reports: fast inserts of rows made up in Python.

`roadmap.demo` builds the roadmap and calls `ReportWriter` for chunks of BLK-Ks; the
report histories come from `demo_reports.Storyteller`.
"""

import datetime

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from ..models import Implementation, Programme, StatusReport

# The Sulawesi Selatan story: these three report more in the current period, so that
# pengelola.alfakhriyah sees both reported and still-due programmes and pembina.makassar
# a review queue. (share of running programmes reported, (pending, approved, returned))
SPOTLIGHT = {
    "BLK-K PP Multidimensi Al-Fakhriyah": (0.45, (0.6, 0.25, 0.15)),
    "BLK-K PP Ittihadiyah Tanre Assona": (0.6, (0.9, 0.1, 0.0)),
    "BLK-K PP Al Mubarak DDI Tobarakka": (0.6, (0.9, 0.1, 0.0)),
}


IMPLEMENTATION_FIELDS = [
    "id",
    "programme",
    "blkk",
    "status",
    "progress",
    "approved_status",
    "approved_progress",
    "latest_report",
    "last_approved_period",
    "version",
]
REPORT_FIELDS = [
    "id",
    "implementation",
    "period",
    "status",
    "progress",
    "narrative",
    "evidence",
    "evidence_name",
    "evidence_type",
    "reporter",
    "submitted_at",
    "is_late",
    "corrects",
    "review",
    "reviewed_by",
    "reviewed_at",
    "review_note",
]


class ReportWriter:
    """Writes the implementations and reports of a chunk of BLK-Ks, counting what it wrote.

    Ids are given here rather than by the database, so an implementation can name its
    latest report (and a correction the report it corrects) in the same insert; the
    foreign keys are checked at commit. Rows go in as plain multi-row INSERTs: the ORM's
    per-object work (building instances, preparing each value) took most of two minutes
    for a quarter of a million reports, the database itself a few seconds.
    """

    def __init__(self, storyteller, periods, reporters, reviewers):
        self.storyteller = storyteller
        self.period_ids = [period.pk for period in periods]
        self.reporters = reporters
        self.reviewers = reviewers
        self.next_implementation = _next_id(Implementation)
        self.next_report = _next_id(StatusReport)
        self.implementations = 0
        self.reports = 0
        self.adapt = connection.ops.adapt_datetimefield_value

    def write(self, blkks, programmes):
        implementations, reports = [], []
        for blkk in blkks:
            for programme in programmes:
                if programme.participation == Programme.Participation.CHOSEN and not blkk["in_incubator"]:
                    continue
                implementation_id = self.next_implementation
                self.next_implementation += 1
                outcome = self._outcome(blkk, programme)
                for draft in outcome.drafts:
                    draft.pk, self.next_report = self.next_report, self.next_report + 1
                implementations.append(self._implementation_row(implementation_id, programme, blkk, outcome))
                reports += [self._report_row(implementation_id, blkk["pk"], draft) for draft in outcome.drafts]
        insert_rows(Implementation, IMPLEMENTATION_FIELDS, implementations)
        insert_rows(StatusReport, REPORT_FIELDS, reports)
        self.implementations += len(implementations)
        self.reports += len(reports)

    def _outcome(self, blkk, programme):
        year = blkk["year_established"]
        # The 2022 batch was only just finished by Feb 2023; it starts reporting in 2023.
        since = datetime.date(max(2022, year + 1 if year >= 2022 else year), 1, 1)
        share, review = SPOTLIGHT.get(blkk["name"], (None, None))
        if share is None:
            return self.storyteller.story(blkk["level"], programme, since)
        return self.storyteller.story(blkk["level"], programme, since, current_share=share, current_review=review)

    def _implementation_row(self, pk, programme, blkk, outcome):
        state = outcome.state(self.period_ids)
        not_started = Implementation.Status.NOT_STARTED
        return (
            pk,
            programme.pk,
            blkk["pk"],
            state.get("status", not_started),
            state.get("progress", 0),
            state.get("approved_status", not_started),
            state.get("approved_progress", 0),
            state.get("latest_report_id"),
            state.get("last_approved_period_id"),
            state.get("version", 0),
        )

    def _report_row(self, implementation_id, blkk_id, draft):
        reviewed = draft.review != StatusReport.Review.PENDING
        return (
            draft.pk,
            implementation_id,
            self.period_ids[draft.period],
            draft.status,
            draft.progress,
            draft.narrative,
            "",
            "",
            "",
            self.reporters[blkk_id],
            self.adapt(draft.submitted_at),
            draft.is_late,
            draft.corrects.pk if draft.corrects else None,
            draft.review,
            self.reviewers[blkk_id] if reviewed else None,
            self.adapt(draft.reviewed_at) if reviewed else None,
            draft.note,
        )


def _next_id(model):
    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def insert_rows(model, field_names, rows):
    """INSERT prepared value tuples into the model's table, many rows per statement."""
    meta, quote = model._meta, connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in field_names)
    row_sql = "(" + ", ".join(["%s"] * len(field_names)) + ")"
    # SQLite allows 32,766 parameters per statement; stay well below.
    per_statement = max(1, 20000 // len(field_names))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            values = ", ".join([row_sql] * len(batch))
            # Table and column names come from the model; every value is a query parameter.
            sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608
            cursor.execute(sql, [value for row in batch for value in row])


def analyze():
    """Give the query planner statistics for the tables just filled (the whole database: 0.4 s).

    Without them SQLite guesses, and checks such as "has this implementation a report in
    this period" scan a whole period's reports per row instead of using the index.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def reset_sequences():
    """PostgreSQL's id sequences must learn about the ids given above; SQLite needs nothing."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Implementation, StatusReport])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
