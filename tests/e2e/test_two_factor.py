"""Two-step sign-in in a browser: set up an app from the QR page, then sign in with a code."""

import base64
import time

from django_otp.oath import TOTP

from tests.factories import UserFactory


def code_from_secret(secret, steps_ahead=0):
    """What an authenticator app shows for the secret typed from the set-up page."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def test_a_manager_sets_up_an_app_and_then_needs_a_code_to_sign_in(page, live_server, login_as):
    UserFactory(username="pengelola-2fa")
    login_as("pengelola-2fa")

    page.goto(f"{live_server.url}/accounts/two-factor/")
    page.locator("main a[href$='/two-factor/setup/']").click()
    assert page.locator("img[src^='data:image/svg+xml']").is_visible()
    secret = page.locator("#totp-secret").inner_text()
    page.fill("#id_code", code_from_secret(secret))
    page.locator("form [type=submit]").first.click()
    assert page.locator("#backup-codes li").count() == 10

    page.locator("#account-menu").click()
    page.locator("form[action$='/accounts/logout/'] button").first.click()
    login_as("pengelola-2fa")
    assert "/accounts/two-factor/verify/" in page.url
    page.fill("#id_code", code_from_secret(secret, steps_ahead=1))
    with page.expect_navigation():
        page.locator("#two-factor-form [type=submit]").click()
    assert "/accounts/two-factor/verify/" not in page.url
    assert page.locator("main").is_visible()
