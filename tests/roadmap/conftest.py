import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Test users need a password but not a slow one: PBKDF2 costs most of a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
