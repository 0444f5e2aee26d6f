"""A dashboard is served from its cached copy only while the database has not changed.

The cache is keyed by PostgreSQL's snapshot. Transaction ids are the server's, so while
other test processes commit in their own databases the snapshot moves between any two
requests: the tests of what the key tells apart hold the snapshot still (`still_data`),
and the tests of the snapshot itself commit their data (transactional tests; inside the
usual test transaction `page_cache` caches nothing).
"""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards import page_cache
from registry.models import Blkk

from .world import build_world

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the cache keys on PostgreSQL's snapshot")
# What the frame around the cached part writes afresh on every request.
EVERY_TIME = re.compile(r'<span data-printed-at>[^<]*</span>|name="csrfmiddlewaretoken" value="[^"]*"')


def computed(response):
    """Whether the view computed the dashboard (its numbers are in the context) rather than reusing it."""
    return response.context is not None and "counts" in response.context


def page(response):
    return EVERY_TIME.sub("", response.content.decode())


@pytest.fixture
def committed_world(transactional_db, manager, own_blkk, other_blkk, mentor):
    return build_world(manager=manager, own_blkk=own_blkk, other_blkk=other_blkk, mentor=mentor)


@pytest.fixture
def still_data(monkeypatch, world):
    """The data of `world`, and a database in which nothing commits from here on."""
    monkeypatch.setattr(page_cache, "snapshot", lambda: "1000:1000:")
    return world


def test_an_unchanged_dashboard_is_served_again_without_its_aggregates(client, still_data, ministry):
    client.force_login(ministry)
    url = reverse("dashboards:national")
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)

    assert computed(first)
    assert not computed(again)
    assert page(again) == page(first)
    assert not [query["sql"] for query in queries if "rollup" in query["sql"] or "registry_blkk" in query["sql"]]


@on_postgresql
def test_a_commit_moves_the_snapshot(committed_world, own_blkk):
    before = page_cache.snapshot()
    Blkk.objects.filter(pk=own_blkk.pk).update(name="Diubah")  # committed at once (autocommit)

    assert page_cache.snapshot() != before


@on_postgresql
def test_any_commit_makes_the_next_view_count_again(client, committed_world, ministry, own_blkk):
    client.force_login(ministry)
    url = reverse("dashboards:national")
    before = client.get(url).context["counts"][Blkk.Level.MANDIRI]

    Blkk.objects.filter(pk=own_blkk.pk).update(level=Blkk.Level.MANDIRI)  # committed at once (autocommit)
    after = client.get(url)

    assert computed(after)
    assert after.context["counts"][Blkk.Level.MANDIRI] == before + (own_blkk.level != Blkk.Level.MANDIRI)


def test_each_session_gets_its_own_page(still_data, ministry, mentor):
    url = reverse("dashboards:national")
    staff, mentors = Client(), Client()
    staff.force_login(ministry)
    mentors.force_login(mentor)
    everything = staff.get(url)
    mentored = mentors.get(url)
    everything_again = staff.get(url)

    assert computed(mentored)
    assert mentored.context["counts"]["total"] < everything.context["counts"]["total"]
    # The staff's own copy still stands: the mentor's did not replace it.
    assert not computed(everything_again)
    assert page(everything_again) == page(everything)


def test_the_language_the_htmx_body_and_the_filters_each_have_their_own_copy(client, still_data, ministry):
    client.force_login(ministry)
    url = reverse("dashboards:national")
    client.get(url)

    indonesian = client.get(url, headers={"accept-language": "id"})
    body = client.get(url, headers={"hx-request": "true"})
    filtered = client.get(f"{url}?province=73")

    assert computed(indonesian)
    assert "Ikhtisar nasional" in indonesian.content.decode()
    assert computed(body)
    assert "<html" not in body.content.decode()
    assert computed(filtered)
    assert filtered.context["counts"]["total"] < indonesian.context["counts"]["total"]


def test_another_session_of_the_same_person_counts_again(still_data, ministry):
    url = reverse("dashboards:national")
    desk, phone = Client(), Client()
    desk.force_login(ministry)
    phone.force_login(ministry)
    desk.get(url)

    assert computed(phone.get(url))
    assert not computed(desk.get(url))


def test_a_change_to_the_readers_account_counts_again(client, still_data, ministry):
    """The account row is loaded before the snapshot is read: its fields are part of the key."""
    client.force_login(ministry)
    url = reverse("dashboards:national")
    client.get(url)
    type(ministry).objects.filter(pk=ministry.pk).update(first_name="Berganti")

    assert computed(client.get(url))


def test_the_next_day_counts_again(client, still_data, ministry, monkeypatch):
    client.force_login(ministry)
    url = reverse("dashboards:national")
    client.get(url)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    assert computed(client.get(url))


def test_a_refusal_is_decided_again_each_time(client, still_data, plain_user):
    client.force_login(plain_user)
    url = reverse("dashboards:national")

    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 403
        assert "dashboards/not_for_you.html" in [template.name for template in response.templates]


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "x"}})
def test_with_a_database_cache_nothing_is_kept(client, still_data, ministry):
    client.force_login(ministry)
    url = reverse("dashboards:national")

    assert computed(client.get(url))
    assert computed(client.get(url))  # no store was tried: the cache table does not even exist


def test_a_failing_cache_leaves_the_page_computed(client, still_data, ministry, monkeypatch):
    def refused(*args, **kwargs):
        raise ConnectionError("cache server down")

    monkeypatch.setattr(page_cache.cache, "get", refused)
    client.force_login(ministry)

    response = client.get(reverse("dashboards:national"))

    assert response.status_code == 200
    assert computed(response)


@on_postgresql
def test_a_view_inside_a_transaction_that_wrote_keeps_nothing(client, committed_world, ministry, own_blkk):
    client.force_login(ministry)
    url = reverse("dashboards:national")
    with transaction.atomic():
        Blkk.objects.filter(pk=own_blkk.pk).update(name="Belum disimpan")
        assert computed(client.get(url))
        assert computed(client.get(url))


@on_postgresql
def test_a_transaction_that_wrote_caches_nothing(committed_world, own_blkk):
    with transaction.atomic():
        assert page_cache.snapshot() is not None  # reading only: the snapshot names the data
        Blkk.objects.filter(pk=own_blkk.pk).update(name="Ditulis dalam transaksi")
        # Its own later writes would not move the snapshot: nothing may be cached under it.
        assert page_cache.snapshot() is None


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite names no snapshot")
@pytest.mark.django_db
def test_without_postgresql_nothing_is_cached():
    assert page_cache.snapshot() is None
