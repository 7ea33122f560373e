"""What one server holds: N visitors open the home map at the same moment, for N = 1, 2, 4, 8, 12, 16, ...

Starts ``streamlit run app.py`` on the national set (generated as ``bench_national.py`` does), on
``--data`` files or on the demo data (``--demo``), pays the first visit (it loads the data and
fills the caches, once per server), then for each N measures two kinds of visitors:

- **browsers**: N fresh contexts of one headless Chromium (Debian's) navigate at once; for each,
  the seconds until its map is drawn (every community, and the needs on it) and until the server's
  answer had arrived (the run's ``script_finished`` message on the websocket);
- **server only**: N websocket clients that speak Streamlit's protocol, ask for the same page and
  draw nothing; for each, the seconds until the run's ``script_finished``.

After each step it reads the server's resident memory with the N sessions still connected, its
peak, and the CPU seconds that the server and the visitors spent. Each kind stops after its first
step in which a visitor waited more than ``--goal`` seconds (``--all-steps``: every step). Then,
on a fresh server, it opens as many sessions as the largest step one after another and reads the
memory after each: the slope is the memory per extra session. The last line is one JSON object.

Why both: the machine that runs this has two cores and they draw the maps too; drawing the
national map costs Chromium several times the CPU that the server spends on the visit, so with
browsers on the same machine the browsers are the bottleneck and the figure says little about the
server. A deployment's visitors draw on their own phones: the server-only figures are what one
server holds; the browser figures are the pessimistic end-to-end bound on this machine. The
browsers are contexts of one Chromium, not N Chromiums: each context has its own renderer
processes, so pages still parse and draw in parallel, without N browser and GPU processes that
would only take more of the two cores. The server-only clients do not fetch the app's static files
(a reverse proxy can cache them); the browsers do.

``--replicas 2`` starts two servers and spreads the visitors over them in turn, as a reverse proxy
would: one Streamlit process runs its sessions' scripts one at a time (Python's GIL), so a second
process is what puts a second core to work. Memory and CPU are then summed over the replicas.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_national import (  # noqa: E402
    CHROMIUM_ARGS,
    COMMUNITY_CANVAS,
    IFRAME,
    MAP_DRAWN_JS,
    chromium_path,
    cpu_seconds,
    feature_count,
    memory_mb,
    national_files,
    serve_app,
)
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from geo.ingest.loaders import KINDS, default_sources  # noqa: E402

STEPS = (1, 2, 4, 8, 12, 16, 24, 32)
GOAL_S = 5.0
TIMEOUT_S = 90  # a visitor who waits longer has failed anyway
SMALL_FRAME = 512  # bytes: a script_finished message is a few bytes; the map's delta is a megabyte
QUERY = "lang=en"


@dataclass
class Visit:
    """One visitor's waits, in seconds from the moment all N navigations started (None: never)."""

    served: float | None = None
    drawn: float | None = None
    error: str = ""


@dataclass
class Step:
    kind: str  # "browser" or "server"
    sessions: int
    visits: list[Visit] = field(default_factory=list)
    rss_mb: int = 0
    hwm_mb: int = 0
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    busy_cores: float = 0.0  # the whole machine's CPU use during the step, other users' included
    wall_s: float = 0.0

    @property
    def waited_for(self) -> str:
        return "drawn" if self.kind == "browser" else "served"

    def within(self, goal: float, what: str | None = None) -> int:
        what = what or self.waited_for
        return sum(1 for v in self.visits if getattr(v, what) is not None and getattr(v, what) <= goal)

    def held(self, goal: float) -> bool:
        return self.within(goal) == self.sessions

    def percentile(self, what: str, q: float) -> float | None:
        """Over the visitors who got there; ``never`` in the row counts the others."""
        values = [getattr(v, what) for v in self.visits if getattr(v, what) is not None]
        return round(float(np.percentile(values, q)), 2) if values else None

    def row(self, goal: float) -> dict:
        row = {"sessions": self.sessions, "within_goal": self.within(goal)}
        row["never"] = sum(1 for v in self.visits if getattr(v, self.waited_for) is None)
        for what in ("drawn", "served") if self.kind == "browser" else ("served",):
            row[f"{what}_p50_s"], row[f"{what}_max_s"] = self.percentile(what, 50), self.percentile(what, 100)
        row.update(
            rss_mb=self.rss_mb,
            hwm_mb=self.hwm_mb,
            server_cpu_s=round(self.server_cpu_s, 1),
            client_cpu_s=round(self.client_cpu_s, 1),
            busy_cores=round(self.busy_cores, 2),
            wall_s=round(self.wall_s, 1),
            errors=sorted({v.error for v in self.visits if v.error}),
        )
        return row


# ---------------------------------------------------------------------------------------------
# Who spends the CPU: the server, and this script with its descendants (Playwright's driver, Chromium)


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # the process ended while we looked
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def client_cpu(servers: list[int]) -> dict[int, float]:
    """CPU seconds of this script and every live descendant except the servers: the visitors' side."""
    tree, seen, todo = _children(), {}, [os.getpid()]
    while todo:
        pid = todo.pop()
        if pid in servers:
            continue
        try:
            seen[pid] = cpu_seconds(pid)
        except OSError:
            continue
        todo.extend(tree.get(pid, []))
    return seen


def machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


class Meter:
    """The CPU and memory of one step: start it just before the visitors go, read it once they are served."""

    def __init__(self, servers: list[int]) -> None:
        self.servers = servers
        self.server, self.client, self.busy = self.server_cpu(), client_cpu(servers), machine_busy()
        self.start = time.perf_counter()

    def server_cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.servers)

    def read(self, step: Step) -> None:
        """Memory is summed over the replicas (peaks too, though they need not have come at once)."""
        step.wall_s = time.perf_counter() - self.start
        busy, client = machine_busy(), client_cpu(self.servers)
        step.server_cpu_s = self.server_cpu() - self.server
        step.client_cpu_s = sum(cpu - self.client.get(pid, 0.0) for pid, cpu in client.items())
        step.busy_cores = (busy[0] - self.busy[0]) / max(busy[1] - self.busy[1], 1) * (os.cpu_count() or 1)
        step.rss_mb = sum(memory_mb(pid) for pid in self.servers)
        step.hwm_mb = sum(memory_mb(pid, "VmHWM") for pid in self.servers)


def finished(payload: str | bytes) -> bool:
    """Is this websocket message the server's ``script_finished``? (Only small ones are parsed.)"""
    return (
        isinstance(payload, bytes)
        and len(payload) < SMALL_FRAME
        and ForwardMsg.FromString(payload).WhichOneof("type") == "script_finished"
    )


# ---------------------------------------------------------------------------------------------
# Visitors in Chromium


async def browser_visit(page, url: str, communities: int, start: float, record: Visit) -> None:
    """Navigate and wait for the map drawn; ``listen`` fills in ``served``."""
    timeout = TIMEOUT_S * 1000
    try:
        await page.goto(f"{url}?{QUERY}", wait_until="commit", timeout=timeout)
        paths = page.frame_locator(IFRAME).locator(COMMUNITY_CANVAS)
        await paths.first.wait_for(state="attached", timeout=timeout)
        frame = await (await page.locator(IFRAME).element_handle(timeout=timeout)).content_frame()
        await frame.wait_for_function(MAP_DRAWN_JS, arg=communities, polling="raf", timeout=timeout)
        record.drawn = time.perf_counter() - start
        # Connected and idle: the session is all there when the memory is read.
        await page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=timeout)
    except Exception as error:  # noqa: BLE001 - a visitor who never got the map is a result, not a crash
        record.error = f"{type(error).__name__}: {str(error).splitlines()[0][:160]}"


def listen(page, record: Visit, start: list[float]) -> None:
    """Note when the server's run for this visitor had reached the browser."""

    def on_frame(payload: str | bytes) -> None:
        if record.served is None and finished(payload):
            record.served = time.perf_counter() - start[0]

    page.on("websocket", lambda socket: socket.on("framereceived", on_frame))


async def browser_step(browser, urls: list[str], communities: int, n: int, servers: list[int]) -> Step:
    """N visitors in Chromium at once, spread over the replicas in turn (as a balancer would)."""
    result = Step("browser", n, [Visit() for _ in range(n)])
    contexts = [await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB") for _ in range(n)]
    pages = [await context.new_page() for context in contexts]
    start = [0.0]
    for page, record in zip(pages, result.visits, strict=True):
        listen(page, record, start)
    meter = Meter(servers)
    start[0] = meter.start
    await asyncio.gather(
        *(
            browser_visit(page, urls[i % len(urls)], communities, meter.start, record)
            for i, (page, record) in enumerate(zip(pages, result.visits, strict=True))
        )
    )
    meter.read(result)
    for context in contexts:
        await context.close()
    return result


# ---------------------------------------------------------------------------------------------
# Visitors that speak Streamlit's protocol and draw nothing


def first_request(url: str) -> bytes:
    """What a browser sends first on the websocket (recorded from Chromium): run the page for this address."""
    message = BackMsg()
    state = message.rerun_script
    state.query_string = QUERY
    state.widget_states.SetInParent()
    state.context_info.timezone = "Europe/Kyiv"
    state.context_info.locale = "en-GB"
    state.context_info.url = url
    return message.SerializeToString()


async def server_visit(url: str, start: float, record: Visit, done: asyncio.Event, connected: list) -> None:
    """Open a session, ask for the home page, note when its run is finished; stay connected until ``done``."""
    try:
        async with asyncio.timeout(TIMEOUT_S):
            async with connect(url.replace("http", "ws", 1) + "_stcore/stream", max_size=256 << 20) as socket:
                connected.append(socket)
                await socket.send(first_request(url))
                while not finished(await socket.recv()):
                    pass
                record.served = time.perf_counter() - start
        await done.wait()
    except Exception as error:  # noqa: BLE001 - a visitor who never got the map is a result, not a crash
        record.error = f"{type(error).__name__}: {str(error).splitlines()[0][:160] if str(error) else ''}"


async def server_step(urls: list[str], n: int, servers: list[int]) -> Step:
    """N protocol clients at once, spread over the replicas in turn."""
    result = Step("server", n, [Visit() for _ in range(n)])
    done, connected = asyncio.Event(), []
    meter = Meter(servers)
    tasks = [
        asyncio.create_task(server_visit(urls[i % len(urls)], meter.start, record, done, connected))
        for i, record in enumerate(result.visits)
    ]
    while not all(r.served is not None or r.error for r in result.visits):
        await asyncio.sleep(0.05)  # polling our own records, not waiting for the server
    meter.read(result)  # every session still connected
    done.set()
    await asyncio.gather(*tasks)
    return result


async def memory_per_session(paths: dict[str, Path] | None, sessions: int) -> dict:
    """On a fresh server: one visit to fill the caches, then ``sessions`` visitors one after another, each
    staying connected; the resident memory after each. The slope is the memory one more session costs.

    A fresh server, because Streamlit keeps a disconnected session for two minutes
    (``server.disconnectedSessionTTL``), so the timed steps before would still weigh in.
    """
    with serve_app(paths) as (url, pid):
        done, connected, tasks = asyncio.Event(), [], []
        first = Visit()
        tasks.append(asyncio.create_task(server_visit(url, time.perf_counter(), first, done, connected)))
        rss = []
        for record in [first, *(Visit() for _ in range(sessions))]:
            if record is not first:
                tasks.append(asyncio.create_task(server_visit(url, time.perf_counter(), record, done, connected)))
            while record.served is None and not record.error:
                await asyncio.sleep(0.05)  # polling our own record, not waiting for the server
            rss.append(memory_mb(pid))
        done.set()
        await asyncio.gather(*tasks)
    counts = list(range(len(rss)))  # sessions connected after the first (which filled the caches)
    return {
        "rss_mb_by_sessions": rss,
        "mb_per_session": round(float(np.polyfit(counts[1:], rss[1:], 1)[0]), 1) if len(rss) > 2 else None,
    }


# ---------------------------------------------------------------------------------------------
# The run


async def measure(
    paths: dict[str, Path] | None, steps: tuple[int, ...], goal: float, all_steps: bool, replicas: int = 1
) -> dict:
    from playwright.async_api import async_playwright

    chromium = chromium_path()
    if chromium is None:
        raise SystemExit("chromium not found: apt-get install chromium, or set CHROMIUM")
    communities = feature_count((paths or {}).get("communities") or default_sources(ROOT / "data", {})["communities"])
    figures: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
    figures["load_average_before"] = [round(v, 1) for v in os.getloadavg()]
    done: dict[str, list[Step]] = {"browser": [], "server": []}
    with ExitStack() as stack:
        urls, pids = zip(*(stack.enter_context(serve_app(paths)) for _ in range(replicas)), strict=True)
        urls, pids = list(urls), list(pids)
        figures["replicas"] = replicas
        figures["idle_rss_mb"] = sum(memory_mb(pid) for pid in pids)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                # The first visit loads the data and fills the caches: each replica pays it once.
                first = await browser_step(browser, urls, communities, replicas, pids)
                figures["first_visit"] = first.row(goal)
                print(f"first visit after the start (cold caches): {json.dumps(figures['first_visit'])}", flush=True)
                for n in steps:
                    for kind in ("browser", "server"):
                        if not all_steps and any(not s.held(goal) for s in done[kind]):
                            continue
                        if kind == "browser":
                            result = await browser_step(browser, urls, communities, n, pids)
                        else:
                            result = await server_step(urls, n, pids)
                        done[kind].append(result)
                        print(f"{kind}: {json.dumps(result.row(goal))}", flush=True)
            finally:
                await browser.close()
    figures["goal_s"] = goal
    for kind, label in (("browser", "browser"), ("server", "server_only")):
        figures[f"{label}_steps"] = [s.row(goal) for s in done[kind]]
        figures[f"{label}_sessions_within_goal"] = max((s.sessions for s in done[kind] if s.held(goal)), default=0)
        visits = sum(s.sessions for s in done[kind]) or 1
        figures[f"{label}_server_cpu_s_per_visit"] = round(sum(s.server_cpu_s for s in done[kind]) / visits, 2)
        figures[f"{label}_client_cpu_s_per_visit"] = round(sum(s.client_cpu_s for s in done[kind]) / visits, 2)
    figures["memory"] = await memory_per_session(paths, max(steps))
    figures["load_average_after"] = [round(v, 1) for v in os.getloadavg()]
    return figures


COLUMNS = (
    ("N", "sessions"),
    ("<=goal", "within_goal"),
    ("never", "never"),
    ("drawn p50", "drawn_p50_s"),
    ("drawn max", "drawn_max_s"),
    ("served p50", "served_p50_s"),
    ("served max", "served_max_s"),
    ("RSS MB", "rss_mb"),
    ("peak MB", "hwm_mb"),
    ("server CPU s", "server_cpu_s"),
    ("client CPU s", "client_cpu_s"),
    ("busy cores", "busy_cores"),
)


def table(rows: list[dict], columns: tuple[tuple[str, str], ...] = COLUMNS) -> str:
    """``rows`` as aligned text, with the ``columns`` (title, key) that any row has."""
    columns = [(title, key) for title, key in columns if any(key in row for row in rows)]
    cells = [[title for title, _key in columns]]
    cells += [["-" if row.get(key) is None else str(row[key]) for _title, key in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(line, widths, strict=True)) for line in cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--demo", action="store_true", help="serve the demo data in data/")
    source.add_argument("--data", action="append", metavar="KIND=PATH", help=f"a data file, KIND one of {', '.join(KINDS)}")
    parser.add_argument("--needs", type=int, default=100_000, help="needs in the generated national set")
    parser.add_argument("--steps", default=",".join(map(str, STEPS)), help="numbers of visitors at once, in order")
    parser.add_argument("--goal", type=float, default=GOAL_S, help="seconds a visitor may wait for the map")
    parser.add_argument("--all-steps", action="store_true", help="do not stop at the first step that misses the goal")
    parser.add_argument("--replicas", type=int, default=1, help="servers on this machine, visitors spread over them")
    args = parser.parse_args()
    steps = tuple(int(n) for n in args.steps.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        if args.demo:
            paths, data = None, "demo data (data/)"
        elif args.data:
            paths = {kind: Path(path) for kind, path in (item.split("=", 1) for item in args.data)}
            if unknown := set(paths) - set(KINDS):
                parser.error(f"unknown kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
            data = ", ".join(f"{kind}={path}" for kind, path in paths.items())
        else:
            paths = national_files(Path(tmp), args.needs, 1000, 20_000)
            data = f"national set: 1,769 communities, {args.needs:,} needs, 1,000 hubs, 20,000 IDP rows"
        figures = asyncio.run(measure(paths, steps, args.goal, args.all_steps, args.replicas))
    figures["data"] = data
    print(f"\n{data}; {figures['replicas']} server(s); {figures['machine']}")
    print(
        f"load average before {figures['load_average_before']}, after {figures['load_average_after']}; "
        f"the first visit after the start: {figures['first_visit']['drawn_max_s']} s"
    )
    for label, title in (("browser", "In Chromium on this machine (drawn: the map drawn)"), ("server_only", "Server only")):
        print(f"\n{title}:\n{table(figures[f'{label}_steps'])}")
        print(
            f"all within {args.goal:g} s up to {figures[f'{label}_sessions_within_goal']} sessions at once; "
            "server CPU per visit "
            f"{figures[f'{label}_server_cpu_s_per_visit']} s, visitors' CPU {figures[f'{label}_client_cpu_s_per_visit']} s"
        )
    memory = figures["memory"]
    print(
        f"\nMemory (a fresh server, sessions opened one after another and left connected): "
        f"{memory['mb_per_session']} MB per extra session; RSS in MB after the first visit, then after each "
        f"of {len(memory['rss_mb_by_sessions']) - 1} more: {memory['rss_mb_by_sessions']}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
