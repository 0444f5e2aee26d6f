"""Signing in through the login form."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

LOGIN_URL = reverse("accounts:login")


@pytest.fixture
def person(db):
    return UserFactory(username="siti")


def test_the_login_page_shows_the_form_to_anonymous_visitors(client, db):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="id_username"' in content
    assert 'id="id_password"' in content
    assert 'autocomplete="current-password"' in content


def test_a_correct_password_signs_the_person_in_and_sends_them_home(client, person):
    response = client.post(LOGIN_URL, {"username": "siti", "password": "test-password-123"})

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(person.pk)


def test_a_wrong_password_keeps_the_username_and_explains_the_error(client, person):
    response = client.post(LOGIN_URL, {"username": "siti", "password": "wrong-password"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors()
    assert 'value="siti"' in response.content.decode()


def test_an_inactive_account_cannot_sign_in(client, db):
    UserFactory(username="nonaktif", is_active=False)

    response = client.post(LOGIN_URL, {"username": "nonaktif", "password": "test-password-123"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signing_in_returns_to_the_page_that_asked_for_it(client, person):
    target = reverse("accounts:password-change")

    response = client.post(
        f"{LOGIN_URL}?next={target}", {"username": "siti", "password": "test-password-123", "next": target}
    )

    assert response.status_code == 302
    assert response.url == target


def test_a_next_address_on_another_site_is_ignored(client, person):
    response = client.post(
        LOGIN_URL, {"username": "siti", "password": "test-password-123", "next": "https://evil.example/steal"}
    )

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_signed_in_person_visiting_the_login_page_goes_home(client, person):
    client.force_login(person)

    response = client.get(LOGIN_URL)

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_an_empty_form_gets_field_errors_not_a_server_error(client, db):
    response = client.post(LOGIN_URL, {})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"username", "password"}
