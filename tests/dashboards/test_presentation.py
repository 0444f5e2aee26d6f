"""How the dashboards present their numbers: one colour per level, honest headlines, charts with one measure."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from dashboards import charts
from dashboards.templatetags.dashboard_format import keep_words
from registry.models import Blkk
from registry.templatetags.registry_format import LEVEL_CLASSES, level_badge
from roadmap.templatetags.roadmap_tags import badge

NATIONAL = reverse("dashboards:national")
CSS = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text(encoding="utf-8")


def chart(response, name):
    return response.context["charts"][name]["data"]


@pytest.mark.parametrize("level", list(Blkk.Level))
def test_a_levels_badge_and_its_bars_take_their_colour_from_one_custom_property(level):
    css_class = LEVEL_CLASSES[level]

    assert css_class in level_badge(level.value)
    assert css_class in badge("level", level.value)  # the roadmap pages' badge too
    assert charts.level_colour(level) == f"--{css_class}"
    assert re.search(rf"--{css_class}:\s*#[0-9a-f]{{6}};", CSS)
    assert re.search(rf"\.{css_class} {{ background-color: var\(--{css_class}\);", CSS)


@pytest.mark.django_db
def test_the_levels_chart_names_the_badges_colours(client, world, ministry):
    client.force_login(ministry)

    levels = chart(client.get(NATIONAL), "levels")

    assert levels["datasets"][0]["colourVars"] == [charts.level_colour(level) for level in Blkk.Level]


@pytest.mark.django_db
def test_before_the_due_date_the_headline_says_nothing_is_due_yet(client, world, ministry):
    client.force_login(ministry)

    response = client.get(NATIONAL)  # the current period is due in 90 days

    content = response.content.decode()
    assert response.context["past_due"] is False
    assert "Nothing due yet" in content
    assert "of the reports on time" not in content
    assert "not reported yet" in chart(response, "reporting")["labels"]


@pytest.mark.django_db
def test_after_the_due_date_the_headline_counts_late_reports(client, world, ministry):
    client.force_login(ministry)

    response = client.get(f"{NATIONAL}?period={world.second.pk}")  # due yesterday

    content = unescape(response.content.decode())
    assert response.context["past_due"] is True
    assert "Nothing due yet" not in content
    assert "of the reports on time" in content
    assert f'state=late">{response.context["reporting"]["late"]}</a>' in content


@pytest.mark.django_db
def test_percentages_and_scores_are_drawn_on_separate_charts(client, world, ministry):
    client.force_login(ministry)

    response = client.get(NATIONAL)

    trend, score = chart(response, "trend"), chart(response, "score")
    assert trend["percent"] is True
    assert [len(dataset["data"]) for dataset in trend["datasets"]] == [3, 3]
    assert "percent" not in score
    assert [dataset["data"] for dataset in score["datasets"]] == [
        [None if row["score"] is None else round(row["score"], 1) for row in response.context["trend"]]
    ]


@pytest.mark.django_db
def test_the_place_chart_has_a_labelled_bar_per_place_highest_first(client, world, ministry):
    client.force_login(ministry)

    response = client.get(NATIONAL)

    places = chart(response, "province")
    values = places["datasets"][0]["data"]
    rows = [row for row in response.context["tables"]["province"] if row.get("completeness") is not None]
    assert places["horizontal"] is True
    assert values == sorted(values, reverse=True)
    assert sorted(places["labels"]) == sorted(str(row["label"]) for row in rows)


def test_a_header_wraps_at_spaces_only():
    assert keep_words("BLK-Ks per <b>") == "BLK-Ks per &lt;b&gt;".replace(
        "BLK-Ks", '<span class="nowrap-word">BLK-Ks</span>'
    )


@pytest.mark.django_db
def test_indonesian_pages_write_numbers_the_indonesian_way(client, world, ministry):
    client.force_login(ministry)

    with translation.override("id"):
        response = client.get(NATIONAL, headers={"accept-language": "id"})

    content = response.content.decode()
    assert '<html lang="id">' in content
    shares = [row["completeness"] for row in response.context["tables"]["province"] if row.get("completeness")]
    assert any(share != int(share) for share in shares)
    for share in shares:
        assert f">{share:.1f}</td>".replace(".", ",") in content
