"""The home map's needs layers: counts at community centres, never a household's point."""

import json

from geo.maps.needs_layer import needs_layers


def test_needs_sit_at_their_community_centre(small):
    """A need is counted at its community's centre, never at the household's own coordinates."""
    open_layer, closed_layer = needs_layers(small, "en")
    centres = small.communities.set_index("pcode")[["center_lat", "center_lon"]]
    where = set()
    for group in (open_layer, closed_layer):
        payload = json.loads(next(iter(group._children.values())).payload)
        where |= set(zip(payload["lat"], payload["lon"], strict=True))
    assert tuple(centres.loc["UA4806017"].round(5)) in where  # N-4, recorded at 47.1, 31.9
    assert (47.1, 31.9) not in where
