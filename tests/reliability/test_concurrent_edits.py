"""Concurrent edits of versioned records and a BLK-K moving while reports come in (PostgreSQL).

Of several people saving a profile or a meeting opened at the same version, exactly one
saves and every other gets a Conflict carrying the record as saved; nothing else fails
and no update is lost. A BLK-K moving to another province while reports are submitted in
both provinces deadlocks with nothing, and the province rollups equal a count from scratch;
an update of many BLK-Ks while one of them moves keeps the BLK-K tallies right.
"""

import threading

import pytest
from django.db import transaction

from forum import services as forum_services
from forum.models import Meeting
from forum.services import MeetingConflict, update_meeting
from registry import services as registry_services
from registry import tallies
from registry.models import Blkk, FieldTally, ProvinceTally, Regency
from registry.services import ProfileConflict, save_blkk_profile
from roadmap import rollups
from roadmap.models import ROLLUP_COUNTS, Implementation, ProvinceRollup, StatusReport
from roadmap.services import ensure_implementations, submit_report
from tests.factories import (
    BlkkFactory,
    ForumFactory,
    MeetingFactory,
    PillarFactory,
    ProgrammeFactory,
    ReportingPeriodFactory,
    RoadmapFactory,
    UserFactory,
)
from tests.roadmap.test_concurrency import race

from .conftest import postgres_only

pytestmark = postgres_only

WRITERS = 6
HOLD_SECONDS = 0.3


def held(module, name="save_with_history"):
    """The module's save, keeping its transaction open a moment so the writers overlap for certain."""
    real = getattr(module, name)

    def slow(*args, **kwargs):
        result = real(*args, **kwargs)
        threading.Event().wait(HOLD_SECONDS)
        return result

    return slow


def outcome(results, saved_type, conflict_type):
    saved = [result for result in results if isinstance(result, saved_type)]
    conflicts = [result for result in results if isinstance(result, conflict_type)]
    others = [result for result in results if result not in saved and result not in conflicts]
    return saved, conflicts, others


@pytest.mark.django_db(transaction=True)
def test_of_simultaneous_profile_saves_from_one_version_exactly_one_is_kept(own_blkk, monkeypatch):
    monkeypatch.setattr(registry_services, "save_with_history", held(registry_services))
    editors = [UserFactory(username=f"editor-{n}") for n in range(WRITERS)]

    def save_as(n):
        def call():
            blkk = Blkk.objects.get(pk=own_blkk.pk)
            blkk.phone = f"0411 00000{n}"
            return save_blkk_profile(blkk, by=editors[n], expected_version=1)

        return call

    results = race([save_as(n) for n in range(WRITERS)])

    saved, conflicts, others = outcome(results, Blkk, ProfileConflict)
    assert (len(saved), len(conflicts), others) == (1, WRITERS - 1, [])
    stored = Blkk.objects.get(pk=own_blkk.pk)
    assert (stored.phone, stored.version) == (saved[0].phone, 2)
    assert all(conflict.current.version == 2 for conflict in conflicts)
    assert own_blkk.history.count() == 2  # created, and the one save


@pytest.mark.django_db(transaction=True)
def test_of_simultaneous_meeting_saves_from_one_version_exactly_one_is_kept(monkeypatch):
    monkeypatch.setattr(forum_services, "save_with_history", held(forum_services))
    meeting = MeetingFactory(forum=ForumFactory(), title="Rakor")
    editors = [UserFactory(username=f"editor-{n}") for n in range(WRITERS)]

    def save_as(n):
        def call():
            edited = Meeting.objects.get(pk=meeting.pk)
            edited.title = f"Rakor versi {n}"
            return update_meeting(edited, by=editors[n], expected_version=1)

        return call

    results = race([save_as(n) for n in range(WRITERS)])

    saved, conflicts, others = outcome(results, Meeting, MeetingConflict)
    assert (len(saved), len(conflicts), others) == (1, WRITERS - 1, [])
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.title, stored.version) == (saved[0].title, 2)
    assert meeting.history.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_move_between_provinces_while_both_report_deadlocks_with_nothing(monkeypatch):
    report_changed = rollups.report_changed

    def slow(report):
        report_changed(report)
        threading.Event().wait(HOLD_SECONDS)

    monkeypatch.setattr(rollups, "report_changed", slow)
    roadmap = RoadmapFactory()
    period = ReportingPeriodFactory(roadmap=roadmap)
    programme = ProgrammeFactory(pillar=PillarFactory(roadmap=roadmap))
    makassar, bandung = Regency.objects.get(code="73.71"), Regency.objects.get(code="32.73")
    managers = [UserFactory(username=f"pengelola-{n}", roles=["blkk_manager"]) for n in range(4)]
    blkks = [BlkkFactory(regency=(makassar, bandung)[n % 2], managers=[managers[n]]) for n in range(4)]
    moving = BlkkFactory(regency=makassar)
    ensure_implementations(programme)
    rollups.rebuild(roadmap)
    admin = UserFactory(username="admin-pindah", is_staff=True, is_superuser=True)

    def report_of(n):
        def call():
            implementation = Implementation.objects.get(programme=programme, blkk=blkks[n])
            return submit_report(
                implementation,
                user=managers[n],
                period=period,
                status=Implementation.Status.IN_PROGRESS,
                progress=40,
                narrative="Berjalan.",
                expected_version=implementation.version,
            )

        return call

    def move():
        blkk = Blkk.objects.get(pk=moving.pk)
        blkk.regency = bandung
        return save_blkk_profile(blkk, by=admin, expected_version=blkk.version)

    results = race([report_of(n) for n in range(4)] + [move])

    assert [r for r in results if not isinstance(r, StatusReport | Blkk)] == []
    columns = ["period_id", "province_id", "blkk_count", *ROLLUP_COUNTS]
    kept = list(ProvinceRollup.objects.order_by("province_id", "period_id").values_list(*columns))
    rollups.rebuild(roadmap)
    assert kept == list(ProvinceRollup.objects.order_by("province_id", "period_id").values_list(*columns))
    assert {row[1]: row[2] for row in kept} == {"32": 3, "73": 2}


@pytest.mark.django_db(transaction=True)
def test_an_update_waits_for_a_move_in_progress_and_recounts_where_the_blkk_went():
    """The update reads the BLK-Ks' provinces once the move has committed, so the province it left counts right."""
    moving = BlkkFactory(regency=Regency.objects.get(code="73.71"))
    moved = threading.Event()

    def move():
        with transaction.atomic():
            blkk = Blkk.objects.get(pk=moving.pk)
            blkk.regency = Regency.objects.get(code="32.73")
            blkk.save()  # the tallies of 73 and 32 are recounted in this transaction
            moved.set()
            threading.Event().wait(HOLD_SECONDS)  # the update starts while this holds the BLK-K's row
        return blkk

    def update():
        moved.wait(timeout=10)
        return Blkk.objects.filter(pk=moving.pk).update(regency=Regency.objects.get(code="35.78"))

    results = race([move, update])

    assert [type(result) for result in results] == [Blkk, int]
    assert Blkk.objects.get(pk=moving.pk).regency_id == "35.78"
    kept = sorted(ProvinceTally.objects.values_list("province_id", "host_type_id", "level", "status", "count"))
    kept_fields = sorted(FieldTally.objects.values_list("province_id", "field_id", "level", "count"), key=str)
    tallies.rebuild()
    assert kept == sorted(ProvinceTally.objects.values_list("province_id", "host_type_id", "level", "status", "count"))
    assert kept_fields == sorted(FieldTally.objects.values_list("province_id", "field_id", "level", "count"), key=str)
    assert {row[0] for row in kept} == {"35"}
