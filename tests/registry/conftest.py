"""Fixtures the registry's own test modules opt into with `pytest.mark.usefixtures`."""

import pytest


@pytest.fixture
def fast_password_hashing(settings):
    """Test users need a password but not a slow one: PBKDF2 costs about half a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
