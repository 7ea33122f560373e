"""Benchmarks that print figures (never timed tests): ``make bench``.

Loading and validating 100,000 needs: seconds, and peak memory as a multiple of the file's size.
Changing a filter on the Needs page with those 100,000 needs loaded: seconds for what the page
redoes on a rerun (filter and order; the map as streamlit-folium redoes it, base map and changing
layers; the list as st.dataframe sends it).
The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.dataframe_util import convert_pandas_df_to_arrow_bytes
from streamlit_folium import _get_feature_group_string, _get_map_string, generate_js_hash

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.figures.distance import resolve_origin  # noqa: E402
from geo.figures.filters import Filters, apply  # noqa: E402
from geo.figures.needs_view import headers, list_frame, open_counts, ordered, prepare_needs  # noqa: E402
from geo.ingest.contract import SECTORS, VULNERABLE_GROUPS  # noqa: E402
from geo.ingest.loaders import Dataset, load_communities, load_hubs, load_needs  # noqa: E402
from geo.ingest.reading import Source  # noqa: E402
from geo.maps.needs_map import needs_base_map, needs_layers  # noqa: E402
from geo.maps.shapes import shapes_payload  # noqa: E402


def make_needs(communities: pd.DataFrame, count: int, seed: int = 7) -> bytes:
    """A national needs registry: ``count`` rows over every community, as a CSV export."""
    rng = np.random.default_rng(seed)
    pcodes = communities["pcode"].to_numpy()
    reported = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 300, count), unit="D")
    closed_after = pd.to_timedelta(rng.integers(1, 60, count), unit="D")
    status = rng.choice(["open", "in_progress", "closed"], count, p=[0.35, 0.2, 0.45])
    groups = list(VULNERABLE_GROUPS)
    frame = pd.DataFrame(
        {
            "need_id": [f"N-{i:06d}" for i in range(count)],
            "pcode": rng.choice(pcodes, count),
            "lat": "",
            "lon": "",
            "sector": rng.choice(list(SECTORS), count),
            "status": status,
            "verified": rng.choice(["true", "false"], count, p=[0.81, 0.19]),
            "reported_on": reported.strftime("%d.%m.%Y"),
            "closed_on": np.where(status == "closed", (reported + closed_after).strftime("%Y-%m-%d"), ""),
            "provider": rng.choice(["", "Hromada council", "Volunteer initiative", "Local charity fund"], count),
            "people": rng.integers(1, 9, count),
            "vulnerable_groups": rng.choice(groups + [""] * 4, count),
            "contact_name": "Demo Person",
            "phone": "+380 00 000 0000",
        }
    )
    # One need in ten is given as a point instead of a code, as field teams send them.
    points = rng.random(count) < 0.1
    centres = communities.set_index("pcode").loc[frame.loc[points, "pcode"], ["center_lat", "center_lon"]]
    frame.loc[points, "lat"] = centres["center_lat"].round(5).astype(str).to_numpy()
    frame.loc[points, "lon"] = centres["center_lon"].round(5).astype(str).to_numpy()
    frame.loc[points, "pcode"] = ""
    return frame.to_csv(index=False).encode("utf-8")


def bench_load(count: int) -> dict:
    communities = load_communities(Source.from_path(ROOT / "data" / "communities.geojson")).frame
    data = make_needs(communities, count)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "needs.csv"
        path.write_bytes(data)
        source = Source.from_path(path)
    start = time.perf_counter()
    result = load_needs(source, communities)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    load_needs(source, communities)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.ok, [p.describe("en") for p in result.problems[:5]]
    return {
        "needs": count,
        "file_mb": round(len(data) / 1e6, 2),
        "load_validate_s": round(seconds, 2),
        "peak_memory_mb": round(peak / 1e6, 1),
        "memory_per_file_size": round(peak / len(data), 1),
    }


def _as_streamlit_folium_sends(base, layers) -> tuple[str, str]:
    """What ``st_folium`` does in Python on every rerun: the base map again, then the changing layers.

    (Its own steps, from streamlit_folium/__init__.py, so that the figure includes them.)
    """
    base.get_root().render()
    script = _get_map_string(base)
    groups = "".join(_get_feature_group_string(layer, base, i) for i, layer in enumerate(layers))
    generate_js_hash(script, "needs_map", False)
    return script, groups


def _filter_update(
    dataset: Dataset, needs: pd.DataFrame, shapes: str, filters: Filters, today: date, lang: str = "uk"
) -> dict:
    """What the Needs page redoes when a filter changes, timed step by step (seconds)."""
    steps = {}
    start = time.perf_counter()
    listed = ordered(apply(needs, filters, today), today, resolve_origin(filters.near, dataset.hubs))
    steps["filter"] = time.perf_counter()
    layers = needs_layers(listed, open_counts(listed), dataset, lang, internal=False)
    _script, payload = _as_streamlit_folium_sends(needs_base_map(dataset, lang, "bench", shapes), layers)
    steps["map_layers"] = time.perf_counter()
    table = headers(list_frame(listed, dataset.communities, lang, internal=False), lang)
    table_bytes = convert_pandas_df_to_arrow_bytes(table)  # what st.dataframe sends
    steps["table"] = time.perf_counter()
    out, before = {}, start
    for name, at in steps.items():
        out[name] = at - before
        before = at
    out.update(total=steps["table"] - start, rows=len(listed), map_kb=len(payload) / 1e3, table_kb=len(table_bytes) / 1e3)
    return out


def bench_filter_update(count: int) -> dict:
    """Load ``count`` needs, then change filters as a provider would and time each rerun's work (median of 3)."""
    communities = load_communities(Source.from_path(ROOT / "data" / "communities.geojson")).frame
    hubs = load_hubs(Source.from_path(ROOT / "data" / "hubs.csv"), communities).frame
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "needs.csv"
        path.write_bytes(make_needs(communities, count))
        needs = load_needs(Source.from_path(path), communities).frame
    dataset = Dataset(communities, needs, hubs, pd.DataFrame(), {"needs": "bench"})
    prepared = prepare_needs(dataset, internal=False)
    shapes = shapes_payload(dataset, "uk")  # cached by the page per data set and language
    today = date(2025, 12, 1)
    hub = str(hubs["hub_id"].iloc[0])
    changes = {
        "default (open and in progress)": Filters(),
        "+ sector food, shelter": Filters(sector=("food", "shelter_nfi")),
        "+ verified, open 30+ days": Filters(sector=("food", "shelter_nfi"), verified=True, min_days_open=30),
        "every status": Filters(status=("open", "in_progress", "closed")),
        "every status, nearest first": Filters(status=("open", "in_progress", "closed"), near=hub),
    }
    _filter_update(dataset, prepared, shapes, Filters(), today)  # warm-up: imports, first-call caches
    runs = {}
    for name, filters in changes.items():  # the median of three, as a shared machine is noisy
        tries = [_filter_update(dataset, prepared, shapes, filters, today) for _ in range(3)]
        runs[name] = sorted(tries, key=lambda r: r["total"])[1]
    for name, run in runs.items():
        print(
            f"{name:>32}: {run['total']:.2f} s for {run['rows']:,} needs "
            f"(filter {run['filter']:.2f}, map {run['map_layers']:.2f}, table {run['table']:.2f}; "
            f"map {run['map_kb']:.0f} kB, table {run['table_kb']:.0f} kB)"
        )
    worst = max(runs.values(), key=lambda r: r["total"])
    return {"filter_update_s": round(worst["total"], 2), "filter_update_rows": worst["rows"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--needs", type=int, default=100_000)
    args = parser.parse_args()
    figures = {"machine": f"{platform.machine()}, {platform.python_version()}", **bench_load(args.needs)}
    figures.update(bench_filter_update(args.needs))
    for key, value in figures.items():
        print(f"{key:>22}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
