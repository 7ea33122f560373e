"""Two replicas of the app behind Debian's nginx, as ``make serve REPLICAS=2`` runs them (scripts/serve.py).

One ``scripts/serve.py --replicas 2`` for the module: two ``streamlit run app.py`` on the demo data and
nginx in front of them, on free ports. Headless Chromium visits the proxy only. Which replica answered a
request is in nginx's ``X-Upstream`` header (also on the websocket's 101, read through the DevTools
protocol); which replica a sticky key goes to is asked of the proxy itself (``Proxy.upstream_of``), so
the test picks one visitor for each replica without guessing nginx's hash.

The tests run in this order and share the proxy: the last kills a replica, and the very last stops it
all. Without nginx they are skipped locally and fail under CI (``CI`` set), as the browser tests do.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.request import Request, urlopen
from zoneinfo import ZoneInfo

import pytest
from browser_support import COMMUNITY_CANVAS, Visitor, expect_communities, open_and_wait, visitors, wait_for_app_run
from playwright.sync_api import Browser, Response, expect

from geo.figures.filter_params import choices_of, parse_params
from geo.figures.filters import apply
from geo.figures.needs_view import prepare_needs
from geo.ingest.reading import MAX_BYTES
from geo.text.i18n import gettext_for

ROOT = Path(__file__).resolve().parents[2]
DEMO_COMMUNITIES = len(json.loads((ROOT / "data" / "communities.geojson").read_text(encoding="utf-8"))["features"])
COOKIE = "hromada_replica"
START_S = 180  # two replicas and nginx on a busy 2-core machine
_ = gettext_for("en")


def load_serve():
    spec = importlib.util.spec_from_file_location("hromada_serve", ROOT / "scripts" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


serve = load_serve()


def require_nginx() -> str:
    """Debian's nginx (or $NGINX): skipped locally without it, a failure under CI (never a skip)."""
    nginx = serve.find_nginx()
    if nginx is None:
        message = "nginx not found: sh scripts/ensure_nginx.sh (apt-get install nginx-light), or set NGINX"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{message} (CI must never skip the proxy tests)", pytrace=False)
        pytest.skip(message)
    return nginx


def served_by(header: str | None) -> str | None:
    """The replica that answered, from X-Upstream: nginx lists every one it tried, the last answered."""
    return header.split(",")[-1].strip() if header else None


@dataclass
class Proxy:
    proc: subprocess.Popen
    state_file: Path
    log: Path

    def state(self) -> dict:
        return json.loads(self.state_file.read_text(encoding="utf-8"))

    @property
    def url(self) -> str:
        return self.state()["url"]

    def address(self, number: int) -> str:
        return f"127.0.0.1:{self.state()['replicas'][number - 1]['port']}"

    def upstream_of(self, key: str) -> str:
        """The replica that answers a request carrying the sticky cookie ``key``."""
        request = Request(self.url + "_stcore/health", headers={"Cookie": f"{COOKIE}={key}"})
        with urlopen(request, timeout=10) as response:
            assert response.read() == b"ok"
            return served_by(response.headers["X-Upstream"])

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def proxy(tmp_path_factory) -> Iterator[Proxy]:
    nginx = require_nginx()
    folder = tmp_path_factory.mktemp("serve")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HROMADA_")}  # the demo data
    env["NGINX"] = nginx
    log = folder / "serve.log"
    command = [sys.executable, str(ROOT / "scripts" / "serve.py"), "--replicas", "2", "--port", "0"]
    command += ["--dir", str(folder / "run"), "--state", str(folder / "state.json")]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    running = Proxy(proc, folder / "state.json", log)
    deadline = time.monotonic() + START_S
    while not (running.state_file.exists() and running.state()["ready"]):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"scripts/serve.py did not get ready; its output:\n{running.output()}")
        time.sleep(0.25)
    try:
        yield running
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=60)


@pytest.fixture(scope="module")
def keys(proxy) -> dict[int, str]:
    """The sticky cookie of each replica: "1" and "2", each answered by its replica."""
    found = {number: str(number) for number in (1, 2)}
    for number, key in found.items():
        assert proxy.upstream_of(key) == proxy.address(number)
    return found


@dataclass
class Traced:
    """A visitor and, for each response it got through the proxy, the replica that sent it."""

    visitor: Visitor
    upstreams: list[str] = field(default_factory=list)  # in order; the websocket's handshake included
    sockets: list[str] = field(default_factory=list)  # the websockets the page opened
    socket_upstreams: list[str] = field(default_factory=list)  # the replica that answered each websocket's handshake

    @property
    def page(self):
        return self.visitor.page

    @property
    def map(self):
        return self.visitor.map


def traced(new, proxy: Proxy, key: str | None = None) -> Traced:
    """A new visitor (its own context) whose responses are traced; with ``key``, it already holds that sticky cookie."""
    visitor = new()
    context = visitor.page.context
    if key is not None:
        context.add_cookies([{"name": COOKIE, "value": key, "url": proxy.url}])
    seen = Traced(visitor)

    def on_response(response: Response) -> None:
        if response.url.startswith(proxy.url):
            seen.upstreams.append(served_by(response.headers.get("x-upstream")))

    visitor.page.on("response", on_response)
    visitor.page.on("websocket", lambda ws: seen.sockets.append(ws.url))
    devtools = context.new_cdp_session(visitor.page)  # the 101's headers: Playwright's websocket has none

    def on_handshake(event: dict) -> None:
        headers = {name.lower(): value for name, value in event["response"]["headers"].items()}
        seen.upstreams.append(served_by(headers.get("x-upstream")))
        seen.socket_upstreams.append(served_by(headers.get("x-upstream")))

    devtools.on("Network.webSocketHandshakeResponseReceived", on_handshake)
    devtools.send("Network.enable")
    return seen


def open_map(seen: Traced, url: str) -> None:
    open_and_wait(seen.visitor, url, COMMUNITY_CANVAS, "the map through the proxy")
    expect_communities(seen.map, DEMO_COMMUNITIES)


def test_the_proxy_allows_the_apps_upload_limit_and_nginx_accepts_the_config(tmp_path):
    """A file at the app's limit reaches the app (which then names the limit), not nginx's bare 413."""
    nginx = require_nginx()
    limit = serve.upload_limit_mb()
    assert limit * 2**20 == MAX_BYTES
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / "tmp" / sub).mkdir(parents=True)
    config = serve.render_config(tmp_path, f"127.0.0.1:{serve.free_port()}", [8601, 8602], limit)
    assert re.search(rf"client_max_body_size {limit + serve.ENVELOPE_MB}m;", config)
    # New visitors to either replica; a visitor of replica 1 to replica 1, or to replica 2 when it is down.
    assert re.search(r"upstream hromada \{[^}]*:8601 max_fails[^}]*:8602 max_fails", config)
    assert re.search(r"upstream hromada_1 \{[^}]*:8601 max_fails[^}]*:8602 backup;", config)
    assert re.search(r"upstream hromada_2 \{[^}]*:8602 max_fails[^}]*:8601 backup;", config)
    (tmp_path / "nginx.conf").write_text(config)
    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


@pytest.mark.browser
def test_a_new_visitor_gets_a_cookie_and_stays_on_one_replica(browser: Browser, proxy):
    """The first answer gives the visitor the proxy's cookie, which names the replica that answered; everything
    after it, the websocket too, comes from that replica, and the page connects through the proxy."""
    with visitors(browser) as new:
        seen = traced(new, proxy)
        open_map(seen, proxy.url + "?lang=en")
        cookies = {c["name"]: c["value"] for c in seen.page.context.cookies()}
        assert COOKIE in cookies
        home = proxy.upstream_of(cookies[COOKIE])
        assert set(seen.upstreams[1:]) == {home}, seen.upstreams
        assert seen.socket_upstreams == [home]  # the first went by address: it had no cookie yet
        port = re.escape(proxy.url.split(":")[-1].rstrip("/"))
        assert seen.sockets and all(re.match(rf"ws://127\.0\.0\.1:{port}/_stcore/stream", url) for url in seen.sockets)
        assert seen.visitor.external == []


@pytest.mark.browser
def test_each_replica_gets_visitors_and_draws_the_map(browser: Browser, proxy, keys):
    """One visitor for each replica: both get the whole map, each from its own replica only."""
    with visitors(browser) as new:
        for number, key in keys.items():
            seen = traced(new, proxy, key)
            open_map(seen, proxy.url + "?lang=en")
            assert set(seen.upstreams) == {proxy.address(number)}, (number, seen.upstreams)


def three_needs() -> str:
    """The first three needs of the demo data, as a file of one's own."""
    rows = list(csv.reader(io.StringIO((ROOT / "data" / "needs.csv").read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows[:4])
    return out.getvalue()


def needs_registered(page) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=_("Needs registered"))
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


@pytest.mark.browser
def test_an_upload_reaches_the_replica_of_the_session_and_loads(browser: Browser, proxy, keys, tmp_path):
    """A needs file uploaded through the proxy goes to the replica holding the session, and the page shows it."""
    upload = tmp_path / "my_needs.csv"
    upload.write_text(three_needs(), encoding="utf-8")
    with visitors(browser) as new:
        seen = traced(new, proxy, keys[2])
        page = seen.page
        open_map(seen, proxy.url + "?lang=en")
        assert needs_registered(page) == "725"
        page.get_by_text(_("Your files"), exact=True).click()
        with page.expect_response(lambda r: "/_stcore/upload_file/" in r.url and r.request.method != "OPTIONS") as sent:
            page.locator(".st-key-upload_needs input[type=file]").set_input_files(str(upload))
        assert sent.value.ok, sent.value.status
        assert served_by(sent.value.headers.get("x-upstream")) == proxy.address(2)
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_text(_("{file} is loaded.").format(file=upload.name))).to_be_visible()
        wait_for_app_run(page)
        registered = page.locator('[data-testid="stMetric"]').filter(has_text=_("Needs registered"))
        expect(registered.locator('[data-testid="stMetricValue"]')).to_have_text("3")
        assert set(seen.upstreams) == {proxy.address(2)}


def refused(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return False
    except OSError:
        return True


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s"
        time.sleep(0.2)


@pytest.mark.browser
def test_a_killed_replica_leaves_its_visitors_to_the_other_and_comes_back(browser: Browser, proxy, keys, demo):
    """Replica 1 is killed: its visitor's page reconnects to replica 2 and draws the map again, a new
    visitor of replica 1 gets the map from replica 2, a visitor of replica 2 keeps their session (a
    filter still applies, on the same websocket), and serve.py starts replica 1 again, which then gets
    new visitors of replica 1 back."""
    first, second = proxy.address(1), proxy.address(2)
    first_port = proxy.state()["replicas"][0]["port"]
    link = "needs?lang=en&status=all"
    filters, notes = parse_params(
        {"status": ["all"], "verified": ["yes"]}, choices_of(demo.communities, demo.needs, demo.hubs)
    )
    assert notes == []
    verified = len(apply(prepare_needs(demo, internal=False), filters, datetime.now(ZoneInfo("Europe/Kyiv")).date()))
    with visitors(browser) as new:
        survivor = traced(new, proxy, keys[2])
        open_and_wait(survivor.visitor, proxy.url + link, COMMUNITY_CANVAS, "the Needs page's map")
        assert len(survivor.sockets) == 1

        stranded = traced(new, proxy, keys[1])
        open_map(stranded, proxy.url + "?lang=en")

        with stranded.page.expect_event("websocket") as reconnected:  # its websocket drops, the browser reconnects
            os.kill(proxy.state()["replicas"][0]["pid"], signal.SIGKILL)
        wait_until(lambda: refused(first_port), 30, "replica 1 still listens after SIGKILL")
        assert proxy.upstream_of(keys[1]) == second  # nginx tried replica 1, then replica 2 answered

        newcomer = traced(new, proxy, keys[1])
        open_map(newcomer, proxy.url + "?lang=en")
        assert newcomer.upstreams[0] == second and newcomer.socket_upstreams == [second], newcomer.upstreams
        # The proxy moved the visitor's cookie to the replica that now holds the session: it stays there.
        assert {c["name"]: c["value"] for c in newcomer.page.context.cookies()}[COOKIE] == keys[2]

        # The visitor of the dead replica: a new session on replica 2, drawn again from the page's address.
        assert reconnected.value.url.startswith(proxy.url.replace("http:", "ws:"))
        wait_for_app_run(stranded.page)
        expect_communities(stranded.map, DEMO_COMMUNITIES)
        assert stranded.socket_upstreams == [first, second], stranded.socket_upstreams
        assert {c["name"]: c["value"] for c in stranded.page.context.cookies()}[COOKIE] == keys[2]

        figure = survivor.page.locator('[data-testid="stMetric"]').filter(
            has=survivor.page.get_by_text(_("Needs listed"), exact=True)
        )
        survivor.page.locator(".st-key-needs_verified button").filter(has_text=re.compile(r"^\s*verified\s*$")).click()
        expect(survivor.page).to_have_url(re.compile(r"[?&]verified=yes(&|$)"))
        wait_for_app_run(survivor.page)
        expect(figure.locator('[data-testid="stMetricValue"]')).to_have_text(f"{verified:,}")
        assert len(survivor.sockets) == 1  # the same session: its websocket never dropped
        assert set(survivor.upstreams) == {second}

    # serve.py saw it die and started it again on its port; once nginx tries it again, its visitors return.
    wait_until(
        lambda: proxy.state()["replicas"][0]["restarts"] == 1 and proxy.state()["replicas"][0]["up"], 120, "no restart"
    )
    assert f"replica 1 (127.0.0.1:{first_port}) exited with code -9: starting it again" in proxy.output()
    assert proxy.state()["replicas"][1]["restarts"] == 0
    wait_until(lambda: proxy.upstream_of(keys[1]) == first, 60, "replica 1 did not get its visitors back")


def test_sigterm_stops_nginx_and_every_replica(proxy):
    """``make serve``'s Ctrl-C or a SIGTERM: nginx and the replicas stop, the port is free, the files are gone."""
    state = proxy.state()
    port = int(state["url"].rstrip("/").rsplit(":", 1)[1])
    pids = [state["nginx_pid"], *(r["pid"] for r in state["replicas"])]
    proxy.proc.send_signal(signal.SIGTERM)
    assert proxy.proc.wait(timeout=60) == 0, proxy.output()
    assert "SIGTERM: stopping nginx and the replicas" in proxy.output()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert refused(port) and all(refused(r["port"]) for r in state["replicas"])
    assert not proxy.state_file.exists()
