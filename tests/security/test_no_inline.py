"""No page carries inline script or style that the Content-Security-Policy would have to allow.

A <script> must load a file (src), be data (type="application/json", as json_script
writes), or carry this response's nonce; the same for <style>; and no element has a
style="" attribute, which no nonce can allow.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.roadmap.pages_world import world_fixture

world = pytest.fixture(world_fixture, name="world")


class InlineFinder(HTMLParser):
    """Collects the inline scripts, styles and style attributes a policy would block."""

    def __init__(self, nonce):
        super().__init__()
        self.nonce = nonce
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        line = self.getpos()[0]
        if "style" in attributes:
            self.problems.append(f"line {line}: <{tag} style=...>")
        has_nonce = self.nonce is not None and attributes.get("nonce") == self.nonce
        if tag == "script" and not (attributes.get("src") or attributes.get("type") == "application/json" or has_nonce):
            self.problems.append(f"line {line}: inline <script> without this response's nonce")
        if tag == "style" and not has_nonce:
            self.problems.append(f"line {line}: <style> block without this response's nonce")


def inline_problems(response):
    policy = response.get("Content-Security-Policy", "")
    nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0] if "'nonce-" in policy else None
    finder = InlineFinder(nonce)
    finder.feed(response.content.decode())
    return finder.problems


def check_pages(client, urls, **extra):
    failures = {}
    for url in urls:
        response = client.get(url, **extra)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        problems = inline_problems(response)
        if problems:
            failures[url] = problems
    assert not failures, failures


def test_the_checker_itself_catches_inline_code():
    class Fake(dict):
        content = b'<p style="color:red"></p><script>alert(1)</script><style>p{}</style><script src="/a.js"></script>'

    assert len(inline_problems(Fake())) == 3


def test_public_pages_have_no_inline_code(client, world, admin_user):
    decree = world.sulsel.decrees.first()
    urls = [
        reverse("home"),
        reverse("accounts:login"),
        reverse("forum:verify"),
        reverse("forum:verify-decree", args=[decree.token]),
    ]
    check_pages(client, urls)


def test_pages_for_ministry_staff_have_no_inline_code(client, ministry, own_blkk, world):
    client.force_login(ministry)
    report = world.own_report
    meeting_forum = world.sulsel
    urls = [
        reverse("dashboards:national"),
        reverse("registry:blkk-list"),
        reverse("registry:blkk-detail", args=[own_blkk.pk]),
        reverse("registry:centre-list"),
        reverse("registry:province-list"),
        reverse("registry:province-detail", args=["73"]),
        reverse("forum:forum-list"),
        reverse("forum:forum-detail", args=[meeting_forum.pk]),
        reverse("roadmap:roadmap-list"),
        reverse("roadmap:roadmap-detail", args=[world.roadmap.pk]),
        reverse("roadmap:programme-detail", args=[world.permit.pk]),
        reverse("roadmap:implementation-detail", args=[world.own_impl.pk]),
        reverse("roadmap:report-detail", args=[report.pk]),
        reverse("roadmap:classification-create", args=[own_blkk.pk]),
        reverse("dashboards:blkks"),
        reverse("dashboards:implementations"),
        reverse("accounts:two-factor"),
        reverse("accounts:two-factor-setup"),
        reverse("accounts:password-change"),
        reverse("audit:log"),
    ]
    check_pages(client, urls)
    check_pages(client, [reverse("roadmap:blkk-progress", args=[own_blkk.pk])], headers={"hx-request": "true"})


def test_pages_for_managers_and_mentors_have_no_inline_code(client, manager, mentor, own_blkk, world):
    client.force_login(manager)
    check_pages(
        client,
        [
            reverse("roadmap:my-programmes"),
            reverse("roadmap:report-create", args=[world.own_impl.pk]),
            reverse("registry:blkk-edit", args=[own_blkk.pk]),
        ],
    )
    client.force_login(mentor)
    check_pages(client, [reverse("roadmap:review-queue")])
