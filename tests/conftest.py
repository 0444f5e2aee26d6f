"""The people of each role, shared by every test module.

The three-person pattern: a manager of their own BLK-K (`manager`, owning `own_blkk`),
a BLK-K they do not manage (`other_blkk`), and one user per remaining role.
"""

import os
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import override_settings
from pytest_django.fixtures import validate_django_db
from pytest_django.plugin import blocking_manager_key

from accounts.roles import Role

from .factories import BlkkFactory, UserFactory, regency

# On SQLite the test database is a file, not memory: the live server of the browser tests
# then opens connections of its own, with the same WAL journal, IMMEDIATE transactions and
# busy timeout as `make run`, instead of sharing the test thread's one connection (where
# a page and the request it triggers at the same moment corrupted each other's savepoints).
if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(
        Path(tempfile.gettempdir()) / f"blkk-portal-test-{os.getpid()}.sqlite3"
    )


@pytest.fixture(scope="session", autouse=True)
def _plain_http_and_static_files(tmp_path_factory):
    """Tests speak plain HTTP, read static files from their source folders, and read English.

    Settings default to production values when DEBUG is off: HTTPS redirects, secure-only
    cookies and the manifest storage that needs collectstatic. The test client and the
    live server (started later in the session, so it sees this) need none of them.
    Assertions read the English source strings, which stay put while the Indonesian
    catalogue is reworded; tests/accounts/test_language.py puts the real default back.
    """
    with override_settings(
        LANGUAGE_CODE="en",
        # Uploaded files of a test run land in a temporary folder, never in ./media.
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        # PBKDF2 costs about half a second per test user; the tests check access, not hashing.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CSRF_COOKIE_SECURE=False,
        # Login throttling needs the request in authenticate(), which client.login() does not
        # pass; tests/security/test_throttling.py turns it back on.
        AXES_ENABLED=False,
        # Background tasks run inside the caller, so a test sees their effect at once;
        # tests/operations/ runs them through the database backend and its worker instead.
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


LAST_TRANSACTIONAL = pytest.StashKey[bool]()


def is_transactional(item):
    marker = item.get_closest_marker("django_db")
    transaction, reset_sequences, *_ = validate_django_db(marker) if marker else (False, False)
    return transaction or reset_sequences or bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Every transactional test gets back the rows that migrations load.

    A transactional test ends by emptying every table, which takes the provinces,
    regencies, centres and role groups with it. Serialized rollback saves them once when
    the test database is built and restores them before each transactional test, whether
    it asked through `transactional_db`, `live_server` or `django_db(transaction=True)`.
    Running last, this sees the order pytest-django gives: plain database tests, then
    transactional ones, then the rest.
    """
    transactional = [item for item in items if is_transactional(item)]
    for item in transactional:
        marker = item.get_closest_marker("django_db")
        _, reset_sequences, databases, serialized, available_apps = (
            validate_django_db(marker) if marker else (True, False, None, False, None)
        )
        if not serialized:
            restoring = pytest.mark.django_db(
                transaction=True,
                reset_sequences=reset_sequences,
                databases=databases,
                serialized_rollback=True,
                available_apps=available_apps,
            )
            item.add_marker(restoring, append=False)
    if transactional:
        transactional[-1].stash[LAST_TRANSACTIONAL] = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last transactional test, put the migrated rows back for good.

    Tests classed as not using the database run after it, and one that reaches the
    database anyway (through `request.getfixturevalue("db")`, say) would otherwise find
    empty tables.
    """
    result = yield
    # With no next item the session fixtures are already gone, the test database too:
    # deserialising now would write into the database DATABASE_URL names.
    if item.stash.get(LAST_TRANSACTIONAL, False) and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=False):
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
            connections.close_all()
    return result


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
