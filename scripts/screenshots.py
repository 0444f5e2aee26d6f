"""Screenshots of each role's landing page, on a phone and on a desktop, in both languages.

Run against a portal serving the demo data (`make run` loads it):

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 --password portal-blkk-2021

For each role it signs in as one demo account, switches the language with the portal's
own switch (the navbar's form, which posts to /i18n/setlang/ and remembers the choice),
opens "/" (which sends each role to its landing page) and saves the whole page as
docs/screenshots/<role>-<width>-<lang>.png. Chromium is Debian's, started with the browser
tests' arguments.
"""

import argparse
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM_ARGS  # noqa: E402  (one list of arguments for every browser run)

# One demo account per role (README.md, "Demo accounts").
ACCOUNTS = {
    "admin": "admin",
    "ministry": "kemnaker",
    "mentor": "pembina.makassar",
    "manager": "pengelola.alfakhriyah",
    "board": "pengurus.sulsel",
}
SIZES = {390: 844, 1366: 900}
# English first, so each demo account is left with Indonesian, the language it had.
LANGUAGES = ("en", "id")
TIMEOUT_MS = 30_000


def sign_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("form#login-form [type=submit]").click()
    if "/accounts/login/" in page.url:
        raise SystemExit(f"Signing in as {username} failed: is the demo loaded, and is the password right?")


def choose_language(page, language):
    """Press the navbar's language button when the page is in the other language.

    The button sits in the collapsed menu on a phone, so it is clicked from script rather
    than through the menu; the form and what it posts are the same.
    """
    if page.locator("html").get_attribute("lang") == language:
        return
    button = page.locator(f"form[action$='/i18n/setlang/'] button[name=language][value={language}]")
    with page.expect_navigation():
        button.evaluate("button => button.click()")
    if page.locator("html").get_attribute("lang") != language:
        raise SystemExit(f"The page did not switch to {language}.")


def shoot(page, base_url, path):
    """Open the landing page and save it whole, once charts and htmx partials have loaded."""
    page.goto(f"{base_url}/", wait_until="networkidle")
    # Charts are drawn as they near the screen: scroll through the page so a full-page
    # picture shows them all, then back to the top.
    page.evaluate(
        "async () => { for (let y = 0; y < document.body.scrollHeight; y += innerHeight) {"
        " scrollTo(0, y); await new Promise((done) => setTimeout(done, 50)); } scrollTo(0, 0); }"
    )
    page.wait_for_timeout(300)  # the last layout after Chart.js draws
    page.screenshot(path=path, full_page=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000", help="the running portal")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "portal-blkk-2021"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--roles", nargs="*", choices=sorted(ACCOUNTS), default=list(ACCOUNTS))
    args = parser.parse_args()
    base_url = args.base_url.rstrip("/")
    args.out.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            for role in args.roles:
                context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", reduced_motion="reduce")
                context.set_default_timeout(TIMEOUT_MS)
                page = context.new_page()
                sign_in(page, base_url, ACCOUNTS[role], args.password)
                for language in LANGUAGES:
                    choose_language(page, language)
                    for width, height in SIZES.items():
                        page.set_viewport_size({"width": width, "height": height})
                        path = args.out / f"{role}-{width}-{language}.png"
                        shoot(page, base_url, path)
                        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  ({page.url})")
                context.close()
        finally:
            browser.close()


if __name__ == "__main__":
    main()
