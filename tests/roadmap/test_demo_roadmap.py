"""The roadmap demo data: the national roadmap 2022–2026 and its reporting history, consistent
with the registry's levels and with the rules the services keep.

The demo (registry, forum and roadmap steps) is loaded once for this module inside a
transaction that is rolled back at the end, so other modules never see it.
"""

import datetime

import pytest
from django.db import transaction
from django.db.models import Avg, Count, Exists, F, Max, OuterRef
from django.utils import timezone

from accounts.models import User
from forum import demo as forum_demo
from forum.models import Forum, Meeting
from registry import demo as registry_demo
from registry.models import Blkk
from roadmap import demo as roadmap_demo
from roadmap.models import Classification, Implementation, Programme, Roadmap, StatusReport

REAL = ["BLK-K PP Multidimensi Al-Fakhriyah", "BLK-K PP Ittihadiyah Tanre Assona", "BLK-K PP Al Mubarak DDI Tobarakka"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        registry_demo.load()
        forum_demo.load()
        summary = roadmap_demo.load()
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def roadmap(demo, db):
    return Roadmap.objects.get()


@pytest.fixture
def current(roadmap):
    return roadmap.periods.current()


def test_the_national_roadmap_is_owned_by_the_fkn_and_adopted_at_the_2021_rakornas(roadmap):
    assert roadmap.title == "Peta Jalan Kemandirian BLK Komunitas 2022–2026"
    assert roadmap.forum.kind == Forum.Kind.NATIONAL
    assert roadmap.status == Roadmap.Status.ADOPTED
    assert roadmap.adopted_at.kind == Meeting.Kind.RAKORNAS
    assert roadmap.adopted_at.starts_on == datetime.date(2021, 12, 6)
    assert (roadmap.start_year, roadmap.end_year) == (2022, 2026)


def test_six_weighted_pillars_with_indicators_and_yearly_targets(roadmap):
    pillars = list(roadmap.pillars.annotate(indicators_count=Count("indicators")).order_by("number"))

    assert [p.name for p in pillars][:2] == ["Kelembagaan dan Legalitas", "Program Pelatihan"]
    assert len(pillars) == 6
    assert sum(p.weight for p in pillars) == 100
    assert all(2 <= p.indicators_count <= 3 for p in pillars)
    years = {year for p in pillars for i in p.indicators.all() for year in i.targets.values_list("year", flat=True)}
    assert years == set(range(2022, 2027))


def test_about_thirty_programmes_one_of_them_for_the_incubator_blkks_only(roadmap):
    programmes = Programme.objects.filter(pillar__roadmap=roadmap)
    incubator = programmes.get(participation=Programme.Participation.CHOSEN)

    assert programmes.count() == 30
    assert incubator.participants.count() == Blkk.objects.filter(in_incubator=True).count() == 100


def test_quarterly_periods_up_to_today_with_only_the_current_one_open(roadmap, current):
    periods = list(roadmap.periods.order_by("starts_on"))
    today = timezone.localdate()

    assert periods[0].label == "2022 Q1"
    assert periods[-1] == current
    assert current.opens_on <= today
    assert not current.locked
    assert all(period.locked for period in periods[:-1])
    assert all(period.opens_on <= today for period in periods)


def test_every_blkk_carries_every_programme_it_takes_part_in(roadmap):
    blkks = Blkk.objects.count()

    assert blkks == 3757
    assert Implementation.objects.in_roadmap(roadmap).count() == blkks * 29 + 100


def test_most_implementations_have_reports_but_far_fewer_than_one_per_period(roadmap):
    implementations = Implementation.objects.in_roadmap(roadmap)
    reported = implementations.filter(latest_report__isnull=False).count()
    reports = StatusReport.objects.filter(period__roadmap=roadmap).count()

    assert reported > 0.7 * implementations.count()
    assert reports < 4 * implementations.count()


def test_each_implementation_shows_its_latest_report(roadmap):
    implementations = Implementation.objects.in_roadmap(roadmap).filter(latest_report__isnull=False)

    assert not implementations.exclude(latest_report__implementation=F("pk")).exists()
    assert not implementations.exclude(
        status=F("latest_report__status"), progress=F("latest_report__progress")
    ).exists()
    latest_time = implementations.annotate(newest=Max("reports__submitted_at"))
    assert not latest_time.exclude(latest_report__submitted_at=F("newest")).exists()
    counted = implementations.annotate(n=Count("reports"))
    assert not counted.exclude(version=F("n")).exists()


def test_the_approved_state_comes_from_an_approved_report_of_the_last_approved_period(roadmap):
    approved = Implementation.objects.in_roadmap(roadmap).filter(last_approved_period__isnull=False)

    assert approved.exists()
    backing = StatusReport.objects.approved().filter(
        implementation=OuterRef("pk"),
        period=OuterRef("last_approved_period"),
        status=OuterRef("approved_status"),
        progress=OuterRef("approved_progress"),
    )
    assert not approved.exclude(Exists(backing)).exists()
    never = Implementation.objects.in_roadmap(roadmap).filter(last_approved_period__isnull=True)
    assert not never.exclude(approved_status=Implementation.Status.NOT_STARTED, approved_progress=0).exists()


def test_reviews_pending_only_in_the_current_period_and_returns_corrected_in_the_past(roadmap, current):
    reports = StatusReport.objects.filter(period__roadmap=roadmap)
    returned_past = reports.filter(review=StatusReport.Review.RETURNED).exclude(period=current)

    assert reports.pending().exists()
    assert not reports.pending().exclude(period=current).exists()
    assert returned_past.exists()
    assert not returned_past.filter(corrections__isnull=True).exists()
    assert reports.filter(is_late=True).exists()
    assert not reports.filter(is_late=True, submitted_at__date__lte=F("period__due_on")).exists()
    assert reports.filter(status=Implementation.Status.BLOCKED).exists()
    assert not reports.filter(submitted_at__gt=timezone.now()).exists()


def test_progress_follows_the_independence_level(roadmap):
    means = dict(
        Implementation.objects.in_roadmap(roadmap)
        .values("blkk__level")
        .annotate(mean=Avg("approved_progress"))
        .values_list("blkk__level", "mean")
    )

    Level = Blkk.Level
    assert means[Level.MANDIRI] > means[Level.BERKEMBANG] > means[Level.TUMBUH] > means[Level.UNCLASSIFIED]
    assert means[Level.UNCLASSIFIED] < 20


def test_al_fakhriyahs_manager_has_work_due_and_the_makassar_mentor_a_queue(roadmap, current):
    manager = User.objects.get(username="pengelola.alfakhriyah")
    mentor = User.objects.get(username="pembina.makassar")

    assert Implementation.objects.reportable_by(manager).due_in(current).exists()
    queue = StatusReport.objects.reviewable_by(mentor)
    assert set(
        queue.filter(implementation__blkk__name__in=REAL).values_list("implementation__blkk__name", flat=True)
    ) == set(REAL)


def test_every_classified_blkk_has_its_february_2023_assessment(demo, db):
    classified = Blkk.objects.exclude(level=Blkk.Level.UNCLASSIFIED)
    assessments = Classification.objects.all()

    assert assessments.count() == classified.count() == 2911
    assert not assessments.exclude(level=F("blkk__level")).exists()
    assert not assessments.exclude(assessed_on__year=2023, assessed_on__month=2).exists()


def test_loading_again_changes_nothing(roadmap):
    before = StatusReport.objects.count()

    assert roadmap_demo.load() == "the national roadmap is already present"
    assert StatusReport.objects.count() == before
