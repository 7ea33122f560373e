"""The map's legend in a real browser: a section for each layer that is on, the colours of the metric
chosen, folded on a phone, out of the country's way, with the data's source and date.

The app is served by ``streamlit run`` and drawn by Debian's Chromium (tests/browser_support.py);
every request to another host is recorded, and none may be made. Expected texts and classes come
from ``geo`` itself (the translations, ``geo.maps.choropleth.classify``), expected dates from the
demo data.

Run: ``.venv/bin/python -m pytest tests/pages/test_browser_legend.py -q``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import pytest
from browser_support import Visitor, legend_title, open_and_wait, visitors
from playwright.sync_api import Browser, expect

from geo.figures.metrics import DEFAULT_METRIC, METRICS, community_metrics
from geo.ingest.contract import HUB_TYPES
from geo.maps.choropleth import classify
from geo.maps.choropleth_layer import metric_legend
from geo.maps.legend import newest_record
from geo.text.formatting import date
from geo.text.i18n import gettext_for

pytestmark = pytest.mark.browser

LEGEND = '[data-testid="map-legend"]'
SECTION = LEGEND + " .hm-legend-section"
OVERLAY_LABELS = ".leaflet-control-layers-overlays label"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}
FLOWING = "UA1414005"  # a demo community many displaced people left

# Every fill colour of the community polygons, and every swatch colour of the legend, as rgb().
COLOURS_JS = """
() => {
    const probe = document.createElement("span");
    document.body.appendChild(probe);
    const rgb = (colour) => { probe.style.color = ""; probe.style.color = colour; return getComputedStyle(probe).color; };
    const fills = new Set((window.hmCommunityList || []).filter(Boolean).map((layer) => rgb(layer.options.fillColor)));
    const swatches = new Set(Array.from(document.querySelectorAll('[data-key="colours"] i'))
        .map((el) => getComputedStyle(el).backgroundColor));
    probe.remove();
    return {fills: Array.from(fills), swatches: Array.from(swatches)};
}
"""


@pytest.fixture
def visit(browser: Browser) -> Iterator[Callable[..., Visitor]]:
    """``visit(url, viewport=DESKTOP)``: a new visitor opens the url and waits for the map and its legend."""
    with visitors(browser) as new:

        def _open(url: str, viewport: dict | None = None) -> Visitor:
            visitor = new(viewport=viewport or DESKTOP)
            open_and_wait(visitor, url, SECTION, "the map and its legend")
            return visitor

        yield _open


@pytest.fixture(scope="module")
def demo_metrics(demo):
    return community_metrics(demo.communities, demo.needs, demo.hubs, demo.idp_counts)


def sections(visitor: Visitor) -> list[str]:
    return visitor.map.locator(SECTION).evaluate_all("(els) => els.map((el) => el.dataset.key)")


def swatch_labels(visitor: Visitor) -> list[str]:
    return visitor.map.locator(f'{SECTION}[data-key="colours"] .hm-legend-label').all_inner_texts()


def overlay_checkbox(visitor: Visitor, name: str):
    label = visitor.map.locator(OVERLAY_LABELS).filter(has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))
    expect(label).to_have_count(1)
    return label.locator("input.leaflet-control-layers-selector")


def corner(visitor: Visitor) -> str:
    """The legend's corner of the map, e.g. "bottom right"."""
    classes = visitor.map.locator(LEGEND).evaluate("(el) => el.parentElement.className")
    return " ".join(word.removeprefix("leaflet-") for word in classes.split())


def settled_corner(visitor: Visitor, side: str, timeout_s: float = 5.0) -> str:
    """The legend's corner once it is on ``side`` (or after ``timeout_s``): it moves after the map's moveend."""
    deadline = time.monotonic() + timeout_s
    while side not in (where := corner(visitor)) and time.monotonic() < deadline:
        visitor.page.wait_for_timeout(100)
    return where


def assert_offline(visitor: Visitor) -> None:
    assert visitor.external == [], "requests that left localhost"


def test_each_layer_that_is_on_has_its_section(visit, demo_server, demo):
    """The colours, open needs, hubs by type and IDP circles are explained; a layer ticked off takes its
    section with it, and closed needs, off at first, bring theirs when ticked."""
    visitor = visit(demo_server + "?lang=uk")
    _ = gettext_for("uk")
    expect(visitor.map.locator(SECTION)).to_have_count(4)
    assert sections(visitor) == ["colours", "open_needs", "hubs", "idps"]
    expect(visitor.map.locator(f"{LEGEND} .hm-title")).to_have_text(legend_title(DEFAULT_METRIC, "uk"))
    hubs = visitor.map.locator(f'{SECTION}[data-key="hubs"] .hm-legend-label')
    present = [k for k in HUB_TYPES if k in set(demo.hubs["hub_type"])]
    expect(hubs).to_have_text([_(HUB_TYPES[k][0]) for k in present])
    circles = visitor.map.locator(f'{SECTION}[data-key="idps"] circle')
    assert 2 <= circles.count() <= 3

    overlay_checkbox(visitor, _("Hubs")).uncheck()
    expect(visitor.map.locator(f'{SECTION}[data-key="hubs"]')).to_have_count(0)
    overlay_checkbox(visitor, _("Closed needs")).check()
    expect(visitor.map.locator(f'{SECTION}[data-key="closed_needs"]')).to_have_count(1)
    assert sections(visitor) == ["colours", "open_needs", "closed_needs", "idps"]
    overlay_checkbox(visitor, _("Hubs")).check()
    expect(visitor.map.locator(f'{SECTION}[data-key="hubs"]')).to_have_count(1)
    assert_offline(visitor)


def test_switching_the_metric_changes_the_legends_colours_without_reloading_the_map(visit, demo_server, demo, demo_metrics):
    """The legend shows the new metric's name and classes, the ones its colours on the map are drawn from."""
    visitor = visit(demo_server + "?lang=en")
    _ = gettext_for("en")
    visitor.map.locator("#map_div").evaluate("() => { window.__sameMap = true; }")
    before = swatch_labels(visitor)
    other = "idps_hosted"
    label = _(METRICS[other][0])
    button = visitor.page.locator(".st-key-metric button").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    button.click()

    expect(visitor.map.locator(f"{LEGEND} .hm-title")).to_have_text(legend_title(other, "en"))
    values = demo_metrics[other].reindex(demo.communities["pcode"])
    expected = metric_legend(classify(demo_metrics[other], other), values, other, "en")
    expect(visitor.map.locator(f'{SECTION}[data-key="colours"] .hm-legend-label')).to_have_text(
        [item["label"].replace("\u00a0", " ") for item in expected["items"]]
    )
    assert swatch_labels(visitor) != before
    colours = visitor.map.locator("#map_div").evaluate(COLOURS_JS)
    assert set(colours["fills"]) <= set(colours["swatches"]), "a colour on the map that the legend does not explain"
    assert sections(visitor) == ["colours", "open_needs", "hubs", "idps"]  # the other layers' sections stay
    assert visitor.map.locator("#map_div").evaluate("() => window.__sameMap") is True
    assert_offline(visitor)


def test_the_legend_is_folded_on_a_phone_and_opens_with_its_button(visit, demo_server):
    """Under 600 pixels the legend starts as its button; a tap opens it, and another folds it again."""
    _ = gettext_for("uk")
    phone = visit(demo_server + "?lang=uk", viewport=PHONE)
    toggle = phone.map.locator(f"{LEGEND} .hm-legend-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-label", _("Show the legend"))
    expect(phone.map.locator(f"{LEGEND} .hm-legend-body")).to_be_hidden()
    toggle.click()
    expect(phone.map.locator(f"{LEGEND} .hm-legend-body")).to_be_visible()
    expect(phone.map.locator(f"{SECTION}[data-key='colours']")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")

    desktop = visit(demo_server + "?lang=uk")
    toggle = desktop.map.locator(f"{LEGEND} .hm-legend-toggle")
    expect(desktop.map.locator(f"{SECTION}[data-key='colours']")).to_be_visible()
    toggle.click()
    expect(desktop.map.locator(f"{LEGEND} .hm-legend-body")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-label", _("Show the legend"))
    assert_offline(phone)
    assert_offline(desktop)


def test_the_legend_moves_to_the_corner_away_from_the_country(visit, demo_server):
    """With the country on the left of the map the legend stands on the right, and the other way round."""
    visitor = visit(demo_server + "?lang=en")
    move = """(_, side) => {
        const map = window.map, width = map.getSize().x * 0.6, bounds = [[44.3, 22.1], [52.4, 40.2]];
        const padding = side === "left" ? {paddingBottomRight: [width, 0]} : {paddingTopLeft: [width, 0]};
        map.fitBounds(bounds, Object.assign({animate: false}, padding));
    }"""
    visitor.map.locator("#map_div").evaluate(move, "left")
    assert "right" in settled_corner(visitor, "right")
    visitor.map.locator("#map_div").evaluate(move, "right")
    assert "left" in settled_corner(visitor, "left")
    # Where it stands, it covers none of the communities in view.
    scores = visitor.map.locator("#map_div").evaluate("() => window.map._hmLegend.scores")
    assert scores[corner(visitor).replace(" ", "")] == min(scores.values()) == 0
    assert_offline(visitor)


def test_the_legend_names_the_source_and_the_newest_record(visit, demo_server, demo):
    """Under the sections: the map's credits (the boundaries' source) and the date of the newest record."""
    visitor = visit(demo_server + "?lang=uk")
    source = visitor.map.locator(f"{LEGEND} .hm-legend-source")
    newest = gettext_for("uk")("Newest record: {date}").format(date=date(newest_record(demo)))
    expect(source).to_contain_text(newest)
    credits = visitor.map.locator(".leaflet-control-attribution").inner_text()
    first_line = source.inner_text().split("\n")[0].strip()
    assert len(first_line) > 10 and first_line in credits.replace("\n", " ")
    assert_offline(visitor)


def test_a_communitys_flows_have_their_section(visit, demo_server, demo):
    """Choosing a community's flows adds their colours and reference widths; the rest stays."""
    visitor = visit(demo_server + f"?lang=en&community={FLOWING}")
    flows = visitor.map.locator(f'{SECTION}[data-key="flows"]')
    expect(flows).to_have_count(1)
    name = demo.communities.set_index("pcode").loc[FLOWING, "name_en"]
    expect(flows.locator(".hm-section-title")).to_contain_text(name)
    widths = flows.locator(".hm-legend-line line").evaluate_all(
        "(els) => els.map((el) => Number(el.getAttribute('stroke-width')))"
    )
    assert len(widths) >= 3 and len(set(widths)) >= 2  # a line per direction, and widths that differ
    assert sections(visitor)[:2] == ["colours", "flows"]
    assert_offline(visitor)


def test_the_needs_page_map_has_its_legend(visit, demo_server):
    """The Needs page explains its colours (the filtered open needs), its needs markers and the hubs."""
    visitor = visit(demo_server + "needs?lang=uk")
    _ = gettext_for("uk")
    expect(visitor.map.locator(f"{LEGEND} .hm-title")).to_have_text(_("Unmet needs matching the filters"))
    assert {"colours", "needs", "hubs"} <= set(sections(visitor))
    colours = visitor.map.locator("#map_div").evaluate(COLOURS_JS)
    assert set(colours["fills"]) <= set(colours["swatches"])
    assert_offline(visitor)
