import pytest

from .world import build_world


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Cheap password hashing. (Pages come in English for every test: see tests/conftest.py.)"""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(manager, own_blkk, other_blkk, mentor):
    return build_world(manager=manager, own_blkk=own_blkk, other_blkk=other_blkk, mentor=mentor)
