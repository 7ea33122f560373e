"""The map as folium builds it: its layers, its legend, escaped text and no CDN."""

import json
import re

import folium
import folium.plugins
import pytest
from fakes import FIXTURE_SECRETS

from geo.maps.assets import BUNDLE, JS_DIR, LOCAL_ASSETS, STATIC_URL, UnknownAssetError, localize
from geo.maps.map_builder import build_map
from geo.maps.map_click import pcode_mark
from geo.maps.shapes import Places, places_payload
from geo.text.i18n import gettext_for

ATTRIBUTION = "Demo data"


@pytest.fixture(scope="module", params=["uk", "en"])
def rendered(request, small):
    m = build_map(small, "open_needs", request.param, ATTRIBUTION)
    return request.param, m, m.get_root().render()


def _overlay_names(m: folium.Map) -> list[str]:
    return [
        child.layer_name
        for child in m._children.values()
        if getattr(child, "overlay", False) and getattr(child, "control", False)
    ]


def _payload(element) -> dict:
    return json.loads(element.payload if hasattr(element, "payload") else element.data)


def _layers(m: folium.Map, kind: str) -> list:
    found = []
    for group in m._children.values():
        found += [c for c in getattr(group, "_children", {}).values() if type(c).__name__ == kind]
        if type(group).__name__ == kind:
            found.append(group)
    return found


def test_four_overlays_and_the_communities_layer_in_the_users_language(rendered):
    """The layer control lists the communities, Open needs, Closed needs, Hubs and IDP counts, then the
    reference layers (geo.maps.reference_layers)."""
    lang, m, _html = rendered
    _ = gettext_for(lang)
    assert _overlay_names(m) == [
        _("Communities"), _("Unmet needs"), _("Closed needs"), _("Hubs"), _("IDP counts"),
        _("Oblast borders"), _("Raion borders"), _("Place names"),
    ]  # fmt: skip
    assert any(isinstance(c, folium.LayerControl) for c in m._children.values())


def test_needs_are_counted_per_community_not_thousands_of_markers(small, rendered):
    """Needs go to the browser as one count per community and layer, built into clustered markers there."""
    _lang, m, _html = rendered
    places = [_payload(p) for p in _layers(m, "NeedsPlaces")]
    assert len(places) == 2
    assert sum(sum(p["count"]) for p in places) == len(small.needs)
    assert all(len(p["count"]) <= small.needs["pcode"].nunique() for p in places)
    assert not [c for c in m._children.values() if isinstance(c, folium.Marker)]


def test_open_layer_holds_open_and_in_progress(small, rendered):
    """Needs in progress are still unmet, so they are on the Unmet needs layer."""
    _lang, m, _html = rendered
    open_layer, closed_layer = (_payload(p) for p in _layers(m, "NeedsPlaces"))
    assert sum(open_layer["count"]) == int(small.needs["status"].isin(["open", "in_progress"]).sum())
    assert sum(closed_layer["count"]) == int((small.needs["status"] == "closed").sum())


def test_each_overlay_is_drawn_by_its_browser_function(rendered):
    """The overlays share one element (``BrowserLayer``); each calls its own hm.* function once, with its data."""
    _lang, m, html = rendered
    for kind, function in (("NeedsPlaces", "needsPlaces"), ("HubMarkers", "hubMarkers"), ("IdpCircles", "idpCircles")):
        for layer in _layers(m, kind):
            assert f"var {layer.get_name()} = hm.{function}({layer.payload});" in html
    assert html.count("hm.needsPlaces(") == 2 and html.count("hm.hubMarkers(") == html.count("hm.idpCircles(") == 1


def test_no_asset_comes_from_the_internet(rendered):
    """Every script and stylesheet is served by the app itself, so the map draws offline."""
    _lang, _m, html = rendered
    links = re.findall(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"', html)
    assert links and all(link.startswith("/app/static/vendor/") for link in links)
    assert not re.search(r"https?://(?!example\.org)", html)  # only the hub's own website, as data


def test_hostile_text_is_escaped_everywhere(rendered):
    """A name like <img onerror=...> or ${...} shows as text and never runs."""
    _lang, _m, html = rendered
    assert "<img src=x" not in html
    assert "\\u003cimg" not in html  # not even inside JSON, where the browser would decode it
    assert "<script>alert" not in html and "\\u003cscript\\u003ealert" not in html
    assert "${alert" not in html
    assert "javascript:alert" not in html.replace("&#92;", "")  # the unsafe website is not a link
    # The hostile name is there, as text (escaped for HTML, then its & escaped again for <script>).
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html


def test_a_click_on_a_community_names_it_as_geo_map_click_reads_it(small):
    """The hidden mark the browser adds to a tooltip is exactly the one geo.maps.map_click parses."""
    m = folium.Map(tiles=None)
    Places(places_payload(small, "en")).add_to(m)
    assert "hm.places(" in m.get_root().render()
    browser_code = (JS_DIR / "hromada.js").read_text(encoding="utf-8")
    assert pcode_mark("UA4806037") == "<span hidden>[pcode=" + "UA4806037" + "]</span>"
    assert '"<span hidden>[pcode=" + d.pcode[i] + "]</span>"' in browser_code


def test_need_layers_carry_no_personal_data(small, rendered):
    """The needs layers hold counts and sectors, and none of the household's personal details."""
    _lang, m, html = rendered
    text = json.dumps([_payload(p) for p in _layers(m, "NeedsPlaces")])
    for secret in FIXTURE_SECRETS:
        assert secret not in text and secret not in html


def test_localize_refuses_unknown_assets():
    """A new plugin with a CDN asset fails loudly instead of silently needing the internet."""
    m = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(UnknownAssetError, match="local copy"):
        localize(m)


def test_localize_keeps_only_served_files():
    """Bootstrap and icon fonts that the map does not use are dropped, Leaflet is served locally."""
    m = folium.Map(tiles=None)
    localize(m, "/base", bundled=False)
    assert dict(m.default_js)["leaflet"] == "/base/" + LOCAL_ASSETS["leaflet"]
    assert "bootstrap" not in dict(m.default_js) and dict(m.default_js)["jquery"] == "/base/" + LOCAL_ASSETS["jquery"]


def test_a_served_map_loads_one_script_file(small):
    """streamlit-folium loads each script only after the last one: the home map's scripts are one bundle,
    and the page lists it once."""
    html = build_map(small, "open_needs", "en", ATTRIBUTION).get_root().render()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert set(scripts) == {"/" + STATIC_URL + "/" + BUNDLE}
    assert "$(" not in html  # no jQuery in the bundle: nothing on the map may call it (folium.Popup does)
