"""The home address: a welcome page for visitors, each role's own landing page once signed in."""

import datetime

from django.urls import reverse

from accounts.roles import Role
from forum.models import Forum
from tests.factories import BoardPositionFactory, ForumFactory, UserFactory, centre, province

HOME = reverse("home")


def test_anonymous_visitors_see_the_welcome_page_with_sign_in_and_decree_verification(client, db):
    response = client.get(HOME)

    assert response.status_code == 200
    assert "home.html" in [template.name for template in response.templates]
    content = response.content.decode()
    assert f'href="{reverse("accounts:login")}"' in content
    assert f'href="{reverse("forum:verify")}"' in content


def test_the_welcome_page_reads_nothing_from_the_database(client, db, django_assert_num_queries):
    # No session cookie, no user: nothing to look up. The two statements are the
    # SAVEPOINT and RELEASE of the transaction ATOMIC_REQUESTS wraps every view in.
    with django_assert_num_queries(2) as captured:
        client.get(HOME)

    assert not [query for query in captured.captured_queries if "SELECT" in query["sql"].upper()]


def lands_on(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 302
    return response.url


def test_ministry_staff_land_on_the_national_overview(client, ministry):
    assert lands_on(client, ministry) == reverse("dashboards:national")


def test_admins_land_on_the_national_overview(client, admin_user):
    assert lands_on(client, admin_user) == reverse("dashboards:national")


def test_mentor_staff_land_on_their_centre(client, mentor):
    assert lands_on(client, mentor) == reverse("dashboards:centre", kwargs={"pk": centre().pk})


def test_mentor_staff_not_yet_attached_to_a_centre_land_on_the_review_queue(client, db):
    assert lands_on(client, UserFactory(roles=[Role.MENTOR])) == reverse("roadmap:review-queue")


def test_a_manager_lands_on_what_is_due(client, manager, own_blkk, other_blkk):
    assert lands_on(client, manager) == reverse("roadmap:my-programmes")


def test_a_manager_without_a_blkk_yet_lands_on_the_directory(client, manager):
    assert lands_on(client, manager) == reverse("registry:blkk-list")


def test_a_board_member_lands_on_the_forum_of_their_seat(client, board_member):
    sulsel = ForumFactory(province=province("73"))
    BoardPositionFactory(forum=sulsel, user=board_member)

    assert lands_on(client, board_member) == sulsel.get_absolute_url()


def test_a_board_member_with_seats_on_two_forums_lands_on_the_national_one(client, board_member):
    national = ForumFactory(kind=Forum.Kind.NATIONAL, province=None, name="FKN BLK-K")
    for forum in (ForumFactory(province=province("73")), national):
        BoardPositionFactory(forum=forum, user=board_member)

    assert lands_on(client, board_member) == national.get_absolute_url()


def test_a_board_member_whose_term_has_ended_lands_on_the_directory(client, board_member):
    BoardPositionFactory(
        forum=ForumFactory(province=province("73")),
        user=board_member,
        term_start=datetime.date(2018, 1, 1),
        term_end=datetime.date(2020, 12, 31),
    )

    assert lands_on(client, board_member) == reverse("registry:blkk-list")


def test_people_without_a_role_land_on_the_directory(client, plain_user):
    assert lands_on(client, plain_user) == reverse("registry:blkk-list")
