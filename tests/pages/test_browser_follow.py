"""The map follows the selection and its markers do not bury it, in a real browser, offline.

- Needs: after a filter the map fits the needs that are left (every one in view, the view at most a
  few times larger than they are), one community's needs at most at zoom 10, and with no need
  left it stays where it was; the map is never reloaded for it.
- A community opened by a link (its page, or the home map's flows) is zoomed to and outlined
  above the fills; one found by the search box too, on the same map.
- At the country's zoom the hubs are a few pixels wide, a click at the centre of Mykolaiv's
  community opens the community, and the open and closed needs of a place sit side by side.
- A forum stop keeps its own view.

Setup as tests/pages/test_browser_needs.py: ``streamlit run app.py`` on the demo data
(tests/pages/conftest.py), Debian's Chromium, which resolves no host but localhost, and every
request that leaves localhost recorded (none may). Expected places come from the data files.

Run: ``.venv/bin/python -m pytest tests/pages/test_browser_follow.py -q``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import shapely
from browser_support import (
    COMMUNITY_AT_JS,
    COMMUNITY_CANVAS,
    IFRAME,
    NEEDS_ON_MAP_JS,
    TIMEOUT_MS,
    Visitor,
    visitors,
    wait_for_app_run,
)
from playwright.sync_api import Browser, Frame, expect
from playwright.sync_api import Error as PlaywrightError

from geo.figures.filter_params import choices_of, parse_params
from geo.figures.filters import apply
from geo.figures.needs_view import prepare_needs
from geo.forum.tour_files import DEFAULT_TOUR, load_tour
from geo.maps.follow import NEEDS_MAX_ZOOM

pytestmark = pytest.mark.browser

MYKOLAIV = "UA4806015"  # the city's community: 12 by 17 pixels at the country's zoom, a hub at its centre
SHEVCHENKIVSKA = "UA4806037"  # Mykolaiv oblast: needs of every kind
QUIET = "UA2106007"  # Yasinianska (Zakarpattia): no needs
BAKHMUT = "UA1402001"
LAPTOP = {"width": 1400, "height": 1000}
STOPS = load_tour(DEFAULT_TOUR)
FLOW_STOPS = [number for number, stop in enumerate(STOPS, start=1) if stop.flows]

# In a map's frame: the view, once Leaflet has stopped moving.
VIEW_JS = """() => {
    const b = window.map.getBounds();
    return {south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast(), zoom: window.map.getZoom()};
}"""
# The view holds [[south, west], [north, east]] and Leaflet is not in the middle of a move.
HOLDS_JS = """([s, w, n, e]) => !!window.map && !window.map._animatingZoom && !window.map._panAnim?._inProgress
    && window.map.getBounds().contains([[s, w], [n, e]])"""
# Count every move of the map from now on.
COUNT_MOVES_JS = """() => { window.__moves = 0; window.map.on("movestart", () => { window.__moves += 1; }); }"""


# ---------------------------------------------------------------------------------------------
# Visitors and their maps


@pytest.fixture
def visit(browser: Browser, demo_server: str) -> Iterator[Callable[..., Visitor]]:
    """``visit(path)``: a new visitor (fresh context) opens the address and waits for the app's run."""
    with visitors(browser) as new:

        def _visit(path: str, viewport: dict | None = None) -> Visitor:
            visitor = new(viewport=viewport or LAPTOP)
            visitor.page.goto(demo_server + path)
            wait_for_app_run(visitor.page)
            return visitor

        yield _visit


def map_frame(visitor: Visitor, selector: str = IFRAME, drawn: str = COMMUNITY_CANVAS) -> Frame:
    """The frame of the map ``selector`` finds, once Leaflet has drawn ``drawn`` in it."""
    iframe = visitor.page.locator(selector)
    iframe.wait_for(state="visible")
    iframe.scroll_into_view_if_needed()
    frame = iframe.element_handle().content_frame()
    frame.locator(drawn).first.wait_for(state="attached")
    frame.wait_for_function("() => !!window.map")
    return frame


def view(frame: Frame) -> dict:
    return frame.evaluate(VIEW_JS)


def wait_until_view_holds(frame: Frame, bounds: list[list[float]]) -> dict:
    (south, west), (north, east) = bounds
    frame.wait_for_function(HOLDS_JS, arg=[south, west, north, east])
    return view(frame)


def spans(box: dict) -> tuple[float, float]:
    return box["north"] - box["south"], box["east"] - box["west"]


def bounds_of(lats, lons) -> list[list[float]]:
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def community_bounds(demo, pcode: str) -> list[list[float]]:
    west, south, east, north = demo.communities.set_index("pcode").loc[pcode, "geometry"].bounds
    return [[south, west], [north, east]]


def centre(demo, pcode: str) -> tuple[float, float]:
    row = demo.communities.set_index("pcode").loc[pcode]
    return float(row["center_lat"]), float(row["center_lon"])


@pytest.fixture(scope="module")
def needs(demo):
    return prepare_needs(demo, internal=False)


def filtered(demo, needs, params: dict[str, list[str]]):
    filters, notes = parse_params(params, choices_of(demo.communities, demo.needs, demo.hubs))
    assert notes == []
    return apply(needs, filters, datetime.now(ZoneInfo("Europe/Kyiv")).date())


def click_inside(frame: Frame, demo, pcode: str) -> None:
    """Fit the map to a community, then click a point well inside it and away from its markers."""
    communities = demo.communities.set_index("pcode")
    shape = communities.loc[pcode, "geometry"]
    lat, lon = centre(demo, pcode)
    size = max(shape.bounds[2] - shape.bounds[0], shape.bounds[3] - shape.bounds[1])
    room = shape.buffer(-0.1 * size).difference(shapely.Point(lon, lat).buffer(0.25 * size))
    for hub in demo.hubs.itertuples():
        room = room.difference(shapely.Point(hub.lon, hub.lat).buffer(0.1 * size))
    point = room.representative_point()
    where = frame.evaluate(
        """([pcode, lat, lon]) => {
            window.map.fitBounds(window.hmCommunities[pcode].getBounds(), {animate: false});
            const p = window.map.latLngToContainerPoint([lat, lon]);
            return {x: p.x, y: p.y};
        }""",
        [pcode, point.y, point.x],
    )
    frame.locator("#map_div").click(position=where)


# ---------------------------------------------------------------------------------------------
# A. The map follows the selection


def test_the_needs_map_fits_what_a_filter_leaves(visit, demo, needs):
    """All needs, then one community's (a click on it), then none: the view follows, and stays when none is left."""
    visitor = visit("needs?lang=en&status=all")
    frame = map_frame(visitor)
    frame.evaluate("() => { window.__sameMap = true; }")

    # Every need: all in view, and the view at most three times their box where it binds.
    every = filtered(demo, needs, {"status": ["all"]})
    box = bounds_of(every["loc_lat"], every["loc_lon"])
    shown = wait_until_view_holds(frame, box)
    need_lat, need_lon = box[1][0] - box[0][0], box[1][1] - box[0][1]
    view_lat, view_lon = spans(shown)
    assert min(view_lat / need_lat, view_lon / need_lon) <= 3, (shown, box)
    assert view_lon < 15  # not the whole country: the demo's needs are in two oblasts

    # One community's needs (a click on it narrows the filter): in view, at most at zoom 10.
    click_inside(frame, demo, SHEVCHENKIVSKA)
    expect(visitor.page).to_have_url(re.compile(rf"[?&]community={SHEVCHENKIVSKA}(&|$)"))
    wait_for_app_run(visitor.page)
    one = filtered(demo, needs, {"status": ["all"], "community": [SHEVCHENKIVSKA]})
    assert len(one) > 0
    frame.wait_for_function(f"() => ({NEEDS_ON_MAP_JS})() === {len(one)}")
    frame.wait_for_function(f"() => !window.map._animatingZoom && window.map.getZoom() === {NEEDS_MAX_ZOOM}")
    shown = wait_until_view_holds(frame, bounds_of(one["loc_lat"], one["loc_lon"]))
    assert shown["zoom"] == NEEDS_MAX_ZOOM  # one place: the zoom limit, not a street
    view_lat, view_lon = spans(shown)
    (south, west), (north, east) = community_bounds(demo, SHEVCHENKIVSKA)
    assert max(view_lat / (north - south), view_lon / (east - west)) <= 6, shown  # its community and neighbours

    # A community with no need: the map stays where the visitor put it.
    click_inside(frame, demo, QUIET)
    before = view(frame)
    expect(visitor.page).to_have_url(re.compile(rf"[?&]community={QUIET}(&|$)"))
    wait_for_app_run(visitor.page)
    frame.wait_for_function(f"() => ({NEEDS_ON_MAP_JS})() === 0")
    frame.evaluate(COUNT_MOVES_JS)
    frame.evaluate("() => new Promise((done) => setTimeout(done, 800))")  # a fit would have started by now
    assert frame.evaluate("() => window.__moves") == 0
    assert view(frame) == before
    assert frame.evaluate("() => window.__sameMap") is True  # never reloaded
    assert visitor.external == []


def outline(frame: Frame) -> dict:
    """The outline drawn around the community in focus: where, how thick, above what."""
    return frame.evaluate(
        """() => {
            const lines = document.querySelectorAll("path.hm-focus");
            if (lines.length !== 1) { return {count: lines.length}; }
            const line = lines[0], pane = line.closest(".leaflet-pane");
            const fills = document.querySelector(".leaflet-communities-pane");
            return {
                count: 1,
                pane: pane.className,
                paneZ: Number(getComputedStyle(pane).zIndex),
                fillsZ: Number(getComputedStyle(fills).zIndex),
                width: Number(line.getAttribute("stroke-width")),
                interactive: line.classList.contains("leaflet-interactive"),
                box: line.getBoundingClientRect().toJSON(),
                map: window.map.getContainer().getBoundingClientRect().toJSON(),
            };
        }"""
    )


def assert_zoomed_to_and_outlined(frame: Frame, demo, pcode: str) -> None:
    shown = wait_until_view_holds(frame, community_bounds(demo, pcode))
    assert spans(shown)[1] < 4, shown  # an oblast or less, not the country (some 18° wide)
    line = outline(frame)
    assert line["count"] == 1, line
    assert "leaflet-overlay-pane" in line["pane"] and line["paneZ"] > line["fillsZ"]  # above the fills
    assert line["width"] >= 3 and not line["interactive"]  # thick, and clicks go through to the community
    box, whole = line["box"], line["map"]
    assert box["width"] > 30 and box["height"] > 30  # the community fills a good part of the map
    assert whole["left"] <= box["left"] and box["right"] <= whole["right"] + 1
    assert whole["top"] <= box["top"] and box["bottom"] <= whole["bottom"] + 1


def test_a_community_opened_by_link_is_zoomed_to_and_outlined_and_search_moves_the_same_map(visit, demo):
    """Mykolaiv's page shows it zoomed to and outlined; finding Bakhmut moves that map there, without a reload."""
    visitor = visit(f"community?community={MYKOLAIV}&lang=en")
    selector = f".st-key-community_map {IFRAME}"
    frame = map_frame(visitor, selector)
    assert_zoomed_to_and_outlined(frame, demo, MYKOLAIV)
    frame.evaluate("() => { window.__sameMap = true; }")

    visitor.page.locator(f".st-key-community_search_{MYKOLAIV} input").fill("Bakhmutska")
    visitor.page.locator(f".st-key-candidate_{BAKHMUT} button").click()  # the search lists it; a click opens it
    expect(visitor.page).to_have_url(re.compile(rf"[?&]community={BAKHMUT}(&|$)"))
    expect(visitor.page.locator("h1")).to_have_text("Bakhmutska community")
    wait_for_app_run(visitor.page)
    frame = map_frame(visitor, selector)
    assert_zoomed_to_and_outlined(frame, demo, BAKHMUT)
    assert frame.evaluate("() => window.__sameMap") is True  # the view moved; the map was not reloaded
    assert visitor.external == []


def test_the_home_maps_flows_zoom_to_their_community(visit, demo):
    """``?community=`` on the home map draws the flows, zoomed to the community and outlined."""
    visitor = visit(f"?community={BAKHMUT}&lang=en")
    frame = map_frame(visitor)
    frame.locator('.leaflet-overlay-pane path[stroke="#54278f"]').first.wait_for(state="attached")  # the flows
    assert_zoomed_to_and_outlined(frame, demo, BAKHMUT)
    assert visitor.external == []


def test_a_forum_stop_keeps_its_view(visit):
    """A stop with flows opens at its own view and stays there: nothing zooms to its community."""
    number = FLOW_STOPS[0]
    stop = STOPS[number - 1]
    visitor = visit(f"forum?lang=en&stop={number}", viewport={"width": 1920, "height": 1080})
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:  # the frame found first may be the one being replaced (tests/pages/test_browser_forum.py)
        frame = map_frame(visitor, drawn=".leaflet-container")
        try:
            frame.wait_for_function(
                """([lat, lon, zoom]) => window.map.getZoom() === zoom
                    && Math.abs(window.map.getCenter().lat - lat) < 0.05
                    && Math.abs(window.map.getCenter().lng - lon) < 0.05""",
                arg=[stop.lat, stop.lon, stop.zoom],
                timeout=3_000,
            )
            break
        except PlaywrightError:
            if time.monotonic() > deadline:
                raise
    wait_for_app_run(visitor.page)
    frame.evaluate(COUNT_MOVES_JS)
    frame.evaluate("() => new Promise((done) => setTimeout(done, 1000))")
    assert frame.evaluate("() => window.__moves") == 0
    assert view(frame)["zoom"] == stop.zoom
    assert frame.locator("path.hm-focus").count() == 0
    assert visitor.external == []


# ---------------------------------------------------------------------------------------------
# B. Markers do not bury the map


def test_at_the_countrys_zoom_hubs_are_small_and_mykolaiv_opens_on_a_click(visit, demo):
    """Zoom 6: every hub is at most 8 pixels, and a click at the centre of Mykolaiv's community opens its page."""
    visitor = visit("?lang=en")
    frame = map_frame(visitor, drawn=".hm-hub")
    assert view(frame)["zoom"] == 6
    sizes = frame.evaluate("() => [...document.querySelectorAll('.hm-hub')].map((e) => e.getBoundingClientRect().width)")
    assert len(sizes) == len(demo.hubs) and max(sizes) <= 8, sizes

    lat, lon = centre(demo, MYKOLAIV)
    hit = frame.evaluate(
        """([lat, lon]) => {
            const p = window.map.latLngToContainerPoint([lat, lon]);
            const box = window.map.getContainer().getBoundingClientRect();
            const element = document.elementFromPoint(box.left + p.x, box.top + p.y);
            const communityAt = """
        + COMMUNITY_AT_JS
        + """;
            return {x: p.x, y: p.y, pcode: communityAt(box.left + p.x, box.top + p.y),
                    classes: String(element.getAttribute("class"))};
        }""",
        [lat, lon],
    )
    assert hit["pcode"] == MYKOLAIV, hit  # the community itself is under the centre, no marker on it
    frame.locator("#map_div").click(position={"x": hit["x"], "y": hit["y"]})
    expect(visitor.page).to_have_url(re.compile(rf"/community\?(.*&)?community={MYKOLAIV}(&|$)"))
    expect(visitor.page.locator("h1")).to_have_text("Mykolaivska community")
    assert visitor.external == []


def test_open_and_closed_needs_of_a_place_sit_side_by_side(visit, demo):
    """With both needs layers on, no open marker covers the closed one of its place, nor the place itself."""
    visitor = visit("?lang=en")
    frame = map_frame(visitor, drawn=".hm-place-open, .hm-cluster-open")
    visitor.page.frame_locator(IFRAME).locator(".leaflet-control-layers label").filter(has_text="Closed needs").locator(
        "input"
    ).check()
    lat, lon = centre(demo, MYKOLAIV)
    frame.evaluate("([lat, lon]) => { window.map.setView([lat, lon], 10, {animate: false}); }", [lat, lon])
    frame.locator(".hm-place-closed").first.wait_for(state="attached")
    pairs = settled(frame, PAIRS_JS)
    assert pairs, "no place with both open and closed needs in view"

    def covers(box, x, y) -> bool:
        return box["left"] <= x <= box["right"] and box["top"] <= y <= box["bottom"]

    for opened, closed in pairs:
        a, b = opened["box"], closed["box"]
        assert a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
        assert not covers(a, opened["x"], opened["y"]) and not covers(b, closed["x"], closed["y"])
    assert visitor.external == []


def settled(frame, script: str, pause_s: float = 0.3):
    """``script``'s answer once the markers have stopped moving: the same twice, ``pause_s`` apart, with no
    animation running (MarkerCluster moves its markers with CSS transitions after a zoom, which a
    check made right after the zoom can run before they start)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    last = None
    while True:
        frame.wait_for_function("() => document.getAnimations().length === 0")
        now = frame.evaluate(script)
        if now == last or time.monotonic() > deadline:
            return now
        last = now
        time.sleep(pause_s)


PAIRS_JS = """() => {
            const places = {open: {}, closed: {}};
            window.map.eachLayer((layer) => {
                if (!layer._icon || !layer.options.hmCount) { return; }
                const kind = layer._icon.classList.contains("hm-place-open") ? "open" : "closed";
                const at = layer.getLatLng(), p = window.map.latLngToContainerPoint(at);
                const box = window.map.getContainer().getBoundingClientRect();
                places[kind][at.lat + "," + at.lng] = {box: layer._icon.getBoundingClientRect().toJSON(),
                                                      x: box.left + p.x, y: box.top + p.y};
            });
            return Object.keys(places.open).filter((k) => k in places.closed)
                .map((k) => [places.open[k], places.closed[k]]);
        }"""
