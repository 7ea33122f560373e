"""The Needs page's map: a base that stays the same, layers that follow the filters, and clicks."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from fakes import FIXTURE_SECRETS
from streamlit_folium import generate_leaflet_string

from geo.figures.filters import Filters, apply
from geo.figures.needs_view import open_counts, ordered, prepare_needs
from geo.ingest.loaders import load_dataset
from geo.maps.choropleth import ZERO_COLOUR
from geo.maps.need_places import POPUP_ROWS, _escaped, place_payload
from geo.maps.needs_map import (
    MapClick,
    after_click,
    needs_base_map,
    needs_layers,
    parse_click,
)
from geo.maps.shapes import shapes_payload

TODAY = date(2025, 8, 11)
SECRETS = FIXTURE_SECRETS
EVERY = ("open", "in_progress", "closed")
ALL_NEEDS = Filters(status=EVERY)


def listed(dataset, filters: Filters = ALL_NEEDS, internal: bool = False):
    return ordered(apply(prepare_needs(dataset, internal), filters, TODAY), TODAY)


def layers_js(dataset, needs, lang="en", internal=False) -> str:
    groups = needs_layers(needs, open_counts(needs), dataset, lang, internal)
    return "".join(generate_leaflet_string(g, base_id=f"feature_group_{i}") for i, g in enumerate(groups))


def test_the_base_map_is_the_same_whatever_the_filters(small):
    """Two builds give the same script, so streamlit-folium never reloads the map on a filter change."""
    shapes = shapes_payload(small, "uk")
    first = generate_leaflet_string(needs_base_map(small, "uk", "Demo", shapes))
    second = generate_leaflet_string(needs_base_map(small, "uk", "Demo", shapes))
    assert first == second
    assert "hm.communityShapes(" in first and "Secret" not in first


def test_map_counts_agree_with_the_list(demo):
    """The markers hold exactly the filtered needs: their counts add up to the list's length."""
    for filters in (Filters(), Filters(status=EVERY), Filters(sector=("food",), verified=True)):
        needs = listed(demo, filters)
        payload = place_payload(needs, demo, "uk", internal=False)
        assert sum(payload["count"]) == len(needs)
        assert sum(payload["people"]) == int(needs["people"].sum())
        assert all(len(rows) == min(POPUP_ROWS, n) for rows, n in zip(payload["rows"], payload["count"], strict=True))


def test_public_places_are_community_centres(small):
    """In the public view each marker stands at a community's centre, N-4 included."""
    payload = place_payload(listed(small), small, "en", internal=False)
    centres = set(zip(small.communities["center_lat"], small.communities["center_lon"], strict=True))
    assert set(zip(payload["lat"], payload["lon"], strict=True)) <= centres
    assert (47.1, 31.9) not in set(zip(payload["lat"], payload["lon"], strict=True))


def test_no_personal_data_in_the_public_layers_even_from_internal_data(fixture_sources):
    """Built for the public view, the layers carry no name, phone, address or note, whatever was loaded."""
    dataset, _results = load_dataset(fixture_sources, keep_personal=True)
    public = layers_js(dataset, listed(dataset, internal=False))
    assert not any(secret in public for secret in SECRETS)
    internal = layers_js(dataset, listed(dataset, internal=True), internal=True)
    assert "Secret Person Four" in internal  # the internal view is for the people who call back
    payload = place_payload(listed(dataset, internal=True), dataset, "en", internal=True)
    assert (47.1, 31.9) in set(zip(payload["lat"], payload["lon"], strict=True))


def test_hostile_text_is_escaped_in_the_layers(small):
    """Providers with markup and template syntax reach the browser escaped, never as markup."""
    js = layers_js(small, listed(small))
    assert "<script>alert" not in js and "\\u003cscript" not in js
    assert "${alert" not in js
    assert "\\u0026lt;script\\u0026gt;" in js  # &lt;script&gt;, as JSON in a script


def test_communities_are_coloured_by_filtered_open_needs(small):
    """The colour layer sends a colour and a count per community (no shapes) and a legend naming the measure."""
    js = layers_js(small, listed(small, Filters(sector=("food",))))
    recolour = json.loads(re.search(r"hm\.recolour\((\{.*?\})\);", js).group(1))
    palette, colours, texts = recolour["palette"], recolour["colours"], recolour["texts"]
    order = list(small.communities["pcode"])
    coloured = [order[i] for i, c in enumerate(colours) if c >= 0]
    assert coloured == ["UA4806037"] and palette[colours[order.index("UA4806037")]] != ZERO_COLOUR
    assert texts == ["1" if p == "UA4806037" else "0" for p in order]
    assert "Unmet needs matching the filters" in js
    assert '"shapes"' not in js  # the shapes stay in the base map


def test_the_layers_need_nothing_from_the_internet(small):
    """The marker-cluster script of the needs layer is served by the app itself."""
    groups = needs_layers(listed(small), open_counts(listed(small)), small, "uk", False)
    links = [url for g in groups for child in g._children.values() for _n, url in getattr(child, "default_js", [])]
    assert links and all(url.startswith("/app/static/vendor/") for url in links)


CLICKED_POLYGON = {
    "last_object_clicked": {"lat": 47.3, "lng": 31.2},
    "last_active_drawing": {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [[[31, 47], [32, 47], [32, 48], [31, 47]]]},
        "properties": {"pcode": "UA4806037", "tip": "<b>x</b>"},
    },
}
CLICKED_HUB = {
    "last_object_clicked": {"lat": 46.7, "lng": 32.2},
    "last_active_drawing": {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [32.2, 46.7]},
        "properties": {"hub": 1},
    },
}


@pytest.mark.parametrize(
    ("value", "click"),
    [
        (CLICKED_POLYGON, MapClick(47.3, 31.2, "UA4806037", None)),
        (CLICKED_HUB, MapClick(46.7, 32.2, None, 1)),
        ({"last_object_clicked": {"lat": 46.0, "lng": 30.0}, "last_active_drawing": None}, MapClick(46.0, 30.0)),
        ({"last_object_clicked": None, "last_active_drawing": None}, None),  # before any click
        (None, None),
        ({"last_object_clicked": {"lat": "x"}}, None),
        (
            {"last_object_clicked": {"lat": 1, "lng": 2}, "last_active_drawing": {"geometry": "junk", "properties": 5}},
            MapClick(1, 2),
        ),
    ],
)
def test_what_streamlit_folium_returns_is_read_safely(value, click):
    """A click on a community gives its P-code, on a hub its row; anything odd gives nothing."""
    assert parse_click(value) == click


def test_a_click_narrows_to_the_community_or_sets_the_origin(small):
    """Choosing a community replaces the community filter; measuring uses the hub or the point clicked."""
    start = Filters(sector=("food",), community=("UA6510001",))
    polygon, hub = parse_click(CLICKED_POLYGON), parse_click(CLICKED_HUB)
    assert after_click(start, polygon, "community", small.hubs) == Filters(sector=("food",), community=("UA4806037",))
    assert after_click(start, hub, "community", small.hubs) == start  # a hub is not a community
    assert after_click(start, hub, "distance", small.hubs).near == "H-2"
    assert after_click(start, polygon, "distance", small.hubs).near == "47.3000,31.2000"


def test_escaping_shortcut_matches_esc():
    """Text is escaped exactly as geo.text.safe_html.esc does, for every printable character."""
    import pandas as pd

    from geo.text.safe_html import esc

    values = pd.Series([f"a{chr(i)}b" for i in range(32, 127)] + ["Шевченківська ʼ", None], dtype="string")
    assert _escaped(values) == [esc(v) for v in values[:-1]] + [""]


def test_a_standalone_page_still_draws_the_needs(small):
    """Rendered as a whole HTML page (not through streamlit-folium), the needs layer is defined before it is added."""
    needs = listed(small)
    m = needs_base_map(small, "en", "Demo", shapes_payload(small, "en"))
    for group in needs_layers(needs, open_counts(needs), small, "en", False):
        group.add_to(m)
    html = m.get_root().render()
    name = re.search(r"var (needs_places_\w+) = hm\.needsPlaces\(", html).group(1)
    assert html.index(f"var {name} = ") < html.index(f"{name}.addTo(")
    assert '"count":[' in html


def test_the_view_follows_the_filtered_needs_in_both_views(fixture_sources):
    """The Needs map's fitting layer holds every filtered need's place, household points of the internal view too."""
    from geo.maps.follow import NEEDS_MAX_ZOOM

    dataset, _results = load_dataset(fixture_sources, keep_personal=True)
    for internal in (False, True):
        needs = listed(dataset, internal=internal)
        js = layers_js(dataset, needs, internal=internal)
        fit = json.loads(re.search(r"hm\.followBounds\((\{.*?\})\);", js).group(1))
        (south, west), (north, east) = fit["bounds"]
        assert all(south <= lat <= north for lat in needs["loc_lat"])
        assert all(west <= lon <= east for lon in needs["loc_lon"])
        assert north - south <= needs["loc_lat"].max() - needs["loc_lat"].min() + 2e-5
        assert fit["max_zoom"] == NEEDS_MAX_ZOOM
    nothing = listed(dataset, Filters(status=EVERY, sector=("no_such_sector",)))
    assert nothing.empty and "followBounds" not in layers_js(dataset, nothing)
