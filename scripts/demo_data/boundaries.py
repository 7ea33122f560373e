"""The demo's community boundaries: OCHA's official admin-3 units (COD-AB), made one clean coverage.

Source: OCHA COD-AB for Ukraine, release of 2024-04-16 (CC BY-IGO), as republished by REACH
Ukraine with the columns OCHA ships (``ADM3_PCODE``, ``ADM3_UA``, ``ADM2_*``, ``ADM1_*``, ...);
population: the Kyiv School of Economics' 2022 table per hromada (MIT), by KATOTTH code, whose
first nine characters are the P-code. Only remaking the boundaries needs those two files
(``make demo-data COD_AB=... POPULATION=...``); otherwise the committed ``data/communities.geojson``
is read back, so ``make demo-data`` and the tests never need them.

The file was simplified unit by unit, so neighbours overlap in thin slivers and leave gaps, and
two units have no shape. ``clean_coverage`` cuts every border into faces on a 0.001° grid and
gives each face to one unit: a face inside one unit to it; inside several (an overlap) to the
smallest, so that an overlap never takes a small town from its own unit; inside none (a gap)
to the unit it shares most border with, unless it is a hole in a unit of the raion of a unit
without a shape, the only such hole there, in which case it is that unit (Myrnivska, UA0108039:
the hole in Shtormivska). A unit without a shape and without such a hole stays out, and the
script says so. ``coverage_simplify`` then simplifies all borders together, so neighbours keep
one border: about 45,000 vertices for the country, as in REACH's public hromada layer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping, shape

GRID = 0.001  # degrees (~100 m): every vertex lies on this grid, so neighbours share them exactly
TOLERANCE = 0.01  # coverage_simplify's tolerance (degrees): ~46,000 vertices for the 1,769 units
SOURCE = "OCHA COD-AB, 2024-04-16 (CC BY-IGO), via REACH Ukraine; population: KSE 2022 (MIT)"
COLUMNS = {  # ours: COD-AB's
    "pcode": "ADM3_PCODE",
    "name_uk": "ADM3_UA",
    "name_en": "ADM3_EN",
    "raion_pcode": "ADM2_PCODE",
    "raion_uk": "ADM2_UA",
    "raion": "ADM2_EN",
    "oblast_pcode": "ADM1_PCODE",
    "oblast_uk": "ADM1_UA",
    "oblast": "ADM1_EN",
}


@dataclass(frozen=True)
class Coverage:
    """The units' attributes (our column names) and one polygon each; ``left_out``: units without a shape."""

    units: pd.DataFrame
    shapes: list[object]
    left_out: tuple[str, ...]


def polygons_of(geom: object) -> list[object]:
    """The polygons in any geometry (overlays leave stray lines and points in collections)."""
    found = []
    for part in shapely.get_parts(geom):
        if isinstance(part, shapely.Polygon):
            if not part.is_empty:
                found.append(part)
        elif isinstance(part, (shapely.MultiPolygon, shapely.GeometryCollection)):
            found.extend(polygons_of(part))
    return found


def polygonal(geom: object) -> object:
    """Only the polygonal part of ``geom``, as a Polygon or MultiPolygon."""
    parts = polygons_of(geom)
    if len(parts) == 1:
        return parts[0]
    return shapely.MultiPolygon(parts) if parts else shapely.Polygon()


def _holes_by_raion(shapes: np.ndarray, raions: np.ndarray) -> dict[str, list[object]]:
    holes: dict[str, list[object]] = {}
    for geom, raion in zip(shapes, raions, strict=True):
        for polygon in polygons_of(geom):
            holes.setdefault(raion, []).extend(shapely.Polygon(ring) for ring in polygon.interiors)
    return holes


def clean_coverage(shapes: Iterable[object], raions: Iterable[str], grid: float = GRID) -> list[object]:
    """One polygon per unit, tiling what the units cover with no overlap and no gap (see the module)."""
    geoms = np.array([shapely.make_valid(g) if g is not None else shapely.Polygon() for g in shapes], dtype=object)
    raions = np.asarray(list(raions), dtype=object)
    geoms = np.array([polygonal(g) for g in geoms], dtype=object)
    empty = shapely.is_empty(geoms)
    lines = shapely.union_all(shapely.boundary(geoms[~empty]), grid_size=grid)
    faces = np.array(polygons_of(shapely.polygonize(shapely.get_parts(lines))), dtype=object)
    inside = shapely.point_on_surface(faces)
    areas = shapely.area(geoms)
    owner = np.full(len(faces), -1)
    face_idx, unit_idx = shapely.STRtree(geoms).query(inside, predicate="within")
    for f, u in zip(face_idx, unit_idx, strict=True):
        if owner[f] < 0 or areas[u] < areas[owner[f]]:
            owner[f] = u

    # A unit without a shape takes the one hole in its raion that no unit covers.
    holes = _holes_by_raion(geoms[~empty], raions[~empty])
    for u in np.flatnonzero(empty):
        uncovered = [
            f
            for hole in holes.get(raions[u], [])
            for f in np.flatnonzero(owner < 0)
            if hole.contains(inside[f]) and shapely.area(faces[f]) > 0.5 * hole.area
        ]
        if len(uncovered) == 1:
            owner[uncovered[0]] = u

    face_tree = shapely.STRtree(faces)
    for _round in range(20):  # a gap next to gaps only is reached in a later round
        left = np.flatnonzero(owner < 0)
        if not len(left):
            break
        for f in left:
            shared: dict[int, float] = {}
            for n in face_tree.query(faces[f], predicate="touches"):
                if owner[n] >= 0:
                    length = shapely.length(shapely.intersection(faces[f].boundary, faces[n].boundary))
                    shared[int(owner[n])] = shared.get(int(owner[n]), 0.0) + length
            if shared:
                owner[f] = max(sorted(shared), key=shared.get)

    groups: list[list[object]] = [[] for _ in geoms]
    for f, u in enumerate(owner):
        if u >= 0:
            groups[u].append(faces[f])
    return [polygonal(shapely.coverage_union_all(np.array(g, dtype=object))) if g else shapely.Polygon() for g in groups]


def simplified(coverage: list[object], tolerance: float = TOLERANCE) -> list[object]:
    """All borders simplified together, so that neighbours keep one border (no gap, no overlap)."""
    drawn = np.array(coverage, dtype=object)
    keep = ~shapely.is_empty(drawn)
    out = drawn.copy()
    out[keep] = shapely.coverage_simplify(drawn[keep], tolerance)
    return [shapely.orient_polygons(polygonal(g)) for g in out]


def population_by_pcode(table: pd.DataFrame) -> dict[str, int]:
    """KSE's ``total_population_2022`` by the P-code its KATOTTH ``hromada_code`` begins with."""
    codes = table["hromada_code"].astype("string").str.strip().str[:9]
    people = pd.to_numeric(table["total_population_2022"], errors="coerce")
    known = codes.str.fullmatch(r"UA\d{7}").fillna(False) & people.notna()
    return {c: int(p) for c, p in zip(codes[known], people[known], strict=True)}


def from_cod_ab(hromadas: Path, population: Path, fallback: Mapping[str, int] | None = None) -> Coverage:
    """The COD-AB units, cleaned and simplified, with their raion and oblast, and their 2022 population.

    ``fallback``: a population by P-code for units KSE's table leaves out (it lists the 1,469
    hromadas; Kyiv, a city of special status, is not one of them). Crimea, Sevastopol and the
    Chornobyl zone have no 2022 figure and stay blank ("no data" on the map).
    """
    with open(hromadas, encoding="utf-8") as f:
        features = json.load(f)["features"]
    units = pd.DataFrame([{ours: ft["properties"][theirs] for ours, theirs in COLUMNS.items()} for ft in features])
    units = units.apply(lambda column: column.str.strip())
    raw = [shape(ft["geometry"]) if ft["geometry"] else shapely.Polygon() for ft in features]
    shapes = simplified(clean_coverage(raw, units["raion_pcode"]))
    people = {**(fallback or {}), **population_by_pcode(pd.read_csv(population, dtype=str))}
    units["population"] = [people.get(p) for p in units["pcode"]]
    drawn = [not shapely.is_empty(g) for g in shapes]
    left_out = tuple(units.loc[[not d for d in drawn], "pcode"])
    order = units[drawn].sort_values("pcode").index
    return Coverage(units.loc[order].reset_index(drop=True), [shapes[i] for i in order], left_out)


def from_geojson(path: Path) -> Coverage:
    """The committed communities file read back (what ``communities_geojson`` wrote)."""
    with open(path, encoding="utf-8") as f:
        features = json.load(f)["features"]
    units = pd.DataFrame([ft["properties"] for ft in features])
    return Coverage(units, [shape(ft["geometry"]) for ft in features], ())


def communities_geojson(coverage: Coverage) -> str:
    """One feature a line, properties in the data contract's names, coordinates on the grid."""
    lines = []
    for row, geom in zip(coverage.units.to_dict("records"), coverage.shapes, strict=True):
        properties = {key: (None if pd.isna(value) else value) for key, value in row.items()}
        if properties.get("population") is not None:
            properties["population"] = int(properties["population"])
        feature = {"type": "Feature", "properties": properties, "geometry": rounded(mapping(geom))}
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","name":"communities","features":[\n' + ",\n".join(lines) + "\n]}\n"


def rounded(geometry: Mapping) -> dict:
    """Coordinates written with 3 decimals: they are on the 0.001° grid already, this drops float noise."""

    def walk(coords: object) -> object:
        if isinstance(coords[0], (int, float)):
            return [round(float(c), 3) for c in coords]
        return [walk(c) for c in coords]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
