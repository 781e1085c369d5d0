#!/usr/bin/env python3
"""Derives data/geo/districts.geojson from the shared Jinzhou district outlines.

Usage (from the repository root):
    python3 data/geo/simplify.py ../shared/geo/jinzhou-districts.geojson > data/geo/districts.geojson

Each ring is simplified on its own with Douglas-Peucker at TOLERANCE degrees
(about 200 m), its first and last point kept so it stays closed; a polygon
whose outer ring falls below four points (a sliver island) is dropped.
Coordinates are rounded to five decimals (about 1 m). Point counts before and
after go to stderr for data/geo/SOURCES.md. Standard library only.
"""
import json
import sys

TOLERANCE = 0.002
DECIMALS = 5


def perpendicular(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5


def douglas_peucker(points, tol):
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        lo, hi = stack.pop()
        best, index = 0.0, None
        for i in range(lo + 1, hi):
            d = perpendicular(points[i], points[lo], points[hi])
            if d > best:
                best, index = d, i
        if index is not None and best > tol:
            keep[index] = True
            stack.append((lo, index))
            stack.append((index, hi))
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring):
    # A closed ring's first and last points are the same, so split it at the
    # point farthest from the start: DP needs two distinct ends.
    start = ring[0]
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - start[0]) ** 2 + (ring[i][1] - start[1]) ** 2)
    a = douglas_peucker(ring[: far + 1], TOLERANCE)
    b = douglas_peucker(ring[far:], TOLERANCE)
    out = a + b[1:]
    out = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in out]
    out[-1] = out[0]
    return out


def main():
    src = json.load(open(sys.argv[1], encoding="utf-8"))
    features = []
    for f in src["features"]:
        props = f["properties"]
        before = after = 0
        polygons = []
        for polygon in f["geometry"]["coordinates"]:
            rings = []
            for i, ring in enumerate(polygon):
                before += len(ring)
                s = simplify_ring(ring)
                if len(s) < 4:
                    if i == 0:
                        break
                    continue
                rings.append(s)
            if rings:
                polygons.append(rings)
                after += sum(len(r) for r in rings)
        print(f"{props['adcode']} {props['name']}: {before} -> {after} points, "
              f"{len(f['geometry']['coordinates'])} -> {len(polygons)} polygons", file=sys.stderr)
        features.append({
            "type": "Feature",
            "properties": {"code": str(props["adcode"]), "name": props["name"]},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons},
        })
    out = {
        "type": "FeatureCollection",
        "source": "anzhou99/GeoJsons@687918813215b2a959d9dc5d7279605a9aacd3c7 210700_full.json (DataV GeoAtlas format, GCJ-02)",
        "simplification": f"Douglas-Peucker per ring, tolerance {TOLERANCE} degrees, {DECIMALS} decimals; see data/geo/SOURCES.md",
        "features": features,
    }
    # One feature per line keeps diffs of a regenerated file readable.
    head = {k: v for k, v in out.items() if k != "features"}
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    sys.stdout.write(text + ',"features":[\n' + ",\n".join(lines) + "\n]}\n")


main()
