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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import Browser, BrowserContext, FrameLocator, Page, expect, sync_playwright

from geo.exports.snapshot import CHROMIUM_ARGS, chromium_path  # one set of flags: the tests and the PNG export
from geo.ingest.loaders import ENV_VARS

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_MS = 30_000  # CI has two cores; Streamlit, Leaflet and 1,767 polygons share them.
SERVER_START_S = 90
# As in Streamlit's e2e suite; no file watcher, since the code under test does not change mid-run.
SERVER_FLAGS = ["--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
IFRAME = 'iframe[data-testid="stCustomComponentV1"]'
COMMUNITY_PATHS = ".leaflet-communities-pane path.leaflet-interactive"
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
