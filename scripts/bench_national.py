"""National scale, measured: ``make bench`` (after the loader benchmark).

Generates (or takes paths to) a national set: 1,769 community polygons with realistic detail
(at least 300 vertices each on average, shared borders), 100,000 needs, 1,000 hubs and 20,000 IDP
count rows. Measures loading, building the home map, the bytes the map component sends, the time
to a drawn map in headless Chromium, the time from a metric change to the new legend, the time
from a filter change on the Needs page to its map and table both updated, and the server's peak
memory; and the same build time and payload for the plain folium approach that a
newcomer would write, on 10,000 needs, with ours on the same count. The last line printed is one
JSON object with every figure; a target that is missed is said with the factor by which.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench import make_needs  # noqa: E402
from streamlit_folium import _get_feature_group_string, _get_header, _get_map_string  # noqa: E402

from geo.exports.snapshot import CHROMIUM_ARGS  # noqa: E402
from geo.figures.metrics import community_metrics  # noqa: E402
from geo.ingest.contract import HUB_TYPES  # noqa: E402
from geo.ingest.loaders import load_dataset  # noqa: E402
from geo.ingest.reading import Source  # noqa: E402
from geo.maps.choropleth_layer import choropleth_layer  # noqa: E402
from geo.maps.map_builder import base_map, map_data  # noqa: E402
from geo.maps.reference_layers import reference_data  # noqa: E402
from geo.maps.shapes import shapes_payload  # noqa: E402

TARGETS = {
    "load_s": 2.0,
    "build_s": 1.0,
    "cold_build_s": 1.0,
    "payload_bytes": 2_000_000,
    "browser_ready_s": 3.0,
    "filter_update_s": 1.0,
}


# ---------------------------------------------------------------------------------------------
# The national set


def detailed_communities(vertices: int = 420, seed: int = 11) -> gpd.GeoDataFrame:
    """The demo's 1,767 cells, densified (``vertices`` 420 gives some 335 a community after repair)
    with a wiggle that depends only on each new vertex's position, so that two neighbours bend
    their shared border the same way."""
    frame = gpd.read_file(ROOT / "data" / "communities.geojson")
    now = shapely.get_num_coordinates(frame.geometry.to_numpy()).mean()
    length = float(shapely.length(frame.geometry.to_numpy()).mean())  # in degrees, as the step is
    step = length / max(vertices - now, 1) * (now / 8)
    dense = shapely.segmentize(frame.geometry.to_numpy(), max_segment_length=step)

    def wiggle(coords: np.ndarray) -> np.ndarray:
        x, y = coords[:, 0], coords[:, 1]
        phase = np.sin(x * 1e4 + seed) * 43758.5453 + np.cos(y * 1e4 - seed) * 12.9898
        offset = (phase - np.floor(phase) - 0.5) * step * 0.4
        original = np.isclose(np.round(x, 3), x, atol=1e-9) & np.isclose(np.round(y, 3), y, atol=1e-9)
        return np.column_stack([x + np.where(original, 0, offset), y - np.where(original, 0, offset)])

    frame["geometry"] = shapely.make_valid(shapely.transform(dense, wiggle))
    # Two units more than the demo (1,769 in COD-AB): copies of two cells, moved off-shore of nothing.
    frame = pd.concat([frame, frame.iloc[:2].assign(pcode=["UA9900001", "UA9900002"])], ignore_index=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=4326)


def national_files(
    folder: Path, needs: int, hubs: int, idp_rows: int, communities: gpd.GeoDataFrame | None = None
) -> dict[str, Path]:
    """The national set written to ``folder``: ``communities`` (None: ``detailed_communities()``) and
    ``needs`` needs, ``hubs`` hubs and ``idp_rows`` IDP rows generated over them."""
    rng = np.random.default_rng(5)
    communities = detailed_communities() if communities is None else communities
    paths = {
        kind: folder / name
        for kind, name in (
            ("communities", "communities.geojson"),
            ("needs", "needs.csv"),
            ("hubs", "hubs.csv"),
            ("idp_counts", "idp.csv"),
        )
    }
    communities.to_file(paths["communities"], driver="GeoJSON")
    centres = communities.geometry.representative_point()
    frame = communities.assign(center_lat=centres.y, center_lon=centres.x)
    paths["needs"].write_bytes(make_needs(frame, needs))
    pick = rng.integers(0, len(frame), hubs)
    pd.DataFrame(
        {
            "hub_id": [f"H-{i:04d}" for i in range(hubs)],
            "name_uk": [f"Хаб {i}" for i in range(hubs)],
            "lat": frame["center_lat"].to_numpy()[pick] + rng.normal(0, 0.002, hubs),
            "lon": frame["center_lon"].to_numpy()[pick] + rng.normal(0, 0.002, hubs),
            "hub_type": rng.choice(list(HUB_TYPES), hubs),
            "pcode": frame["pcode"].to_numpy()[pick],
            "services": "гуманітарна допомога; юридична допомога",
            "registered_people": rng.integers(50, 3000, hubs),
        }
    ).to_csv(paths["hubs"], index=False)
    pd.DataFrame(
        {
            "host_pcode": rng.choice(frame["pcode"], idp_rows),
            "origin_pcode": rng.choice(frame["pcode"], idp_rows),
            "people": rng.integers(1, 2000, idp_rows),
            "as_of": "2025-10-01",
        }
    ).drop_duplicates(["host_pcode", "origin_pcode"]).to_csv(paths["idp_counts"], index=False)
    return paths


# ---------------------------------------------------------------------------------------------
# Measurements


def sources(paths: dict[str, Path]) -> dict[str, Source]:
    return {kind: Source.from_path(path) for kind, path in paths.items()}


def ours(dataset, lang: str = "uk") -> dict:
    """Seconds to build the home map, and the bytes st_folium sends for it (as Streamlit sends them).

    ``shapes_s`` (once per data set), ``reference_s`` (outlines and place names, once per data set
    and language) and ``map_data_s`` (once per data set, language and date) are what the page
    caches; ``build_s`` is what each visit costs the server; ``cold_build_s`` is all of them, the
    first visit after the data changed. The bytes are the component's arguments as Streamlit
    serialises them (JSON, so non-ASCII letters travel as \\u escapes), and gzipped.
    """
    start = time.perf_counter()
    shapes = shapes_payload(dataset, lang, marks=True)
    shapes_s = time.perf_counter() - start
    start = time.perf_counter()
    reference = reference_data(dataset, shapes_payload(dataset, lang), lang)  # as pages/parts/cached.py
    reference_s = time.perf_counter() - start
    start = time.perf_counter()
    metrics = community_metrics(dataset.communities, dataset.needs, dataset.hubs, dataset.idp_counts)
    data = map_data(dataset, metrics, lang)
    data_s = time.perf_counter() - start
    start = time.perf_counter()
    m = base_map(dataset, metrics, lang, "bench", shapes=shapes, data=data, reference=reference)
    group = choropleth_layer(dataset, metrics, "open_needs", lang)
    m.get_root().render()
    payload = _get_header(m) + _get_map_string(m) + _get_feature_group_string(group, m)
    build_s = time.perf_counter() - start
    data = json.dumps(payload).encode()
    switch = json.dumps(_get_feature_group_string(choropleth_layer(dataset, metrics, "idps_hosted", lang), m)).encode()
    return {
        "shapes_s": round(shapes_s, 2),
        "reference_s": round(reference_s, 2),
        "map_data_s": round(data_s, 2),
        "build_s": round(build_s, 2),
        "cold_build_s": round(shapes_s + reference_s + data_s + build_s, 2),
        "payload_bytes": len(data),
        "payload_gzip_bytes": len(gzip.compress(data)),
        "metric_switch_bytes": len(switch),
    }


def plain_folium(communities_path: Path, needs: pd.DataFrame, centres: pd.DataFrame) -> tuple[float, int, int]:
    """What a newcomer writes: the polygons as they come, one folium.Marker with a popup per need."""
    start = time.perf_counter()
    raw = gpd.read_file(communities_path)
    m = folium.Map(location=[48.6, 31.3], zoom_start=6)
    fields = [c for c in ("name_uk", "name_en", "ADM3_UA", "ADM3_EN") if c in raw.columns][:2]  # ours or COD-AB
    folium.GeoJson(raw, tooltip=folium.GeoJsonTooltip(fields=fields)).add_to(m)
    cluster = folium.plugins.MarkerCluster().add_to(m)
    where = centres.loc[needs["pcode"]]
    for need, lat, lon in zip(needs.itertuples(index=False), where["center_lat"], where["center_lon"], strict=True):
        folium.Marker([lat, lon], popup=f"{need.need_id}: {need.sector}, {need.status}").add_to(cluster)
    html = m.get_root().render()
    seconds = time.perf_counter() - start
    data = json.dumps(html).encode()  # as Streamlit would send it, like ours
    return seconds, len(data), len(gzip.compress(data))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# In a browser: the server as deployed, Debian's Chromium, one fresh visitor (browser context) a visit

IFRAME = 'iframe[data-testid="stCustomComponentV1"]'
SERVER_FLAGS = ["--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
TIMEOUT_MS = 180_000  # the first visit after a start loads the national set
# In the map's iframe: every community on the map (one canvas holds them: Leaflet's layers are
# counted), and the needs on it (clusters, or single places).
COMMUNITY_CANVAS = ".leaflet-communities-pane canvas"
MAP_DRAWN_JS = """(n) => Object.values(window.hmCommunities || {}).filter((l) => window.map.hasLayer(l)).length === n
    && document.querySelector(".hm-cluster, .hm-place") !== null"""
# The legend's title is the metric's label and its level ("Unmet needs, by hromada").
LEGEND_JS = """(title) => {
    const legend = document.querySelector('[data-testid="map-legend"] .hm-title');
    if (legend === null) return false;
    const text = legend.textContent.trim();
    return text === title || text.startsWith(title + ",");
}"""
# How many needs the Needs page's map holds (each marker is one place with hmCount needs), as in tests/.
NEEDS_ON_MAP_JS = """() => {
    let total = 0;
    window.map.eachLayer((layer) => {
        if (layer instanceof L.MarkerClusterGroup) {
            layer.getLayers().forEach((marker) => { total += marker.options.hmCount || 0; });
        }
    });
    return total;
}"""
# The needs the list holds: a paged list says how many in its line ("Needs 1–100 of 54,802",
# pages/parts/needs_list.py); a list of one page is all in its grid.
TABLE_ROWS_JS = """() => {
    const line = document.querySelector('.st-key-needs_page_label');
    if (line !== null) { return Number(line.textContent.trim().match(/\\d[\\d\\s,.]*$/)[0].replace(/\\D/g, "")); }
    const grid = document.querySelector('[data-testid="stDataFrame"] [role="grid"]');
    return grid === null ? null : Number(grid.getAttribute("aria-rowcount")) - 1;
}"""


def chromium_path() -> str | None:
    """$CHROMIUM if set (and only it), else Debian's chromium: Playwright never downloads one."""
    wanted = os.environ.get("CHROMIUM")
    for path in (wanted,) if wanted else ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


@contextmanager
def serve_app(
    paths: dict[str, Path] | None,
    app: Path = ROOT,
    settings: dict[str, str] | None = None,
    options: tuple[str, ...] = (),
) -> Iterator[tuple[str, int]]:
    """``streamlit run app.py`` on a free port, public view, with ``paths`` (None: the demo data).

    ``app`` is the checkout served (its own ``geo`` first on the path: another commit, to compare),
    ``settings`` more environment (``HROMADA_READ_SECONDS``), ``options`` Streamlit's own
    (``runner.postScriptGC=false``). Yields the address and the server's pid once
    ``/_stcore/health`` answers; stops it after.
    """
    from geo.ingest.loaders import ENV_VARS

    env = {k: v for k, v in os.environ.items() if not k.startswith("HROMADA_")}
    env.update({ENV_VARS[kind]: str(path) for kind, path in (paths or {}).items()}, **(settings or {}))
    if app != ROOT:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(app), env.get("PYTHONPATH")]))
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), *SERVER_FLAGS]
    command += [part for option in options for part in ("--" + option.split("=", 1)[0], option.split("=", 1)[1])]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    with urlopen(f"http://localhost:{port}/_stcore/health", timeout=2) as answer:
                        if answer.read().strip() == b"ok":
                            break
                except OSError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(
                        f"streamlit did not start; its output:\n{log.read().decode(errors='replace')[-3000:]}"
                    )
                time.sleep(0.2)  # polling the health check, not waiting for the app
            yield f"http://localhost:{port}/", server.pid
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=30)


def memory_mb(pid: int, field: str = "VmRSS") -> int:
    """A process's resident memory now (VmRSS) or at its peak (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith(field + ":"))) // 1024


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def feature_count(path: Path) -> int:
    return len(json.loads(path.read_text(encoding="utf-8"))["features"])


def map_frame(page):
    """The map component's frame (streamlit-folium draws into it; it is kept across reruns)."""
    return page.locator(IFRAME).element_handle(timeout=TIMEOUT_MS).content_frame()


def wait_for_app_run(page) -> None:
    """Streamlit is connected and has finished running the script (as tests/browser_support.py)."""
    page.locator('[data-testid="stApp"][data-test-connection-state="CONNECTED"]').wait_for(timeout=TIMEOUT_MS)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=TIMEOUT_MS)
    page.locator('[data-testid="stStatusWidgetRunningIcon"]').wait_for(state="detached", timeout=TIMEOUT_MS)


def visit_home(browser, url: str, communities: int):
    """A new visitor opens the home map: seconds from navigation to every community drawn and the needs on it.

    Waits are event- or frame-driven (Playwright's selector waits, ``requestAnimationFrame`` polling), so the
    figure is not rounded up to a polling interval. Returns the seconds and the page (its context still open).
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url + "?lang=en", wait_until="commit", timeout=TIMEOUT_MS)
    page.frame_locator(IFRAME).locator(COMMUNITY_CANVAS).first.wait_for(state="attached", timeout=TIMEOUT_MS)
    map_frame(page).wait_for_function(MAP_DRAWN_JS, arg=communities, polling="raf", timeout=TIMEOUT_MS)
    return time.perf_counter() - start, page


def switch_metric(page, label: str) -> float:
    """Seconds from a click on another metric to its legend on the map."""
    button = page.locator(".st-key-metric button").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    button.wait_for(timeout=TIMEOUT_MS)
    frame = map_frame(page)
    start = time.perf_counter()
    button.click(timeout=TIMEOUT_MS)
    frame.wait_for_function(LEGEND_JS, arg=label, polling="raf", timeout=TIMEOUT_MS)
    seconds = time.perf_counter() - start
    wait_for_app_run(page)
    return seconds


def change_sector_filter(page, sector: str) -> tuple[float, float]:
    """Add ``sector`` to the Needs page's sector filter as a user does (open the list, click it).

    Returns the seconds until the map's needs changed, and until both the map and the table (its row
    count) had changed; the table comes after the map in the page, so it is awaited second.
    """
    frame = map_frame(page)
    on_map, rows = frame.evaluate(NEEDS_ON_MAP_JS), page.evaluate(TABLE_ROWS_JS)
    page.locator(".st-key-needs_sector [role=combobox]").click(timeout=TIMEOUT_MS)
    option = page.get_by_role("option", name=sector, exact=True)
    option.wait_for(timeout=TIMEOUT_MS)
    start = time.perf_counter()
    option.click(timeout=TIMEOUT_MS)
    frame.wait_for_function(f"(before) => ({NEEDS_ON_MAP_JS})() !== before", arg=on_map, polling="raf", timeout=TIMEOUT_MS)
    map_s = time.perf_counter() - start
    page.wait_for_function(f"(before) => ({TABLE_ROWS_JS})() !== before", arg=rows, polling="raf", timeout=TIMEOUT_MS)
    both_s = time.perf_counter() - start
    page.keyboard.press("Escape")  # close the list, as a user would before looking at the map
    wait_for_app_run(page)
    return map_s, both_s


def browser_figures(paths: dict[str, Path], visits: int = 3) -> dict:
    """Serve the national set and time what a user waits for, in headless Chromium (Debian's).

    ``browser_ready_cold_s`` is the very first visit after the server started (it loads the data and
    encodes the shapes); ``browser_ready_s`` is the median of ``visits`` fresh visitors after one
    warm-up visit, as a deployment that serves many visitors sees it. ``metric_switch_s`` is a click
    on another metric to its legend; ``needs_page_ready_s`` is a new visitor's Needs page until its map
    and its table are there; ``filter_update_s`` is a sector added on the Needs page to both its map
    and its table updated. Each ``*_runs`` lists every measurement (the machine may be busy).
    """
    from playwright.sync_api import sync_playwright

    from geo.figures.metrics import DEFAULT_METRIC, METRICS

    chromium = chromium_path()
    if chromium is None:
        return {"browser_ready_s": None, "filter_update_s": None, "peak_rss_mb": None, "browser": "chromium not found"}
    communities = feature_count(paths["communities"])
    figures: dict = {}
    with serve_app(paths) as (url, pid), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            cold, page = visit_home(browser, url, communities)
            page.context.close()
            figures["browser_ready_cold_s"] = round(cold, 2)
            _warm_up, page = visit_home(browser, url, communities)
            page.context.close()
            ready = []
            for visit in range(visits):
                if visit:
                    page.context.close()
                seconds, page = visit_home(browser, url, communities)
                ready.append(seconds)
            wait_for_app_run(page)  # the last visitor stays, to switch metrics
            others = [key for key in METRICS if key != DEFAULT_METRIC]
            switches = [switch_metric(page, METRICS[key][0]) for key in [*others, DEFAULT_METRIC]]
            page.context.close()

            page = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="en-GB").new_page()
            start = time.perf_counter()
            page.goto(url + "needs?lang=en", wait_until="commit", timeout=TIMEOUT_MS)
            page.frame_locator(IFRAME).locator(COMMUNITY_CANVAS).first.wait_for(state="attached", timeout=TIMEOUT_MS)
            page.wait_for_function(f"() => ({TABLE_ROWS_JS})() !== null", polling="raf", timeout=TIMEOUT_MS)
            figures["needs_page_ready_s"] = round(time.perf_counter() - start, 2)
            wait_for_app_run(page)
            figures["needs_listed"] = page.evaluate(TABLE_ROWS_JS)
            changes = [change_sector_filter(page, sector) for sector in ("food", "WASH", "health")]
            page.context.close()
        finally:
            browser.close()
        figures.update(
            browser_ready_s=round(float(np.median(ready)), 2),
            browser_ready_runs=[round(s, 2) for s in ready],
            metric_switch_s=round(float(np.median(switches)), 2),
            metric_switch_runs=[round(s, 2) for s in switches],
            filter_update_s=round(float(np.median([both for _map, both in changes])), 2),
            filter_update_runs=[round(both, 2) for _map, both in changes],
            filter_map_runs=[round(map_s, 2) for map_s, _both in changes],
            peak_rss_mb=memory_mb(pid, "VmHWM"),
            rss_mb=memory_mb(pid),
            load_average=[round(v, 1) for v in os.getloadavg()],
        )
    return figures


def verdicts(figures: dict) -> list[str]:
    """One line per target: met, or missed by which factor."""
    lines = []
    for key, target in TARGETS.items():
        value = figures.get(key)
        if value is None:
            lines.append(f"{key}: not measured")
        elif value <= target:
            lines.append(f"{key}: {value} meets the target {target}")
        else:
            lines.append(f"{key}: {value} MISSES the target {target} by {value / target:.1f}x")
    for key in ("build_ratio", "payload_ratio"):
        value = figures[key]
        met = value >= 20
        lines.append(f"{key}: plain/ours = {value} {'meets' if met else 'MISSES'} the target 20x")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--needs", type=int, default=100_000)
    parser.add_argument("--plain-needs", type=int, default=10_000)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--data",
        action="append",
        metavar="KIND=PATH",
        help="measure these files instead of a generated set (all four: communities, needs, hubs, idp_counts)",
    )
    args = parser.parse_args()
    given = dict(item.split("=", 1) for item in args.data or [])
    if given and set(given) != {"communities", "needs", "hubs", "idp_counts"}:
        parser.error("--data needs all four: communities=…, needs=…, hubs=…, idp_counts=…")
    figures: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
    with tempfile.TemporaryDirectory() as tmp:
        paths = {k: Path(v) for k, v in given.items()} or national_files(Path(tmp), args.needs, 1000, 20_000)
        start = time.perf_counter()
        dataset, results = load_dataset(sources(paths))
        figures["load_s"] = round(time.perf_counter() - start, 2)
        assert dataset is not None, {k: [p.describe("en") for p in r.problems[:3]] for k, r in results.items()}
        figures["communities"] = len(dataset.communities)
        figures["mean_vertices"] = int(shapely.get_num_coordinates(dataset.communities.geometry.to_numpy()).mean())
        figures["needs"] = len(dataset.needs)
        figures.update(ours(dataset))

        small = dataclass_replace(dataset, needs=dataset.needs.head(args.plain_needs))
        at_plain = ours(small)
        centres = dataset.communities.set_index("pcode")[["center_lat", "center_lon"]]
        plain_build, plain_raw, plain_gzip = plain_folium(paths["communities"], small.needs, centres)
        figures.update(
            plain_needs=len(small.needs),
            plain_build_s=round(plain_build, 2),
            plain_payload_bytes=plain_raw,
            plain_payload_gzip_bytes=plain_gzip,
            ours_at_plain_build_s=at_plain["cold_build_s"],
            ours_at_plain_payload_bytes=at_plain["payload_bytes"],
            # Ours cold (shapes included), so that the comparison is like for like.
            build_ratio=round(plain_build / at_plain["cold_build_s"], 1),
            payload_ratio=round(plain_raw / at_plain["payload_bytes"], 1),
        )
        if not args.no_browser:
            figures.update(browser_figures(paths))
    for line in verdicts(figures):
        print(line)
    print(json.dumps(figures))


def dataclass_replace(dataset, **changes):
    from dataclasses import replace

    return replace(dataset, **changes)


if __name__ == "__main__":
    main()
