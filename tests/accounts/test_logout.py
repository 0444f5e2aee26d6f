"""Signing out."""

from django.urls import reverse


def test_signing_out_ends_the_session_and_returns_to_the_login_page(client, ministry):
    client.force_login(ministry)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_a_plain_link_cannot_sign_anyone_out(client, ministry):
    # Logging out by GET would let any page with an <img src> sign the visitor out.
    client.force_login(ministry)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(ministry.pk)


def test_the_navbar_offers_sign_out_as_a_form_with_a_csrf_token(client, ministry):
    client.force_login(ministry)

    response = client.get(reverse("accounts:password-change"))

    content = response.content.decode()
    assert f'action="{reverse("accounts:logout")}" method="post"' in content
    assert "csrfmiddlewaretoken" in content
