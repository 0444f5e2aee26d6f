"""The reporting journey in a browser: report with evidence, returned, resubmitted, approved, scored.

`pengelola.alfakhriyah` reports progress on a programme with a PDF as evidence;
`pembina.makassar` (BBPVP Makassar, mentoring Sulawesi Selatan) returns it with a note;
the manager resubmits from the returned report; the mentor approves; the BLK-K's roadmap
score on its progress section moves from 0 to the approved progress, weighted by pillar.
Selectors use ids, names and URLs, so the journey holds whatever the translations say.
"""

import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role
from roadmap.models import Implementation, StatusReport
from roadmap.services import ensure_implementations
from tests.factories import (
    BlkkFactory,
    MentorshipFactory,
    PillarFactory,
    ProgrammeFactory,
    ReportingPeriodFactory,
    RoadmapFactory,
    UserFactory,
    centre,
    province,
    regency,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def journey(transactional_db, settings, tmp_path):
    """The people and the roadmap, made before the browser starts (see tests/e2e/conftest.py)."""
    settings.MEDIA_ROOT = tmp_path
    manager = UserFactory(username="pengelola.alfakhriyah", full_name="Ahmad Fauzi", roles=[Role.MANAGER])
    blkk = BlkkFactory(name="BLK-K PP Multidimensi Al-Fakhriyah", regency=regency("73.71"), managers=[manager])
    mentor = UserFactory(username="pembina.makassar", full_name="Andi Makkasau", roles=[Role.MENTOR])
    centre("BBPVP Makassar").staff.add(mentor)
    MentorshipFactory(centre=centre("BBPVP Makassar"), province=province("73"), starts_on=days(-400))
    roadmap = RoadmapFactory(title="Peta Jalan Kemandirian BLK Komunitas", end_year=timezone.localdate().year + 1)
    legal = PillarFactory(roadmap=roadmap, number=1, name="Kelembagaan dan legalitas", weight=2)
    training = PillarFactory(roadmap=roadmap, number=2, name="Program pelatihan", weight=1)
    dates = {"starts_on": datetime.date(2022, 1, 1), "ends_on": days(400)}
    for pillar, code, title in [(legal, "P1.01", "Izin operasional LPK"), (training, "P2.01", "Sertifikasi")]:
        ensure_implementations(ProgrammeFactory(pillar=pillar, code=code, title=title, **dates))
    ReportingPeriodFactory(
        roadmap=roadmap,
        label="Triwulan berjalan",
        starts_on=days(-10),
        ends_on=days(10),
        opens_on=days(-10),
        due_on=days(20),
    )
    permit = Implementation.objects.get(blkk=blkk, programme__code="P1.01")
    return manager, mentor, blkk, permit


def sign_out(page):
    page.locator("#account-menu").click()
    page.locator("form[action='/accounts/logout/'] button").click()
    page.wait_for_url("**/accounts/login/**")


def score_on_progress_page(page, blkk):
    page.goto(f"/blkk/{blkk.pk}/progress/")
    return page.get_by_test_id("roadmap-score").inner_text()


def review(page, blkk, decision, note=""):
    page.goto("/review/")
    card = page.locator("main article.card").filter(has_text=blkk.name).first
    if note:
        card.locator("textarea[name=note]").fill(note)
    with page.expect_navigation():
        card.locator(f"button[name=decision][value={decision}]").click()


def test_report_return_resubmit_approve_and_the_score_follows(journey, page, login_as):
    manager, mentor, blkk, permit = journey

    login_as(manager)
    assert score_on_progress_page(page, blkk).startswith("0,0")
    page.goto("/my-programmes/")
    page.locator(f"a[href='/implementations/{permit.pk}/report/']").click()
    page.wait_for_url(f"**/implementations/{permit.pk}/report/")
    page.select_option("#id_status", "in_progress")
    page.fill("#id_progress", "60")
    page.fill("#id_narrative", "Berkas izin operasional sudah diserahkan ke Disnaker Kota Makassar.")
    page.set_input_files(
        "#id_evidence", files=[{"name": "tanda-terima.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/implementations/{permit.pk}/")
    assert page.locator(".messages .alert-success").is_visible()
    assert page.locator("a[href$='/evidence/']").first.inner_text() == "tanda-terima.pdf"
    sign_out(page)

    login_as(mentor)
    review(page, blkk, "return", note="Lampirkan juga salinan surat izin yang sudah terbit.")
    assert page.locator(".messages .alert-success").is_visible()
    assert page.locator("main article.card").count() == 0
    sign_out(page)

    login_as(manager)
    page.goto("/my-programmes/")
    assert "Lampirkan juga salinan surat izin" in page.locator("main").inner_text()
    page.locator(f"a[href^='/implementations/{permit.pk}/report/?corrects=']").click()
    assert page.locator("#id_narrative").input_value().startswith("Berkas izin operasional")
    page.fill("#id_progress", "80")
    page.fill("#id_narrative", "Surat izin sudah terbit; salinannya terlampir.")
    page.set_input_files(
        "#id_evidence", files=[{"name": "surat-izin.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/implementations/{permit.pk}/")
    assert score_on_progress_page(page, blkk).startswith("0,0")  # waiting for review: nothing counts yet
    sign_out(page)

    login_as(mentor)
    review(page, blkk, "approve")
    assert page.locator(".messages .alert-success").is_visible()

    # Pillar 1 (weight 2) at 80, pillar 2 (weight 1) at 0: (2 × 80 + 1 × 0) / 3 = 53.3.
    assert score_on_progress_page(page, blkk).startswith("53,3")
    assert page.evaluate("() => typeof window.Chart") == "function"
    reports = StatusReport.objects.filter(implementation=permit).order_by("submitted_at")
    assert [r.review for r in reports] == [StatusReport.Review.RETURNED, StatusReport.Review.APPROVED]
    assert reports[1].corrects == reports[0]
