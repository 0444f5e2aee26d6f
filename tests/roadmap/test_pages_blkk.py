"""A BLK-K's roadmap progress section (loaded by the BLK-K page through htmx) and its classification form."""

import pytest
from django.urls import reverse

from registry.models import Blkk
from roadmap.models import Classification, Implementation
from roadmap.services import ensure_implementations, review_report

from .pages_world import days, programme, report, world_fixture

pytestmark = pytest.mark.django_db
world = pytest.fixture(world_fixture, name="world")
Status = Implementation.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


def progress_url(blkk):
    return reverse("roadmap:blkk-progress", args=[blkk.pk])


def classify_url(blkk):
    return reverse("roadmap:classification-create", args=[blkk.pk])


class TestProgressSection:
    def test_htmx_gets_the_partial_and_a_plain_visit_gets_a_whole_page(self, client, plain_user, own_blkk, world):
        client.force_login(plain_user)
        partial = client.get(progress_url(own_blkk), **HTMX).content.decode()
        whole = client.get(progress_url(own_blkk)).content.decode()
        assert "<html" not in partial and 'id="roadmap-progress"' in partial
        assert "<html" in whole and 'id="roadmap-progress"' in whole

    def test_the_score_counts_approved_progress_only_weighted_by_pillar(self, client, mentor, own_blkk, world):
        client.force_login(mentor)
        section = client.get(progress_url(own_blkk), **HTMX).context["sections"][0]
        assert section["scores"]["overall"] == 0.0  # the 40 % report is still pending
        review_report(world.own_report, user=mentor, approve=True)
        section = client.get(progress_url(own_blkk), **HTMX).context["sections"][0]
        # Pillar 1 (weight 2) at 40, pillar 2 (weight 1) at 0: (2 × 40 + 1 × 0) / 3 = 26.7.
        assert section["scores"]["overall"] == 26.7
        assert [row["weighted"] for row in section["scores"]["pillars"]] == [80.0, 0.0]
        assert [overall for _period, overall in section["trajectory"]] == [26.7]

    def test_shows_the_score_beside_the_official_level_with_its_explanation(self, client, plain_user, own_blkk, world):
        own_blkk.level = Blkk.Level.TUMBUH
        own_blkk.save()
        client.force_login(plain_user)
        page = client.get(progress_url(own_blkk), **HTMX).content.decode()
        assert 'data-testid="roadmap-score"' in page
        assert "tumbuh" in page
        assert "How the score is computed" in page or "Cara skor dihitung" in page
        assert "0,0 ÷ 3" in page or "0.0 ÷ 3" in page

    def test_the_chart_sits_beside_a_table_and_only_when_chartjs_is_there(
        self, client, plain_user, own_blkk, world, monkeypatch
    ):
        client.force_login(plain_user)
        monkeypatch.setattr("roadmap.views.blkk.finders.find", lambda path: "/somewhere/chart.umd.min.js")
        page = client.get(progress_url(own_blkk), **HTMX).content.decode()
        assert "<canvas" in page and 'role="img"' in page and "js/roadmap-charts.js" in page
        assert 'id="roadmap-trajectory-' in page  # the numbers as JSON for the chart
        monkeypatch.setattr("roadmap.views.blkk.finders.find", lambda path: None)
        page = client.get(progress_url(own_blkk), **HTMX).content.decode()
        assert "<canvas" not in page
        assert world.period.label in page  # the table stays

    def test_links_to_implementation_pages_only_for_readers_of_the_reports(
        self, client, manager, plain_user, own_blkk, world
    ):
        client.force_login(manager)
        assert world.own_impl.get_absolute_url() in client.get(progress_url(own_blkk), **HTMX).content.decode()
        client.force_login(plain_user)
        page = client.get(progress_url(own_blkk), **HTMX).content.decode()
        assert world.own_impl.get_absolute_url() not in page
        assert world.permit.get_absolute_url() in page

    def test_a_blkk_in_no_programme_says_so(self, client, plain_user, world):
        loner = Blkk.objects.create(
            registry_number="BLKK-2022-73.71-0999",
            name="BLK-K PP Baru Sekali",
            host_name="PP Baru Sekali",
            host_type=world.own_impl.blkk.host_type,
            regency=world.own_impl.blkk.regency,
            year_established=2022,
        )
        client.force_login(plain_user)
        page = client.get(progress_url(loner), **HTMX).content.decode()
        assert "takes part in no roadmap programme yet" in page

    def test_an_unknown_blkk_answers_404(self, client, plain_user):
        client.force_login(plain_user)
        assert client.get("/blkk/999999/progress/").status_code == 404

    def test_pins_its_query_count_however_many_programmes(
        self, client, manager, own_blkk, world, django_assert_num_queries
    ):
        # session, user, savepoint, BLK-K, its roadmaps, its implementations; for the one
        # roadmap: trajectory (periods, implementations, approved reports) and scores
        # (pillars, per-pillar aggregate); the user's groups, sees reports, may classify
        # (known empty for a manager), its classification history, release savepoint.
        client.force_login(manager)
        with django_assert_num_queries(15):
            client.get(progress_url(own_blkk), **HTMX)
        for number in range(8):
            ensure_implementations(programme(world.pillars[1], f"P2.{number + 10}", f"Program {number}"))
        with django_assert_num_queries(15):
            response = client.get(progress_url(own_blkk), **HTMX)
        assert len(response.context["sections"][0]["implementations"]) == 10


class TestClassification:
    def form(self, **changes):
        data = {
            "level": "berkembang",
            "assessed_on": days(-3).isoformat(),
            "evidence": "Kunjungan lapangan.",
            "note": "Mitra industri bertambah.",
        }
        return {**data, **changes}

    def test_ministry_records_a_level_that_shows_everywhere(self, client, ministry, own_blkk, world):
        client.force_login(ministry)
        response = client.post(classify_url(own_blkk), self.form(note="Mitra industri: 2."), follow=True)
        assert response.redirect_chain[-1][0] == own_blkk.get_absolute_url()
        own_blkk.refresh_from_db()
        assert own_blkk.level == Blkk.Level.BERKEMBANG
        assert Classification.objects.get(blkk=own_blkk).assessor == ministry

    def test_the_history_lists_earlier_assessments(self, client, mentor, own_blkk, world):
        client.force_login(mentor)
        client.post(classify_url(own_blkk), self.form(level="tumbuh", assessed_on=days(-300).isoformat()))
        client.post(classify_url(own_blkk), self.form())
        history = client.get(classify_url(own_blkk)).context["history"]
        assert [item.level for item in history] == ["berkembang", "tumbuh"]

    @pytest.mark.parametrize(
        "changes,field",
        [
            ({"level": "x"}, "level"),
            ({"level": "unclassified"}, "level"),
            ({"assessed_on": "besok"}, "assessed_on"),
            ({"assessed_on": days(1).isoformat()}, "assessed_on"),
            ({"evidence": ""}, "evidence"),
            ({"note": ""}, "note"),
        ],
    )
    def test_garbage_input_gives_errors_beside_the_fields(self, client, ministry, own_blkk, world, changes, field):
        client.force_login(ministry)
        response = client.post(classify_url(own_blkk), self.form(**changes))
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert not Classification.objects.exists()


def test_an_approved_report_of_done_raises_the_score_over_the_periods(client, manager, mentor, own_blkk, world):
    review_report(world.own_report, user=mentor, approve=True)
    done = report(world.own_impl, manager, period=world.period, status=Status.DONE, progress=100)
    review_report(done, user=mentor, approve=True)
    client.force_login(manager)
    section = client.get(progress_url(own_blkk), **HTMX).context["sections"][0]
    assert section["scores"]["overall"] == 66.7
