"""How our cost grows with the number of needs: 1,000 to 1,000,000 on the real boundaries (issue 14).

A single national figure (bench_national.py, 100,000 needs) says whether today's registry fits; it
does not say what happens when the registry grows tenfold. So this generates national sets on the
boundaries the demo ships (data/communities.geojson, 1,768 hromadas) with 1,000 ... 1,000,000 needs,
hubs and IDP rows growing alike (needs / 100 hubs, needs / 5 IDP rows, never fewer than the demo has),
and measures at each size what the app pays:

- ``load_s`` and ``peak_mb``: the four files read and checked as the app reads a deployment's own files
  (``load_dataset`` on ``Source.from_path(..., limits=OWN_LIMITS)``, as app.py's ``_read_defaults`` does:
  the deployment's limits, not an upload's 50 MiB), in a fresh child process each time, so that one
  size's memory is not hidden by the previous one's; ``peak_mb`` is that child's VmHWM (high-water mark
  of resident memory) after the load, ``base_mb`` the same before it (Python and its libraries),
  ``load_mb`` the difference. A file over even the deployment's limits is refused as the app would
  refuse it (``app_refuses``), the script says so, and that size has nothing more to measure.
- ``build_s``, ``cold_build_s``, ``payload_bytes`` (and gzipped) of the home map: ``ours()`` of
  bench_national.py, each the median of three builds. The map sends the communities, and needs and
  IDPs as counts per community, never one marker per need, so these should not grow with the needs:
  the exponent below says whether they do. (Hubs are one marker each, and they grow here with the
  needs, a hundredth of them: that part may grow, and rightly.)
- ``filter_update_s``: what the server redoes when a sector is added on the Needs page (filter and
  order, map layers as streamlit-folium sends them, the table as st.dataframe sends it), as
  bench.py's ``_filter_update`` times it: the three sector changes that the browser makes below, each
  the median of three tries, and the slowest of the three kept.
- ``browser_filter_update_s``: the same in headless Chromium against the app served on the set
  (``serve_app``, ``change_sector_filter``): a sector added until both the map and the table have
  changed, median of the three sectors. Each size has a time budget (``--browser-timeout``); a size
  that overruns it is stopped and the larger ones are not tried; a size whose files the app refuses
  has nothing to measure.

Then the growth exponent of each figure: the least-squares slope of log(figure) against log(needs)
(0: does not grow; 1: linear in the needs), the verdicts against the goals of issue 14, and a log-log
plot (seconds, and MB) in docs/bench_scaling.png. The last line printed is one JSON object with every
figure.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import signal
import sys
import tempfile
import time
import traceback
from datetime import UTC, date, datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench import _filter_update  # noqa: E402
from bench_national import (  # noqa: E402
    CHROMIUM_ARGS,
    COMMUNITY_CANVAS,
    IFRAME,
    TABLE_ROWS_JS,
    TIMEOUT_MS,
    change_sector_filter,
    chromium_path,
    memory_mb,
    national_files,
    ours,
    serve_app,
    wait_for_app_run,
)
from bench_sessions import table  # noqa: E402

from geo.figures.filters import Filters  # noqa: E402
from geo.figures.needs_view import prepare_needs  # noqa: E402
from geo.ingest.limits import OWN_LIMITS  # noqa: E402
from geo.ingest.loaders import load_dataset  # noqa: E402
from geo.ingest.reading import Source  # noqa: E402
from geo.maps.shapes import shapes_payload  # noqa: E402

SIZES = (1_000, 10_000, 100_000, 1_000_000)
BOUNDARIES = ROOT / "data" / "communities.geojson"
PLOT = ROOT / "docs" / "bench_scaling.png"
# The sectors the browser adds one after another on the Needs page (their English labels), and the same
# filters as the server sees them.
SECTOR_LABELS = ("food", "WASH", "health")
SECTOR_CHANGES = {
    "+ food": Filters(sector=("food",)),
    "+ WASH": Filters(sector=("food", "wash")),
    "+ health": Filters(sector=("food", "wash", "health")),
}
TODAY = date(2025, 12, 1)
SIZE_LIMITS = {"too_large", "too_many_rows", "too_many_cells"}  # refusals for size alone (geo.ingest.limits)
GROWS_FROM = 0.1  # an exponent below this: the figure does not grow with the needs
GOALS = {  # issue 14
    "load_s": (1_000_000, 10.0),
    "peak_mb": (1_000_000, 1536),  # 1.5 GB, in MiB as VmHWM counts
    "filter_update_s": ((100_000, 0.4), (1_000_000, 1.0)),
}
COLUMNS = (
    ("needs", "needs"),
    ("hubs", "hubs"),
    ("IDP rows", "idp_rows"),
    ("needs MB", "needs_file_mb"),
    ("load s", "load_s"),
    ("base MB", "base_mb"),
    ("peak MB", "peak_mb"),
    ("load MB", "load_mb"),
    ("build s", "build_s"),
    ("cold build s", "cold_build_s"),
    ("payload kB", "payload_kb"),
    ("gzip kB", "payload_gzip_kb"),
    ("filter s", "filter_update_s"),
    ("rows", "filter_update_rows"),
    ("browser filter s", "browser_filter_update_s"),
    ("note", "note"),
)
# Figures whose growth is fitted and plotted: key, label, unit ("s" or "MB"), scale to that unit.
SERIES = (
    ("load_s", "load and check", "s", 1),
    ("build_s", "home map build (warm)", "s", 1),
    ("cold_build_s", "home map build (cold)", "s", 1),
    ("filter_update_s", "filter change, server", "s", 1),
    ("browser_filter_update_s", "filter change, browser", "s", 1),
    ("peak_mb", "peak memory of the load", "MB", 1),
    ("load_mb", "memory the load adds", "MB", 1),
    ("payload_bytes", "home map payload", "MB", 1e-6),
    ("payload_gzip_bytes", "home map payload, gzipped", "MB", 1e-6),
)


# ---------------------------------------------------------------------------------------------
# Each step in a child process of its own (spawned: a fresh interpreter, nothing inherited)


def _in_child(conn, function, args) -> None:
    os.setpgrp()  # its own process group: a server and a browser it starts can be stopped with it
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a stop runs the `finally`s (the server is stopped)
    try:
        conn.send(("ok", function(*args)))
    except BaseException:
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


def in_child(function, *args, timeout: float | None = None):
    """``function(*args)`` in a fresh spawned process; TimeoutError if it has not answered in ``timeout`` s."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_in_child, args=(sender, function, args))
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise TimeoutError(f"{function.__name__} did not finish within {timeout:.0f} s")
        try:
            status, value = receiver.recv()
        except EOFError:
            process.join(10)
            raise RuntimeError(f"{function.__name__}: the child process died (exit code {process.exitcode})") from None
        process.join(60)  # it has answered: let it exit on its own (a large data set takes a moment to free)
    finally:
        if process.is_alive():
            _stop_group(process)
        process.join()
    if status == "error":
        raise RuntimeError(f"{function.__name__} failed in the child:\n{value}")
    return value


def _stop_group(process) -> None:
    """Stop the child's process group (it, and the server and browser it started): politely, then not."""
    for sig, grace in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        process.join(grace)
        if not process.is_alive():
            return


# ---------------------------------------------------------------------------------------------
# The steps


def generate(folder: str, needs: int, hubs: int, idp_rows: int) -> dict[str, str]:
    paths = national_files(Path(folder), needs, hubs, idp_rows, communities=gpd.read_file(BOUNDARIES))
    return {kind: str(path) for kind, path in paths.items()}


def measure(paths: dict[str, str]) -> dict:
    """Load as the app loads its deployment's files (its time and peak memory), then the home map and the
    Needs page's filter change."""
    pid = os.getpid()
    figures = {"base_mb": memory_mb(pid, "VmHWM")}
    start = time.perf_counter()
    dataset, results = load_dataset({kind: Source.from_path(path, limits=OWN_LIMITS) for kind, path in paths.items()})
    figures["load_s"] = round(time.perf_counter() - start, 2)
    figures["peak_mb"] = memory_mb(pid, "VmHWM")
    figures["load_mb"] = figures["peak_mb"] - figures["base_mb"]
    if dataset is None:
        errors = [p for r in results.values() for p in r.problems if p.severity == "error"]
        figures["refused"] = [p.describe("en") for p in errors[:5]]
        figures["refused_for_size"] = bool(errors) and all(p.code in SIZE_LIMITS for p in errors)
        return figures
    figures.update(needs_loaded=len(dataset.needs), hubs_loaded=len(dataset.hubs), idp_rows_loaded=len(dataset.idp_counts))
    # Median of three builds (each as the first visit after the data changed, as ours() does): one is noisy.
    builds = [ours(dataset) for _ in range(3)]
    figures.update({key: sorted(build[key] for build in builds)[1] for key in builds[0]})
    figures["build_runs"] = [build["build_s"] for build in builds]

    prepared = prepare_needs(dataset, internal=False)  # cached by the page per data set
    shapes = shapes_payload(dataset, "uk")  # cached by the page per data set and language
    _filter_update(dataset, prepared, shapes, Filters(), TODAY)  # warm-up: imports, first-call caches
    runs = {}
    for name, filters in SECTOR_CHANGES.items():
        tries = [_filter_update(dataset, prepared, shapes, filters, TODAY) for _ in range(3)]
        runs[name] = sorted(tries, key=lambda r: r["total"])[1]
    worst = max(runs.values(), key=lambda r: r["total"])
    figures.update(
        filter_update_s=round(worst["total"], 3),
        filter_update_rows=worst["rows"],
        filter_update_steps={k: round(worst[k], 3) for k in ("filter", "map_layers", "table")},
        filter_update_runs={name: round(run["total"], 3) for name, run in runs.items()},
    )
    return figures


def browser_filter(paths: dict[str, str]) -> dict:
    """The app served on the set; a new visitor's Needs page, then a sector added three times."""
    from playwright.sync_api import sync_playwright

    chromium = chromium_path()
    if chromium is None:
        return {"browser_note": "chromium not found"}
    with serve_app({kind: Path(path) for kind, path in paths.items()}) as (url, pid), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="en-GB").new_page()
            start = time.perf_counter()
            page.goto(url + "needs?lang=en", wait_until="commit", timeout=TIMEOUT_MS)
            page.frame_locator(IFRAME).locator(COMMUNITY_CANVAS).first.wait_for(state="attached", timeout=TIMEOUT_MS)
            page.wait_for_function(f"() => ({TABLE_ROWS_JS})() !== null", polling="raf", timeout=TIMEOUT_MS)
            ready = time.perf_counter() - start
            wait_for_app_run(page)
            changes = [change_sector_filter(page, label) for label in SECTOR_LABELS]
        finally:
            browser.close()
        peak = memory_mb(pid, "VmHWM")
    return {
        "browser_filter_update_s": round(float(np.median([both for _map, both in changes])), 2),
        "browser_filter_update_runs": [round(both, 2) for _map, both in changes],
        "browser_filter_map_runs": [round(map_s, 2) for map_s, _both in changes],
        "browser_needs_page_cold_s": round(ready, 2),
        "server_peak_mb": peak,
    }


def one_size(needs: int, demo: dict[str, int], browser: str | None, browser_timeout: float) -> dict:
    """Every figure at one size. ``browser``: None to measure in Chromium, else why not."""
    hubs, idp_rows = max(needs // 100, demo["hubs"]), max(needs // 5, demo["idp_rows"])
    row: dict = {"needs": needs, "hubs": hubs, "idp_rows": idp_rows}
    with tempfile.TemporaryDirectory(prefix=f"scaling-{needs}-") as folder:
        start = time.perf_counter()
        paths = in_child(generate, folder, needs, hubs, idp_rows)
        row["generate_s"] = round(time.perf_counter() - start, 1)
        row["file_mb"] = {kind: round(Path(path).stat().st_size / 1e6, 1) for kind, path in paths.items()}
        row["needs_file_mb"] = row["file_mb"]["needs"]
        measured = in_child(measure, paths)
        if measured.get("refused_for_size"):
            row.update(app_refuses=measured["refused"], note="app refuses: over the deployment's limits")
            measured = {"refuse_s": measured["load_s"]}  # not a load: kept out of the growth fits and the plot
            browser = browser or "the app refuses these files (over the deployment's size limits)"
        elif "refused" in measured:
            raise RuntimeError(f"the app refuses the {needs:,} set: {measured['refused']}")
        row.update(measured)
        if browser is None:
            try:
                row.update(in_child(browser_filter, paths, timeout=browser_timeout))
            except TimeoutError:
                row["browser_note"] = f"did not finish within {browser_timeout:.0f} s"
        else:
            row["browser_note"] = browser
    if "browser_note" in row:
        row["note"] = "; ".join(filter(None, [row.get("note"), "browser: " + row["browser_note"]]))
    if "payload_bytes" in row:
        row["payload_kb"] = round(row["payload_bytes"] / 1e3)
        row["payload_gzip_kb"] = round(row["payload_gzip_bytes"] / 1e3)
    return row


# ---------------------------------------------------------------------------------------------
# Growth, verdicts, plot


def exponent(rows: list[dict], key: str) -> float | None:
    """The least-squares slope of log(figure) against log(needs); None with fewer than two sizes measured."""
    points = [(row["needs"], row[key]) for row in rows if isinstance(row.get(key), int | float) and row[key] > 0]
    if len(points) < 2:
        return None
    needs, values = np.log(np.array(points, dtype=float)).T
    return round(float(np.polyfit(needs, values, 1)[0]), 2) + 0.0  # + 0.0: never "-0.0"


def at(rows: list[dict], needs: int) -> dict | None:
    return next((row for row in rows if row["needs"] == needs), None)


def verdicts(rows: list[dict], exponents: dict[str, float | None]) -> list[str]:
    lines = []
    big = at(rows, 1_000_000)
    if big is None:
        lines.append("1,000,000 needs load: not measured (not among --sizes)")
    else:
        if big.get("app_refuses"):
            refused = "; ".join(big["app_refuses"])
            lines.append(f"1,000,000 needs: the app as shipped REFUSES the files: {refused}")
        else:
            for key, unit in (("load_s", "s"), ("peak_mb", "MB")):
                goal = GOALS[key][1]
                met = big[key] < goal
                lines.append(
                    f"1,000,000 needs {key}: {big[key]} {unit} "
                    + (f"meets the goal < {goal}" if met else f"MISSES the goal < {goal} by {big[key] / goal:.1f}x")
                )
    for key in ("payload_bytes", "payload_gzip_bytes", "build_s"):
        value = exponents.get(key)
        if value is None:
            lines.append(f"{key}: growth not measured (fewer than two sizes)")
        else:
            grows = value >= GROWS_FROM
            lines.append(
                f"{key}: growth exponent {value} "
                + ("GROWS with the needs" if grows else f"does not grow with the needs (< {GROWS_FROM})")
            )
    for key, label in (("filter_update_s", "server"), ("browser_filter_update_s", "browser")):
        for needs, goal in GOALS["filter_update_s"]:
            row = at(rows, needs)
            value = None if row is None else row.get(key)
            if value is None:
                why = "size not among --sizes" if row is None else row.get("browser_note", "not measured")
                lines.append(f"filter update ({label}) at {needs:,}: not measured ({why})")
            else:
                met = value < goal
                lines.append(
                    f"filter update ({label}) at {needs:,}: {value} s "
                    + (f"meets the goal < {goal}" if met else f"MISSES the goal < {goal} by {value / goal:.1f}x")
                )
    return lines


def plot(rows: list[dict], exponents: dict, title: str, path: Path) -> None:
    """Log-log, one line per figure: seconds on the left, MB on the right."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, panels = plt.subplots(1, 2, figsize=(13, 5.5))
    for panel, unit in zip(panels, ("s", "MB"), strict=True):
        for key, label, series_unit, scale in SERIES:
            measured = [r for r in rows if series_unit == unit and (r.get(key) or 0) > 0]
            if not measured:
                continue
            slope = exponents.get(key)
            x, y = [r["needs"] for r in measured], [r[key] * scale for r in measured]
            panel.plot(x, y, marker="o", label=label if slope is None else f"{label} (exponent {slope})")
        panel.set_xscale("log")
        panel.set_yscale("log")
        panel.minorticks_off()
        panel.set_xticks([r["needs"] for r in rows], [f"{r['needs']:,}" for r in rows])
        panel.set_xlabel("needs")
        panel.set_ylabel("seconds" if unit == "s" else "MB")
        panel.grid(True, which="major", alpha=0.3)
        panel.legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line),
        platform.processor() or "?",
    )
    return f"{platform.machine()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES), help="numbers of needs, comma-separated")
    parser.add_argument("--no-browser", action="store_true", help="no Chromium: the server's figures only")
    parser.add_argument("--browser-timeout", type=float, default=300, help="seconds a size's browser measurement may take")
    parser.add_argument("--plot", type=Path, default=PLOT, help=f"where the PNG goes (default {PLOT.relative_to(ROOT)})")
    args = parser.parse_args()
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    demo = {
        "hubs": len(pd.read_csv(ROOT / "data" / "hubs.csv")),
        "idp_rows": len(pd.read_csv(ROOT / "data" / "idp_counts.csv")),
    }
    figures: dict = {
        "machine": machine(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "communities": len(gpd.read_file(BOUNDARIES)),
        "sizes": sizes,
    }
    rows = []
    browser = "--no-browser" if args.no_browser else None
    for needs in sizes:
        print(f"... {needs:,} needs", file=sys.stderr, flush=True)
        row = one_size(needs, demo, browser, args.browser_timeout)
        rows.append(row)
        if not args.no_browser and str(row.get("browser_note", "")).startswith("did not finish"):
            browser = f"skipped: {row['needs']:,} needs did not finish within {args.browser_timeout:.0f} s"
    exponents = {key: exponent(rows, key) for key, *_rest in SERIES}
    figures.update(rows=rows, exponents=exponents, verdicts=verdicts(rows, exponents))
    title = f"Cost against needs on {figures['communities']:,} hromadas — {figures['machine']}, {figures['date']}"
    plot(rows, exponents, title, args.plot)
    figures["plot"] = str(args.plot)

    print(table(rows, COLUMNS))
    print()
    print("growth exponents (slope of log figure against log needs; 0 = flat, 1 = linear):")
    for key, label, _unit, _scale in SERIES:
        print(f"  {key:>24}: {'-' if exponents[key] is None else exponents[key]}  ({label})")
    print()
    for line in figures["verdicts"]:
        print(line)
    print(f"plot: {args.plot}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
