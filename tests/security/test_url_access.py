"""Every URL of the project, walked from the URL resolver, against every kind of person.

The expected answers live in access_table.py. A URL pattern without an entry there fails
`test_every_url_pattern_has_an_access_decision`, so a new page cannot ship before someone
decides who may open it. Each URL name is one test; inside it every case is tried for
every role, each request in a savepoint that is rolled back, so a POST that saves leaves
nothing behind for the next cell. A POST that is refused must leave every table as it was.
"""

import copy

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection, transaction
from django.urls import get_resolver
from django.views.generic.base import RedirectView

from .access_table import ADMIN_MODELS, ROLES, cell_count, full_table
from .world import TALLY, walk, world_in_transaction

TABLE = full_table()
CELLS = cell_count(TABLE)
# The table covers 218 URL names for 9 kinds of visitor (2,268 cells); far fewer means entries went missing.
MIN_CELLS = 1800

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from world_in_transaction(django_db_blocker)


def is_admin_internal(route, callback):
    """Django admin's unnamed patterns: the old-style object URL redirect and the catch-all."""
    if not route.startswith("admin/"):
        return False
    redirects = getattr(callback, "view_class", None) is RedirectView
    return redirects or getattr(callback, "__name__", "") == "catch_all_view"


def test_every_url_pattern_has_an_access_decision():
    names, unnamed = set(), []
    for route, name, callback in walk(get_resolver().url_patterns):
        if name is not None:
            names.add(name)
        elif not is_admin_internal(route, callback):
            unnamed.append(route)
    missing = sorted(names - set(TABLE))
    assert not missing, f"URL patterns without an entry in tests/security/access_table.py: {missing}"
    assert not unnamed, f"URL patterns without a name (name them, then add them to the table): {unnamed}"
    stale = sorted(set(TABLE) - names)
    assert not stale, f"Entries of access_table.py for URLs that no longer exist: {stale}"


def test_every_model_in_django_admin_has_a_decision():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS), (
        f"not in ADMIN_MODELS: {sorted(registered - set(ADMIN_MODELS))}; "
        f"no longer registered: {sorted(set(ADMIN_MODELS) - registered)}"
    )


def test_every_case_decides_for_every_role_and_the_table_is_big_enough():
    for name, cases in TABLE.items():
        for case in cases:
            assert set(case.expect) == set(ROLES), f"{case.title(name)} decides for {sorted(case.expect)}"
    assert CELLS >= MIN_CELLS, f"only {CELLS} URL × role cells in the table"


def row_counts():
    """The row count of every table the project's models use, in one query."""
    tables = sorted({model._meta.db_table for model in apps.get_models() if model._meta.db_table != "django_session"})
    # The table names come from the models, never from input.
    counts = ", ".join("(SELECT COUNT(*) FROM %s)" % connection.ops.quote_name(table) for table in tables)  # noqa: S608, UP031
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")  # noqa: S608
        return dict(zip(tables, cursor.fetchone(), strict=True))


def try_cell(world, name, case, role):
    """Request the case's URL as `role`; None if the answer is the expected one, else why not."""
    client = world.clients[role]
    answer = case.expect[role]
    cookies = copy.deepcopy(client.cookies)  # signing out, say, must not sign the shared client out
    try:
        with transaction.atomic():
            path = case.path(name, world)
            posting = case.method == "post"
            before = (row_counts(), case.probe(world) if case.probe else None) if posting else None
            data = case.data(world) if case.data else {}
            response = client.post(path, data) if posting else client.get(path)
            problem = answer.mismatch(response, world)
            if posting and problem is None:
                after = (row_counts(), case.probe(world) if case.probe else None)
                problem = write_problem(answer, before, after)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    TALLY["URL × role cells"] += 1
    return problem and f"{case.title(name)} as {role}: {problem}"


def write_problem(answer, before, after):
    if answer.writes:
        return None if before[1] != after[1] else "answered as if saved, but nothing changed"
    if before == after:
        return None
    counts = {table: (before[0][table], after[0][table]) for table in before[0] if before[0][table] != after[0][table]}
    return f"refused, yet wrote: rows {counts}, probe {before[1]!r} -> {after[1]!r}"


@pytest.mark.parametrize("name", sorted(TABLE))
def test_url_answers_each_role_as_the_table_says(world, name):
    problems = [
        problem for case in TABLE[name] for role in ROLES if (problem := try_cell(world, name, case, role)) is not None
    ]
    assert not problems, "\n".join(problems)
