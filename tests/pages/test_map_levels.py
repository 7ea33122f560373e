"""The home map by oblast, raion and hromada, in a real browser, offline.

One visit, in Ukrainian and then in English: ``?level=oblast`` draws the 27 oblasts (not the 1,768
hromadas) with the level in the legend's title and the tooltips; a click on Mykolaivska oblast opens
its raions (139 drawn, the address says ``level=raion``), zoomed into it; a click on one of its
raions opens the hromadas, zoomed into that raion.

Setup as the other browser tests: ``streamlit run app.py`` on the demo data (tests/pages/conftest.py),
Debian's Chromium; no request may leave localhost.

Run: ``.venv/bin/python -m pytest tests/pages/test_map_levels.py -q``.
"""

from __future__ import annotations

import re

import pytest
from browser_support import (
    COMMUNITY_CANVAS,
    TIMEOUT_MS,
    communities_on_map,
    expect_communities,
    open_and_wait,
    unit_point,
    units_on_map,
    visitors,
    wait_for_app_run,
)
from playwright.sync_api import Browser, expect

from geo.text.i18n import gettext_for

pytestmark = pytest.mark.browser

MYKOLAIVSKA = "UA48"  # the demo's needs are in Mykolaiv and Kherson oblasts
LEGEND_TITLE = ".hm-legend .hm-section-title"
ZOOM_JS = "() => window.map.getZoom()"


def _until(visitor, check, what: str):
    """Poll ``check()`` (a read of the map) until it is truthy, as ``expect`` waits; fail naming ``what``."""
    for _attempt in range(TIMEOUT_MS // 100):
        if found := check():
            return found
        visitor.page.wait_for_timeout(100)
    raise AssertionError(f"never: {what}")


def _units(visitor, count: int) -> dict[str, str]:
    """Wait until the map draws ``count`` units of a coarser level; return them (P-code -> colour)."""

    def drawn() -> dict[str, str] | None:
        units = units_on_map(visitor.map)
        return units if len(units) == count else None

    return _until(visitor, drawn, f"{count} units on the map")


def _click(visitor, pcode: str) -> None:
    point = unit_point(visitor.map, pcode)
    visitor.page.mouse.click(point["x"], point["y"])
    wait_for_app_run(visitor.page)


def test_oblasts_then_a_click_opens_its_raions_then_its_hromadas(browser: Browser, demo_server):
    """27 oblasts, coloured and named by level; a click on one shows its raions, a click on a raion its hromadas.

    In Ukrainian the whole way down; in English the oblasts' legend and tooltips.
    """
    with visitors(browser) as new:
        visitor = new(viewport={"width": 1366, "height": 768})
        _ = gettext_for("uk")
        open_and_wait(visitor, f"{demo_server}?level=oblast", COMMUNITY_CANVAS, "the map by oblast")
        oblasts = _units(visitor, 27)
        expect_communities(visitor.map, 0)  # the oblasts stand in the hromadas' place
        assert oblasts[MYKOLAIVSKA] != oblasts["UA05"]  # needs in Mykolaivska, none in Vinnytska
        expect(visitor.map.locator(LEGEND_TITLE).first).to_have_text("Незакриті потреби, за областями")
        expect(visitor.page.get_by_text("Натисніть на область, щоб побачити її райони.")).to_be_visible()
        container = visitor.map.locator(".leaflet-container").first
        country_zoom = container.evaluate(ZOOM_JS)

        _click(visitor, MYKOLAIVSKA)
        raions = _units(visitor, 139)
        expect(visitor.page).to_have_url(re.compile(rf"level=raion.*within={MYKOLAIVSKA}|within={MYKOLAIVSKA}.*level=raion"))
        expect(visitor.map.locator(LEGEND_TITLE).first).to_have_text("Незакриті потреби, за районами")
        _until(visitor, lambda: container.evaluate(ZOOM_JS) > country_zoom, "zoomed into the oblast")
        raion = next(p for p in sorted(raions) if p.startswith(MYKOLAIVSKA))
        point = unit_point(visitor.map, raion)
        visitor.page.mouse.move(point["x"], point["y"])  # Leaflet's tooltip on hover says the level
        expect(visitor.map.locator(".leaflet-tooltip").first).to_contain_text(_("Raion") + ":")

        _click(visitor, raion)
        expect_communities(visitor.map, 1768)
        assert units_on_map(visitor.map) == {}
        expect(visitor.page).to_have_url(re.compile(rf"within={raion}"))
        assert "level=" not in visitor.page.url  # the hromadas are the default level
        assert len(communities_on_map(visitor.map)) == 1768

        english = new(viewport={"width": 1366, "height": 768})
        open_and_wait(english, f"{demo_server}?level=oblast&lang=en", COMMUNITY_CANVAS, "the map by oblast")
        _units(english, 27)
        expect(english.map.locator(LEGEND_TITLE).first).to_have_text("Unmet needs, by oblast")
        point = unit_point(english.map, MYKOLAIVSKA)
        english.page.mouse.move(point["x"], point["y"])
        expect(english.map.locator(".leaflet-tooltip").first).to_contain_text("Oblast: Mykolaivska")
        assert not visitor.external and not english.external, visitor.external + english.external
