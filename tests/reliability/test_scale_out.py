"""Two gunicorn instances sharing PostgreSQL and Redis serve the same person consistently.

Each instance is a separate process on its own port of 127.0.0.1, started from the
portal's production settings with the test database (committed rows: transactional_db)
and CACHE_URL on a Redis database of its own. A person who signs in on one is signed in
on the other; signing out on one signs them out on both; a cache key written through
one and deleted through the other is gone for both.
"""

import secrets
import signal
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import UserFactory

from .conftest import PYTHON, ROOT, database_url, portal_environment, postgres_only
from .live import Browser, free_port, wait_until_healthy

REDIS_URL = "redis://127.0.0.1:6379/14"
PASSWORD = "scale-out-password-2026"
GUNICORN = Path(PYTHON).parent / "gunicorn"


def redis_answers():
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except Exception:  # noqa: BLE001 - any failure means: no Redis to test with
        return False


pytestmark = [
    *postgres_only,
    pytest.mark.skipif(
        connection.vendor == "postgresql" and not redis_answers(), reason="Redis does not answer on 127.0.0.1:6379"
    ),
]


@pytest.fixture(scope="module")
def instances(django_db_setup, tmp_path_factory):
    """Two gunicorn processes on two free ports, shared by the module's tests; yields their ports.

    Connections are not kept between requests, so the instances never hold the locks that
    emptying the tables after each transactional test needs.
    """
    tmp_path = tmp_path_factory.mktemp("scale-out")
    environment = portal_environment(
        DJANGO_SETTINGS_MODULE="tests.reliability.scaleout_settings",
        DATABASE_URL=database_url(),
        CACHE_URL=REDIS_URL,
        ALLOWED_HOSTS="127.0.0.1",
        MEDIA_ROOT=tmp_path / "media",
        DB_CONN_MAX_AGE=0,
        LOG_LEVEL="WARNING",
    )
    ports, processes = [free_port(), free_port()], []
    try:
        for port in ports:
            log = (tmp_path / f"gunicorn-{port}.log").open("w")
            processes.append(
                subprocess.Popen(  # noqa: S603 - the venv's gunicorn with fixed arguments
                    [
                        str(GUNICORN),
                        "blkk_portal.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                        "--no-control-socket",
                        "--timeout",
                        "30",
                    ],
                    cwd=ROOT,
                    env=environment,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        for port, process in zip(ports, processes, strict=True):
            wait_until_healthy(port, process, tmp_path / f"gunicorn-{port}.log")
        yield ports
    finally:
        for process in processes:
            # SIGINT: gunicorn's quick shutdown; these workers have nothing left to finish.
            process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def person(transactional_db):
    """A manager whose password the instances can check (the test settings hash with MD5 only)."""
    user = UserFactory(username="pengelola-dua-server", full_name="Siti Rahmawati", roles=["blkk_manager"])
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


def sign_in(browser, port, person):
    status, _, _ = browser.submit(
        port, "/accounts/login/", "/accounts/login/", {"username": person.username, "password": PASSWORD}
    )
    assert status == 302, f"signing in on port {port} failed"
    return browser.cookies["sessionid"]


def test_a_session_opened_on_one_instance_is_valid_on_the_other(instances, person):
    first, second = instances
    browser = Browser()
    sign_in(browser, first, person)

    for port in (second, first, second):
        status, _, page = browser.get(port, "/blkk/")
        assert status == 200
        assert "Siti Rahmawati" in page


def test_signing_out_on_one_instance_ends_the_session_on_the_other(instances, person):
    first, second = instances
    browser = Browser()
    cookie = sign_in(browser, first, person)
    assert browser.get(second, "/blkk/")[0] == 200

    status, _, _ = browser.submit(second, "/blkk/", "/accounts/logout/", {})
    assert status in (200, 302)

    # The old cookie, replayed on the instance where the session began, opens nothing.
    replay = Browser()
    replay.cookies["sessionid"] = cookie
    status, headers, _ = replay.get(first, "/blkk/")
    assert status == 302
    assert headers["Location"].startswith("/accounts/login/")


def test_a_cache_entry_written_on_one_instance_and_invalidated_on_the_other_is_gone_for_both(instances):
    first, second = instances
    key = f"scale-out-{secrets.token_hex(6)}"
    browser = Browser()

    try:
        assert browser.request(first, "PUT", f"/cache-probe/{key}", body="provinces: 38")[2] == "provinces: 38"
        assert browser.get(second, f"/cache-probe/{key}")[2] == "provinces: 38"

        browser.request(second, "DELETE", f"/cache-probe/{key}")

        assert browser.get(first, f"/cache-probe/{key}")[2] == "(missing)"
        assert browser.get(second, f"/cache-probe/{key}")[2] == "(missing)"
    finally:
        browser.request(first, "DELETE", f"/cache-probe/{key}")
