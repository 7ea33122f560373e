"""The exports in a real browser: the standalone map opens from a file with no network, and the
pictures for slides come out at projector size (PNG) and on one A4 landscape page (PDF).

Debian's Chromium (tests/browser_support.py) opens the exported file from ``file://``; every
request that is not to a ``file:``, ``data:`` or ``about:`` URL counts as external and fails the
test, and so does a ``file:`` request for anything but the page itself (a missing image or
script next to the file). The PNG and PDF come from geo.exports.snapshot, which starts its own Chromium;
the module's browser decodes the PNG to check what it shows. No fixed sleeps.

Run: ``.venv/bin/python -m pytest tests/pages/test_browser_standalone.py -q``. Without Chromium these
tests are skipped locally and fail under CI (``CI=true``).
"""

from __future__ import annotations

import asyncio
import base64
import re
import struct
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import folium
import numpy as np
import pandas as pd
import pytest
from browser_support import (
    COMMUNITY_CANVAS,
    PNG_COLOURS_JS,
    TIMEOUT_MS,
    community_point,
    expect_communities,
    require_chromium,
)
from playwright.sync_api import Browser, Page, expect

from geo.exports.snapshot import render_pdf, render_png
from geo.exports.standalone import standalone_html
from geo.forum.tour_summary import summary_html
from geo.maps.map_builder import build_map

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("file", "data", "about", "blob")
HUB_COLOUR = (8, 48, 107)  # .hm-hub's opaque fill (geo/maps/map_elements.py)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
A4_PT = (297 / 25.4 * 72, 210 / 25.4 * 72)  # landscape, in points


@dataclass
class Opened:
    """A page opened from a file, with what it fetched besides that file, and its script errors."""

    page: Page
    url: str
    external: list[str] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def open_file(browser: Browser, tmp_path: Path) -> Iterator[Callable[[str], Opened]]:
    """``open_file(html)``: the HTML written to a file, opened from ``file://`` in a fresh context."""
    contexts = []

    def _open(html: str) -> Opened:
        path = tmp_path / "map.html"
        path.write_text(html, encoding="utf-8")
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="uk-UA")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        opened = Opened(context.new_page(), path.as_uri())

        def on_request(request) -> None:
            scheme = urlsplit(request.url).scheme
            if scheme not in LOCAL_SCHEMES:
                opened.external.append(request.url)
            elif scheme == "file" and request.url != opened.url:
                opened.other_files.append(request.url)

        opened.page.on("request", on_request)
        opened.page.on("pageerror", lambda error: opened.errors.append(str(error)))
        opened.page.goto(opened.url)
        return opened

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def snapshot_chromium() -> str:
    """The Chromium geo.exports.snapshot will use (the tests' own): a CI failure when missing, else a skip."""
    return require_chromium()


@pytest.fixture(scope="module")
def demo_export(demo) -> str:
    return standalone_html(build_map(demo, "open_needs", "en", "attribution"), "Forum: open needs")


def marker_map() -> str:
    m = folium.Map(location=(47.0, 32.0), zoom_start=7, tiles=None)
    folium.Marker((47.0, 32.0), tooltip="Mykolaiv").add_to(m)
    return standalone_html(m, "Marker")


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def png_colours(browser: Browser, png: bytes) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        return page.evaluate(PNG_COLOURS_JS, [source, list(HUB_COLOUR)])
    finally:
        context.close()


def pdf_pages(pdf: bytes) -> int:
    """How many page objects (``/Type /Page``, not the ``/Pages`` tree) the PDF has."""
    assert pdf.startswith(b"%PDF-")
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def is_a4_landscape(pdf: bytes) -> bool:
    """Every page is 297 x 210 mm (within a point: Chromium rounds the CSS size and the paper size apart)."""
    boxes = [[float(v) for v in box.split()] for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)]
    return bool(boxes) and all(abs(x1 - x0 - A4_PT[0]) < 1.5 and abs(y1 - y0 - A4_PT[1]) < 1.5 for x0, y0, x1, y1 in boxes)


def stops(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(n)
    return pd.DataFrame(
        {
            "stop": [f"stop-{i}" for i in range(1, n + 1)],
            "title": [f"Херсонська область: потреби після підриву греблі, зупинка {i}" for i in range(1, n + 1)],
            "area": ["Херсонська область"] * n,
            "needs": rng.integers(0, 800, n),
            "verified_share": rng.random(n),
            "closed_share": rng.random(n),
            "idps_hosted": rng.integers(0, 150_000, n),
            "hubs": rng.integers(0, 40, n),
        }
    )


# ---------------------------------------------------------------------------------------------
# The standalone HTML file


def test_exported_map_draws_from_a_file_with_no_network(open_file, demo_export, demo):
    """The exported file, opened from disk, draws every community (each names itself under the pointer),
    the hubs and the legend, fetching nothing."""
    opened = open_file(demo_export)
    expect(opened.page.locator(COMMUNITY_CANVAS)).to_be_attached()
    expect_communities(opened.page, len(demo.communities))
    where = community_point(opened.page, "UA4806015")  # Mykolaiv
    opened.page.mouse.move(where["x"], where["y"])
    expect(opened.page.locator(".leaflet-tooltip b")).to_have_text(
        demo.communities.set_index("pcode").loc["UA4806015", "name_en"]
    )
    expect(opened.page.locator(".hm-hub")).to_have_count(len(demo.hubs))
    expect(opened.page.get_by_test_id("map-legend")).to_be_visible()
    expect(opened.page).to_have_title("Forum: open needs")
    assert opened.external == [], "requests that left the file"
    assert opened.other_files == [], "files the page wanted next to it"
    assert opened.errors == []


def test_exported_map_fills_the_window(open_file, demo_export):
    """On a laptop the map takes the whole window, as it would on the projector."""
    opened = open_file(demo_export)
    box = opened.page.locator(".leaflet-container").bounding_box()
    assert box is not None and (box["width"], box["height"]) == (1400, 900)


def test_default_marker_icon_draws_from_the_file(open_file):
    """A folium marker with Leaflet's default icon shows its image with no images folder beside the file."""
    opened = open_file(marker_map())
    icon = opened.page.locator("img.leaflet-marker-icon")
    expect(icon).to_have_count(1)
    assert icon.get_attribute("src").startswith("data:image/png;base64,")
    opened.page.wait_for_function("() => document.querySelector('img.leaflet-marker-icon').complete")
    assert icon.evaluate("(img) => img.naturalWidth") > 0
    assert opened.external == [] and opened.other_files == [] and opened.errors == []


# ---------------------------------------------------------------------------------------------
# PNG and PDF


def test_png_is_projector_sized_and_shows_the_map(snapshot_chromium, browser, demo_export):
    """The PNG is 1920 x 1080 and shows the map (many colours, the hubs' navy), where a blank page is one colour."""
    png = render_png(demo_export)
    assert png_size(png) == (1920, 1080)
    shown = png_colours(browser, png)
    assert (shown["width"], shown["height"]) == (1920, 1080)
    assert shown["colours"] > 100 and shown["found"], shown

    blank = png_colours(browser, render_png("<!DOCTYPE html><html><body></body></html>", 320, 200))
    assert (blank["width"], blank["height"], blank["colours"], blank["found"]) == (320, 200, 1, False)


def test_png_can_be_made_where_an_asyncio_loop_runs(snapshot_chromium):
    """Called from code that runs an event loop (as some servers do), the picture is still made."""

    async def inside_a_loop() -> bytes:
        asyncio.get_running_loop()
        return render_png(marker_map(), 640, 480)

    # A thread of its own: this one already runs the loop of the module's sync Playwright.
    with ThreadPoolExecutor(max_workers=1) as pool:
        png = pool.submit(asyncio.run, inside_a_loop()).result()
    assert png_size(png) == (640, 480)


@pytest.mark.parametrize("count", [1, 12, 30])
def test_summary_pdf_is_one_a4_landscape_page(snapshot_chromium, count):
    """The tour's summary prints on one A4 landscape sheet, from one stop to thirty."""
    page = summary_html(stops(count), "uk", "Форум у Миколаєві: підсумок туру", "Станом на 2025-09-01")
    pdf = render_pdf(page)
    assert pdf_pages(pdf) == 1
    assert is_a4_landscape(pdf)


def test_map_pdf_is_one_page(snapshot_chromium, demo_export):
    """The map prints on one A4 landscape sheet too."""
    pdf = render_pdf(demo_export)
    assert pdf_pages(pdf) == 1
    assert is_a4_landscape(pdf)
