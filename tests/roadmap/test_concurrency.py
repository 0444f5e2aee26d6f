"""Two managers reporting on the same implementation at once: one wins, the other is told.

Real row locks need PostgreSQL; run with DATABASE_URL=postgres://... (SQLite skips).
"""

import threading

import pytest
from django.db import connection

from roadmap.models import Implementation, StatusReport
from roadmap.services import ReportConflict, submit_report
from tests.factories import ImplementationFactory, ReportingPeriodFactory, RoadmapFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def race(calls):
    """Run each call in its own thread and connection, released together; returns results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects whatever happened
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_of_two_simultaneous_reports_on_one_version_exactly_one_is_saved(own_blkk, manager):
    second_manager = UserFactory(username="pengelola-kedua", roles=["blkk_manager"])
    own_blkk.managers.add(second_manager)
    roadmap = RoadmapFactory()
    period = ReportingPeriodFactory(roadmap=roadmap)
    implementation = ImplementationFactory(programme__pillar__roadmap=roadmap, blkk=own_blkk)

    def report_as(user, progress):
        return lambda: submit_report(
            Implementation.objects.get(pk=implementation.pk),
            user=user,
            period=period,
            status=Implementation.Status.IN_PROGRESS,
            progress=progress,
            narrative=f"Laporan dari {user.username}.",
            expected_version=0,
        )

    results = race([report_as(manager, 30), report_as(second_manager, 60)])

    saved = [result for result in results if isinstance(result, StatusReport)]
    conflicts = [result for result in results if isinstance(result, ReportConflict)]
    assert len(saved) == 1, results
    assert len(conflicts) == 1, results
    assert conflicts[0].latest == saved[0]
    assert StatusReport.objects.count() == 1
    implementation.refresh_from_db()
    assert implementation.version == 1
    assert implementation.latest_report == saved[0]
    assert implementation.progress == saved[0].progress
