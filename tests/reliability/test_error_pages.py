"""The error pages: a friendly 503 for database outages, plain 500, and 404/403 in the portal's layout."""

from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client, RequestFactory, override_settings

from blkk_portal import faults

pytestmark = pytest.mark.urls("tests.reliability.fault_urls")


@pytest.fixture
def quiet_client():
    """A client that returns the error page instead of re-raising the view's exception."""
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("path", ["/operational/", "/interface/"])
def test_a_database_error_in_a_view_is_answered_503_by_the_middleware(client, db, path):
    # The default test client re-raises any exception Django reports as unhandled:
    # getting a response at all shows the middleware handled it.
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert response["Retry-After"] == str(faults.RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith("text/html")
    assert b"The portal is temporarily unavailable" in response.content


def test_a_database_error_in_another_middleware_is_answered_503_by_the_500_handler(quiet_client, db):
    quiet_client.cookies["sessionid"] = "q" * 32
    outage = OperationalError("could not connect to server")

    with (
        override_settings(ROOT_URLCONF="blkk_portal.urls"),
        mock.patch.object(SessionStore, "load", side_effect=outage),
    ):
        response = quiet_client.get("/blkk/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(faults.RETRY_AFTER_SECONDS)
    assert b"The portal is temporarily unavailable" in response.content


def test_the_503_page_reads_neither_the_user_nor_the_session(db, django_assert_num_queries):
    request = RequestFactory().get("/dashboard/")
    untouchable = mock.PropertyMock(side_effect=AssertionError("the 503 page looked at the user or session"))
    with (
        mock.patch.object(type(request), "user", untouchable, create=True),
        mock.patch.object(type(request), "session", untouchable, create=True),
        django_assert_num_queries(0),
    ):
        response = faults.database_unavailable(request)

    assert response.status_code == 503


def test_an_unbreakable_fallback_answers_when_the_503_template_itself_fails(db):
    with mock.patch.object(faults.loader, "get_template", side_effect=ValueError("Missing staticfiles manifest")):
        response = faults.database_unavailable(RequestFactory().get("/"))

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert response.content


def test_a_bug_answers_the_plain_500_page(quiet_client, db):
    response = quiet_client.get("/bug/")

    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"division by zero" not in response.content
    assert "Retry-After" not in response


def test_the_404_page_keeps_the_portal_navigation_for_signed_in_users(quiet_client, manager):
    quiet_client.force_login(manager)

    response = quiet_client.get("/missing/")

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Sign out" in response.content
    # The technical message of get_object_or_404 is not for people.
    assert b"No Implementation matches" not in response.content


def test_the_403_page_says_why_in_the_portal_layout(quiet_client, manager):
    quiet_client.force_login(manager)

    response = quiet_client.get("/forbidden/")

    assert response.status_code == 403
    assert b"Access denied" in response.content
    assert b"Only the managers of this BLK-K report on its programmes." in response.content
    assert b"Sign out" in response.content
