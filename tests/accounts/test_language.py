"""Indonesian by default, English on request."""

from django.conf import settings
from django.urls import reverse

LOGIN_URL = reverse("accounts:login")


def test_pages_are_indonesian_by_default(client, db):
    response = client.get(LOGIN_URL)

    assert '<html lang="id">' in response.content.decode()


def test_a_browser_that_prefers_english_gets_english(client, db):
    response = client.get(LOGIN_URL, headers={"accept-language": "en"})

    assert '<html lang="en">' in response.content.decode()


def test_switching_to_english_remembers_the_choice_and_returns_to_the_page(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN_URL})

    assert response.status_code == 302
    assert response.url == LOGIN_URL
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get(LOGIN_URL).content.decode()


def test_the_switch_offers_the_other_language_by_its_own_name(client, db):
    indonesian = client.get(LOGIN_URL).content.decode()
    english = client.get(LOGIN_URL, headers={"accept-language": "en"}).content.decode()

    assert 'value="en" lang="en">English</button>' in indonesian
    assert 'value="id" lang="id">Bahasa Indonesia</button>' in english


def test_an_unknown_language_is_ignored(client, db):
    client.post(reverse("set_language"), {"language": "xx", "next": LOGIN_URL})

    assert '<html lang="id">' in client.get(LOGIN_URL).content.decode()
