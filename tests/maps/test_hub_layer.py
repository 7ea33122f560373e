"""The hubs' payload: what a hub's popup shows, escaped, with safe links only."""

from geo.maps.hub_layer import hub_payload


def test_hub_popups_give_services_hours_and_contact(small):
    """A hub's popup tells what it offers, when, and how to reach it; bad links are not links."""
    hubs = hub_payload(small, "uk")
    services = [hubs["services"]["values"][c] for c in hubs["services"]["codes"]]
    hours = [hubs["hours"]["values"][c] for c in hubs["hours"]["codes"]]
    assert "юридична допомога" in services[0] and hours[0] == "Пн–Пт 09:00–18:00"
    assert hubs["phone"][0] == "+380 44 000 00 01" and hubs["website"][0] == "https://example.org/hubs/H-1"
    assert hubs["website"][1] == ""  # javascript:alert(1) is not turned into a link
    assert hubs["name"][0] == "&lt;b&gt;bold&lt;/b&gt; Хаб" or "&lt;b&gt;bold&lt;/b&gt;" in hubs["name"][0]


def test_hubs_are_small_at_the_countrys_zoom_and_grow():
    """A hub's side (js/markers.js) is at most 8 pixels up to zoom 6 and grows to 14 pixels; the style
    sheet sizes hubs from it and sets them below their point, so a community's centre stays clickable."""
    import re

    from geo.maps.assets import JS_DIR
    from geo.maps.map_elements import MAP_CSS

    code = (JS_DIR / "markers.js").read_text(encoding="utf-8")
    table = re.search(r"var HUB_SIDE = \[(.*?)\];", code).group(1)
    sides = [(float(z), int(s)) for z, s in re.findall(r"\[(\d+|Infinity), (\d+)\]", table)]
    assert sides[0][0] >= 6 and sides[0][1] <= 8
    assert [s for _z, s in sides] == sorted(s for _z, s in sides) and sides[-1] == (float("inf"), 14)
    assert "width: var(--hm-hub" in MAP_CSS and ".leaflet-marker-icon.hm-hub { margin-left" in MAP_CSS
