"""The API's docs page in a browser: Swagger UI from the portal's own files, under its Content Security Policy."""

from tests.e2e.test_smoke import watch_for_errors


def test_the_docs_page_shows_the_operations_with_no_csp_violation(page, live_server):
    problems = watch_for_errors(page)

    page.goto("/api/v1/docs/")

    page.locator(".opblock-summary-path", has_text="/api/v1/blkks/").first.wait_for()
    assert page.locator(".opblock").count() >= 30
    assert page.get_by_text("Portal BLK Komunitas API").first.is_visible()
    assert problems == []
