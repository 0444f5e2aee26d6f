"""The national dashboard's map of provinces: 38 shapes with Kemendagri codes, and the table's numbers."""

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.urls import ResolverMatch, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control

from blkk_portal.middleware import PrivatePagesMiddleware
from dashboards import geo, maps
from dashboards.templatetags.dashboard_format import one_decimal
from registry.models import Province
from registry.templatetags.registry_format import per_100k

GEOJSON = Path(settings.BASE_DIR) / "static" / geo.GEOJSON
SHAPE = re.compile(
    r'<use href="([^"#]+)#province-(\d\d)" data-code="(\d\d)"[^>]*?((?: data-[a-z_0-9]+-(?:class|text)="[^"]*")+)'
)


@pytest.mark.django_db
def test_every_province_of_the_registry_has_one_shape_with_its_code():
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    codes = [feature["properties"]["code"] for feature in features]

    assert sorted(codes) == sorted(Province.objects.values_list("code", flat=True))
    assert len(codes) == 38
    for feature in features:
        assert feature["geometry"]["type"] == "MultiPolygon"
        assert feature["geometry"]["coordinates"], feature["properties"]["name"]
        assert feature["properties"]["name"] == Province.objects.get(code=feature["properties"]["code"]).name


def test_the_papua_provinces_of_2022_have_shapes_of_their_own():
    shapes = geo.shapes()

    papua = [shapes[code][0] for code in ("91", "92", "93", "94", "95", "96")]
    assert len(set(papua)) == 6
    assert all(shapes[code][1] for code in ("65", "93", "94", "95", "96"))  # marked as approximate


def test_the_boundary_file_stays_small():
    assert GEOJSON.stat().st_size < 300_000


def test_the_shapes_document_holds_each_province_once_where_the_map_draws_it(client):
    response = client.get(reverse("dashboards:province-shapes"), {"v": geo.sprite_version()})

    assert response.status_code == 200  # anonymous: the shapes are public geography
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "immutable" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]
    document = response.content.decode()
    assert f'viewBox="{geo.VIEWBOX}"' in document
    drawn = re.findall(r'<path id="province-(\d\d)" d="([^"]+)"', document)
    assert len(drawn) == 38
    assert dict(drawn) == {code: path for code, (path, _approximate) in geo.shapes().items()}


@pytest.mark.django_db
def test_the_shapes_document_stays_public_for_a_signed_in_person_and_reads_no_table(
    client, ministry, django_assert_num_queries
):
    client.force_login(ministry)

    with django_assert_num_queries(0):
        response = client.get(reverse("dashboards:province-shapes"), {"v": geo.sprite_version()})

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "immutable"} <= directives and not {"private", "no-store"} & directives
    assert "Set-Cookie" not in response and "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
def test_a_page_that_says_public_is_still_private_for_a_signed_in_person(rf, ministry):
    # Only a view marked same_for_everyone keeps its caching: a header alone does not do it.
    def page(request):
        response = HttpResponse("Halo, kemnaker")
        patch_cache_control(response, public=True, max_age=600)
        return response

    request = rf.get("/somewhere/")
    request.user = ministry
    request.resolver_match = ResolverMatch(page, (), {})

    response = PrivatePagesMiddleware(page)(request)

    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_the_shapes_document_under_an_old_version_is_kept_for_minutes_only(client):
    response = client.get(reverse("dashboards:province-shapes"), {"v": "older"})

    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_map_draws_each_province_from_the_current_shapes_document(client, world, ministry):
    client.force_login(ministry)

    content = client.get(reverse("dashboards:national")).content.decode()

    shapes = SHAPE.findall(content)
    current = f"{reverse('dashboards:province-shapes')}?v={geo.sprite_version()}"
    assert sorted(code for _url, code, _code, _attributes in shapes) == sorted(geo.shapes())
    assert all(url == current and shape == code for url, shape, code, _attributes in shapes)
    assert "<path" not in content[content.index("<svg") : content.index("</svg>")]


def test_classes_hold_about_as_many_provinces_each():
    values = [float(n) for n in range(1, 39)]

    breaks = maps.breaks_for(values, 1)

    counts = [sum(maps.class_of(v, breaks) == i for v in values) for i in range(len(breaks) + 1)]
    assert len(breaks) == maps.CLASSES - 1
    assert max(counts) - min(counts) <= 1
    assert maps.class_of(None, breaks) is None


def map_values(content):
    """{province code: {measure: shown text}} from the map's shapes."""
    values = {}
    for _shapes, _shape, code, attributes in SHAPE.findall(content):
        texts = dict(re.findall(r'data-([a-z_0-9]+)-text="([^"]*)"', attributes))
        values[code] = {key: unescape(text) for key, text in texts.items()}
    return values


def table_values(content):
    """{province code: {measure: shown text}} from the province table."""
    table = content[content.index('id="by-province-heading"') :]
    values = {}
    for code, row in re.findall(r'<tr data-code="(\d\d)">(.*?)</tr>', table, re.S):
        values[code] = dict(re.findall(r'data-measure="([a-z_0-9]+)">([^<]*)</td>', row))
    return values


@pytest.mark.django_db
def test_the_map_shows_the_numbers_of_the_province_table(client, world, ministry):
    client.force_login(ministry)

    content = client.get(reverse("dashboards:national")).content.decode()

    on_map, in_table = map_values(content), table_values(content)
    assert len(on_map) == 38
    assert set(in_table) == {"32", "73"}
    for code, measures in in_table.items():
        assert set(measures) == {"per_100k", "completeness", "mandiri_share"}
        for key, text in measures.items():
            assert on_map[code][key].removesuffix("%") == text.replace("—", "no data"), (code, key)
    assert all(on_map[code]["per_100k"] == "no data" for code in set(on_map) - set(in_table))


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_map_rounds_as_the_table_does(language):
    # Values whose first decimal differs when cut off instead of rounded (1.96: 1.9 or 2.0).
    row = {"key": "73", "label": "Sulawesi Selatan", "per_100k": 1.96, "completeness": 37.55, "mandiri_share": 2 / 3}
    with translation.override(language):
        drawn = maps.province_map([row], {"73": "Sulawesi Selatan"})
        shown = {measure["key"]: measure["text"] for measure in drawn["provinces"][codes(drawn).index("73")]["values"]}
        assert shown == {
            "per_100k": per_100k(1.96),
            "completeness": one_decimal(37.55) + "%",
            "mandiri_share": one_decimal(2 / 3) + "%",
        }
    assert shown["per_100k"] in ("2,0", "2.0")


def codes(drawn):
    return [province["code"] for province in drawn["provinces"]]
