"""Security headers on every response: CSP with nonces, HSTS, cookies, framing, sniffing, referrer."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

PRODUCTION = {
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
}


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.fixture
def anonymous(db):
    return Client()


class TestContentSecurityPolicy:
    def test_every_page_gets_a_policy_without_unsafe_inline_or_eval(self, anonymous, ministry):
        signed_in = Client()
        signed_in.force_login(ministry)
        for client, url in [
            (anonymous, reverse("accounts:login")),
            (anonymous, reverse("forum:verify")),
            (signed_in, reverse("registry:blkk-list")),
        ]:
            response = client.get(url)
            policy = response["Content-Security-Policy"]
            assert "'unsafe-inline'" not in policy
            assert "'unsafe-eval'" not in policy
            rules = directives(response)
            assert rules["default-src"] == ["'self'"]
            assert rules["script-src"][0] == "'self'"
            assert rules["style-src"][0] == "'self'"
            assert rules["frame-ancestors"] == ["'none'"]
            assert rules["object-src"] == ["'none'"]

    @override_settings(ROOT_URLCONF="tests.security.nonce_urls")
    def test_a_page_that_uses_the_nonce_gets_it_in_the_header_fresh_each_time(self, anonymous):
        nonces = []
        for _ in range(2):
            response = anonymous.get("/nonce-test/")
            rendered = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
            assert f"'nonce-{rendered}'" in directives(response)["script-src"]
            nonces.append(rendered)

        assert nonces[0] != nonces[1]
        assert len(nonces[0]) >= 16


class TestOtherHeaders:
    def test_framing_sniffing_and_referrer_are_refused_or_limited(self, anonymous):
        response = anonymous.get(reverse("accounts:login"))

        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"

    @override_settings(**PRODUCTION)
    def test_plain_http_is_sent_to_https(self, anonymous):
        response = anonymous.get(reverse("accounts:login"))

        assert response.status_code == 301
        assert response.url.startswith("https://")

    @override_settings(**PRODUCTION)
    def test_https_responses_carry_hsts(self, anonymous):
        response = anonymous.get(reverse("accounts:login"), secure=True)

        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"

    @override_settings(**PRODUCTION)
    def test_session_and_csrf_cookies_are_secure_httponly_and_same_site(self, anonymous, manager):
        response = anonymous.post(
            reverse("accounts:login"), {"username": manager.username, "password": "test-password-123"}, secure=True
        )

        session = response.cookies["sessionid"]
        assert session["secure"] and session["httponly"]
        assert session["samesite"] == "Lax"
        # Closing the browser ends the sign-in: no expiry date on the cookie.
        assert not session["max-age"] and not session["expires"]
        csrf = Client().get(reverse("accounts:login"), secure=True).cookies["csrftoken"]
        assert csrf["secure"] and csrf["samesite"] == "Lax"

    def test_the_server_forgets_a_session_after_eight_hours(self, anonymous, manager, settings):
        anonymous.force_login(manager)

        assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
        assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        assert anonymous.session.get_expiry_age() <= 8 * 60 * 60


@pytest.mark.django_db
def test_pages_for_a_signed_in_person_are_never_stored_by_the_browser(client, manager):
    client.force_login(manager)

    for url in (reverse("registry:blkk-list"), reverse("roadmap:my-programmes")):
        directives = {part.strip() for part in client.get(url)["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url


@pytest.mark.django_db
def test_the_public_welcome_page_for_visitors_is_not_marked_private(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
