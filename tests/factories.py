"""factory_boy factories for every model the tests build; one place, shared by all apps."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from forum.models import BoardPosition, Decree, Forum, Meeting
from registry.models import Blkk, HostInstitutionType, Mentorship, Province, Regency, TrainingCentre
from roadmap import programme_status
from roadmap.models import Implementation, Pillar, Programme, ReportingPeriod, Roadmap, StatusReport
from roadmap.pending import report_changed


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.id")
    password = factory.django.Password("test-password-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get(name=Role(role).value))


def province(code="73"):
    return Province.objects.get(code=code)


def regency(code="73.71"):
    return Regency.objects.get(code=code)


def centre(name="BBPVP Makassar"):
    return TrainingCentre.objects.get(name=name)


class BlkkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Blkk
        skip_postgeneration_save = True

    registry_number = factory.Sequence(lambda n: f"BLKK-2020-73.71-{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"BLK-K PP Contoh {n}")
    host_name = factory.LazyAttribute(lambda b: b.name.removeprefix("BLK-K "))
    host_type = factory.LazyFunction(lambda: HostInstitutionType.objects.get(code="PESANTREN"))
    regency = factory.LazyFunction(lambda: regency("73.71"))
    year_established = 2020
    phone = "0411 123456"

    @factory.post_generation
    def managers(self, create, extracted, **kwargs):
        for user in extracted or ():
            self.managers.add(user)


class MentorshipFactory(factory.django.DjangoModelFactory):
    """A mentorship row as the decree workflow writes it; its source is a draft decree of the national forum.

    Tests of the workflow itself sign decrees through forum.services instead.
    """

    class Meta:
        model = Mentorship

    centre = factory.LazyFunction(centre)
    starts_on = datetime.date(2021, 12, 1)
    source = factory.LazyAttribute(lambda m: DecreeFactory(forum=national_forum(), centre=m.centre))


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    kind = Forum.Kind.PROVINCIAL
    province = factory.LazyFunction(province)
    name = factory.LazyAttribute(lambda f: f"Forum Koordinasi BLKK {f.province.name}" if f.province else "FKN BLK-K")


class BoardPositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardPosition

    forum = factory.SubFactory(ForumFactory)
    role = BoardPosition.Role.KETUA
    person_name = factory.Faker("name", locale="id_ID")
    term_start = datetime.date(2021, 12, 7)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    forum = factory.SubFactory(ForumFactory)
    kind = Meeting.Kind.RAKOR
    title = factory.Sequence(lambda n: f"Rakor {n}")
    starts_on = datetime.date(2022, 3, 1)
    ends_on = datetime.date(2022, 3, 2)


class DecreeFactory(factory.django.DjangoModelFactory):
    """A draft mentor decree; signing goes through forum.services."""

    class Meta:
        model = Decree

    number = factory.Sequence(lambda n: f"2/{3000 + n}/LP.03.02/XII/2021")
    subject = "Penunjukan Pembina Forum Koordinasi BLK Komunitas"
    kind = Decree.Kind.MENTOR
    forum = factory.SubFactory(ForumFactory)
    centre = factory.LazyFunction(centre)
    considerations = "bahwa untuk meningkatkan kemandirian BLK Komunitas perlu pembina forum"
    legal_bases = "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan"
    clauses = "Menunjuk balai sebagai pembina forum."
    decree_date = datetime.date(2021, 12, 20)
    signatory_name = "Budi Hartawan"
    signatory_title = "Direktur Jenderal Pembinaan Pelatihan Vokasi dan Produktivitas"
    signatory_nip = "196601011990031001"
    effective_from = datetime.date(2021, 12, 20)
    effective_until = datetime.date(2026, 12, 31)


def national_forum():
    """The one national forum (FKN BLK-K), created on first use; its members are every BLK-K."""
    forum, _ = Forum.objects.get_or_create(kind=Forum.Kind.NATIONAL, defaults={"name": "FKN BLK-K"})
    return forum


class RoadmapFactory(factory.django.DjangoModelFactory):
    """An adopted roadmap of the national forum, so every BLK-K takes part by default."""

    class Meta:
        model = Roadmap

    forum = factory.LazyFunction(national_forum)
    title = factory.Sequence(lambda n: f"Peta Jalan Kemandirian BLK Komunitas {n}")
    start_year = 2022
    end_year = 2026
    status = Roadmap.Status.ADOPTED


class PillarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pillar

    roadmap = factory.SubFactory(RoadmapFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Pilar {n + 1}")
    weight = 1


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    pillar = factory.SubFactory(PillarFactory)
    code = factory.Sequence(lambda n: f"P{n // 100 + 1}.{n % 100:02d}")
    title = factory.Sequence(lambda n: f"Program kerja {n}")
    starts_on = datetime.date(2022, 1, 1)
    ends_on = datetime.date(2026, 12, 31)


def _quarter(p):
    return ReportingPeriod.quarter(None, p.year, p.quarter)


def _this_quarter():
    today = datetime.date.today()
    return today.year, (today.month - 1) // 3 + 1


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    """A quarter: open from its first day, due ten days after it ends. Default: today's quarter.

    Pass `year` and `quarter` for another one, e.g. ReportingPeriodFactory(roadmap=r, year=2024, quarter=3).
    """

    class Meta:
        model = ReportingPeriod
        exclude = ("year", "quarter")

    roadmap = factory.SubFactory(RoadmapFactory)
    year = factory.LazyFunction(lambda: _this_quarter()[0])
    quarter = factory.LazyAttribute(lambda p: _this_quarter()[1] if p.year == _this_quarter()[0] else 1)
    label = factory.LazyAttribute(lambda p: _quarter(p).label)
    starts_on = factory.LazyAttribute(lambda p: _quarter(p).starts_on)
    ends_on = factory.LazyAttribute(lambda p: _quarter(p).ends_on)
    opens_on = factory.LazyAttribute(lambda p: p.starts_on)
    due_on = factory.LazyAttribute(lambda p: p.ends_on + datetime.timedelta(days=10))
    locked = False


class ImplementationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Implementation
        skip_postgeneration_save = True  # `counted` writes only to the status counts' table

    programme = factory.SubFactory(ProgrammeFactory)
    blkk = factory.SubFactory(BlkkFactory)

    @factory.post_generation
    def counted(implementation, create, extracted, **kwargs):
        """The implementation counts in its programme's status counts, as ensure_implementations would count it.

        `counted=False` leaves them alone: for a schema migrated back to before their table.
        """
        if create and extracted is not False:
            programme_status.add(implementation.programme_id, {implementation.status: 1})


class StatusReportFactory(factory.django.DjangoModelFactory):
    """A report written straight into the table, for tests that need reports in a given state.

    Tests of the workflow itself go through roadmap.services instead.
    """

    class Meta:
        model = StatusReport
        skip_postgeneration_save = True  # `queued` writes only to the queue's table

    implementation = factory.SubFactory(ImplementationFactory)
    period = factory.LazyAttribute(lambda r: ReportingPeriodFactory(roadmap=r.implementation.programme.pillar.roadmap))
    status = Implementation.Status.IN_PROGRESS
    progress = 50
    narrative = "Laporan triwulan."
    reporter = factory.SubFactory(UserFactory)
    submitted_at = factory.LazyFunction(timezone.now)
    review = StatusReport.Review.PENDING
    reviewed_at = factory.LazyAttribute(lambda r: None if r.review == StatusReport.Review.PENDING else timezone.now())

    @factory.post_generation
    def queued(report, create, extracted, **kwargs):
        """A pending report joins the review queue's table, as the submission service would put it there."""
        if create:
            report_changed(report)
