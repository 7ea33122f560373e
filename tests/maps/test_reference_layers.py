"""Oblast and raion outlines dissolved from the communities, and place names, on every map of the app."""

from __future__ import annotations

import json
from dataclasses import replace

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from geo.forum.forum_map import forum_map
from geo.forum.tour import Stop
from geo.maps import reference_layers
from geo.maps.flow_layer import flow_map
from geo.maps.map_builder import build_map
from geo.maps.needs_map import needs_base_map
from geo.maps.reference_layers import (
    COMMUNITY_ZOOM,
    LABEL_GRID,
    OBLAST,
    PROBES,
    RAION,
    RAION_ZOOM,
    Reference,
    _rings,
    edge_classes,
    group_keys,
    labels_payload,
    lines,
    reference_data,
    runs,
)
from geo.maps.shapes import SCALE, shapes_payload, simplified
from geo.text.i18n import gettext_for


class Frame:
    """Enough of a Dataset for reference_data: the communities."""

    def __init__(self, communities: gpd.GeoDataFrame) -> None:
        self.communities = communities


def grid(gap: float = 0.0, codes: bool = True) -> gpd.GeoDataFrame:
    """Four squares of 0.1 degree: oblast X on the left (raions X1 below, X2 above), oblast Y on the
    right (one raion). ``gap`` moves Y to the right: neighbours that do not share their border."""
    squares = [box(30.0, 50.0, 30.1, 50.1), box(30.0, 50.1, 30.1, 50.2),
               box(30.1 + gap, 50.0, 30.2 + gap, 50.1), box(30.1 + gap, 50.1, 30.2 + gap, 50.2)]  # fmt: skip
    frame = gpd.GeoDataFrame(
        {
            "pcode": ["UA0101001", "UA0102001", "UA0201001", "UA0201003"],
            "name_uk": ["А", "Б", "В", "Г"],
            "name_en": ["A", "B", "V", "H"],
            "oblast": ["X", "X", "Y", "Y"],
            "oblast_uk": ["Х", "Х", "У", "У"],
            "raion": ["X1", "X2", "Y1", "Y1"],
            "raion_uk": ["Х1", "Х2", "У1", "У1"],
            "population": [100, 200, 300, 400],
        },
        geometry=squares,
        crs="EPSG:4326",
    )
    if codes:
        frame["oblast_pcode"] = ["UA01", "UA01", "UA02", "UA02"]
        frame["raion_pcode"] = ["UA0101", "UA0102", "UA0201", "UA0201"]
    centres = frame.geometry.representative_point()
    return frame.assign(center_lat=centres.y, center_lon=centres.x)


def drawn(communities: gpd.GeoDataFrame, level: int) -> shapely.Geometry:
    """The ``level``'s outlines as the browser draws them, as one geometry in degrees."""
    rings = _rings(json.loads(shapes_payload(Frame(communities)))["shapes"])
    classes = edge_classes(
        rings, communities.geometry.to_numpy(), group_keys(communities, "oblast"), group_keys(communities, "raion")
    )
    found = lines(rings, classes, level)
    points = np.cumsum(np.asarray(found["steps"]).reshape(-1, 2), axis=0) / SCALE
    bounds = np.cumsum([0, *found["lens"]])
    return shapely.multilinestrings([shapely.linestrings(points[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)])


@pytest.mark.parametrize("codes", [True, False])
def test_oblasts_by_code_or_by_name(codes):
    """Communities are grouped by oblast_pcode / raion_pcode where the file has them, else by name;
    a raion's name counts within its oblast."""
    frame = grid(codes=codes)
    assert group_keys(frame, "oblast").tolist() == [0, 0, 1, 1]
    assert group_keys(frame, "raion").tolist() == [0, 1, 2, 2]
    twins = frame.assign(raion_uk="Той самий", raion="Same")  # one raion name in two oblasts
    if codes:
        twins = twins.drop(columns=["raion_pcode"])
    assert group_keys(twins, "raion").tolist() == [0, 0, 1, 1]
    blank = frame.drop(columns=[c for c in frame.columns if c.startswith(("raion", "oblast"))])
    assert group_keys(blank, "oblast").tolist() == [-1] * 4


@pytest.mark.parametrize("gap", [0.0, 0.001], ids=["one coverage", "a gap between the oblasts"])
def test_each_border_is_drawn_once(gap):
    """The oblast outline is the country's border and the border between the oblasts, each once; the
    raion outline is the one raion border inside X and repeats no oblast border. With a gap between
    the oblasts (a file whose neighbours do not share their border) it is drawn once all the same."""
    frame = grid(gap)
    oblasts, raions = drawn(frame, OBLAST), drawn(frame, RAION)
    country = shapely.union_all(frame.geometry.to_numpy()).boundary.length
    between = 0.2  # the border between X and Y, 0.2 degree long
    outer = 0.8 + 2 * gap if gap else 0.8
    assert oblasts.length == pytest.approx(outer + between, abs=0.002 + 2 * gap)
    assert country == pytest.approx(0.8 + 2 * gap if not gap else country)
    assert raions.length == pytest.approx(0.1, abs=1e-6)
    assert shapely.intersection(raions, oblasts).length == pytest.approx(0.0, abs=1e-9)


def test_runs_follow_the_community_rings_the_browser_has():
    """On a map with the community shapes, the outlines are runs of edges along their rings: taken
    along the decoded rings (as js/reference.js does), they are the same lines."""
    frame = grid()
    rings = _rings(json.loads(shapes_payload(Frame(frame)))["shapes"])
    classes = edge_classes(rings, frame.geometry.to_numpy(), group_keys(frame, "oblast"), group_keys(frame, "raion"))
    for level in (OBLAST, RAION):
        found, ring, parts = runs(rings, classes, level), 0, []
        for step, start, length in zip(found["ring"], found["start"], found["len"], strict=True):
            ring += step
            points = rings.points[rings.starts[ring] : rings.starts[ring] + rings.sizes[ring]]
            parts.append(shapely.linestrings(points[(start + np.arange(length + 1)) % len(points)] / SCALE))
        assert shapely.multilinestrings(parts).length == pytest.approx(drawn(frame, level).length)


@pytest.fixture(scope="module")
def demo_reference(demo):
    shapes = shapes_payload(demo)
    return shapes, reference_data(demo, shapes, "uk"), reference_data(demo, shapes, "uk", standalone=True)


def test_every_oblast_is_outlined_once_on_the_demo(demo):
    """On the demo's 1,768 communities the oblast lines follow every oblast's border, draw nothing far
    from one, and draw each border once: their length is half of all the oblasts' boundaries and the
    country's. The oblasts are the communities as the map draws them, merged, with the cracks and
    inlets narrower than the probes' reach closed (a few neighbours in the file leave a sliver
    between them, which is no border)."""
    reach, mitre = max(PROBES), {"join_style": "mitre", "mitre_limit": 2}
    geometry = shapely.buffer(simplified(demo.communities.geometry), reach, **mitre)
    keys = group_keys(demo.communities, "oblast")
    oblasts = [shapely.union_all(geometry[keys == k]) for k in np.unique(keys)]
    boundaries = [oblast.buffer(-reach, **mitre).boundary for oblast in oblasts]
    country = shapely.union_all(oblasts).buffer(-reach, **mitre).boundary
    lines_ = drawn(demo.communities, OBLAST)
    near = lines_.buffer(reach, quad_segs=2)
    for boundary in boundaries:
        assert boundary.difference(near).length < 0.02 * boundary.length
    assert lines_.difference(shapely.union_all(boundaries).buffer(reach, quad_segs=2)).length < 0.02 * lines_.length
    assert lines_.length == pytest.approx((sum(b.length for b in boundaries) + country.length) / 2, rel=0.1)
    raions = drawn(demo.communities, RAION)
    assert raions.length > 0.5 * lines_.length and shapely.intersection(raions, lines_).length < 1e-6


def test_outlines_add_a_few_kilobytes_to_the_home_map(demo, demo_reference):
    """Along the shapes the map sends anyway, both outlines are a few kilobytes; as lines of their own
    (the flow map) they are tens; the names of cities and communities tens too."""
    shapes, reference, standalone = demo_reference
    assert len(reference.oblasts) + len(reference.raions) < 15_000 < len(standalone.oblasts)
    assert len(reference.labels) < 40_000
    assert json.loads(reference.raions)["min_zoom"] == RAION_ZOOM


def test_labels_name_the_loaded_cities_in_the_maps_language(demo):
    """Every oblast centre of the loaded data is labelled, in Ukrainian or in English, before any other
    city; one city per community, and no community label where a city stands."""
    uk, en = labels_payload(demo.communities, "uk"), labels_payload(demo.communities, "en")
    assert uk["cities"]["name"][0] == "Київ" and en["cities"]["name"][0] == "Kyiv"
    centres = sum(uk["cities"]["centre"])
    assert centres == 26 and uk["cities"]["centre"][:centres] == [1] * centres
    assert {"Kryvyi Rih", "Bila Tserkva", "Zaporizhzhia", "Izium"} <= set(en["cities"]["name"])
    assert min(uk["cities"]["zoom"]) == 0 and max(uk["cities"]["zoom"]) <= COMMUNITY_ZOOM
    at = uk["communities"]["at"]
    assert len(at) == len(set(at)) == len(demo.communities) - len(uk["cities"]["name"])
    city_pcodes = set(demo.communities["pcode"].iloc[at])
    assert "UA8000000" not in city_pcodes  # Kyiv is labelled as the city
    first = np.asarray(uk["cities"]["xy"][:2]) / LABEL_GRID
    assert first.tolist() == pytest.approx([30.6045, 50.4106], abs=1 / LABEL_GRID)


def test_labels_of_a_few_communities_escaped_and_without_communities_when_the_map_has_none(demo, monkeypatch):
    """An oblast's file labels that oblast's cities only; a map without the community shapes names the
    cities only; a name is escaped before it reaches the browser."""
    oblast = demo.communities[demo.communities["oblast_pcode"] == "UA48"]
    payload = labels_payload(oblast, "uk")
    assert "Миколаїв" in payload["cities"]["name"] and "Київ" not in payload["cities"]["name"]
    assert sorted(payload["communities"]["at"]) == [
        i for i, p in enumerate(oblast["pcode"]) if p not in set(reference_layers.gazetteer()["pcode"])
    ]
    assert set(payload["communities"]) == {"at", "zoom"}  # their names and points are the browser's
    assert labels_payload(oblast, "uk", community_names=False)["communities"]["at"] == []
    hostile = reference_layers.gazetteer().assign(name_uk="<img src=x onerror=alert(1)>")
    monkeypatch.setattr(reference_layers, "gazetteer", lambda: hostile)
    assert labels_payload(oblast, "uk")["cities"]["name"][0] == "&lt;img src=x onerror=alert(1)&gt;"


def test_every_map_of_the_app_has_the_reference_layers(demo, small, demo_reference):
    """The home map, the Needs map, a forum stop with and without the communities and the flow map
    draw the outlines (runs along the shapes where the map has them, lines of their own where not)
    and the names, in panes of their own that take no clicks, listed in the layer control."""
    shapes, reference, standalone = demo_reference
    en = gettext_for("en")
    home = build_map(small, "open_needs", "en", "Demo").get_root().render()
    needs = needs_base_map(demo, "uk", "Demo", shapes, reference=reference).get_root().render()
    stop = Stop(id="s", title={"en": "t"}, text={"en": "x"}, lat=48.4, lon=31.2, zoom=6, layers=("hubs",))
    bare = forum_map(demo, stop, "en", "Demo", pd.Timestamp("2025-11-01").date(), shapes).get_root().render()
    flows = flow_map(demo, "UA1414005", "uk", ("out",), "Demo", standalone).get_root().render()
    for html in (home, needs, bare, flows):
        assert html.count("hm.outlines(") == 2 and html.count("hm.placeLabels(") == 1
        assert '"outlines");' in html and '"placenames");' in html
        assert html.count(".style.pointerEvents = 'none';") >= 2
    for html in (home, needs):
        assert '{"runs":' in html and '"land"' not in html
    for html in (bare, flows):
        assert '{"lines":' in html and '"land":' in html
    assert en("Oblast borders") in home and en("Raion borders") in home and en("Place names") in home
    assert isinstance(standalone, Reference) and standalone.standalone and not reference.standalone


def test_a_data_set_without_oblasts_still_has_the_countrys_outline(demo):
    """A communities file with neither oblast nor raion columns: the country's border is drawn, no raions."""
    bare = demo.communities.drop(columns=[c for c in demo.communities.columns if c.startswith(("oblast", "raion"))])
    frame = replace(demo, communities=bare)
    reference = reference_data(frame, shapes_payload(frame), "en", standalone=True)
    assert json.loads(reference.oblasts)["lines"]["lens"]
    assert not json.loads(reference.raions)["lines"]["lens"]
