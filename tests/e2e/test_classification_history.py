"""A manager on a 390 px phone reads their BLK-K's classification history on its page."""

from roadmap.services import record_classification
from tests.roadmap.pages_world import build_world, days

PHONE = {"width": 390, "height": 844}


def test_the_manager_reads_the_history_on_a_phone_without_sideways_scrolling(
    page, login_as, live_server, manager, own_blkk, other_blkk, mentor, board_member, admin_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    build_world(
        manager=manager, own_blkk=own_blkk, other_blkk=other_blkk, mentor=mentor,
        board_member=board_member, admin_user=admin_user,
    )  # fmt: skip
    for level, ago in (("tumbuh", 400), ("berkembang", 10)):
        record_classification(
            own_blkk,
            user=mentor,
            level=level,
            assessed_on=days(-ago),
            evidence="Berita acara monev: https://example.go.id/monev/berita-acara-visitasi-lapangan-2024-panjang.pdf",
            note="Mitra industri membiayai pelatihan menjahit dan tata boga bagi santri dan alumni.",
        )
    page.set_viewport_size(PHONE)
    login_as(manager)

    page.goto(live_server.url + own_blkk.get_absolute_url())
    history = page.get_by_test_id("classification-history")
    history.wait_for()

    assert history.locator("li").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("innerWidth")
