"""The small world the dashboard tests share, built through the roadmap's services.

The national roadmap with three programmes (two running all along, one that started in
the current period) and three quarterly periods: two past (reports there are late) and
the current one. Three BLK-Ks: `own_blkk` (Kota Makassar, the `manager`'s) and
`other_blkk` (Kab. Wajo) in Sulawesi Selatan, which BBPVP Makassar (the `mentor`'s
centre) mentors, and `far_blkk` in Kota Bandung, which BBPVP Bandung mentors. Their
reports cover every state: approved, returned and corrected, returned and left,
pending, on time and late. `extra` more BLK-Ks in Sulawesi Selatan, with one report
each, let query-count tests compare 2 with 10 rows.
"""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from accounts.roles import Role
from roadmap import rollups
from roadmap.models import Implementation
from roadmap.services import ensure_implementations, review_report, submit_report
from tests.factories import (
    BlkkFactory,
    MentorshipFactory,
    PillarFactory,
    ProgrammeFactory,
    ReportingPeriodFactory,
    RoadmapFactory,
    UserFactory,
    centre,
    province,
    regency,
)

Status = Implementation.Status


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def period(roadmap, label, start, end, due):
    return ReportingPeriodFactory(
        roadmap=roadmap, label=label, starts_on=days(start), ends_on=days(end), opens_on=days(start), due_on=days(due)
    )


def report(implementation, user, period, *, status=Status.IN_PROGRESS, progress=40, corrects=None):
    implementation.refresh_from_db()
    return submit_report(
        implementation,
        user=user,
        period=period,
        status=status,
        progress=progress,
        narrative="Kegiatan berjalan sesuai rencana.",
        expected_version=implementation.version,
        corrects=corrects,
    )


def approve(report_, reviewer):
    return review_report(report_, user=reviewer, approve=True)


def send_back(report_, reviewer):
    return review_report(report_, user=reviewer, approve=False, note="Lengkapi bukti kegiatan.")


def build_world(*, manager, own_blkk, other_blkk, mentor, extra=0):
    roadmap = RoadmapFactory(title="Peta Jalan Kemandirian BLK Komunitas 2022–2026", end_year=days(400).year)
    pillar1 = PillarFactory(roadmap=roadmap, number=1, name="Kelembagaan dan legalitas", weight=2)
    pillar2 = PillarFactory(roadmap=roadmap, number=2, name="Program pelatihan", weight=1)
    first = period(roadmap, "Triwulan I", -200, -110, -100)
    second = period(roadmap, "Triwulan II", -109, -11, -1)
    current = period(roadmap, "Triwulan III", -10, 80, 90)
    permit = ProgrammeFactory(pillar=pillar1, code="P1.01", starts_on=days(-300), ends_on=days(400))
    certify = ProgrammeFactory(pillar=pillar2, code="P2.01", starts_on=days(-300), ends_on=days(400))
    fresh = ProgrammeFactory(pillar=pillar2, code="P2.02", starts_on=days(-5), ends_on=days(400))

    far_blkk = BlkkFactory(name="BLK-K PP Persis Bandung", regency=regency("32.73"))
    other_manager = UserFactory(username="pengelola-lain", roles=[Role.MANAGER])
    other_blkk.managers.add(other_manager)
    far_manager = UserFactory(username="pengelola-bandung", roles=[Role.MANAGER])
    far_blkk.managers.add(far_manager)
    extras = [BlkkFactory(regency=regency("73.15"), managers=[other_manager]) for _ in range(extra)]
    far_mentor = UserFactory(username="pembina-bandung", roles=[Role.MENTOR])
    centre("BBPVP Bandung").staff.add(far_mentor)
    MentorshipFactory(centre=centre("BBPVP Makassar"), province=province("73"), starts_on=days(-400))
    MentorshipFactory(centre=centre("BBPVP Bandung"), province=province("32"), starts_on=days(-400))
    for programme in (permit, certify, fresh):
        ensure_implementations(programme)
    rollups.rebuild(roadmap)

    def impl(programme, blkk):
        return Implementation.objects.get(programme=programme, blkk=blkk)

    # Sulawesi Selatan, reviewed by BBPVP Makassar.
    approve(report(impl(permit, own_blkk), manager, first, progress=30), mentor)
    returned = report(impl(permit, own_blkk), manager, second, progress=50)
    send_back(returned, mentor)
    report(impl(permit, own_blkk), manager, second, progress=55, corrects=returned)
    report(impl(permit, own_blkk), manager, current, progress=70)
    approve(report(impl(certify, own_blkk), manager, current, status=Status.DONE, progress=100), mentor)
    approve(report(impl(permit, other_blkk), other_manager, first, status=Status.BLOCKED, progress=10), mentor)
    report(impl(certify, other_blkk), other_manager, second, progress=20)
    approve(report(impl(fresh, other_blkk), other_manager, current, status=Status.NOT_APPLICABLE, progress=0), mentor)
    for blkk in extras:
        approve(report(impl(permit, blkk), other_manager, current, progress=60), mentor)
    # Bandung, reviewed by BBPVP Bandung.
    approve(report(impl(permit, far_blkk), far_manager, current, progress=80), far_mentor)
    send_back(report(impl(certify, far_blkk), far_manager, first, progress=15), far_mentor)

    return SimpleNamespace(
        roadmap=roadmap,
        periods=(first, second, current),
        first=first,
        second=second,
        current=current,
        programmes=(permit, certify, fresh),
        permit=permit,
        far_blkk=far_blkk,
        far_mentor=far_mentor,
        extras=extras,
        blkks=(own_blkk, other_blkk, far_blkk, *extras),
    )
