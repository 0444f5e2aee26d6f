"""A server process freezes what start-up loaded, so full garbage collections stay short."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, sys
import {module} as served
from django.urls import get_resolver
print(gc.get_freeze_count(), "registry.views.blkk" in sys.modules, callable(served.application))
"""


@pytest.mark.parametrize("module", ["blkk_portal.wsgi", "blkk_portal.asgi"])
def test_server_entry_points_freeze_the_loaded_code(module):
    # A fresh interpreter: this test process has its own collector state.
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "blkk_portal.settings", "PYTHONPATH": str(ROOT)}
    completed = subprocess.run(  # noqa: S603 - this interpreter, a fixed probe
        [sys.executable, "-c", PROBE.format(module=module)],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    frozen, views_loaded, callable_app = completed.stdout.split()
    # Django, the settings and every app's views (imported by the URL configuration) are frozen.
    assert views_loaded == "True"
    assert callable_app == "True"
    assert int(frozen) > 50_000
