"""The map as folium builds it: its layers, its legend, escaped text and no CDN."""

import json
import re

import folium
import folium.plugins
import pytest
from fakes import FIXTURE_SECRETS

from geo.figures.metrics import METRICS, community_metrics
from geo.maps.assets import JS_DIR, LOCAL_ASSETS, UnknownAssetError, localize
from geo.maps.choropleth import classify
from geo.maps.map_builder import build_map, choropleth_layer, hub_payload, needs_layers
from geo.maps.map_click import pcode_mark
from geo.maps.shapes import Places, Recolour, places_payload
from geo.text.i18n import gettext_for

ATTRIBUTION = "Demo data"


@pytest.fixture(scope="module")
def metrics(small):
    return community_metrics(small.communities, small.needs, small.hubs, small.idp_counts)


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
    """The layer control lists the communities, Open needs, Closed needs, Hubs and IDP counts."""
    lang, m, _html = rendered
    _ = gettext_for(lang)
    assert _overlay_names(m) == [_("Communities"), _("Open needs"), _("Closed needs"), _("Hubs"), _("IDP counts")]
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
    """Needs in progress are still unmet, so they are on the Open needs layer."""
    _lang, m, _html = rendered
    open_layer, closed_layer = (_payload(p) for p in _layers(m, "NeedsPlaces"))
    assert sum(open_layer["count"]) == int(small.needs["status"].isin(["open", "in_progress"]).sum())
    assert sum(closed_layer["count"]) == int((small.needs["status"] == "closed").sum())


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


def test_community_tooltips_name_the_community_and_the_metric(small, metrics):
    """Hovering shows the community's name and raion, then the metric's figure."""
    places = json.loads(places_payload(small, "en"))
    position = places["pcode"].index("UA4806037")
    assert places["name"][position] == "Shevchenkivska"
    assert places["raion"]["values"][places["raion"]["codes"][position]] == "Mykolaivskyi"
    recolour = next(
        c for c in choropleth_layer(small, metrics, "idps_hosted", "en")._children.values() if isinstance(c, Recolour)
    )
    data = recolour.payload
    assert data["texts"][position] == "1,000" and data["label"] == "IDPs hosted"
    assert data["palette"][data["colours"][position]] == classify(metrics["idps_hosted"], "idps_hosted").colour(1000)
    hostile = places["pcode"].index("UA6510001")
    assert places["name"][hostile] == "Bilozerska &lt;img src=x onerror=alert(1)&gt;"


def test_a_click_on_a_community_names_it_as_geo_map_click_reads_it(small):
    """The hidden mark the browser adds to a tooltip is exactly the one geo.maps.map_click parses."""
    m = folium.Map(tiles=None)
    Places(places_payload(small, "en")).add_to(m)
    assert "hm.places(" in m.get_root().render()
    browser_code = (JS_DIR / "hromada.js").read_text(encoding="utf-8")
    assert pcode_mark("UA4806037") == "<span hidden>[pcode=" + "UA4806037" + "]</span>"
    assert '"<span hidden>[pcode=" + d.pcode[i] + "]</span>"' in browser_code


def test_hub_popups_give_services_hours_and_contact(small):
    """A hub's popup tells what it offers, when, and how to reach it; bad links are not links."""
    hubs = hub_payload(small, "uk")
    services = [hubs["services"]["values"][c] for c in hubs["services"]["codes"]]
    hours = [hubs["hours"]["values"][c] for c in hubs["hours"]["codes"]]
    assert "юридична допомога" in services[0] and hours[0] == "Пн–Пт 09:00–18:00"
    assert hubs["phone"][0] == "+380 44 000 00 01" and hubs["website"][0] == "https://example.org/hubs/H-1"
    assert hubs["website"][1] == ""  # javascript:alert(1) is not turned into a link
    assert hubs["name"][0] == "&lt;b&gt;bold&lt;/b&gt; Хаб" or "&lt;b&gt;bold&lt;/b&gt;" in hubs["name"][0]


def test_need_layers_carry_no_personal_data(small, rendered):
    """The needs layers hold counts and sectors, and none of the household's personal details."""
    _lang, m, html = rendered
    text = json.dumps([_payload(p) for p in _layers(m, "NeedsPlaces")])
    for secret in FIXTURE_SECRETS:
        assert secret not in text and secret not in html


def test_needs_sit_at_their_community_centre(small):
    """A need is counted at its community's centre, never at the household's own coordinates."""
    open_layer, closed_layer = needs_layers(small, "en")
    centres = small.communities.set_index("pcode")[["center_lat", "center_lon"]]
    where = set()
    for group in (open_layer, closed_layer):
        payload = _payload(next(iter(group._children.values())))
        where |= set(zip(payload["lat"], payload["lon"], strict=True))
    assert tuple(centres.loc["UA4806017"].round(5)) in where  # N-4, recorded at 47.1, 31.9
    assert (47.1, 31.9) not in where


@pytest.mark.parametrize("metric", list(METRICS))
def test_every_metric_has_a_legend_with_its_name_and_unit(small, metrics, metric):
    """Switching the metric swaps the coloured layer and a legend that says what the colours mean."""
    _ = gettext_for("uk")
    group = choropleth_layer(small, metrics, metric, "uk")
    legend = next(c for c in group._children.values() if type(c).__name__ == "LegendLayer")
    assert _(METRICS[metric][0]) in legend.html and _(METRICS[metric][1]) in legend.html
    assert group.layer_name.endswith(_(METRICS[metric][0]))


def test_localize_refuses_unknown_assets():
    """A new plugin with a CDN asset fails loudly instead of silently needing the internet."""
    m = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(UnknownAssetError, match="local copy"):
        localize(m)


def test_localize_keeps_only_served_files():
    """Bootstrap and icon fonts that the map does not use are dropped, Leaflet is served locally."""
    m = folium.Map(tiles=None)
    localize(m, "/base")
    assert dict(m.default_js)["leaflet"] == "/base/" + LOCAL_ASSETS["leaflet"]
    assert "bootstrap" not in dict(m.default_js)
