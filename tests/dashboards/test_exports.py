"""Exports hold the rows the page shows, with its filters and its reader's scope."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.exports import Column, export_response


def csv_rows(response):
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def page_rows(client, url, attribute):
    response = client.get(url)
    return [attribute(item) for item in response.context["page_obj"].object_list]


@pytest.mark.django_db
def test_the_blkk_list_exports_the_rows_on_screen_in_csv_and_xlsx(client, world, ministry):
    client.force_login(ministry)
    query = "?province=73&level=unclassified"

    on_screen = page_rows(client, reverse("dashboards:blkks") + query, lambda blkk: blkk.registry_number)
    as_csv = csv_rows(client.get(reverse("dashboards:blkks-export", args=["csv"]) + query))
    as_xlsx = xlsx_rows(client.get(reverse("dashboards:blkks-export", args=["xlsx"]) + query))

    assert len(on_screen) == len(world.blkks) - 1
    assert [row[0] for row in as_csv[1:]] == on_screen
    assert [row[0] for row in as_xlsx[1:]] == on_screen
    assert as_csv[0] == as_xlsx[0] and as_csv[0][0] == "Registry number"


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["running", "missing", "late", "stalled", "pending"])
def test_the_implementation_list_exports_the_rows_of_each_state(client, world, ministry, state):
    client.force_login(ministry)
    query = f"?state={state}&period={world.current.pk}"

    on_screen = page_rows(
        client, reverse("dashboards:implementations") + query, lambda i: [i.blkk.registry_number, i.programme.code]
    )
    exported = csv_rows(client.get(reverse("dashboards:implementations-export", args=["csv"]) + query))

    assert [row[:1] + row[3:4] for row in exported[1:]] == on_screen


@pytest.mark.django_db
def test_a_mentors_export_holds_only_their_scope(client, world, mentor):
    client.force_login(mentor)

    exported = csv_rows(client.get(reverse("dashboards:implementations-export", args=["csv"])))

    provinces = {row[2] for row in exported[1:]}
    assert provinces == {"Sulawesi Selatan"}


@pytest.mark.django_db
def test_the_directory_export_follows_the_directory_filters(client, world, ministry):
    client.force_login(ministry)
    query = "?province=32"

    on_screen = page_rows(client, reverse("registry:blkk-list") + query, lambda row: row["registry_number"])
    exported = csv_rows(client.get(reverse("dashboards:directory-export", args=["csv"]) + query))

    assert [row[0] for row in exported[1:]] == on_screen == [world.far_blkk.registry_number]


@pytest.mark.django_db
def test_the_programme_export_lists_its_participants_with_the_page_filters(client, world, ministry):
    client.force_login(ministry)
    url = reverse("dashboards:programme-export", args=[world.permit.pk, "xlsx"]) + "?province=73"

    rows = xlsx_rows(client.get(url))

    assert len(rows) - 1 == len(world.blkks) - 1
    assert {row[2] for row in rows[1:]} == {"Sulawesi Selatan"}


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["province", "host_type", "field", "trend"])
def test_every_dashboard_table_exports(client, world, ministry, table):
    client.force_login(ministry)

    rows = csv_rows(client.get(reverse("dashboards:table-export", args=[table, "csv"])))

    assert len(rows) > 1


@pytest.mark.django_db
def test_an_unknown_format_or_table_answers_404(client, world, ministry):
    client.force_login(ministry)

    assert client.get(reverse("dashboards:blkks-export", args=["pdf"])).status_code == 404
    assert client.get(reverse("dashboards:table-export", args=["nothing", "csv"])).status_code == 404


def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised():
    response = export_response(iter([("=HYPERLINK(1)", 3)]), [Column("a"), Column("b")], "x", "csv")

    assert csv_rows(response)[1] == ["'=HYPERLINK(1)", "3"]
