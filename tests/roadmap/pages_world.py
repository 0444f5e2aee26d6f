"""The small world the roadmap page tests share.

The national roadmap with two pillars (weights 2 and 1) and one programme in each, a
reporting period open now, and three BLK-Ks: `own_blkk` and `other_blkk` in Sulawesi
Selatan (73) and `far_blkk` in Kota Bandung (32.73), each with a pending report on the
first programme. Sulawesi Selatan's forum has `board_member` on its board and BBPVP
Makassar (the `mentor` fixture's centre) as its mentor under a signed decree, so both
see the reports of 73 and neither sees Bandung's. The forum's own roadmap is the one
its board and mentor may manage; the national one only admins manage.
"""

import datetime
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from forum.models import Decree
from roadmap.models import Implementation
from roadmap.services import ensure_implementations, submit_report
from tests.factories import (
    BlkkFactory,
    BoardPositionFactory,
    DecreeFactory,
    ForumFactory,
    MentorshipFactory,
    PillarFactory,
    ProgrammeFactory,
    ReportingPeriodFactory,
    RoadmapFactory,
    UserFactory,
    province,
    regency,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ROLES = ["ministry", "mentor", "board_member", "manager", "admin_user", "plain_user"]


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def pdf(name="bukti.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def open_period(roadmap, label="Triwulan berjalan"):
    """Open since ten days, due in twenty."""
    return ReportingPeriodFactory(
        roadmap=roadmap, label=label, starts_on=days(-10), ends_on=days(10), opens_on=days(-10), due_on=days(20)
    )


def programme(pillar, code, title):
    return ProgrammeFactory(
        pillar=pillar, code=code, title=title, starts_on=datetime.date(2022, 1, 1), ends_on=days(400)
    )


def report(implementation, user, *, status=Implementation.Status.IN_PROGRESS, progress=40, evidence=None, **kwargs):
    implementation.refresh_from_db()
    return submit_report(
        implementation,
        user=user,
        period=kwargs.pop("period"),
        status=status,
        progress=progress,
        narrative=kwargs.pop("narrative", "Izin operasional sedang diurus di dinas kabupaten."),
        evidence=evidence,
        expected_version=implementation.version,
        **kwargs,
    )


def signed_mentor_decree(forum, admin_user):
    """BBPVP Makassar as the forum's mentor: a decree in force and the mentorship it starts.

    Written as signing leaves them rather than through forum.services.sign_decree, so these
    page tests do not depend on the decree workflow.
    """
    start, end = days(-400), days(400)
    decree = DecreeFactory(
        forum=forum,
        effective_from=start,
        effective_until=end,
        status=Decree.Status.SIGNED,
        signed_sha256="0" * 64,
        signed_on=start,
        signed_recorded_by=admin_user,
    )
    MentorshipFactory(province=forum.province, starts_on=start, ends_on=end, source=decree)
    return decree


def build_world(*, manager, own_blkk, other_blkk, mentor, board_member, admin_user):
    end_year = timezone.localdate().year + 1
    roadmap = RoadmapFactory(title="Peta Jalan Kemandirian BLK Komunitas 2022–2026", end_year=end_year)
    pillar1 = PillarFactory(roadmap=roadmap, number=1, name="Kelembagaan dan legalitas", weight=2)
    pillar2 = PillarFactory(roadmap=roadmap, number=2, name="Program pelatihan", weight=1)
    permit = programme(pillar1, "P1.01", "Izin operasional LPK")
    certify = programme(pillar2, "P2.01", "Sertifikasi instruktur")
    period = open_period(roadmap)
    far_blkk = BlkkFactory(name="BLK-K PP Persis Bandung", regency=regency("32.73"))
    for item in (permit, certify):
        ensure_implementations(item)

    other_manager = UserFactory(username="pengelola-lain", roles=[Role.MANAGER])
    other_blkk.managers.add(other_manager)
    far_manager = UserFactory(username="pengelola-bandung", roles=[Role.MANAGER])
    far_blkk.managers.add(far_manager)

    sulsel = ForumFactory(province=province("73"))
    BoardPositionFactory(forum=sulsel, user=board_member)
    signed_mentor_decree(sulsel, admin_user)
    sulsel_roadmap = RoadmapFactory(forum=sulsel, title="Peta Jalan BLK-K Sulawesi Selatan", end_year=end_year)
    sulsel_pillar = PillarFactory(roadmap=sulsel_roadmap, number=1, name="Kemitraan", weight=1)
    sulsel_period = open_period(sulsel_roadmap)

    def impl(item, blkk):
        return Implementation.objects.get(programme=item, blkk=blkk)

    own_impl, other_impl, far_impl = impl(permit, own_blkk), impl(permit, other_blkk), impl(permit, far_blkk)
    return SimpleNamespace(
        roadmap=roadmap,
        pillars=(pillar1, pillar2),
        permit=permit,
        certify=certify,
        period=period,
        far_blkk=far_blkk,
        own_impl=own_impl,
        other_impl=other_impl,
        far_impl=far_impl,
        own_report=report(own_impl, manager, period=period, evidence=pdf()),
        other_report=report(other_impl, other_manager, period=period, evidence=pdf()),
        far_report=report(far_impl, far_manager, period=period, evidence=pdf()),
        other_manager=other_manager,
        far_manager=far_manager,
        sulsel=sulsel,
        sulsel_roadmap=sulsel_roadmap,
        sulsel_pillar=sulsel_pillar,
        sulsel_period=sulsel_period,
    )


def world_fixture(manager, own_blkk, other_blkk, mentor, board_member, admin_user, settings, tmp_path):
    """The shared world, evidence files in a temporary folder.

    A test module makes it a fixture with `world = pytest.fixture(world_fixture, name="world")`.
    """
    settings.MEDIA_ROOT = tmp_path
    return build_world(
        manager=manager,
        own_blkk=own_blkk,
        other_blkk=other_blkk,
        mentor=mentor,
        board_member=board_member,
        admin_user=admin_user,
    )
