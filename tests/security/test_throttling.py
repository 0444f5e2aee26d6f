"""Login throttling: five wrong passwords lock a username out from that address for fifteen minutes."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

LOGIN = reverse("accounts:login")
RIGHT = "test-password-123"


@pytest.fixture(autouse=True)
def _throttling_on(settings):
    # tests/conftest.py turns django-axes off for the rest of the suite.
    settings.AXES_ENABLED = True


@pytest.fixture
def person(db):
    return UserFactory(username="siti")


def visitor(address="203.0.113.7"):
    return Client(headers={"accept-language": "en"}, REMOTE_ADDR=address)


def attempt(client, password, username="siti"):
    return client.post(LOGIN, {"username": username, "password": password})


def fail_five_times(client, username="siti"):
    return [attempt(client, f"wrong-{n}", username) for n in range(5)]


def test_four_wrong_passwords_only_say_the_password_is_wrong(person):
    client = visitor()

    responses = [attempt(client, f"wrong-{n}") for n in range(4)]

    assert [r.status_code for r in responses] == [200] * 4
    assert attempt(client, RIGHT).status_code == 302


def test_the_fifth_wrong_password_shows_the_lockout_message(person):
    responses = fail_five_times(visitor())

    last = responses[-1]
    assert last.status_code == 429
    content = last.content.decode()
    assert 'id="lockout-message"' in content
    assert "blocked for 15 minutes" in content
    assert 'name="password"' not in content


def test_the_right_password_is_refused_during_the_lockout(person):
    client = visitor()
    fail_five_times(client)

    response = attempt(client, RIGHT)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_after_the_cool_off_the_right_password_works_again(person, time_machine):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    client = visitor()
    fail_five_times(client)
    time_machine.move_to(start + datetime.timedelta(minutes=14), tick=False)
    assert attempt(client, RIGHT).status_code == 429

    # The refused attempt above started the fifteen minutes again.
    time_machine.move_to(start + datetime.timedelta(minutes=14 + 16), tick=False)
    response = attempt(client, RIGHT)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_a_lockout_is_for_one_username_from_one_address(person):
    UserFactory(username="budi")
    fail_five_times(visitor("203.0.113.7"))

    # The same person from another network, and another person from the same network, are not blocked.
    assert attempt(visitor("198.51.100.20"), RIGHT).status_code == 302
    assert attempt(visitor("203.0.113.7"), RIGHT, username="budi").status_code == 302


def test_a_successful_sign_in_clears_the_count_of_wrong_passwords(person):
    client = visitor()
    for n in range(4):
        attempt(client, f"wrong-{n}")
    attempt(client, RIGHT)
    client.post(reverse("accounts:logout"))

    responses = [attempt(client, f"again-{n}") for n in range(4)]

    assert [r.status_code for r in responses] == [200] * 4


def test_django_admin_sign_in_is_throttled_too(person):
    client = visitor()
    url = reverse("admin:login")
    for n in range(5):
        response = client.post(url, {"username": "siti", "password": f"wrong-{n}"})

    assert response.status_code == 429
    assert AccessAttempt.objects.filter(username="siti").exists()


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_counted(person, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    blocked = Client(REMOTE_ADDR=proxy, headers={"x-forwarded-for": "203.0.113.7"})
    fail_five_times(blocked)
    # A forged first hop does not help the blocked client: the proxy's own entry is read.
    forged = Client(REMOTE_ADDR=proxy, headers={"x-forwarded-for": "198.51.100.1, 203.0.113.7"})
    elsewhere = Client(REMOTE_ADDR=proxy, headers={"x-forwarded-for": "198.51.100.20"})

    assert attempt(forged, RIGHT).status_code == 429
    assert attempt(elsewhere, RIGHT).status_code == 302


def test_one_address_trying_many_usernames_is_blocked_across_usernames(db, settings):
    settings.SIGN_IN_ADDRESS_LIMIT = 12
    for name in ("ani", "budi", "cici", "dedi"):
        UserFactory(username=name)
    sprayer = visitor("203.0.113.50")
    # Three wrong passwords each: no username reaches its own limit of five.
    responses = [attempt(sprayer, f"Rahasia{n}!", name) for name in ("ani", "budi", "cici", "dedi") for n in range(3)]

    assert [r.status_code for r in responses] == [200] * 11 + [429]
    assert "from this network is blocked" in responses[-1].content.decode()
    blocked = attempt(sprayer, RIGHT, "ani")
    assert blocked.status_code == 429
    assert "from this network is blocked" in blocked.content.decode()
    # Another address is not concerned, and the per-person limit still holds below the address limit.
    assert attempt(visitor("198.51.100.9"), RIGHT, "ani").status_code == 302
