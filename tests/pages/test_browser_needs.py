"""The Needs page in a real browser: a shared link, a click on a community, the downloads.

Same setup as tests/pages/test_browser.py: a module-scoped fixture starts ``streamlit run app.py`` on a
free port and waits for ``/_stcore/health``; Debian's Chromium (never downloaded by Playwright)
resolves no host but localhost, and every request that leaves localhost is recorded. Each
visitor is a fresh browser context, so the only thing two visitors share is the link.

Expected figures come from the data files through ``geo.figures.filters`` (the same day, Kyiv time).

Run: ``.venv/bin/python -m pytest tests/pages/test_browser_needs.py -q``. Without Chromium these tests
are skipped locally and fail under CI (``CI`` set).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import shapely
from browser_support import (
    COMMUNITY_CANVAS,
    NEEDS_ON_MAP_JS,
    Visitor,
    open_and_wait,
    visitors,
    wait_for_app_run,
)
from fakes import DEMO_SECRETS
from playwright.sync_api import Browser, expect

from geo.figures.filter_params import choices_of, parse_params
from geo.figures.filters import apply
from geo.figures.needs_view import prepare_needs
from geo.text.formatting import number
from geo.text.i18n import gettext_for

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PERSONAL_DATA = DEMO_SECRETS
CHIPS = ".react-aria-ComboBox [data-tag] > span[title]"  # a multiselect's chosen values


# ---------------------------------------------------------------------------------------------
# The app server and the browser


class NeedsVisitor(Visitor):
    """A visitor of the Needs page, who reads its figures, its address and the map's total."""

    def figure(self, label: str):
        metric = self.page.locator('[data-testid="stMetric"]')  # by its whole label: one label may hold another's words
        return metric.filter(has=self.page.get_by_text(label, exact=True)).locator('[data-testid="stMetricValue"]')

    def params(self) -> dict[str, list[str]]:
        return {k: v for k, v in parse_qs(urlsplit(self.page.url).query, keep_blank_values=True).items() if k != "lang"}

    def map_total(self) -> int:
        return self.map.locator("#map_div").evaluate(NEEDS_ON_MAP_JS)


@pytest.fixture
def visit(browser: Browser) -> Iterator[Callable[[str], NeedsVisitor]]:
    """``visit(url)``: a new visitor (fresh context: no cookies, no session) opens the url and waits for the map."""
    with visitors(browser) as new:

        def _open(url: str) -> NeedsVisitor:
            visitor = new(NeedsVisitor, viewport={"width": 1400, "height": 1100}, accept_downloads=True)
            open_and_wait(visitor, url, COMMUNITY_CANVAS, "the Needs page's map")
            visitor.map.locator("#map_div").evaluate("() => { window.__sameMap = true; }")
            return visitor

        yield _open


# ---------------------------------------------------------------------------------------------
# What the data says the page should show


@pytest.fixture(scope="module")
def needs(demo):
    return prepare_needs(demo, internal=False)


def expected_count(demo, needs, params: dict[str, list[str]]) -> int:
    filters, notes = parse_params(params, choices_of(demo.communities, demo.needs, demo.hubs))
    assert notes == []
    return len(apply(needs, filters, datetime.now(ZoneInfo("Europe/Kyiv")).date()))


def a_point_inside(demo, pcode: str) -> tuple[float, float]:
    """A point well inside a community and away from its centre (where its needs marker stands)."""
    communities = demo.communities.set_index("pcode")
    shape = communities.loc[pcode, "geometry"]
    centre = shapely.Point(communities.loc[pcode, "center_lon"], communities.loc[pcode, "center_lat"])
    size = max(shape.bounds[2] - shape.bounds[0], shape.bounds[3] - shape.bounds[1])
    room = shape.buffer(-0.1 * size).difference(centre.buffer(0.25 * size))
    for hub in demo.hubs.itertuples():
        room = room.difference(shapely.Point(hub.lon, hub.lat).buffer(0.1 * size))
    point = room.representative_point()
    return point.y, point.x


# ---------------------------------------------------------------------------------------------
# The tests


def test_a_shared_link_reproduces_the_view(visit, demo_server, demo, needs):
    """A link opens the same filters for anyone; a filter changed by one visitor travels in the next link."""
    link = "needs?lang=en&status=all&sector=food&sector=shelter_nfi&oblast=Mykolaivska"
    first = visit(demo_server + link)
    count = expected_count(demo, needs, first.params())
    expect(first.figure("Needs listed")).to_have_text(f"{count:,}")
    assert first.map_total() == count
    expect(first.page.locator(f".st-key-needs_sector {CHIPS}")).to_have_text(["food", "shelter/NFI"])

    # The first visitor narrows the view; the address follows.
    first.page.locator(".st-key-needs_verified button").filter(has_text=re.compile(r"^\s*verified\s*$")).click()
    expect(first.page).to_have_url(re.compile(r"[?&]verified=yes(&|$)"))
    wait_for_app_run(first.page)
    narrowed = expected_count(demo, needs, first.params())
    assert narrowed < count
    expect(first.figure("Needs listed")).to_have_text(f"{narrowed:,}")
    assert first.map.locator("#map_div").evaluate("() => window.__sameMap") is True  # the map was not reloaded

    # Someone else opens the copied address: same filters, same figures, same map.
    second = visit(first.page.url)
    assert second.params() == first.params()
    expect(second.figure("Needs listed")).to_have_text(f"{narrowed:,}")
    for label in ("People in the needs", "Verified, % of listed needs", "Median days waiting, unmet needs"):
        expect(second.figure(label)).to_have_text(first.figure(label).inner_text())
    expect(second.page.locator(f".st-key-needs_sector {CHIPS}")).to_have_text(["food", "shelter/NFI"])
    expect(second.page.locator(f".st-key-needs_oblast {CHIPS}")).to_have_text(["Mykolaivska"])
    expect(second.page.locator(".st-key-needs_verified").get_by_role("radio", checked=True)).to_have_text("verified")
    assert second.map_total() == narrowed
    assert first.external == [] and second.external == []


def test_clicking_a_community_narrows_the_view_and_clearing_returns(visit, demo_server, demo, needs):
    """A click on a community on the map narrows the list to it; 'Show all communities' brings the rest back."""
    pcode = "UA4806037"  # Shevchenkivska, Mykolaiv oblast: needs of every kind in the demo data
    visitor = visit(demo_server + "needs?lang=en&status=all")
    everything = expected_count(demo, needs, {"status": ["all"]})
    expect(visitor.figure("Needs listed")).to_have_text(f"{everything:,}")

    lat, lon = a_point_inside(demo, pcode)
    where = visitor.map.locator("#map_div").evaluate(
        """(_, args) => {
            const layer = window.hmCommunities[args.pcode];
            window.map.fitBounds(layer.getBounds(), {animate: false});
            const p = window.map.latLngToContainerPoint([args.lat, args.lon]);
            return {x: p.x, y: p.y};
        }""",
        {"pcode": pcode, "lat": lat, "lon": lon},
    )
    visitor.map.locator("#map_div").click(position=where)

    expect(visitor.page).to_have_url(re.compile(rf"[?&]community={pcode}(&|$)"))
    wait_for_app_run(visitor.page)
    one = expected_count(demo, needs, {"status": ["all"], "community": [pcode]})
    expect(visitor.figure("Needs listed")).to_have_text(f"{one:,}")
    expect(visitor.page.locator(f".st-key-needs_community {CHIPS}")).to_contain_text(["Shevchenkivska"])
    assert visitor.map_total() == one
    assert visitor.map.locator("#map_div").evaluate("() => window.__sameMap") is True

    visitor.page.locator(".st-key-needs_all_communities button").click()
    expect(visitor.figure("Needs listed")).to_have_text(f"{everything:,}")
    wait_for_app_run(visitor.page)
    assert "community" not in visitor.params()
    assert visitor.external == []


def test_downloads_hold_the_list_and_no_personal_data(visit, demo_server, demo, needs):
    """The CSV opens in Ukrainian Excel (BOM, ';') with the list's rows; neither it nor the GeoJSON has personal data."""
    visitor = visit(demo_server + "needs?sector=food")  # Ukrainian, as a first visit
    _ = gettext_for("uk")
    count = expected_count(demo, needs, {"sector": ["food"]})
    expect(visitor.figure(_("Needs listed"))).to_have_text(number(count, "uk"))

    with visitor.page.expect_download() as download:
        visitor.page.locator(".st-key-needs_csv button").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:2] == [_("Need"), _("Community")]
    assert len(rows) == count + 1
    assert {row[rows[0].index(_("Sector"))] for row in rows[1:]} == {_("food")}

    with visitor.page.expect_download() as download:
        visitor.page.locator(".st-key-needs_geojson button").click()
    geojson = Path(download.value.path()).read_text(encoding="utf-8")
    assert len(json.loads(geojson)["features"]) == count

    for text in (data.decode("utf-8-sig"), geojson, visitor.page.content()):
        for secret in PERSONAL_DATA:
            assert secret not in text
    assert visitor.external == []
