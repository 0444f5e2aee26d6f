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
