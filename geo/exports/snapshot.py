"""Pictures for slides: an HTML page (the standalone map, the tour summary) as PNG or PDF.

A headless Chromium draws the page exactly as a browser would; Playwright drives it, with the
server's own Chromium (Debian's ``chromium`` package, or the binary ``$CHROMIUM`` names), never
one that Playwright downloads. Chromium resolves no host but localhost, so a page that tries to
reach the internet fails to, instead of hanging on a hall's missing network.

Playwright's sync API refuses to run where an asyncio loop is running (and inside another sync
Playwright session in the same thread), so every render runs in a worker thread of its own; it
is safe to call from a Streamlit script.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from geo.text.i18n import N_, gettext_for

CHROMIUM_NAMES = ("chromium", "chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Every host but localhost fails to resolve: nothing can reach the internet.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
TIMEOUT_S = 60  # 1,768 community polygons on two shared cores take a few seconds; a hang does not
A4_LANDSCAPE_PX = (1123, 794)  # 297 x 210 mm at CSS's 96 px per inch: the page lays out as it prints

# Leaflet has drawn something: a vector path or canvas in any pane, a marker, or a loaded tile.
DRAWN_JS = """
() => document.readyState === "complete" && !!document.querySelector(
    ".leaflet-map-pane path, .leaflet-map-pane canvas, .leaflet-marker-pane > *, .leaflet-tile-loaded")
"""
# Two animation frames: what Leaflet queued while drawing is on screen too.
SETTLED_JS = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"

NO_CHROMIUM = N_(
    "Pictures of the map need the Chromium browser on the server. Install Debian's chromium package "
    "(apt-get install chromium), or set the CHROMIUM environment variable to a Chromium program."
)
BAD_CHROMIUM = N_(
    "The CHROMIUM environment variable names {path}, which is not a program that can run. "
    "Point it at a Chromium program, or remove it to use Debian's chromium package."
)
NO_PLAYWRIGHT = N_("Pictures of the map need the Python package playwright (pip install playwright).")
NOT_STARTED = N_("Chromium ({path}) did not start: {error}")
NOT_DRAWN = N_("Chromium did not finish drawing the page within {seconds} seconds.")


class SnapshotUnavailable(RuntimeError):
    """No picture can be made on this server; ``describe(lang)`` says why and what to install."""

    def __init__(self, message_id: str, **values: object) -> None:
        self.message_id = message_id
        self.values = values
        super().__init__(self.describe("en"))

    def describe(self, lang: str) -> str:
        return gettext_for(lang)(self.message_id).format(**self.values)


def chromium_path() -> str | None:
    """The Chromium to use: ``$CHROMIUM`` if set (and only it), else ``chromium``/``chromium-browser`` on PATH."""
    wanted = os.environ.get("CHROMIUM")
    if wanted:
        return wanted if os.path.isfile(wanted) and os.access(wanted, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _executable() -> str:
    executable = chromium_path()
    if executable is None:
        wanted = os.environ.get("CHROMIUM")
        raise SnapshotUnavailable(BAD_CHROMIUM, path=wanted) if wanted else SnapshotUnavailable(NO_CHROMIUM)
    return executable


def _render(html: str, width: int, height: int, take: Callable) -> bytes:
    """Open ``html`` in headless Chromium at width x height, wait until it has drawn, return ``take(page)``."""
    executable = _executable()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import TimeoutError as PlaywrightTimeout
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise SnapshotUnavailable(NO_PLAYWRIGHT) from error

    def work() -> bytes:
        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(
                    executable_path=executable, args=CHROMIUM_ARGS, timeout=TIMEOUT_S * 1000
                )
            except PlaywrightError as error:
                first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
                raise SnapshotUnavailable(NOT_STARTED, path=executable, error=first_line) from error
            try:
                context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
                context.set_default_timeout(TIMEOUT_S * 1000)
                page = context.new_page()
                try:
                    page.set_content(html, wait_until="load")
                    if page.locator(".leaflet-container").count():
                        page.wait_for_function(DRAWN_JS)
                    page.evaluate(SETTLED_JS)
                except PlaywrightTimeout as error:
                    raise SnapshotUnavailable(NOT_DRAWN, seconds=TIMEOUT_S) from error
                return take(page)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="snapshot") as pool:
        return pool.submit(work).result()


def render_png(html: str, width: int = 1920, height: int = 1080) -> bytes:
    """The page as a PNG of exactly width x height pixels (projector resolution by default).

    Waits until Leaflet has drawn when the page holds a map. Raises ``SnapshotUnavailable`` when
    Chromium or Playwright is missing or the page does not draw in time.
    """
    return _render(html, width, height, lambda page: page.screenshot(type="png", full_page=False))


def render_pdf(html: str) -> bytes:
    """The page as a PDF on A4 landscape (the page's own ``@page`` size wins if it sets one).

    The page is laid out at A4's width before printing, so a map fills the sheet as it does a window.
    """
    width, height = A4_LANDSCAPE_PX
    return _render(
        html,
        width,
        height,
        lambda page: page.pdf(format="A4", landscape=True, print_background=True, prefer_css_page_size=True),
    )
