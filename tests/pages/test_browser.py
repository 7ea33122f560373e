"""The dashboard in a real browser: Streamlit serves app.py, Debian's Chromium draws the map.

The server and the browser come from tests/browser_support.py (shaped like Streamlit's own
e2e_playwright/conftest.py): one ``streamlit run app.py`` per data set and module, one headless
Chromium per module, each test in a fresh browser context. Chromium resolves no host but
localhost, and every request to another host is recorded, so a test can assert that the map
works offline.

Expected labels come from ``geo.text.i18n.gettext_for`` (the Ukrainian catalogue is still being
written), expected counts from the data files themselves.

Run: ``.venv/bin/python -m pytest tests/pages/test_browser.py -q``. Without Chromium these tests are
skipped locally and fail under CI (``CI`` set).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import (
    COMMUNITY_CANVAS,
    IFRAME,
    Visitor,
    community_point,
    expect_communities,
    legend_title,
    new_visitor,
    serve,
    wait_for_app_run,
)
from fakes import FIXTURE_SECRETS
from playwright.sync_api import Browser, Page, expect

from geo.figures.metrics import DEFAULT_METRIC, METRICS
from geo.ingest.loaders import DEFAULT_FILES
from geo.text.i18n import gettext_for

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DEMO_DATA = ROOT / "data"
FIXTURE_DATA = Path(__file__).resolve().parents[1] / "data"


LEGEND_TITLE = '[data-testid="map-legend"] .hm-title'
OVERLAY_LABELS = ".leaflet-control-layers-overlays label"

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
PERSONAL_DATA = FIXTURE_SECRETS


# ---------------------------------------------------------------------------------------------
# The app server (one per data set and module)


@pytest.fixture(scope="module")
def hostile_server(request: pytest.FixtureRequest) -> Iterator[str]:
    """The app on the small hostile fixture set in tests/data (HROMADA_* variables)."""
    yield from serve(request, {kind: FIXTURE_DATA / name for kind, name in DEFAULT_FILES.items()})


# ---------------------------------------------------------------------------------------------
# The browser (one per module, a fresh context per test)


@pytest.fixture
def open_app(browser: Browser) -> Iterator[Callable[..., Visitor]]:
    """``open_app(url, lang=None)``: a new visitor opens the app and waits for the map."""
    contexts = []

    def _open(url: str, lang: str | None = None) -> Visitor:
        session = new_visitor(browser, contexts)
        page = session.page
        page.goto(url + (f"?lang={lang}" if lang else ""))
        try:
            wait_for_map(page)
        except Exception as error:  # say what the visitor saw instead of the map
            seen = page.locator("body").inner_text(timeout=5_000)[:3000]
            raise AssertionError(f"the map did not appear; the page showed:\n{seen}") from error
        return session

    yield _open
    for context in contexts:
        context.close()


def wait_for_map(page: Page) -> None:
    """The map component is on the page, has a height, and Leaflet has drawn the communities."""
    page.locator(IFRAME).wait_for(state="visible")
    page.wait_for_function(
        "(sel) => { const f = document.querySelector(sel); return !!f && f.getBoundingClientRect().height > 0; }",
        arg=IFRAME,
    )
    page.frame_locator(IFRAME).locator(COMMUNITY_CANVAS).first.wait_for(state="attached")
    wait_for_app_run(page)


def overlay_names(lang: str) -> list[str]:
    _ = gettext_for(lang)
    return [
        _("Communities"), _("Unmet needs"), _("Closed needs"), _("Hubs"), _("IDP counts"),
        _("Oblast borders"), _("Raion borders"), _("Place names"),  # geo.maps.reference_layers
    ]  # fmt: skip


def overlay_checkbox(session: Visitor, name: str):
    """The checkbox of one overlay in the layer control, by its exact label."""
    label = session.map.locator(OVERLAY_LABELS).filter(has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))
    expect(label).to_have_count(1)
    return label.locator("input.leaflet-control-layers-selector")


def assert_offline(session: Visitor) -> None:
    assert session.external == [], "requests that left localhost"


def places_with_needs(dataset) -> int:
    """Markers on the two needs layers: one per community with open needs, one per community with closed."""
    unmet = dataset.needs["status"].isin(["open", "in_progress"])
    return dataset.needs[unmet]["pcode"].nunique() + dataset.needs[~unmet]["pcode"].nunique()


def rows_in(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as fh:
        return sum(1 for _row in csv.DictReader(fh))


# In the map iframe: open the popup (and tooltip) of every community, hub and IDP circle, and of
# every need inside the two cluster groups, the way Leaflet opens them on a click. A
# MutationObserver records any element that escaping should have kept out of the DOM, even if a
# later popup replaces it. Returns what was opened and the text each popup showed.
OPEN_EVERY_POPUP_JS = """
() => {
    const map = window.map;
    const found = [];
    const isBad = (el) => el.nodeType === 1 && (
        el.matches('img[src="x"], script:not([src]), a[href^="javascript:" i]') ||
        Array.from(el.attributes).some((a) => a.name.toLowerCase().startsWith("on"))
    );
    const observer = new MutationObserver((mutations) => {
        for (const m of mutations) {
            for (const node of m.addedNodes) {
                if (node.nodeType !== 1) continue;
                for (const el of [node, ...node.querySelectorAll("*")]) {
                    if (isBad(el)) found.push(el.outerHTML.slice(0, 200));
                }
            }
        }
    });
    const panes = [map.getPane("popupPane"), map.getPane("tooltipPane")];
    panes.forEach((pane) => observer.observe(pane, {childList: true, subtree: true}));
    const texts = {community: {}, hub: [], idp: [], need: []};
    // Read the popup that was just opened: a closed one lingers in the DOM while it fades out.
    const popupText = (popup) => {
        const el = popup.getElement() && popup.getElement().querySelector(".leaflet-popup-content");
        return el ? el.textContent : null;
    };
    const layers = [];
    map.eachLayer((layer) => layers.push(layer));
    for (const layer of layers) {
        if (layer.feature && layer.feature.properties.pcode !== undefined && layer.getTooltip && layer.getTooltip()) {
            // A community: its tooltip is what a visitor reads (a click opens its page).
            layer.openTooltip(layer.getBounds().getCenter());
            const tip = layer.getTooltip().getElement();
            texts.community[layer.feature.properties.pcode] = tip ? tip.textContent : null;
            layer.closeTooltip();
            continue;
        }
        if (!layer.getPopup || !layer.getPopup() || layer instanceof L.MarkerCluster) continue;
        if (layer instanceof L.Marker && !(layer.feature && layer.feature.properties.hub !== undefined)) continue;
        layer.openPopup();
        const text = popupText(layer.getPopup());
        if (layer instanceof L.Marker) texts.hub.push(text);
        else texts.idp.push(text);
        layer.closePopup();
    }
    let clusterGroups = 0;
    for (const group of layers) {
        if (!(group instanceof L.MarkerClusterGroup)) continue;
        clusterGroups += 1;
        group.eachLayer((marker) => {
            const popup = marker.getPopup();
            popup.setLatLng(marker.getLatLng()).openOn(map);
            texts.need.push(popupText(popup));
            map.closePopup();
        });
    }
    observer.takeRecords();
    observer.disconnect();
    const bad = Array.from(document.querySelectorAll('img[src="x"], a[href^="javascript:" i]'))
        .map((el) => el.outerHTML.slice(0, 200));
    return {texts, clusterGroups, found: found.concat(bad)};
}
"""


# ---------------------------------------------------------------------------------------------
# The tests


def test_map_draws_every_community_offline(open_app, demo_server):
    """The map shows every community of the demo data, painted in its colour, and nothing is fetched from the internet."""
    session = open_app(demo_server)
    features = json.loads((DEMO_DATA / "communities.geojson").read_text(encoding="utf-8"))["features"]
    expect_communities(session.map, len(features))
    # On the canvas, a community's inside has its fill colour at its fill opacity (0.75).
    where = community_point(session.map, "UA4806015")  # Mykolaiv
    fill = [int(where["fill"][i : i + 2], 16) for i in (1, 3, 5)]
    assert all(abs(a - b) <= 3 for a, b in zip(where["pixel"][:3], fill, strict=True)), where
    assert abs(where["pixel"][3] - 0.75 * 255) <= 3, where
    assert_offline(session)
    assert session.dialogs == []


def test_layer_control_lists_the_overlays(open_app, demo_server):
    """The layer control offers needs (open, closed), hubs, IDP counts and the communities, in Ukrainian."""
    session = open_app(demo_server)
    expect(session.map.locator(OVERLAY_LABELS)).to_have_text(overlay_names("uk"))
    expect(session.map.locator(f"{OVERLAY_LABELS} input:checked")).to_have_count(7)  # closed needs: one tick away
    expect(overlay_checkbox(session, gettext_for("uk")("Closed needs"))).not_to_be_checked()
    assert_offline(session)


@pytest.mark.parametrize(
    ("layer", "selector", "expected"),
    [
        ("Hubs", ".hm-hub", rows_in(DEMO_DATA / "hubs.csv")),
        ("IDP counts", ".leaflet-overlay-pane path.leaflet-interactive", None),
        ("Unmet needs", ".hm-cluster-open, .hm-place-open", None),
    ],
)
def test_unticking_a_layer_hides_it(open_app, demo_server, layer, selector, expected):
    """Unticking a layer in the layer control hides its markers; ticking it again brings them back."""
    session = open_app(demo_server)
    markers = session.map.locator(selector)
    markers.first.wait_for(state="attached")
    shown = markers.count()
    assert shown > 0
    if expected is not None:
        assert shown == expected
    checkbox = overlay_checkbox(session, gettext_for("uk")(layer))
    checkbox.uncheck()
    expect(markers).to_have_count(0)
    checkbox.check()
    expect(markers).to_have_count(shown)
    assert_offline(session)


def test_language_comes_from_the_url_and_the_sidebar(open_app, demo_server):
    """?lang=en shows the map in English; choosing Українська in the sidebar switches it and the URL."""
    session = open_app(demo_server, lang="en")
    page = session.page
    en, uk = gettext_for("en"), gettext_for("uk")
    expect(session.map.locator(OVERLAY_LABELS)).to_have_text(overlay_names("en"))
    expect(page.locator("h1")).to_have_text(en("Communities: needs, hubs and displaced people"))

    page.locator('[data-testid="stSidebar"] [data-testid="stRadioOption"]').filter(has_text="Українська").click()
    expect(page.locator("h1")).to_have_text(uk("Communities: needs, hubs and displaced people"))
    expect(session.map.locator(OVERLAY_LABELS)).to_have_text(overlay_names("uk"))
    expect(session.map.locator(LEGEND_TITLE)).to_have_text(legend_title(DEFAULT_METRIC, "uk"))
    expect(page).to_have_url(re.compile(r"[?&]lang=uk(&|#|$)"))
    wait_for_app_run(page)
    assert parse_qs(urlsplit(page.url).query).get("lang") == ["uk"]
    assert_offline(session)


def test_changing_the_metric_keeps_the_map(open_app, demo_server):
    """Choosing another metric recolours the communities and changes the legend without reloading the map."""
    session = open_app(demo_server)
    _ = gettext_for("uk")
    other = "idps_hosted"
    assert other != DEFAULT_METRIC
    expect(session.map.locator(LEGEND_TITLE)).to_have_text(legend_title(DEFAULT_METRIC, "uk"))
    session.map.locator("#map_div").evaluate("() => { window.__sameMap = true; }")

    label = _(METRICS[other][0])
    button = session.page.locator(".st-key-metric button").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    button.click()

    expect(session.map.locator(LEGEND_TITLE)).to_have_text(legend_title(other, "uk"))
    expect(session.map.locator(OVERLAY_LABELS)).to_have_text(overlay_names("uk"))
    expect_communities(
        session.map, len(json.loads((DEMO_DATA / "communities.geojson").read_text(encoding="utf-8"))["features"])
    )
    assert session.map.locator("#map_div").evaluate("() => window.__sameMap") is True
    expect(session.page.locator(IFRAME)).to_have_count(1)
    assert_offline(session)


def test_hostile_text_is_shown_not_run(open_app, hostile_server, small):
    """Names and providers with HTML or JavaScript in them appear as plain text and never run."""
    session = open_app(hostile_server)
    hostile_pcode = "UA6510001"
    features = json.loads((FIXTURE_DATA / "communities.geojson").read_text(encoding="utf-8"))["features"]
    expect_communities(session.map, len(features))
    session.map.locator("#map_div").wait_for()
    overlay_checkbox(session, gettext_for("uk")("Closed needs")).check()  # off at first: closed needs are history
    opened = session.map.locator("#map_div").evaluate(OPEN_EVERY_POPUP_JS)

    assert opened["found"] == [], "markup from the data reached the DOM"
    assert sorted(opened["texts"]["community"]) == sorted(f["properties"]["ADM3_PCODE"] for f in features)
    assert len(opened["texts"]["hub"]) == rows_in(FIXTURE_DATA / "hubs.csv")
    assert opened["clusterGroups"] == 2
    assert len(opened["texts"]["need"]) == places_with_needs(small)
    assert HOSTILE_NAME in opened["texts"]["community"][hostile_pcode]
    assert any(HOSTILE_NAME in text for text in opened["texts"]["need"])  # the community's needs popup names it

    # What a user sees: the hover tooltip of that community spells the markup out.
    # (Closed tooltips fade out for a moment before Leaflet removes them.)
    expect(session.map.locator(".leaflet-popup, .leaflet-tooltip")).to_have_count(0)
    where = community_point(session.map, hostile_pcode)  # the map fitted to it: room to hover clear of markers
    session.page.mouse.move(where["x"], where["y"])
    expect(session.map.locator(".leaflet-tooltip")).to_be_visible()
    expect(session.map.locator(".leaflet-tooltip")).to_contain_text(HOSTILE_NAME)
    name = next(f["properties"]["ADM3_UA"] for f in features if f["properties"]["ADM3_PCODE"] == hostile_pcode)
    expect(session.map.locator(".leaflet-tooltip b")).to_have_text(name)  # the tooltip's title, as text

    assert session.map.locator('img[src="x"], a[href^="javascript:" i]').count() == 0
    assert session.dialogs == []
    assert_offline(session)


def test_needs_popups_hide_personal_data(open_app, hostile_server, small):
    """Needs popups never show names, phones, addresses or notes of the people who asked for help."""
    session = open_app(hostile_server)
    overlay_checkbox(session, gettext_for("uk")("Closed needs")).check()
    opened = session.map.locator("#map_div").evaluate(OPEN_EVERY_POPUP_JS)
    assert len(opened["texts"]["need"]) == places_with_needs(small)
    shown = "\n".join(opened["texts"]["need"])
    page_source = session.map.locator("html").evaluate("(html) => html.outerHTML")
    for secret in PERSONAL_DATA:
        assert secret not in shown
        assert secret not in page_source, f"{secret!r} was sent to the browser"
    assert_offline(session)


def test_a_hidden_communities_layer_stays_hidden_when_the_metric_changes(open_app, demo_server):
    """The metric only recolours the shapes: a presenter who hid the communities does not get them back."""
    session = open_app(demo_server)
    _ = gettext_for("uk")
    communities = overlay_checkbox(session, _("Communities"))
    communities.uncheck()
    expect_communities(session.map, 0)
    label = _(METRICS["share_closed"][0])
    session.page.locator(".st-key-metric button").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).click()
    expect(session.map.locator(LEGEND_TITLE)).to_have_text(legend_title("share_closed", "uk"))
    expect(communities).not_to_be_checked()
    expect_communities(session.map, 0)
    communities.check()
    expect_communities(
        session.map, len(json.loads((DEMO_DATA / "communities.geojson").read_text(encoding="utf-8"))["features"])
    )
    assert_offline(session)
