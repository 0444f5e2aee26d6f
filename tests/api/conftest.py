"""The API tests' world: the whole-site security world (tests/security/world.py) and a token per person."""

from collections import Counter

import pytest
from django.core.cache import cache
from django.test import Client

from api.services import issue_token
from tests.security.world import world_in_transaction


def issue_tokens(world):
    world.tokens = {role: issue_token(user, f"token of {role}")[1] for role, user in world.users.items()}
    world.api = {role: token_client(token) for role, token in world.tokens.items()}
    world.api["anonymous"] = Client(headers={"accept-language": "en"})


def token_client(token):
    return Client(headers={"authorization": f"Bearer {token}", "accept-language": "en"})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from world_in_transaction(django_db_blocker, setup=issue_tokens)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters live in the cache: each test starts with a full budget."""
    cache.clear()
    yield
    cache.clear()


# What tests/api/test_schema.py checked, and how long it took, for the run's summary.
SCHEMATHESIS = Counter()


def pytest_terminal_summary(terminalreporter):
    if SCHEMATHESIS["operations"]:
        terminalreporter.write_line(
            f"tests/api: schemathesis sent {SCHEMATHESIS['requests']} requests to {SCHEMATHESIS['operations']} "
            f"operations in {SCHEMATHESIS['seconds']:.0f} s"
        )
