"""The demo's approximate community boundaries, made from the seed's points and oblast outlines.

They are the Voronoi cells of each oblast's community points, clipped to the simplified oblast
outline and snapped to a grid together, so that the cells tile the country with shared borders.
Everything the other parts need from here is one polygon per seed community, in the seed's order
(``community_cells``), and the communities file (``communities_geojson``): official COD-AB
boundaries can take this module's place without touching the rest.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping, shape

from .common import PLACES, SEED_DIR

GRID = 0.001  # coordinates of the boundaries are rounded to 3 decimals (~100 m)
SLIVER = 2e-6  # square degrees (~0.015 km²): polygon parts smaller than this are dropped


def load_outlines() -> dict[str, object]:
    """The oblast outlines (simplified to ~2 km) by oblast P-code."""
    with open(SEED_DIR / "oblasts.geojson", encoding="utf-8") as f:
        features = json.load(f)["features"]
    return {ft["properties"]["oblast_pcode"]: shapely.make_valid(shape(ft["geometry"])) for ft in features}


def oblast_regions(seed: pd.DataFrame, outlines: dict[str, object], points: np.ndarray) -> dict[str, object]:
    """The oblast outlines made into a coverage that holds every oblast's own points.

    The outlines were simplified one by one, so neighbours overlap in thin slivers and leave thin
    gaps between them. An overlap goes to the oblast whose community point is nearest (a Voronoi
    diagram of all points), leftovers to the oblast first in P-code order; a gap is shared out the
    same way. Holes that were holes of an outline already stay holes. A point that lies outside its
    own simplified outline (a coastal community, Sevastopol) takes a small patch around it.
    """
    keys = sorted(outlines)
    everything = shapely.union_all(list(outlines.values()))
    frame = shapely.box(*everything.bounds).buffer(1.0)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(points), extend_to=frame, ordered=True))
    if len(cells) != len(points):
        raise ValueError("Voronoi diagram of all points lost a cell")
    members = {ob: np.flatnonzero(seed["oblast_pcode"].to_numpy() == ob) for ob in keys}
    claims = {ob: shapely.union_all(cells[idx]) for ob, idx in members.items()}

    regions: dict[str, object] = {}
    taken = shapely.Polygon()
    for ob in keys:
        region = outlines[ob]
        for other in keys:
            if other != ob and outlines[ob].intersects(outlines[other]):
                region = region.difference(outlines[ob].intersection(outlines[other]).intersection(claims[other]))
        region = polygonal(region.difference(taken))
        regions[ob] = region
        taken = taken.union(region)

    # Gaps between neighbouring outlines: holes of the whole that are no hole of any one outline.
    outer = [shapely.Polygon(p.exterior) for p in polygons_of(everything)]
    own_holes = [shapely.Polygon(p.exterior) for o in outlines.values() for p in polygons_of(o)]
    gaps = [
        g
        for g in polygons_of(shapely.union_all(outer).difference(taken))
        if not any(f.contains(g.representative_point()) for f in own_holes)
    ]
    gap = shapely.union_all(gaps)
    for ob in keys:
        share = gap.intersection(claims[ob])
        if not share.is_empty:
            regions[ob] = polygonal(regions[ob].union(share))

    for ob in keys:
        for i in members[ob]:
            point = shapely.Point(points[i])
            if regions[ob].contains(point):
                continue
            patch = cells[i].intersection(point.buffer(regions[ob].distance(point) + 0.01))
            regions[ob] = polygonal(regions[ob].union(patch))
            for other in keys:
                if other != ob and regions[other].intersects(patch):
                    regions[other] = polygonal(regions[other].difference(patch))
    return regions


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


def snap_coverage(raw: list[object], points: np.ndarray) -> list[object]:
    """Round a set of non-overlapping polygons to the grid so that neighbours still share borders.

    Rounding each polygon on its own would move a border differently on its two sides (one side
    has a vertex the other lacks), leaving overlaps and gaps. So all borders are noded and
    snap-rounded together, cut into faces, and each face goes back to the polygon it came from.
    Slivers cut off a community (smaller than SLIVER) go to the neighbour sharing most border.
    """
    lines = shapely.union_all(shapely.boundary(np.array(raw, dtype=object)), grid_size=GRID)
    faces = np.array(polygons_of(shapely.polygonize(shapely.get_parts(lines))), dtype=object)
    raw_tree = shapely.STRtree(raw)
    inside = shapely.point_on_surface(faces)
    owner = np.full(len(faces), -1)
    face_idx, cell_idx = raw_tree.query(inside, predicate="within")
    owner[face_idx] = cell_idx
    for f in np.flatnonzero(owner < 0):  # a face whose inner point fell on a border after rounding
        near = raw_tree.query(faces[f], predicate="intersects")
        if len(near):
            overlap = shapely.area(shapely.intersection(np.array(raw, dtype=object)[near], faces[f]))
            if overlap.max() > 0:
                owner[f] = near[int(np.argmax(overlap))]

    seeds = shapely.points(points)
    groups = [[] for _ in raw]
    for f, o in enumerate(owner):
        if o >= 0:
            groups[o].append(faces[f])
    cells = [polygonal(shapely.coverage_union_all(np.array(g, dtype=object))) for g in groups]

    # Slivers: detached bits smaller than SLIVER, not holding the community's point.
    tree = shapely.STRtree(cells)
    for i in range(len(cells)):
        parts = polygons_of(cells[i])
        bits = [p for p in parts if p.area < SLIVER and not p.contains(seeds[i])]
        if not bits:
            continue
        keep = [p for p in parts if not any(p is b for b in bits)]
        cells[i] = keep[0] if len(keep) == 1 else shapely.MultiPolygon(keep)
        for bit in bits:
            shared = {
                int(j): shapely.length(shapely.intersection(cells[j].boundary, bit.boundary))
                for j in tree.query(bit, predicate="intersects")
                if j != i
            }
            best = max(sorted(shared), key=shared.get, default=None)
            if best is not None and shared[best] > 0:
                merged = np.array([*polygons_of(cells[best]), bit], dtype=object)
                cells[best] = polygonal(shapely.coverage_union_all(merged))
            # a bit with no neighbour along a border is dropped
    return [shapely.orient_polygons(c) for c in cells]


def community_cells(seed: pd.DataFrame, outlines: dict[str, object]) -> list[object]:
    """One approximate boundary per seed community, in the seed's order."""
    points = np.column_stack([seed["lon"].to_numpy(), seed["lat"].to_numpy()])
    point_geoms = shapely.points(points)
    regions = oblast_regions(seed, outlines, points)
    raw: list[object] = [None] * len(seed)
    for ob, region in regions.items():
        idx = np.flatnonzero(seed["oblast_pcode"].to_numpy() == ob)
        if len(idx) == 1:
            pieces = [region]
        else:
            vor = shapely.voronoi_polygons(shapely.multipoints(points[idx]), extend_to=region, ordered=True)
            pieces = shapely.intersection(shapely.get_parts(vor), region)
        for i, geom in zip(idx, pieces, strict=True):
            raw[i] = polygonal(geom)
    cells = snap_coverage(raw, points)
    for i, cell in enumerate(cells):
        if cell.is_empty or not cell.is_valid or not cell.contains(point_geoms[i]):
            raise ValueError(f"{seed['pcode'][i]}: its cell is empty, invalid or misses its point")
    return cells


def communities_geojson(seed: pd.DataFrame, cells: list[object], places: dict[str, str]) -> str:
    population = {places[key]: spec[5] for key, spec in PLACES.items() if spec[5] is not None}
    lines = []
    for i, row in seed.iterrows():
        properties = {
            "pcode": row["pcode"],
            "name_uk": row["name_uk"],
            "name_en": row["name_en"],
            "raion": row["raion"],
            "raion_uk": row["raion_uk"],
            "oblast": row["oblast"],
            "oblast_uk": row["oblast_uk"],
            "population": population.get(row["pcode"]),
        }
        feature = {"type": "Feature", "properties": properties, "geometry": rounded(mapping(cells[i]))}
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","name":"communities","features":[\n' + ",\n".join(lines) + "\n]}\n"


def rounded(geometry: dict) -> dict:
    def walk(coords: object) -> object:
        if isinstance(coords[0], (int, float)):
            return [round(float(c), 3) for c in coords]
        return [walk(c) for c in coords]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
