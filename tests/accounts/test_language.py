"""Indonesian by default, English on request.

The rest of the suite reads English (tests/conftest.py); this module puts back the
portal's real default, Indonesian, and reads the translated pages.
"""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

LOGIN_URL = reverse("accounts:login")


@pytest.fixture(autouse=True)
def _indonesian_by_default(settings):
    settings.LANGUAGE_CODE = "id"


def test_pages_are_indonesian_by_default(client, db):
    page = client.get(LOGIN_URL).content.decode()

    assert '<html lang="id">' in page
    assert "Masuk ke Portal BLK-K" in page
    assert "Sign in to the BLK-K Portal" not in page


def test_a_browser_that_prefers_english_gets_english(client, db):
    page = client.get(LOGIN_URL, headers={"accept-language": "en"}).content.decode()

    assert '<html lang="en">' in page
    assert "Sign in to the BLK-K Portal" in page


def test_switching_to_english_remembers_the_choice_and_returns_to_the_page(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN_URL})

    assert response.status_code == 302
    assert response.url == LOGIN_URL
    assert client.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(LOGIN_URL).content.decode()
    assert '<html lang="en">' in page
    assert "Sign in to the BLK-K Portal" in page
    assert "Masuk ke Portal BLK-K" not in page


def test_the_switch_offers_the_other_language_by_its_own_name(client, db):
    indonesian = client.get(LOGIN_URL).content.decode()
    english = client.get(LOGIN_URL, headers={"accept-language": "en"}).content.decode()

    assert 'value="en" lang="en">English</button>' in indonesian
    assert 'value="id" lang="id">Bahasa Indonesia</button>' in english


def test_an_unknown_language_is_ignored(client, db):
    client.post(reverse("set_language"), {"language": "xx", "next": LOGIN_URL})

    page = client.get(LOGIN_URL).content.decode()
    assert '<html lang="id">' in page
    assert "Masuk ke Portal BLK-K" in page


def test_a_message_about_what_was_typed_speaks_indonesian(client, db):
    response = client.get(reverse("forum:verify"), {"number": "KEP.1/LATTAS/I/2000"})

    assert response.status_code == 404
    assert "Tidak ada surat keputusan bertanda tangan dengan nomor KEP.1/LATTAS/I/2000" in response.content.decode()


def test_the_navigation_uses_the_ministry_words(client, manager):
    assert "Verifikasi SK" in client.get(reverse("home")).content.decode()

    client.force_login(manager)
    page = client.get(reverse("registry:blkk-list")).content.decode()

    assert "Balai pelatihan" in page
    assert "Program kerja saya" in page
    assert ">Keluar<" in page
