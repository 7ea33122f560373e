"""Under load: 20 visitors open the home map and 20 the Needs page at the same moment, first on a quiet
server, then while one more session uploads a hostile file.

Starts ``streamlit run app.py`` (of this checkout, or of ``--app DIR``: a worktree of another commit,
to compare) on the demo data (``--demo``), on ``--data`` files or on the national set (generated as
``bench_national.py`` does), pays the first visit of each page, then measures rounds:

- **quiet**: ``--home`` + ``--needs`` visitors at once (interleaved), each a websocket client that
  speaks Streamlit's protocol as ``bench_sessions.py``'s do (asks for the page as a browser does and
  draws nothing). For each, the seconds from the common start until its run's ``script_finished``,
  and whether it got a **working page**: the run finished, no ``exception`` element in the delta
  stream (what Streamlit sends for an uncaught exception, also when ``showErrorDetails`` hides its
  text), no error alert, and the page's map component was sent.
- **during a hostile upload** (``--hostile``, one round per file): one more session, in Debian's
  Chromium, opens the home map, expands "Your files" and puts the file into the sidebar's uploader;
  once the upload has reached the server and the uploader's run has started (the server is reading
  the file), the same visitors arrive. The uploader's figures: the seconds until the file had
  reached the server, and until the verdict was shown, and what the sidebar said.

The hostile files are generated in a temporary folder, slow to read yet within every limit:

- ``needs``: a needs CSV of 45 MB, 400,000 rows whose every P-code is well formed and unknown;
- ``communities``: a communities GeoJSON of one polygon whose 3,000 random vertices cross each other
  everywhere (its repair outgrows the box's memory within seconds; with GEOS's older "linework"
  repair, 480 such vertices took some 100 s and the box stopped them at ``HROMADA_READ_SECONDS``).

Per round and page, the table gives median, p90 and max seconds and how many got a working page;
also the server process's own CPU seconds (the work that holds Python's GIL) and the largest number
of processes seen under the server (the box's fork server and children). The last line is one JSON
object with every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_national import (  # noqa: E402
    CHROMIUM_ARGS,
    chromium_path,
    cpu_seconds,
    memory_mb,
    national_files,
    serve_app,
)
from bench_sessions import _children, machine_busy, table  # noqa: E402
from streamlit.proto.Alert_pb2 import Alert  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

KINDS = ("communities", "needs", "hubs", "idp_counts")  # the sidebar's uploaders, in order
ENV_VARS = {kind: f"HROMADA_{kind.upper()}" for kind in KINDS}
PAGES = {"map": "", "needs": "needs"}  # page: its url path
QUERY = "lang=en"
TIMEOUT_S = 180  # a visitor who waits longer has failed anyway
UPLOAD_WAIT_S = 300  # the box stops a read at 60 s; without a box a read can take an hour
HOSTILE = ("needs", "communities")


# ---------------------------------------------------------------------------------------------
# The hostile files


def hostile_needs(folder: Path, rows: int = 400_000) -> Path:
    """45 MB, 400,000 rows, every P-code well formed and unknown (UA98: no such oblast)."""
    path = folder / "needs-unknown-codes.csv"
    header = "need_id,pcode,lat,lon,sector,status,verified,reported_on,closed_on,provider,people,vulnerable_groups,notes\n"
    pad = "x" * 12
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        out.writelines(
            f"Z-{i:07d},UA98{i % 100_000:05d},,,food,open,true,2025-06-01,,Volunteer initiative number {i % 97},"
            f"3,disability,{pad}{i}\n"
            for i in range(rows)
        )
    return path


def hostile_communities(folder: Path, vertices: int = 3000) -> Path:
    """One community whose boundary crosses itself everywhere: far within the vertex limit, slow to repair."""
    rng = np.random.default_rng(3)
    ring = np.column_stack([30 + rng.random(vertices) * 2, 48 + rng.random(vertices) * 2]).round(5).tolist()
    ring.append(ring[0])
    feature = {
        "type": "Feature",
        "properties": {"pcode": "UA1402001", "name_uk": "Бахмутська", "name_en": "Bakhmutska", "oblast": "Donetska"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    path = folder / "communities-knot.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    return path


MAKERS = {"needs": hostile_needs, "communities": hostile_communities}


# ---------------------------------------------------------------------------------------------
# The server


def serve(app: Path, paths: dict[str, Path] | None, settings: dict[str, str], options: tuple[str, ...] = ()):
    """``bench_national.serve_app`` for the checkout ``app`` (this one, or a worktree to compare)."""
    return serve_app(paths, app, settings, options)


def descendants(pid: int) -> list[int]:
    tree, found, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


# ---------------------------------------------------------------------------------------------
# Visitors that speak Streamlit's protocol


@dataclass
class Visit:
    page: str
    served: float | None = None  # seconds from the round's start to the run's script_finished
    exception: str = ""  # the text of an exception element, if the run sent one
    error_alerts: int = 0
    map_sent: bool = False
    title: str = ""
    error: str = ""  # the client's own failure (timeout, closed connection)

    @property
    def working(self) -> bool:
        return self.served is not None and not self.exception and not self.error_alerts and self.map_sent


def rerun_request(url: str, page: str) -> bytes:
    """What a browser sends first on the websocket for ``url`` (``page``: its url path, "" for the home)."""
    message = BackMsg()
    state = message.rerun_script
    state.query_string = QUERY
    state.page_name = PAGES[page]
    state.widget_states.SetInParent()
    state.context_info.timezone = "Europe/Kyiv"
    state.context_info.locale = "en-GB"
    state.context_info.url = url + PAGES[page]
    return message.SerializeToString()


def note(record: Visit, message: ForwardMsg) -> bool:
    """Read one message into ``record``; True once the run is finished."""
    kind = message.WhichOneof("type")
    if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        element = message.delta.new_element
        which = element.WhichOneof("type")
        if which == "exception":
            record.exception = record.exception or (element.exception.type + ": " + element.exception.message)[:160]
        elif which == "alert" and element.alert.format == Alert.ERROR:
            record.error_alerts += 1
        elif which == "component_instance":
            record.map_sent = True
        elif which == "heading" and not record.title:
            record.title = element.heading.body[:60]
    elif kind == "page_not_found":
        record.exception = "page not found"
    elif kind == "script_finished":
        return message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
    return False


async def visit(url: str, record: Visit, start: float, done: asyncio.Event) -> None:
    """Open a session, ask for the page, read everything it sends until the run is finished; stay until ``done``."""
    try:
        async with asyncio.timeout(TIMEOUT_S):
            async with connect(url.replace("http", "ws", 1) + "_stcore/stream", max_size=512 << 20) as socket:
                await socket.send(rerun_request(url, record.page))
                while not note(record, ForwardMsg.FromString(await socket.recv())):
                    pass
                record.served = time.perf_counter() - start
                await done.wait()
    except Exception as error:  # noqa: BLE001 - a visitor who never got the page is a result, not a crash
        record.error = record.error or f"{type(error).__name__}: {str(error).splitlines()[0][:160] if str(error) else ''}"


@dataclass
class Round:
    name: str
    visits: list[Visit] = field(default_factory=list)
    server_cpu_s: float = 0.0  # the server process itself: what holds its GIL
    busy_cores: float = 0.0
    children_max: int = 0  # processes under the server at once (the box's fork server and boxes)
    hwm_mb: int = 0
    wall_s: float = 0.0

    def rows(self) -> list[dict]:
        rows = []
        for page in PAGES:
            visits = [v for v in self.visits if v.page == page]
            times = [v.served for v in visits if v.served is not None]

            def q(p: float, times=times) -> float | None:
                return round(float(np.percentile(times, p)), 2) if times else None

            rows.append(
                {
                    "round": self.name,
                    "page": page,
                    "visitors": len(visits),
                    "working": sum(v.working for v in visits),
                    "p50_s": q(50),
                    "p90_s": q(90),
                    "max_s": q(100),
                    "exceptions": sum(bool(v.exception) for v in visits),
                    "never": sum(v.served is None for v in visits),
                    "problems": sorted(
                        {v.exception or v.error or ("no map" if not v.map_sent else "") for v in visits} - {""}
                    ),
                }
            )
        return rows


async def visitors(url: str, server: int, name: str, home: int, needs: int) -> Round:
    """``home`` + ``needs`` visitors at the same moment, interleaved; the server's CPU and children meanwhile."""
    order = ["map", "needs"] * max(home, needs)
    wanted = {"map": home, "needs": needs}
    pages = []
    for page in order:
        if wanted[page]:
            pages.append(page)
            wanted[page] -= 1
    result = Round(name, [Visit(page) for page in pages])
    done = asyncio.Event()
    cpu, busy = cpu_seconds(server), machine_busy()
    start = time.perf_counter()
    tasks = [asyncio.create_task(visit(url, record, start, done)) for record in result.visits]
    while not all(v.served is not None or v.error or v.exception == "page not found" for v in result.visits):
        result.children_max = max(result.children_max, len(descendants(server)))
        await asyncio.sleep(0.1)  # polling our own records, not waiting for the server
    result.wall_s = time.perf_counter() - start
    result.server_cpu_s = round(cpu_seconds(server) - cpu, 1)
    now = machine_busy()
    result.busy_cores = round((now[0] - busy[0]) / max(now[1] - busy[1], 1) * (os.cpu_count() or 1), 2)
    result.hwm_mb = memory_mb(server, "VmHWM")
    done.set()
    await asyncio.gather(*tasks)
    return result


# ---------------------------------------------------------------------------------------------
# The uploader, in Chromium


async def upload_round(browser, url: str, server: int, kind: str, path: Path, home: int, needs: int, wait_s: float) -> dict:
    """One session uploads ``path`` as ``kind``; once the server is reading it, the visitors arrive."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    page = await context.new_page()
    idle = page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
    running = page.locator('[data-testid="stApp"][data-test-script-state="running"]')
    figures: dict = {"kind": kind, "file": path.name, "bytes": path.stat().st_size}
    try:
        await page.goto(f"{url}?{QUERY}", timeout=TIMEOUT_S * 1000)
        await idle.wait_for(timeout=TIMEOUT_S * 1000)
        await page.get_by_text("Your files", exact=True).click()
        sidebar = page.locator('[data-testid="stSidebar"]')
        uploader = sidebar.locator('[data-testid="stFileUploader"] input[type="file"]').nth(KINDS.index(kind))
        await uploader.wait_for(state="attached", timeout=TIMEOUT_S * 1000)
        verdict = sidebar.get_by_text("was not loaded; the data shown before stays").or_(sidebar.get_by_text(" is loaded."))
        start = time.perf_counter()
        async with page.expect_response(lambda r: "/_stcore/upload_file" in r.url, timeout=TIMEOUT_S * 1000) as sent:
            await uploader.set_input_files(str(path))
        await sent.value
        figures["uploaded_s"] = round(time.perf_counter() - start, 2)
        try:  # the upload's run begins: the server is reading the file
            await running.wait_for(timeout=15_000)
        except Exception:  # noqa: BLE001 - a run too short to be seen: the visitors come all the same
            pass
        figures["reading_from_s"] = round(time.perf_counter() - start, 2)
        crowd = asyncio.create_task(visitors(url, server, f"upload {kind}", home, needs))
        try:
            await verdict.first.wait_for(timeout=wait_s * 1000)
            figures["verdict_s"] = round(time.perf_counter() - start, 1)
            await idle.wait_for(timeout=TIMEOUT_S * 1000)
            alerts = sidebar.locator('[data-testid="stAlert"]')
            figures["uploader_saw"] = [" ".join(t.split())[:300] for t in await alerts.all_inner_texts()][:4]
            shown = page.locator('[data-testid="stException"]')
            figures["uploader_exception"] = (
                " ".join((await shown.first.inner_text()).split())[:200] if await shown.count() else ""
            )
        except Exception as error:  # noqa: BLE001 - no verdict in time is a result
            figures["verdict_s"] = None
            figures["uploader_saw"] = [f"no verdict within {wait_s:g} s ({type(error).__name__})"]
        result = await crowd
        figures["visitors_done_before_verdict"] = (
            figures["verdict_s"] is None or result.wall_s + figures["reading_from_s"] < figures["verdict_s"]
        )
        return {"round": result, "upload": figures}
    finally:
        await context.close()


# ---------------------------------------------------------------------------------------------
# The run


async def measure(
    app: Path,
    paths,
    hostile: dict[str, Path],
    home: int,
    needs: int,
    settings: dict[str, str],
    wait_s: float,
    options: tuple[str, ...] = (),
) -> dict:
    """A fresh server for each hostile file (and one if there is none), so that a read that never
    ends (no box) does not weigh on the next file's figures: the first visits, a quiet round, the
    upload's round, and a round right after the verdict (or after ``wait_s`` without one)."""
    from playwright.async_api import async_playwright

    chromium = chromium_path()
    if chromium is None:
        raise SystemExit("chromium not found: apt-get install chromium, or set CHROMIUM")
    figures: dict = {
        "app": str(app),
        "commit": subprocess.run(
            ["git", "-C", str(app), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_before": [round(v, 1) for v in os.getloadavg()],
        "box_seconds": settings.get("HROMADA_READ_SECONDS", "default"),
        "streamlit_options": list(options),
        "first_visit_s": [],
    }
    rounds: list[Round] = []
    uploads = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for kind, path in list(hostile.items()) or [(None, None)]:
                with serve(app, paths, settings, options) as (url, server):
                    # The first visit of each page loads the data and fills the caches: once per server.
                    first = [await visitors(url, server, "first", *counts) for counts in ((1, 0), (0, 1))]
                    figures["first_visit_s"].append({"map": first[0].visits[0].served, "needs": first[1].visits[0].served})
                    rounds.append(await visitors(url, server, "quiet", home, needs))
                    print(json.dumps(rounds[-1].rows()), flush=True)
                    if kind is None:
                        continue
                    outcome = await upload_round(browser, url, server, kind, path, home, needs, wait_s)
                    rounds.append(outcome["round"])
                    uploads.append(outcome["upload"])
                    print(json.dumps(rounds[-1].rows()), json.dumps(outcome["upload"]), flush=True)
                    rounds.append(await visitors(url, server, f"after {kind}", home, needs))
                    print(json.dumps(rounds[-1].rows()), flush=True)
        finally:
            await browser.close()
    figures["rounds"] = [row for r in rounds for row in r.rows()]
    figures["server"] = [
        {
            "round": r.name,
            "server_cpu_s": r.server_cpu_s,
            "busy_cores": r.busy_cores,
            "children_max": r.children_max,
            "wall_s": round(r.wall_s, 1),
            "peak_mb": r.hwm_mb,
        }
        for r in rounds
    ]
    figures["uploads"] = uploads
    figures["load_average_after"] = [round(v, 1) for v in os.getloadavg()]
    return figures


COLUMNS = (
    ("round", "round"),
    ("page", "page"),
    ("N", "visitors"),
    ("working", "working"),
    ("p50 s", "p50_s"),
    ("p90 s", "p90_s"),
    ("max s", "max_s"),
    ("exceptions", "exceptions"),
    ("never", "never"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--demo", action="store_true", help="serve the demo data in data/")
    source.add_argument("--data", action="append", metavar="KIND=PATH", help=f"a data file, KIND one of {', '.join(KINDS)}")
    parser.add_argument("--needs-rows", type=int, default=100_000, help="needs in the generated national set")
    parser.add_argument("--app", type=Path, default=ROOT, help="the checkout whose app.py is served (default: this one)")
    parser.add_argument("--home", type=int, default=20, help="visitors of the home map in each round")
    parser.add_argument("--needs", type=int, default=20, help="visitors of the Needs page in each round")
    parser.add_argument(
        "--hostile", default="needs", help=f"hostile uploads, one round each, comma-separated: {', '.join(HOSTILE)}; or none"
    )
    parser.add_argument("--upload-wait", type=float, default=UPLOAD_WAIT_S, help="seconds to wait for an upload's verdict")
    parser.add_argument(
        "--option", action="append", default=[], metavar="KEY=VALUE", help="a Streamlit option for the server"
    )
    parser.add_argument("--read-seconds", help="the box's time limit (HROMADA_READ_SECONDS) on the server")
    args = parser.parse_args()
    kinds = [] if args.hostile == "none" else args.hostile.split(",")
    if unknown := set(kinds) - set(HOSTILE):
        parser.error(f"unknown hostile files {sorted(unknown)}; known: {', '.join(HOSTILE)}")
    settings = {"HROMADA_READ_SECONDS": args.read_seconds} if args.read_seconds else {}
    app = args.app.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.demo:
            paths, data = None, "demo data (data/)"
        elif args.data:
            paths = {kind: Path(path).resolve() for kind, path in (item.split("=", 1) for item in args.data)}
            if unknown := set(paths) - set(KINDS):
                parser.error(f"unknown kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
            data = ", ".join(f"{kind}={path}" for kind, path in paths.items())
        else:
            paths = national_files(folder, args.needs_rows, 1000, 20_000)
            data = f"national set: 1,769 communities, {args.needs_rows:,} needs, 1,000 hubs, 20,000 IDP rows"
        hostile = {kind: MAKERS[kind](folder) for kind in kinds}
        figures = asyncio.run(
            measure(app, paths, hostile, args.home, args.needs, settings, args.upload_wait, tuple(args.option))
        )
    figures["data"] = data
    options = " ".join(f"--{option}" for option in args.option)
    print(f"\n{data}; app {figures['app']} ({figures['commit']}) {options}; {figures['machine']}")
    print(f"load average before {figures['load_average_before']}, after {figures['load_average_after']}")
    print(f"first visit after the start: {figures['first_visit_s']}")
    print(f"\n{args.home} visitors of the home map and {args.needs} of the Needs page at once (server protocol):")
    print(table(figures["rounds"], COLUMNS))
    print("\nThe server during each round:")
    server_columns = [(k, k) for k in ("round", "server_cpu_s", "busy_cores", "children_max", "wall_s", "peak_mb")]
    print(table(figures["server"], server_columns))
    for upload in figures["uploads"]:
        print(
            f"\nHostile upload ({upload['kind']}: {upload['file']}, {upload['bytes'] / 1e6:.1f} MB): reached the server "
            f"after {upload['uploaded_s']} s, read from {upload['reading_from_s']} s, "
            f"verdict after {upload['verdict_s']} s; "
            f"the visitors were done before the verdict: {upload['visitors_done_before_verdict']}"
        )
        for line in upload["uploader_saw"]:
            print(f"  the uploader saw: {line}")
        if upload.get("uploader_exception"):
            print(f"  and an exception: {upload['uploader_exception']}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
