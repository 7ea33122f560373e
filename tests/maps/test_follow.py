"""The map follows the selection: the bounds it fits, the community it outlines, and the maps it leaves alone."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest
from streamlit_folium import generate_leaflet_string

from geo.figures.filters import Filters, apply
from geo.figures.metrics import community_metrics
from geo.figures.needs_view import open_counts, ordered, prepare_needs
from geo.forum.forum_map import forum_map
from geo.forum.tour import Stop
from geo.maps.assets import JS_DIR, OWN_SCRIPTS
from geo.maps.flow_layer import flow_layer
from geo.maps.follow import (
    FOCUS_MAX_ZOOM,
    NEEDS_MAX_ZOOM,
    OUTLINE_LINE,
    bounds_of,
    community_bounds,
    focus_layer,
    follow_needs,
)
from geo.maps.map_builder import base_map
from geo.maps.needs_map import needs_layers

TODAY = dt.date(2025, 8, 11)
EVERY = ("open", "in_progress", "closed")
BAKHMUT = "UA1402001"


ALL_NEEDS = Filters(status=EVERY)


def listed(dataset, filters: Filters = ALL_NEEDS) -> pd.DataFrame:
    return ordered(apply(prepare_needs(dataset, False), filters, TODAY), TODAY)


def script(group) -> str:
    return generate_leaflet_string(group, base_id="feature_group_0")


def payload(js: str, function: str) -> dict:
    """The JSON a layer hands ``hm.<function>`` in a rendered script."""
    return json.loads(re.search(rf"hm\.{function}\((\{{.*?\}})\);", js, re.S).group(1))


def inside(bounds, lat: float, lon: float) -> bool:
    (south, west), (north, east) = bounds
    return south <= lat <= north and west <= lon <= east


def test_bounds_hold_every_point_and_no_more(demo):
    """The bounds of the needs' places hold each one, and are the places' own box (rounded outwards, 1e-5°)."""
    needs = listed(demo)
    bounds = bounds_of(needs["loc_lat"], needs["loc_lon"])
    assert all(inside(bounds, lat, lon) for lat, lon in zip(needs["loc_lat"], needs["loc_lon"], strict=True))
    (south, west), (north, east) = bounds
    lat, lon = needs["loc_lat"], needs["loc_lon"]
    assert (south, north) == (pytest.approx(lat.min(), abs=1e-5), pytest.approx(lat.max(), abs=1e-5))
    assert (west, east) == (pytest.approx(lon.min(), abs=1e-5), pytest.approx(lon.max(), abs=1e-5))
    assert bounds_of(pd.Series([], dtype=float), pd.Series([], dtype=float)) is None
    assert bounds_of(pd.Series([None, 47.0]), pd.Series([31.0, None])) is None  # no point with both


def test_the_needs_map_fits_the_filtered_needs(demo):
    """After a filter the Needs map fits the needs left, at most zoom 10; one community's needs are one point."""
    one = listed(demo, Filters(status=EVERY, community=("UA4806037",)))
    groups = needs_layers(one, open_counts(one), demo, "en", False)
    fit = payload("".join(script(g) for g in groups), "followBounds")
    centre = demo.communities.set_index("pcode").loc["UA4806037", ["center_lat", "center_lon"]]
    assert inside(fit["bounds"], float(centre["center_lat"]), float(centre["center_lon"]))
    (south, west), (north, east) = fit["bounds"]
    assert north - south <= 2e-5 and east - west <= 2e-5  # a point: the zoom limit makes the view
    assert fit["max_zoom"] == NEEDS_MAX_ZOOM and fit["padding"] > 0


def test_nothing_left_leaves_the_map_where_it_is(demo):
    """A filter that leaves no need sends no bounds: the map stays."""
    none = listed(demo, Filters(status=EVERY, community=("UA2106007",)))  # Yasinianska: no needs
    assert none.empty
    groups = needs_layers(none, open_counts(none), demo, "en", False)
    assert "followBounds" not in "".join(script(g) for g in groups)
    assert follow_needs(none) is None


def test_the_fit_is_never_in_the_layer_control(demo):
    """Unticking a layer never refits the map: the fitting layer has a group of its own, out of the control."""
    group = follow_needs(listed(demo))
    assert group is not None and group.control is False


def test_a_community_is_zoomed_to_and_outlined(demo):
    """The focus layer names the community, its bounds (from its shape) and a thick outline that lets clicks through."""
    js = script(focus_layer(demo, BAKHMUT))
    focus = payload(js, "focusCommunity")
    shape = demo.communities.set_index("pcode").loc[BAKHMUT, "geometry"]
    west, south, east, north = shape.bounds
    (s, w), (n, e) = focus["bounds"]
    assert s <= south and w <= west and n >= north and e >= east
    assert max(south - s, west - w, n - north, e - east) <= 1e-5
    assert focus["pcode"] == BAKHMUT and focus["max_zoom"] == FOCUS_MAX_ZOOM
    assert focus["line"]["weight"] >= 3 and focus["halo"]["weight"] > focus["line"]["weight"]
    assert focus["line"] == OUTLINE_LINE
    assert community_bounds(demo.communities, "UA0000000") is None


def test_the_browser_code_of_following_is_served(demo):
    """follow.js and markers.js are among the map's own scripts, after hromada.js."""
    files = list(OWN_SCRIPTS.values())
    assert files[0] == "hromada.js" and {"follow.js", "markers.js"} <= set(files)
    code = (JS_DIR / "follow.js").read_text(encoding="utf-8")
    assert "hm.followBounds = " in code and "hm.focusCommunity = " in code


def test_a_forum_stop_is_never_refitted(demo):
    """A stop's map (flows included) has no layer that fits or zooms: it opens at the stop's view and stays."""
    stop = Stop(
        id="bakhmut",
        title={"en": "Bakhmut"},
        text={},
        lat=48.9,
        lon=33.3,
        zoom=7,
        layers=("communities", "hubs", "idps"),
        flows=BAKHMUT,
    )
    html = forum_map(demo, stop, "en", "Demo data.", TODAY).get_root().render()
    assert "hm.followBounds(" not in html and "hm.focusCommunity(" not in html
    assert "fitBounds" not in html
    flows = script(flow_layer(demo, BAKHMUT, "en"))  # shared by the stops and the home map
    assert "followBounds" not in flows and "focusCommunity" not in flows


def test_the_home_map_base_does_not_move_by_itself(demo):
    """The base map fits Ukraine once; only the pages' feature groups follow a selection."""
    metrics = community_metrics(demo.communities, demo.needs, demo.hubs, demo.idp_counts)
    html = base_map(demo, metrics, "en", "").get_root().render()
    assert "hm.followBounds(" not in html and "hm.focusCommunity(" not in html
