"""axe-core finds no serious or critical WCAG 2.1 AA violation on any main page, in either language.

One test per role and language signs in once and opens every page that role works with,
Django admin's decree pages included for the admin. axe-core comes from node_modules
(npm devDependency, pinned in package.json); it is never served to users.
"""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from forum.models import Decree
from tests.factories import DecreeFactory, centre
from tests.roadmap.pages_world import build_world

from .conftest import DEFAULT_TIMEOUT_MS, TEST_PASSWORD

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")
LANGUAGES = {"id": "id-ID", "en": "en-US"}
ROLES = ["anonymous", "ministry", "mentor", "board_member", "manager", "admin_user"]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({impact: n.impact, target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


@pytest.fixture
def world(manager, own_blkk, other_blkk, mentor, board_member, admin_user, ministry, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world(
        manager=manager, own_blkk=own_blkk, other_blkk=other_blkk, mentor=mentor,
        board_member=board_member, admin_user=admin_user,
    )  # fmt: skip
    world.signed_decree = Decree.objects.get(forum=world.sulsel, status=Decree.Status.SIGNED)
    world.draft_decree = DecreeFactory(forum=world.sulsel)
    world.own_blkk = own_blkk
    return world


def pages_of(role, world):
    """The pages a person of `role` opens in their work, by URL."""
    own_blkk, sulsel = world.own_blkk, world.sulsel
    decree_page = world.signed_decree.get_absolute_url()
    if role == "anonymous":
        return ["/", reverse("accounts:login"), reverse("forum:verify"), decree_page]
    browsing = [
        reverse("registry:blkk-list"),
        own_blkk.get_absolute_url(),
        reverse("registry:centre-list"),
        reverse("registry:centre-detail", args=[centre().pk]),
        reverse("registry:province-list"),
        reverse("forum:forum-list"),
        sulsel.get_absolute_url(),
        decree_page,
        reverse("roadmap:roadmap-list"),
        world.roadmap.get_absolute_url(),
        world.permit.get_absolute_url(),
        reverse("accounts:two-factor"),
    ]
    whole_country = [
        reverse("dashboards:national"),
        reverse("dashboards:province", args=["73"]),
        reverse("dashboards:forum", args=[sulsel.pk]),
        reverse("dashboards:centre", args=[centre().pk]),
        reverse("dashboards:blkks") + "?province=73",
        reverse("dashboards:implementations") + "?state=running",
        reverse("roadmap:implementation-detail", args=[world.own_impl.pk]),
        reverse("roadmap:blkk-progress", args=[own_blkk.pk]),
        reverse("audit:log"),
    ]
    pages = {
        "ministry": ["/", *whole_country, *browsing],
        "mentor": [
            "/",
            reverse("dashboards:centre", args=[centre().pk]),
            reverse("dashboards:forum", args=[sulsel.pk]),
            reverse("dashboards:blkks") + "?province=73",
            reverse("roadmap:review-queue"),
            reverse("roadmap:implementation-detail", args=[world.own_impl.pk]),
            world.own_report.get_absolute_url(),
            *browsing,
        ],
        "board_member": [
            "/",
            reverse("dashboards:forum", args=[sulsel.pk]),
            reverse("roadmap:implementation-detail", args=[world.own_impl.pk]),
            *browsing,
        ],
        "manager": [
            "/",
            reverse("dashboards:national"),
            reverse("roadmap:my-programmes"),
            reverse("roadmap:implementation-detail", args=[world.own_impl.pk]),
            reverse("roadmap:report-create", args=[world.own_impl.pk]),
            reverse("roadmap:blkk-progress", args=[own_blkk.pk]),
            *browsing,
        ],
        "admin_user": [
            *whole_country,
            *browsing,
            reverse("admin:forum_decree_changelist"),
            reverse("admin:forum_decree_add"),
            reverse("admin:forum_decree_change", args=[world.draft_decree.pk]),
            reverse("admin:forum_decree_change", args=[world.signed_decree.pk]),
        ],
    }
    return pages[role]


def axe_findings(page):
    """Serious and critical violations on the open page, one line per element."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE, WCAG_21_AA)
    return [
        f"{v['id']} ({node['impact']}): {node['target']} -- {v['help']}\n      {node['summary']}"
        for v in violations
        for node in v["nodes"]
        if node["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_no_page_has_a_serious_or_critical_axe_violation(browser, live_server, world, role, language, request):
    # Playwright's add_script_tag(path=...) inlines axe into the page, which the portal's
    # Content-Security-Policy (script nonces) rightly refuses; this test's context alone
    # bypasses the policy. tests/security/test_no_inline.py keeps the portal's own pages honest.
    context = browser.new_context(
        base_url=live_server.url, locale=LANGUAGES[language], bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    if role != "anonymous":
        user = request.getfixturevalue(role)
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", TEST_PASSWORD)
        with page.expect_navigation():
            page.locator("form#login-form [type=submit]").click()

    report, counts = [], {}
    for url in pages_of(role, world):
        response = page.goto(url)
        assert response.status < 400, f"{role}/{language}: {url} answered {response.status}"
        assert page.locator("html").get_attribute("lang") == language
        findings = axe_findings(page)
        counts[url] = len(findings)
        if findings:
            report.append(f"{role} / {language} / {url}:\n    " + "\n    ".join(findings))
    context.close()
    # One line per role and language, for comparing runs (pytest -s shows it).
    print(f"AXE {role} {language} " + json.dumps({"pages": len(counts), "findings": sum(counts.values())}))

    assert not report, "Serious or critical axe violations:\n" + "\n".join(report)
