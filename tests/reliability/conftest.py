"""What the reliability tests share: a reporting world, a snapshot of the written state, subprocesses."""

import hashlib
import os
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from roadmap.models import Implementation, PeriodRollup, StatusReport
from tests.factories import ImplementationFactory, ReportingPeriodFactory, RoadmapFactory

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


# A mark, not a fixture that skips: a transactional test is set up (and its tables emptied
# afterwards) before any of its fixtures could skip it.
postgres_only = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: DATABASE_URL=postgres://..."),
]


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files of the test land in a folder of their own, to be listed afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def reporting(own_blkk):
    """A roadmap with today's quarter open and one implementation of the manager's BLK-K."""
    roadmap = RoadmapFactory()
    period = ReportingPeriodFactory(roadmap=roadmap)
    implementation = ImplementationFactory(programme__pillar__roadmap=roadmap, blkk=own_blkk)
    return implementation, period


def written_state(implementation):
    """Everything a report submission writes, in comparable form."""
    implementation = Implementation.objects.get(pk=implementation.pk)
    return {
        "reports": list(StatusReport.objects.values_list("pk", "status", "progress", "review").order_by("pk")),
        "implementation": (
            implementation.status,
            implementation.progress,
            implementation.version,
            implementation.latest_report_id,
        ),
        "implementation_history": implementation.history.count(),
        "rollups": list(PeriodRollup.objects.values_list("period_id", "blkk_id", "reported", "pending").order_by("pk")),
    }


def files_under(folder):
    """{relative path: SHA-256} of every file below the folder."""
    folder = Path(folder)
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def database_url(name=None):
    """A DATABASE_URL for the test database (or another database on the same server)."""
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings.get("PASSWORD") else ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{name or settings['NAME']}"


def portal_environment(**overrides):
    """The environment of a portal process started by a test: production settings over plain HTTP."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "blkk_portal.settings",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "PYTHONPATH": str(ROOT),
    }
    environment.update({key: str(value) for key, value in overrides.items()})
    return environment
