"""Reports at the same moment: on one implementation one wins and the other is told; on one
programme from several provinces all are counted.

Real row locks need PostgreSQL; run with DATABASE_URL=postgres://... (SQLite skips).
"""

import functools
import threading

import pytest
from django.db import connection

from roadmap.models import Implementation, ProgrammeStatusRollup, StatusReport
from roadmap.services import ReportConflict, submit_report
from tests.factories import (
    BlkkFactory,
    ImplementationFactory,
    ProgrammeFactory,
    ReportingPeriodFactory,
    RoadmapFactory,
    UserFactory,
    regency,
)

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


def test_reports_moving_one_programmes_counts_both_ways_at_once_are_all_counted():
    # BLK-Ks in four provinces, so the province locks do not queue the reports: they meet on
    # the programme's count rows, half going in progress → done and half done → in progress.
    roadmap = RoadmapFactory()
    period = ReportingPeriodFactory(roadmap=roadmap)
    programme = ProgrammeFactory(pillar__roadmap=roadmap)
    Status = Implementation.Status

    def report(implementation, user, status):
        return submit_report(
            Implementation.objects.get(pk=implementation.pk),
            user=user,
            period=period,
            status=status,
            progress=100 if status == Status.DONE else 50,
            narrative="Laporan triwulan.",
            expected_version=Implementation.objects.get(pk=implementation.pk).version,
        )

    moves = []
    for number, code in enumerate(["73.13", "32.73", "11.71", "31.71"]):
        manager = UserFactory(username=f"pengelola-{number}", roles=["blkk_manager"])
        implementation = ImplementationFactory(
            programme=programme, blkk=BlkkFactory(regency=regency(code), managers=[manager])
        )
        before, after = (Status.DONE, Status.IN_PROGRESS) if number % 2 else (Status.IN_PROGRESS, Status.DONE)
        report(implementation, manager, before)
        moves.append(functools.partial(report, implementation, manager, after))

    results = race(moves)

    assert all(isinstance(result, StatusReport) for result in results), results
    counts = dict(ProgrammeStatusRollup.objects.filter(count__gt=0).values_list("status", "count"))
    assert counts == {Status.DONE: 2, Status.IN_PROGRESS: 2}
