"""Work killed half-way leaves nothing half-written.

Each multi-step write is interrupted after its first writes: by an exception injected
into a later step (in the service, and through a real HTTP request, where
ATOMIC_REQUESTS holds the transaction), and on PostgreSQL by SIGKILLing a process that
holds an open transaction. Afterwards every count and field is what it was before.
"""

import datetime
import signal
import subprocess
import time
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection, transaction
from django.test import Client
from django.urls import reverse

from forum import services as forum_services
from forum.models import Decree
from forum.services import sign_decree
from registry.models import Blkk, Mentorship
from roadmap import services as roadmap_services
from roadmap.models import Implementation
from roadmap.services import submit_report
from tests.factories import (
    BlkkFactory,
    DecreeFactory,
    ForumFactory,
    ImplementationFactory,
    ReportingPeriodFactory,
    RoadmapFactory,
    UserFactory,
    centre,
)

from .conftest import PYTHON, ROOT, database_url, files_under, portal_environment, postgres_only, written_state

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
Status = Implementation.Status


class Interrupted(Exception):
    """The fault injected into the middle of a workflow."""


def interrupt(*args, **kwargs):
    raise Interrupted("killed mid-transaction")


def evidence():
    return SimpleUploadedFile("notulen.pdf", PDF, content_type="application/pdf")


def report_on(implementation, period, user, **extra):
    return submit_report(
        implementation,
        user=user,
        period=period,
        status=Status.IN_PROGRESS,
        progress=40,
        narrative="Pelatihan menjahit angkatan kedua selesai.",
        expected_version=implementation.version,
        **extra,
    )


@pytest.mark.parametrize("step", ["_save_implementation", "_after_report_change"])
def test_a_report_interrupted_after_its_first_write_leaves_nothing(reporting, manager, media, step):
    implementation, period = reporting
    before = written_state(implementation)

    with mock.patch.object(roadmap_services, step, side_effect=interrupt), pytest.raises(Interrupted):
        report_on(implementation, period, manager)

    assert written_state(implementation) == before


def test_an_interrupted_report_leaves_no_evidence_file_behind(reporting, manager, media):
    implementation, period = reporting

    with mock.patch.object(roadmap_services, "_after_report_change", side_effect=interrupt), pytest.raises(Interrupted):
        report_on(implementation, period, manager, evidence=evidence())

    assert files_under(media) == {}


def report_form_data(implementation):
    return {
        "status": Status.IN_PROGRESS.value,
        "progress": "40",
        "narrative": "Pelatihan menjahit angkatan kedua selesai.",
        "version": str(implementation.version),
    }


@pytest.mark.parametrize(
    ("fault", "status"),
    [(Interrupted("a bug in a later step"), 500), (OperationalError("server closed the connection"), 503)],
)
def test_a_report_request_that_fails_half_way_leaves_nothing(reporting, manager, media, fault, status):
    implementation, period = reporting
    client = Client(raise_request_exception=False)
    client.force_login(manager)
    before = written_state(implementation)

    with mock.patch.object(roadmap_services, "_after_report_change", side_effect=fault):
        response = client.post(
            reverse("roadmap:report-create", args=[implementation.pk]),
            {**report_form_data(implementation), "evidence": evidence()},
        )

    assert response.status_code == status
    assert written_state(implementation) == before


@pytest.fixture
def decree_world(admin_user, media):
    """A forum whose signed mentor decree (two annex BLK-Ks) a draft is about to supersede."""
    forum = ForumFactory()
    annex = [BlkkFactory(), BlkkFactory()]
    current = DecreeFactory(forum=forum, centre=centre("BBPVP Makassar"))
    current.annex_blkks.set(annex)
    current = sign_decree(
        current,
        SimpleUploadedFile("sk.pdf", PDF),
        user=admin_user,
        signed_on=datetime.date(2022, 1, 3),
        accept_unsigned=True,
    )
    draft = DecreeFactory(forum=forum, centre=centre("BBPVP Semarang"), supersedes=current)
    draft.annex_blkks.set([annex[0], BlkkFactory()])
    return current, draft


def decree_state():
    return {
        "decrees": list(Decree.objects.values_list("pk", "status", "signed_sha256", "signed_file").order_by("pk")),
        "decree_history": Decree.history.count(),
        "mentorships": list(Mentorship.objects.values_list("pk", "centre_id", "source", "ended_on").order_by("pk")),
        "mentor_centres": list(Blkk.objects.values_list("pk", "mentor_centre_id", "version").order_by("pk")),
    }


@pytest.mark.parametrize("step", ["_start_mentorships", "_record_signature"])
def test_a_signing_interrupted_after_the_old_decree_was_superseded_leaves_nothing(
    decree_world, admin_user, media, step
):
    _, draft = decree_world
    before, files_before = decree_state(), files_under(media)

    with mock.patch.object(forum_services, step, side_effect=interrupt), pytest.raises(Interrupted):
        sign_decree(draft, SimpleUploadedFile("sk-baru.pdf", PDF), user=admin_user, accept_unsigned=True)

    assert decree_state() == before
    assert files_under(media) == files_before


def test_a_signing_whose_final_save_fails_removes_the_file_it_stored(decree_world, admin_user, media):
    _, draft = decree_world
    before, files_before = decree_state(), files_under(media)

    failing_save = mock.patch.object(Decree, "save_by_workflow", autospec=True, side_effect=interrupt)
    with failing_save, pytest.raises(Interrupted):
        sign_decree(draft, SimpleUploadedFile("sk-baru.pdf", PDF), user=admin_user, accept_unsigned=True)

    assert decree_state() == before
    assert files_under(media) == files_before


# A report submission in a process of its own that stops, transaction open, after its
# writes; the test SIGKILLs it there.
STALLED_SUBMISSION = r"""
import sys, time
import django
django.setup()
from accounts.models import User
from roadmap import services
from roadmap.models import Implementation, ReportingPeriod

def stall(report):
    print("written", report.pk, flush=True)
    time.sleep(120)

services._after_report_change = stall
implementation = Implementation.objects.get(pk=int(sys.argv[1]))
services.submit_report(
    implementation, user=User.objects.get(pk=int(sys.argv[2])), period=ReportingPeriod.objects.get(pk=int(sys.argv[3])),
    status="in_progress", progress=40, narrative="Killed before commit.", expected_version=implementation.version,
)
"""


def lock_is_free(implementation):
    try:
        with transaction.atomic():
            Implementation.objects.select_for_update(nowait=True).get(pk=implementation.pk)
    except OperationalError:
        return False
    return True


@postgres_only[0]
@postgres_only[1]
def test_a_process_killed_before_commit_leaves_no_rows_and_no_locks(transactional_db, tmp_path):
    manager = UserFactory(username="pengelola-sigkill", roles=["blkk_manager"])
    roadmap = RoadmapFactory()
    period = ReportingPeriodFactory(roadmap=roadmap)
    implementation = ImplementationFactory(programme__pillar__roadmap=roadmap, blkk=BlkkFactory(managers=[manager]))
    before = written_state(implementation)
    environment = portal_environment(DATABASE_URL=database_url(), MEDIA_ROOT=tmp_path, LOG_LEVEL="CRITICAL")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [PYTHON, "-c", STALLED_SUBMISSION, str(implementation.pk), str(manager.pk), str(period.pk)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("written"), process.stderr.read()[-3000:] if process.poll() is not None else line
        # The rows exist inside the open transaction: invisible here, and the row lock is held.
        assert written_state(implementation) == before
        assert not lock_is_free(implementation)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()

    # PostgreSQL aborts the dead client's transaction once it notices the closed socket.
    deadline = time.monotonic() + 15
    while not lock_is_free(implementation) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert lock_is_free(implementation)
    assert written_state(implementation) == before
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' AND datname = %s",
            [connection.settings_dict["NAME"]],
        )
        assert cursor.fetchone()[0] == 0
