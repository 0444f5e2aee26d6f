"""Who may open which dashboard, and whose BLK-Ks each person's numbers count."""

import pytest
from django.urls import reverse

from forum.models import Forum
from tests.factories import BoardPositionFactory, ForumFactory, centre, province

NATIONAL = reverse("dashboards:national")


def province_url(code="73"):
    return reverse("dashboards:province", args=[code])


def centre_url(name="BBPVP Makassar"):
    return reverse("dashboards:centre", args=[centre(name).pk])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", [NATIONAL, "/dashboard/provinces/73/", "/dashboard/blkk/", "/dashboard/implementations/"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("user_fixture", ["ministry", "admin_user"])
def test_ministry_staff_and_admins_see_the_whole_country(client, request, world, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))

    response = client.get(NATIONAL)

    assert response.status_code == 200
    assert response.context["counts"]["total"] == len(world.blkks)
    assert response.context["title"] == "National overview"


@pytest.mark.django_db
def test_a_mentor_sees_only_the_blkks_of_its_centre(client, world, mentor):
    client.force_login(mentor)

    response = client.get(NATIONAL)

    assert response.status_code == 200
    assert response.context["counts"]["total"] == len(world.blkks) - 1  # Bandung is not theirs
    provinces = {row["key"] for row in response.context["tables"]["province"]}
    assert provinces == {"73"}


@pytest.mark.django_db
def test_a_manager_sees_only_their_own_blkk(client, world, manager, own_blkk):
    client.force_login(manager)

    response = client.get(NATIONAL)

    assert response.status_code == 200
    assert response.context["counts"]["total"] == 1
    assert response.context["reporting"]["running"] == 3


@pytest.mark.django_db
def test_a_board_member_sees_the_forum_they_sit_on(client, world, board_member):
    forum = ForumFactory(province=province("73"))
    BoardPositionFactory(forum=forum, user=board_member)
    client.force_login(board_member)

    response = client.get(reverse("dashboards:forum", args=[forum.pk]))

    assert response.status_code == 200
    assert response.context["counts"]["total"] == len(world.blkks) - 1


@pytest.mark.django_db
def test_someone_without_a_scope_is_told_what_dashboards_are_for(client, world, plain_user):
    client.force_login(plain_user)

    response = client.get(NATIONAL)

    assert response.status_code == 403
    assert b"ask a portal administrator" in response.content


@pytest.mark.django_db
def test_a_mentor_may_open_their_own_centres_dashboard_but_not_another(client, world, mentor):
    client.force_login(mentor)

    assert client.get(centre_url()).status_code == 200
    assert client.get(centre_url("BBPVP Bandung")).status_code == 403


@pytest.mark.django_db
def test_a_province_outside_the_mentors_scope_answers_403(client, world, mentor):
    client.force_login(mentor)

    assert client.get(province_url("73")).status_code == 200
    assert client.get(province_url("32")).status_code == 403


@pytest.mark.django_db
def test_the_centre_dashboard_shows_the_review_backlog_of_the_centre(client, world, mentor):
    client.force_login(mentor)

    response = client.get(centre_url())
    queue = client.get(reverse("roadmap:review-queue"))

    assert response.context["backlog"] == queue.context["page_obj"].paginator.count == 3


@pytest.mark.django_db
def test_ministry_staff_land_on_the_national_overview(client, ministry):
    client.force_login(ministry)

    assert client.get(reverse("home")).url == NATIONAL


@pytest.mark.django_db
def test_a_mentor_lands_on_their_centres_dashboard(client, mentor):
    client.force_login(mentor)

    assert client.get(reverse("home")).url == centre_url()


@pytest.mark.django_db
def test_the_national_forum_dashboard_counts_every_blkk(client, world, ministry):
    client.force_login(ministry)
    national = Forum.objects.get(kind=Forum.Kind.NATIONAL)

    response = client.get(reverse("dashboards:forum", args=[national.pk]))

    assert response.context["counts"]["total"] == len(world.blkks)
