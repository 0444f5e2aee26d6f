"""A ministry officer imports BLK-Ks on a phone: a dry run with an error, the fix, the import."""

import re

import pytest

from accounts.roles import Role
from registry.models import Blkk
from tests.factories import UserFactory
from tests.imports.sheets import csv_bytes

PHONE = {"width": 390, "height": 844}
HEADINGS = ["Nomor registrasi", "Nama", "Lembaga induk", "Jenis lembaga induk", "Kabupaten/Kota", "Tahun berdiri"]
NUMBER = "BLKK-2024-73.71-0042"


@pytest.fixture
def officer(transactional_db):
    return UserFactory(username="kemnaker", full_name="Siti Rahmawati", roles=[Role.MINISTRY])


def sheet(host_type):
    row = [NUMBER, "BLK-K PP Darul Istiqamah Makassar", "PP Darul Istiqamah", host_type, "Kota Makassar", "2024"]
    return {"name": "blkk-baru.csv", "mimeType": "text/csv", "buffer": csv_bytes([HEADINGS, row])}


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_an_officer_fixes_the_listed_error_and_imports_on_a_phone(officer, page, login_as):
    page.set_viewport_size(PHONE)
    login_as(officer)
    page.goto("/blkk/import/")
    assert fits_the_phone(page)

    page.set_input_files("#id_file", files=[sheet("Pabrik Roti")])
    page.get_by_role("button", name="Periksa berkas").click()
    errors = page.locator(".import-errors li")
    errors.first.wait_for()
    assert errors.count() == 1
    assert "Baris 2" in errors.inner_text() and "Pabrik Roti" in errors.inner_text()
    assert page.locator("#id_confirm_file").count() == 0, "no import while the file has errors"
    assert fits_the_phone(page)

    fixed = sheet("Pondok Pesantren")
    page.set_input_files("#id_file", files=[fixed])
    page.get_by_role("button", name="Periksa berkas").click()
    page.locator("#id_confirm_file").wait_for()
    assert page.locator(".import-errors").count() == 0
    assert fits_the_phone(page)
    assert not Blkk.objects.filter(registry_number=NUMBER).exists()

    page.set_input_files("#id_confirm_file", files=[fixed])
    page.get_by_role("button", name="Impor sekarang").click()
    page.wait_for_url(re.compile(r".*/blkk/$"))
    assert "blkk-baru.csv" in page.locator(".messages").inner_text()
    assert fits_the_phone(page)
    assert Blkk.objects.get(registry_number=NUMBER).host_type.name == "Pondok Pesantren"
