"""The home map on a phone (390 x 844) and a laptop (1366 x 768), in a real browser.

On a phone the map comes first and fills the width, its layer list and legend are folded into
buttons, and no control covers much of it; on a laptop the map starts on the first screen and the
metric control shows every option whole (app.LAYOUT_CSS, hm.foldWhenNarrow).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_support import COMMUNITY_CANVAS, IFRAME, Visitor, visitors, wait_for_app_run
from playwright.sync_api import Browser

from geo.figures.metrics import METRICS
from geo.ingest.indicators import load_indicators
from geo.ingest.loaders import load_communities
from geo.ingest.reading import Source

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

# Each control's box inside the map, as a share of the map's area.
CONTROLS_JS = """(map) => {
    const m = map.getBoundingClientRect();
    return Array.from(map.querySelectorAll(".leaflet-control")).map((c) => {
        const r = c.getBoundingClientRect();
        return {name: c.className, share: (r.width * r.height) / (m.width * m.height)};
    });
}"""


@pytest.fixture
def visit(browser: Browser, demo_server: str) -> Iterator[Callable[[str, dict], Visitor]]:
    with visitors(browser) as new:

        def _visit(path: str, viewport: dict) -> Visitor:
            phone = viewport["width"] < 600
            visitor = new(viewport=viewport, is_mobile=phone, has_touch=True, device_scale_factor=3 if phone else 1)
            visitor.page.goto(demo_server + path)
            wait_for_app_run(visitor.page)
            visitor.page.frame_locator(IFRAME).locator(COMMUNITY_CANVAS).first.wait_for(state="attached")
            return visitor

        yield _visit


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_on_a_phone_the_map_comes_first_and_fills_the_width(visit, lang):
    """At 390 x 844 the map is at least 80 % of the width, starts on the first screen and takes most
    of it, and no control (layer list, legend, zoom) covers more than 15 % of it; the communities are
    drawn at the screen's three pixels a point, so their borders are as sharp as elsewhere."""
    visitor = visit(f"?lang={lang}", PHONE)
    page = visitor.page
    box = page.locator(IFRAME).first.bounding_box()
    assert box["width"] >= 0.8 * PHONE["width"], box
    assert box["y"] < PHONE["height"] / 2, box  # the map, not its controls, on the first screen
    assert min(box["height"], PHONE["height"] - box["y"]) >= 0.5 * PHONE["height"], box
    frame = page.frame_locator(IFRAME)
    frame.locator(".leaflet-control-layers-toggle").wait_for(state="visible")
    shares = frame.locator("#map_div").evaluate(CONTROLS_JS)
    assert shares and all(c["share"] <= 0.15 for c in shares), shares
    density = frame.locator(COMMUNITY_CANVAS).evaluate("(canvas) => canvas.width / canvas.getBoundingClientRect().width")
    assert abs(density - 3) < 0.01, density  # Leaflet alone draws two, stretched: paler, softer borders
    # The layer list is one tap away.
    frame.locator(".leaflet-control-layers-toggle").tap()
    frame.locator(".leaflet-control-layers-overlays").wait_for(state="visible")
    assert visitor.external == [], "requests that left localhost"


def _demo_indicators() -> int:
    """How many metrics the demo's indicators file gives (data/indicators.csv, made by make demo-data)."""
    communities = load_communities(Source.from_path(ROOT / "data" / "communities.geojson")).frame
    return load_indicators(Source.from_path(ROOT / "data" / "indicators.csv"), communities).frame["key"].nunique()


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_on_a_laptop_the_map_starts_on_the_first_screen_and_no_option_is_cut(visit, lang):
    """At 1366 x 768 the map begins above the fold, and every option of "Colour communities by" is
    shown whole ("ВПО на 1000 мешканців" was cut to "ВПО на 1000 мешканц…")."""
    visitor = visit(f"?lang={lang}", LAPTOP)
    page = visitor.page
    assert page.locator(IFRAME).first.bounding_box()["y"] < 0.75 * LAPTOP["height"]
    options = page.locator('[data-testid="stButtonGroup"]').first.locator("button")
    assert options.count() == len(METRICS) + _demo_indicators()  # the built-in metrics, then the demo's indicators
    for i in range(options.count()):
        cut = options.nth(i).evaluate(
            """(b) => {
                const r = b.getBoundingClientRect();
                const group = b.closest('[data-testid="stButtonGroup"]').getBoundingClientRect();
                return b.scrollWidth > b.clientWidth + 1 || r.right > group.right + 1;
            }"""
        )
        assert not cut, options.nth(i).inner_text()
