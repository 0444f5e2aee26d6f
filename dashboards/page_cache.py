"""A dashboard rendered once per state of the database, and served again until any commit.

A dashboard is a function of who reads it (their session and their account), the address
with its filters, the language, the day and the data. PostgreSQL names the state of the
data exactly: `pg_current_snapshot()` lists the transactions a statement sees
(xmin:xmax:those still running), and two equal snapshots see the same committed rows. So
the rendered part of a page is kept with the snapshot it was read under, and served
again only to a statement that sees that same snapshot. The first commit anywhere in the
database (a report, a review, an edit in the admin, a background recount) changes every
later snapshot, and the next view computes the page afresh: the numbers stay live
(ARCHITECTURE.md rule 4), never a minute old. Transaction ids are the server's, not one
database's: a commit in another database of the same PostgreSQL server moves the
snapshot too (a recount for nothing, never a stale page).

The reader's account row is part of the key as the middleware loaded it, before the
view's first statement: a change to it (an admin taking away `is_superuser`) committed
between that load and the snapshot would otherwise be rendered with the old flags and
kept under the new snapshot.

One entry per session, address and language, overwritten when the snapshot moves, so the
cache holds at most one copy of each page a signed-in person has open; compressed, a
national overview's 100 kB of HTML takes about a tenth of that.

Nothing is cached:
- on a database other than PostgreSQL (SQLite has no snapshot to name);
- inside a transaction that has written already (its own changes do not move its
  snapshot: the test suite's transactions, or a view that saves before it reads);
- for a session-less request, or an answer other than the page itself (a refusal, a
  redirect): those are decided again on each request.

The cache is Django's default one (`CACHE_URL`): memory of each server process by
default, or Redis shared by all of them. With a database cache nothing is kept: each
store would be a commit that moves the snapshot. A cache that fails (Redis down) is
logged and the page computed, as if nothing were kept.
"""

import hashlib
import json
import logging
import zlib

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

# Raise it when a release changes what the cached templates write, if the cache outlives
# the processes (Redis): older entries are then ignored.
VERSION = 2  # 2: the map draws its shapes from the shapes document
TIMEOUT = 15 * 60  # an idle page's copy is dropped after this many seconds


def snapshot():
    """The text of the current statement's snapshot, or None where a cached page cannot be trusted."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text, pg_current_xact_id_if_assigned()")
        seen, own_writes = cursor.fetchone()
    return None if own_writes is not None else seen


def _key(request, template):
    session = getattr(request, "session", None)
    if session is None or not session.session_key or isinstance(caches["default"], DatabaseCache):
        return None
    user = request.user
    account = [str(getattr(user, field.attname)) for field in user._meta.concrete_fields]
    parts = [
        settings.DATABASES["default"]["NAME"],
        session.session_key,
        *account,
        template,
        request.get_full_path(),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"dashboards:page:{VERSION}:{digest}"


def rendered(request, template, render):
    """`render()`'s result for this request: from the cache when the data has not changed since it was stored.

    `render()` returns a dict of strings to keep (the page's HTML and its title), or
    anything else (a response) to pass on uncached.
    """
    key = _key(request, template)
    seen = snapshot() if key else None
    if seen is None:
        return render()
    try:
        kept = cache.get(key)
    except Exception:  # any backend's failure (a connection refused, a timeout): the page is computed
        logger.warning("Dashboard cache unavailable; computing the page.", exc_info=True)
        return render()
    if kept is not None and kept[0] == seen:
        return json.loads(zlib.decompress(kept[1]))
    page = render()
    if isinstance(page, dict):
        try:
            cache.set(key, (seen, zlib.compress(json.dumps(page).encode(), 1)), TIMEOUT)
        except Exception:  # as above: the page is served all the same
            logger.warning("Dashboard cache unavailable; the page is not kept.", exc_info=True)
    return page
