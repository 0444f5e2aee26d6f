"""On a 390 px phone no main page scrolls sideways: wide tables scroll inside their own box."""

import pytest
from django.urls import reverse

from tests.factories import BlkkFactory, centre, regency
from tests.roadmap.pages_world import build_world

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(manager, own_blkk, other_blkk, mentor, board_member, admin_user, ministry, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for number in range(12):  # enough directory rows for level badges in every column
        BlkkFactory(name=f"BLK-K Pondok Pesantren Nurul Huda {number}", regency=regency("73.71"))
    return build_world(
        manager=manager, own_blkk=own_blkk, other_blkk=other_blkk, mentor=mentor,
        board_member=board_member, admin_user=admin_user,
    )  # fmt: skip


def pages_of(world, own_blkk):
    everyone = [reverse("registry:blkk-list"), reverse("forum:forum-list"), world.roadmap.get_absolute_url()]
    return {
        "ministry": [
            reverse("dashboards:national"),
            reverse("dashboards:province", args=["73"]),
            reverse("dashboards:blkks") + "?province=73",
            reverse("dashboards:implementations") + "?state=running",
            *everyone,
        ],
        "mentor": [reverse("dashboards:centre", args=[centre().pk]), reverse("roadmap:review-queue"), *everyone],
        "manager": [reverse("roadmap:my-programmes"), own_blkk.get_absolute_url(), *everyone],
        "board_member": [world.sulsel.get_absolute_url(), *everyone],
    }


def test_no_main_page_of_any_role_is_wider_than_the_phone(
    world, page, login_as, live_server, own_blkk, ministry, mentor, manager, board_member, request
):
    page.set_viewport_size(PHONE)
    people = {"ministry": ministry, "mentor": mentor, "manager": manager, "board_member": board_member}
    too_wide = []
    for role, urls in pages_of(world, own_blkk).items():
        page.context.clear_cookies()
        login_as(people[role])
        for url in urls:
            page.goto(live_server.url + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > page.evaluate("innerWidth"):
                too_wide.append((role, url, width))

    assert too_wide == []
