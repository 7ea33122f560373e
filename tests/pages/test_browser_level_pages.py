"""An oblast's Community page draws its map: its raions coloured, in a real browser (one page load)."""

from __future__ import annotations

import pytest
from browser_support import COMMUNITY_CANVAS, fitted_to, open_and_wait, units_on_map, visitors
from playwright.sync_api import Browser, expect

from geo.maps.follow import PADDING

pytestmark = pytest.mark.browser

ODESKA_RAIONS = {"UA5102", "UA5104", "UA5106", "UA5108", "UA5110", "UA5112", "UA5114"}


def test_an_oblasts_page_draws_its_raions_on_its_map(demo_server: str, browser: Browser, demo):
    """Odeska oblast's page, in English on a laptop: the map draws the raions, Odeska's seven among them, coloured,
    with the legend's title by raion, and the view is on Odeska (it stayed on the whole country when the fit came
    while the map was still zooming to its own bounds)."""
    odeska = demo.communities[demo.communities["pcode"].str.startswith("UA51")]
    west, south, east, north = (float(v) for v in odeska.total_bounds)
    with visitors(browser) as new:
        visitor = new(viewport={"width": 1366, "height": 768})
        open_and_wait(visitor, f"{demo_server}community?community=UA51&lang=en", COMMUNITY_CANVAS, "the oblast's map")
        expect(visitor.page.locator("h1").first).to_have_text("Odeska oblast")
        expect(visitor.map.locator(".hm-legend")).to_contain_text("Unmet needs, by raion")
        drawn = units_on_map(visitor.map)
        assert ODESKA_RAIONS <= set(drawn), sorted(drawn)[:10]
        assert all(drawn[code] for code in ODESKA_RAIONS)
        assert fitted_to(visitor.map, [[south, west], [north, east]], PADDING), "the map is not fitted to Odeska oblast"
