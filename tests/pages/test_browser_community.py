"""The Community page in a real browser: clicking a community on the map opens it, and its flow map works.

Fixtures in the style of Streamlit's e2e_playwright/conftest.py: a module-scoped fixture starts
``streamlit run app.py`` on a free port and waits for ``/_stcore/health``; Debian's Chromium
(never one downloaded by Playwright) runs headless, each test in a fresh context. Chromium
resolves no host but localhost, and every request to another host is recorded, so each test
also shows that the page works offline. No fixed sleeps: every step waits for a condition.

Run: ``.venv/bin/python -m pytest tests/pages/test_browser_community.py -q``. Without Chromium these
tests are skipped locally and fail under CI (``CI=true``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import COMMUNITY_CANVAS, IFRAME, Visitor, community_point, visitors, wait_for_app_run
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from geo.figures.flows import COMMUNITY, OUT, flows
from geo.text.i18n import gettext_for

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

QUIET = "UA2106007"  # Yasinianska (Zakarpattia): no needs, hubs or IDP circles on it
BAKHMUT, NO_HUB_HOST = "UA1402001", "UA2306007"  # Zaporizhzhia hosts Bakhmut residents and has no hub marker on top
FLOW_MAP = f".st-key-community_flows {IFRAME}"  # the Community page's second map (the first shows the community)


class FlowMapVisitor(Visitor):
    """A visitor of a Community page, whose ``map`` is the flow map."""

    frame = FLOW_MAP

    @property
    def map(self):
        return self.page.frame_locator(self.frame)


# ---------------------------------------------------------------------------------------------
# The app server and the browser


@pytest.fixture
def visit(browser: Browser, demo_server: str) -> Iterator[Callable[[str], Visitor]]:
    """``visit("community?community=UA…")``: a new visitor opens that address and waits for the app."""
    with visitors(browser) as new:

        def _visit(path: str) -> Visitor:
            visitor = new(FlowMapVisitor if path.startswith("community") else Visitor)
            page = visitor.page
            page.goto(demo_server + path)
            wait_for_app_run(page)
            return visitor

        yield _visit


def wait_for_map(visitor: Visitor, drawn: str) -> None:
    """The map's iframe is on the page, fully in view (a click on a half-hidden map scrolls it and is
    lost), and Leaflet has drawn ``drawn``."""
    frame = getattr(visitor, "frame", IFRAME)
    visitor.page.locator(frame).wait_for(state="visible")
    visitor.map.locator(drawn).first.wait_for(state="attached")
    wait_for_app_run(visitor.page)
    visitor.page.locator(frame).scroll_into_view_if_needed()


# In the flow map: give the circle of one P-code's host a test attribute, and say where on that
# element the community's centre is (so that a click there lands on the element itself).
MARK_LAYER_JS = """
(_element, [pcode, lat, lon, selector]) => {
    let found = null;
    window.map.eachLayer((layer) => {
        if (layer.feature && (layer.feature.properties || {}).pcode === pcode && layer.getElement
            && layer.getElement() && layer.getElement().matches(selector)) { found = layer; }
    });
    if (!found) { return null; }
    const element = found.getElement();
    element.setAttribute("data-test-pcode", pcode);
    const box = element.getBoundingClientRect();
    const point = window.map.latLngToContainerPoint([lat, lon]);
    const mapBox = window.map.getContainer().getBoundingClientRect();
    return {x: mapBox.left + point.x - box.left, y: mapBox.top + point.y - box.top};
}
"""


def click_feature(visitor: Visitor, pcode: str, lat: float, lon: float, selector: str) -> None:
    """Click the flow map's circle of ``pcode`` at the community's centre, as a user would."""
    position = visitor.map.locator("#map_div").evaluate(MARK_LAYER_JS, [pcode, lat, lon, selector])
    assert position is not None, f"no {selector} for {pcode} on the map"
    # Playwright checks that the element itself receives the click (nothing drawn on top of it).
    target = visitor.map.locator(f'[data-test-pcode="{pcode}"]')
    clicked(visitor, pcode, lambda: target.click(position=position))


def click_community(visitor: Visitor, pcode: str) -> None:
    """Click the community ``pcode`` on the map (drawn on a canvas) well inside it, as a user would."""
    where = community_point(visitor.map, pcode)
    clicked(visitor, pcode, lambda: visitor.page.mouse.click(where["x"], where["y"]))


def clicked(visitor: Visitor, pcode: str, click: Callable[[], None]) -> None:
    """``click`` on community ``pcode``, once more if a loaded machine lost it before Leaflet saw it."""
    click()
    try:
        visitor.page.wait_for_url(re.compile(rf"community={pcode}(&|$)"), timeout=10_000)
    except PlaywrightTimeoutError:
        # On a loaded CI machine a synthetic click has once been lost before Leaflet saw it. Tell
        # that apart from the app ignoring a click: streamlit-folium records every click it sees.
        seen = visitor.map.locator("#map_div").evaluate("() => window.__GLOBAL_DATA__.last_object_clicked_tooltip")
        assert not (seen and pcode in seen), f"the map saw the click on {pcode} ({seen!r}) but the app did not open it"
        click()


def centre(dataset, pcode: str) -> tuple[float, float]:
    row = dataset.communities.set_index("pcode").loc[pcode]
    return float(row["center_lat"]), float(row["center_lon"])


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# ---------------------------------------------------------------------------------------------
# The tests


def test_clicking_a_community_on_the_map_opens_its_page(visit, demo):
    """A click on Yasinianska on the home map opens its Community page, in Ukrainian, with nothing fetched online."""
    visitor = visit("")
    wait_for_map(visitor, COMMUNITY_CANVAS)
    click_community(visitor, QUIET)

    expect(visitor.page).to_have_url(re.compile(rf"/community\?(.*&)?community={QUIET}(&|$)"))
    name = demo.communities.set_index("pcode").loc[QUIET, "name_uk"]
    expect(visitor.page.locator("h1")).to_have_text(gettext_for("uk")("{name} community").format(name=name))
    wait_for_app_run(visitor.page)
    assert query(visitor.page).get("lang") == ["uk"]
    assert visitor.external == [], "requests that left localhost"


def test_a_map_of_some_months_ago_opens_the_page_of_that_day(visit):
    """With "as of" set on the map, the community opened by a click shows the same day."""
    visitor = visit("?lang=en&as_of=2025-09-01")
    wait_for_map(visitor, COMMUNITY_CANVAS)
    click_community(visitor, QUIET)
    expect(visitor.page.locator("h1")).to_have_text("Yasinianska community")
    expect(visitor.page.get_by_text("As of 2025-09-01: each need with the status it had on that day.")).to_be_visible()
    assert visitor.external == []


def test_flow_map_draws_where_bakhmut_residents_live(visit, demo):
    """Bakhmut's page draws one arc per host community, the hubs that serve its people, and loads nothing online."""
    visitor = visit(f"community?community={BAKHMUT}&lang=en")
    expect(visitor.page.locator("h1")).to_have_text("Bakhmutska community")
    hosts = flows(demo.idp_counts, BAKHMUT, OUT)
    drawn = hosts[hosts["kind"] == COMMUNITY]
    wait_for_map(visitor, ".hm-hub")
    arcs = visitor.map.locator('.leaflet-overlay-pane path.leaflet-interactive[stroke="#54278f"][fill="none"]')
    expect(arcs).to_have_count(len(drawn))
    serving = demo.hubs[demo.hubs["serves_pcode"] == BAKHMUT]
    expect(visitor.map.locator(".hm-hub")).to_have_count(len(serving))
    assert visitor.external == []


def test_clicking_a_host_on_the_flow_map_opens_its_page(visit, demo):
    """On Bakhmut's flow map, a click on Zaporizhzhia's circle opens Zaporizhzhia's page."""
    visitor = visit(f"community?community={BAKHMUT}&lang=en")
    wait_for_map(visitor, ".leaflet-overlay-pane path.leaflet-interactive")
    click_feature(visitor, NO_HUB_HOST, *centre(demo, NO_HUB_HOST), "path.leaflet-interactive")
    expect(visitor.page).to_have_url(re.compile(rf"community={NO_HUB_HOST}(&|$)"))
    name = demo.communities.set_index("pcode").loc[NO_HUB_HOST, "name_en"]
    expect(visitor.page.locator("h1")).to_have_text(f"{name} community")
    assert visitor.external == []


def test_typing_a_centre_lists_its_communities_and_opens_none_until_one_is_chosen(visit):
    """Шевченкове typed on the Community page (the issue's case) lists the three Шевченківська hromadas run from a
    Шевченкове, each with its raion and oblast; typing and Enter open none; a click on one opens its page."""
    _ = gettext_for("uk")
    visitor = visit("community")  # in Ukrainian, the default
    page = visitor.page
    box = page.locator(".st-key-community_search_None input")
    box.press_sequentially("Шевченкове", delay=40)
    candidates = page.locator(".st-key-community_candidates button")
    expect(candidates).to_have_count(3)
    lines = candidates.locator('[data-testid="stMarkdownContainer"]').all_inner_texts()  # the text, not the icon
    assert lines[0].startswith("Шевченківська — громада, Куп'янський р-н, Харківська обл."), lines
    assert any(line.startswith("Шевченківська — громада, Миколаївський р-н, Миколаївська обл.") for line in lines), lines
    assert any(line.startswith("Шевченківська — громада, Звенигородський р-н, Черкаська обл.") for line in lines), lines
    box.press("Enter")  # what opened the first of them silently before
    wait_for_app_run(page)
    expect(candidates).to_have_count(3)
    expect(page.locator("h1")).to_have_text(_("Community"))
    assert "community" not in query(page)
    page.locator(".st-key-candidate_UA4806037 button").click()
    expect(page).to_have_url(re.compile(r"[?&]community=UA4806037(&|$)"))
    expect(page.locator("h1")).to_have_text(_("{name} community").format(name="Шевченківська"))
    expect(page.locator(".st-key-community_candidates")).to_have_count(0)  # the box is empty on the page it opened
    assert visitor.external == []


def test_charts_draw_offline(visit):
    """Mykolaiv's page draws its three charts with Streamlit's bundled Vega-Lite, with nothing fetched online;
    the time axis is labelled by the spec (geo.figures.community_charts: "Jun 2025"), not by Vega ("June")."""
    visitor = visit("community?community=UA4806015&lang=en")
    charts = visitor.page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts).to_have_count(3)
    for i in range(3):
        charts.nth(i).locator("canvas, svg").first.wait_for(state="visible")
    expect(charts.nth(2).locator("svg text").filter(has_text=re.compile(r"^Jun 2025$"))).to_have_count(1)
    assert visitor.external == []
