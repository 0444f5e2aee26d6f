"""The API's conventions: one error body, pages with counts, ETags, throttling, ISO dates, open data, docs."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.settings import api_settings

from api.services import issue_token
from tests.api.conftest import token_client
from tests.security.test_no_inline import inline_problems

pytestmark = pytest.mark.django_db


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_every_kind_of_error_has_the_same_body(world):
    anonymous, manager, plain = world.api["anonymous"], world.api["manager"], world.api["plain"]
    assert_error(anonymous.get(reverse("api:blkk-list")), 401, "not_authenticated")
    assert_error(manager.get(reverse("api:report-detail", args=[world.far_report.pk])), 404, "not_found")
    assert_error(plain.get(reverse("api:dashboard-national")), 403, "permission_denied")
    assert_error(manager.get("/api/v1/no-such-thing/"), 404, "not_found")
    assert_error(manager.delete(reverse("api:blkk-detail", args=[world.own_blkk.pk])), 405, "method_not_allowed")
    details = assert_error(manager.get(reverse("api:blkk-list"), {"level": "sakti"}), 400, "invalid")["details"]
    assert "level" in details


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("api:blkk-list", {"province": "99"}),
        ("api:blkk-list", {"sort": "shoe-size"}),
        ("api:blkk-list", {"centre": "x"}),
        ("api:meeting-list", {"forum": "1e9"}),
        ("api:report-list", {"period": "-1"}),
        ("api:report-list", {"review": "maybe"}),
        ("api:regency-list", {"province": "7\x003"}),
        ("api:dashboard-national", {"period": "abc"}),
        ("api:implementation-list", {"programme": "99999999999999999999999"}),
        ("api:implementation-list", {"blkk": "0000000000000000000199999999999999999999"}),
    ],
)
def test_malformed_filters_answer_400_with_the_field_named(world, name, query):
    response = world.api["ministry"].get(reverse(name), query)
    error = assert_error(response, 400, "invalid")
    assert set(query) & set(error["details"])


def test_forged_ids_in_paths_answer_404_never_500(world):
    client = world.api["ministry"]
    for path in ["/api/v1/blkks/99999999999999999999/", "/api/v1/blkks/abc/", "/api/v1/decrees/%00/"]:
        assert_error(client.get(path), 404, "not_found")


def test_a_page_says_how_many_rows_and_pages_there_are(world):
    body = world.api["anonymous"].get(reverse("api:regency-list"), {"page_size": 10}).json()
    assert body["count"] == 514 and body["pages"] == 52 and body["page"] == 1
    assert len(body["results"]) == 10 and "page=2" in body["next"] and body["previous"] is None
    assert_error(world.api["anonymous"].get(reverse("api:regency-list"), {"page": 999}), 404, "not_found")


def test_dates_are_iso_8601(world):
    meeting = world.api["manager"].get(reverse("api:meeting-detail", args=[world.meeting.pk])).json()
    assert meeting["starts_on"] == world.meeting.starts_on.isoformat()
    report = world.api["manager"].get(reverse("api:report-detail", args=[world.own_report.pk])).json()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d", report["submitted_at"])


def test_a_list_answers_304_to_its_own_etag_until_it_changes(world):
    client = world.api["mentor"]
    url = reverse("api:report-list")
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('"') and "Accept-Language" in first["Vary"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    world.api["mentor"].post(reverse("api:report-review", args=[world.own_report.pk]), {"decision": "approve"})
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_compressed_list_answers_304_to_the_weak_etag_it_was_sent(world):
    client = world.api["mentor"]
    url = reverse("api:report-list")
    first = client.get(url, headers={"accept-encoding": "gzip"})
    assert first["Content-Encoding"] == "gzip"
    etag = first["ETag"]
    assert etag.startswith('W/"')
    again = client.get(url, headers={"accept-encoding": "gzip", "if-none-match": etag})
    assert again.status_code == 304 and again.content == b""


def test_each_person_has_one_budget_whatever_their_tokens(world, settings):
    rates = api_settings.DEFAULT_THROTTLE_RATES
    original = dict(rates)
    rates["api"] = "3/minute"
    cache.clear()
    try:
        manager, mentor = world.api["manager"], world.api["mentor"]
        url = reverse("api:province-list")
        assert [manager.get(url).status_code for _ in range(3)] == [200, 200, 200]
        refused = manager.get(url)
        error = assert_error(refused, 429, "throttled")
        assert int(refused["Retry-After"]) > 0 and error["details"]["retry_after_seconds"] > 0
        # A second token of the same person draws on the same budget; another person has their own.
        _token, text = issue_token(world.users["manager"], "second token")
        assert token_client(text).get(url).status_code == 429
        assert mentor.get(url).status_code == 200
    finally:
        rates.clear()
        rates.update(original)


def test_the_root_lists_the_open_datasets_with_source_licence_and_update_time(world):
    body = world.api["anonymous"].get(reverse("api:root")).json()
    assert set(body["open_data"]) == {"provinces", "regencies", "training_centres", "forums", "decrees",
                                      "national_counts"}  # fmt: skip
    for dataset in body["open_data"].values():
        assert dataset["source"] and dataset["licence"] and dataset["updated"]
        assert world.api["anonymous"].get(dataset["url"]).status_code == 200
    assert "MIT" in body["open_data"]["provinces"]["licence"]
    assert body["schema"].endswith("/api/v1/schema/")


def test_the_open_data_never_includes_a_draft_decree(world):
    numbers = [row["number"] for row in world.api["anonymous"].get(reverse("api:decree-list")).json()["results"]]
    assert world.mentor_decree.number in numbers and world.draft_decree.number not in numbers
    admin = [row["number"] for row in world.api["admin"].get(reverse("api:decree-list")).json()["results"]]
    assert world.draft_decree.number in admin


def test_a_decree_is_found_by_its_number_with_its_verification_data(world):
    decree = world.mentor_decree
    body = world.api["anonymous"].get(reverse("api:decree-list"), {"number": decree.number.lower()}).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["signed_sha256"] == decree.signed_sha256 and row["public_status"] == "in_force"
    assert row["verify_url"].endswith(decree.get_absolute_url())


def test_the_docs_and_token_pages_carry_no_inline_code(world):
    client = world.clients["manager"]
    created = client.post(reverse("api-tokens:list"), {"name": "uji"})
    for response in (world.api["anonymous"].get(reverse("api:docs")), created, client.get(reverse("api-tokens:list"))):
        assert response.status_code == 200
        assert inline_problems(response) == []


def test_the_docs_page_loads_swagger_ui_from_the_portals_own_static_files_with_no_inline_script(world):
    response = world.api["anonymous"].get(reverse("api:docs"))
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert "<style" not in html and "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]
