"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's sync API keeps an asyncio loop marked as running in the test thread for as
long as it is started. Two things follow. Django's guard against database calls from
async code must be told this thread is synchronous (DJANGO_ALLOW_ASYNC_UNSAFE). And while
that loop runs, Django hands out a second set of database connections kept per async
context: the test database's saved reference data is not on them, so serialized rollback
and the flush after the test must happen while Playwright is stopped. Playwright therefore
starts after the test database is ready and stops before it is flushed, once per test
(about a second each), instead of once per session.

Every browser test is marked `browser` here, so `-m "not browser"` runs the rest alone.
"""

import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 10_000
# `expect` waits 5 s by default, whatever the context's timeout: a page computed on a busy
# machine (the national overview on SQLite beside another test worker) once took longer.
expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
# UserFactory gives every test user this password.
TEST_PASSWORD = "test-password-123"


def pytest_collection_modifyitems(items):
    e2e_folder = Path(__file__).parent
    for item in items:
        if e2e_folder in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_executable():
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(
            f"Chromium was not found at {path}. Install Debian's package "
            "(apt-get install chromium) or set CHROMIUM=/path/to/chromium; "
            "browser tests never skip silently.",
            pytrace=False,
        )
    return path


@pytest.fixture
def browser(chromium_executable, live_server, transactional_db):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # Connections the test opened while Playwright's loop ran; the flush that
            # follows uses the ordinary ones.
            connections.close_all()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context per test: no cookies or storage carried over.

    The context asks for Indonesian, as a visitor in Indonesia would, so pages come out in
    the portal's default language unless a test switches.
    """
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login_as(page, live_server):
    """Sign in through the login form; takes a user or a username."""

    def login(user_or_username, password=TEST_PASSWORD):
        username = getattr(user_or_username, "username", user_or_username)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.locator("form#login-form [type=submit]").click()
        return page

    return login
