"""Concurrent report submissions, reviews and decree signings lose nothing (PostgreSQL).

Every submission is either stored or answered with a ReportConflict that names the
report in the way; nothing fails with another error and no update is lost, in the
rows themselves or in the dashboard rollups kept beside them. Each call runs in a
thread of its own with its own connection; a short pause inside each transaction makes
them overlap for certain instead of by luck.
"""

import datetime
import threading
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forum.models import Decree
from forum.services import sign_decree
from registry.models import Blkk, Mentorship, Province, Regency
from roadmap import rollups
from roadmap.models import Classification, Implementation, PeriodRollup, ProvinceRollup, StatusReport
from roadmap.services import ReportConflict, record_classification, review_report, submit_report
from tests.factories import (
    BlkkFactory,
    DecreeFactory,
    ForumFactory,
    ImplementationFactory,
    MentorshipFactory,
    ProgrammeFactory,
    ReportingPeriodFactory,
    RoadmapFactory,
    UserFactory,
)
from tests.roadmap.test_concurrency import race

from .conftest import postgres_only

pytestmark = [*postgres_only, pytest.mark.usefixtures("media")]

WRITERS = 6
HOLD_SECONDS = 0.3
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
Status = Implementation.Status


@pytest.fixture
def overlapping(monkeypatch):
    """Each report transaction stays open a moment after recounting its rollups."""
    report_changed = rollups.report_changed

    def slow(report):
        report_changed(report)
        threading.Event().wait(HOLD_SECONDS)

    monkeypatch.setattr(rollups, "report_changed", slow)


@pytest.fixture
def roadmap_and_period(transactional_db):
    roadmap = RoadmapFactory()
    return roadmap, ReportingPeriodFactory(roadmap=roadmap)


def submission(implementation_pk, user, period, progress, expected_version=None):
    def call():
        implementation = Implementation.objects.get(pk=implementation_pk)
        version = implementation.version if expected_version is None else expected_version
        return submit_report(
            implementation,
            user=user,
            period=period,
            status=Status.IN_PROGRESS,
            progress=progress,
            narrative=f"Laporan {progress}.",
            expected_version=version,
        )

    return call


def provinces():
    return Province.objects.order_by("code")[:WRITERS]


def rollup_of(blkk, period):
    return PeriodRollup.objects.get(blkk=blkk, period=period)


def unexpected(results, *allowed):
    return [result for result in results if not isinstance(result, allowed)]


def managed_implementations(roadmap, regencies, prefix="pengelola"):
    """One manager, BLK-K and implementation per regency, each in a programme of its own.

    Separate programmes: writers of different provinces then share no row at all, and
    any waiting among them is a lock too many.
    """
    pairs = []
    for n, regency in enumerate(regencies):
        manager = UserFactory(username=f"{prefix}-{n}", roles=["blkk_manager"])
        blkk = BlkkFactory(managers=[manager], regency=regency)
        pairs.append((ImplementationFactory(programme=ProgrammeFactory(pillar__roadmap=roadmap), blkk=blkk), manager))
    return pairs


def assert_all_reports_stored(results, pairs, period):
    assert unexpected(results, StatusReport) == []
    assert StatusReport.objects.count() == len(pairs)
    for implementation, _ in pairs:
        implementation.refresh_from_db()
        assert implementation.version == 1
        assert rollup_of(implementation.blkk, period).reported == 1
    by_province = ProvinceRollup.objects.filter(period=period).values_list("province_id", "reported")
    expected = Counter(implementation.blkk.regency.province_id for implementation, _ in pairs)
    assert dict(by_province) == dict(expected)


def test_reports_from_different_provinces_are_all_stored(roadmap_and_period, overlapping):
    roadmap, period = roadmap_and_period
    regencies = [Regency.objects.filter(province=province).order_by("code").first() for province in provinces()]
    pairs = managed_implementations(roadmap, regencies)

    results = race([submission(impl.pk, manager, period, 10 + n) for n, (impl, manager) in enumerate(pairs)])

    assert_all_reports_stored(results, pairs, period)


def test_reports_from_one_province_are_all_stored(roadmap_and_period, overlapping):
    roadmap, period = roadmap_and_period
    pairs = managed_implementations(roadmap, Regency.objects.filter(province_id="73").order_by("code")[:WRITERS])

    results = race([submission(impl.pk, manager, period, 10 + n) for n, (impl, manager) in enumerate(pairs)])

    assert_all_reports_stored(results, pairs, period)


def test_reports_on_different_programmes_of_one_blkk_are_all_stored(roadmap_and_period, own_blkk, manager, overlapping):
    roadmap, period = roadmap_and_period
    implementations = [
        ImplementationFactory(programme=ProgrammeFactory(pillar__roadmap=roadmap), blkk=own_blkk)
        for _ in range(WRITERS)
    ]

    results = race([submission(impl.pk, manager, period, 10 + n) for n, impl in enumerate(implementations)])

    assert unexpected(results, StatusReport) == []
    assert StatusReport.objects.count() == WRITERS
    rollup = rollup_of(own_blkk, period)
    assert (rollup.running, rollup.reported, rollup.pending_reports) == (WRITERS, WRITERS, WRITERS)


def test_reports_on_one_version_store_one_and_answer_the_rest_with_a_conflict(roadmap_and_period, own_blkk, manager):
    roadmap, period = roadmap_and_period
    implementation = ImplementationFactory(programme__pillar__roadmap=roadmap, blkk=own_blkk)

    results = race([submission(implementation.pk, manager, period, 10 + n, expected_version=0) for n in range(WRITERS)])

    stored = [result for result in results if isinstance(result, StatusReport)]
    conflicts = [result for result in results if isinstance(result, ReportConflict)]
    assert unexpected(results, StatusReport, ReportConflict) == []
    assert len(stored) == 1
    assert len(conflicts) == WRITERS - 1
    assert {conflict.latest for conflict in conflicts} == {stored[0]}
    assert list(StatusReport.objects.all()) == stored


def test_writers_who_retry_after_a_conflict_all_get_their_report_stored(roadmap_and_period, own_blkk, manager):
    """No lost update: each conflict is a prompt to look and send again, and every report lands in turn."""
    roadmap, period = roadmap_and_period
    implementation = ImplementationFactory(programme__pillar__roadmap=roadmap, blkk=own_blkk)

    def persistent(progress):
        def call():
            for _ in range(WRITERS + 1):
                try:
                    return submission(implementation.pk, manager, period, progress)()
                except ReportConflict:
                    continue
            raise AssertionError("still in conflict after every other writer was done")

        return call

    results = race([persistent(10 + n) for n in range(WRITERS)])

    assert unexpected(results, StatusReport) == []
    implementation.refresh_from_db()
    assert implementation.version == WRITERS
    assert StatusReport.objects.count() == WRITERS
    assert sorted(StatusReport.objects.values_list("progress", flat=True)) == [10 + n for n in range(WRITERS)]
    assert implementation.history.count() == WRITERS + 1  # the creation and one change per report


def sent_reports(roadmap, period, count):
    """`count` pending reports of different BLK-Ks of Sulawesi Selatan, and a mentor whose scope holds them."""
    mentor = UserFactory(username="pembina-serentak", roles=["mentor_staff"])
    MentorshipFactory(province=Province.objects.get(code="73")).centre.staff.add(mentor)
    regencies = Regency.objects.filter(province_id="73").order_by("-code")[:count]
    pairs = managed_implementations(roadmap, regencies, prefix="pelapor")
    return mentor, [submission(impl.pk, manager, period, 20 + n)() for n, (impl, manager) in enumerate(pairs)]


def test_simultaneous_reviews_of_different_blkks_are_all_recorded(roadmap_and_period, overlapping):
    roadmap, period = roadmap_and_period
    mentor, reports = sent_reports(roadmap, period, WRITERS)

    results = race([lambda report=report: review_report(report, user=mentor, approve=True) for report in reports])

    assert unexpected(results, StatusReport) == []
    assert set(StatusReport.objects.values_list("review", flat=True)) == {StatusReport.Review.APPROVED}
    assert sum(PeriodRollup.objects.filter(period=period).values_list("approved", flat=True)) == WRITERS
    assert ProvinceRollup.objects.get(period=period, province_id="73").approved == WRITERS


def test_corrections_sent_while_their_reports_are_reviewed_are_all_stored(roadmap_and_period):
    """A correction refers to the report under review, and the review updates the implementation being reported on."""
    roadmap, period = roadmap_and_period
    mentor, reports = sent_reports(roadmap, period, WRITERS // 2)

    def correcting(report):
        return lambda: submit_report(
            Implementation.objects.get(pk=report.implementation_id),
            user=report.reporter,
            period=period,
            status=Status.IN_PROGRESS,
            progress=60,
            narrative="Koreksi laporan.",
            expected_version=1,
            corrects=report,
        )

    reviews = [lambda report=report: review_report(report, user=mentor, approve=True) for report in reports]
    corrections = [correcting(report) for report in reports]

    results = race([call for pair in zip(reviews, corrections, strict=True) for call in pair])

    assert unexpected(results, StatusReport) == []
    assert set(StatusReport.objects.filter(pk__in=[r.pk for r in reports]).values_list("review", flat=True)) == {
        StatusReport.Review.APPROVED
    }
    assert StatusReport.objects.filter(corrects__in=reports).count() == len(reports)
    rollup = ProvinceRollup.objects.get(period=period, province_id="73")
    assert (rollup.reported, rollup.approved, rollup.pending_reports) == (len(reports), len(reports), len(reports))


def test_reviews_and_new_reports_in_one_province_at_once_are_all_recorded(roadmap_and_period, overlapping):
    roadmap, period = roadmap_and_period
    mentor, reports = sent_reports(roadmap, period, WRITERS // 2)
    pairs = managed_implementations(roadmap, Regency.objects.filter(province_id="73").order_by("code")[: WRITERS // 2])
    reviews = [lambda report=report: review_report(report, user=mentor, approve=True) for report in reports]
    submissions = [submission(impl.pk, manager, period, 50) for impl, manager in pairs]

    results = race([call for pair in zip(reviews, submissions, strict=True) for call in pair])

    assert unexpected(results, StatusReport) == []
    assert StatusReport.objects.count() == WRITERS
    rollup = ProvinceRollup.objects.get(period=period, province_id="73")
    assert (rollup.reported, rollup.approved, rollup.pending) == (WRITERS, WRITERS // 2, WRITERS // 2)


def test_a_decree_and_classifications_recorded_while_the_province_reports_lose_nothing(roadmap_and_period, media):
    """The signing locks the BLK-Ks leaving the old decree's annex, then inserts rows naming their province."""
    roadmap, period = roadmap_and_period
    admin = UserFactory(username="admin-serentak", is_staff=True, is_superuser=True)
    pairs = managed_implementations(roadmap, Regency.objects.filter(province_id="73").order_by("code")[:WRITERS])
    blkks = [implementation.blkk for implementation, _ in pairs]
    forum = ForumFactory(province=Province.objects.get(code="73"))
    current = DecreeFactory(forum=forum, supersedes=None)
    current.annex_blkks.set(blkks)
    current = sign_decree(
        current,
        SimpleUploadedFile("sk.pdf", PDF),
        user=admin,
        signed_on=datetime.date(2022, 1, 3),
        accept_unsigned=True,
    )
    draft = DecreeFactory(forum=forum, supersedes=current)
    draft.annex_blkks.set([BlkkFactory(regency=blkks[0].regency)])

    def classifying(blkk):
        return lambda: record_classification(
            blkk, user=admin, level=Blkk.Level.TUMBUH, assessed_on=period.starts_on, evidence="Monev.", note="Monev."
        )

    signing = [lambda: sign_decree(draft, SimpleUploadedFile("sk-baru.pdf", PDF), user=admin, accept_unsigned=True)]
    submissions = [submission(impl.pk, manager, period, 10 + n) for n, (impl, manager) in enumerate(pairs)]
    classifications = [classifying(blkk) for blkk in blkks[::2]]

    results = race(signing + submissions + classifications)

    assert unexpected(results, Decree, StatusReport, Classification) == []
    assert Decree.objects.get(pk=draft.pk).status == Decree.Status.SIGNED
    mentor_centres = Blkk.objects.filter(pk__in=[blkk.pk for blkk in blkks]).values_list("mentor_centre", flat=True)
    assert set(mentor_centres) == {None}
    assert ProvinceRollup.objects.get(period=period, province_id="73").reported == WRITERS
    assert Classification.objects.count() == len(blkks[::2])


def test_admins_signing_for_different_forums_at_once_all_succeed(transactional_db):
    admins = [UserFactory(username=f"admin-serentak-{n}", is_staff=True, is_superuser=True) for n in range(WRITERS)]
    drafts = []
    for province in provinces():
        draft = DecreeFactory(forum=ForumFactory(province=province), supersedes=None)
        # An annex names BLK-Ks of the forum's province (forum_decree_annex_checked).
        draft.annex_blkks.set([BlkkFactory(regency=province.regencies.order_by("code").first())])
        drafts.append(draft)

    def signing(draft, admin):
        return lambda: sign_decree(draft, SimpleUploadedFile("sk.pdf", PDF), user=admin, accept_unsigned=True)

    results = race([signing(draft, admin) for draft, admin in zip(drafts, admins, strict=True)])

    assert unexpected(results, Decree) == []
    assert Decree.objects.filter(status=Decree.Status.SIGNED).count() == WRITERS
    assert Decree.objects.in_force().count() == WRITERS
    # Each decree starts a province-wide mentorship and one for its annex BLK-K.
    assert Mentorship.objects.count() == 2 * WRITERS
    assert set(Mentorship.objects.values_list("source__number", flat=True)) == {draft.number for draft in drafts}
