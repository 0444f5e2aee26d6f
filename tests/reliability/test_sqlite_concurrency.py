"""The embedded default holds several people at once: `make run` on SQLite, 8 people × 3 rounds, no 5xx.

A fresh SQLite file is migrated, eight ministry-staff accounts are made, and the portal is
served by `manage.py runserver` (threaded, as `make run` serves it) from the same settings
module, so the database OPTIONS under test are the ones a new user gets. Each round, the
eight people sign in at the same moment (every sign-in writes: the session, last_login,
django-axes' access log), open their dashboard and the directory, and sign out.
"""

import signal
import subprocess
import threading
from collections import Counter

import pytest

from .conftest import PYTHON, ROOT, portal_environment
from .live import Browser, free_port, wait_until_healthy

PEOPLE = 8
ROUNDS = 3
PASSWORD = "sqlite-bersama-2026"

MAKE_PEOPLE = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group
group = Group.objects.get(name="ministry_staff")
hasher = PBKDF2PasswordHasher()
for n in range({PEOPLE}):
    user = get_user_model().objects.create(username=f"staf-{{n}}", email=f"staf{{n}}@example.id")
    user.password = hasher.encode("{PASSWORD}", hasher.salt(), iterations=100_000)
    user.save()
    user.groups.add(group)
"""


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """`manage.py runserver` on a fresh SQLite file; yields its port."""
    folder = tmp_path_factory.mktemp("sqlite-portal")
    environment = portal_environment(
        DATABASE_URL=f"sqlite:///{folder / 'portal.sqlite3'}",
        ALLOWED_HOSTS="127.0.0.1",
        MEDIA_ROOT=folder / "media",
        LOG_LEVEL="WARNING",
    )
    manage = [PYTHON, "manage.py"]
    for command in (["migrate", "--verbosity", "0"], ["shell", "-c", MAKE_PEOPLE]):
        subprocess.run([*manage, *command], cwd=ROOT, env=environment, check=True)  # noqa: S603
    port = free_port()
    log_path = folder / "runserver.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_healthy(port, server, log_path, seconds=60)
        yield port
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def one_visit(port, number, start, statuses):
    """Sign in (at the same moment as the others), open two pages, sign out; record every status."""
    browser = Browser()
    start.wait()
    status, _, _ = browser.submit(
        port, "/accounts/login/", "/accounts/login/", {"username": f"staf-{number}", "password": PASSWORD}
    )
    statuses.append(status)
    for path in ("/", "/dashboard/", "/blkk/"):
        statuses.append(browser.get(port, path)[0])
    statuses.append(browser.submit(port, "/blkk/", "/accounts/logout/", {})[0])


def test_eight_people_at_once_for_three_rounds_get_no_server_error(portal):
    statuses = []
    for _round in range(ROUNDS):
        start = threading.Barrier(PEOPLE)
        threads = [
            threading.Thread(target=one_visit, args=(portal, number, start, statuses)) for number in range(PEOPLE)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    counts = Counter(statuses)
    print(f"{len(statuses)} responses: {dict(sorted(counts.items()))}")
    assert not [status for status in statuses if status >= 500], counts
    assert len(statuses) == PEOPLE * ROUNDS * 5
    assert counts[302] >= PEOPLE * ROUNDS  # every sign-in succeeded
