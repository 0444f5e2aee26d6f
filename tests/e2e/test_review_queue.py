"""A mentor on a phone: the review queue fits the screen, its controls take a finger, several reports go at once."""

import pytest

from roadmap.models import Implementation, StatusReport
from roadmap.services import ensure_implementations
from tests.factories import BlkkFactory, regency
from tests.roadmap.pages_world import build_world, pdf, report

TAP = 44  # px: the smallest target a finger hits reliably (WCAG 2.5.5)


@pytest.fixture
def world(manager, own_blkk, other_blkk, mentor, board_member, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world(
        manager=manager, own_blkk=own_blkk, other_blkk=other_blkk, mentor=mentor,
        board_member=board_member, admin_user=admin_user,
    )  # fmt: skip
    # A long name and a long evidence file name: what tends to push a card wider than a phone.
    long = BlkkFactory(
        name="BLK-K Pondok Pesantren Darul Istiqamah Maccopa Kabupaten Maros Sulawesi Selatan",
        managers=[world.other_manager],
        regency=regency("73.09"),
    )
    ensure_implementations(world.permit)
    implementation = Implementation.objects.get(programme=world.permit, blkk=long)
    evidence = pdf("bukti_kegiatan_" + "x" * 60 + ".pdf")
    report(implementation, world.other_manager, period=world.period, evidence=evidence)
    return world


def too_small(page, selector):
    """The boxes matched by `selector` (visible ones) smaller than a fingertip, as (selector, width, height)."""
    small = []
    for box in page.locator(selector).all():
        if not box.is_visible():
            continue
        size = box.bounding_box()
        if size["width"] < TAP or size["height"] < TAP:
            small.append((selector, round(size["width"]), round(size["height"])))
    return small


@pytest.mark.parametrize("width", [390, 320])
def test_the_queue_fits_a_phone_and_every_control_takes_a_finger(world, page, login_as, mentor, width):
    page.set_viewport_size({"width": width, "height": 800})
    login_as(mentor)
    page.goto("/review/")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("innerWidth")
    assert page.get_by_test_id("backlog-waiting").inner_text() == "3"
    page.locator("details summary").click()  # the filters open, and must fit too
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("innerWidth")
    small = []
    for selector in (
        "main .review-form button",
        "main .queue-select",
        "main .queue-bulk button",
        "main .queue-evidence",
        "main details summary",
    ):
        small += too_small(page, selector)
    assert small == []


def test_a_mentor_lands_on_the_queue_and_approves_two_reports_at_once(world, page, login_as, mentor):
    page.set_viewport_size({"width": 390, "height": 800})
    login_as(mentor)
    page.wait_for_url("**/review/")
    page.locator(f"#select-{world.own_report.pk}").check()
    page.locator(f"#select-{world.other_report.pk}").check()
    with page.expect_navigation():
        page.locator("#bulk-approve button[type=submit]").click()
    assert "2 laporan telah disetujui" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("backlog-waiting").inner_text() == "1"
    reviews = dict(StatusReport.objects.values_list("pk", "review"))
    assert reviews[world.own_report.pk] == reviews[world.other_report.pk] == StatusReport.Review.APPROVED
