"""The implementation page, the report form (with its conflict page), report pages and evidence downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from roadmap.models import Implementation, StatusReport
from roadmap.services import review_report

from .pages_world import PDF, PNG, days, pdf, report, world_fixture

pytestmark = pytest.mark.django_db
world = pytest.fixture(world_fixture, name="world")
Status = Implementation.Status
Review = StatusReport.Review


def report_url(implementation, **query):
    url = reverse("roadmap:report-create", args=[implementation.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def form_data(implementation, **changes):
    implementation.refresh_from_db()
    data = {
        "status": "in_progress",
        "progress": "60",
        "narrative": "Berkas izin sudah diserahkan ke dinas.",
        "version": implementation.version,
    }
    return {**data, **changes}


class TestImplementationPage:
    def test_lists_the_reports_newest_first_with_the_report_button(self, client, manager, world):
        second = report(world.own_impl, manager, period=world.period, progress=50, narrative="Laporan kedua.")
        client.force_login(manager)
        response = client.get(world.own_impl.get_absolute_url())
        assert response.context["reports"] == [second, world.own_report]
        assert report_url(world.own_impl) in response.content.decode()

    def test_readers_who_may_not_report_get_no_button(self, client, mentor, world):
        client.force_login(mentor)
        response = client.get(world.own_impl.get_absolute_url())
        assert response.status_code == 200
        assert report_url(world.own_impl) not in response.content.decode()

    def test_a_returned_report_shows_its_note_and_a_resubmit_button(self, client, manager, mentor, world):
        review_report(world.own_report, user=mentor, approve=False, note="Lampirkan salinan izin.")
        client.force_login(manager)
        page = client.get(world.own_impl.get_absolute_url()).content.decode()
        assert "Lampirkan salinan izin." in page
        assert f"{report_url(world.own_impl)}?corrects={world.own_report.pk}" in page


class TestReportForm:
    def test_names_the_current_period_and_carries_the_version(self, client, manager, world):
        client.force_login(manager)
        response = client.get(report_url(world.own_impl))
        assert response.context["period"] == world.period
        assert response.context["form"].initial["version"] == world.own_impl.version == 1
        assert 'name="version"' in response.content.decode()

    def test_a_report_with_pdf_evidence_is_sent_and_the_manager_returns_to_the_implementation(
        self, client, manager, world
    ):
        client.force_login(manager)
        data = form_data(world.own_impl, evidence=pdf("Berita acara.pdf"))
        response = client.post(report_url(world.own_impl), data, follow=True)
        assert response.redirect_chain[-1][0] == world.own_impl.get_absolute_url()
        created = StatusReport.objects.filter(implementation=world.own_impl).order_by("-pk").first()
        assert (created.progress, created.reporter, created.evidence_type) == (60, manager, "pdf")
        assert created.evidence_name == "Berita acara.pdf"
        assert [m.level_tag for m in response.context["messages"]] == ["success"]

    @pytest.mark.parametrize(
        "changes,field",
        [
            ({"progress": "150"}, "progress"),
            ({"progress": "-1"}, "progress"),
            ({"progress": "banyak"}, "progress"),
            ({"status": "x"}, "status"),
            ({"status": "done", "progress": "50"}, "progress"),
            ({"status": "not_started", "progress": "10"}, "progress"),
            ({"narrative": ""}, "narrative"),
            ({"version": "abc"}, "version"),
            ({"corrects": "abc"}, "corrects"),
        ],
    )
    def test_garbage_input_gives_errors_beside_the_fields(self, client, manager, world, changes, field):
        client.force_login(manager)
        before = StatusReport.objects.count()
        response = client.post(report_url(world.own_impl), form_data(world.own_impl, **changes))
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert StatusReport.objects.count() == before

    @pytest.mark.parametrize(
        "upload",
        [
            SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"),
            SimpleUploadedFile("kosong.png", b"", content_type="image/png"),
        ],
    )
    def test_evidence_is_checked_by_its_content(self, client, manager, world, upload):
        client.force_login(manager)
        response = client.post(report_url(world.own_impl), form_data(world.own_impl, evidence=upload))
        assert "evidence" in response.context["form"].errors

    def test_evidence_over_10_mb_is_refused_beside_the_field(self, client, manager, world):
        client.force_login(manager)
        big = SimpleUploadedFile("besar.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
        response = client.post(report_url(world.own_impl), form_data(world.own_impl, evidence=big))
        assert response.status_code == 200
        assert "evidence" in response.context["form"].errors

    def test_a_locked_period_shows_a_message_instead_of_the_form(self, client, manager, world):
        world.period.locked = True
        world.period.save()
        client.force_login(manager)
        response = client.get(report_url(world.own_impl))
        assert "form" not in response.context
        assert "No reporting period of this roadmap is open" in response.content.decode()
        response = client.post(report_url(world.own_impl), form_data(world.own_impl))
        assert "form" not in response.context

    def test_without_an_open_period_the_next_opening_is_named(self, client, manager, world):
        world.period.opens_on = days(5)
        world.period.save()
        client.force_login(manager)
        response = client.get(report_url(world.own_impl))
        assert response.context["upcoming"] == world.period

    def test_a_late_report_is_announced_before_sending(self, client, manager, world):
        world.period.due_on = days(-1)
        world.period.save()
        client.force_login(manager)
        assert "marked late" in client.get(report_url(world.own_impl)).content.decode()


def test_the_report_form_still_checks_the_csrf_token(manager, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.post(report_url(world.own_impl), form_data(world.own_impl))
    assert response.status_code == 403
    assert not StatusReport.objects.filter(implementation=world.own_impl, progress=60).exists()


class TestConflict:
    def test_the_second_manager_sees_the_first_report_beside_their_own(self, client, manager, world):
        second_manager = world.other_manager
        world.own_impl.blkk.managers.add(second_manager)
        client.force_login(manager)
        stale = form_data(world.own_impl, narrative="Versi saya.", progress="70")
        report(world.own_impl, second_manager, period=world.period, progress=55, narrative="Versi rekan.")
        response = client.post(report_url(world.own_impl), stale)
        assert response.status_code == 409
        page = response.content.decode()
        assert "another report on this programme was sent. Nothing of yours has been saved yet" in page
        assert "Versi rekan." in page and "Versi saya." in page
        assert second_manager.display_name in page
        retry = response.context["form"]
        world.own_impl.refresh_from_db()
        assert retry.initial["version"] == world.own_impl.version
        assert retry.initial["corrects"] == world.own_impl.latest_report_id
        assert retry.initial["progress"] == 70
        assert world.own_impl.get_absolute_url() in page  # "keep theirs"

    def test_the_same_form_sent_twice_is_recorded_once(self, client, manager, world):
        client.force_login(manager)
        data = form_data(world.own_impl)
        assert client.post(report_url(world.own_impl), data).status_code == 302
        response = client.post(report_url(world.own_impl), data, follow=True)
        assert response.redirect_chain[-1][0] == world.own_impl.get_absolute_url()
        assert [m.level_tag for m in response.context["messages"]][-1] == "info"
        assert StatusReport.objects.filter(implementation=world.own_impl).count() == 2

    def test_submitting_mine_anyway_records_it_as_a_correction(self, client, manager, world):
        world.own_impl.blkk.managers.add(world.other_manager)
        client.force_login(manager)
        stale = form_data(world.own_impl, narrative="Versi saya.")
        theirs = report(world.own_impl, world.other_manager, period=world.period, narrative="Versi rekan.")
        retry = client.post(report_url(world.own_impl), stale).context["form"].initial
        data = {**stale, "version": retry["version"], "corrects": retry["corrects"]}
        assert client.post(report_url(world.own_impl), data).status_code == 302
        mine = StatusReport.objects.get(narrative="Versi saya.")
        assert mine.corrects == theirs
        assert StatusReport.objects.filter(implementation=world.own_impl).count() == 3


class TestResubmission:
    def test_starts_from_the_returned_report_and_records_what_it_corrects(self, client, manager, mentor, world):
        review_report(world.own_report, user=mentor, approve=False, note="Lampirkan salinan izin.")
        client.force_login(manager)
        url = report_url(world.own_impl, corrects=world.own_report.pk)
        initial = client.get(url).context["form"].initial
        assert (initial["narrative"], initial["corrects"]) == (world.own_report.narrative, world.own_report.pk)
        data = form_data(world.own_impl, corrects=world.own_report.pk, evidence=pdf("izin.pdf"))
        assert client.post(url, data).status_code == 302
        world.own_impl.refresh_from_db()
        assert world.own_impl.latest_report.corrects == world.own_report

    @pytest.mark.parametrize("value", ["abc", "999999", "-1"])
    def test_a_forged_or_garbage_corrects_id_is_ignored_when_prefilling(self, client, manager, world, value):
        client.force_login(manager)
        response = client.get(report_url(world.own_impl, corrects=value))
        assert response.status_code == 200
        assert "corrects" not in response.context["form"].initial

    def test_another_blkks_report_cannot_be_corrected(self, client, manager, world):
        client.force_login(manager)
        data = form_data(world.own_impl, corrects=world.far_report.pk)
        response = client.post(report_url(world.own_impl), data)
        assert "corrects" in response.context["form"].errors


class TestReportPage:
    def test_shows_the_report_its_evidence_and_review(self, client, manager, mentor, world):
        review_report(world.own_report, user=mentor, approve=False, note="Foto kegiatan kurang jelas.")
        client.force_login(manager)
        response = client.get(world.own_report.get_absolute_url())
        page = response.content.decode()
        assert "Foto kegiatan kurang jelas." in page
        assert reverse("roadmap:report-evidence", args=[world.own_report.pk]) in page
        assert response.context["can_resubmit"] and not response.context["can_review"]

    def test_the_mentor_gets_the_review_form(self, client, mentor, world):
        client.force_login(mentor)
        response = client.get(world.own_report.get_absolute_url())
        assert response.context["can_review"]
        assert reverse("roadmap:report-review", args=[world.own_report.pk]) in response.content.decode()


class TestEvidenceDownload:
    def test_streams_the_file_as_an_attachment_typed_by_its_checked_content(self, client, manager, world):
        client.force_login(manager)
        response = client.get(reverse("roadmap:report-evidence", args=[world.own_report.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="bukti.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF

    def test_a_hostile_file_name_becomes_a_safe_one_with_the_checked_extension(self, client, manager, world):
        upload = SimpleUploadedFile('../"evil"\r\nname.html', PNG, content_type="text/html")
        created = report(world.own_impl, manager, period=world.period, evidence=upload)
        client.force_login(manager)
        response = client.get(reverse("roadmap:report-evidence", args=[created.pk]))
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"] == 'attachment; filename="evil_name.png"'

    def test_a_report_without_evidence_answers_404(self, client, manager, world):
        created = report(world.own_impl, manager, period=world.period)
        client.force_login(manager)
        assert client.get(reverse("roadmap:report-evidence", args=[created.pk])).status_code == 404

    def test_a_file_missing_from_storage_answers_404(self, client, manager, world):
        world.own_report.evidence.storage.delete(world.own_report.evidence.name)
        client.force_login(manager)
        assert client.get(reverse("roadmap:report-evidence", args=[world.own_report.pk])).status_code == 404


def test_the_implementation_page_pins_its_query_count(client, manager, world, django_assert_num_queries):
    # session, user, savepoint, the user's groups, implementation with programme, pillar,
    # roadmap, BLK-K, regency and province, its visible reports with period, reporter and
    # reviewer, may report, release savepoint.
    client.force_login(manager)
    with django_assert_num_queries(8):
        client.get(world.own_impl.get_absolute_url())
    for number in range(8):
        report(world.own_impl, manager, period=world.period, narrative=f"Laporan {number}.")
    with django_assert_num_queries(8):
        response = client.get(world.own_impl.get_absolute_url())
    assert len(response.context["reports"]) == 9
