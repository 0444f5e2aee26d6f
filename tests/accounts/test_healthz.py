"""The health check that load balancers poll."""

from unittest import mock

from django.db import OperationalError, connection
from django.urls import reverse

HEALTHZ = reverse("healthz")


def test_the_health_check_answers_without_signing_in(client, db):
    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["database"] == "reachable"


def test_the_health_check_is_never_cached(client, db):
    response = client.get(HEALTHZ)

    assert "no-cache" in response["Cache-Control"]


def test_an_unreachable_database_answers_503(client, db):
    # Fault injection: the connection's cursor fails the way it does when the server is down.
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("server closed the connection")):
        response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_the_health_check_only_answers_get(client, db):
    response = client.post(HEALTHZ)

    assert response.status_code == 405
