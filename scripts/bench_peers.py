"""Our map side by side with what a user would build instead, on the same national data, in one run.

Why: a figure of ours alone says little; what matters is whether the dashboard beats what a Streamlit
user would write with the usual tools, and how far it sits above the floor that no app can go under.
Everything runs on the real COD-AB boundaries that the demo ships (data/communities.geojson) with a
generated national set of needs, hubs and IDP rows (bench_national.national_files), one server at a
time, so that no peer competes with another for the two cores.

Peers (the apps are in scripts/peers/, each what a competent user of the tool would write; every one
offers the metric choice and the sector filter, a map and a st.dataframe list of the needs):

- ours: the app, measured as bench_national.py does (``ours()`` in-process; ``browser_figures``);
- plain_folium: a newcomer's folium map (raw polygons with a tooltip and a style function, a Marker with
  a popup per need in a MarkerCluster) in st_folium, on the file's first 10,000 needs only: more does
  not finish;
- careful_folium: polygons simplified (0.005°) and trimmed to 5 decimals, a FastMarkerCluster, and
  ``st_folium(returned_objects=[])``, on every need;
- pydeck: st.pydeck_chart, a GeoJsonLayer of the same simplified polygons and a ScatterplotLayer of
  the needs, no base map;
- empty: a Streamlit page with a title only (the front end's own start: the floor for any app);
- leaflet: the simplified polygons drawn by plain Leaflet (the app's vendored copy) on a bare page
  served from localhost (the floor for drawing; no markers, no Streamlit).

Offline, as ours: folium points at CDNs, so the folium peers' assets are rewritten to the same local
files ours uses (geo.maps.assets.localize), which can only make them faster; FastMarkerCluster is given
the plain-marker callback of folium's own example (its default needs awesome-markers, from a CDN); no
folium map has a tile layer, so each sets Leaflet's zoom limits as ours does (MarkerCluster needs them).
st.pydeck_chart still asks for Streamlit's default Carto style (map_style=None); offline that request
fails at once and the deck draws on its own.
The plain folium ratios set it on 10,000 needs against ours on all of them: they understate ours' lead.

Figures, per peer (null where one does not apply):
- payload_bytes, payload_gzip_bytes: what the server sends for the map. st_folium: the component's
  arguments as Streamlit serialises them (JSON), captured from st_folium itself; pydeck: the deck JSON
  that st.pydeck_chart sends; the bare page: its HTML with the data in it.
- build_s: the server's time to build the map object and its payload on a visit, in-process, with what
  the app caches already there; cold_build_s adds that cached part (reading the files, placing the
  needs, counting the metrics, simplifying), i.e. the first visit. Ours: as ``ours()`` (its load_s,
  reading and validating the files, is apart).
- browser_ready_s: from navigation to the polygons AND the needs drawn, the median of --visits fresh
  browser contexts after a cold visit and a warm-up. "Drawn": for folium, in the map's iframe, every
  community's Leaflet layer on the map and the marker clusters' icons in the page; for pydeck, the deck
  canvas read back holding the polygons' pixels and the needs' blue ones (in those contexts only, WebGL
  keeps its drawing buffer and its draw calls are counted, so that the canvas is read, some 15 ms, only
  after a new frame); for the empty page, its title; for the bare page, every
  community's Leaflet layer on the map; for ours, bench_national.visit_home.
- metric_switch_s: a click on the other metric until the map is recoloured (folium: a map whose
  polygons' fill colours differ from before, all of them on the map; pydeck: the canvas's polygon
  pixels changed; ours: the new legend, as bench_national). Median of the switches there and back.
- filter_update_s: a sector added to the filter until the map's needs changed (folium: the clusters'
  marker count; pydeck: the count of blue pixels; ours: as bench_national) and then the list's row
  count. Median of three sectors added one after another.
- peak_rss_mb: VmHWM of the peer's own Streamlit process at the end.
Then each peer's figures divided by ours (how many times ours is smaller or faster) and the issue's
targets, each missed one with by how much. The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

import geopandas as gpd
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PEERS_DIR = ROOT / "scripts" / "peers"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(PEERS_DIR))

import peer_maps  # noqa: E402
import streamlit_folium  # noqa: E402
from bench_national import (  # noqa: E402
    TIMEOUT_MS,
    browser_figures,
    chromium_path,
    feature_count,
    free_port,
    memory_mb,
    national_files,
    ours,
    serve_app,
    sources,
    wait_for_app_run,
)
from bench_sessions import table  # noqa: E402

from geo.exports.snapshot import CHROMIUM_ARGS  # noqa: E402
from geo.ingest.loaders import load_dataset  # noqa: E402
from geo.maps.assets import install_static, localize  # noqa: E402

PEERS = ("ours", "plain_folium", "careful_folium", "pydeck", "empty", "leaflet")
APPS = {
    "plain_folium": "plain_folium.py",
    "careful_folium": "careful_folium.py",
    "pydeck": "pydeck_chart.py",
    "empty": "empty.py",
}
PLAIN_NEEDS = 10_000  # what plain folium can finish (bench_national: the same)
SECTORS = ("food", "wash", "health")  # added one after another to the sector filter (ours: their labels)
OURS_SECTORS = ("food", "WASH", "health")
VIEWPORT = {"width": 1400, "height": 1000}  # as bench_national.visit_home
FIGURES = (
    "payload_bytes",
    "payload_gzip_bytes",
    "build_s",
    "cold_build_s",
    "browser_ready_s",
    "metric_switch_s",
    "filter_update_s",
    "peak_rss_mb",
)

# The state of every folium map on the page: st_folium draws into a same-origin iframe, and a new map
# (a new metric or filter changes the script, hence the component's key) comes in a new iframe.
FOLIUM_STATE_JS = """() => {
    const maps = [];
    for (const frame of document.querySelectorAll('iframe[data-testid="stCustomComponentV1"]')) {
        let w = null;
        try { w = frame.contentWindow; } catch (error) { continue; }
        if (!w || !w.map || !w.L) continue;
        let polygons = 0, markers = 0;
        const colours = [];
        w.map.eachLayer((layer) => {
            if (layer.feature && layer.feature.geometry && /Polygon/.test(layer.feature.geometry.type)) {
                polygons += 1;
                colours.push(layer.options.fillColor);
            }
            if (w.L.MarkerClusterGroup && layer instanceof w.L.MarkerClusterGroup) markers += layer.getLayers().length;
        });
        const icons = w.document.querySelectorAll(".marker-cluster, .leaflet-marker-icon").length;
        maps.push({polygons, markers, icons, colours: colours.join(",")});
    }
    return maps;
}"""
FOLIUM_DRAWN = f"(n) => ({FOLIUM_STATE_JS})().some((s) => s.polygons === n && s.icons > 0)"
FOLIUM_NOW = f"(n) => ({FOLIUM_STATE_JS})().find((s) => s.polygons === n && s.icons > 0) || null"
FOLIUM_RECOLOURED = (
    f"([n, before]) => ({FOLIUM_STATE_JS})().some((s) => s.polygons === n && s.icons > 0 && s.colours !== before.colours)"
)
FOLIUM_REFILTERED = (
    f"([n, before]) => ({FOLIUM_STATE_JS})().some((s) => s.polygons === n && s.icons > 0 && s.markers !== before.markers)"
)

# deck.gl draws with WebGL; in the pydeck contexts only, its buffer is kept so that it can be read back,
# and WebGL's draw calls are counted so that the canvas is read again only after a new frame was drawn.
KEEP_WEBGL_BUFFER_JS = """(() => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, attributes) {
        if (/webgl/.test(type)) attributes = Object.assign({}, attributes, {preserveDrawingBuffer: true});
        return getContext.call(this, type, attributes);
    };
    window.__glDraws = 0;
    const names = ["drawArrays", "drawElements", "drawArraysInstanced", "drawElementsInstanced", "drawRangeElements"];
    for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
        for (const name of names) {
            const draw = proto[name];
            if (typeof draw !== "function") continue;
            proto[name] = function (...args) { window.__glDraws += 1; return draw.apply(this, args); };
        }
    }
})();"""
# The deck's canvas read back (once per new frame): pixels drawn at all, the needs' blue ones, and a hash
# of the others (the polygons' colours).
DECK_STATE_JS = """() => {
    const canvas = document.querySelector('[data-testid="stDeckGlJsonChart"] canvas');
    if (!canvas || !canvas.width || !canvas.height) return null;
    const last = window.__deckLast;
    if (last && last.canvas === canvas && last.draws === window.__glDraws) return last.state;
    const draws = window.__glDraws;
    const copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    const context = copy.getContext("2d");
    context.drawImage(canvas, 0, 0);
    const pixels = context.getImageData(0, 0, copy.width, copy.height).data;
    let filled = 0, needs = 0, hash = 0;
    for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] === 0) continue;
        filled += 1;
        if (pixels[i + 2] > 180 && pixels[i] < 80) needs += 1;
        else hash = (Math.imul(hash, 31) + ((pixels[i] >> 3) << 10 | (pixels[i + 1] >> 3) << 5 | pixels[i + 2] >> 3)) | 0;
    }
    const state = {filled, needs, hash, size: copy.width * copy.height};
    window.__deckLast = {canvas, draws, state};
    return state;
}"""
DECK_DRAWN = f"() => {{ const s = ({DECK_STATE_JS})(); return s !== null && s.filled > s.size / 50 && s.needs > 0; }}"
DECK_NOW = f"() => ({DECK_STATE_JS})()"
DECK_RECOLOURED = (
    f"([n, before]) => {{ const s = ({DECK_STATE_JS})();"
    " return s !== null && s.filled > s.size / 50 && s.needs > 0 && s.hash !== before.hash; }"
)
DECK_REFILTERED = (
    f"([n, before]) => {{ const s = ({DECK_STATE_JS})();"
    " return s !== null && s.filled > s.size / 50 && s.needs > 0 && s.needs !== before.needs; }"
)
TITLE_DRAWN = """() => { const h = document.querySelector('[data-testid="stHeading"] h1, h1');
    return h !== null && h.textContent.includes("Needs map"); }"""
LEAFLET_DRAWN = """(n) => { if (!window.leafletMap) return false; let polygons = 0;
    window.leafletMap.eachLayer((layer) => { if (layer.feature) polygons += 1; }); return polygons === n; }"""
TABLE_ROWS_JS = """() => {
    const grid = document.querySelector('[data-testid="stDataFrame"] [role="grid"]');
    return grid === null ? null : Number(grid.getAttribute("aria-rowcount")) - 1;
}"""
CHECKS = {
    "plain_folium": (FOLIUM_DRAWN, FOLIUM_NOW, FOLIUM_RECOLOURED, FOLIUM_REFILTERED),
    "careful_folium": (FOLIUM_DRAWN, FOLIUM_NOW, FOLIUM_RECOLOURED, FOLIUM_REFILTERED),
    "pydeck": (DECK_DRAWN, DECK_NOW, DECK_RECOLOURED, DECK_REFILTERED),
    "empty": (TITLE_DRAWN, None, None, None),
    "leaflet": (LEAFLET_DRAWN, None, None, None),
}


# ---------------------------------------------------------------------------------------------
# In-process: build time and payload


def component_args(m, **options) -> dict:
    """The arguments st_folium hands to its component (captured from st_folium itself), as sent."""
    captured: dict = {}
    original = streamlit_folium._component_func
    streamlit_folium._component_func = lambda **kwargs: captured.update(kwargs)
    try:
        streamlit_folium.st_folium(m, height=peer_maps.HEIGHT, use_container_width=True, **options)
    finally:
        streamlit_folium._component_func = original
    return {k: v for k, v in captured.items() if k not in ("on_change", "default", "key")}


def sized(data: bytes) -> dict:
    return {"payload_bytes": len(data), "payload_gzip_bytes": len(gzip.compress(data))}


def peer_build(peer: str, paths: dict[str, Path], needs_limit: int | None) -> dict:
    """Build and payload of one peer, as its app does on a visit (cached part apart: ``prepare_s``)."""
    if peer == "empty":
        return {"build_s": None, "cold_build_s": None, "payload_bytes": None, "payload_gzip_bytes": None}
    careful = peer != "plain_folium"
    inputs = peer_maps.prepare(paths["communities"], paths["needs"], paths["idp_counts"], needs_limit, careful=careful)
    start = time.perf_counter()
    if peer == "pydeck":
        data = peer_maps.deck(inputs, "open_needs", []).to_json().encode()
    elif peer == "leaflet":
        data = peer_maps.leaflet_page(inputs, "open_needs", "vendor/leaflet").encode()
    else:
        make = peer_maps.plain_map if peer == "plain_folium" else peer_maps.careful_map
        m = make(inputs, "open_needs", [])
        localize(m)
        options = {} if peer == "plain_folium" else {"returned_objects": []}
        data = json.dumps(component_args(m, **options)).encode()
    build_s = time.perf_counter() - start
    return {
        "prepare_s": round(inputs.prepare_s, 2),
        "build_s": round(build_s, 2),
        "cold_build_s": round(inputs.prepare_s + build_s, 2),
        "needs_on_map": len(inputs.needs),
        "polygons": len(inputs.communities),
        **sized(data),
    }


# ---------------------------------------------------------------------------------------------
# In a browser


def new_page(browser, peer: str):
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    if peer == "pydeck":
        context.add_init_script(KEEP_WEBGL_BUFFER_JS)
    return context.new_page()


def visit(browser, url: str, peer: str, polygons: int):
    """A fresh visitor: seconds from navigation to the map drawn (see the module's docstring), and the page."""
    page = new_page(browser, peer)
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function(CHECKS[peer][0], arg=polygons, polling="raf", timeout=TIMEOUT_MS)
    return time.perf_counter() - start, page


def switch(page, peer: str, label: str, polygons: int) -> float:
    """Seconds from a click on another metric to the map recoloured."""
    _drawn, now, recoloured, _refiltered = CHECKS[peer]
    before = page.evaluate(now, polygons)
    button = page.locator(".st-key-metric button").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    button.wait_for(timeout=TIMEOUT_MS)
    start = time.perf_counter()
    button.click(timeout=TIMEOUT_MS)
    page.wait_for_function(recoloured, arg=[polygons, before], polling="raf", timeout=TIMEOUT_MS)
    seconds = time.perf_counter() - start
    wait_for_app_run(page)
    return seconds


def add_sector(page, peer: str, sector: str, polygons: int) -> tuple[float, float]:
    """Add ``sector`` to the filter as a user does; seconds to the map's needs changed, and to the list too."""
    _drawn, now, _recoloured, refiltered = CHECKS[peer]
    before, rows = page.evaluate(now, polygons), page.evaluate(TABLE_ROWS_JS)
    page.locator(".st-key-needs_sector [role=combobox]").click(timeout=TIMEOUT_MS)
    option = page.get_by_role("option", name=sector, exact=True)
    option.wait_for(timeout=TIMEOUT_MS)
    start = time.perf_counter()
    option.click(timeout=TIMEOUT_MS)
    page.wait_for_function(refiltered, arg=[polygons, before], polling="raf", timeout=TIMEOUT_MS)
    map_s = time.perf_counter() - start
    page.wait_for_function(f"(before) => ({TABLE_ROWS_JS})() !== before", arg=rows, polling="raf", timeout=TIMEOUT_MS)
    both_s = time.perf_counter() - start
    page.keyboard.press("Escape")
    wait_for_app_run(page)
    return map_s, both_s


@contextmanager
def serve_peer(peer: str, folder: Path, paths: dict[str, Path], needs_limit: int | None):
    """The peer's app (or, for the bare page, a plain HTTP server) on a free port; yields (url, pid or None)."""
    folder.mkdir(parents=True, exist_ok=True)
    install_static(folder / "static")  # Leaflet and its plugins, served by Streamlit as ours are
    if peer == "leaflet":
        inputs = peer_maps.prepare(paths["communities"], paths["needs"], paths["idp_counts"], careful=True)
        (folder / "static" / "index.html").write_text(peer_maps.leaflet_page(inputs, "open_needs", "vendor/leaflet"))
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(folder / "static"),
        ]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urlopen(f"http://127.0.0.1:{port}/index.html", timeout=2):
                        break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("the bare page's HTTP server did not start") from None
                    time.sleep(0.1)  # polling the server's start, not timing anything
            yield f"http://127.0.0.1:{port}/index.html", None
        finally:
            server.terminate()
            server.wait(timeout=30)
        return
    shutil.copyfile(PEERS_DIR / APPS[peer], folder / "app.py")
    settings = {
        "PYTHONPATH": os.pathsep.join([str(PEERS_DIR), str(ROOT)]),
        "PEER_COMMUNITIES": str(paths["communities"]),
        "PEER_NEEDS": str(paths["needs"]),
        "PEER_IDP": str(paths["idp_counts"]),
        "PEER_NEEDS_LIMIT": str(needs_limit or ""),
    }
    with serve_app(None, app=folder, settings=settings, options=("server.enableStaticServing=true",)) as served:
        yield served


def peer_browser(
    peer: str, folder: Path, paths: dict[str, Path], needs_limit: int | None, polygons: int, visits: int
) -> dict:
    """Serve one peer and time a cold visit, a warm-up, ``visits`` fresh visitors, the metric switches
    there and back and three sectors added to the filter (the last visitor stays for those)."""
    from playwright.sync_api import sync_playwright

    figures: dict = {}
    interactive = CHECKS[peer][1] is not None
    with serve_peer(peer, folder, paths, needs_limit) as (url, pid), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            cold, page = visit(browser, url, peer, polygons)
            page.context.close()
            _warm, page = visit(browser, url, peer, polygons)
            page.context.close()
            ready = []
            for number in range(visits):
                if number:
                    page.context.close()
                seconds, page = visit(browser, url, peer, polygons)
                ready.append(seconds)
            switches, changes = [], []
            if interactive:
                wait_for_app_run(page)
                switches = [switch(page, peer, label, polygons) for label in ("IDPs hosted", "Unmet needs")]
                changes = [add_sector(page, peer, sector, polygons) for sector in SECTORS]
            page.context.close()
        finally:
            browser.close()
        figures.update(
            browser_ready_cold_s=round(cold, 2),
            browser_ready_s=round(float(np.median(ready)), 2),
            browser_ready_runs=[round(s, 2) for s in ready],
            metric_switch_s=round(float(np.median(switches)), 2) if switches else None,
            metric_switch_runs=[round(s, 2) for s in switches],
            filter_update_s=round(float(np.median([both for _m, both in changes])), 2) if changes else None,
            filter_update_runs=[round(both, 2) for _m, both in changes],
            filter_map_runs=[round(m, 2) for m, _both in changes],
            peak_rss_mb=memory_mb(pid, "VmHWM") if pid else None,
        )
    return figures


def measure_ours(paths: dict[str, Path], visits: int, browser: bool) -> dict:
    start = time.perf_counter()
    dataset, results = load_dataset(sources(paths))
    load_s = time.perf_counter() - start
    assert dataset is not None, {k: [p.describe("en") for p in r.problems[:3]] for k, r in results.items()}
    on_map = int(dataset.needs["status"].isin(peer_maps.OPEN).sum())
    figures = {"load_s": round(load_s, 2), "needs_loaded": len(dataset.needs), "needs_on_map": on_map, **ours(dataset)}
    if browser:
        figures.update(browser_figures(paths, visits))
    return figures


# ---------------------------------------------------------------------------------------------
# Ratios and targets


def ratios(results: dict[str, dict]) -> dict[str, dict]:
    """Each peer's figure divided by ours: how many times ours is smaller or faster (below 1: slower)."""
    base = results.get("ours", {})
    out = {}
    for peer, figures in results.items():
        if peer == "ours":
            continue
        out[peer] = {
            key: round(figures[key] / base[key], 1)
            if figures.get(key) is not None and base.get(key) not in (None, 0)
            else None
            for key in FIGURES
        }
    return out


def check(name: str, value: float | None, limit: float, unit: str, *, at_least: bool = False) -> dict:
    if value is None:
        return {"target": name, "value": None, "met": None, "note": "not measured"}
    met = value >= limit if at_least else value <= limit
    row = {"target": name, "value": value, "limit": limit, "met": met}
    if not met:
        factor = limit / value if at_least else value / limit
        gap = {"bytes": "{:,.0f} bytes", "x": "{:.1f}x", "s": "{:.2f} s"}[unit].format(abs(value - limit))
        row["missed_by"] = f"{factor:.1f}x ({gap} {'short' if at_least else 'over'})"
    return row


def targets(results: dict[str, dict], factors: dict[str, dict], needs: int) -> list[dict]:
    ours_ = results.get("ours", {})
    rows = []
    if ours_:
        rows.append(check("ours browser_ready_s < 2.0 s", ours_.get("browser_ready_s"), 2.0, "s"))
        if "empty" in results and ours_.get("browser_ready_s") is not None:
            gap = round(ours_["browser_ready_s"] - results["empty"]["browser_ready_s"], 2)
            rows.append(check("ours browser_ready_s within 1.0 s of the empty page", gap, 1.0, "s"))
        rows.append(check(f"ours filter_update_s < 0.4 s (at {needs:,} needs)", ours_.get("filter_update_s"), 0.4, "s"))
        rows.append(check("ours metric_switch_s < 0.3 s", ours_.get("metric_switch_s"), 0.3, "s"))
        rows.append(check("ours payload_bytes < 0.8 MB", ours_.get("payload_bytes"), 800_000, "bytes"))
        rows.append(check("ours payload_gzip_bytes < 250 KB", ours_.get("payload_gzip_bytes"), 250_000, "bytes"))
        rows.append(check("ours cold_build_s < 0.5 s", ours_.get("cold_build_s"), 0.5, "s"))
    wanted = {
        "plain_folium": (20, ("payload_bytes", "cold_build_s", "browser_ready_s")),
        "careful_folium": (3, ("payload_bytes", "browser_ready_s")),
        "pydeck": (1, ("browser_ready_s",)),
    }
    for peer, (factor, keys) in wanted.items():
        for key in keys if peer in factors else ():
            value = factors[peer][key]
            rows.append(
                check(f"ours {key} at least {factor}x better than {peer} ({peer}/ours)", value, factor, "x", at_least=True)
            )
            if factor == 1 and value is not None:  # "faster than": strictly
                rows[-1]["met"] = value > 1
    return rows


COLUMNS = (
    ("peer", "peer"),
    ("needs", "needs_on_map"),
    ("payload KB", "payload_kb"),
    ("gzip KB", "gzip_kb"),
    ("build s", "build_s"),
    ("cold build s", "cold_build_s"),
    ("ready s", "browser_ready_s"),
    ("metric s", "metric_switch_s"),
    ("filter s", "filter_update_s"),
    ("peak MB", "peak_rss_mb"),
)


def kb(value: int | None) -> int | None:
    return None if value is None else round(value / 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--visits", type=int, default=5, help="fresh visitors timed per peer (after a cold one and a warm-up)"
    )
    parser.add_argument("--needs", type=int, default=100_000)
    parser.add_argument("--peers", default=",".join(PEERS), help=f"a subset of {','.join(PEERS)}")
    parser.add_argument("--no-browser", action="store_true", help="build and payload only")
    args = parser.parse_args()
    chosen = [p.strip() for p in args.peers.split(",") if p.strip()]
    if unknown := set(chosen) - set(PEERS):
        parser.error(f"unknown peers: {', '.join(sorted(unknown))}")
    browser = not args.no_browser and chromium_path() is not None
    plain_needs = min(PLAIN_NEEDS, args.needs)
    figures: dict = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "needs": args.needs,
        "plain_folium_needs": plain_needs,
        "visits": args.visits,
        "browser": bool(browser),
    }
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        real = gpd.read_file(ROOT / "data" / "communities.geojson")
        (Path(tmp) / "data").mkdir()
        paths = national_files(Path(tmp) / "data", args.needs, 1000, 20_000, communities=real)
        polygons = feature_count(paths["communities"])
        figures["communities"] = polygons
        for peer in [p for p in PEERS if p in chosen]:
            print(f"measuring {peer} ...", file=sys.stderr, flush=True)
            if peer == "ours":
                results[peer] = measure_ours(paths, args.visits, browser)
                continue
            limit = plain_needs if peer == "plain_folium" else None
            results[peer] = peer_build(peer, paths, limit)
            if browser:
                results[peer].update(peer_browser(peer, Path(tmp) / peer, paths, limit, polygons, args.visits))
            else:
                results[peer].update({key: None for key in ("browser_ready_s", "metric_switch_s", "filter_update_s")})
    factors = ratios(results)
    checked = targets(results, factors, args.needs)
    figures.update(peers=results, ours_vs_peer=factors, targets=checked)

    print(
        f"{polygons:,} COD-AB communities, {args.needs:,} needs generated (plain folium: the first {plain_needs:,}); ",
        end="",
    )
    print("needs = open or in progress, on the map; sizes in KB (1,000 bytes)")
    rows = [
        {"peer": peer, **r, "payload_kb": kb(r.get("payload_bytes")), "gzip_kb": kb(r.get("payload_gzip_bytes"))}
        for peer, r in results.items()
    ]
    print(table(rows, COLUMNS))
    if factors:
        print("\npeer / ours (how many times ours is smaller or faster):")
        print(table([{"peer": peer, **f} for peer, f in factors.items()], tuple((key, key) for key in ("peer", *FIGURES))))
    print()
    for row in checked:
        if row["met"] is None:
            print(f"{row['target']}: not measured")
        else:
            verdict = "meets" if row["met"] else f"MISSES by {row.get('missed_by', 'not strictly faster')}"
            print(f"{row['target']}: {row['value']} {verdict}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
