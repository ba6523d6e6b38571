"""Province shapes for the choropleth, from the shipped TopoJSON (see data/SOURCE.md).

The TopoJSON is decoded once per process into SVG path strings in a fixed equirectangular
projection (Indonesia straddles the equator, so no distortion worth a real projection). Points
closer than a fraction of a pixel are dropped, keeping the page small.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
WIDTH = 960.0
MIN_STEP = 1.6  # px: closer points are dropped


@dataclass(frozen=True, slots=True)
class Shape:
    name: str  # as in Natural Earth
    codes: tuple[str, ...]  # Kemendagri province codes it covers ("" = unassigned)
    path: str  # SVG path data in map pixels
    bbox: tuple[float, float, float, float]  # x0, y0, x1, y1 in map pixels


@dataclass(frozen=True, slots=True)
class ProvinceMap:
    width: float
    height: float
    shapes: tuple[Shape, ...]

    def shapes_for(self, code: str) -> list[Shape]:
        return [s for s in self.shapes if code in s.codes]


def _decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


@lru_cache(maxsize=1)
def province_map() -> ProvinceMap:
    topo = json.loads((DATA / "idn-provinsi.topo.json").read_text(encoding="utf-8"))
    with (DATA / "provinsi-natural-earth.csv").open(encoding="utf-8") as handle:
        codes = {
            r["natural_earth_name"]: tuple(r["kemendagri_codes"].split())
            for r in csv.DictReader(handle)
        }
    arcs = _decode_arcs(topo)
    all_points = [p for arc in arcs for p in arc]
    lon_min = min(p[0] for p in all_points)
    lon_max = max(p[0] for p in all_points)
    lat_min = min(p[1] for p in all_points)
    lat_max = max(p[1] for p in all_points)
    scale = WIDTH / (lon_max - lon_min)
    height = (lat_max - lat_min) * scale

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - lon_min) * scale, (lat_max - lat) * scale

    shapes = []
    for geometry in topo["objects"]["idn"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        parts, xs, ys = [], [], []
        for polygon in polygons:
            for ring_indexes in polygon:
                ring = [project(*p) for p in _ring(arcs, ring_indexes)]
                kept = [ring[0]]
                for point in ring[1:]:
                    if abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= MIN_STEP:
                        kept.append(point)
                if len(kept) < 3:
                    continue
                xs += [p[0] for p in kept]
                ys += [p[1] for p in kept]
                parts.append("M" + "L".join(f"{x:.0f},{y:.0f}" for x, y in kept) + "Z")
        name = (geometry.get("properties") or {}).get("name") or ""
        if not parts:
            continue
        shapes.append(
            Shape(
                name=name,
                codes=codes.get(name, ()),
                path="".join(parts),
                bbox=(min(xs), min(ys), max(xs), max(ys)),
            )
        )
    return ProvinceMap(WIDTH, height, tuple(shapes))
