"""National scale, measured: ``make bench`` (after the loader benchmark).

Generates (or takes paths to) a national set: 1,769 community polygons with realistic detail
(at least 300 vertices each on average, shared borders), 100,000 needs, 1,000 hubs and 20,000 IDP
count rows. Measures loading, building the home map, the bytes the map component sends, the time
to a drawn map in headless Chromium, the time from a metric change to the new legend, and the
server's peak memory; and the same build time and payload for the plain folium approach that a
newcomer would write, on 10,000 needs, with ours on the same count. The last line printed is one
JSON object with every figure; a target that is missed is said with the factor by which.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
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

from geo.contract import HUB_TYPES  # noqa: E402
from geo.loaders import load_dataset  # noqa: E402
from geo.map_builder import base_map, choropleth_layer  # noqa: E402
from geo.metrics import community_metrics  # noqa: E402
from geo.reading import Source  # noqa: E402
from geo.shapes import shapes_payload  # noqa: E402

TARGETS = {"load_s": 2.0, "build_s": 1.0, "cold_build_s": 1.0, "payload_bytes": 2_000_000, "browser_ready_s": 3.0, "filter_update_s": 1.0}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


# ---------------------------------------------------------------------------------------------
# The national set


def detailed_communities(vertices: int = 420, seed: int = 11) -> gpd.GeoDataFrame:
    """The demo's 1,767 cells, densified (``vertices`` 420 gives some 335 a community after repair) with a wiggle that depends only
    on each new vertex's position, so that two neighbours bend their shared border the same way."""
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


def national_files(folder: Path, needs: int, hubs: int, idp_rows: int) -> dict[str, Path]:
    rng = np.random.default_rng(5)
    communities = detailed_communities()
    paths = {kind: folder / name for kind, name in (
        ("communities", "communities.geojson"), ("needs", "needs.csv"), ("hubs", "hubs.csv"), ("idp_counts", "idp.csv"))}
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

    ``shapes_s`` is done once per data set and language (the page caches it); ``build_s`` is what
    each visit costs the server; ``cold_build_s`` is both. The bytes are the component's arguments
    as Streamlit serialises them (JSON, so non-ASCII letters travel as \\u escapes), and gzipped.
    """
    start = time.perf_counter()
    shapes = shapes_payload(dataset, lang, marks=True)
    shapes_s = time.perf_counter() - start
    start = time.perf_counter()
    metrics = community_metrics(dataset.communities, dataset.needs, dataset.hubs, dataset.idp_counts)
    m = base_map(dataset, metrics, lang, "bench", shapes=shapes)
    group = choropleth_layer(dataset, metrics, "open_needs", lang)
    m.get_root().render()
    payload = _get_header(m) + _get_map_string(m) + _get_feature_group_string(group, m)
    build_s = time.perf_counter() - start
    data = json.dumps(payload).encode()
    switch = json.dumps(_get_feature_group_string(choropleth_layer(dataset, metrics, "idps_hosted", lang), m)).encode()
    return {
        "shapes_s": round(shapes_s, 2),
        "build_s": round(build_s, 2),
        "cold_build_s": round(shapes_s + build_s, 2),
        "payload_bytes": len(data),
        "payload_gzip_bytes": len(gzip.compress(data)),
        "metric_switch_bytes": len(switch),
    }


def plain_folium(communities_path: Path, needs: pd.DataFrame, centres: pd.DataFrame) -> tuple[float, int, int]:
    """What a newcomer writes: the polygons as they come, one folium.Marker with a popup per need."""
    start = time.perf_counter()
    raw = gpd.read_file(communities_path)
    m = folium.Map(location=[48.6, 31.3], zoom_start=6)
    folium.GeoJson(raw, tooltip=folium.GeoJsonTooltip(fields=["name_uk", "name_en"])).add_to(m)
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


def browser_figures(paths: dict[str, Path]) -> dict:
    """Serve the national set and time what a user waits for, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        return {"browser_ready_s": None, "filter_update_s": None, "peak_rss_mb": None, "browser": "chromium not found"}
    port = free_port()
    env = {**os.environ, **{f"HROMADA_{kind.upper()}": str(path) for kind, path in paths.items()}}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if urlopen(f"http://localhost:{port}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            # Warm the server's caches once (a deployment serves many visitors), then measure a visit.
            page.goto(f"http://localhost:{port}/?lang=en")
            frame = page.frame_locator('iframe[data-testid="stCustomComponentV1"]')
            frame.locator(".leaflet-communities-pane path").first.wait_for(state="attached", timeout=180_000)
            start = time.perf_counter()
            page.goto(f"http://localhost:{port}/?lang=en")
            frame = page.frame_locator('iframe[data-testid="stCustomComponentV1"]')
            frame.locator(".leaflet-communities-pane path").first.wait_for(state="attached", timeout=180_000)
            frame.locator(".hm-cluster").first.wait_for(state="attached", timeout=180_000)
            ready = time.perf_counter() - start
            start = time.perf_counter()
            page.get_by_role("button", name="Share of needs closed").click()
            frame.locator('[data-testid="map-legend"] .hm-title', has_text="Share of needs closed").wait_for(
                timeout=180_000
            )
            update = time.perf_counter() - start
            browser.close()
        status = Path(f"/proc/{server.pid}/status").read_text()
        peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
        return {"browser_ready_s": round(ready, 2), "filter_update_s": round(update, 2), "peak_rss_mb": peak_kb // 1024}
    finally:
        server.terminate()
        server.wait(timeout=30)


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
    args = parser.parse_args()
    figures: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
    with tempfile.TemporaryDirectory() as tmp:
        paths = national_files(Path(tmp), args.needs, 1000, 20_000)
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
