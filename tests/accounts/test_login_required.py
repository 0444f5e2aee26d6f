"""Login is required everywhere except the few public pages."""

import pytest
from django.urls import reverse

LOGIN_URL = reverse("accounts:login")
PROTECTED_URLS = [reverse("accounts:password-change"), reverse("registry:blkk-list")]


@pytest.mark.parametrize("url", PROTECTED_URLS)
def test_anonymous_visitors_are_redirected_to_login_with_the_page_to_return_to(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={url}"


@pytest.mark.parametrize("name", ["home", "healthz", "accounts:login"])
def test_public_pages_open_without_signing_in(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 200


def test_admin_sends_anonymous_visitors_to_a_login_page(client, db):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "login" in response.url
