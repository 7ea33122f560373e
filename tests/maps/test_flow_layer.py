"""The IDP flows layer (geo/maps/flow_layer.py): what reaches the page from a community's name."""

from __future__ import annotations

from dataclasses import replace

from geo.maps.flow_layer import flow_layer

HOSTILE = '<img src=x onerror="alert(1)">Шевченківська'


def test_a_hostile_community_name_reaches_the_layer_control_as_text(small):
    """Leaflet's layer control writes layer names as HTML: the flows layer's name is escaped."""
    communities = small.communities.copy()
    communities.loc[communities["pcode"] == "UA4806037", ["name_uk", "name_en"]] = HOSTILE
    group = flow_layer(replace(small, communities=communities), "UA4806037", "uk")
    assert "<img" not in group.layer_name and "&lt;img" in group.layer_name
    assert group.layer_name.endswith("Шевченківська")
