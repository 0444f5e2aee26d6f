"""Tests of background work run tasks the way production does: stored, then run by the worker."""

import signal
from unittest import mock

import pytest
from django.core.management import call_command

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queued_tasks(settings):
    """Tasks wait in the database (django-tasks-db) until `run_worker()` runs what is due."""
    settings.TASKS = DATABASE_TASKS


def run_worker():
    """Run every task that is due, as `manage.py db_worker` does, then return.

    The worker closes connections it finds outside autocommit, as Django does between
    requests; the test's own connection is inside its transaction, so that is switched off.
    It also takes over SIGINT and SIGTERM for a graceful stop; the test run gets them back,
    or a later Ctrl+C or kill would end one test instead of the run.
    """
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
