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
