"""On a phone (390 px, and the narrowest common 320 px) no main page scrolls sideways.

Wide tables scroll inside their own box or stack into cards; everything else reflows.
Every role opens every main page it uses, its landing page first.
"""

import pytest
from django.urls import reverse

from forum.models import Decree
from roadmap.models import Implementation
from tests.factories import BlkkFactory, MeetingFactory, centre, regency
from tests.roadmap.pages_world import build_world, days

WIDTHS = (390, 320)
REVIEW_QUEUE = reverse("roadmap:review-queue")


@pytest.fixture
def world(manager, own_blkk, other_blkk, mentor, board_member, admin_user, ministry, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for number in range(12):  # enough directory rows for level badges in every column
        BlkkFactory(name=f"BLK-K Pondok Pesantren Nurul Huda {number}", regency=regency("73.71"))
    world = build_world(
        manager=manager, own_blkk=own_blkk, other_blkk=other_blkk, mentor=mentor,
        board_member=board_member, admin_user=admin_user,
    )  # fmt: skip
    world.meeting = MeetingFactory(forum=world.sulsel, starts_on=days(-30), ends_on=days(-29))
    world.meeting.attendees.add(own_blkk, other_blkk)
    world.decree = Decree.objects.get(forum=world.sulsel, kind=Decree.Kind.MENTOR)
    return world


def main_pages(world, own_blkk):
    """The pages each role opens, by role: its landing page ("/") first."""
    makassar = centre()
    certify = Implementation.objects.get(programme=world.certify, blkk=own_blkk)
    everyone = [
        reverse("home"),
        reverse("registry:blkk-list"),
        own_blkk.get_absolute_url(),
        reverse("roadmap:blkk-progress", args=[own_blkk.pk]),
        reverse("registry:centre-list"),
        makassar.get_absolute_url(),
        reverse("registry:province-list"),
        reverse("registry:province-detail", args=["73"]),
        reverse("forum:forum-list"),
        world.sulsel.get_absolute_url(),
        world.meeting.get_absolute_url(),
        reverse("forum:verify"),
        reverse("forum:verify-decree", args=[world.decree.token]),
        reverse("roadmap:roadmap-list"),
        world.roadmap.get_absolute_url(),
        world.permit.get_absolute_url(),
        world.own_impl.get_absolute_url(),
        reverse("accounts:two-factor"),
    ]
    dashboards = [
        reverse("dashboards:national"),
        reverse("dashboards:province", args=["73"]),
        reverse("dashboards:forum", args=[world.sulsel.pk]),
        reverse("dashboards:centre", args=[makassar.pk]),
        reverse("dashboards:blkks") + "?province=73",
        reverse("dashboards:implementations") + "?state=running",
    ]
    return {
        "ministry": [*everyone, *dashboards, reverse("audit:log")],
        "admin": [*everyone, *dashboards, reverse("audit:log")],
        "mentor": [*everyone, reverse("dashboards:centre", args=[makassar.pk]), world.own_report.get_absolute_url()],
        "board_member": [*everyone, reverse("dashboards:forum", args=[world.sulsel.pk])],
        "manager": [
            *everyone,
            reverse("roadmap:my-programmes"),
            reverse("roadmap:report-create", args=[certify.pk]),
            world.own_report.get_absolute_url(),
        ],
    }


def too_wide_pages(page, live_server, urls):
    """(url, width, scrollWidth) of every page wider than the window at each phone width."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        for url in urls:
            response = page.goto(live_server.url + url)
            assert response.status == 200, (url, response.status)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > page.evaluate("innerWidth"):
                found.append((url, width, scroll_width))
    return found


@pytest.mark.parametrize("role", ["ministry", "admin", "mentor", "board_member", "manager"])
def test_no_main_page_of_the_role_is_wider_than_the_phone(world, page, login_as, live_server, own_blkk, request, role):
    login_as(request.getfixturevalue(role if role != "admin" else "admin_user"))

    assert too_wide_pages(page, live_server, main_pages(world, own_blkk)[role]) == []


def test_the_review_queue_is_not_wider_than_the_phone(world, page, login_as, live_server, mentor):
    login_as(mentor)

    assert too_wide_pages(page, live_server, [REVIEW_QUEUE]) == []


TAP_TARGET_PX = 44


@pytest.mark.parametrize("width", WIDTHS)
def test_on_a_phone_each_report_button_is_whole_tap_sized_and_under_its_one_line_due_date(
    world, page, login_as, live_server, manager, width
):
    page.set_viewport_size({"width": width, "height": 844})
    login_as(manager)
    page.goto(live_server.url + reverse("roadmap:my-programmes"))

    rows = page.locator("main table tbody tr")
    assert rows.count() == 1  # P2.01; P1.01 has its report for the period already
    for index in range(rows.count()):
        row = rows.nth(index)
        button = row.get_by_role("link", name="Laporkan").bounding_box()
        assert button["x"] >= 0 and button["x"] + button["width"] <= width
        assert button["height"] >= TAP_TARGET_PX
        assert button["width"] >= width * 0.75  # across the card, where either thumb reaches
        due = row.locator("time")
        assert due.evaluate("element => element.getClientRects().length") == 1  # one line
        assert due.bounding_box()["y"] < button["y"]  # the action closes the card


@pytest.mark.parametrize(
    ("width", "layout"), [(390, "cards"), (320, "cards"), (1366, "table")], ids=["390", "320", "1366"]
)
def test_the_directory_is_cards_on_a_phone_and_a_table_on_a_desktop(
    world, page, login_as, live_server, manager, width, layout
):
    page.set_viewport_size({"width": width, "height": 900})
    login_as(manager)
    page.goto(live_server.url + reverse("registry:blkk-list"))

    first_row = page.locator("main table tbody tr").first
    display = first_row.evaluate("row => getComputedStyle(row).display")
    assert display == ("grid" if layout == "cards" else "table-row")
    # Sorting stays within reach: the header's sort links show on phones too.
    assert page.get_by_role("link", name="Tahun").is_visible()
