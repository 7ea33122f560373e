"""What the browser tests share: the app server, Debian's Chromium, and waiting for Streamlit.

Shaped like Streamlit's own e2e_playwright/conftest.py: ``streamlit run app.py`` on a free port,
awaited through ``/_stcore/health`` (never a fixed sleep); one headless Chromium per module,
never downloaded by Playwright (Debian's, or $CHROMIUM), which resolves no host but localhost,
so that whatever tries to reach the internet fails and shows up in the tests' request logs.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import Browser, BrowserContext, FrameLocator, Locator, Page, expect, sync_playwright

from geo.exports.snapshot import CHROMIUM_ARGS, chromium_path  # one set of flags: the tests and the PNG export
from geo.figures.metrics import METRICS
from geo.ingest.loaders import ENV_VARS
from geo.maps.level_layer import BY_LEVEL
from geo.text.i18n import gettext_for

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_MS = 30_000  # CI has two cores; Streamlit, Leaflet and 1,767 polygons share them.
SERVER_START_S = 90
# As in Streamlit's e2e suite; no file watcher, since the code under test does not change mid-run.
SERVER_FLAGS = ["--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
IFRAME = 'iframe[data-testid="stCustomComponentV1"]'
# The community polygons share one canvas (geo.maps.shapes.COMMUNITY_RENDERER): no element stands for
# a community. Tests read them from Leaflet's layers (window.hmCommunities) and reach them by position,
# as a visitor's pointer does (communities_on_map, expect_communities, community_point, COMMUNITY_AT_JS).
COMMUNITY_CANVAS = ".leaflet-communities-pane canvas"  # attached once Leaflet has drawn the communities
# In a map's iframe: how many needs its markers hold (each marker is one place with hmCount needs).
NEEDS_ON_MAP_JS = """() => {
    let total = 0;
    window.map.eachLayer((layer) => {
        if (layer instanceof L.MarkerClusterGroup) {
            layer.getLayers().forEach((marker) => { total += marker.options.hmCount || 0; });
        }
    });
    return total;
}"""
expect.set_options(timeout=TIMEOUT_MS)

# In a map's page or frame: its Leaflet map (window.map in streamlit-folium's frame; folium's own
# variable in an exported file).
_THE_MAP = "(window.map instanceof L.Map ? window.map : Object.values(window).find((v) => v instanceof L.Map))"

# In a map's frame: the communities on the map now, P-code -> fill colour (a hidden layer: none).
COMMUNITIES_JS = f"""() => {{
    const map = {_THE_MAP}, drawn = {{}};
    for (const [pcode, layer] of Object.entries(window.hmCommunities || {{}})) {{
        if (map.hasLayer(layer)) {{ drawn[pcode] = layer.options.fillColor; }}
    }}
    return drawn;
}}"""

# In a map's frame: the P-code of the community that a click at (x, y) (the frame's client pixels)
# reaches, or null. The communities' canvas must be what the pointer hits there (no marker, circle or
# control on top), and the community is found as Leaflet's canvas finds it: the last polygon drawn
# that contains the point (Polygon._containsPoint, what L.Canvas tests a click with).
COMMUNITY_AT_JS = f"""(x, y) => {{
    const map = {_THE_MAP}, hit = document.elementFromPoint(x, y);
    if (!hit || !hit.matches({COMMUNITY_CANVAS!r})) {{ return null; }}
    const box = map.getContainer().getBoundingClientRect();
    const point = map.containerPointToLayerPoint([x - box.left, y - box.top]);
    let found = null;
    (window.hmCommunityList || []).forEach((layer, i) => {{
        if (layer && map.hasLayer(layer) && layer._containsPoint(point)) {{ found = window.hmPlaces.pcode[i]; }}
    }});
    return found;
}}"""

# In a map's frame: fit the map to community ``pcode`` (when ``fit``), wait until markers and clusters
# have settled, and return a point well inside it where a click reaches it (COMMUNITY_AT_JS there and
# six pixels around), in the frame's client pixels, with the canvas's pixel there and the fill colour.
COMMUNITY_POINT_JS = f"""async (_element, [pcode, fit]) => {{
    const map = {_THE_MAP}, layer = (window.hmCommunities || {{}})[pcode];
    if (!layer || !map.hasLayer(layer)) {{ return null; }}
    const communityAt = {COMMUNITY_AT_JS};
    const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
    if (fit) {{ map.fitBounds(layer.getBounds(), {{animate: false, padding: [40, 40]}}); }}
    for (let t = 0; t < 100 && (map._animatingZoom || document.querySelector(".leaflet-cluster-anim")); t++) {{
        await new Promise((done) => setTimeout(done, 50));
    }}
    await frame(); await frame();
    const box = map.getContainer().getBoundingClientRect(), size = map.getSize();
    const b = layer.getBounds();
    const sw = map.latLngToContainerPoint(b.getSouthWest()), ne = map.latLngToContainerPoint(b.getNorthEast());
    const left = Math.max(sw.x, 10), right = Math.min(ne.x, size.x - 10);
    const top = Math.max(ne.y, 10), bottom = Math.min(sw.y, size.y - 10);
    const step = Math.max(2, Math.min(right - left, bottom - top) / 30), r = 6;
    const good = [];
    for (let cx = left; cx <= right; cx += step) {{
        for (let cy = top; cy <= bottom; cy += step) {{
            const x = box.left + cx, y = box.top + cy;
            const around = [[0, 0], [-r, 0], [r, 0], [0, -r], [0, r], [-r, -r], [r, r], [-r, r], [r, -r]];
            if (around.every(([dx, dy]) => communityAt(x + dx, y + dy) === pcode)) {{ good.push([x, y]); }}
        }}
    }}
    if (!good.length) {{ return null; }}
    const mx = good.reduce((a, p) => a + p[0], 0) / good.length, my = good.reduce((a, p) => a + p[1], 0) / good.length;
    const [x, y] = good.reduce((a, p) => (Math.hypot(p[0] - mx, p[1] - my) < Math.hypot(a[0] - mx, a[1] - my) ? p : a));
    const canvas = document.elementFromPoint(x, y), c = canvas.getBoundingClientRect();
    const pixel = canvas.getContext("2d").getImageData(
        Math.floor((x - c.left) * canvas.width / c.width), Math.floor((y - c.top) * canvas.height / c.height), 1, 1).data;
    return {{x: x, y: y, pixel: Array.from(pixel), fill: layer.options.fillColor}};
}}"""


def find_available_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """``streamlit run app.py`` in a subprocess, its output kept in a temporary file."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self._log = tempfile.TemporaryFile()

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}/"

    def output(self, tail: int = 200) -> str:
        self._log.flush()
        self._log.seek(0)
        lines = self._log.read().decode("utf-8", "replace").splitlines()
        return "\n".join(lines[-tail:])

    def start(self) -> None:
        """Start on a free port and wait for the health check; retry if the port was taken."""
        for _attempt in range(3):
            self.port = find_available_port()
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port), *SERVER_FLAGS],
                cwd=ROOT,
                env=self.env,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
            if self._wait_until_healthy():
                return
            taken = f"Port {self.port} is not available" in self.output()
            self.stop()
            if not taken:
                break
        pytest.fail(f"streamlit did not start on port {self.port}; its output:\n{self.output()}")

    def _wait_until_healthy(self) -> bool:
        deadline = time.monotonic() + SERVER_START_S
        health = f"http://localhost:{self.port}/_stcore/health"
        while time.monotonic() < deadline:
            try:
                with urlopen(health, timeout=2) as response:
                    if response.read().strip() == b"ok":
                        return True
            except (URLError, OSError):
                pass
            try:  # the poll interval doubles as the check that the server is still alive
                self.proc.wait(timeout=0.25)
                return False
            except subprocess.TimeoutExpired:
                continue
        return False

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)


def serve(
    request: pytest.FixtureRequest, data: dict[str, Path] | None, settings: dict[str, str] | None = None
) -> Iterator[str]:
    """The app on ``data`` (HROMADA_<KIND> paths; None: the demo) with ``settings`` in its environment."""
    # Public view, demo data unless told otherwise: no HROMADA_* setting leaks in from the shell.
    env = {k: v for k, v in os.environ.items() if not k.startswith("HROMADA_")}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(settings or {})
    for kind, path in (data or {}).items():
        env[ENV_VARS[kind]] = str(path)
    server = AppServer(env)
    failed_before = request.session.testsfailed
    server.start()
    try:
        yield server.url
    finally:
        server.stop()
        if request.session.testsfailed > failed_before:
            # Straight to the terminal: the module's last test may well have passed.
            plugins = request.config.pluginmanager
            reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
            if reporter is not None and capture is not None:
                with capture.global_and_fixture_disabled():
                    reporter.write_line(f"\n--- streamlit output ({server.url}) ---\n{server.output()}")


def find_chromium() -> str | None:
    """$CHROMIUM if set (and only it), else Debian's chromium: the one the app's PNG export uses too."""
    return chromium_path()


def require_chromium() -> str:
    """The Chromium to test with: skipped locally without one, a failure under CI (never a skip)."""
    executable = find_chromium()
    if executable is None:
        message = "chromium not found: apt-get install chromium, or set CHROMIUM"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{message} (CI must never skip the browser tests)", pytrace=False)
        pytest.skip(message)
    return executable


def launch_browser() -> Iterator[Browser]:
    """One headless Chromium (``require_chromium``)."""
    executable = require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "devtools"):
        return False
    return (parts.hostname or "") not in LOCAL_HOSTS


def wait_for_app_run(page: Page) -> None:
    """Streamlit is connected and has finished running the script."""
    page.locator('[data-testid="stApp"][data-test-connection-state="CONNECTED"]').wait_for()
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
    expect(page.locator('[data-testid="stStatusWidgetRunningIcon"]')).to_have_count(0)


@dataclass
class Visitor:
    """One visitor: the page, every request that left localhost, every dialog that fired."""

    page: Page
    external: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def map(self) -> FrameLocator:
        return self.page.frame_locator(IFRAME)


def new_visitor(browser: Browser, contexts: list[BrowserContext], kind: type[Visitor] = Visitor, **options) -> Visitor:
    """A fresh browser context (no cookies, no session) whose outside requests and dialogs are logged;
    dialogs are dismissed. The context goes into ``contexts`` for the fixture to close."""
    options = {"viewport": {"width": 1400, "height": 1000}, "locale": "uk-UA", **options}
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    contexts.append(context)
    visitor = kind(context.new_page())
    visitor.page.on("request", lambda req: visitor.external.append(req.url) if is_external(req.url) else None)

    def on_dialog(dialog) -> None:
        visitor.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    visitor.page.on("dialog", on_dialog)
    return visitor


@contextmanager
def visitors(browser: Browser) -> Iterator[Callable[..., Visitor]]:
    """``new(kind=Visitor, **options)``: new visitors for one test (``new_visitor``), each in a fresh
    context, all closed when the test is done, also when it failed."""
    contexts: list[BrowserContext] = []
    try:
        yield lambda kind=Visitor, **options: new_visitor(browser, contexts, kind, **options)
    finally:
        for context in contexts:
            context.close()


MapView = FrameLocator | Page  # a map's frame in the app (Visitor.map), or an exported map's page


def _container(where: MapView):
    return where.locator(".leaflet-container").first


def communities_on_map(where: MapView) -> dict[str, str]:
    """The communities on the map now, P-code -> fill colour, read from Leaflet's layers (not the DOM)."""
    return _container(where).evaluate(COMMUNITIES_JS)


def expect_communities(where: MapView, count: int) -> None:
    """Wait until exactly ``count`` communities are on the map (0: their layer is off), as ``expect`` waits."""
    wait = f"""async (_, count) => {{
        const drawn = {COMMUNITIES_JS}, start = performance.now();
        let n = Object.keys(drawn()).length;
        while (n !== count && performance.now() - start < {TIMEOUT_MS}) {{
            await new Promise((done) => setTimeout(done, 100));
            n = Object.keys(drawn()).length;
        }}
        return n;
    }}"""
    _container(where).wait_for(state="attached")
    shown = _container(where).evaluate(wait, count)
    assert shown == count, f"{shown} communities on the map, not {count}"


def frame_offset(where: MapView) -> tuple[float, float]:
    """Where the map's frame starts on the page (0, 0 for a page of its own), scrolled into view first."""
    if isinstance(where, Page):
        return 0.0, 0.0
    where.owner.scroll_into_view_if_needed()
    box = where.owner.bounding_box()
    return box["x"], box["y"]


def community_point(where: MapView, pcode: str, fit: bool = True) -> dict:
    """A point well inside community ``pcode`` where a click reaches it (COMMUNITY_POINT_JS), after fitting
    the map to it when ``fit``: ``x``, ``y`` on the page (for ``page.mouse``), the canvas's ``pixel``
    there (RGBA) and the community's ``fill`` colour."""
    dx, dy = frame_offset(where)
    point = _container(where).evaluate(COMMUNITY_POINT_JS, [pcode, fit])
    assert point is not None, f"no point of {pcode} that a click would reach"
    x, y = dx + point["x"], dy + point["y"]
    page = where if isinstance(where, Page) else where.owner.page
    view = page.viewport_size
    assert 0 <= x < view["width"] and 0 <= y < view["height"], f"{pcode}'s point ({x}, {y}) is off the screen"
    return {**point, "x": x, "y": y}


def open_and_wait(visitor: Visitor, url: str, drawn: str, what: str) -> None:
    """Open ``url``, wait for ``drawn`` inside the map and for the app's run; if they never come,
    fail with what the page showed instead (``what``: "the map and its legend")."""
    page = visitor.page
    page.goto(url)
    try:
        page.locator(IFRAME).wait_for(state="visible")
        visitor.map.locator(drawn).first.wait_for(state="attached")
        wait_for_app_run(page)
    except Exception as error:
        seen = page.locator("body").inner_text(timeout=5_000)[:3000]
        raise AssertionError(f"{what} did not appear; the page showed:\n{seen}") from error


# Decode a PNG in the page: its size, how many distinct colours, and whether one colour occurs.
PNG_COLOURS_JS = """
async ([source, wanted]) => {
    const image = new Image();
    image.src = source;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext("2d");
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, image.width, image.height).data;
    const colours = new Set();
    let found = false;
    for (let i = 0; i < data.length; i += 4) {
        colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        found = found || (data[i] === wanted[0] && data[i + 1] === wanted[1] && data[i + 2] === wanted[2]);
    }
    return {width: image.width, height: image.height, colours: colours.size, found: found};
}
"""


# In a map's frame: the units of a coarser level on the home map now (geo.maps.level_layer: raions or
# oblasts), P-code -> fill colour; none at the hromada level.
UNITS_JS = f"""() => {{
    const map = {_THE_MAP}, drawn = {{}};
    if (window.hmLevelUnits) {{
        window.hmLevelUnits.eachLayer((layer) => {{
            if (map.hasLayer(layer)) {{ drawn[layer.feature.properties.pcode] = layer.options.fillColor; }}
        }});
    }}
    return drawn;
}}"""

# In a map's frame: a point inside unit ``pcode`` (its polygon's centre of the points that hit it, as
# Leaflet's canvas tests a click) where the pointer reaches the communities' pane, in client pixels.
UNIT_POINT_JS = f"""(_element, pcode) => {{
    const map = {_THE_MAP};
    let unit = null;
    (window.hmLevelUnits || L.featureGroup()).eachLayer((l) => {{
        if (l.feature.properties.pcode === pcode) {{ unit = l; }}
    }});
    if (!unit || !map.hasLayer(unit)) {{ return null; }}
    const box = map.getContainer().getBoundingClientRect(), size = map.getSize(), good = [];
    for (let cx = 10; cx < size.x - 10; cx += 8) {{
        for (let cy = 10; cy < size.y - 10; cy += 8) {{
            if (!unit._containsPoint(map.containerPointToLayerPoint([cx, cy]))) {{ continue; }}
            // the point and 8 px around it reach the canvas: no marker, label or control sits on it
            const clear = [[0, 0], [8, 0], [-8, 0], [0, 8], [0, -8]].every(([ox, oy]) => {{
                const hit = document.elementFromPoint(box.left + cx + ox, box.top + cy + oy);
                return hit && hit.matches({COMMUNITY_CANVAS!r});
            }});
            if (clear) {{ good.push([cx, cy]); }}
        }}
    }}
    if (!good.length) {{ return null; }}
    const mx = good.reduce((a, p) => a + p[0], 0) / good.length, my = good.reduce((a, p) => a + p[1], 0) / good.length;
    const [x, y] = good.reduce((a, p) => (Math.hypot(p[0] - mx, p[1] - my) < Math.hypot(a[0] - mx, a[1] - my) ? p : a));
    return {{x: box.left + x, y: box.top + y}};
}}"""


def units_on_map(where: MapView) -> dict[str, str]:
    """The raions or oblasts the home map draws now (``?level=``), P-code -> fill colour; {} at the hromada level."""
    return _container(where).evaluate(UNITS_JS)


# In a map's frame: whether the view is fitted to ``bounds`` ([[south, west], [north, east]]) as Leaflet
# fits with ``padding`` pixels: all of them shown, centred inside them, at the closest zoom that shows them,
# waited for as ``expect`` waits (the view moves by an animation).
BOUNDS_IN_VIEW_JS = f"""async (_element, [bounds, padding]) => {{
    const map = {_THE_MAP}, start = performance.now(), wanted = L.latLngBounds(bounds);
    const closest = () => map.getBoundsZoom(wanted, false, L.point(2 * padding, 2 * padding));
    const shown = () => map.getBounds().contains(wanted) && wanted.contains(map.getCenter()) && map.getZoom() === closest();
    while (!shown() && performance.now() - start < {TIMEOUT_MS}) {{
        await new Promise((resolve) => setTimeout(resolve, 100));
    }}
    return shown();
}}"""


def open_expander(where: Page | Locator, label: str) -> None:
    """Open the expander ``label`` and wait until it is open: a click on its summary while another expander
    above it still opens can miss, and a file put into a closed expander's uploader loads unseen."""
    summary = where.locator("details > summary").filter(has_text=label).first
    details = summary.locator("xpath=..")
    for _attempt in range(3):
        if details.get_attribute("open") is None:
            summary.click()
        try:
            expect(details).to_have_attribute("open", "", timeout=5_000)
            return
        except AssertionError:
            continue
    raise AssertionError(f"the expander {label!r} does not open")


def legend_title(metric: str, lang: str, level: str = "hromada") -> str:
    """The map legend's title for ``metric`` at ``level``: "Unmet needs, by hromada"."""
    _ = gettext_for(lang)
    return _(BY_LEVEL[level]).format(metric=_(METRICS[metric][0]))


def fitted_to(where: MapView, bounds: list[list[float]], padding: int) -> bool:
    """Whether the map's view (once it has moved) is fitted to ``bounds``: all shown, centred, zoomed in as far as
    ``padding`` pixels around them allow."""
    return _container(where).evaluate(BOUNDS_IN_VIEW_JS, [bounds, padding])


def unit_point(where: MapView, pcode: str) -> dict:
    """A point inside unit ``pcode`` on the page (for ``page.mouse``) where a click reaches it."""
    dx, dy = frame_offset(where)
    point, before = None, object()
    for _attempt in range(20):  # until the map has stopped moving (a zoom's animation moves the markers)
        point = _container(where).evaluate(UNIT_POINT_JS, pcode)
        if point == before:
            break
        before = point
        time.sleep(0.25)
    assert point is not None, f"no point of {pcode} that a click would reach"
    return {"x": dx + point["x"], "y": dy + point["y"]}
