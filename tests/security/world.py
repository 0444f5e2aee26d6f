"""The world the whole-site security tests walk: one of every person and every kind of object.

It extends the roadmap pages' world (tests/roadmap/pages_world.py) with what the other
pages need, so each URL of the project has something concrete to point at:

- people: `manager` (owns `own_blkk`, Kota Makassar), `other_manager` (owns `other_blkk`,
  Kab. Wajo: same province, another BLK-K), `board` (sits on Sulawesi Selatan's forum
  board), `mentor` (BBPVP Makassar, which mentors Sulawesi Selatan under a signed decree),
  `other_mentor` (BBPVP Bandung, which mentors Jawa Barat and so `far_blkk`), `ministry`,
  `admin` (is_staff) and `plain` (signed in, no role);
- the national roadmap with programmes, a period open now, implementations and a pending
  report with evidence for each BLK-K; Sulawesi Selatan's own roadmap with a programme;
- a meeting and a board seat of the Sulawesi Selatan forum; the signed mentor decree; a
  board decree signed with a real file; a draft decree; a classification;
- one row of every other model that Django admin lists (indicators, reminders, devices of
  two-step sign-in, django-axes' records), owned by a person outside the role list.

Everything is built once per test module inside a transaction that is rolled back at the
end of the module (`world_in_transaction`); tests run in savepoints inside it.
"""

import datetime
from collections import Counter
from types import SimpleNamespace

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.backend import DatabaseBackend

from accounts.roles import Role
from api.services import issue_token
from forum.models import BoardPosition, Decree
from forum.tasks import send_decree_notices
from notices.models import Notice
from registry.models import Blkk
from roadmap.models import Classification, Indicator, IndicatorTarget
from roadmap.services import ensure_implementations, record_classification
from tests.factories import (
    BlkkFactory,
    DecreeFactory,
    MeetingFactory,
    MentorshipFactory,
    ProgrammeFactory,
    UserFactory,
    centre,
    province,
    regency,
)
from tests.forum.decree_support import signed_decree
from tests.roadmap.pages_world import build_world, days

# How many URL × role cells and hostile inputs the tests tried, for the run's summary.
TALLY = Counter()

# Who the tests act as. "anonymous" is nobody signed in.
ROLES = (
    "anonymous",
    "plain",
    "manager",
    "other_manager",
    "board",
    "mentor",
    "other_mentor",
    "ministry",
    "admin",
)


def build():
    """Create the world; call inside a transaction that is rolled back afterwards."""
    manager = UserFactory(username="pengelola-test", roles=[Role.MANAGER])
    mentor = UserFactory(username="pembina-test", roles=[Role.MENTOR])
    centre("BBPVP Makassar").staff.add(mentor)
    board = UserFactory(username="pengurus-test", roles=[Role.BOARD])
    admin = UserFactory(username="admin-test", is_staff=True, is_superuser=True)
    own_blkk = BlkkFactory(name="BLK-K PP Multidimensi Al-Fakhriyah", managers=[manager])
    other_blkk = BlkkFactory(name="BLK-K PP Al Mubarak DDI Tobarakka", regency=regency("73.13"))
    roadmap = build_world(
        manager=manager,
        own_blkk=own_blkk,
        other_blkk=other_blkk,
        mentor=mentor,
        board_member=board,
        admin_user=admin,
    )
    other_mentor = UserFactory(username="pembina-bandung", roles=[Role.MENTOR])
    centre("BBPVP Bandung").staff.add(other_mentor)
    MentorshipFactory(centre=centre("BBPVP Bandung"), province=province("32"), starts_on=days(-400))

    sulsel = roadmap.sulsel
    sulsel_programme = ProgrammeFactory(
        pillar=roadmap.sulsel_pillar,
        code="K1.01",
        title="Kemitraan dengan industri",
        starts_on=datetime.date(timezone.localdate().year, 1, 1),
        ends_on=datetime.date(roadmap.sulsel_roadmap.end_year, 12, 31),
    )
    ensure_implementations(sulsel_programme)
    meeting = MeetingFactory(forum=sulsel, title="Rakor BLK-K Sulawesi Selatan", starts_on=days(-30), ends_on=days(-29))
    meeting.attendees.add(own_blkk, other_blkk)
    seat = BoardPosition.objects.get(forum=sulsel, user=board)
    mentor_decree = Decree.objects.get(forum=sulsel, kind=Decree.Kind.MENTOR)
    board_decree = signed_decree(
        admin, forum=sulsel, kind=Decree.Kind.BOARD, centre=None, subject="Susunan Pengurus Forum"
    )
    draft_decree = DecreeFactory(forum=sulsel, kind=Decree.Kind.BOARD, centre=None, subject="Perubahan Pengurus")
    record_classification(
        own_blkk,
        user=mentor,
        level=Blkk.Level.TUMBUH,
        assessed_on=days(-3),
        evidence="Kunjungan lapangan dan izin operasional.",
        note="Izin operasional terbit.",
    )
    classification = Classification.objects.get(blkk=own_blkk)
    indicator = Indicator.objects.create(pillar=roadmap.pillars[0], code="I1.1", name="BLK-K berizin", unit="BLK-K")
    IndicatorTarget.objects.create(indicator=indicator, year=timezone.localdate().year, target=100)

    # Rows only Django admin shows, owned by someone outside ROLES: a confirmed
    # authenticator would send its owner to the second step of signing in.
    outsider = UserFactory(username="pemilik-perangkat")
    outsider_token, _text = issue_token(outsider, "sinkronisasi SIAPkerja")
    totp = TOTPDevice.objects.create(user=outsider, name="authenticator", confirmed=True)
    StaticDevice.objects.create(user=outsider, name="backup", confirmed=True)
    Notice.objects.create(
        kind=Notice.Kind.REPORTS_DUE,
        key=f"{roadmap.period.pk}:{timezone.localdate().isoformat()}",
        recipient=manager,
        email="pengelola@example.org",
        language="id",
        subject="Laporan jatuh tempo",
        text="-",
        html="-",
    )
    # A task as the worker leaves it (the tests run tasks at once, storing none).
    DatabaseBackend("default", {}).enqueue(send_decree_notices, (), {})
    AccessAttempt.objects.create(username="penyusup", ip_address="127.0.0.9", user_agent="test", failures_since_start=3)
    AccessLog.objects.create(username="pengelola-test", ip_address="127.0.0.9", user_agent="test")
    AccessFailureLog.objects.create(username="penyusup", ip_address="127.0.0.9", user_agent="test")

    return SimpleNamespace(
        **vars(roadmap),
        users={
            "plain": UserFactory(username="tanpa-peran"),
            "manager": manager,
            "other_manager": roadmap.other_manager,
            "board": board,
            "mentor": mentor,
            "other_mentor": other_mentor,
            "ministry": UserFactory(username="kemnaker-test", roles=[Role.MINISTRY]),
            "admin": admin,
        },
        own_blkk=own_blkk,
        other_blkk=other_blkk,
        makassar=centre("BBPVP Makassar"),
        bandung=centre("BBPVP Bandung"),
        sulsel_programme=sulsel_programme,
        meeting=meeting,
        seat=seat,
        mentor_decree=mentor_decree,
        board_decree=board_decree,
        draft_decree=draft_decree,
        classification=classification,
        outsider=outsider,
        outsider_token=outsider_token,
        totp=totp,
    )


def signed_in_clients(world, **client_options):
    """One test client per role, signed in once; "anonymous" is a client with no session."""
    clients = {"anonymous": Client(headers={"accept-language": "en"}, **client_options)}
    for role, user in world.users.items():
        client = Client(headers={"accept-language": "en"}, **client_options)
        client.force_login(user)
        clients[role] = client
    return clients


def world_in_transaction(django_db_blocker, setup=None, **client_options):
    """A generator for a module-scoped fixture: the world and its clients, rolled back afterwards.

    `setup(world)`, if given, adds what one module needs beyond the common world.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        world = build()
        world.clients = signed_in_clients(world, **client_options)
        if setup is not None:
            setup(world)
        yield world
        transaction.set_rollback(True)


def walk(patterns, prefix="", namespace=""):
    """(route, name with its namespace or None, callback) of every pattern, includes followed."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield prefix + str(pattern.pattern), name, pattern.callback
