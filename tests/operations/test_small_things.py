"""What a user meets first: the address in links, the favicon, the sign-in message, the language kept."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def settings_in_fresh_process(**environment):
    """SITE_URL and ALLOWED_HOSTS as the settings module computes them from the given environment."""
    script = "from django.conf import settings; print(settings.SITE_URL); print(','.join(settings.ALLOWED_HOSTS))"
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "blkk_portal.settings", **environment}
    output = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return output[0], output[1].split(",")


def test_links_follow_the_served_address_unless_site_url_is_set():
    site_url, hosts = settings_in_fresh_process(SERVED_URL="http://192.168.1.20:8765")
    assert site_url == "http://192.168.1.20:8765"
    assert "192.168.1.20" in hosts

    site_url, _hosts = settings_in_fresh_process(
        SERVED_URL="http://127.0.0.1:8765", SITE_URL="https://blkk.kemnaker.go.id"
    )
    assert site_url == "https://blkk.kemnaker.go.id"


def test_make_run_passes_host_and_port_to_the_links():
    command = ["make", "-n", "run", "PORT=8765", "HOST=127.0.0.2"]  # noqa: S607 (make from PATH, as users run it)
    output = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert "SERVED_URL=http://127.0.0.2:8765" in output
    assert "runserver 127.0.0.2:8765" in output


@pytest.mark.django_db
def test_the_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # the ICO signature


@pytest.mark.django_db
def test_the_indonesian_sign_in_error_says_each_word_once(settings):
    settings.LANGUAGE_CODE = "id"
    UserFactory(username="siti")
    client = Client(headers={"accept-language": "id"})

    page = client.post(reverse("accounts:login"), {"username": "siti", "password": "salah"}).content.decode()

    assert "Nama pengguna atau kata sandi salah" in page
    assert "nama pengguna nama pengguna" not in page.lower()


@pytest.mark.django_db
def test_the_language_chosen_is_kept_for_the_persons_mail(client, manager):
    client.force_login(manager)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    manager.refresh_from_db()
    assert manager.language == "en"

    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    manager.refresh_from_db()
    assert manager.language == "en"


@pytest.mark.django_db
def test_a_visitor_who_chose_a_language_before_signing_in_keeps_it(manager, settings):
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    with translation.override("en"):
        client.post(reverse("accounts:login"), {"username": manager.username, "password": "test-password-123"})

    manager.refresh_from_db()
    assert manager.language == "en"
