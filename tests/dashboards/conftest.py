import pytest

from .world import build_world


@pytest.fixture(autouse=True)
def _fast_passwords_and_english(settings):
    """Cheap password hashing; English pages, whose source strings stay put while the catalogue grows."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world(manager, own_blkk, other_blkk, mentor):
    return build_world(manager=manager, own_blkk=own_blkk, other_blkk=other_blkk, mentor=mentor)
