"""Who may open which roadmap page: the access matrix of ARCHITECTURE.md, view by view.

Anonymous visitors are sent to the login page; a report, implementation or evidence
outside a reader's sight answers 404 even when its id is guessed; a page the reader may
see but not use answers 403.
"""

import pytest
from django.urls import reverse

from roadmap.models import StatusReport

from .pages_world import ROLES, world_fixture

pytestmark = pytest.mark.django_db
world = pytest.fixture(world_fixture, name="world")

EVERYONE = dict.fromkeys(ROLES, 200)


def status_for(client, request, role, url, method="get", data=None):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    return response.status_code


def url_of(world, name, target):
    """The URL of `name` for one object of the world, named by `target`."""
    objects = {
        "roadmap": world.roadmap,
        "sulsel_roadmap": world.sulsel_roadmap,
        "programme": world.permit,
        "own_impl": world.own_impl,
        "other_impl": world.other_impl,
        "far_impl": world.far_impl,
        "own_report": world.own_report,
        "other_report": world.other_report,
        "far_report": world.far_report,
        "period": world.period,
        "sulsel_period": world.sulsel_period,
        "own_blkk": world.own_impl.blkk,
        "far_blkk": world.far_blkk,
    }
    return reverse(name, args=[objects[target].pk])


READ_PAGES = [
    ("roadmap:roadmap-detail", "roadmap"),
    ("roadmap:programme-detail", "programme"),
    ("roadmap:blkk-progress", "own_blkk"),
    ("roadmap:blkk-progress", "far_blkk"),
]

# (view, object, expected status per role): reports of Sulawesi Selatan (own and other)
# are seen by its board and mentor; Bandung's only by ministry and admins.
REPORT_PAGES = [
    (name, target, expected)
    for name in ("roadmap:implementation-detail", "roadmap:report-detail", "roadmap:report-evidence")
    for target, expected in [
        ("own", {**EVERYONE, "plain_user": 404}),
        ("other", {**EVERYONE, "manager": 404, "plain_user": 404}),
        ("far", {**EVERYONE, "manager": 404, "board_member": 404, "mentor": 404, "plain_user": 404}),
    ]
]

MANAGE_NATIONAL = {**dict.fromkeys(ROLES, 403), "admin_user": 200}
MANAGE_SULSEL = {**MANAGE_NATIONAL, "board_member": 200, "mentor": 200}


def report_target(name, target):
    kind = "impl" if name == "roadmap:implementation-detail" else "report"
    return f"{target}_{kind}"


class TestAnonymousVisitors:
    @pytest.mark.parametrize(
        "name,target",
        [
            *READ_PAGES,
            ("roadmap:programme-create", "roadmap"),
            ("roadmap:programme-edit", "programme"),
            ("roadmap:implementation-detail", "own_impl"),
            ("roadmap:report-create", "own_impl"),
            ("roadmap:report-detail", "own_report"),
            ("roadmap:report-evidence", "own_report"),
            ("roadmap:classification-create", "own_blkk"),
        ],
    )
    def test_are_sent_to_the_login_page(self, client, world, name, target):
        url = url_of(world, name, target)
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))

    @pytest.mark.parametrize("name", ["roadmap:roadmap-list", "roadmap:my-programmes", "roadmap:review-queue"])
    def test_are_sent_to_the_login_page_from_the_lists(self, client, name):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))

    @pytest.mark.parametrize(
        "name,target",
        [("roadmap:period-lock", "period"), ("roadmap:report-review", "own_report")],
    )
    def test_cannot_post_changes(self, client, world, name, target):
        response = client.post(url_of(world, name, target), {"action": "lock", "decision": "approve"})
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


class TestBrowsing:
    @pytest.mark.parametrize("role", ROLES)
    def test_every_signed_in_user_browses_the_roadmap_list(self, client, request, role):
        assert status_for(client, request, role, reverse("roadmap:roadmap-list")) == 200

    @pytest.mark.parametrize("role", ROLES)
    @pytest.mark.parametrize("name,target", READ_PAGES)
    def test_every_signed_in_user_browses_roadmaps_programmes_and_progress(
        self, client, request, world, role, name, target
    ):
        assert status_for(client, request, role, url_of(world, name, target)) == 200


class TestReportsAndEvidence:
    @pytest.mark.parametrize("role", ROLES)
    @pytest.mark.parametrize("name,target,expected", REPORT_PAGES)
    def test_follow_the_report_scope(self, client, request, world, role, name, target, expected):
        url = url_of(world, name, report_target(name, target))
        assert status_for(client, request, role, url) == expected[role]

    def test_a_forged_report_id_that_does_not_exist_answers_404(self, client, manager, world):
        client.force_login(manager)
        missing = StatusReport.objects.order_by("-pk").first().pk + 100
        assert client.get(reverse("roadmap:report-detail", args=[missing])).status_code == 404
        assert client.get(reverse("roadmap:report-evidence", args=[missing])).status_code == 404


class TestReporting:
    @pytest.mark.parametrize(
        "role,expected",
        [
            ("manager", 200),
            ("ministry", 403),
            ("mentor", 403),
            ("board_member", 403),
            ("admin_user", 403),
            ("plain_user", 404),
        ],
    )
    def test_only_the_blkks_managers_open_the_report_form(self, client, request, world, role, expected):
        assert status_for(client, request, role, url_of(world, "roadmap:report-create", "own_impl")) == expected

    def test_a_manager_cannot_open_the_report_form_of_another_blkk(self, client, manager, world):
        client.force_login(manager)
        for target in ("other_impl", "far_impl"):
            assert client.get(url_of(world, "roadmap:report-create", target)).status_code == 404
            response = client.post(url_of(world, "roadmap:report-create", target), {"status": "in_progress"})
            assert response.status_code == 404

    @pytest.mark.parametrize("role", ROLES)
    def test_my_programmes_is_for_managers_only(self, client, request, world, role):
        expected = 200 if role == "manager" else 403
        assert status_for(client, request, role, reverse("roadmap:my-programmes")) == expected


class TestReviewing:
    @pytest.mark.parametrize("role", ROLES)
    def test_the_review_queue_is_for_mentor_staff_with_a_scope(self, client, request, world, role):
        expected = 200 if role == "mentor" else 403
        assert status_for(client, request, role, reverse("roadmap:review-queue")) == expected

    @pytest.mark.parametrize(
        "role,expected",
        [
            ("mentor", 302),
            ("manager", 403),
            ("board_member", 403),
            ("ministry", 403),
            ("admin_user", 403),
            ("plain_user", 404),
        ],
    )
    def test_only_the_mentor_approves_a_report_in_scope(self, client, request, world, role, expected):
        url = url_of(world, "roadmap:report-review", "own_report")
        assert status_for(client, request, role, url, "post", {"decision": "approve"}) == expected
        world.own_report.refresh_from_db()
        approved = world.own_report.review == StatusReport.Review.APPROVED
        assert approved == (expected == 302)

    def test_a_mentor_cannot_review_a_report_outside_the_scope_by_forging_its_id(self, client, mentor, world):
        client.force_login(mentor)
        url = url_of(world, "roadmap:report-review", "far_report")
        assert client.post(url, {"decision": "approve"}).status_code == 404
        world.far_report.refresh_from_db()
        assert world.far_report.review == StatusReport.Review.PENDING


class TestManaging:
    @pytest.mark.parametrize("role", ROLES)
    @pytest.mark.parametrize("name,target", [("roadmap:programme-create", "roadmap")])
    def test_only_admins_manage_the_national_roadmap(self, client, request, world, role, name, target):
        assert status_for(client, request, role, url_of(world, name, target)) == MANAGE_NATIONAL[role]

    @pytest.mark.parametrize("role", ROLES)
    def test_only_admins_edit_a_national_programme(self, client, request, world, role):
        url = url_of(world, "roadmap:programme-edit", "programme")
        assert status_for(client, request, role, url) == MANAGE_NATIONAL[role]

    @pytest.mark.parametrize("role", ROLES)
    def test_the_forums_board_and_mentor_manage_the_forums_roadmap(self, client, request, world, role):
        url = url_of(world, "roadmap:programme-create", "sulsel_roadmap")
        assert status_for(client, request, role, url) == MANAGE_SULSEL[role]

    @pytest.mark.parametrize("role", ROLES)
    def test_locking_a_period_follows_the_same_rule(self, client, request, world, role):
        url = url_of(world, "roadmap:period-lock", "sulsel_period")
        expected = 302 if MANAGE_SULSEL[role] == 200 else 403
        assert status_for(client, request, role, url, "post", {"action": "lock"}) == expected
        world.sulsel_period.refresh_from_db()
        assert world.sulsel_period.locked == (expected == 302)


class TestClassifying:
    @pytest.mark.parametrize(
        "role,own,far",
        [
            ("ministry", 200, 200),
            ("admin_user", 200, 200),
            ("mentor", 200, 403),
            ("manager", 403, 403),
            ("board_member", 403, 403),
            ("plain_user", 403, 403),
        ],
    )
    def test_ministry_all_mentor_scope_admin_all(self, client, request, world, role, own, far):
        assert status_for(client, request, role, url_of(world, "roadmap:classification-create", "own_blkk")) == own
        assert status_for(client, request, role, url_of(world, "roadmap:classification-create", "far_blkk")) == far
