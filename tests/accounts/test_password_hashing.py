"""Password hashes: Argon2id at OWASP's minimum for new ones; older hashes still sign in and are rewritten."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher, make_password
from django.test import override_settings
from django.urls import reverse

from blkk_portal import settings as portal_settings
from tests.factories import UserFactory

LOGIN_URL = reverse("accounts:login")
# The tests run with a fast MD5 hasher (tests/conftest.py); these use the portal's own list.
PORTAL_HASHERS = portal_settings.PASSWORD_HASHERS


@override_settings(PASSWORD_HASHERS=PORTAL_HASHERS)
def test_a_new_password_is_hashed_with_argon2id_at_owasps_minimum():
    encoded = make_password("kata-sandi-baru-2026")

    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@override_settings(PASSWORD_HASHERS=PORTAL_HASHERS)
@pytest.mark.parametrize("old_hasher", [PBKDF2PasswordHasher, "argon2-django-default"])
def test_an_older_hash_still_signs_in_and_is_rewritten_with_argon2id(client, db, old_hasher):
    if old_hasher == "argon2-django-default":
        from django.contrib.auth.hashers import Argon2PasswordHasher

        old_hash = Argon2PasswordHasher().encode("test-password-123", "saltsaltsaltsalt")
    else:
        old_hash = old_hasher().encode("test-password-123", "saltsaltsaltsalt")
    person = UserFactory(username="lama")
    person.password = old_hash
    person.save(update_fields=["password"])

    response = client.post(LOGIN_URL, {"username": "lama", "password": "test-password-123"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert identify_hasher(person.password).algorithm == "argon2"
    assert person.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
