"""Nearest first: distances from a hub or a point to every need, and the list sorted by them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.figures.distance import Origin, haversine_km, nearest_first, parse_point, point_text, resolve_origin


def test_distances_match_known_ones():
    """Kyiv to Lviv is about 470 km and Kyiv to itself is 0, for a whole column at once."""
    km = haversine_km(np.array([49.8397, 50.4501]), np.array([24.0297, 30.5234]), 50.4501, 30.5234)
    assert km[0] == pytest.approx(469, abs=3)
    assert km[1] == pytest.approx(0, abs=1e-9)


def test_nearest_come_first_and_ties_keep_their_order():
    """Needs are listed by distance; needs at the same place keep the order they had (longest waiting first)."""
    needs = pd.DataFrame(
        {
            "need_id": ["far", "near-1", "near-2", "middle"],
            "loc_lat": [50.45, 47.0, 47.0, 48.0],
            "loc_lon": [30.5, 32.0, 32.0, 32.0],
        }
    )
    out = nearest_first(needs, Origin(46.97, 32.0))
    assert out["need_id"].tolist() == ["near-1", "near-2", "middle", "far"]
    assert out["distance_km"].iloc[0] == pytest.approx(3.3, abs=0.1)


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("46.975,31.9946", (46.975, 31.9946)),
        (" 50 , 30 ", (50.0, 30.0)),
        ("95,30", None),
        ("50,190", None),
        ("x,y", None),
        ("", None),
    ],
)
def test_points_are_read_only_when_they_are_on_earth(text, point):
    """A point in a link is lat,lon in degrees; anything else is not a point."""
    assert parse_point(text) == point


def test_an_origin_is_a_hub_or_a_point(small):
    """near=<hub id> measures from the hub; near=lat,lon from that point; anything else from nowhere."""
    hub = resolve_origin("H-2", small.hubs)
    assert (hub.lat, hub.lon, hub.hub_id) == (46.7, 32.2, "H-2")
    assert resolve_origin(point_text(47.123456, 31.5), small.hubs) == Origin(47.1235, 31.5)
    assert resolve_origin("nowhere", small.hubs) is None
    assert resolve_origin(None, small.hubs) is None
