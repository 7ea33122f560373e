"""The map of a forum tour stop: its view, its layers, its date and flows, and escaped text."""

from __future__ import annotations

import datetime as dt
import json
import re

import folium
import pytest

from geo.figures.metrics import community_metrics
from geo.forum.forum_map import file_stem, forum_map, returned_view, stop_number
from geo.forum.forum_style import BORDER_COLOUR, border_weight
from geo.forum.tour import LAYERS, Stop
from geo.forum.tour_figures import stop_dataset
from geo.maps.map_builder import base_map

TODAY = dt.date(2025, 11, 1)
BAKHMUT = "UA1402001"
REFERENCE = ["Oblast borders", "Raion borders", "Place names"]  # on every map (geo.maps.reference_layers)
HOSTILE = "UA6510001"  # the fixture community named "Bilozerska <img src=x onerror=alert(1)>"


def a_stop(**fields) -> Stop:
    values = {"id": "test", "title": {"en": "Test stop"}, "text": {}, "lat": 46.97, "lon": 32.0, "zoom": 8}
    return Stop(**{**values, **fields})


def rendered(m) -> str:
    return m.get_root().render()


def elements(element, kind: str) -> list:
    """The map's elements of one class (by name), at any depth, in the order they are drawn."""
    found = [element] if type(element).__name__ == kind else []
    for child in getattr(element, "_children", {}).values():
        found += elements(child, kind)
    return found


def needs_drawn(m: folium.Map) -> int:
    """How many needs the map's needs layers hold (they carry counts per community)."""
    return sum(sum(json.loads(layer.payload)["count"]) for layer in elements(m, "NeedsPlaces"))


def layer_names(m: folium.Map) -> list[str]:
    """The names the layer control lists, in its order."""
    return [e.layer_name for e in m._children.values() if getattr(e, "control", False) and hasattr(e, "layer_name")]


@pytest.fixture(scope="module")
def country(demo) -> tuple[folium.Map, str]:
    """The demo's map at the country stop with every layer, and its HTML."""
    m = forum_map(demo, a_stop(lat=48.4, lon=31.2, zoom=6), "en", "Demo data.", TODAY)
    return m, rendered(m)


def test_the_map_opens_at_the_stops_view(demo):
    """The map is centred on the stop at its zoom, and nothing refits it to Ukraine afterwards."""
    html = rendered(forum_map(demo, a_stop(lat=46.97, lon=32.0, zoom=9, layers=("communities",)), "en", "", TODAY))
    assert "center: [46.97, 32.0]" in html
    assert re.search(r"[\"']?zoom[\"']?: 9\b", html)
    assert "fitBounds" not in html


def test_a_view_keeps_the_map_from_fitting_ukraine(demo):
    """Without a view the base map fits Ukraine's bounds: the check above is not vacuous."""
    metrics = community_metrics(demo.communities, demo.needs, demo.hubs, demo.idp_counts)
    assert "fitBounds" in rendered(base_map(demo, metrics, "en", "", layers=(), communities=False))
    html = rendered(base_map(demo, metrics, "en", "", layers=(), communities=False, view=(50.45, 30.52, 11)))
    assert "fitBounds" not in html and "center: [50.45, 30.52]" in html


def test_every_layer_of_the_country_stop_is_drawn(country):
    """All five layers are in the layer control, which stays open, and every asset is the app's own."""
    m, html = country
    assert layer_names(m) == ["Communities", "Unmet needs", "Closed needs", "Hubs", "IDP counts", *REFERENCE]
    assert elements(m, "Recolour") and elements(m, "LegendEntry")
    (control,) = elements(m, "LayerControl")
    assert control.options["collapsed"] is False
    links = re.findall(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"', html)
    assert links and all(link.startswith("/app/static/vendor/") for link in links)


def test_every_layer_the_stop_names_is_on(country):
    """A tour stop shows the layers it names, closed needs included (the home map starts with them off)."""
    m, _html = country
    layers = [e for e in m._children.values() if isinstance(e, folium.map.Layer) and e.control]
    assert len(layers) == 5 + len(REFERENCE) and all(layer.show for layer in layers)


def test_only_the_stops_layers_are_drawn(demo):
    """A stop with hubs only draws no communities and no needs; one with communities only, no markers."""
    hubs_only = forum_map(demo, a_stop(layers=("hubs",)), "en", "", TODAY)
    assert layer_names(hubs_only) == ["Hubs", *REFERENCE]
    assert not elements(hubs_only, "CommunityShapes")
    assert [e.section["key"] for e in elements(hubs_only, "LegendEntry")] == ["hubs"]
    communities_only = forum_map(demo, a_stop(layers=("communities",), metric="idps_hosted"), "en", "", TODAY)
    assert layer_names(communities_only) == ["Communities", *REFERENCE]
    (legend,) = elements(communities_only, "LegendEntry")
    assert legend.section["title"] == "IDPs hosted"
    assert not elements(communities_only, "NeedsPlaces")


def test_the_stops_date_is_applied(demo, country):
    """A stop as of 2025-07-01 draws only the needs reported by then; no date draws them all."""
    early = a_stop(lat=48.4, lon=31.2, zoom=6, as_of=dt.date(2025, 7, 1), layers=("open_needs", "closed_needs"))
    expected = len(stop_dataset(demo, early, TODAY).needs)
    assert needs_drawn(forum_map(demo, early, "en", "", TODAY)) == expected
    assert 0 < expected < needs_drawn(country[0]) == len(demo.needs)


def test_the_stops_filters_are_applied(demo):
    """A stop filtered to food needs in Kherson oblast draws those needs only."""
    stop = a_stop(layers=("open_needs", "closed_needs"), filters={"oblast": ["Khersonska"], "sector": ["food"]})
    needs = demo.needs
    wanted = needs[(needs["sector"] == "food") & needs["pcode"].str.startswith("UA65")]
    assert needs_drawn(forum_map(demo, stop, "en", "", TODAY)) == len(wanted) > 0


def test_flows_are_drawn_when_the_stop_names_a_community(demo):
    """flows: UA1402001 adds Bakhmut's flow layer; a stop without flows has none."""
    with_flows = rendered(forum_map(demo, a_stop(layers=("communities",), flows=BAKHMUT), "en", "", TODAY))
    assert "IDP flows: Bakhmutska" in with_flows
    assert "IDP flows" not in rendered(forum_map(demo, a_stop(layers=("communities",)), "en", "", TODAY))


def test_flows_of_a_community_not_in_the_data_are_left_out(small):
    """A tour written for other data: its flows community is missing, and the map still draws."""
    html = rendered(forum_map(small, a_stop(flows=BAKHMUT), "en", "", TODAY))
    assert "IDP flows" not in html


def test_hostile_text_is_escaped(small):
    """Names with markup reach the map (tooltips, flows, hubs, attribution) only as escaped text."""
    stop = a_stop(lat=46.8, lon=32.5, zoom=8, flows=HOSTILE)
    for lang in ("uk", "en"):
        html = rendered(forum_map(small, stop, lang, "<script>alert(2)</script>", TODAY))
        assert "<img src=x" not in html and "<script>alert(2)" not in html
        assert "<b>bold</b>" not in html and "${alert(1)}" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html or "\\u0026lt;img src=x" in html


def test_community_borders_are_dark_and_grow_with_the_zoom(demo):
    """Projector borders: dark, thin for the country (1,767 of them), thick for a close-up. They are
    the polygons' own style, which their canvas draws (no style sheet reaches a canvas)."""
    weights = []
    for zoom in (6, 10):
        html = rendered(forum_map(demo, a_stop(zoom=zoom, layers=("communities",)), "en", "", TODAY))
        found = re.search(r'hm\.communityShapes\(.*?\}, (\{[^{}]*\}), "communities",\s*"canvas"\)', html, re.S)
        assert found, "the community polygons are not drawn on a canvas"
        style = json.loads(found.group(1))
        assert style["color"] == BORDER_COLOUR and style["opacity"] == 1
        assert style["fillOpacity"] == 0.75  # the fills stay the map's
        weights.append(style["weight"])
    assert weights == [border_weight(6), border_weight(10)] and weights[0] < weights[1]


def test_the_map_uses_the_larger_projector_styles(country):
    """The legend and layer list are set larger inside the map, for the back of the hall."""
    assert ".hm-legend { font-size: 20px" in country[1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, (1, False)),
        ("", (1, False)),
        ("3", (3, False)),
        ("7", (7, False)),
        ("8", (1, True)),
        ("0", (1, True)),
        ("-2", (1, True)),
        ("2.5", (1, True)),
        ("abc", (1, True)),
        ("٣", (1, True)),
    ],
)
def test_stop_number_from_the_address(value, expected):
    """?stop= is 1-based; anything else gives the first stop and is reported."""
    assert stop_number(value, 7) == expected


def test_returned_view_uses_the_map_once_it_has_moved():
    """Before the map moves only its zoom comes back: the stop's centre is used."""
    stop = a_stop(lat=46.97, lon=32.0, zoom=8)
    assert returned_view(None, stop) == (46.97, 32.0, 8)
    assert returned_view({"zoom": 9}, stop) == (46.97, 32.0, 9)
    assert returned_view({"center": {"lat": 47.123456, "lng": 33.5}, "zoom": 10.0}, stop) == (47.1235, 33.5, 10)


def test_file_names_are_safe():
    """An export's file name carries the stop's number, a slug of its id and the language, nothing else."""
    assert file_stem(a_stop(id="kherson-oblast"), 3, "uk") == "forum-03-kherson-oblast-uk"
    assert file_stem(a_stop(id="../../etc/passwd"), 12, "en") == "forum-12-etc-passwd-en"
    assert file_stem(a_stop(id="Миколаїв"), 1, "en") == "forum-01-stop-1-en"


def test_layer_keys_match_the_tour():
    """The map knows every layer a tour may name."""
    assert LAYERS == ("communities", "open_needs", "closed_needs", "hubs", "idps")
