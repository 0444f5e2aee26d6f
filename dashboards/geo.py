"""The provinces' shapes for the national dashboard's map, drawn as server-side SVG paths.

The shapes are the static file static/geo/indonesia-provinces.geojson (built by
scripts/build_province_map.py; source and licence in dashboards/data/README.md). They are
projected once per process with a plain equirectangular projection, which is close to
true shape this near the equator, so the page needs no map library.

The shapes reach the browser as one SVG document of their own (`sprite`, served by
`views.province_shapes`), which the dashboard's map draws with `<use>` and the browser
keeps: the page itself carries no path data, only each province's class and values.
"""

import functools
import hashlib
import json

from django.contrib.staticfiles import finders

GEOJSON = "geo/indonesia-provinces.geojson"
WEST, EAST, NORTH, SOUTH = 94.8, 141.2, 6.2, -11.2
WIDTH = 1000
SCALE = WIDTH / (EAST - WEST)
HEIGHT = round((NORTH - SOUTH) * SCALE)


def load():
    """The GeoJSON FeatureCollection of the 38 provinces."""
    path = finders.find(GEOJSON)
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def _point(lon, lat):
    return f"{(lon - WEST) * SCALE:.1f} {(NORTH - lat) * SCALE:.1f}"


def _path(multipolygon):
    rings = (ring for polygon in multipolygon for ring in polygon)
    # Only digits, points, spaces, M and Z: nothing in it needs escaping in the SVG document.
    return " ".join("M" + " ".join(_point(lon, lat) for lon, lat in ring[:-1]) + "Z" for ring in rings)


@functools.cache
def shapes():
    """{province code: (SVG path data, whether its boundary is approximate)}."""
    return {
        feature["properties"]["code"]: (_path(feature["geometry"]["coordinates"]), feature["properties"]["approximate"])
        for feature in load()["features"]
    }


VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"


@functools.cache
def sprite():
    """The 38 shapes as one SVG document: a path per province with the id `province-<code>`.

    The paths are drawn in the dashboard map's own coordinates (`VIEWBOX`), so a `<use>`
    of one lands where the province lies. Their stroke keeps its width however the map is
    scaled: `vector-effect` is not inherited from the `<use>` that draws them.
    """
    paths = "".join(
        f'<path id="province-{code}" d="{path}" vector-effect="non-scaling-stroke"/>'
        for code, (path, _approximate) in sorted(shapes().items())
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{VIEWBOX}">{paths}</svg>'.encode()


@functools.cache
def sprite_version():
    """A digest of `sprite()`: in the document's address, so a browser may keep it until the shapes change."""
    return hashlib.sha256(sprite()).hexdigest()[:12]
