"""Hostile uploads in a real browser: each is refused, the data shown before stays, and the server
keeps serving the map to everyone else, also to a visitor who arrives while the worst is read.

The worst, a polygon whose repair would take more memory than the box allows, is stopped by the
box (``geo.ingest.box``) and says what it was doing.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from browser_support import COMMUNITY_CANVAS, communities_on_map, new_visitor, serve, wait_for_app_run
from playwright.sync_api import Browser, expect

from geo.text.i18n import gettext_for

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BOX_SECONDS = 20  # the server's box: long enough for a slow machine's real reads, short for a test
UPLOADERS = ("communities", "needs", "hubs", "idp_counts", "oblasts", "raions", "indicators")  # the sidebar's order
_ = gettext_for("en")


def vrt_as_geojson() -> bytes:
    """An OGR VRT document that would read /etc/passwd, named as a GeoJSON."""
    return (
        b"<OGRVRTDataSource><OGRVRTLayer name='needs'><SrcDataSource>CSV:/etc/passwd</SrcDataSource>"
        b"<SrcSQL>SELECT field_1 AS provider FROM passwd</SrcSQL></OGRVRTLayer></OGRVRTDataSource>"
    )


def corner_workbook() -> bytes:
    """1.5 KB that declares a sheet of 1,048,576 x 16,384 cells (read as a grid: tens of GB)."""
    book = openpyxl.Workbook()
    book.active["A1"] = "need_id"
    book.active["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A zipped "Shapefile" whose .dbf unpacks to 300 MB of zeros from well under 1 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("hromadas.shp", b"\x00\x00\x27\x0a" + b"\x00" * 96)
        with archive.open("hromadas.dbf", "w", force_zip64=True) as member:
            block = b"\x00" * 2**20
            for _block in range(300):
                member.write(block)
    return buffer.getvalue()


def wide_csv() -> bytes:
    """A header of 100,000 columns."""
    return (",".join(f"c{i}" for i in range(100_000)) + "\n" + ",".join("1" for _i in range(100_000)) + "\n").encode()


def endless_repair() -> bytes:
    """One community whose boundary crosses itself everywhere (3,000 random vertices): far within the
    vertex limit, but repairing it takes more memory than the box allows."""
    rng = np.random.default_rng(7)
    angles, radii = rng.uniform(0, 2 * np.pi, 3000), rng.uniform(0.2, 1.0, 3000)
    ring = [[round(31 + r * np.cos(a), 5), round(48 + r * np.sin(a), 5)] for a, r in zip(angles, radii, strict=True)]
    ring.append(ring[0])
    feature = {
        "type": "Feature",
        "properties": {"pcode": "UA4806037", "name_uk": "Вузол"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


# (kind, file name, bytes): the five worst of the corpus, the slowest last.
HOSTILE = [
    ("needs", "needs.geojson", vrt_as_geojson),
    ("needs", "needs.xlsx", corner_workbook),
    ("communities", "hromadas.zip", zip_bomb),
    ("needs", "wide.csv", wide_csv),
    ("communities", "knot.geojson", endless_repair),
]


@pytest.fixture(scope="module")
def upload_server(request: pytest.FixtureRequest) -> Iterator[str]:
    yield from serve(request, None, {"HROMADA_READ_SECONDS": str(BOX_SECONDS)})


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for _kind, name, make in HOSTILE:
        files[name] = folder / name
        files[name].write_bytes(make())
    return files


def needs_registered(page) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=_("Needs registered"))
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def communities_drawn(visitor) -> int:
    expect(visitor.map.locator(COMMUNITY_CANVAS)).to_be_attached()
    return len(communities_on_map(visitor.map))


def test_the_worst_uploads_are_refused_and_the_server_keeps_serving(browser: Browser, upload_server, hostile_files):
    """Five hostile files in turn: each is refused by name, the map and its figures stay those of the
    data before, and a second visitor who arrives as the worst is being read gets the map."""
    contexts = []
    uploader = new_visitor(browser, contexts)
    page = uploader.page
    page.goto(upload_server + "?lang=en")
    wait_for_app_run(page)
    before = needs_registered(page)
    drawn = communities_drawn(uploader)
    assert before == "725" and drawn > 1700
    page.get_by_text(_("Your files"), exact=True).click()
    inputs = page.locator('[data-testid="stSidebar"] [data-testid="stFileUploader"] input[type="file"]')
    expect(inputs).to_have_count(len(UPLOADERS))
    sidebar = page.locator('[data-testid="stSidebar"]')
    try:
        for kind, name, _make in HOSTILE:
            inputs.nth(UPLOADERS.index(kind)).set_input_files(str(hostile_files[name]))
            refused = sidebar.get_by_text(_("{file} was not loaded; the data shown before stays.").format(file=name))
            if name == "knot.geojson":  # as the box reads it, another visitor arrives and gets the whole map
                other = new_visitor(browser, contexts)
                other.page.goto(upload_server + "?lang=en")
                assert communities_drawn(other) == drawn
                assert needs_registered(other.page) == before
            expect(refused).to_be_visible(timeout=(BOX_SECONDS + 30) * 1000)
            wait_for_app_run(page)
            assert needs_registered(page) == before, name
            assert communities_drawn(uploader) == drawn, name
        messages = sidebar.inner_text()
        assert "root:" not in messages and "Traceback" not in messages and "/etc" not in messages
        assert "while repairing invalid shapes" in messages  # the box says what the worst was doing
        third = new_visitor(browser, contexts)  # after all five, a fresh visitor still gets the map
        third.page.goto(upload_server + "?lang=en")
        assert communities_drawn(third) == drawn
        assert not uploader.external and not third.external
    finally:
        for context in contexts:
            context.close()
