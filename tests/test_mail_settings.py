"""EMAIL_URL becomes Django 6.1's MAILERS, so mail reaches the server it names."""

import pytest
from environ import Env

from blkk_portal.settings import mailer_from_url


def mailer(url):
    return mailer_from_url(Env.email_url_config(url))


def test_smtp_with_starttls_keeps_host_port_login_and_tls():
    assert mailer("smtp+tls://portal:secret@mail.kemnaker.go.id:587") == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "mail.kemnaker.go.id",
            "port": 587,
            "username": "portal",
            "password": "secret",
            "use_tls": True,
        },
    }


def test_a_timeout_in_the_query_string_reaches_the_backend():
    assert mailer("smtp://mail.kemnaker.go.id:25?EMAIL_TIMEOUT=10")["OPTIONS"]["timeout"] == 10


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("consolemail://", "django.core.mail.backends.console.EmailBackend"),
        ("dummymail://", "django.core.mail.backends.dummy.EmailBackend"),
    ],
)
def test_local_backends_get_no_server_options(url, backend):
    assert mailer(url) == {"BACKEND": backend, "OPTIONS": {}}
