"""The people of each role, shared by every test module.

The three-person pattern: a manager of their own BLK-K (`manager`, owning `own_blkk`),
a BLK-K they do not manage (`other_blkk`), and one user per remaining role.
"""

import pytest

from accounts.roles import Role

from .factories import BlkkFactory, UserFactory, regency


@pytest.fixture
def ministry(db):
    return UserFactory(username="kemnaker-test", roles=[Role.MINISTRY])


@pytest.fixture
def mentor(db):
    from .factories import centre

    user = UserFactory(username="pembina-test", roles=[Role.MENTOR])
    centre().staff.add(user)
    return user


@pytest.fixture
def board_member(db):
    return UserFactory(username="pengurus-test", roles=[Role.BOARD])


@pytest.fixture
def manager(db):
    return UserFactory(username="pengelola-test", roles=[Role.MANAGER])


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin-test", is_staff=True, is_superuser=True)


@pytest.fixture
def plain_user(db):
    return UserFactory(username="tanpa-peran")


@pytest.fixture
def own_blkk(manager):
    return BlkkFactory(name="BLK-K PP Multidimensi Al-Fakhriyah", managers=[manager])


@pytest.fixture
def other_blkk(db):
    return BlkkFactory(name="BLK-K PP Al Mubarak DDI Tobarakka", regency=regency("73.13"))
