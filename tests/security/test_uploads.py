"""Uploaded files: stored under generated names, served only through the access rules, as downloads.

The multipart bodies are written by hand so the file name reaches the server exactly as an
attacker would send it: with `../`, backslashes and a NUL byte.
"""

import re
import uuid
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum.models import Decree
from roadmap.models import StatusReport
from tests.factories import DecreeFactory, StatusReportFactory
from tests.roadmap.pages_world import PDF, world_fixture

world = pytest.fixture(world_fixture, name="world")

HOSTILE_NAMES = ["../../../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "bukti\x00../../x.pdf"]


def multipart(fields, file_field, filename, content):
    """A multipart/form-data body whose file part carries `filename` byte for byte."""
    boundary = f"blkk-{uuid.uuid4().hex}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def post_multipart(client, url, fields, file_field, filename, content=PDF):
    body, content_type = multipart(fields, file_field, filename, content)
    return client.post(url, data=body, content_type=content_type)


def post_evidence(client, implementation, filename, content=PDF):
    """Send a report on the implementation, its evidence file named `filename`."""
    implementation.refresh_from_db()
    fields = {"status": "in_progress", "progress": "60", "narrative": "Berkas.", "version": implementation.version}
    url = reverse("roadmap:report-create", args=[implementation.pk])
    return post_multipart(client, url, fields, "evidence", filename, content)


def sign_with_upload(client, filename):
    """A draft decree signed through Django admin with a PDF named `filename`; returns it and the response."""
    decree = DecreeFactory(decree_date=timezone.localdate(), effective_from=timezone.localdate())
    url = reverse("admin:forum_decree_sign", args=[decree.pk])
    response = post_multipart(
        client, url, {"signed_on": timezone.localdate().isoformat(), "accept_unsigned": "on"}, "signed_file", filename
    )
    decree.refresh_from_db()
    return decree, response


def stored_files(root):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


class TestEvidence:
    @pytest.mark.parametrize("filename", HOSTILE_NAMES)
    def test_a_hostile_file_name_never_reaches_the_file_system(self, client, manager, world, settings, filename):
        client.force_login(manager)
        before = stored_files(settings.MEDIA_ROOT)

        response = post_evidence(client, world.own_impl, filename)

        assert response.status_code == 302
        report = StatusReport.objects.filter(implementation=world.own_impl).order_by("-pk").first()
        assert re.fullmatch(r"evidence/\d+/[0-9a-f]{32}", report.evidence.name)
        assert "\x00" not in report.evidence_name and "/" not in report.evidence_name
        assert "\\" not in report.evidence_name
        new_files = sorted(set(stored_files(settings.MEDIA_ROOT)) - set(before))
        assert new_files == [report.evidence.name]
        assert Path(settings.MEDIA_ROOT, report.evidence.name).read_bytes() == PDF

    def test_a_download_is_an_attachment_typed_by_content_and_not_sniffed(self, client, manager, world):
        client.force_login(manager)

        response = client.get(reverse("roadmap:report-evidence", args=[world.own_report.pk]))

        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="bukti.pdf"'
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == PDF

    def test_the_download_name_keeps_nothing_that_could_form_a_path(self, client, manager, world):
        # Reports are append-only (the stored name cannot be edited): a second report on the
        # same file, stored under a hostile name.
        stored = world.own_report
        report = StatusReportFactory(
            implementation=stored.implementation,
            period=stored.period,
            reporter=manager,
            evidence=stored.evidence.name,
            evidence_name='..\\..\\"a b";x\r\n.pdf',
            evidence_type=stored.evidence_type,
        )
        client.force_login(manager)

        disposition = client.get(reverse("roadmap:report-evidence", args=[report.pk]))["Content-Disposition"]

        assert re.fullmatch(r'attachment; filename="[A-Za-z0-9_-]+\.pdf"', disposition)

    @pytest.mark.parametrize(
        "role,status",
        [("manager", 200), ("mentor", 200), ("ministry", 200), ("admin_user", 200), ("plain_user", 404)],
    )
    def test_downloads_follow_the_access_rules(self, client, request, world, role, status):
        client.force_login(request.getfixturevalue(role))

        assert client.get(reverse("roadmap:report-evidence", args=[world.own_report.pk])).status_code == status

    def test_another_blkks_manager_gets_not_found(self, client, world):
        client.force_login(world.far_manager)

        assert client.get(reverse("roadmap:report-evidence", args=[world.own_report.pk])).status_code == 404

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, world):
        response = client.get(reverse("roadmap:report-evidence", args=[world.own_report.pk]))

        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))

    def test_a_file_that_only_claims_to_be_a_pdf_is_refused_and_not_stored(self, client, manager, world, settings):
        client.force_login(manager)
        before = stored_files(settings.MEDIA_ROOT)

        response = post_evidence(client, world.own_impl, "laporan.pdf", b"<html><script>alert(1)</script></html>")

        assert response.status_code == 200
        assert "evidence" in response.context["form"].errors
        assert stored_files(settings.MEDIA_ROOT) == before


class TestSignedDecree:
    @pytest.fixture
    def admin_client(self, admin_user, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        client = Client()
        client.force_login(admin_user)
        return client

    @pytest.mark.parametrize("filename", HOSTILE_NAMES)
    def test_a_hostile_file_name_never_reaches_the_file_system(self, admin_client, settings, filename):
        decree, response = sign_with_upload(admin_client, filename)

        assert response.status_code == 302
        assert decree.status == Decree.Status.SIGNED
        assert re.fullmatch(r"decrees/\d{4}/[A-Za-z0-9_-]+-[0-9a-f]{16}\.pdf", decree.signed_file.name)
        assert stored_files(settings.MEDIA_ROOT) == [decree.signed_file.name]

    def test_the_signed_file_downloads_as_an_attachment_named_after_the_number(self, admin_client):
        decree, _ = sign_with_upload(admin_client, "../sk.pdf")

        response = admin_client.get(reverse("admin:forum_decree_signed_file", args=[decree.pk]))

        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="{decree.file_stem()}-signed.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF

    def test_nobody_but_admins_downloads_the_signed_file(self, admin_client, ministry):
        decree, _ = sign_with_upload(admin_client, "sk.pdf")
        staff_of_ministry = Client()
        staff_of_ministry.force_login(ministry)

        response = staff_of_ministry.get(reverse("admin:forum_decree_signed_file", args=[decree.pk]))

        assert response.status_code == 302
        assert "/admin/login/" in response.url
