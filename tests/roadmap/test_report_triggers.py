"""Status reports are append-only in PostgreSQL itself: raw SQL cannot rewrite or delete one.

The trigger of migration roadmap 0008 lets the review columns be written once, while the
report is pending, and refuses every other change (ARCHITECTURE.md rule 3: corrections
are new records).
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from roadmap.models import Implementation, StatusReport
from tests.factories import StatusReportFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"),
]
Review = StatusReport.Review
TABLE = StatusReport._meta.db_table


def execute(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def refused(sql, params):
    with pytest.raises(IntegrityError, match="roadmap_statusreport_append_only"), transaction.atomic():
        execute(sql, params)


@pytest.fixture
def report():
    return StatusReportFactory(status=Implementation.Status.IN_PROGRESS, progress=40)


@pytest.fixture
def approved(report):
    reviewer = UserFactory()
    execute(
        f"UPDATE {TABLE} SET review = %s, reviewed_by_id = %s, reviewed_at = %s WHERE id = %s",  # noqa: S608
        [Review.APPROVED, reviewer.pk, timezone.now(), report.pk],
    )
    report.refresh_from_db()
    return report


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("progress", 90),
        ("status", Implementation.Status.BLOCKED),
        ("narrative", "Ditulis ulang."),
        ("is_late", True),
        ("evidence_name", "lain.pdf"),
        ("submitted_at", timezone.now()),
    ],
)
def test_a_raw_update_of_what_was_reported_fails(report, column, value):
    refused(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, report.pk])  # noqa: S608

    report.refresh_from_db()
    assert (report.progress, report.narrative) == (40, "Laporan triwulan.")


def test_a_raw_delete_fails(report):
    refused(f"DELETE FROM {TABLE} WHERE id = %s", [report.pk])  # noqa: S608

    assert StatusReport.objects.filter(pk=report.pk).exists()


def test_the_orm_cannot_rewrite_a_report_either(report):
    report.progress = 90

    with pytest.raises(IntegrityError), transaction.atomic():
        report.save()


def test_a_pending_report_takes_its_review_once(approved):
    assert approved.review == Review.APPROVED


@pytest.mark.parametrize(
    ("column", "value"),
    [("review", Review.PENDING), ("review", Review.RETURNED), ("review_note", "Catatan baru."), ("reviewed_at", None)],
)
def test_a_reviewed_report_is_fixed(approved, column, value):
    refused(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, approved.pk])  # noqa: S608

    approved.refresh_from_db()
    assert approved.review == Review.APPROVED


def test_an_update_that_changes_nothing_passes(approved):
    approved.save()

    assert execute(f"UPDATE {TABLE} SET review = review WHERE id = %s", [approved.pk]) == 1  # noqa: S608


def test_the_trigger_is_in_place():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal AND tgenabled <> 'D'",
            [TABLE],
        )
        assert [row[0] for row in cursor.fetchall()] == ["roadmap_statusreport_append_only"]
