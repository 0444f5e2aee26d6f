"""The navbar: one line on a laptop in both languages, the current page marked, a focus ring that shows."""

import pytest
from django.urls import reverse

from tests.factories import BlkkFactory, UserFactory

from .conftest import DEFAULT_TIMEOUT_MS, TEST_PASSWORD

LANGUAGES = {"id": "id-ID", "en": "en-US"}
# Every role's links at once, and a long name: the widest navbar anyone gets.
LONGEST_NAME = "Muhammad Abdurrahman Wahyudi Kusumanegara"


@pytest.fixture
def everything_user(db):
    from accounts.roles import Role
    from tests.factories import centre

    user = UserFactory(
        username="semua-peran",
        full_name=LONGEST_NAME,
        is_staff=True,
        is_superuser=True,
        roles=[Role.MINISTRY, Role.MENTOR, Role.BOARD, Role.MANAGER],
    )
    centre().staff.add(user)
    return user


def signed_in_page(browser, live_server, user, language, width):
    context = browser.new_context(
        base_url=live_server.url, locale=LANGUAGES[language], viewport={"width": width, "height": 800}
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("form#login-form [type=submit]").click()
    return page


# The vertical centre of every item of the bar (one value when they share a line) and the bar's height.
NAVBAR_LINES = """() => {
  const items = [...document.querySelectorAll("nav.navbar .navbar-brand, #nav-main .nav-link, #nav-main .btn")];
  const centres = new Set(items.map((item) => {
    const box = item.getBoundingClientRect();
    return Math.round(box.top + box.height / 2);
  }));
  return {centres: [...centres], height: document.querySelector("nav.navbar").getBoundingClientRect().height};
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_navbar_of_every_role_at_once_stays_on_one_line_at_laptop_widths(
    browser, live_server, everything_user, language
):
    for width in (1280, 1366):
        page = signed_in_page(browser, live_server, everything_user, language, width)
        page.goto(reverse("registry:blkk-list"))
        assert page.locator("#nav-main").is_visible(), f"{width}px: the navbar collapsed"
        lines = page.evaluate(NAVBAR_LINES)

        assert len(lines["centres"]) == 1, f"{language} at {width}px: items on {len(lines['centres'])} lines"
        # One line of Bootstrap's navbar: 40 px of links plus 2 × 8 px of padding.
        assert lines["height"] <= 58, f"{language} at {width}px: navbar {lines['height']} px high"
        page.context.close()


def test_the_navbar_and_the_table_say_where_the_person_is(page, login_as, live_server, manager, own_blkk):
    BlkkFactory.create_batch(26)
    login_as(manager)

    page.goto(reverse("registry:blkk-list") + "?sort=-name")
    directory = page.locator("#nav-main a[href='/blkk/']")
    assert directory.get_attribute("aria-current") == "page"
    assert page.locator("#nav-main [aria-current]").count() == 1
    headers = page.locator("table thead th[aria-sort]")
    assert headers.evaluate_all("ths => ths.map((th) => th.getAttribute('aria-sort'))") == [
        "descending", "none", "none", "none", "none", "none",
    ]  # fmt: skip
    assert page.locator(".pagination [aria-current='page']").inner_text() == "Halaman 1 dari 2"

    page.goto(own_blkk.get_absolute_url())
    # A BLK-K's page is inside the directory, not the directory itself.
    assert directory.get_attribute("aria-current") == "true"

    page.goto(reverse("registry:centre-list"))
    assert page.locator("#nav-more").get_attribute("class").split().count("active") == 1
    assert page.locator("#nav-main .dropdown-menu a[href='/centres/']").get_attribute("aria-current") == "page"


# The contrast of the focus ring against what it touches: the element's own background
# when the ring is drawn inside it (negative offset), otherwise the background around it.
FOCUS_RING = """(element) => {
  const luminance = (colour) => {
    const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map((c) => {
      const s = Number(c) / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (node) => {
    for (; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (!/rgba\\(.*, 0\\)$/.test(colour) && colour !== "transparent") return colour;
    }
    return "rgb(255, 255, 255)";
  };
  const style = getComputedStyle(element);
  const behind = parseFloat(style.outlineOffset) < 0 ? background(element) : background(element.parentElement);
  const [a, b] = [luminance(style.outlineColor), luminance(behind)].sort((x, y) => y - x);
  return {
    focused: element === document.activeElement,
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    contrast: Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100,
  };
}"""


def test_every_kind_of_control_shows_a_focus_ring_of_at_least_three_to_one(page, login_as, manager, own_blkk):
    BlkkFactory.create_batch(26)
    login_as(manager)
    page.goto(reverse("registry:blkk-list"))
    controls = {
        "navbar link": "#nav-main .nav-link",
        "navbar menu": "#nav-more",
        "language button": "#nav-main button[name=language]",
        "account menu": "#account-menu",
        "search field": "#id_q",
        "filter button": "main form [type=submit]",
        "sort link": "main table thead a",
        "link in a table": "main table tbody a",
        "pagination": "main .pagination a",
    }
    weak = {}
    for name, selector in controls.items():
        control = page.locator(selector).first
        # Focus from the keyboard's side: no mouse has touched the page, so :focus-visible applies.
        control.focus()
        ring = control.evaluate(FOCUS_RING)
        if not (ring["focused"] and ring["style"] == "solid" and ring["width"] >= 2 and ring["contrast"] >= 3):
            weak[name] = ring
    assert weak == {}
