"""What every map of the app shows to be read: oblast and raion outlines, and place names.

**Outlines.** The oblasts and raions are dissolved from the loaded communities, as one coverage:
an edge of a community's ring is an oblast (raion) border where the community on its other side
is in another oblast (raion), or where there is none (the country's border). Communities are
grouped by ``oblast_pcode`` / ``raion_pcode`` where the file has them, else by their names. The
other side of an edge is the neighbour whose ring has the same edge (a clean coverage, as
``geo.maps.shapes`` keeps it); where no ring has it (a file whose neighbours overlap or leave gaps)
it is the community found a little way out from the edge. A border is drawn once, from the side
whose group comes first.

The edges are those of the shapes the map already draws (``geo.maps.shapes.shapes_payload``), so an
outline lies exactly on the communities' borders, and on a map that draws the communities it
costs next to nothing: runs of edges along the community rings the browser already has (ring,
first edge, number of edges). A map without the community shapes (the Community page's flow
map) gets the lines themselves, encoded as ``geo.maps.shapes`` encodes rings, and the land to
fill under them.

**Place names.** The cities of ``geo/maps/places/cities.csv`` (made by ``scripts/make_places.py``:
the state codifier, KSE's population, COD-AB positions) in the map's language: the largest at
every zoom, the oblast centres from the country's view, more as one zooms in (``city_zoom``), then
the communities' own names from ``COMMUNITY_ZOOM``. The browser places them in this order after
every move, a city's name beside its dot on whichever side is free, and hides a label that would
overlap one already placed or one of the map's controls (``js/reference.js``).

The outlines sit in a pane above the community fills and below every marker, the labels in one
below the markers; neither takes clicks, which go through to the communities.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import folium
import numpy as np
import pandas as pd
import shapely
from folium.map import CustomPane

from geo.ingest.loaders import Dataset
from geo.maps.map_elements import BrowserLayer, StyleSheet
from geo.maps.shapes import SCALE, encode, json_text
from geo.text.i18n import gettext_for
from geo.text.safe_html import esc

CITIES = Path(__file__).resolve().parent / "places" / "cities.csv"

LAND_PANE = "land"  # under the communities: the flow map's backdrop
OUTLINE_PANE = "outlines"  # above the communities (350), below the overlays (400) and markers (600)
LABEL_PANE = "placenames"  # above the overlays' circles and lines, below the markers
PANES = {LAND_PANE: 340, OUTLINE_PANE: 390, LABEL_PANE: 450}

RAION_ZOOM = 8  # raion outlines from this zoom
COMMUNITY_ZOOM = 9  # community names from this zoom
# A city of at least so many people is labelled from this zoom: the largest at every zoom, then the
# other oblast centres (and Sevastopol) from a laptop's view of the country (zoom 6 there, 4 on a phone).
CITY_ZOOMS = ((700_000, 0), (200_000, 6), (100_000, 7), (40_000, 8))
CENTRE_ZOOM = 5
CITY_ZOOM = 9  # the other cities
LABEL_GRID = 1_000  # the cities' points on a grid of 1/1,000 degree (about 100 m)

# How far out from an edge that no other ring shares (a file whose neighbours overlap or leave gaps)
# its other side is looked for, in degrees of latitude: past such gaps, short of the community beyond.
PROBES = (0.002, 0.006)
OBLAST, RAION = 2, 1  # an edge's class: an oblast border (also a raion border), a raion border only

OUTLINE_STYLE = {
    OBLAST: {"color": "#1d1d1d", "weight": 1.8, "opacity": 0.85, "casing": 4.0, "casingOpacity": 0.6},
    RAION: {"color": "#303030", "weight": 0.9, "opacity": 0.7, "casing": 2.4, "casingOpacity": 0.35},
}
LAND_STYLE = {"fillColor": "#ffffff", "fillOpacity": 0.7, "stroke": False}

REFERENCE_CSS = """
.hm-label { position: absolute; left: 0; top: 0; white-space: nowrap; pointer-events: none;
            font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif;
            font-size: 12px; line-height: 14px; font-weight: 600; color: #1b1b1b;
            text-shadow: -1px -1px 0 #fff, 1px -1px 0 #fff, -1px 1px 0 #fff, 1px 1px 0 #fff,
                         0 0 3px #fff, 0 0 4px #fff; }
.hm-label-city { --hm-dot: 6px; --hm-pad: 9px; }
.hm-label-centre { --hm-dot: 8px; --hm-pad: 11px; font-size: 13px; line-height: 16px; font-weight: 700; }
.hm-label-city::before { content: ""; position: absolute; width: var(--hm-dot); height: var(--hm-dot);
                         box-sizing: border-box; border-radius: 50%; background: #1b1b1b;
                         box-shadow: 0 0 0 1.5px #fff; }
.hm-label-centre::before { background: #fff; border: 2px solid #1b1b1b; }
.hm-at-right { padding-left: var(--hm-pad); }
.hm-at-left { padding-right: var(--hm-pad); }
.hm-at-top { padding-bottom: var(--hm-pad); }
.hm-at-bottom { padding-top: var(--hm-pad); }
.hm-at-right::before { left: 0; top: calc(50% - var(--hm-dot) / 2); }
.hm-at-left::before { right: 0; top: calc(50% - var(--hm-dot) / 2); }
.hm-at-top::before { bottom: 0; left: calc(50% - var(--hm-dot) / 2); }
.hm-at-bottom::before { top: 0; left: calc(50% - var(--hm-dot) / 2); }
.hm-label-community { font-size: 11px; line-height: 13px; font-weight: 500; font-style: italic; color: #3a3a3a; }
"""


@dataclass(frozen=True)
class Reference:
    """The reference layers' payloads as JSON text, made once per data set (and language, for names).

    ``standalone``: the outlines are lines of their own (with the land to fill), for a map that
    does not draw the community shapes.
    """

    oblasts: str
    raions: str
    labels: str
    standalone: bool = False


# ---------------------------------------------------------------------------------------------
# Which edges of the community rings are borders


@dataclass(frozen=True)
class _Rings:
    points: np.ndarray  # (n, 2) int64 vertices on the grid, ring after ring, no closing vertex
    ring: np.ndarray  # the ring of each vertex
    starts: np.ndarray  # first vertex of each ring
    sizes: np.ndarray  # vertices (and edges) of each ring
    owner: np.ndarray  # the community of each ring
    hole: np.ndarray  # whether the ring is a polygon's hole


def _rings(shapes: list) -> _Rings:
    """The rings of ``shapes_payload``'s shapes as the browser has them after decoding.

    Leaflet drops a ring's last vertex when it repeats the first; so is it here, so that an edge's
    number is the same on both sides.
    """
    chunks, owner, hole = [], [], []
    for i, polygons in enumerate(shapes):
        for polygon in polygons:
            for k, steps in enumerate(polygon):
                points = np.cumsum(np.asarray(steps, dtype=np.int64).reshape(-1, 2), axis=0)
                if len(points) > 1 and (points[0] == points[-1]).all():
                    points = points[:-1]
                chunks.append(points)
                owner.append(i)
                hole.append(k > 0)
    sizes = np.array([len(c) for c in chunks], dtype=np.int64)
    points = np.concatenate(chunks) if chunks else np.zeros((0, 2), dtype=np.int64)
    starts = np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int64) if len(sizes) else sizes
    return _Rings(points, np.repeat(np.arange(len(sizes)), sizes), starts, sizes, np.array(owner, dtype=np.int64),
                  np.array(hole, dtype=bool))  # fmt: skip


def group_keys(communities: pd.DataFrame, level: str) -> np.ndarray:
    """Each community's oblast (``level="oblast"``) or raion as a number; -1 where the file does not say.

    By ``<level>_pcode`` where the file has it, else by name (a raion's name within its oblast).
    """
    labels = pd.Series("", index=communities.index, dtype=object)
    for column in (f"{level}_uk", level):
        if column in communities:
            labels = labels.where(labels != "", communities[column].fillna("").astype(str).str.strip())
    if level == "raion":
        oblast = pd.Series(group_keys(communities, "oblast"), index=communities.index).astype(str)
        labels = (oblast + "|" + labels).where(labels != "", "")
    code_column = f"{level}_pcode"
    if code_column in communities:
        codes = communities[code_column].fillna("").astype(str).str.strip()
        labels = ("#" + codes).where(codes != "", labels)
    keys, _distinct = pd.factorize(labels.where(labels != "", None), use_na_sentinel=True)
    return keys.astype(np.int64)


def _other_side(rings: _Rings, geometry: np.ndarray, edges: np.ndarray) -> list[set[int]]:
    """For each of ``edges`` (numbers of first vertices), the communities found a little way out from it.

    Three probes stand out from a quarter, the middle and three quarters of the edge, at each of
    ``PROBES``' distances; a community counts where two of the three at one distance fall in it, so
    that a probe beside an edge where the border bends does not take the community round the bend.
    """
    a = rings.points[edges].astype(float) / SCALE
    b = rings.points[_next(rings)[edges]].astype(float) / SCALE
    shrink = np.cos(np.radians((a[:, 1] + b[:, 1]) / 2))
    dx, dy = (b[:, 0] - a[:, 0]) * shrink, b[:, 1] - a[:, 1]
    length = np.hypot(dx, dy)
    length[length == 0] = 1.0
    # The left normal; the inside is on the left of an exterior ring drawn anticlockwise, and of a
    # hole drawn clockwise.
    nx, ny = -dy / length, dx / length
    ring = rings.ring[edges]
    inside_left = (_signed_areas(rings)[ring] > 0) != rings.hole[ring]
    out = np.where(inside_left, -1.0, 1.0)
    tree = shapely.STRtree(geometry)
    found: list[set[int]] = [set() for _edge in range(len(edges))]
    for distance in PROBES:
        hits: dict[tuple[int, int], int] = {}
        for t in (0.25, 0.5, 0.75):
            x = a[:, 0] + t * (b[:, 0] - a[:, 0]) + out * nx * distance / shrink
            y = a[:, 1] + t * (b[:, 1] - a[:, 1]) + out * ny * distance
            probe, community = tree.query(shapely.points(x, y), predicate="intersects")
            for pair in zip(probe.tolist(), community.tolist(), strict=True):
                hits[pair] = hits.get(pair, 0) + 1
        for (edge, community), count in hits.items():
            if count >= 2:
                found[edge].add(community)
    return found


def _next(rings: _Rings) -> np.ndarray:
    """The number of each vertex's next one in its ring (the last one's is the ring's first)."""
    index = np.arange(len(rings.points), dtype=np.int64) + 1
    last = rings.starts + rings.sizes - 1
    index[last] = rings.starts
    return index


def _signed_areas(rings: _Rings) -> np.ndarray:
    x, y = rings.points[:, 0].astype(float), rings.points[:, 1].astype(float)
    nxt = _next(rings)
    return np.bincount(rings.ring, weights=x * y[nxt] - x[nxt] * y, minlength=len(rings.sizes))


def edge_classes(rings: _Rings, geometry: np.ndarray, oblasts: np.ndarray, raions: np.ndarray) -> np.ndarray:
    """Each edge's class (``OBLAST``, ``RAION`` or 0), on one side of each border only.

    Edge ``k`` joins vertex ``k`` to the next one of its ring. ``oblasts`` and ``raions`` are
    ``group_keys`` per community; ``geometry`` the communities' own shapes, to find the other side
    of an edge that no other ring shares.
    """
    n = len(rings.points)
    if n == 0:
        return np.zeros(0, dtype=np.int8)
    nxt = _next(rings)
    packed = (rings.points[:, 0] + (1 << 21)) * (1 << 22) + (rings.points[:, 1] + (1 << 21))
    ends = np.stack([np.minimum(packed, packed[nxt]), np.maximum(packed, packed[nxt])], axis=1)
    _ends, edge_id, counts = np.unique(ends, axis=0, return_inverse=True, return_counts=True)
    edge_id = edge_id.ravel()
    owner = rings.owner[rings.ring]
    partner = np.full(n, -1, dtype=np.int64)
    paired = counts[edge_id] == 2
    order = np.flatnonzero(paired)[np.argsort(edge_id[paired], kind="stable")]
    first, second = order[0::2], order[1::2]
    partner[first], partner[second] = owner[second], owner[first]
    classes = np.zeros(n, dtype=np.int8)
    ob_own, ra_own = oblasts[owner], raions[owner]
    matched = partner >= 0
    ob_across = np.where(matched, oblasts[np.maximum(partner, 0)], -1)
    ra_across = np.where(matched, raions[np.maximum(partner, 0)], -1)
    oblast_border = matched & (ob_across != ob_own)
    raion_border = matched & (ra_across != ra_own) & ~oblast_border
    # Each border from the side that comes first: drawn once.
    classes[oblast_border & (ob_own < ob_across)] = OBLAST
    classes[raion_border & (ra_own < ra_across)] = RAION
    alone = np.flatnonzero(~matched)
    if len(alone):
        ob, ra = oblasts.tolist(), raions.tolist()
        for edge, side in zip(alone.tolist(), _other_side(rings, geometry, alone), strict=True):
            me = int(owner[edge])
            side = [c for c in side if c != me]
            same_oblast = [c for c in side if ob[c] == ob[me]]
            if not same_oblast:  # an oblast's border, or the country's
                if not side or ob[me] < min(ob[c] for c in side):
                    classes[edge] = OBLAST
            elif not any(ra[c] == ra[me] for c in same_oblast) and ra[me] < min(ra[c] for c in same_oblast):
                classes[edge] = RAION
    return classes


# ---------------------------------------------------------------------------------------------
# Borders as runs along the community rings, or as lines of their own


def runs(rings: _Rings, classes: np.ndarray, level: int) -> dict:
    """Unbroken runs of the ``level``'s edges along each ring: {"ring": [step], "start": [], "len": []}.

    A ring is numbered in the order of the shapes (community, polygon, ring), as a step from the
    previous run's; a run may go on past the ring's last edge to its first.
    """
    edges = np.flatnonzero(classes == level)  # vertex k starts edge k: edges are in ring order
    if not len(edges):
        return {"ring": [], "start": [], "len": []}
    ring = rings.ring[edges]
    first = np.r_[True, (np.diff(edges) != 1) | (ring[1:] != ring[:-1])]
    heads = np.flatnonzero(first)
    ring_of = ring[heads]
    start_of = edges[heads] - rings.starts[ring_of]
    length_of = np.diff(np.r_[heads, len(edges)])
    # A ring's last run that ends on its last edge goes on into a first run that starts on its first.
    ends = start_of + length_of
    closing = np.flatnonzero(ends == rings.sizes[ring_of])
    keep = np.ones(len(heads), dtype=bool)
    for last in closing.tolist():
        opening = np.searchsorted(ring_of, ring_of[last])  # the ring's first run
        if opening != last and start_of[opening] == 0:
            length_of[last] += length_of[opening]
            keep[opening] = False
    ring_of, start_of, length_of = ring_of[keep], start_of[keep], length_of[keep]
    return {"ring": np.diff(ring_of, prepend=0).tolist(), "start": start_of.tolist(), "len": length_of.tolist()}


def lines(rings: _Rings, classes: np.ndarray, level: int) -> dict:
    """The ``level``'s borders as lines of their own, joined where they meet.

    ``{"steps": [x0, y0, dx, dy, ...], "lens": [vertices per line]}`` on ``SCALE``'s grid, every
    vertex (the first of each line too) a step from the one before.
    """
    found = runs(rings, classes, level)
    nxt = _next(rings)
    parts, ring = [], 0
    for step, start, length in zip(found["ring"], found["start"], found["len"], strict=True):
        ring += step
        vertex = int(rings.starts[ring]) + start
        chain = [vertex]
        for _edge in range(length):
            vertex = int(nxt[vertex])
            chain.append(vertex)
        parts.append(shapely.linestrings(rings.points[chain].astype(float)))
    if not parts:
        return {"steps": [], "lens": []}
    merged = shapely.get_parts(shapely.line_merge(shapely.multilinestrings(parts)))
    coords, line = shapely.get_coordinates(merged, return_index=True)
    points = np.rint(coords).astype(np.int64)
    steps = np.diff(points, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return {"steps": steps.ravel().tolist(), "lens": np.bincount(line).tolist()}


def land(lines_: dict) -> list:
    """The land inside the country's border (the oblast lines, closed up), as ``geo.maps.shapes.encode``
    polygons; [] when they do not close (a file with gaps)."""
    if not lines_["lens"]:
        return []
    points = np.cumsum(np.asarray(lines_["steps"], dtype=np.int64).reshape(-1, 2), axis=0).astype(float) / SCALE
    bounds = np.cumsum([0, *lines_["lens"]])
    strings = [shapely.linestrings(points[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b - a > 1]
    faces = shapely.get_parts(shapely.polygonize(strings))
    if not len(faces):
        return []
    return encode(np.array([shapely.union_all(faces)]))[0]


# ---------------------------------------------------------------------------------------------
# Place names


@cache
def gazetteer() -> pd.DataFrame:
    """``geo/maps/places/cities.csv``, read once: the cities the maps label, in order of priority."""
    return pd.read_csv(CITIES, dtype={"pcode": str, "katotth": str, "name_uk": str, "name_en": str}, keep_default_na=False,
                       na_values={"population": [""]})  # fmt: skip


def city_zoom(population: float, centre: bool) -> int:
    """The zoom from which a city is labelled: the largest always, oblast centres from ``CENTRE_ZOOM``,
    the other cities the sooner the larger."""
    for least, zoom in CITY_ZOOMS:
        if population >= least:
            return min(zoom, CENTRE_ZOOM) if centre else zoom
    return CENTRE_ZOOM if centre else CITY_ZOOM


def _grid(lat: pd.Series, lon: pd.Series) -> list[int]:
    """Positions as steps on a 1/``LABEL_GRID`` degree grid: x0, y0, dx1, dy1, ..."""
    points = np.rint(np.c_[lon.to_numpy(float), lat.to_numpy(float)] * LABEL_GRID).astype(np.int64)
    return np.diff(points, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel().tolist()


def labels_payload(communities: pd.DataFrame, lang: str, community_names: bool = True) -> dict:
    """The cities of the loaded communities and the communities' own names, in the order they are placed.

    A city is labelled when its community is loaded, one a community (the largest; the others of
    the same community would always be hidden under it); a community with a city has no label of
    its own. A community is named from ``window.hmPlaces`` at a point the browser finds inside its
    shape, so only their order travels; ``community_names=False`` for a map without the community
    shapes, which names the cities only.
    """
    cities = gazetteer()
    cities = cities[cities["pcode"].isin(pd.Index(communities["pcode"]))].drop_duplicates("pcode")  # in order
    centre = cities["oblast_centre"].eq("yes")
    name = cities["name_uk" if lang == "uk" else "name_en"]
    payload = {
        "grid": LABEL_GRID,
        "cities": {
            "name": [esc(n) for n in name],
            "xy": _grid(cities["lat"], cities["lon"]),
            "zoom": [city_zoom(p, c) for p, c in zip(cities["population"].fillna(0), centre, strict=True)],
            "centre": centre.astype(int).tolist(),
        },
        "communities": {"at": [], "zoom": COMMUNITY_ZOOM},
    }
    if community_names:
        rest = communities.assign(position=np.arange(len(communities)))
        rest = rest[~rest["pcode"].isin(set(cities["pcode"]))]
        area = shapely.area(rest.geometry.to_numpy()) if "geometry" in rest else 0.0
        people = rest["population"] if "population" in rest else pd.Series(np.nan, index=rest.index)
        rest = rest.assign(people=people, area=area).sort_values(["people", "area"], ascending=False, na_position="last")
        payload["communities"]["at"] = rest["position"].tolist()
    return payload


# ---------------------------------------------------------------------------------------------
# The payloads and the layers


def reference_data(dataset: Dataset, shapes: str, lang: str, standalone: bool = False) -> Reference:
    """The outlines and names for ``dataset``'s maps; ``shapes`` is its ``shapes_payload`` (JSON text).

    ``standalone`` for a map that does not draw the community shapes: the outlines as lines (and
    the land), and the cities' names only. Callers cache it per data set and language: the outlines
    take a few tenths of a second for the country, the names nothing.
    """
    communities = dataset.communities
    rings = _rings(json.loads(shapes)["shapes"])
    classes = edge_classes(
        rings, communities.geometry.to_numpy(), group_keys(communities, "oblast"), group_keys(communities, "raion")
    )
    payloads = {}
    for key, level in (("oblasts", OBLAST), ("raions", RAION)):
        style = OUTLINE_STYLE[level]
        if standalone:
            drawn = lines(rings, classes, level)
            payload = {"lines": drawn, "scale": SCALE, "style": style}
            if level == OBLAST:
                payload["land"] = {"shapes": land(drawn), "style": LAND_STYLE, "pane": LAND_PANE}
        else:
            payload = {"runs": runs(rings, classes, level), "style": style}
        payload.update(pane=OUTLINE_PANE, min_zoom=RAION_ZOOM if level == RAION else 0)
        payloads[key] = json_text(payload)
    labels = labels_payload(communities, lang, community_names=not standalone)
    labels["pane"] = LABEL_PANE
    return Reference(payloads["oblasts"], payloads["raions"], json_text(labels), standalone)


class Outlines(BrowserLayer):
    """Oblast or raion outlines (``hm.outlines``, js/reference.js), above the fills, not clickable."""

    js_function = "outlines"


class PlaceLabels(BrowserLayer):
    """City and community names, placed without overlapping (``hm.placeLabels``, js/reference.js)."""

    js_function = "placeLabels"


def reference_layers(reference: Reference, lang: str) -> list[folium.FeatureGroup]:
    """The three layers of the layer control, on at first: oblast borders, raion borders, place names."""
    _ = gettext_for(lang)
    groups = []
    for name, element in (
        (_("Oblast borders"), Outlines(reference.oblasts, "oblasts")),
        (_("Raion borders"), Outlines(reference.raions, "raions")),
        (_("Place names"), PlaceLabels(reference.labels, "labels")),
    ):
        group = folium.FeatureGroup(name=name, overlay=True, show=True)
        element.add_to(group)
        groups.append(group)
    return groups


def add_reference(m: folium.Map, reference: Reference, lang: str) -> folium.Map:
    """Put the reference layers on ``m``, with their panes and style sheet; after the community shapes."""
    for pane, z_index in PANES.items():
        if pane != LAND_PANE or reference.standalone:  # the land is drawn under the lines of their own only
            CustomPane(pane, z_index=z_index, pointer_events=False).add_to(m)
    StyleSheet(REFERENCE_CSS).add_to(m)
    for group in reference_layers(reference, lang):
        group.add_to(m)
    return m
