"""The reporting, review and classification workflows of roadmap.services."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from blkk_portal import reasons
from registry.models import Blkk
from roadmap import rollups
from roadmap.models import Classification, Implementation, PeriodRollup, Programme, ProvinceRollup, StatusReport
from roadmap.services import (
    ReportConflict,
    RoadmapError,
    ensure_implementations,
    participants_of,
    record_classification,
    review_report,
    submit_report,
)
from tests.factories import (
    BlkkFactory,
    ForumFactory,
    ImplementationFactory,
    MentorshipFactory,
    ProgrammeFactory,
    ReportingPeriodFactory,
    RoadmapFactory,
    province,
    regency,
)

Status = Implementation.Status
Review = StatusReport.Review
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def roadmap(db):
    return RoadmapFactory()


@pytest.fixture
def period(roadmap):
    """Open since ten days, due in twenty."""
    return ReportingPeriodFactory(
        roadmap=roadmap, starts_on=days(-10), ends_on=days(10), opens_on=days(-10), due_on=days(20)
    )


@pytest.fixture
def implementation(roadmap, own_blkk):
    return ImplementationFactory(programme__pillar__roadmap=roadmap, blkk=own_blkk)


@pytest.fixture
def mentor_scope(db):
    """BBPVP Makassar mentors Sulawesi Selatan, where own_blkk and other_blkk lie."""
    return MentorshipFactory(province=province("73"))


def report(implementation, user, period, **values):
    values = {"status": Status.IN_PROGRESS, "progress": 40, "narrative": "Pelatihan menjahit angkatan 1.", **values}
    values.setdefault("expected_version", implementation.version)
    return submit_report(implementation, user=user, period=period, **values)


class TestSubmitReport:
    def test_a_manager_reports_on_their_own_blkk_and_the_implementation_follows(self, manager, implementation, period):
        submitted = report(implementation, manager, period)

        implementation.refresh_from_db()
        assert submitted.review == Review.PENDING
        assert submitted.is_late is False
        assert (implementation.status, implementation.progress) == (Status.IN_PROGRESS, 40)
        assert implementation.latest_report == submitted
        assert implementation.version == 1
        # Only approval moves the approved state.
        assert (implementation.approved_status, implementation.approved_progress) == (Status.NOT_STARTED, 0)

    def test_the_history_records_who_reported(self, manager, implementation, period):
        report(implementation, manager, period)

        latest = implementation.history.first()
        assert latest.history_user == manager
        assert period.label in latest.history_change_reason

    def test_a_report_after_the_due_date_is_marked_late(self, manager, implementation, roadmap):
        overdue = ReportingPeriodFactory(
            roadmap=roadmap, starts_on=days(-40), ends_on=days(-20), opens_on=days(-40), due_on=days(-1)
        )

        assert report(implementation, manager, overdue).is_late is True

    def test_a_locked_period_takes_no_reports(self, manager, implementation, period):
        period.locked = True
        period.save()

        with pytest.raises(RoadmapError, match="locked"):
            report(implementation, manager, period)
        assert not StatusReport.objects.exists()

    def test_a_period_that_has_not_opened_takes_no_reports(self, manager, implementation, roadmap):
        future = ReportingPeriodFactory(
            roadmap=roadmap, starts_on=days(30), ends_on=days(60), opens_on=days(30), due_on=days(70)
        )

        with pytest.raises(RoadmapError, match="opens"):
            report(implementation, manager, future)

    def test_a_period_of_another_roadmap_is_refused(self, manager, implementation, period):
        elsewhere = ReportingPeriodFactory(
            roadmap=RoadmapFactory(), starts_on=period.starts_on, ends_on=period.ends_on, due_on=period.due_on
        )

        with pytest.raises(RoadmapError, match="another roadmap"):
            report(implementation, manager, elsewhere)

    def test_a_programme_outside_the_period_is_refused(self, manager, implementation, period):
        Programme.objects.filter(pk=implementation.programme_id).update(starts_on=days(100), ends_on=days(200))

        with pytest.raises(RoadmapError, match="does not run"):
            report(implementation, manager, period)

    def test_a_manager_cannot_report_for_another_blkk(self, manager, other_blkk, roadmap, period):
        theirs = ImplementationFactory(programme__pillar__roadmap=roadmap, blkk=other_blkk)

        with pytest.raises(RoadmapError, match="you manage"):
            report(theirs, manager, period)

    @pytest.mark.parametrize("person", ["mentor", "ministry", "board_member", "admin_user", "plain_user"])
    def test_nobody_but_a_manager_reports(self, person, request, implementation, period):
        with pytest.raises(RoadmapError):
            report(implementation, request.getfixturevalue(person), period)

    @pytest.mark.parametrize(
        ("status", "progress", "message"),
        [
            (Status.DONE, 90, "100%"),
            (Status.NOT_STARTED, 10, "0%"),
            (Status.IN_PROGRESS, 101, "0 to 100"),
            (Status.IN_PROGRESS, -1, "0 to 100"),
            ("finished", 50, "statuses"),
        ],
    )
    def test_status_and_progress_must_agree(self, manager, implementation, period, status, progress, message):
        with pytest.raises(RoadmapError, match=message):
            report(implementation, manager, period, status=status, progress=progress)

    def test_a_report_needs_a_narrative(self, manager, implementation, period):
        with pytest.raises(RoadmapError, match="narrative"):
            report(implementation, manager, period, narrative="   ")

    def test_a_stale_version_raises_a_conflict_carrying_the_other_report(self, manager, implementation, period):
        first = report(implementation, manager, period, expected_version=0)

        with pytest.raises(ReportConflict) as conflict:
            report(implementation, manager, period, expected_version=0, progress=70)

        assert conflict.value.latest == first
        assert conflict.value.current == implementation  # blkk_portal.versioning.Conflict
        assert "Someone reported on this programme while you were filling in the form" in str(conflict.value)
        assert StatusReport.objects.count() == 1
        implementation.refresh_from_db()
        assert implementation.progress == 40

    def test_after_seeing_the_conflict_the_manager_may_report_on_top(self, manager, implementation, period):
        report(implementation, manager, period, expected_version=0)

        second = report(implementation, manager, period, expected_version=1, progress=70)

        implementation.refresh_from_db()
        assert implementation.latest_report == second
        assert implementation.version == 2

    def test_pdf_evidence_is_stored_under_a_generated_name(self, manager, implementation, period):
        evidence = SimpleUploadedFile("Laporan Q4 rahasia.pdf", PDF, content_type="application/pdf")

        submitted = report(implementation, manager, period, evidence=evidence)

        assert submitted.evidence_name == "Laporan Q4 rahasia.pdf"
        assert submitted.evidence_type == "pdf"
        assert "rahasia" not in submitted.evidence.name
        assert submitted.evidence.name.startswith(f"evidence/{period.pk}/")
        with submitted.evidence.open("rb") as stored:
            assert stored.read() == PDF

    def test_evidence_is_checked_by_content_not_by_name(self, manager, implementation, period):
        fake = SimpleUploadedFile("bukti.pdf", b"<html>not a pdf</html>", content_type="application/pdf")

        with pytest.raises(RoadmapError, match="PDF"):
            report(implementation, manager, period, evidence=fake)
        assert not StatusReport.objects.exists()

    def test_evidence_over_ten_megabytes_is_refused(self, manager, implementation, period):
        big = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * (10 * 1024 * 1024), content_type="image/png")

        with pytest.raises(RoadmapError, match="at most"):
            report(implementation, manager, period, evidence=big)

    def test_a_correction_must_replace_a_report_of_the_same_programme_and_period(
        self, manager, implementation, roadmap, period
    ):
        other = ImplementationFactory(programme__pillar__roadmap=roadmap, blkk=implementation.blkk)
        elsewhere = report(other, manager, period)

        with pytest.raises(RoadmapError, match="same programme"):
            report(implementation, manager, period, corrects=elsewhere)


class TestReviewReport:
    @pytest.fixture
    def pending(self, manager, implementation, period):
        return report(implementation, manager, period, status=Status.IN_PROGRESS, progress=60)

    def test_approving_sets_the_approved_state(self, mentor, mentor_scope, pending, implementation):
        reviewed = review_report(pending, user=mentor, approve=True)

        implementation.refresh_from_db()
        assert reviewed.review == Review.APPROVED
        assert reviewed.reviewed_by == mentor
        assert reviewed.reviewed_at is not None
        assert (implementation.approved_status, implementation.approved_progress) == (Status.IN_PROGRESS, 60)
        assert implementation.last_approved_period == pending.period

    def test_returning_needs_a_note(self, mentor, mentor_scope, pending):
        with pytest.raises(RoadmapError, match="note"):
            review_report(pending, user=mentor, approve=False, note="  ")

    def test_returning_keeps_the_approved_state_and_mails_the_managers(
        self, mentor, mentor_scope, pending, implementation, mailoutbox, django_capture_on_commit_callbacks
    ):
        co_manager = implementation.blkk.managers.create(username="pengelola-2", email="kedua@example.id")

        with django_capture_on_commit_callbacks(execute=True):
            reviewed = review_report(pending, user=mentor, approve=False, note="Lampirkan daftar hadir.")

        implementation.refresh_from_db()
        assert reviewed.review == Review.RETURNED
        assert implementation.approved_progress == 0
        # One mail to each person, each in that person's language.
        assert sorted(mail.to[0] for mail in mailoutbox) == sorted([pending.reporter.email, co_manager.email])
        assert all("Lampirkan daftar hadir." in mail.body for mail in mailoutbox)

    def test_a_mentor_outside_their_scope_cannot_review(self, mentor, pending):
        with pytest.raises(RoadmapError, match="scope"):
            review_report(pending, user=mentor, approve=True)

    def test_a_lapsed_mentorship_gives_no_scope(self, mentor, pending):
        MentorshipFactory(province=province("73"), starts_on=days(-400), ends_on=days(-1))

        with pytest.raises(RoadmapError, match="scope"):
            review_report(pending, user=mentor, approve=True)

    @pytest.mark.parametrize("person", ["manager", "ministry", "board_member", "admin_user"])
    def test_only_mentor_staff_review(self, person, request, mentor_scope, pending):
        with pytest.raises(RoadmapError, match="scope"):
            review_report(pending, user=request.getfixturevalue(person), approve=True)

    def test_a_report_is_reviewed_once(self, mentor, mentor_scope, pending):
        review_report(pending, user=mentor, approve=True)

        with pytest.raises(RoadmapError, match="already reviewed"):
            review_report(pending, user=mentor, approve=False, note="Terlambat.")

    def test_approving_an_older_period_after_a_newer_one_keeps_the_newer_state(
        self, manager, mentor, mentor_scope, implementation, roadmap, period
    ):
        older = ReportingPeriodFactory(
            roadmap=roadmap, starts_on=days(-100), ends_on=days(-11), opens_on=days(-100), due_on=days(-5)
        )
        old_report = report(implementation, manager, older, progress=20)
        new_report = report(implementation, manager, period, progress=80, expected_version=1)

        review_report(new_report, user=mentor, approve=True)
        review_report(old_report, user=mentor, approve=True)

        implementation.refresh_from_db()
        assert implementation.approved_progress == 80
        assert implementation.last_approved_period == period

    def test_a_resubmission_after_a_return_can_be_approved(
        self, manager, mentor, mentor_scope, pending, implementation
    ):
        review_report(pending, user=mentor, approve=False, note="Progres belum sesuai bukti.")
        implementation.refresh_from_db()

        correction = report(implementation, manager, pending.period, progress=50, corrects=pending)
        review_report(correction, user=mentor, approve=True)

        implementation.refresh_from_db()
        assert correction.corrects == pending
        assert implementation.approved_progress == 50


class TestRecordClassification:
    def test_a_mentor_classifies_a_blkk_in_scope_and_the_level_follows(self, mentor, mentor_scope, own_blkk):
        classification = record_classification(
            own_blkk,
            user=mentor,
            level=Blkk.Level.BERKEMBANG,
            assessed_on=days(-3),
            evidence="Visitasi lapangan.",
            note="Hasil monev.",
        )

        own_blkk.refresh_from_db()
        assert classification.assessor == mentor
        assert own_blkk.level == Blkk.Level.BERKEMBANG
        assert own_blkk.history.first().history_user == mentor
        assert reasons.render(own_blkk.history.first().history_change_reason).startswith("Classification of")

    def test_an_older_assessment_is_kept_without_turning_the_level_back(self, ministry, own_blkk):
        record_classification(
            own_blkk,
            user=ministry,
            level=Blkk.Level.MANDIRI,
            assessed_on=days(-1),
            evidence="Unit produksi berjalan.",
            note="Hasil monev.",
        )
        record_classification(
            own_blkk,
            user=ministry,
            level=Blkk.Level.TUMBUH,
            assessed_on=days(-900),
            evidence="Penilaian 2023.",
            note="Hasil monev.",
        )

        own_blkk.refresh_from_db()
        assert own_blkk.level == Blkk.Level.MANDIRI
        assert Classification.objects.filter(blkk=own_blkk).count() == 2

    def test_the_date_cannot_be_in_the_future(self, ministry, own_blkk):
        with pytest.raises(RoadmapError, match="future"):
            record_classification(
                own_blkk,
                user=ministry,
                level=Blkk.Level.TUMBUH,
                assessed_on=days(1),
                evidence="Rencana.",
                note="Hasil monev.",
            )

    def test_a_level_must_be_one_of_the_three(self, ministry, own_blkk):
        with pytest.raises(RoadmapError, match="tumbuh"):
            record_classification(
                own_blkk,
                user=ministry,
                level=Blkk.Level.UNCLASSIFIED,
                assessed_on=days(0),
                evidence="-",
                note="Hasil monev.",
            )

    def test_a_reason_is_required_and_kept_in_the_history(self, ministry, own_blkk):
        with pytest.raises(RoadmapError, match="reason"):
            record_classification(
                own_blkk, user=ministry, level=Blkk.Level.TUMBUH, assessed_on=days(0), evidence="x", note="  "
            )

        record_classification(
            own_blkk, user=ministry, level=Blkk.Level.TUMBUH, assessed_on=days(0), evidence="x", note="Izin terbit."
        )

        assert "Izin terbit." in own_blkk.history.first().history_change_reason

    def test_a_mentor_outside_their_scope_cannot_classify(self, mentor, own_blkk):
        with pytest.raises(RoadmapError, match="may not"):
            record_classification(
                own_blkk, user=mentor, level=Blkk.Level.TUMBUH, assessed_on=days(0), evidence="x", note="Hasil monev."
            )

    @pytest.mark.parametrize("person", ["manager", "board_member", "plain_user"])
    def test_other_roles_cannot_classify(self, person, request, own_blkk):
        with pytest.raises(RoadmapError, match="may not"):
            record_classification(
                own_blkk,
                user=request.getfixturevalue(person),
                level=Blkk.Level.TUMBUH,
                assessed_on=days(0),
                evidence="x",
                note="Hasil monev.",
            )

    def test_classifying_bumps_the_profile_version_so_stale_forms_notice(self, admin_user, own_blkk):
        before = own_blkk.version

        record_classification(
            own_blkk, user=admin_user, level=Blkk.Level.TUMBUH, assessed_on=days(0), evidence="x", note="Hasil monev."
        )

        assert Blkk.objects.get(pk=own_blkk.pk).version == before + 1


class TestImplementations:
    def test_all_members_of_a_provincial_forum_take_part(self, own_blkk, other_blkk):
        forum = ForumFactory(province=province("73"))
        programme = ProgrammeFactory(pillar__roadmap=RoadmapFactory(forum=forum))
        BlkkFactory(regency=regency("11.01"))  # Aceh: not a member

        assert set(participants_of(programme)) == {own_blkk, other_blkk}
        assert ensure_implementations(programme) == 2
        assert ensure_implementations(programme) == 0
        assert set(Implementation.objects.filter(programme=programme).values_list("blkk", flat=True)) == {
            own_blkk.pk,
            other_blkk.pk,
        }

    def test_a_chosen_set_takes_part_alone(self, own_blkk, other_blkk):
        programme = ProgrammeFactory(participation=Programme.Participation.CHOSEN)
        programme.participants.add(other_blkk)

        assert list(participants_of(programme)) == [other_blkk]
        assert ensure_implementations(programme) == 1

    # CHUNK 1: two new BLK-Ks are more than a chunk, and the whole roadmap is recounted instead.
    @pytest.mark.parametrize("chunk", [500, 1])
    def test_new_implementations_are_counted_in_the_dashboard_rollups_at_once(
        self, own_blkk, other_blkk, monkeypatch, chunk
    ):
        monkeypatch.setattr(rollups, "CHUNK", chunk)
        roadmap = RoadmapFactory(forum=ForumFactory(province=province("73")))
        period = ReportingPeriodFactory(roadmap=roadmap)
        programme = ProgrammeFactory(pillar__roadmap=roadmap, starts_on=period.starts_on, ends_on=period.ends_on)

        ensure_implementations(programme)

        running = PeriodRollup.objects.filter(period=period).values_list("blkk_id", "running")
        assert dict(running) == {own_blkk.pk: 1, other_blkk.pk: 1}
        province_rollup = ProvinceRollup.objects.get(period=period, province_id="73")
        assert (province_rollup.blkk_count, province_rollup.running, province_rollup.not_started) == (2, 2, 2)

    def test_creating_implementations_keeps_their_history(self, own_blkk, admin_user):
        programme = ProgrammeFactory()

        ensure_implementations(programme, user=admin_user)

        implementation = Implementation.objects.get(programme=programme)
        assert implementation.history.first().history_user == admin_user
