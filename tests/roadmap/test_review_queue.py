"""The mentor's review queue: backlog, filters, sort, cards, approving several at once, and the landing."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.querysets import audit_keys
from roadmap.models import Implementation, PendingReview, StatusReport
from roadmap.pending import refill
from roadmap.services import RoadmapError, ensure_implementations, review_report
from roadmap.tasks import reconcile_review_queue
from tests.factories import BlkkFactory, centre, regency

from .pages_world import days, pdf, report, world_fixture

pytestmark = pytest.mark.django_db
world = pytest.fixture(world_fixture, name="world")
Review = StatusReport.Review
Status = Implementation.Status
QUEUE = reverse("roadmap:review-queue")
APPROVE = reverse("roadmap:review-approve-selected")


def listed(response):
    return list(response.context["page_obj"])


def ignored_fields(response):
    return set(response.context["filters"].errors)


def aged_report(world, implementation, user, days_ago, **kwargs):
    """A report sent `days_ago` days ago (the period opened long before)."""
    world.period.starts_on = world.period.opens_on = days(-90)
    world.period.save()
    with time_machine.travel(timezone.now() - datetime.timedelta(days=days_ago), tick=False):
        return report(implementation, user, period=world.period, **kwargs)


def certify_report(world, manager, own_blkk, **kwargs):
    implementation = Implementation.objects.get(programme=world.certify, blkk=own_blkk)
    return report(implementation, manager, period=world.period, **kwargs)


@pytest.fixture
def as_mentor(client, mentor):
    client.force_login(mentor)
    return client


class TestFilters:
    def test_search_finds_a_blkk_by_name_or_registry_number(self, as_mentor, world, other_blkk, own_blkk):
        assert listed(as_mentor.get(QUEUE, {"q": "tobarakka"})) == [world.other_report]
        assert listed(as_mentor.get(QUEUE, {"q": own_blkk.registry_number})) == [world.own_report]

    def test_filters_by_programme_period_and_regency(self, as_mentor, world, manager, own_blkk, other_blkk):
        certify = certify_report(world, manager, own_blkk)
        assert listed(as_mentor.get(QUEUE, {"programme": world.certify.pk})) == [certify]
        assert listed(as_mentor.get(QUEUE, {"period": world.period.pk})) == [
            world.own_report,
            world.other_report,
            certify,
        ]
        assert listed(as_mentor.get(QUEUE, {"regency": other_blkk.regency_id})) == [world.other_report]

    def test_offers_only_what_waits_in_the_readers_queue(self, as_mentor, world, own_blkk, other_blkk):
        filters = as_mentor.get(QUEUE).context["filters"]
        regencies = {value for value, _label in filters.fields["regency"].choices if value}
        assert regencies == {str(own_blkk.regency_id), str(other_blkk.regency_id)}
        assert [value for value, _label in filters.fields["programme"].choices if value] == [str(world.permit.pk)]
        assert [value for value, _label in filters.fields["period"].choices if value] == [str(world.period.pk)]

    def test_a_regency_whose_reports_were_all_reviewed_is_no_longer_offered(
        self, as_mentor, world, mentor, own_blkk, other_blkk
    ):
        review_report(world.other_report, user=mentor, approve=True)
        filters = as_mentor.get(QUEUE).context["filters"]
        assert [value for value, _label in filters.fields["regency"].choices if value] == [own_blkk.regency_id]
        assert as_mentor.get(QUEUE, {"regency": other_blkk.regency_id}).context["filters"].errors

    def test_waiting_longer_than_keeps_the_reports_sent_before_that_many_days(
        self, as_mentor, world, manager, own_blkk
    ):
        old = aged_report(world, Implementation.objects.get(programme=world.certify, blkk=own_blkk), manager, 20)
        response = as_mentor.get(QUEUE, {"waiting": "14"})
        assert listed(response) == [old]
        assert "1 of 3 reports matches these filters" in response.content.decode()
        assert listed(as_mentor.get(QUEUE, {"waiting": "0"})) == [old]  # the others came today

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ({"programme": "abc"}, "programme"),
            ({"programme": "99999999"}, "programme"),
            ({"period": "1.5"}, "period"),
            ({"regency": "-1"}, "regency"),
            ({"regency": "73.7'"}, "regency"),
            ({"waiting": "-3"}, "waiting"),
            ({"waiting": "banyak"}, "waiting"),
            ({"waiting": "999999999999"}, "waiting"),
            ({"sort": "random()"}, "sort"),
            ({"q": "x" * 500}, "q"),
        ],
    )
    def test_values_that_make_no_sense_are_ignored_with_a_message(self, as_mentor, world, query, field):
        response = as_mentor.get(QUEUE, query)
        assert response.status_code == 200
        assert ignored_fields(response) == {field}
        assert "have been ignored" in response.content.decode() or "diabaikan" in response.content.decode()
        assert listed(response) == [world.own_report, world.other_report]

    def test_ids_of_another_centres_scope_are_refused_like_unknown_ones(self, as_mentor, world):
        response = as_mentor.get(QUEUE, {"regency": world.far_blkk.regency_id, "programme": world.permit.pk})
        assert ignored_fields(response) == {"regency"}
        assert world.far_blkk.name not in response.content.decode()
        assert listed(response) == [world.own_report, world.other_report]

    def test_says_when_no_report_matches_and_offers_a_reset(self, as_mentor, world):
        page = as_mentor.get(QUEUE, {"q": "tidak ada"}).content.decode()
        assert "No report in your queue matches these filters" in page or "Tidak ada laporan" in page
        assert f'href="{QUEUE}"' in page


class TestSort:
    @pytest.mark.parametrize(
        ("sort", "expected"),
        [
            ("", ["own", "other"]),
            ("oldest", ["own", "other"]),
            ("newest", ["other", "own"]),
            ("blkk", ["other", "own"]),  # Al Mubarak before Multidimensi
        ],
    )
    def test_sorts_as_asked(self, as_mentor, world, sort, expected):
        reports = {"own": world.own_report, "other": world.other_report}
        assert listed(as_mentor.get(QUEUE, {"sort": sort})) == [reports[name] for name in expected]

    def test_sorts_by_programme_code(self, as_mentor, world, manager, own_blkk):
        certify = certify_report(world, manager, own_blkk)
        response = as_mentor.get(QUEUE, {"sort": "programme"})
        assert listed(response)[-1] == certify  # P2.01 after P1.01

    def test_pagination_links_keep_the_filters_and_sort(self, as_mentor, world, monkeypatch):
        monkeypatch.setattr("roadmap.views.review.REPORTS_PER_PAGE", 1)
        page = as_mentor.get(QUEUE, {"q": "BLK-K", "sort": "newest"}).content.decode()
        assert "?q=BLK-K&amp;sort=newest&amp;page=2" in page


class TestCards:
    def test_each_card_shows_its_facts_and_its_evidence(self, as_mentor, world, own_blkk):
        page = as_mentor.get(QUEUE).content.decode()
        assert reverse("roadmap:report-evidence", args=[world.own_report.pk]) in page
        assert "bukti.pdf" in page and "PDF" in page
        for text in (own_blkk.name, own_blkk.regency.name, "P1.01", world.period.label, "40%"):
            assert text in page

    def test_shows_how_many_days_each_report_waits(self, as_mentor, world, manager, own_blkk):
        aged_report(world, Implementation.objects.get(programme=world.certify, blkk=own_blkk), manager, 20)
        response = as_mentor.get(QUEUE)
        page = response.content.decode()
        assert "20 days" in page or "20 hari" in page

    def test_only_reports_with_no_concern_get_a_tick_box(self, as_mentor, world, manager, own_blkk):
        done = certify_report(world, manager, own_blkk, status=Status.DONE, progress=100)
        response = as_mentor.get(QUEUE)
        page = response.content.decode()
        ticked = {r.pk for r in listed(response) if r.clear}
        assert ticked == {world.own_report.pk, world.other_report.pk}
        assert f'name="report" value="{world.own_report.pk}"' in page
        assert f'name="report" value="{done.pk}"' not in page
        assert "without evidence" in page or "tanpa bukti" in page


class TestConcerns:
    def test_a_report_followed_by_a_newer_one_on_the_same_programme_is_not_clear(self, world, manager):
        newer = report(world.own_impl, manager, period=world.period, progress=50)
        clear = set(StatusReport.objects.clear().values_list("pk", flat=True))
        assert world.own_report.pk not in clear and newer.pk in clear

    def test_a_correction_and_a_report_behind_the_approved_progress_are_not_clear(self, world, manager, mentor):
        review_report(world.own_report, user=mentor, approve=False, note="Lengkapi.")
        correction = report(world.own_impl, manager, period=world.period, corrects=world.own_report)
        review_report(world.other_report, user=mentor, approve=True)
        behind = report(world.other_impl, world.other_manager, period=world.period, progress=10)
        clear = set(StatusReport.objects.pending().clear().values_list("pk", flat=True))
        assert clear == {world.far_report.pk}
        assert correction.pk not in clear and behind.pk not in clear

    def test_the_service_refuses_a_report_that_gained_a_concern(self, world, manager, mentor):
        report(world.own_impl, manager, period=world.period, progress=50)
        with pytest.raises(RoadmapError):
            review_report(world.own_report, user=mentor, approve=True, require_clear=True)
        world.own_report.refresh_from_db()
        assert world.own_report.review == Review.PENDING


class TestApproveSelected:
    def test_approves_each_selected_report_with_one_audit_entry_each(self, as_mentor, world):
        reviews_before = audit_keys(kind="review").count()
        response = as_mentor.post(
            APPROVE, {"report": [world.own_report.pk, world.other_report.pk], "next": QUEUE + "?sort=newest"}
        )
        assert response.status_code == 302 and response.url == QUEUE + "?sort=newest"
        reviewed = StatusReport.objects.filter(pk__in=[world.own_report.pk, world.other_report.pk])
        assert set(reviewed.values_list("review", flat=True)) == {Review.APPROVED}
        assert audit_keys(kind="review").count() == reviews_before + 2
        world.own_impl.refresh_from_db()
        assert world.own_impl.approved_progress == 40

    def test_an_id_from_another_centres_scope_writes_nothing(self, as_mentor, world):
        response = as_mentor.post(APPROVE, {"report": [world.far_report.pk]}, follow=True)
        world.far_report.refresh_from_db()
        assert world.far_report.review == Review.PENDING
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
        assert world.far_blkk.name not in response.content.decode()

    def test_each_refusal_leaves_the_others_approved(self, as_mentor, world, mentor, manager, own_blkk):
        review_report(world.own_report, user=mentor, approve=False, note="Lengkapi bukti.")
        done = certify_report(world, manager, own_blkk, status=Status.DONE, progress=100)
        ids = [world.own_report.pk, world.other_report.pk, done.pk, world.far_report.pk, "abc"]
        response = as_mentor.post(APPROVE, {"report": ids}, follow=True)
        states = dict(StatusReport.objects.values_list("pk", "review"))
        assert states[world.other_report.pk] == Review.APPROVED
        assert states[world.own_report.pk] == Review.RETURNED  # already reviewed: left as it was
        assert states[done.pk] == Review.PENDING  # has a concern
        assert states[world.far_report.pk] == Review.PENDING
        levels = [m.level_tag for m in response.context["messages"]]
        assert levels.count("error") == 3 and levels.count("success") == 1

    def test_one_report_named_twice_is_approved_without_a_refusal(self, as_mentor, world):
        pk = world.other_report.pk
        response = as_mentor.post(APPROVE, {"report": [str(pk), f"0{pk}"]}, follow=True)
        assert StatusReport.objects.get(pk=pk).review == Review.APPROVED
        assert [m.level_tag for m in response.context["messages"]] == ["success"]

    def test_nothing_selected_says_so(self, as_mentor, world):
        response = as_mentor.post(APPROVE, {}, follow=True)
        assert [m.level_tag for m in response.context["messages"]] == ["warning"]

    def test_too_many_ids_are_refused_whole(self, as_mentor, world):
        ids = [world.own_report.pk, *range(10**6, 10**6 + 100)]
        as_mentor.post(APPROVE, {"report": ids})
        world.own_report.refresh_from_db()
        assert world.own_report.review == Review.PENDING

    def test_people_who_review_nothing_get_403_and_nothing_is_written(self, client, manager, ministry, world):
        for person in (manager, ministry):
            client.force_login(person)
            assert client.post(APPROVE, {"report": [world.own_report.pk]}).status_code == 403
        world.own_report.refresh_from_db()
        assert world.own_report.review == Review.PENDING

    def test_a_get_is_not_allowed(self, as_mentor, world):
        assert as_mentor.get(APPROVE).status_code == 405


class TestBacklogAndLanding:
    def test_a_mentor_lands_on_the_review_queue(self, client, mentor, world):
        client.force_login(mentor)
        assert client.get("/").url == QUEUE

    def test_a_mentor_with_nothing_in_scope_lands_on_the_centre_dashboard(self, client, db):
        from accounts.roles import Role
        from tests.factories import UserFactory

        lonely = UserFactory(username="pembina-sepi", roles=[Role.MENTOR])
        centre("BBPVP Bandung").staff.add(lonely)
        client.force_login(lonely)
        assert client.get("/").url == reverse("dashboards:centre", args=[centre("BBPVP Bandung").pk])

    def test_the_backlog_counts_what_the_queue_and_the_centre_dashboard_count(
        self, as_mentor, world, manager, own_blkk
    ):
        aged_report(world, Implementation.objects.get(programme=world.certify, blkk=own_blkk), manager, 20)
        response = as_mentor.get(QUEUE, {"q": "Fakhriyah"})
        backlog = response.context["backlog"]
        assert (backlog["waiting"], backlog["overdue"], backlog["oldest_days"]) == (3, 1, 20)
        assert as_mentor.get(QUEUE).context["page_obj"].paginator.count == backlog["waiting"]
        page = response.content.decode()
        assert 'data-testid="backlog-waiting">3<' in page
        assert reverse("dashboards:centre", args=[centre().pk]) in page
        dashboard = as_mentor.get(reverse("dashboards:centre", args=[centre().pk]))
        assert dashboard.context["backlog"] == backlog["waiting"]

    def test_the_cards_marked_overdue_are_the_ones_the_backlog_counts(
        self, as_mentor, world, manager, own_blkk, other_blkk
    ):
        # 14 days is not overdue yet, 15 is; both sides read roadmap.querysets.overdue_for_review.
        for blkk, reporter, days_ago in ((own_blkk, manager, 14), (other_blkk, world.other_manager, 15)):
            aged_report(world, Implementation.objects.get(programme=world.certify, blkk=blkk), reporter, days_ago)
        response = as_mentor.get(QUEUE)
        badges = response.content.decode().count('<span class="badge text-bg-danger">overdue</span>')
        assert badges == response.context["backlog"]["overdue"] == 1

    def test_an_empty_queue_says_so_with_a_zero_backlog(self, as_mentor, world, mentor):
        for pending in (world.own_report, world.other_report):
            review_report(pending, user=mentor, approve=True)
        response = as_mentor.get(QUEUE)
        assert response.context["backlog"]["waiting"] == 0
        assert "Nothing to review" in response.content.decode()


class TestPendingReviewTable:
    def pending_ids(self):
        return set(StatusReport.objects.pending().values_list("pk", flat=True))

    def table_ids(self):
        return set(PendingReview.objects.values_list("report_id", flat=True))

    def test_follows_every_submission_and_review(self, world, manager, mentor, own_blkk):
        assert (
            self.table_ids()
            == self.pending_ids()
            == {r.pk for r in (world.own_report, world.other_report, world.far_report)}
        )
        review_report(world.own_report, user=mentor, approve=False, note="Lengkapi.")
        review_report(world.other_report, user=mentor, approve=True)
        correction = report(world.own_impl, manager, period=world.period, corrects=world.own_report)
        assert self.table_ids() == self.pending_ids() == {world.far_report.pk, correction.pk}
        entry = PendingReview.objects.get(report=correction)
        assert (entry.blkk_id, entry.programme_id, entry.period_id) == (own_blkk.pk, world.permit.pk, world.period.pk)
        assert entry.submitted_at == correction.submitted_at

    def test_a_refill_gives_the_same_rows(self, world):
        before = set(
            PendingReview.objects.values_list("report_id", "blkk_id", "programme_id", "period_id", "submitted_at")
        )
        PendingReview.objects.all().delete()
        assert refill() == 3
        after = set(
            PendingReview.objects.values_list("report_id", "blkk_id", "programme_id", "period_id", "submitted_at")
        )
        assert after == before

    def test_the_nightly_reconcile_adds_what_an_old_server_missed_and_drops_what_was_reviewed(self, world, mentor):
        rows = ("report_id", "blkk_id", "programme_id", "period_id", "submitted_at")
        # A report accepted by a server that did not know the table yet: its row is missing.
        PendingReview.objects.filter(report=world.own_report).delete()
        # A report reviewed by such a server: its row stayed behind.
        stale = PendingReview.objects.get(report=world.other_report)
        review_report(world.other_report, user=mentor, approve=True)
        stale.save(force_insert=True)
        before = set(PendingReview.objects.values_list(*rows))

        assert reconcile_review_queue.call() == "1 added, 1 dropped"
        after = set(PendingReview.objects.values_list(*rows))
        assert {row[0] for row in after} == {row[0] for row in before} - {stale.report_id} | {world.own_report.pk}
        assert reconcile_review_queue.call() == "0 added, 0 dropped"

    def test_the_queue_lists_what_reviewable_by_finds(self, as_mentor, mentor, world):
        listed_ids = {r.pk for r in listed(as_mentor.get(QUEUE))}
        assert listed_ids == set(StatusReport.objects.reviewable_by(mentor).values_list("pk", flat=True))


class TestQueryCount:
    def test_the_filtered_page_costs_the_same_with_one_report_or_many(
        self, as_mentor, world, mentor, own_blkk, django_assert_num_queries
    ):
        review_report(world.other_report, user=mentor, approve=True)
        query = {"q": "BLK-K", "programme": world.permit.pk, "period": world.period.pk, "sort": "blkk"}
        query["regency"] = own_blkk.regency_id
        # session, user, savepoint, groups, the scope's BLK-Ks, the programmes, periods and
        # regencies offered, backlog, centres, count, the page's ids, its reports, release
        # savepoint: as the unfiltered page.
        with django_assert_num_queries(14):
            as_mentor.get(QUEUE, query)
        for number in range(6):
            blkk = BlkkFactory(
                name=f"BLK-K PP Makassar {number}", managers=[world.other_manager], regency=regency("73.71")
            )
            ensure_implementations(world.permit)
            report(
                Implementation.objects.get(programme=world.permit, blkk=blkk),
                world.other_manager,
                period=world.period,
                evidence=pdf(),
            )
        with django_assert_num_queries(14):
            as_mentor.get(QUEUE, query)
