"""The map as folium builds it: its layers, its legend, escaped text and no CDN."""

import json
import re

import folium
import folium.plugins
import pytest

from geo.assets import LOCAL_ASSETS, UnknownAssetError, localize
from geo.i18n import gettext_for
from geo.map_builder import build_map, choropleth_layer, community_features, hub_features, need_rows
from geo.metrics import METRICS, community_metrics

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


def test_four_overlays_and_the_communities_layer_in_the_users_language(rendered):
    """The layer control lists Open needs, Closed needs, Hubs, IDP counts and the coloured communities."""
    lang, m, _html = rendered
    _ = gettext_for(lang)
    names = _overlay_names(m)
    assert names[:4] == [_("Open needs"), _("Closed needs"), _("Hubs"), _("IDP counts")]
    assert names[4] == _("Communities: {metric}").format(metric=_("Open needs"))
    assert any(isinstance(c, folium.LayerControl) for c in m._children.values())


def test_needs_are_clustered_not_thousands_of_markers(small, rendered):
    """Needs go into two marker-cluster layers built in the browser, not one folium.Marker each."""
    _lang, m, _html = rendered
    clusters = [c for c in m._children.values() if isinstance(c, folium.plugins.FastMarkerCluster)]
    assert len(clusters) == 2
    assert sum(len(c.data) for c in clusters) == len(small.needs)
    assert not [c for c in m._children.values() if isinstance(c, folium.Marker)]


def test_open_layer_holds_open_and_in_progress(small, rendered):
    """Needs in progress are still unmet, so they are on the Open needs layer."""
    _lang, m, _html = rendered
    open_layer, closed_layer = [c for c in m._children.values() if isinstance(c, folium.plugins.FastMarkerCluster)]
    assert len(open_layer.data) == int(small.needs["status"].isin(["open", "in_progress"]).sum())
    assert len(closed_layer.data) == int((small.needs["status"] == "closed").sum())


def test_no_asset_comes_from_the_internet(rendered):
    """Every script and stylesheet is served by the app itself, so the map draws offline."""
    _lang, _m, html = rendered
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
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


def test_community_tooltips_and_popups_name_the_community_and_its_figures(small, metrics):
    """Hovering shows the name and the metric; clicking shows all the community's figures."""
    features = community_features(small, metrics, "idps_hosted", "en")["features"]
    shev = next(f for f in features if f["properties"]["pcode"] == "UA4806037")["properties"]
    assert "Shevchenkivska" in shev["tip"] and "IDPs hosted: 1,000" in shev["tip"]
    for text in ("Mykolaivskyi", "Open needs", "Share of needs closed", "IDPs per 1,000 residents", "12,400"):
        assert text in shev["popup"]
    hostile = next(f for f in features if f["properties"]["pcode"] == "UA6510001")["properties"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile["tip"]


def test_hub_popups_give_services_hours_and_contact(small):
    """A hub's popup tells what it offers, when, and how to reach it; bad links are not links."""
    features = hub_features(small, "uk")["features"]
    first, second = (f["properties"]["popup"] for f in features)
    for text in ("юридична допомога", "Пн–Пт 09:00–18:00", "+380 44 000 00 01", 'href="https://example.org/hubs/H-1"'):
        assert text in first
    assert "href" not in second  # javascript:alert(1) is not turned into a link
    assert "&lt;b&gt;bold&lt;/b&gt;" in features[0]["properties"]["tip"]


def test_need_popups_carry_no_personal_data(small):
    """Need markers hold the need's facts and none of the household's personal details."""
    rows, labels = need_rows(small, "en")
    text = json.dumps([rows, labels])
    for secret in ("Secret Person", "+380 99", "Secret street", "secret note"):
        assert secret not in text
    assert "${alert(1)}" not in text and "&#36;&#123;alert(1)&#125;" in text


def test_needs_sit_at_their_community_centre(small):
    """A need's marker is at the community's centre, never at the household's own coordinates."""
    rows, _labels = need_rows(small, "en")
    centres = small.communities.set_index("pcode")[["center_lat", "center_lon"]]
    n4 = next(r for r in rows if r[2] == "N-4")
    assert (n4[0], n4[1]) == tuple(centres.loc["UA4806017"])
    assert (n4[0], n4[1]) != (47.1, 31.9)


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
