"""Leaflet's canvas renderer against SVG for the community polygons, in headless Chromium.

A figure, not a test (``make bench``): the 1,768 official communities of the demo (the national
set) drawn in a bare page from local files, once with an SVG path per polygon (Leaflet's default)
and once on one canvas, in fresh pages, alternating. For each: the first draw, recolouring every
polygon (a metric switch), a pan, a zoom and a mouse move (per step), and whether hover shows the
tooltip and a click reaches the polygon. The last line is one JSON object.

Two clocks. ``*_s``: until two animation frames have passed, the main thread's work (an SVG's
rasterising happens on other threads and is not in it). ``*_painted_s``: the same step followed by a
screenshot, which waits until every pixel is rasterised and composited, less a screenshot of the
page unchanged: what a visitor waits for, both renderers counted alike. The maps draw with the
renderer geo.maps.shapes.COMMUNITY_RENDERER names (canvas, since these figures).

Usage::

    python scripts/bench_renderer.py [--runs 5] [--width 1366 --height 768 --scale 1]

``--width 390 --height 844 --scale 3`` is a phone: three times the pixels each way to fill.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.ingest.loaders import DEFAULT_FILES, load_dataset  # noqa: E402
from geo.ingest.reading import Source  # noqa: E402
from geo.maps.assets import install_static  # noqa: E402
from geo.maps.shapes import COMMUNITY_PANE, COMMUNITY_STYLE, places_payload, shapes_payload  # noqa: E402

RENDERERS = ("svg", "canvas")
VIEW = {"width": 1366, "height": 768}

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{vendor}/leaflet/leaflet.css">
<style>html,body,#map{{margin:0;width:100%;height:100%}}</style></head><body><div id="map"></div>
<script src="{vendor}/leaflet/leaflet.js"></script><script src="{vendor}/hromada/hromada.js"></script>
<script>
var shapes = {shapes};
var t0 = performance.now();
var map = L.map("map", {{zoomControl: false}}).setView([48.5, 31.2], 6);
map.createPane({pane}); map.getPane({pane}).style.zIndex = 350;
hm.places({places});
var group = hm.communityShapes(shapes, {style}, {pane}, {renderer}).addTo(map);
requestAnimationFrame(function () {{ requestAnimationFrame(function () {{
  window.drawn = performance.now() - t0;
}}); }});
group.on("click", function (e) {{ window.clicked = e.layer.feature.properties.pcode; }});
window.timed = function (work) {{
  return new Promise(function (done) {{
    var start = performance.now();
    work();
    requestAnimationFrame(function () {{ requestAnimationFrame(function () {{ done(performance.now() - start); }}); }});
  }});
}};
window.recolour = function () {{
  var n = window.hmCommunityList.length, colours = [], texts = [];
  for (var i = 0; i < n; i++) {{ colours.push((i * 7) % 5); texts.push(String(i)); }}
  hm.recolour({{colours: colours, palette: ["#fff7bc", "#fec44f", "#fe9929", "#d95f0e", "#993404"],
               zero: "#ffffff", label: "n", texts: texts}});
}};
</script></body></html>"""


def pages(folder: Path) -> tuple[dict[str, Path], int]:
    dataset, _results = load_dataset({k: Source.from_path(ROOT / "data" / n) for k, n in DEFAULT_FILES.items()})
    vendor = install_static(Path(tempfile.mkdtemp()) / "static")
    shapes, places = shapes_payload(dataset), places_payload(dataset, "uk")
    out = {}
    for renderer in RENDERERS:
        html = PAGE.format(
            vendor=vendor.as_uri(),
            shapes=shapes,
            places=places,
            renderer=json.dumps(renderer),
            style=json.dumps(COMMUNITY_STYLE),
            pane=json.dumps(COMMUNITY_PANE),
        )
        out[renderer] = folder / f"{renderer}.html"
        out[renderer].write_text(html, encoding="utf-8")
    return out, len(dataset.communities)


# What a visitor does to the map, timed one after the other (the zoom is of the panned view).
STEPS = {
    "recolour": "recolour()",  # a metric switch: every polygon a new colour
    "pan": "map.panBy([300, 150], {animate: false})",
    "zoom": "map.setZoom(8, {animate: false})",
}


def one_run(browser, page_file: Path, view: dict[str, int], scale: float) -> dict:
    context = browser.new_context(viewport=view, device_scale_factor=scale)
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.wait_for_function("window.drawn !== undefined", timeout=60_000)
    figures = {"first_draw_s": page.evaluate("window.drawn") / 1000}
    for name, step in STEPS.items():
        figures[f"{name}_s"] = page.evaluate(f"timed(function () {{ {step}; }})") / 1000
    page.evaluate("() => { map.setView([46.97, 32.0], 9, {animate: false}); }")  # Mykolaiv
    page.wait_for_timeout(300)
    centre = (view["width"] // 2, view["height"] // 2)
    page.mouse.move(*centre)
    page.mouse.move(centre[0] + 3, centre[1] + 3)
    page.wait_for_timeout(300)
    figures["hover_tooltip"] = page.locator(".leaflet-tooltip").count() > 0
    started = time.perf_counter()  # the mouse across the oblast in 40 steps: hit testing and the sticky tooltip
    page.mouse.move(centre[0] - min(400, centre[0] - 10), centre[1] - 200, steps=40)
    page.evaluate("() => new Promise(requestAnimationFrame)")
    figures["mouse_move_s"] = (time.perf_counter() - started) / 40
    page.mouse.move(*centre)
    page.mouse.click(*centre)
    page.wait_for_timeout(200)
    figures["click_reaches"] = page.evaluate("window.clicked || null")
    context.close()
    return figures | painted_run(browser, page_file, view, scale)


def painted_run(browser, page_file: Path, view: dict[str, int], scale: float) -> dict:
    """Each step until its pixels are on screen: the step and a screenshot, less a screenshot of the page unchanged."""

    def screenshot_s() -> float:
        started = time.perf_counter()
        page.screenshot(type="jpeg", quality=10)
        return time.perf_counter() - started

    context = browser.new_context(viewport=view, device_scale_factor=scale)
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.wait_for_function("window.drawn !== undefined", timeout=60_000)
    figures = {}
    for name, step in STEPS.items():
        unchanged = min(screenshot_s() for _shot in range(3))
        started = time.perf_counter()
        page.evaluate(f"() => {{ {step}; }}")
        page.screenshot(type="jpeg", quality=10)
        figures[f"{name}_painted_s"] = time.perf_counter() - started - unchanged
    context.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--width", type=int, default=VIEW["width"])
    parser.add_argument("--height", type=int, default=VIEW["height"])
    parser.add_argument("--scale", type=float, default=1, help="device pixel ratio (a phone: 3)")
    args = parser.parse_args()
    runs, view = args.runs, {"width": args.width, "height": args.height}
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_national import CHROMIUM_ARGS, chromium_path

    chromium = chromium_path()
    if chromium is None:
        raise SystemExit("chromium not found: install Debian's chromium (make browser)")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        files, communities = pages(Path(tmp))
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        results: dict[str, list[dict]] = {r: [] for r in RENDERERS}
        for _run in range(runs):
            for renderer in RENDERERS:
                results[renderer].append(one_run(browser, files[renderer], view, args.scale))
        browser.close()
    summary: dict[str, object] = {"communities": communities, "runs": runs, **view, "scale": args.scale}
    for renderer, rows in results.items():
        for key in ("first_draw_s", "recolour_s", "pan_s", "zoom_s", "mouse_move_s", *(f"{s}_painted_s" for s in STEPS)):
            values = [row[key] for row in rows]
            summary[f"{renderer}_{key}"] = round(statistics.median(values), 3)
            each = ", ".join(f"{v:.3f}" for v in values)
            print(f"{renderer:>6} {key:>17}: median {statistics.median(values):.3f} s  (runs {each})")
        summary[f"{renderer}_hover_tooltip"] = all(row["hover_tooltip"] for row in rows)
        summary[f"{renderer}_click_reaches"] = sorted({str(row["click_reaches"]) for row in rows})
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
