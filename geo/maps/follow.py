"""The map follows the selection: it fits what a filter left, and zooms to a community and outlines it.

Both are layers drawn by ``js/follow.js`` that act when they are added to the map. A page puts
them in a feature group for ``st_folium(feature_group_to_add=...)``, so the view moves without the
map being reloaded. streamlit-folium adds every such group again whenever any of them changes
(another metric, another point to measure from): the browser remembers what a map last fitted and
moves it only when that changes, so a visitor's own panning stays until the selection changes.

Nothing here is on a forum stop's map (``geo.forum.forum_map``), which opens at the stop's own
view and keeps it, nor in ``geo.maps.flow_layer``, which the stops share.
"""

from __future__ import annotations

import math

import folium
import pandas as pd

from geo.ingest.loaders import Dataset
from geo.maps.map_elements import BrowserLayer
from geo.maps.shapes import json_text

PADDING = 40  # pixels between what is fitted and the edge of the map
# One need, or the needs of one community (all at its centre in the public view), shows its
# community and the neighbours, not a street: about 100 km across a laptop's map.
NEEDS_MAX_ZOOM = 10
FOCUS_MAX_ZOOM = 11  # a small city community still shows its neighbours
FLOWS_MAX_ZOOM = 9  # the home map's flows: the community and the first stretch of every arc that leaves it
# The outline of a community zoomed to: a dark line on a white halo, readable on every colour ramp.
OUTLINE_HALO = {"color": "#ffffff", "weight": 7, "opacity": 0.9, "className": "hm-focus-halo"}
OUTLINE_LINE = {"color": "#111111", "weight": 3.5, "opacity": 1, "className": "hm-focus"}

Bounds = list[list[float]]  # [[south, west], [north, east]]


def bounds_of(lat: pd.Series, lon: pd.Series) -> Bounds | None:
    """[[south, west], [north, east]] around the points (rounded outwards to 1e-5°); None if there are none."""
    lat, lon = pd.to_numeric(lat, errors="coerce"), pd.to_numeric(lon, errors="coerce")
    known = lat.notna() & lon.notna()
    if not known.any():
        return None
    lat, lon = lat[known], lon[known]
    return [
        [_down(float(lat.min())), _down(float(lon.min()))],
        [_up(float(lat.max())), _up(float(lon.max()))],
    ]


def _down(value: float) -> float:
    return math.floor(value * 1e5) / 1e5


def _up(value: float) -> float:
    return math.ceil(value * 1e5) / 1e5


class FollowBounds(BrowserLayer):
    """Fit the view to bounds when added (``hm.followBounds``), unless the map last fitted the same."""

    js_function = "followBounds"


class FocusCommunity(BrowserLayer):
    """Zoom to one community and outline it above the fills (``hm.focusCommunity``)."""

    js_function = "focusCommunity"


def follow_needs(needs: pd.DataFrame, max_zoom: int = NEEDS_MAX_ZOOM) -> folium.FeatureGroup | None:
    """A layer that fits the map to where ``needs`` are drawn (``loc_lat``, ``loc_lon``); None when
    there are none, so that the map stays where it is."""
    if needs.empty or "loc_lat" not in needs.columns:
        return None
    bounds = bounds_of(needs["loc_lat"], needs["loc_lon"])
    if bounds is None:
        return None
    group = folium.FeatureGroup(name="follow", control=False)  # never in the layer control: never unticked
    payload = {"bounds": bounds, "padding": PADDING, "max_zoom": max_zoom}
    FollowBounds(json_text(payload), "follow").add_to(group)
    return group


def community_bounds(communities: pd.DataFrame, pcode: str) -> Bounds | None:
    """[[south, west], [north, east]] of a community's shape; None if it has none."""
    shape = communities.loc[communities["pcode"] == pcode, "geometry"]
    if shape.empty or shape.iloc[0] is None or shape.iloc[0].is_empty:
        return None
    west, south, east, north = shape.iloc[0].bounds
    return [[_down(south), _down(west)], [_up(north), _up(east)]]


def focus_layer(dataset: Dataset, pcode: str, max_zoom: int = FOCUS_MAX_ZOOM) -> folium.FeatureGroup:
    """A layer that zooms to ``pcode`` and outlines it with a thick line above the fills.

    The outline is drawn from the community's polygon on the map (``window.hmCommunities``, from
    ``geo.maps.shapes.CommunityShapes``): a map without the community shapes only zooms.
    """
    group = folium.FeatureGroup(name="focus", control=False)
    payload = {
        "pcode": pcode,
        "bounds": community_bounds(dataset.communities, pcode),
        "padding": PADDING,
        "max_zoom": max_zoom,
        "halo": OUTLINE_HALO,
        "line": OUTLINE_LINE,
    }
    FocusCommunity(json_text(payload), "focus").add_to(group)
    return group
