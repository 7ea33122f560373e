"""The exports for slides as a presenter sees them, in Chromium: the HTML file from a USB stick with no
network, the page the PNG is drawn from, and the one-page PDF summary.

The HTML file is opened from ``file://``; any request that is not to the file itself, ``data:``, ``about:``
or ``blob:`` is recorded and fails the test. The PNG and the PDF come from ``geo.exports.snapshot``,
which starts its own Chromium. No fixed sleeps: each wait is for something drawn.

Run: ``.venv/bin/pytest tests/exports/test_browser_exports.py -q``. Without Chromium these tests are
skipped locally and fail under CI (``CI=true``).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import struct
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from browser_support import PNG_COLOURS_JS, TIMEOUT_MS, require_chromium
from playwright.sync_api import expect

from geo.exports.slide import Slide, picture_html, slide_html
from geo.exports.snapshot import DRAWN_JS, render_pdf, render_png
from geo.figures.summary import attribution_text
from geo.forum.forum_map import forum_map
from geo.forum.tour_figures import stop_area, stop_tiles
from geo.forum.tour_files import DEFAULT_TOUR, load_tour
from geo.forum.tour_summary import summary_html
from geo.maps.legend import newest_record
from geo.text.i18n import gettext_for

pytestmark = pytest.mark.browser

TODAY = dt.date(2025, 10, 31)
LOCAL_SCHEMES = ("file", "data", "about", "blob")
LONG_TITLE = "Херсонщина: потреби після підриву Каховської греблі, правий берег Дніпра й острови нижче Херсона"


@pytest.fixture(scope="module")
def stop_slide(demo):
    """The demo tour's Mykolaiv stop, as the Forum page exports it: a fresh map each call, and its words."""
    stop = load_tour(DEFAULT_TOUR)[1]
    attribution = attribution_text(demo, "uk", True)
    slide = Slide(
        title=stop.title_in("uk"),
        lang="uk",
        area=stop_area(demo, stop, "uk"),
        text=stop.text_in("uk"),
        tiles=tuple(stop_tiles(demo, stop, "uk", TODAY)),
        data_as_of=newest_record(demo),
        attribution=attribution,
    )
    return (lambda: forum_map(demo, stop, "uk", attribution, TODAY)), slide


def pdf_text(pdf: bytes) -> list[str]:
    """The text of each text object (BT … ET) of a Chromium PDF, in order: its glyph codes read through
    the ToUnicode map of the font in use (Chromium writes every glyph as a hex code of a CID font)."""
    objects = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", pdf, re.DOTALL)}

    def stream(body: bytes) -> bytes:
        data = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.DOTALL).group(1)
        return zlib.decompress(data) if b"/FlateDecode" in body else data

    def unicode_map(data: bytes) -> dict[int, str]:
        table = {}
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
            for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                table[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
            for low, high, first in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                for i, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    table[code] = chr(int(first, 16) + i)
        return table

    fonts = {}
    for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", pdf):
        if to_unicode := re.search(rb"/ToUnicode (\d+) 0 R", objects[int(ref)]):
            fonts[name] = unicode_map(stream(objects[int(to_unicode.group(1))]))
    texts = []
    for body in objects.values():
        if b"stream" not in body:
            continue
        for block in re.findall(rb"BT(.*?)ET", stream(body), re.DOTALL):
            font, glyphs = {}, []
            for token in re.finditer(rb"/(F\d+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>", block):
                if token.group(1):
                    font = fonts.get(token.group(1), {})
                else:
                    codes = token.group(2).decode()
                    glyphs += [font.get(int(codes[i : i + 4], 16), "") for i in range(0, len(codes), 4)]
            if glyphs:
                texts.append("".join(glyphs))
    return texts


def test_html_file_opens_offline_with_the_stop_beside_the_map(browser, tmp_path: Path, stop_slide):
    """From a file, with no network: the stop's title, text and every tile in a panel beside the map on a
    laptop and above it on a phone, the map drawn, nothing fetched but the file itself."""
    make_map, slide = stop_slide
    path = tmp_path / "stop.html"
    path.write_text(slide_html(make_map(), slide), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="uk-UA")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        outside, other_files, errors = [], [], []

        def on_request(request) -> None:
            scheme = urlsplit(request.url).scheme
            if scheme not in LOCAL_SCHEMES:
                outside.append(request.url)
            elif scheme == "file" and request.url != path.as_uri():
                other_files.append(request.url)

        page.on("request", on_request)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri())
        page.wait_for_function(DRAWN_JS)
        panel = page.get_by_test_id("slide-panel")
        expect(panel.locator("h1")).to_have_text(slide.title)
        expect(panel.locator(".hm-slide-text")).to_have_text(" ".join(slide.text.split()))
        for label, value in slide.tiles:
            tile = panel.locator(".hm-slide-tile").filter(has_text=label)
            expect(tile.locator("dd")).to_have_text(value)
        expect(panel).to_contain_text(slide.date_line())
        expect(panel).to_contain_text(slide.attribution)
        expect(page.get_by_test_id("map-legend")).to_be_visible()
        side, drawn = panel.bounding_box(), page.locator(".leaflet-container").bounding_box()
        assert side["x"] + side["width"] <= drawn["x"] + 1 and drawn["height"] == 900, (side, drawn)
        assert drawn["width"] >= 900  # the map keeps most of a laptop's screen

        page.set_viewport_size({"width": 390, "height": 844})  # a phone: the panel above the map
        expect(page.locator(".leaflet-container")).to_have_css("width", "390px")
        side, drawn = panel.bounding_box(), page.locator(".leaflet-container").bounding_box()
        assert side["y"] + side["height"] <= drawn["y"] + 1 and drawn["height"] > 500, (side, drawn)
        assert outside == [] and other_files == [] and errors == []
    finally:
        context.close()


def test_png_shows_the_stops_title_legend_and_source_without_buttons(browser, stop_slide):
    """The picture's page at projector size: the title above the map, the legend open, the data's date and
    the attribution below, no zoom buttons, layer list or fold button; the PNG is a real 1920 x 1080 picture."""
    make_map, slide = stop_slide
    html = picture_html(make_map(), slide)
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.set_content(html, wait_until="load")
        page.wait_for_function(DRAWN_JS)
        for control in (".leaflet-control-zoom", ".leaflet-control-layers", ".leaflet-control-attribution"):
            assert page.locator(control).count() == 1, control  # the map has it, and it is hidden
            expect(page.locator(control)).to_be_hidden()
        expect(page.locator(".hm-legend-caret")).to_be_hidden()
        title = page.get_by_test_id("picture-title")
        expect(title.locator("h1")).to_have_text(slide.title)
        expect(title.locator("p")).to_have_text(slide.area)
        legend = page.get_by_test_id("map-legend")
        expect(legend.locator(".hm-legend-body")).to_be_visible()
        expect(legend).to_contain_text(gettext_for("uk")("Hubs"))  # the stop's layers, each with its section
        source = page.get_by_test_id("picture-source")
        expect(source).to_contain_text(f"Дані станом на {slide.data_as_of.isoformat()}.")
        expect(source).to_contain_text(slide.attribution)
        top, drawn, bottom = title.bounding_box(), page.locator(".leaflet-container").bounding_box(), source.bounding_box()
        assert top["y"] + top["height"] <= drawn["y"] + 1 and drawn["y"] + drawn["height"] <= bottom["y"] + 1
        assert bottom["y"] + bottom["height"] <= 1080 + 1  # all of it on the picture

        png = render_png(html)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1920, 1080)
        shown = page.evaluate(
            PNG_COLOURS_JS, ["data:image/png;base64," + base64.b64encode(png).decode("ascii"), [-1, -1, -1]]
        )
        assert (shown["width"], shown["height"]) == (1920, 1080) and shown["colours"] > 100, shown
    finally:
        context.close()


def test_summary_pdf_keeps_a_long_title_whole():
    """A stop's title of nearly a hundred letters prints whole (on two or three lines of its cell), not cut
    with "…" as when every cell had one line; the page is still one page."""
    require_chromium()  # geo.exports.snapshot's own Chromium: a CI failure when missing, else a skip
    figures = pd.DataFrame(
        {
            "stop": [1, 2, 3],
            "title": [LONG_TITLE, "Миколаївщина: 463 потреби", "Україна"],
            "area": ["Херсонська область", "Миколаївська область", "Уся Україна"],
            "needs": [262, 463, 725],
            "verified_share": [0.8, 0.81, 0.8],
            "closed_share": [0.4, 0.43, 0.42],
            "idps_hosted": [5000, 1961, 123456],
            "hubs": [3, 4, 44],
        }
    )
    pdf = render_pdf(summary_html(figures, "uk", "Форум у Миколаєві: підсумок туру", "Станом на 2025-10-31"))
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    texts = pdf_text(pdf)
    start = next(i for i, text in enumerate(texts) if LONG_TITLE.startswith(text))
    lines = []
    while " ".join(lines) != LONG_TITLE and len(lines) < 4:
        lines.append(texts[start + len(lines)])
    assert " ".join(lines) == LONG_TITLE and 2 <= len(lines) <= 3, texts[start : start + 4]
    assert "Миколаївщина: 463 потреби" in texts and not any(text.endswith("…") for text in lines)
