"""Changing one's own password."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

CHANGE_URL = reverse("accounts:password-change")
NEW_PASSWORD = "pelatihan-vokasi-2024"


@pytest.fixture
def person(db):
    return UserFactory(username="budi")


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(CHANGE_URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={CHANGE_URL}"


def test_a_signed_in_person_sees_the_form(client, person):
    client.force_login(person)

    response = client.get(CHANGE_URL)

    assert response.status_code == 200
    assert 'id="id_old_password"' in response.content.decode()


def test_the_new_password_replaces_the_old_one_and_keeps_the_person_signed_in(client, person):
    client.force_login(person)

    response = client.post(
        CHANGE_URL,
        {"old_password": "test-password-123", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password-change-done")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:password-change-done")).status_code == 200


def test_a_wrong_current_password_is_reported_beside_its_field(client, person):
    client.force_login(person)

    response = client.post(
        CHANGE_URL, {"old_password": "not-my-password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    person.refresh_from_db()
    assert person.check_password("test-password-123")


def test_a_weak_new_password_is_refused(client, person):
    client.force_login(person)

    response = client.post(
        CHANGE_URL, {"old_password": "test-password-123", "new_password1": "12345678", "new_password2": "12345678"}
    )

    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors


def test_the_done_page_also_requires_signing_in(client, db):
    response = client.get(reverse("accounts:password-change-done"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
