"""The manager's "my programmes" and the mentor's review queue, with the review form."""

import pytest
from django.urls import reverse

from roadmap.models import Implementation, StatusReport
from roadmap.services import ensure_implementations, review_report
from tests.factories import BlkkFactory, regency

from .pages_world import days, programme, report, world_fixture

pytestmark = pytest.mark.django_db
world = pytest.fixture(world_fixture, name="world")
Review = StatusReport.Review
MY_PROGRAMMES = reverse("roadmap:my-programmes")
QUEUE = reverse("roadmap:review-queue")


def due_codes(response):
    """{BLK-K name: programme codes due}, in the page's order."""
    codes = {}
    for item in response.context["due"].items:
        codes.setdefault(item.blkk.name, []).append(item.programme.code)
    return codes


def review_url(report):
    return reverse("roadmap:report-review", args=[report.pk])


class TestMyProgrammes:
    def test_lists_what_is_due_this_period_per_managed_blkk(self, client, manager, world, own_blkk):
        client.force_login(manager)
        response = client.get(MY_PROGRAMMES)
        # P1.01 has a pending report for the period; P2.01 has none.
        assert due_codes(response) == {own_blkk.name: ["P2.01"]}
        assert (
            reverse(
                "roadmap:report-create", args=[Implementation.objects.get(programme=world.certify, blkk=own_blkk).pk]
            )
            in response.content.decode()
        )

    def test_a_returned_report_is_due_again_with_its_note(self, client, manager, mentor, world, own_blkk):
        review_report(world.own_report, user=mentor, approve=False, note="Tambahkan foto papan nama.")
        client.force_login(manager)
        response = client.get(MY_PROGRAMMES)
        assert due_codes(response) == {own_blkk.name: ["P1.01", "P2.01"]}
        page = response.content.decode()
        assert "Tambahkan foto papan nama." in page
        assert f"?corrects={world.own_report.pk}" in page

    def test_marks_reports_due_after_the_due_date_as_late(self, client, manager, world):
        world.period.due_on = days(-1)
        world.period.save()
        client.force_login(manager)
        response = client.get(MY_PROGRAMMES)
        due = response.context["due"]
        assert [item.is_late for item in due.items] == [True]
        assert (due.late_count, due.next_due_on) == (1, None)

    def test_says_when_nothing_is_due(self, client, manager, world, own_blkk):
        certify = Implementation.objects.get(programme=world.certify, blkk=own_blkk)
        report(certify, manager, period=world.period)
        client.force_login(manager)
        response = client.get(MY_PROGRAMMES)
        assert response.context["due"].count == 0
        assert "Nothing is due" in response.content.decode()

    def test_a_non_manager_gets_a_friendly_403(self, client, plain_user):
        client.force_login(plain_user)
        response = client.get(MY_PROGRAMMES)
        assert response.status_code == 403
        assert "for BLK-K managers" in response.content.decode()

    def test_pins_its_query_count_however_many_programmes(self, client, manager, world, django_assert_num_queries):
        # session, user, savepoint, the user's groups, managed BLK-Ks with their regencies,
        # their roadmaps, then for the one roadmap: its current period and its due
        # implementations; release savepoint.
        client.force_login(manager)
        with django_assert_num_queries(9):
            client.get(MY_PROGRAMMES)
        for number in range(8):
            ensure_implementations(programme(world.pillars[0], f"P1.{number + 10}", f"Program {number}"))
        with django_assert_num_queries(9):
            response = client.get(MY_PROGRAMMES)
        assert response.context["due"].count == 9


class TestReviewQueue:
    def test_lists_pending_reports_in_scope_oldest_first_with_a_count(self, client, mentor, world):
        client.force_login(mentor)
        response = client.get(QUEUE)
        assert list(response.context["page_obj"]) == [world.own_report, world.other_report]
        page = response.content.decode()
        assert "2 reports wait" in page or "2 laporan menunggu" in page
        assert reverse("roadmap:report-evidence", args=[world.own_report.pk]) in page
        assert world.far_blkk.name not in page

    def test_approving_from_the_queue_goes_back_to_the_queue(self, client, mentor, world):
        client.force_login(mentor)
        response = client.post(review_url(world.own_report), {"decision": "approve", "next": QUEUE + "?page=1"})
        assert response.status_code == 302 and response.url == QUEUE + "?page=1"
        world.own_report.refresh_from_db()
        world.own_impl.refresh_from_db()
        assert world.own_report.review == Review.APPROVED
        assert world.own_impl.approved_progress == 40

    def test_returning_needs_a_note(self, client, mentor, world):
        client.force_login(mentor)
        response = client.post(review_url(world.own_report), {"decision": "return", "note": "  "})
        assert response.status_code == 400
        assert "note" in response.context["review_form"].errors
        world.own_report.refresh_from_db()
        assert world.own_report.review == Review.PENDING

    def test_returning_with_a_note_sends_it_back(self, client, mentor, world, mailoutbox):
        client.force_login(mentor)
        response = client.post(review_url(world.own_report), {"decision": "return", "note": "Lengkapi bukti."})
        assert response.url == QUEUE
        world.own_report.refresh_from_db()
        assert (world.own_report.review, world.own_report.review_note) == (Review.RETURNED, "Lengkapi bukti.")

    @pytest.mark.parametrize("data", [{"decision": "x"}, {}, {"decision": "approve", "next": "https://evil.example/"}])
    def test_garbage_decisions_and_foreign_next_urls_are_refused(self, client, mentor, world, data):
        client.force_login(mentor)
        response = client.post(review_url(world.own_report), data)
        world.own_report.refresh_from_db()
        if data.get("decision") == "approve":
            assert response.url == QUEUE
        else:
            assert response.status_code == 400
            assert world.own_report.review == Review.PENDING

    def test_a_report_already_reviewed_gets_a_message_not_a_second_review(self, client, mentor, world):
        review_report(world.own_report, user=mentor, approve=True)
        client.force_login(mentor)
        response = client.post(review_url(world.own_report), {"decision": "return", "note": "Lagi."}, follow=True)
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
        world.own_report.refresh_from_db()
        assert world.own_report.review == Review.APPROVED

    @pytest.mark.parametrize("page", ["zzz", "99", ""])
    def test_a_page_number_that_makes_no_sense_shows_a_page_anyway(self, client, mentor, world, page):
        client.force_login(mentor)
        assert client.get(QUEUE, {"page": page}).status_code == 200

    def test_says_when_there_is_nothing_to_review(self, client, mentor, world):
        for pending in (world.own_report, world.other_report):
            review_report(pending, user=mentor, approve=True)
        client.force_login(mentor)
        assert "Nothing to review" in client.get(QUEUE).content.decode()

    def test_pins_its_query_count_however_many_reports(self, client, mentor, world, django_assert_num_queries):
        # session, user, savepoint, the user's groups, the scope's BLK-Ks, the filters'
        # choices (programmes, periods, regencies), the backlog (which counts for the
        # paginator too), the reader's centres, the page's report ids, those reports with
        # implementation, programme, pillar, BLK-K, regency, period and reporter, release
        # savepoint.
        client.force_login(mentor)
        with django_assert_num_queries(13):
            client.get(QUEUE)
        for number in range(8):
            blkk = BlkkFactory(
                name=f"BLK-K PP Sulsel {number}", managers=[world.other_manager], regency=regency("73.15")
            )
            ensure_implementations(world.permit)
            report(
                Implementation.objects.get(programme=world.permit, blkk=blkk), world.other_manager, period=world.period
            )
        with django_assert_num_queries(13):
            response = client.get(QUEUE)
        assert response.context["page_obj"].paginator.count == 10
