"""The Forum page in a real browser, offline: the demo tour walked with the keyboard, stop by stop.

A module-scoped fixture starts ``streamlit run app.py`` on the demo data (tests/conftest.py);
Debian's Chromium runs headless at projector resolution (1920x1080) and resolves no host but
localhost, and every request to another host is recorded: each test also shows that the tour
runs with the network cable pulled. No fixed sleeps: every step waits for a condition.

Run: ``.venv/bin/python -m pytest tests/pages/test_browser_forum.py -q``. Without Chromium these tests
are skipped locally and fail under CI (``CI=true``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import pytest
from browser_support import COMMUNITY_CANVAS, IFRAME, TIMEOUT_MS, Visitor, visitors, wait_for_app_run
from playwright.sync_api import Browser, expect
from playwright.sync_api import Error as PlaywrightError

from geo.forum.tour import Stop
from geo.forum.tour_files import DEFAULT_TOUR, load_tour

pytestmark = pytest.mark.browser

STOPS = load_tour(DEFAULT_TOUR)
PROJECTOR = {"width": 1920, "height": 1080}
# Leaflet's view is the stop's (within a pixel's rounding), and the map has finished drawing.
AT_VIEW_JS = """
([lat, lon, zoom]) => !!window.map && window.map.getZoom() === zoom
    && Math.abs(window.map.getCenter().lat - lat) < 0.05 && Math.abs(window.map.getCenter().lng - lon) < 0.05
"""


@pytest.fixture
def visit(browser: Browser, demo_server: str) -> Iterator[Callable[[str], Visitor]]:
    """``visit("forum?stop=3")``: a new visitor with a projector-sized window opens that address."""
    with visitors(browser) as new:

        def _visit(path: str) -> Visitor:
            visitor = new(viewport=PROJECTOR)
            visitor.page.goto(demo_server + path)
            wait_for_app_run(visitor.page)
            return visitor

        yield _visit


def drawn(stop: Stop) -> str:
    """What the stop's map must show: community polygons if it has them, else its markers or circles."""
    if "communities" in stop.layers:
        return COMMUNITY_CANVAS
    return ".leaflet-marker-icon, .leaflet-overlay-pane path.leaflet-interactive"


def shows_stop(visitor: Visitor, number: int, lang: str = "en") -> None:
    """The page is on stop ``number``: its title, the address, and its map drawn at its view."""
    stop = STOPS[number - 1]
    page = visitor.page
    expect(page.locator("h1")).to_have_text(stop.title_in(lang))
    expect(page).to_have_url(re.compile(rf"[?&]stop={number}(&|$)"))
    wait_for_app_run(page)
    # Each stop has its own map component: the frame found right after the run may be the one
    # being replaced, so look again (a fresh frame each time) until the stop's view is there.
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        frame = page.locator(IFRAME).element_handle().content_frame()
        try:
            frame.wait_for_function(AT_VIEW_JS, arg=[stop.lat, stop.lon, stop.zoom], timeout=3_000)
            break
        except PlaywrightError:  # a timeout (the view is not there yet), or the frame went away
            if time.monotonic() > deadline:
                raise
    expect(page.frame_locator(IFRAME).locator(drawn(stop)).first).to_be_attached()


def test_walk_the_demo_tour_with_the_keyboard_offline(visit):
    """Right arrow and PageDown (a clicker) walk every stop of data/tour.yaml; each draws its map; nothing goes online."""
    visitor = visit("forum?lang=en")
    assert len(STOPS) >= 3
    for number in range(1, len(STOPS) + 1):
        shows_stop(visitor, number)
        if number == 1:
            looks_disabled(visitor, "forum_previous", "forum_next")
        if number < len(STOPS):
            visitor.page.keyboard.press("ArrowRight" if number % 2 else "PageDown")
    looks_disabled(visitor, "forum_next", "forum_previous")
    # The last stop, "I'Mariupol: 25 centres in 17 cities", counts I'Mariupol's centres, not the country's hubs.
    hubs = visitor.page.locator('[data-testid="stMetric"]').filter(has_text="Hubs").locator('[data-testid="stMetricValue"]')
    expect(hubs).to_have_text("25")
    assert visitor.external == [], "requests that left localhost"


def looks_disabled(visitor: Visitor, off: str, on: str) -> None:
    """The button that cannot be used is disabled and looks it: dashed, grey, not the other's style."""
    page = visitor.page
    expect(page.locator(f".st-key-{off} button")).to_be_disabled()
    expect(page.locator(f".st-key-{on} button")).to_be_enabled()
    style = "(e) => [getComputedStyle(e).borderTopStyle, getComputedStyle(e).backgroundColor, getComputedStyle(e).cursor]"
    off_style = page.locator(f".st-key-{off} button").evaluate(style)
    on_style = page.locator(f".st-key-{on} button").evaluate(style)
    assert off_style[0] == "dashed" and on_style[0] == "solid"
    assert off_style[1] != on_style[1] and off_style[2] == "not-allowed"


def test_pageup_and_the_left_arrow_go_back(visit):
    """PageUp (a clicker's "back") and the left arrow return to the previous stops."""
    visitor = visit("forum?lang=en&stop=3")
    shows_stop(visitor, 3)
    visitor.page.keyboard.press("PageUp")
    shows_stop(visitor, 2)
    visitor.page.keyboard.press("ArrowLeft")
    shows_stop(visitor, 1)
    assert visitor.external == []


def test_the_clicker_still_works_after_a_click_on_the_map(visit):
    """After the presenter clicks the map (the keyboard then goes to the map's frame), PageDown still moves on."""
    visitor = visit("forum?lang=uk&stop=2")
    shows_stop(visitor, 2, "uk")
    visitor.page.locator(IFRAME).click(position={"x": 200, "y": 200})
    assert visitor.page.evaluate("() => document.activeElement.tagName") == "IFRAME"
    visitor.page.keyboard.press("PageDown")
    shows_stop(visitor, 3, "uk")
    visitor.page.locator(IFRAME).click(position={"x": 200, "y": 200})
    visitor.page.keyboard.press("ArrowLeft")
    shows_stop(visitor, 2, "uk")
    assert visitor.external == []


def test_the_projector_layout(visit):
    """The sidebar and Streamlit's header are hidden, the buttons work, and the language switch keeps the stop."""
    visitor = visit("forum?lang=en&stop=4")
    page = visitor.page
    shows_stop(visitor, 4)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator('header[data-testid="stHeader"]')).to_be_hidden()
    font_size = page.locator("h1").evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")
    assert font_size >= 40  # 2.75rem: readable from the back of a hall
    page.locator(".st-key-forum_next button").click()
    shows_stop(visitor, 5)
    page.locator('[class*="st-key-forum_lang_"]').get_by_role("radio", name="Українська").click()
    shows_stop(visitor, 5, "uk")
    assert visitor.external == []


def test_leaving_forum_mode_brings_the_sidebar_back(visit):
    """The projector style belongs to the Forum page: the map page opened from it has its sidebar again."""
    visitor = visit("forum?lang=en&stop=2")
    shows_stop(visitor, 2)
    visitor.page.get_by_role("link", name="Leave forum mode").click()
    expect(visitor.page.locator("h1")).to_have_text("Communities: needs, hubs and displaced people")
    wait_for_app_run(visitor.page)
    expect(visitor.page.locator('[data-testid="stSidebar"]')).to_be_visible()
    assert visitor.external == []
