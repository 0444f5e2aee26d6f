"""`manage.py check --deploy` is clean with production settings.

The check runs in a fresh process: settings are read once, from the environment, and the
test process has already read them with test values.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECK = "import django; django.setup(); from django.core.management import call_command; " + (
    "call_command('check', deploy=True, fail_level='WARNING')"
)


def production_environment(tmp_path, **overrides):
    """The variables a production server sets; nothing inherited that could weaken them."""
    kept = {name: value for name, value in os.environ.items() if name in {"PATH", "HOME", "LANG", "PYTHONPATH"}}
    return {
        **kept,
        "DJANGO_SETTINGS_MODULE": "blkk_portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "portal-blkk.kemnaker.go.id",
        "CSRF_TRUSTED_ORIGINS": "https://portal-blkk.kemnaker.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        # Spelled out so a developer's .env (read for anything unset) cannot switch them off.
        "SECURE_COOKIES": "true",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "AXES_ENABLED": "true",
        "EMAIL_URL": "smtp+tls://portal@mail.kemnaker.go.id:587",
        "DECREE_DEMO_CA": "false",
        **overrides,
    }


def run_deploy_check(env):
    # A fixed command line: this interpreter and a constant script, nothing from outside.
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHECK], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_deploy_check_is_clean_with_production_settings(tmp_path):
    result = run_deploy_check(production_environment(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_the_deploy_check_fails_with_the_development_key(tmp_path):
    # Proves the check above can fail: the fallback key is exactly what it must reject.
    result = run_deploy_check(production_environment(tmp_path, SECRET_KEY="django-insecure-development-only"))

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_the_deploy_check_fails_without_secure_cookies(tmp_path):
    result = run_deploy_check(production_environment(tmp_path, SECURE_COOKIES="false"))

    assert result.returncode != 0
    assert "security.W012" in result.stdout + result.stderr


def test_the_deploy_check_fails_when_mail_would_only_be_printed(tmp_path):
    result = run_deploy_check(production_environment(tmp_path, EMAIL_URL="consolemail://"))

    assert result.returncode != 0
    assert "mail.E001" in result.stdout + result.stderr


def test_the_deploy_check_fails_while_the_demo_ca_is_trusted(tmp_path):
    result = run_deploy_check(production_environment(tmp_path, DECREE_DEMO_CA="true"))

    assert result.returncode != 0
    assert "forum.W001" in result.stdout + result.stderr


def test_the_deploy_check_fails_when_a_trust_anchor_file_is_missing(tmp_path):
    result = run_deploy_check(production_environment(tmp_path, DECREE_TRUST_ANCHORS=str(tmp_path / "bsre.pem")))

    assert result.returncode != 0
    assert "forum.E001" in result.stdout + result.stderr
