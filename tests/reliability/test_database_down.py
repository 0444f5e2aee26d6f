"""With the database out of reach, every page answers a friendly 503 and /healthz says so.

Django opens its connection from the settings read at start-up, so the outage is real
only in a process of its own: a subprocess loads the portal's settings with a
DATABASE_URL that nothing answers (a closed PostgreSQL port, an SQLite file in a folder
that does not exist) and drives the test client. Two paths are covered: a database
error raised inside a view or at the start of the request's transaction
(`DatabaseUnavailableMiddleware`), and one raised inside another middleware, such as
the session lookup behind `request.user` (`handler500`).
"""

import json
import subprocess

import pytest

from .conftest import PYTHON, ROOT, portal_environment

DRIVER = r"""
import json, sys
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client

results = {}
for method, path, signed_in in json.loads(sys.argv[1]):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    if signed_in:
        # A browser that signed in earlier: its cookie makes the middleware look the session up.
        client.cookies["sessionid"] = "q" * 32
    response = getattr(client, method)(path)
    results[f"{method} {path}"] = {
        "status": response.status_code,
        "type": response.get("Content-Type", ""),
        "retry_after": response.get("Retry-After"),
        "body": response.content.decode(),
    }
print(json.dumps(results))
"""

REQUESTS = [
    ("get", "/healthz", False),
    ("get", "/", True),
    ("get", "/blkk/?q=pesantren&province=73", True),
    ("get", "/dashboard/", True),
    ("get", "/provinces/", True),
    # Public pages: no session to look up, the view itself meets the outage.
    ("post", "/accounts/login/", False),
    ("get", "/verify/no-such-token/", False),
]


def run_with_database(url):
    # The portal logs each outage with its traceback; the test reads only the answers.
    environment = portal_environment(DATABASE_URL=url, LOG_LEVEL="CRITICAL")
    completed = subprocess.run(  # noqa: S603 - our own interpreter and script
        [PYTHON, "-c", DRIVER, json.dumps(REQUESTS)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def answers(request, tmp_path_factory):
    if request.param == "postgresql":
        # Port 1 on the loopback: nothing listens, the connection is refused at once.
        url = "postgres://postgres@127.0.0.1:1/portal"
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('down')}/no-such-folder/portal.sqlite3"
    return run_with_database(url)


def test_the_health_check_answers_503_in_json(answers):
    health = answers["get /healthz"]

    assert health["status"] == 503
    assert health["type"] == "application/json"
    assert json.loads(health["body"]) == {"status": "error", "database": "unreachable"}


@pytest.mark.parametrize("request_line", [f"{method} {path}" for method, path, _ in REQUESTS[1:]])
def test_every_page_answers_the_friendly_503_page(answers, request_line):
    answer = answers[request_line]

    assert answer["status"] == 503, answer["body"][:500]
    assert answer["type"].startswith("text/html")
    assert "The portal is temporarily unavailable" in answer["body"]
    assert "Nothing you sent was saved half-way" in answer["body"]


@pytest.mark.parametrize("request_line", ["get /blkk/?q=pesantren&province=73", "post /accounts/login/"])
def test_the_503_asks_clients_to_come_back_later(answers, request_line):
    assert answers[request_line]["retry_after"] == "30"


def test_the_503_page_shows_no_signed_in_parts_of_the_navbar(answers):
    body = answers["get /dashboard/"]["body"]

    assert "Sign out" not in body
    assert 'href="/"' in body
