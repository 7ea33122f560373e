"""Community shapes as the map sends them: encoded compactly, and still one seamless coverage."""

from __future__ import annotations

import json
import re

import folium
import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon
from streamlit_folium import generate_leaflet_string

from geo.maps.map_builder import build_map
from geo.maps.needs_map import needs_base_map
from geo.maps.shapes import (
    COMMUNITY_STYLE,
    SCALE,
    TOLERANCE,
    CommunityShapes,
    Places,
    decode,
    encode,
    places_payload,
    shapes_payload,
    simplified,
)


def _polygons(encoded) -> list:
    """The browser's polygons (decoded steps) as shapely geometries, one per community."""
    out = []
    for polygons in encoded:
        parts = [Polygon([(x, y) for y, x in rings[0]], [[(x, y) for y, x in ring] for ring in rings[1:]])
                 for rings in decode(polygons)]  # fmt: skip
        out.append(MultiPolygon(parts) if len(parts) > 1 else parts[0])
    return out


def wiggled(geometry: np.ndarray, step: float = 0.004) -> np.ndarray:
    """Borders with official-looking detail: more vertices, each moved by an amount that depends
    only on where it is, so that two neighbours bend their shared border the same way."""
    dense = shapely.segmentize(geometry, max_segment_length=step)

    def wiggle(xy: np.ndarray) -> np.ndarray:
        phase = np.sin(xy[:, 0] * 1e4) * 43758.5453 + np.cos(xy[:, 1] * 1e4) * 12.9898
        offset = (phase - np.floor(phase) - 0.5) * step * 0.8
        corner = np.isclose(np.round(xy, 3), xy, atol=1e-9).all(axis=1)  # the demo's own vertices stay
        return xy + np.where(corner, 0, offset)[:, None]

    return shapely.make_valid(shapely.transform(dense, wiggle))


@pytest.fixture(scope="module")
def oblast(demo):
    """Mykolaiv oblast's communities from the demo data, with detailed shared borders."""
    mine = demo.communities[demo.communities["pcode"].str.startswith("UA48")].reset_index(drop=True)
    return mine.set_geometry(wiggled(mine.geometry.to_numpy()))


def _borders(geometries) -> dict[tuple[int, int], float]:
    """Length of the border each pair of neighbours shares, and the area they overlap (negative)."""
    tree = shapely.STRtree(geometries)
    pairs = {}
    for i, j in zip(*tree.query(geometries, predicate="intersects"), strict=True):
        if i < j:
            common = shapely.intersection(geometries[i], geometries[j])
            pairs[(int(i), int(j))] = (shapely.length(common), shapely.area(common))
    return pairs


def test_decoding_gives_back_the_simplified_vertices(oblast):
    """What the browser rebuilds is the simplified shape on the 10 m grid, vertex for vertex."""
    shapes = simplified(oblast.geometry)
    decoded = _polygons(encode(shapes))
    assert shapely.get_num_coordinates(shapes).sum() < shapely.get_num_coordinates(oblast.geometry.to_numpy()).sum() / 2
    for shape, back in zip(shapes, decoded, strict=True):
        assert shapely.equals(shapely.normalize(shape), shapely.normalize(back))
        coordinates = shapely.get_coordinates(back) * SCALE
        assert np.allclose(coordinates, np.rint(coordinates))


def test_neighbours_keep_one_shared_border_after_simplification(oblast):
    """No sliver and no gap: every pair of neighbours still shares a border, and none overlaps another."""
    before = _borders(oblast.geometry.to_numpy())
    after = _borders(np.array(_polygons(encode(simplified(oblast.geometry)))))
    neighbours = [pair for pair, (length, _area) in before.items() if length > 0.01]
    assert len(neighbours) > 100
    for pair in neighbours:
        length, area = after[pair]
        # A straightened zigzag is about half as long as the zigzag; a lost border is nothing.
        assert length > 0.3 * before[pair][0], f"{pair}: the shared border is lost"
        # No new overlap: where the wiggled input overlaps already (real borders zigzag tighter than the
        # wiggle), snapping to the grid may move that overlap's edge by up to a grid step, no more.
        allowed = before[pair][1] + (before[pair][0] / SCALE if before[pair][1] > 0 else 0.0)
        assert area <= allowed + 1e-9, f"{pair}: the two communities overlap ({area} vs {before[pair][1]})"
    union_after = shapely.union_all(_polygons(encode(simplified(oblast.geometry))))
    union_before = shapely.union_all(oblast.geometry.to_numpy())
    assert shapely.get_num_geometries(union_after) == shapely.get_num_geometries(union_before)  # no gap splits it
    assert shapely.get_num_interior_rings(union_after) == shapely.get_num_interior_rings(union_before)  # nor holes it


def test_simplifying_each_polygon_alone_would_fail_that_check(oblast):
    """The check above can fail: polygon-by-polygon simplification opens slivers between neighbours."""
    alone = shapely.simplify(oblast.geometry.to_numpy(), TOLERANCE)
    assert any(area > 1e-9 for _length, area in _borders(alone).values())


def test_the_payload_is_small_and_names_travel_once(demo):
    """1,767 demo communities: shapes in well under a megabyte; each name once, in the places table."""
    shapes = shapes_payload(demo, marks=True)
    places = json.loads(places_payload(demo, "uk"))
    assert len(shapes.encode()) < 1_000_000
    assert len(json.loads(shapes)["shapes"]) == len(places["pcode"]) == len(demo.communities)
    assert "name" not in shapes and places["name"][0] == demo.communities["name_uk"].iloc[0]
    assert len(places["raion"]["values"]) < len(places["pcode"]) / 5  # raions repeat: sent once each


CANVAS_CALL = re.compile(r'hm\.communityShapes\(.*?\}, (\{[^{}]*\}), "communities",\s*"canvas"\)', re.S)


def test_every_map_draws_the_polygons_on_one_canvas(small):
    """The home map (also the exported file's) and the Needs page's map draw the communities on one
    canvas in their pane (scripts/bench_renderer.py: faster than a path each), in the default style
    (a forum stop's map, with its own borders: tests/forum/test_forum_map.py)."""
    shapes = shapes_payload(small, "uk", marks=True)
    home = build_map(small, "open_needs", "uk", "Demo").get_root().render()
    needs = generate_leaflet_string(needs_base_map(small, "uk", "Demo", shapes))
    for html in (home, needs):
        found = CANVAS_CALL.search(html)
        assert found, "the communities are not drawn on a canvas"
        assert json.loads(found.group(1)) == COMMUNITY_STYLE


def test_a_map_styles_the_polygons_through_leaflet_not_css(small):
    """A canvas takes no CSS: a map's own borders reach the polygons as their style, over the default one."""
    m = folium.Map(tiles=None)
    Places(places_payload(small, "uk")).add_to(m)
    CommunityShapes(shapes_payload(small, "uk"), "Communities", style={"color": "#262626", "weight": 2}).add_to(m)
    style = json.loads(CANVAS_CALL.search(m.get_root().render()).group(1))
    assert style == {**COMMUNITY_STYLE, "color": "#262626", "weight": 2}
    assert COMMUNITY_STYLE["weight"] != 2  # the default is left as it was
