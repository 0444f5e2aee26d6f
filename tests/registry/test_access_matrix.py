"""Every registry page against every role: anonymous, each role, own versus other BLK-K."""

import pytest
from django.urls import reverse

from tests.factories import MentorshipFactory, centre

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]

ROLES = ["ministry", "mentor", "board_member", "manager", "admin_user", "plain_user"]


@pytest.fixture
def read_urls(own_blkk):
    return [
        reverse("registry:blkk-list"),
        reverse("registry:blkk-list") + "?province=73",
        reverse("registry:regency-options") + "?province=73",
        reverse("registry:blkk-detail", args=[own_blkk.pk]),
        reverse("registry:centre-list"),
        reverse("registry:centre-detail", args=[centre().pk]),
        reverse("registry:province-list"),
        reverse("registry:province-detail", args=["73"]),
    ]


def edit_url(blkk):
    return reverse("registry:blkk-edit", args=[blkk.pk])


def test_anonymous_visitors_are_sent_to_sign_in_from_every_page(client, read_urls, own_blkk):
    for url in [*read_urls, edit_url(own_blkk)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_anonymous_posts_to_the_profile_form_change_nothing(client, own_blkk):
    response = client.post(edit_url(own_blkk), {"phone": "0411 999999", "version": 1})
    assert response.status_code == 302
    own_blkk.refresh_from_db()
    assert own_blkk.phone == "0411 123456"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_browses_the_directory_profiles_centres_and_provinces(client, request, role, read_urls):
    client.force_login(request.getfixturevalue(role))
    for url in read_urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ministry", 403),
        ("mentor", 403),  # no mentorship gives the mentor scope here
        ("board_member", 403),
        ("manager", 200),
        ("admin_user", 200),
        ("plain_user", 403),
    ],
)
def test_only_the_own_manager_and_admins_open_the_profile_form(client, request, role, status, own_blkk):
    client.force_login(request.getfixturevalue(role))
    assert client.get(edit_url(own_blkk)).status_code == status


def test_a_manager_gets_403_on_another_blkks_form_for_get_and_post(client, manager, own_blkk, other_blkk):
    client.force_login(manager)
    assert client.get(edit_url(other_blkk)).status_code == 403
    response = client.post(edit_url(other_blkk), {"phone": "0411 999999", "version": other_blkk.version})
    assert response.status_code == 403
    other_blkk.refresh_from_db()
    assert other_blkk.phone == "0411 123456"


def test_a_mentor_edits_the_blkks_of_a_province_their_centre_mentors(client, mentor, own_blkk, other_blkk):
    MentorshipFactory(province=own_blkk.regency.province)
    client.force_login(mentor)
    assert client.get(edit_url(own_blkk)).status_code == 200
    assert client.get(edit_url(other_blkk)).status_code == 200


def test_a_mentor_assigned_one_blkk_edits_only_that_one(client, mentor, own_blkk, other_blkk):
    MentorshipFactory(blkk=own_blkk)
    client.force_login(mentor)
    assert client.get(edit_url(own_blkk)).status_code == 200
    assert client.get(edit_url(other_blkk)).status_code == 403


@pytest.mark.parametrize(
    ("role", "shows_button"),
    [("manager", True), ("admin_user", True), ("ministry", False), ("board_member", False), ("plain_user", False)],
)
def test_the_edit_button_shows_only_to_who_may_edit(client, request, role, shows_button, own_blkk):
    client.force_login(request.getfixturevalue(role))
    response = client.get(own_blkk.get_absolute_url())
    assert (edit_url(own_blkk) in response.text) is shows_button


def test_a_manager_sees_no_edit_button_on_another_blkk(client, manager, own_blkk, other_blkk):
    client.force_login(manager)
    response = client.get(other_blkk.get_absolute_url())
    assert edit_url(other_blkk) not in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/blkk/999999/",
        "/blkk/999999/edit/",
        "/centres/999999/",
        "/provinces/99/",
        "/provinces/zz/",
        "/provinces/7/",
        "/blkk/99999999999999999999999/",
        "/centres/99999999999999999999999/",
    ],
)
def test_forged_ids_answer_404_not_500(client, manager, url):
    client.force_login(manager)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/blkk/abc/", "/blkk/-1/", "/centres/x/", "/blkk/1.5/edit/"])
def test_non_numeric_ids_answer_404(client, manager, url):
    client.force_login(manager)
    assert client.get(url).status_code == 404


def test_read_only_pages_refuse_posts(client, manager, own_blkk):
    client.force_login(manager)
    assert client.post(reverse("registry:blkk-list")).status_code == 405
    assert client.post(own_blkk.get_absolute_url()).status_code == 405
