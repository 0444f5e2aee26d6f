"""Ministry staff drill down from the national overview to one BLK-K and take the numbers away.

`kemnaker` opens the national overview, follows Sulawesi Selatan to its province
dashboard, then BLK-K PP Multidimensi Al-Fakhriyah to its page, comes back and downloads
the province's table as CSV. Selectors use names from the data and URLs, so the journey
holds whatever the translations say.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from tests.dashboards.world import build_world
from tests.factories import BlkkFactory, UserFactory, centre, regency


@pytest.fixture
def people(transactional_db):
    """The world, made before the browser starts (see tests/e2e/conftest.py)."""
    ministry = UserFactory(username="kemnaker", roles=[Role.MINISTRY])
    manager = UserFactory(username="pengelola.alfakhriyah", roles=[Role.MANAGER])
    mentor = UserFactory(username="pembina.makassar", roles=[Role.MENTOR])
    centre("BBPVP Makassar").staff.add(mentor)
    own = BlkkFactory(name="BLK-K PP Multidimensi Al-Fakhriyah", regency=regency("73.71"), managers=[manager])
    other = BlkkFactory(name="BLK-K PP Al Mubarak DDI Tobarakka", regency=regency("73.13"))
    build_world(manager=manager, own_blkk=own, other_blkk=other, mentor=mentor)
    return ministry, own


def test_kemnaker_drills_down_to_a_blkk_and_downloads_an_export(people, page, live_server, login_as):
    ministry, own = people
    login_as(ministry)

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator("h1")).to_be_visible()

    page.get_by_role("link", name="Sulawesi Selatan", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/dashboard/provinces/73/"))

    page.get_by_role("link", name="BLK-K PP Multidimensi Al-Fakhriyah").click()
    expect(page).to_have_url(re.compile(rf"/blkk/{own.pk}/$"))
    expect(page.locator("h1")).to_contain_text("BLK-K PP Multidimensi Al-Fakhriyah")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/dashboard/provinces/73/"))
    with page.expect_download() as download_info:
        page.locator("a[href*='/dashboard/tables/regency/export.csv']").click()
    download = download_info.value
    assert download.suggested_filename.startswith("dasbor-regency-") and download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "Kota Makassar" in content and "Wajo" in content


def test_the_map_draws_every_province_and_switches_its_measure(people, page, live_server, login_as):
    ministry, _own = people
    login_as(ministry)

    page.goto(f"{live_server.url}/dashboard/")

    figure = page.locator("[data-province-map]")
    expect(figure.locator("svg use")).to_have_count(38)
    expect(figure.locator("[data-map-legend='per_100k']")).to_be_visible()
    expect(figure.locator("[data-map-legend='mandiri_share']")).to_be_hidden()
    makassar = figure.locator("use[data-code='73']")
    before = makassar.get_attribute("class")
    # Its shape came from the shapes document: drawn, and where Sulawesi lies (right of the map's middle).
    page.wait_for_function("() => document.querySelector(\"use[data-code='73']\").getBBox().width > 0")
    shape = makassar.evaluate("use => { const box = use.getBBox(); return { x: box.x, width: box.width }; }")
    assert shape["width"] > 10 and shape["x"] > 500

    selector = figure.locator("select[data-map-measure]")
    expect(page.locator("label[for='map-measure']")).to_be_visible()  # the selector has its label
    selector.select_option("mandiri_share")

    expect(figure.locator("[data-map-legend='mandiri_share']")).to_be_visible()
    expect(figure.locator("[data-map-legend='per_100k']")).to_be_hidden()
    expect(figure.locator("[data-map-title]")).to_have_text(
        selector.locator("option[value='mandiri_share']").inner_text()
    )
    assert makassar.get_attribute("class") == (
        f"map-class-{makassar.get_attribute('data-mandiri_share-class')}"
        if makassar.get_attribute("data-mandiri_share-class")
        else ""
    )
    assert before is not None
    assert makassar.get_attribute("data-mandiri_share-class")  # Makassar has BLK-Ks: its share has a class
    key_colour = page.evaluate(
        """(name) => {
            const key = document.createElement("span");
            key.className = `map-key ${name}`;
            document.body.append(key);
            return getComputedStyle(key).backgroundColor;
        }""",
        makassar.get_attribute("class"),
    )
    assert makassar.evaluate("use => getComputedStyle(use).fill") == key_colour  # drawn in its legend key's colour
    expect(makassar.locator("title")).to_contain_text(makassar.get_attribute("data-mandiri_share-text"))


def test_a_level_has_one_colour_in_badges_and_bars(people, page, live_server, login_as):
    ministry, _own = people
    login_as(ministry)

    page.goto(f"{live_server.url}/dashboard/")

    badge_colours = page.locator("section[aria-labelledby='levels-heading'] tbody .badge").evaluate_all(
        "badges => badges.slice(0, 4).map(b => getComputedStyle(b).backgroundColor)"
    )
    bar_colours = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.querySelector("canvas[data-chart='chart-levels-data']"));
            const probe = document.createElement("span");
            document.body.append(probe);
            return chart.data.datasets[0].backgroundColor.map((colour) => {
                probe.style.color = colour;
                return getComputedStyle(probe).color;
            });
        }"""
    )
    assert badge_colours == bar_colours
    assert len(set(bar_colours)) == 4


def test_the_map_fits_a_phone(people, page, live_server, login_as):
    ministry, _own = people
    page.set_viewport_size({"width": 390, "height": 844})
    login_as(ministry)

    page.goto(f"{live_server.url}/dashboard/")

    box = page.locator("svg.province-map").bounding_box()
    assert box["width"] <= 390 and box["x"] >= 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
