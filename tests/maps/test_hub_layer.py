"""The hubs' payload: what a hub's popup shows, escaped, with safe links only."""

from geo.maps.hub_layer import hub_features, hub_payload


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


def _column(payload: dict, name: str) -> list[str]:
    return [payload[name]["values"][c] for c in payload[name]["codes"]]


def test_english_popups_use_the_english_columns(demo):
    """In English a hub's popup lists its services and hours from services_en and hours_en; a hub whose
    file has them in Ukrainian only (the demo's aid points) shows those, marked "(in Ukrainian only)"."""
    hubs = demo.hubs.reset_index(drop=True)
    english = hub_payload(demo, "en")
    services, hours = _column(english, "services"), _column(english, "hours")
    centre = hubs.index[hubs["hub_id"] == "imariupol-kyiv-1"][0]
    assert services[centre] == hubs.at[centre, "services_en"] and "humanitarian aid" in services[centre]
    assert hours[centre] == hubs.at[centre, "hours_en"] and hours[centre].startswith(("Mon", "Tue"))
    aid = hubs.index[hubs["hub_type"] == "aid_point"][0]
    assert services[aid] == f"{hubs.at[aid, 'services']} (in Ukrainian only)"
    assert hours[aid].endswith(" (in Ukrainian only)")
    assert not any(
        s.endswith("(in Ukrainian only)") for i, s in enumerate(services) if hubs.at[i, "hub_type"] != "aid_point"
    )
    ukrainian = hub_payload(demo, "uk")
    assert _column(ukrainian, "services")[centre] == hubs.at[centre, "services"]
    assert "(лише українською)" not in str(ukrainian)  # nothing is marked in Ukrainian


def test_flow_map_hub_popups_are_in_the_users_language(demo):
    """The popups built in Python (the few hubs of a flow map) take the same texts, escaped."""
    popups = {f["properties"]["popup"] for f in hub_features(demo, "en")["features"]}
    assert any("humanitarian aid" in p for p in popups)
    assert any("(in Ukrainian only)" in p for p in popups)
    assert not any("humanitarian aid" in f["properties"]["popup"] for f in hub_features(demo, "uk")["features"])


def test_hubs_without_english_columns_are_marked_in_english(small):
    """The fixture's hubs file has no English columns: in English the map shows their Ukrainian texts,
    marked, in the arrays and in the popups built in Python."""
    english = hub_payload(small, "en")
    assert _column(english, "services")[0] == "юридична допомога; психологічна підтримка (in Ukrainian only)"
    popup = hub_features(small, "en")["features"][0]["properties"]["popup"]
    assert "<td>Пн–Пт 09:00–18:00 (in Ukrainian only)</td>" in popup
