"""Journeys through the registry in a browser: a manager keeps their profile, the ministry browses.

Selectors use ids, names and URLs rather than visible words, so the journeys hold in
Indonesian (the browser asks for it) whatever the translations say.
"""

import re

import pytest

from accounts.roles import Role
from registry.models import Blkk
from tests.factories import BlkkFactory, UserFactory, regency


@pytest.fixture
def al_fakhriyah(transactional_db):
    """The manager and their BLK-K, made before the browser starts (see tests/e2e/conftest.py)."""
    manager = UserFactory(username="pengelola-fakhriyah", full_name="Ahmad Fauzi", roles=[Role.MANAGER])
    blkk = BlkkFactory(name="BLK-K PP Multidimensi Al-Fakhriyah", regency=regency("73.71"), managers=[manager])
    return manager, blkk


@pytest.fixture
def directory(transactional_db):
    """A ministry user and BLK-Ks in Sulawesi Selatan and elsewhere."""
    ministry = UserFactory(username="kemnaker", full_name="Siti Rahmawati", roles=[Role.MINISTRY])
    BlkkFactory(name="BLK-K PP Ittihadiyah Tanre Assona", regency=regency("73.15"))
    BlkkFactory(name="BLK-K PP Al Mubarak DDI Tobarakka", regency=regency("73.13"))
    BlkkFactory(name="BLK-K Pesantren Darussalam Ciamis", regency=regency("32.07"))
    return ministry


def test_the_al_fakhriyah_manager_changes_the_phone_and_sees_it_in_the_history(al_fakhriyah, page, login_as):
    manager, blkk = al_fakhriyah
    login_as(manager)

    page.goto(f"/blkk/{blkk.pk}/")
    page.locator(f"a[href='/blkk/{blkk.pk}/edit/']").click()
    page.wait_for_url(f"**/blkk/{blkk.pk}/edit/")
    page.fill("#id_phone", "0411 8765 432")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(f"**/blkk/{blkk.pk}/")
    assert page.locator(".alert-success").is_visible()
    assert page.get_by_test_id("blkk-phone").inner_text() == "0411 8765 432"
    newest = page.locator("#blkk-history tbody tr").first
    assert "Ahmad Fauzi" in newest.inner_text()
    assert "0411 123456" in newest.inner_text()
    assert "0411 8765 432" in newest.inner_text()
    assert Blkk.objects.get(pk=blkk.pk).version == 2


def test_kemnaker_filters_the_directory_to_sulawesi_selatan_and_opens_a_blkk(directory, page, login_as):
    login_as(directory)

    page.goto("/blkk/")
    page.select_option("#id_province", "73")
    # htmx fills the regency list for the province at once; without it the list follows
    # the province after the form is sent.
    page.locator("#id_regency option[value='73.15']").wait_for(state="attached")
    page.locator("aside form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/blkk/\?.*province=73.*"))

    rows = page.locator("main table tbody tr")
    names = sorted(rows.locator("td:first-child a").all_inner_texts())
    assert names == ["BLK-K PP Al Mubarak DDI Tobarakka", "BLK-K PP Ittihadiyah Tanre Assona"]
    assert page.locator("#id_regency option[value='73.71']").count() == 1

    page.get_by_role("link", name="BLK-K PP Ittihadiyah Tanre Assona").click()
    page.wait_for_url(re.compile(r".*/blkk/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "BLK-K PP Ittihadiyah Tanre Assona"
    assert "Kabupaten Pinrang" in page.locator("main").inner_text()
