"""Benchmarks that print figures (never timed tests): ``make bench``.

Loading and validating 100,000 needs: seconds, and peak memory as a multiple of the file's size.
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
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.contract import SECTORS, VULNERABLE_GROUPS  # noqa: E402
from geo.loaders import load_communities, load_needs  # noqa: E402
from geo.reading import Source  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--needs", type=int, default=100_000)
    args = parser.parse_args()
    figures = {"machine": f"{platform.machine()}, {platform.python_version()}", **bench_load(args.needs)}
    for key, value in figures.items():
        print(f"{key:>22}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
