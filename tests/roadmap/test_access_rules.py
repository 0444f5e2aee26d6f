"""Who reaches which reports, implementations, roadmaps and classifications, at queryset level.

Three BLK-Ks: `own_blkk` (managed by `manager`, Kota Makassar), `other_blkk` (Kab. Wajo,
same province) and `aceh_blkk` (another province). BBPVP Makassar (the `mentor`'s
centre) mentors Sulawesi Selatan only when a test says so.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone

from accounts.roles import Role
from forum.models import Decree
from registry.models import Blkk
from roadmap.models import Classification, Implementation, ReportingPeriod, Roadmap, StatusReport
from roadmap.querysets import classifiable_blkks
from tests.factories import (
    BlkkFactory,
    BoardPositionFactory,
    DecreeFactory,
    ForumFactory,
    ImplementationFactory,
    MentorshipFactory,
    ReportingPeriodFactory,
    RoadmapFactory,
    StatusReportFactory,
    centre,
    national_forum,
    province,
    regency,
)
from tests.forum.decree_support import signed_decree

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def aceh_blkk(db):
    return BlkkFactory(name="BLK-K Dayah Aceh", regency=regency("11.01"))


@pytest.fixture
def world(own_blkk, other_blkk, aceh_blkk, manager):
    """One pending report per BLK-K, and a classification of each."""
    roadmap = RoadmapFactory()
    period = ReportingPeriodFactory(roadmap=roadmap)
    reports = {}
    for blkk in (own_blkk, other_blkk, aceh_blkk):
        implementation = ImplementationFactory(programme__pillar__roadmap=roadmap, blkk=blkk)
        reports[blkk.name] = StatusReportFactory(implementation=implementation, period=period, reporter=manager)
        Classification.objects.create(
            blkk=blkk, level=Blkk.Level.TUMBUH, assessed_on=days(-30), assessor=manager, evidence="Visitasi."
        )
    return roadmap


def blkk_names(queryset, path):
    return set(queryset.values_list(path, flat=True))


ALL = {"BLK-K PP Multidimensi Al-Fakhriyah", "BLK-K PP Al Mubarak DDI Tobarakka", "BLK-K Dayah Aceh"}
SULSEL = {"BLK-K PP Multidimensi Al-Fakhriyah", "BLK-K PP Al Mubarak DDI Tobarakka"}
OWN = {"BLK-K PP Multidimensi Al-Fakhriyah"}


def sulsel_board_seat(user, **seat):
    return BoardPositionFactory(forum=ForumFactory(province=province("73")), user=user, **seat)


class TestReportsVisibleTo:
    @pytest.mark.parametrize(
        ("person", "expected"),
        [("ministry", ALL), ("admin_user", ALL), ("manager", OWN), ("plain_user", set()), ("mentor", set())],
    )
    def test_each_role_sees_its_share(self, person, expected, request, world):
        user = request.getfixturevalue(person)

        reports = StatusReport.objects.visible_to(user)

        assert blkk_names(reports, "implementation__blkk__name") == expected

    def test_anonymous_users_see_nothing(self, world):
        assert not StatusReport.objects.visible_to(AnonymousUser()).exists()

    def test_a_manager_without_the_role_sees_nothing_even_of_a_blkk_they_are_listed_on(self, world, plain_user):
        Blkk.objects.get(name="BLK-K Dayah Aceh").managers.add(plain_user)

        assert not StatusReport.objects.visible_to(plain_user).exists()

    def test_a_provincial_board_member_sees_the_forums_blkks(self, world, board_member):
        sulsel_board_seat(board_member)

        assert blkk_names(StatusReport.objects.visible_to(board_member), "implementation__blkk__name") == SULSEL

    def test_a_national_board_member_sees_every_blkk(self, world, board_member):
        BoardPositionFactory(forum=national_forum(), user=board_member)

        assert blkk_names(StatusReport.objects.visible_to(board_member), "implementation__blkk__name") == ALL

    def test_a_board_seat_whose_term_ended_gives_nothing(self, world, board_member):
        sulsel_board_seat(board_member, term_start=days(-800), term_end=days(-1))

        assert not StatusReport.objects.visible_to(board_member).exists()

    def test_a_mentor_sees_the_province_their_centre_mentors(self, world, mentor):
        MentorshipFactory(province=province("73"))

        assert blkk_names(StatusReport.objects.visible_to(mentor), "implementation__blkk__name") == SULSEL

    def test_a_mentor_assigned_one_blkk_sees_that_one(self, world, mentor, other_blkk):
        MentorshipFactory(blkk=other_blkk)

        assert blkk_names(StatusReport.objects.visible_to(mentor), "implementation__blkk__name") == {other_blkk.name}

    def test_a_mentorship_not_yet_in_force_gives_nothing(self, world, mentor):
        MentorshipFactory(province=province("73"), starts_on=days(1))

        assert not StatusReport.objects.visible_to(mentor).exists()

    def test_a_mentor_decree_signed_for_the_national_forum_reaches_every_blkk(
        self, world, mentor, aceh_blkk, admin_user, settings, tmp_path
    ):
        # The national forum's members are every BLK-K; its mentor centre mentors them all.
        settings.MEDIA_ROOT = tmp_path
        signed_decree(
            admin_user, forum=national_forum(), signed_on=days(-10), effective_from=days(-10), effective_until=days(300)
        )

        seen = blkk_names(StatusReport.objects.visible_to(mentor), "implementation__blkk__name")
        assert aceh_blkk.name in seen
        assert seen == set(Blkk.objects.filter(implementations__reports__isnull=False).values_list("name", flat=True))

    def test_a_user_with_several_roles_sees_the_union(self, world, manager, aceh_blkk):
        manager.groups.add(Group.objects.get(name=Role.MENTOR.value))
        centre().staff.add(manager)
        MentorshipFactory(blkk=aceh_blkk)
        manager._portal_roles = None  # the role helpers cache the groups on the user

        expected = OWN | {aceh_blkk.name}
        assert blkk_names(StatusReport.objects.visible_to(manager), "implementation__blkk__name") == expected

    def test_visibility_is_one_query(self, world, mentor, django_assert_num_queries):
        MentorshipFactory(province=province("73"))
        mentor._portal_roles = None

        # 1. the user's groups (the role helpers cache them); 2. the reports, scope as subqueries.
        with django_assert_num_queries(2):
            list(StatusReport.objects.visible_to(mentor))


class TestReviewable:
    def test_a_mentor_reviews_pending_reports_in_scope_only(self, world, mentor):
        MentorshipFactory(province=province("73"))
        StatusReport.objects.filter(implementation__blkk__name="BLK-K PP Al Mubarak DDI Tobarakka").update(
            review=StatusReport.Review.APPROVED, reviewed_at=timezone.now()
        )

        reviewable = StatusReport.objects.reviewable_by(mentor)

        assert blkk_names(reviewable, "implementation__blkk__name") == OWN

    @pytest.mark.parametrize("person", ["ministry", "admin_user", "manager", "board_member"])
    def test_nobody_else_reviews(self, person, request, world):
        MentorshipFactory(province=province("73"))

        assert not StatusReport.objects.reviewable_by(request.getfixturevalue(person)).exists()


class TestImplementations:
    def test_everyone_signed_in_sees_statuses(self, world, plain_user):
        assert Implementation.objects.visible_to(plain_user).count() == 3
        assert not Implementation.objects.visible_to(AnonymousUser()).exists()

    def test_a_manager_reports_for_their_own_blkk_only(self, world, manager):
        assert blkk_names(Implementation.objects.reportable_by(manager), "blkk__name") == OWN

    @pytest.mark.parametrize("person", ["ministry", "admin_user", "mentor", "board_member", "plain_user"])
    def test_nobody_else_reports(self, person, request, world):
        MentorshipFactory(province=province("73"))

        assert not Implementation.objects.reportable_by(request.getfixturevalue(person)).exists()

    def test_reports_of_an_implementation_follow_the_report_rule(self, world, manager):
        assert blkk_names(Implementation.objects.reports_visible_to(manager), "blkk__name") == OWN


class TestRoadmaps:
    def test_every_signed_in_user_browses_roadmaps(self, world, plain_user):
        assert Roadmap.objects.visible_to(plain_user).count() == 1
        assert not Roadmap.objects.visible_to(AnonymousUser()).exists()

    def test_a_board_member_manages_their_own_forums_roadmap(self, board_member):
        seat = sulsel_board_seat(board_member)
        own = RoadmapFactory(forum=seat.forum)
        RoadmapFactory()  # the national one

        assert list(Roadmap.objects.manageable_by(board_member)) == [own]

    def test_a_mentor_manages_roadmaps_of_forums_mentored_by_decree(self, mentor):
        forum = ForumFactory(province=province("73"))
        DecreeFactory(
            forum=forum,
            status=Decree.Status.SIGNED,
            signed_sha256="0" * 64,
            signed_on=days(-5),
            effective_from=days(-5),
        )
        mentored = RoadmapFactory(forum=forum)
        RoadmapFactory()

        assert list(Roadmap.objects.manageable_by(mentor)) == [mentored]

    @pytest.mark.parametrize(("person", "count"), [("admin_user", 2), ("ministry", 0), ("manager", 0)])
    def test_admins_manage_all_and_ministry_and_managers_none(self, person, count, request, db):
        RoadmapFactory()
        RoadmapFactory(forum=ForumFactory(province=province("73")))

        assert Roadmap.objects.manageable_by(request.getfixturevalue(person)).count() == count


class TestCurrentPeriod:
    @pytest.fixture
    def roadmap(self, db):
        return RoadmapFactory()

    def period(self, roadmap, opens, due, **extra):
        return ReportingPeriodFactory(
            roadmap=roadmap,
            starts_on=days(opens),
            ends_on=days(due - 5),
            opens_on=days(opens),
            due_on=days(due),
            **extra,
        )

    def test_the_current_period_is_the_open_one_due_soonest(self, roadmap):
        self.period(roadmap, -100, -10)
        due_soon = self.period(roadmap, -20, 3)
        self.period(roadmap, -2, 90)
        self.period(roadmap, 5, 120)

        assert roadmap.periods.current() == due_soon

    def test_when_every_open_period_is_overdue_the_latest_one_is_current(self, roadmap):
        self.period(roadmap, -200, -100)
        latest = self.period(roadmap, -90, -3)

        assert roadmap.periods.current() == latest

    def test_locked_periods_are_never_current(self, roadmap):
        self.period(roadmap, -20, 10, locked=True)

        assert roadmap.periods.current() is None
        assert ReportingPeriod.objects.current(on=days(-30)) is None


class TestClassifications:
    @pytest.mark.parametrize(("person", "expected"), [("ministry", ALL), ("manager", OWN), ("plain_user", set())])
    def test_assessments_follow_the_report_rule(self, person, expected, request, world):
        visible = Classification.objects.visible_to(request.getfixturevalue(person))

        assert blkk_names(visible, "blkk__name") == expected

    @pytest.mark.parametrize(
        ("person", "expected"),
        [("ministry", ALL), ("admin_user", ALL), ("mentor", SULSEL), ("manager", set()), ("board_member", set())],
    )
    def test_who_may_classify_which_blkk(self, person, expected, request, world):
        MentorshipFactory(province=province("73"))
        sulsel_board_seat(request.getfixturevalue("board_member"))

        assert blkk_names(classifiable_blkks(request.getfixturevalue(person)), "name") == expected
