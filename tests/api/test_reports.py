"""Submitting and reviewing reports through the API: the pages' forms and services, the same effects."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from notices.models import Notice
from roadmap.models import Implementation, StatusReport
from tests.roadmap.pages_world import PDF

pytestmark = pytest.mark.django_db


def submission(world, implementation=None, **changes):
    implementation = Implementation.objects.get(pk=(implementation or world.own_impl).pk)
    return {
        "status": "in_progress",
        "progress": 70,
        "narrative": "Izin operasional terbit; pelatihan menjahit berjalan.",
        "version": implementation.version,
        **changes,
    }


def submit(world, role="manager", implementation=None, **data):
    url = reverse("api:implementation-report-submit", args=[(implementation or world.own_impl).pk])
    return world.api[role].post(url, data)


def test_a_manager_submits_a_report_with_evidence_and_it_is_recorded_as_the_form_records_it(world):
    evidence = SimpleUploadedFile("berita-acara.pdf", PDF, content_type="application/pdf")
    response = submit(world, **submission(world), evidence=evidence)
    assert response.status_code == 201, response.content
    body = response.json()
    report = StatusReport.objects.get(pk=body["id"])
    assert (report.progress, report.review, report.reporter) == (70, "pending", world.users["manager"])
    assert body["has_evidence"] and report.evidence_type == "pdf"
    implementation = Implementation.objects.get(pk=world.own_impl.pk)
    assert implementation.latest_report_id == report.pk and implementation.progress == 70
    history = implementation.history.order_by("-history_id").first()
    assert history.history_user == world.users["manager"] and "Triwulan" in history.history_change_reason


def test_json_works_too_without_evidence(world):
    response = world.api["manager"].post(
        reverse("api:implementation-report-submit", args=[world.own_impl.pk]),
        submission(world, status="done", progress=100),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "done"


def test_evidence_is_checked_by_its_content_not_its_name(world):
    fake = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    before = StatusReport.objects.count()
    response = submit(world, **submission(world), evidence=fake)
    assert response.status_code == 400
    assert "evidence" in response.json()["error"]["details"]
    assert StatusReport.objects.count() == before


@pytest.mark.parametrize(
    "changes",
    [{"status": "done", "progress": 50}, {"progress": 101}, {"narrative": ""}, {"status": "flying"}, {"version": "x"}],
)
def test_the_forms_rules_answer_400_with_details(world, changes):
    response = submit(world, **submission(world, **changes))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_a_body_that_is_not_an_object_is_refused(world):
    url = reverse("api:implementation-report-submit", args=[world.own_impl.pk])
    response = world.api["manager"].post(url, "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    response = world.api["manager"].post(url, "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "parse_error"


def test_a_report_sent_on_a_stale_version_answers_409_with_the_competing_report(world):
    stale = submission(world)
    first = submit(world, **stale)
    assert first.status_code == 201
    second = submit(world, **{**stale, "progress": 30})
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "conflict"
    assert error["details"]["latest_report"]["id"] == first.json()["id"]
    assert error["details"]["version"] == Implementation.objects.get(pk=world.own_impl.pk).version


def test_a_mentor_approves_a_report_and_the_national_numbers_follow(world):
    ministry = world.api["ministry"]
    before = ministry.get(reverse("api:dashboard-national")).json()["reporting"]
    url = reverse("api:report-review", args=[world.own_report.pk])
    response = world.api["mentor"].post(url, {"decision": "approve"})
    assert response.status_code == 200
    assert response.json()["review"] == "approved"
    after = ministry.get(reverse("api:dashboard-national")).json()["reporting"]
    assert after["approved"] == before["approved"] + 1 and after["pending"] == before["pending"] - 1
    assert Implementation.objects.get(pk=world.own_impl.pk).approved_progress == world.own_report.progress


def test_returning_needs_a_note_and_queues_the_managers_notice(world):
    url = reverse("api:report-review", args=[world.own_report.pk])
    refused = world.api["mentor"].post(url, {"decision": "return"})
    assert refused.status_code == 400 and "note" in refused.json()["error"]["details"]
    returned = world.api["mentor"].post(url, {"decision": "return", "note": "Lampirkan foto kegiatan."})
    assert returned.status_code == 200
    assert Notice.objects.filter(kind=Notice.Kind.REPORT_RETURNED, recipient=world.users["manager"]).exists()


def test_a_report_is_reviewed_once(world):
    url = reverse("api:report-review", args=[world.own_report.pk])
    assert world.api["mentor"].post(url, {"decision": "approve"}).status_code == 200
    again = world.api["mentor"].post(url, {"decision": "return", "note": "Terlambat."})
    assert again.status_code == 400 and again.json()["error"]["code"] == "refused"
    assert StatusReport.objects.get(pk=world.own_report.pk).review == "approved"


def test_people_who_see_a_report_but_may_not_review_it_get_403(world):
    url = reverse("api:report-review", args=[world.own_report.pk])
    for role in ("manager", "board", "ministry", "admin"):
        assert world.api[role].post(url, {"decision": "approve"}).status_code == 403
    assert StatusReport.objects.get(pk=world.own_report.pk).review == "pending"


def test_evidence_is_downloaded_by_whoever_sees_the_report_and_nobody_else(world):
    url = reverse("api:report-evidence", args=[world.own_report.pk])
    response = world.api["mentor"].get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert world.api["other_manager"].get(url).status_code == 404
    assert world.api["anonymous"].get(url).status_code == 401
