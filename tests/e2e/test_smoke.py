"""The browser fixtures work: pages render with their styles, sign-in and the language switch."""

from tests.factories import UserFactory


def watch_for_errors(page):
    """Collect failed requests and console errors (a CSP violation shows up as one)."""
    problems = []

    def on_console(message):
        # The browser's own favicon request is not the page's doing.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            problems.append(message.text)

    def on_response(response):
        if response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    return problems


def test_the_welcome_page_renders_with_bootstrap_and_no_errors(page, live_server):
    problems = watch_for_errors(page)

    page.goto("/")

    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("heading", level=1).is_visible()
    sign_in = page.locator("main a.btn-primary")
    # Bootstrap's primary blue proves the vendored stylesheet was served.
    assert sign_in.evaluate("element => getComputedStyle(element).backgroundColor") == "rgb(13, 110, 253)"
    assert problems == []


def test_a_person_signs_in_through_the_form(page, login_as):
    UserFactory(username="pengelola-e2e", full_name="Ahmad Fauzi")

    login_as("pengelola-e2e")

    assert "/accounts/login/" not in page.url
    assert page.get_by_text("Ahmad Fauzi").is_visible()


def test_a_wrong_password_stays_on_the_login_page(page, live_server):
    UserFactory(username="pengelola-e2e")
    page.goto("/accounts/login/")

    page.fill("#id_username", "pengelola-e2e")
    page.fill("#id_password", "not-the-password")
    with page.expect_navigation():
        page.locator("#login-form [type=submit]").click()

    assert page.url.endswith("/accounts/login/")
    assert page.locator("#id_username").input_value() == "pengelola-e2e"


def test_the_english_switch_changes_the_page_language(page, live_server):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "id"

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Bahasa Indonesia").is_visible()
