"""Reading from the database, one server against two replicas behind nginx: how many visitors who arrive at
the same moment get the map within 5 s, the servers' memory, and the time from a need written into the
database to the need on a visitor's page.

Starts a throwaway PostgreSQL + PostGIS cluster (as the tests do: a temporary folder, a unix socket;
``tests/postgres_cluster.py``), creates the schema and loads the demo data (or ``--national N``: the
1,769 communities and N generated needs, as ``bench_national.py`` makes them) with ``python -m geo db``'s
own functions. Then, for each setup (one ``streamlit run app.py``; ``scripts/serve.py --replicas 2``:
two replicas behind Debian's nginx, as ``make serve`` runs them), every server reading the database
(``HROMADA_DATABASE_URL``, the deployment's 60 s time to live):

- **rounds** of ``--visitors`` home-map visitors at once (websocket clients that speak Streamlit's
  protocol, as ``bench_load.py``'s do): per round, how many got a working map, how many within 5 s,
  and the median and p90 seconds;
- **memory**: the servers' resident memory after the rounds and at their peak, summed over replicas;
- **live**: one open need is written (``geo.db.load``, as another organisation's ``db load`` would),
  then a visitor opens the Needs page every second until the need's id is on it: the seconds from the
  write (at most the time to live, plus a page).

The last line is one JSON object with every figure. Needs Debian's postgresql, PostGIS and nginx
(``scripts/ensure_postgres.sh``, ``scripts/ensure_nginx.sh``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_load import Visit, note, rerun_request, visitors  # noqa: E402
from bench_national import memory_mb, national_files, serve_app  # noqa: E402
from bench_sessions import table  # noqa: E402
from postgres_cluster import postgis_installed, server_bin, start_cluster  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

import geo.db  # noqa: E402
from geo.ingest.reading import Source  # noqa: E402

WITHIN_S = 5.0  # "sessions that get the map within 5 s"
LIVE_WAIT_S = 150  # the time to live is 60 s; a page more, and a margin
LIVE_ID = "BENCH-LIVE-0001"
KINDS = ("communities", "needs", "hubs", "idp_counts")


def load_database(url: str, paths: dict[str, Path]) -> dict[str, int]:
    """The schema, then each input checked and written as ``python -m geo db load`` does; rows written per input."""
    geo.db.init(url)
    rows = {}
    for kind in ("communities", "needs", "hubs", "idp_counts"):
        started = time.perf_counter()
        written = geo.db.load(url, kind, Source.from_path(paths[kind]))
        if not written.ok:
            raise SystemExit(f"{paths[kind]} did not load: {[p.describe('en') for p in written.result.problems][:3]}")
        rows[kind] = len(written.added) + len(written.changed) + written.unchanged
        print(f"db load --kind {kind}: {rows[kind]:,} rows in {time.perf_counter() - started:.1f} s", flush=True)
    return rows


@contextmanager
def replicas(count: int, settings: dict[str, str]):
    """``scripts/serve.py --replicas count --port 0``: yields the proxy's address and the replicas' pids once all answer."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HROMADA_")} | settings
    with tempfile.TemporaryDirectory() as folder:
        state = Path(folder) / "state.json"
        command = [sys.executable, str(ROOT / "scripts" / "serve.py"), "--replicas", str(count), "--port", "0"]
        serve = subprocess.Popen([*command, "--state", str(state)], cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 180
            while True:
                info = json.loads(state.read_text()) if state.exists() else {}
                if info.get("ready"):
                    break
                if serve.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"scripts/serve.py did not get ready (code {serve.poll()})")
                time.sleep(0.5)
            yield info["url"], [r["pid"] for r in info["replicas"]]
        finally:
            serve.send_signal(signal.SIGTERM)
            try:
                serve.wait(timeout=60)
            except subprocess.TimeoutExpired:
                serve.kill()


@contextmanager
def one_server(settings: dict[str, str]):
    with serve_app(None, ROOT, settings) as (url, pid):
        yield url, [pid]


async def page_holds(url: str, page: str, wanted: bytes) -> bool:
    """One visit of ``page``: whether anything the server sent for it holds ``wanted`` (a need's id in the table)."""
    record, found = Visit(page), False
    async with asyncio.timeout(120):
        async with connect(url.replace("http", "ws", 1) + "_stcore/stream", max_size=512 << 20) as socket:
            await socket.send(rerun_request(url, page))
            while True:
                raw = await socket.recv()
                found = found or wanted in raw
                if note(record, ForwardMsg.FromString(raw)):
                    return found


def write_one_need(url: str, folder: Path) -> float:
    """An open need of the demo's kind, with a new id, written as another organisation's load would; when."""
    need = pd.read_csv(ROOT / "data" / "needs.csv", dtype=str).query("status == 'open'").head(1).copy()
    need["need_id"] = LIVE_ID
    path = folder / "live.csv"
    need.to_csv(path, index=False)
    written_at = time.monotonic()
    written = geo.db.load(url, "needs", Source.from_path(path))
    if not written.ok or written.added != [LIVE_ID]:
        raise SystemExit(f"the live need was not added: {written}")
    return written_at


async def measure(name: str, server, db_url: str, rounds: list[int], folder: Path) -> dict:
    with server as (url, pids):
        figures: dict = {"setup": name, "servers": len(pids)}
        first = await visitors(url, pids[0], "first", 1, 0)  # the first read of the tables
        figures["first_visit_s"] = round(first.visits[0].served or 0, 2)
        await visitors(url, pids[0], "warm", 2 * len(pids), 0)  # every replica's first read, before the rounds
        figures["rounds"] = []
        for count in rounds:
            done = await visitors(url, pids[0], f"{count} at once", count, 0)
            times = [v.served for v in done.visits if v.working]
            row = {
                "setup": name,
                "visitors": count,
                "working": len(times),
                f"within_{WITHIN_S:g}_s": sum(t <= WITHIN_S for t in times),
                "p50_s": round(float(np.median(times)), 2) if times else None,
                "p90_s": round(float(np.quantile(times, 0.9)), 2) if times else None,
                "max_s": round(max(times), 2) if times else None,
            }
            figures["rounds"].append(row)
            print(json.dumps(row), flush=True)
        figures["rss_mb"] = sum(memory_mb(pid) for pid in pids)
        figures["peak_mb"] = sum(memory_mb(pid, "VmHWM") for pid in pids)
        written_at = write_one_need(db_url, folder)
        seen = None
        while time.monotonic() - written_at < LIVE_WAIT_S:
            if await page_holds(url, "needs", LIVE_ID.encode()):
                seen = round(time.monotonic() - written_at, 1)
                break
            await asyncio.sleep(1)
        figures["written_to_shown_s"] = seen
        print(f"{name}: the need written was on the Needs page after {seen} s", flush=True)
        with psycopg.connect(db_url) as conn:  # the next setup starts from the same tables
            conn.execute("DELETE FROM hromada.needs WHERE need_id = %s", (LIVE_ID,))
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--national", type=int, metavar="NEEDS", help="the 1,769 communities and this many needs")
    parser.add_argument("--visitors", default="10,20,40", help="home-map visitors at once in each round (default 10,20,40)")
    args = parser.parse_args()
    rounds = [int(n) for n in args.visitors.split(",")]
    bin_dir = server_bin()
    if bin_dir is None or not postgis_installed(bin_dir):
        raise SystemExit("PostgreSQL with PostGIS not found: sh scripts/ensure_postgres.sh")
    cluster = start_cluster(bin_dir)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            if args.national:
                paths = national_files(folder, args.national, 1000, 20_000)
                data = f"national set: 1,769 communities, {args.national:,} needs, 1,000 hubs, 20,000 IDP rows"
            else:
                paths = {k: ROOT / "data" / f"{k}.{'geojson' if k == 'communities' else 'csv'}" for k in KINDS}
                data = "demo data (data/)"
            rows = load_database(cluster.url, paths)
            settings = {"HROMADA_DATABASE_URL": cluster.url}
            results = [
                asyncio.run(measure("one server", one_server(settings), cluster.url, rounds, folder)),
                asyncio.run(measure("two replicas behind nginx", replicas(2, settings), cluster.url, rounds, folder)),
            ]
    finally:
        cluster.stop()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"\n{data}, read from PostgreSQL + PostGIS; {machine}; load average now {[round(v, 1) for v in os.getloadavg()]}")
    print(f"home-map visitors arriving at once, and how many got a working map within {WITHIN_S:g} s:")
    print(table([row for r in results for row in r["rounds"]], [(k, k) for k in results[0]["rounds"][0]]))
    print("\nservers, memory and the time from a need written to the need shown:")
    columns = ("setup", "servers", "first_visit_s", "rss_mb", "peak_mb", "written_to_shown_s")
    print(table([{k: r[k] for k in columns} for r in results], [(k, k) for k in columns]))
    print(json.dumps({"data": data, "rows": rows, "machine": machine, "results": results}))


if __name__ == "__main__":
    main()
