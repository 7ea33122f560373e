"""Oblast and raion outlines and place names in a real browser, on the home map and the flow map.

The app is served by ``streamlit run`` (tests/browser_support.py) on the demo data; Chromium resolves
no host but localhost and every request to another host is recorded, so each test also shows that
the layers draw offline. What is asserted is what a reader sees: outlines drawn over the colours,
names that never cover each other, more of them as one zooms in, in the map's language, and a click
on a border or a name that still opens the community underneath.

Run: ``.venv/bin/python -m pytest tests/pages/test_browser_reference.py -q``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from browser_support import COMMUNITY_AT_JS, COMMUNITY_CANVAS, IFRAME, Visitor, frame_offset, new_visitor, wait_for_app_run
from playwright.sync_api import Browser, expect

from geo.maps.reference_layers import COMMUNITY_ZOOM, RAION_ZOOM
from geo.text.i18n import gettext_for

pytestmark = pytest.mark.browser

OUTLINES = ".leaflet-outlines-pane path.hm-outline"
LABELS = '[data-testid="place-labels"] .hm-label'
OVERLAY_LABELS = ".leaflet-control-layers-overlays label"
FLOW_MAP = f".st-key-community_flows {IFRAME}"

# In the map: every place name shown, with its box on the page.
SHOWN_LABELS_JS = """
() => [...document.querySelectorAll('[data-testid="place-labels"] .hm-label')]
    .filter((el) => el.style.display !== "none" && el.style.visibility !== "hidden")
    .map((el) => { const r = el.getBoundingClientRect();
                   return {text: el.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                           community: el.classList.contains("hm-label-community")}; })
"""

# In the map: a point on an oblast border between two communities (not on the country's edge) and a
# point at the middle of a shown name, where nothing but the communities' canvas is under the pointer
# (COMMUNITY_AT_JS); the community a click there reaches, and the point in the frame's pixels.
POINT_THROUGH_JS = (
    """
(_element, [kind]) => {
    const map = window.map, box = map.getContainer().getBoundingClientRect();
    const communityAt = """
    + COMMUNITY_AT_JS
    + """;
    const candidates = [];
    if (kind === "outline") {
        const path = document.querySelector(".leaflet-outlines-pane path.hm-outline");
        const total = path.getTotalLength(), matrix = path.getScreenCTM();
        for (let k = 1; k < 400; k++) {
            const p = path.getPointAtLength(total * k / 400);
            candidates.push({x: p.x * matrix.a + p.y * matrix.c + matrix.e, y: p.x * matrix.b + p.y * matrix.d + matrix.f});
        }
    } else {
        for (const el of document.querySelectorAll('[data-testid="place-labels"] .hm-label')) {
            if (el.style.display === "none") { continue; }
            const r = el.getBoundingClientRect();
            candidates.push({x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2});
        }
    }
    for (const c of candidates) {
        if (c.x < box.left + 60 || c.x > box.right - 60 || c.y < box.top + 60 || c.y > box.bottom - 60) { continue; }
        const pcode = communityAt(c.x, c.y);
        // both sides of a border point must be communities: not the country's edge
        const around = [[-3, 0], [3, 0], [0, -3], [0, 3]].every(([dx, dy]) => communityAt(c.x + dx, c.y + dy) !== null);
        if (!pcode || !around) { continue; }
        return {pcode: pcode, x: c.x, y: c.y};
    }
    return null;
}
"""
)


@pytest.fixture
def open_map(browser: Browser, demo_server: str) -> Iterator[Callable[..., Visitor]]:
    """``open_map(path, lang)``: a new visitor opens the page and waits until the names are placed."""
    contexts = []

    def _open(path: str = "", lang: str = "uk", frame: str = IFRAME) -> Visitor:
        visitor = new_visitor(browser, contexts)
        visitor.page.goto(f"{demo_server}{path}{'&' if '?' in path else '?'}lang={lang}")
        visitor.page.locator(frame).wait_for(state="visible")
        visitor.page.frame_locator(frame).locator(LABELS).first.wait_for(state="visible")
        wait_for_app_run(visitor.page)
        visitor.page.locator(frame).scroll_into_view_if_needed()
        return visitor

    yield _open
    for context in contexts:
        context.close()


def shown(visitor: Visitor, frame: str = IFRAME) -> list[dict]:
    return visitor.page.frame_locator(frame).locator("#map_div").evaluate(SHOWN_LABELS_JS)


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    """Pairs of names whose boxes overlap by more than half a pixel."""
    pairs = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5 and (
                min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
            ):
                pairs.append((a["text"], b["text"]))
    return pairs


def set_view(visitor: Visitor, lat: float, lon: float, zoom: int) -> None:
    visitor.map.locator("#map_div").evaluate(f"() => {{ window.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); }}")


def test_outlines_and_names_are_drawn_offline_and_never_overlap(open_map):
    """At the country's zoom the oblast outlines are drawn over the communities and the largest cities
    and oblast centres are named, in Ukrainian, no two names covering each other, every name inside
    the map; nothing is fetched from another host."""
    visitor = open_map()
    expect(visitor.map.locator(OUTLINES)).to_have_count(1)  # the raions wait for a closer zoom
    assert len(visitor.map.locator(OUTLINES).first.get_attribute("d")) > 1000
    labels = shown(visitor)
    names = {label["text"] for label in labels}
    largest = {"Київ", "Харків", "Одеса", "Дніпро", "Донецьк", "Львів", "Запоріжжя"}  # a control may cover one or two
    assert "Київ" in names and len(largest & names) >= 5 and len(labels) >= 20
    assert overlapping(labels) == []
    box = visitor.page.locator(IFRAME).bounding_box()
    assert all(0 <= label["left"] and label["right"] <= box["width"] for label in labels)
    assert not any(label["community"] for label in labels)
    assert visitor.external == [], "requests that left localhost"


def test_more_names_and_the_raions_as_one_zooms_in(open_map):
    """Closer in, the raion outlines appear and the communities are named too, still without overlaps;
    back at the country's zoom both go again."""
    visitor = open_map()
    set_view(visitor, 48.45, 35.0, COMMUNITY_ZOOM)  # Dnipro
    expect(visitor.map.locator(OUTLINES)).to_have_count(2)
    expect(visitor.map.locator(f"{LABELS}.hm-label-community:visible").first).to_be_visible()
    labels = shown(visitor)
    assert sum(label["community"] for label in labels) >= 10 and "Дніпро" in {label["text"] for label in labels}
    assert overlapping(labels) == []
    set_view(visitor, 48.6, 31.3, RAION_ZOOM - 2)
    expect(visitor.map.locator(OUTLINES)).to_have_count(1)
    expect(visitor.map.locator(f"{LABELS}.hm-label-community:visible")).to_have_count(0)
    assert overlapping(shown(visitor)) == []
    assert visitor.external == []


def test_names_are_in_the_maps_language(open_map):
    """?lang=en names the cities in English (the official transliteration) and lists the layers in English."""
    visitor = open_map(lang="en")
    names = {label["text"] for label in shown(visitor)}
    assert {"Kyiv", "Kharkiv", "Odesa", "Zaporizhzhia"} <= names and "Київ" not in names
    en = gettext_for("en")
    for layer in (en("Oblast borders"), en("Raion borders"), en("Place names")):
        expect(visitor.map.locator(OVERLAY_LABELS).filter(has_text=layer).locator("input")).to_be_checked()


@pytest.mark.parametrize("kind", ["outline", "label"])
def test_a_click_on_a_border_or_a_name_opens_the_community_under_it(open_map, kind):
    """The outlines and the names take no clicks: a click on an oblast border, or on a city's name,
    lands on the community there, whose page opens."""
    visitor = open_map()
    dx, dy = frame_offset(visitor.map)
    found = visitor.map.locator("#map_div").evaluate(POINT_THROUGH_JS, [kind])
    assert found is not None, f"no {kind} with a community under it in view"
    visitor.page.mouse.click(dx + found["x"], dy + found["y"])
    expect(visitor.page).to_have_url(re.compile(rf"/community\?(.*&)?community={found['pcode']}(&|$)"))
    assert visitor.external == []


def test_unticking_the_layers_hides_them(open_map):
    """The three layers are on at first; unticking Place names removes the names, unticking Oblast
    borders the outlines."""
    visitor = open_map()
    uk = gettext_for("uk")
    for layer, drawn in ((uk("Place names"), LABELS), (uk("Oblast borders"), OUTLINES)):
        name = re.compile(rf"^\s*{re.escape(layer)}\s*$")
        box = visitor.map.locator(OVERLAY_LABELS).filter(has_text=name).locator("input")
        expect(box).to_be_checked()
        assert visitor.map.locator(drawn).count() > 0
        box.uncheck()
        expect(visitor.map.locator(drawn)).to_have_count(0)
    expect(visitor.map.locator(COMMUNITY_CANVAS)).to_be_attached()


def test_the_flow_map_has_the_same_outlines_and_names(open_map):
    """The Community page's flow map, which draws no community shapes, has the land, the oblast
    outlines and the names all the same, offline."""
    visitor = open_map("community?community=UA1414005", frame=FLOW_MAP)  # Mariupol: its residents' flows
    flow_map = visitor.page.frame_locator(FLOW_MAP)
    expect(flow_map.locator(OUTLINES)).to_have_count(1)
    expect(flow_map.locator(".leaflet-land-pane path")).to_have_count(1)
    labels = shown(visitor, FLOW_MAP)
    assert "Маріуполь" in {label["text"] for label in labels} and overlapping(labels) == []
    assert visitor.external == []
