"""Two admins sign mentor decrees for the same forum at the same moment: one wins, one is told why.

This needs PostgreSQL's row locks and real concurrent transactions, so each signing runs in
its own thread with its own connection. CI runs it on PostgreSQL; elsewhere it is skipped.
"""

import threading

import pytest
from django.db import connection

from forum import services
from forum.models import Decree
from forum.services import DecreeError, sign_decree
from registry.models import Mentorship
from tests.factories import DecreeFactory, ForumFactory, UserFactory

from .decree_support import temp_media, upload

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("temp_media")]
assert temp_media  # imported for pytest to find the fixture

HOLD_THE_LOCK_SECONDS = 0.5


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent signing needs PostgreSQL (set DATABASE_URL to a postgres:// URL)")


def sign_in_thread(decree, user, barrier, outcomes):
    """Sign in a thread of its own; the thread's connection is closed whatever happens."""
    from django.db import connection as thread_connection
    from django.utils import translation

    try:
        with translation.override("en"):
            barrier.wait(timeout=10)
            sign_decree(decree, upload(), user=user, accept_unsigned=True)
        outcomes[decree.pk] = "signed"
    except DecreeError as error:
        outcomes[decree.pk] = str(error)
    except Exception as error:  # noqa: BLE001 - reported by the assertions, not lost in the thread
        outcomes[decree.pk] = repr(error)
    finally:
        thread_connection.close()


def test_two_simultaneous_signings_leave_exactly_one_decree_in_force(postgres_only, transactional_db, monkeypatch):
    forum = ForumFactory()
    admins = [UserFactory(username=f"admin-{n}", is_staff=True) for n in range(2)]
    drafts = [DecreeFactory(forum=forum, supersedes=None) for _ in range(2)]
    start_mentorships = services._start_mentorships

    def slow_start(*args, **kwargs):
        # Whoever gets the forum's lock first keeps it a while, so the other must wait on it.
        start_mentorships(*args, **kwargs)
        threading.Event().wait(HOLD_THE_LOCK_SECONDS)

    monkeypatch.setattr(services, "_start_mentorships", slow_start)
    barrier, outcomes = threading.Barrier(2), {}
    threads = [
        threading.Thread(target=sign_in_thread, args=(draft, admin, barrier, outcomes))
        for draft, admin in zip(drafts, admins, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()).count("signed") == 1, outcomes
    winner = Decree.objects.get(status=Decree.Status.SIGNED)
    loser = Decree.objects.get(status=Decree.Status.DRAFT)
    assert outcomes[loser.pk] == (
        f"Meanwhile decree {winner.number} was signed for this forum. Review this draft's 'supersedes' and sign again."
    )
    assert set(Mentorship.objects.values_list("source__number", flat=True)) == {winner.number}
    assert not loser.signed_file and loser.signed_sha256 == ""


def test_the_loser_can_sign_once_it_names_the_winner(postgres_only, transactional_db):
    forum = ForumFactory()
    admin = UserFactory(username="admin-0", is_staff=True)
    winner = sign_decree(DecreeFactory(forum=forum), upload(), user=admin, accept_unsigned=True)
    loser = DecreeFactory(forum=forum)

    with pytest.raises(DecreeError):
        sign_decree(loser, upload(), user=admin, accept_unsigned=True)
    loser.supersedes = winner
    loser.save()
    sign_decree(loser, upload(), user=admin, accept_unsigned=True)

    assert list(Decree.objects.in_force().values_list("pk", flat=True)) == [loser.pk]
