"""The database source against a real PostgreSQL + PostGIS (one throwaway cluster, tests/postgres_support.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psycopg

import geo.db
from geo.db.read import read, read_dataset
from geo.db.schema import PERSONAL_COLUMNS, VERSION
from geo.figures.metrics import community_metrics
from geo.ingest.reading import Source

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data"
PERSONAL = (*PERSONAL_COLUMNS, "needs_personal")


def _count(url: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(f"SELECT count(*) FROM hromada.{table}").fetchone()[0]


def _csv(tmp_path: Path, name: str, frame: pd.DataFrame) -> Source:
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return Source.from_path(path)


def _demo_needs() -> pd.DataFrame:
    return pd.read_csv(DEMO / "needs.csv", dtype=str, keep_default_na=False)


def _load_demo(url: str, *kinds: str) -> None:
    for kind in kinds:
        written = geo.db.load(url, kind, Source.from_path(DEMO / f"{kind}.csv"))
        assert written.ok, [p.describe("en") for p in written.result.problems]


def test_init_is_idempotent_and_versioned(empty_db):
    """Running ``db init`` again on a database in place changes nothing and keeps one version row."""
    assert geo.db.init(empty_db) == VERSION
    assert geo.db.init(empty_db) == VERSION
    with psycopg.connect(empty_db) as conn:
        assert conn.execute("SELECT version FROM hromada.schema_version").fetchall() == [(VERSION,)]
        indexes = {r[0] for r in conn.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = 'hromada'")}
    assert any("USING gist (geom)" in i for i in indexes) and any("(pcode)" in i and "needs" in i for i in indexes)


def test_file_to_database_gives_the_same_figures(url, demo):
    """The demo files loaded into the database and read back give every community the same figures."""
    _load_demo(url, "needs", "hubs", "idp_counts")
    got = read_dataset(url)
    assert got.dataset is not None, {k: [p.describe("en") for p in r.problems] for k, r in got.results.items()}
    assert all(not r.problems for r in got.results.values())
    db, files = got.dataset, demo
    assert (len(db.communities), len(db.needs), len(db.hubs)) == (len(files.communities), len(files.needs), len(files.hubs))
    from_db = community_metrics(db.communities, db.needs, db.hubs, db.idp_counts)
    from_files = community_metrics(files.communities, files.needs, files.hubs, files.idp_counts)
    pd.testing.assert_frame_equal(from_db.sort_index(), from_files.sort_index(), check_dtype=False)
    assert got.results["needs"].source_name == "hromada.needs"


def test_a_file_with_one_bad_row_writes_nothing(url, tmp_path):
    """A needs file whose one row has an unknown sector is refused whole: the good rows, new or changed, are not written."""
    _load_demo(url, "needs")
    before = (_count(url, "needs"), _count(url, "needs_personal"))
    needs = _demo_needs()
    needs.loc[0, "status"] = "open" if needs.loc[0, "status"] != "open" else "closed"  # a change that must not land
    extra = needs.iloc[[1]].assign(need_id="NEW-0001")
    needs.loc[5, "sector"] = "spaceships"
    written = geo.db.load(url, "needs", _csv(tmp_path, "needs.csv", pd.concat([needs, extra])))
    assert not written.ok
    assert any(p.column == "sector" and p.value == "spaceships" for p in written.result.problems)
    assert (written.added, written.changed) == ([], [])
    assert (_count(url, "needs"), _count(url, "needs_personal")) == before
    with psycopg.connect(url) as conn:
        status = conn.execute("SELECT status FROM hromada.needs WHERE need_id = %s", (needs.loc[0, "need_id"],)).fetchone()
    assert status[0] == _demo_needs().loc[0, "status"]


def test_upsert_says_what_was_added_changed_and_left_alone(url, tmp_path):
    needs = _demo_needs()
    first = geo.db.load(url, "needs", _csv(tmp_path, "a.csv", needs.iloc[:10]))
    assert (len(first.added), first.changed, first.unchanged) == (10, [], 0)
    second = needs.iloc[:12].copy()
    second.loc[5, "people"] = "77"  # a public column
    second.loc[6, "phone"] = "+380 00 999 9999"  # a personal one only
    written = geo.db.load(url, "needs", _csv(tmp_path, "b.csv", second))
    assert written.added == sorted(needs.loc[10:11, "need_id"])
    assert written.changed == sorted(needs.loc[5:6, "need_id"])
    assert written.unchanged == 8
    again = geo.db.load(url, "needs", _csv(tmp_path, "b.csv", second))
    assert (again.added, again.changed, again.unchanged) == ([], [], 12)


def test_a_bad_row_written_in_sql_is_said_and_the_rest_reads(url):
    """A need inserted by hand with an unknown sector, and a hub in no community: each named by table, id,
    column and value; every other row is on the map."""
    _load_demo(url, "needs", "hubs", "idp_counts")
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO hromada.needs (need_id, pcode, sector, status, reported_on) "
            "VALUES ('SQL-1', 'UA4806013', 'spaceships', 'open', '2025-07-01')"
        )
        conn.execute(
            "INSERT INTO hromada.hubs (hub_id, name_uk, hub_type, pcode, location) "
            "VALUES ('HUB-SQL', 'Хаб', 'aid_point', 'UA9999999', ST_SetSRID(ST_MakePoint(31, 47), 4326))"
        )
    got = read_dataset(url)
    assert got.dataset is not None
    assert len(got.dataset.needs) == 725 and "SQL-1" not in set(got.dataset.needs["need_id"])
    assert len(got.dataset.hubs) == 44
    need = [p for p in got.results["needs"].problems if "SQL-1" in p.file]
    assert [(p.file, p.column, p.value) for p in need] == [("hromada.needs (need_id SQL-1)", "sector", "spaceships")]
    hub = [p for p in got.results["hubs"].problems if "HUB-SQL" in p.file]
    assert [(p.column, p.value) for p in hub] == [("pcode", "UA9999999")]
    assert "hromada.hubs (hub_id HUB-SQL)" in hub[0].describe("en")


def _statements(log: Path, start: int) -> list[str]:
    """The statements the server logged from byte ``start`` on (``log_statement=all``)."""
    text = log.read_bytes()[start:].decode("utf-8", "replace")
    return [line.split(": ", 1)[1] for line in text.splitlines() if "LOG:  statement: " in line or "LOG:  execute " in line]


def test_the_public_query_names_no_personal_column(url, cluster):
    """Asserted on the server's statement log: the public read never names needs_personal or its columns;
    the internal read does, and only it returns a household's name."""
    _load_demo(url, "needs", "hubs", "idp_counts")
    start = cluster.log.stat().st_size
    public = read(url, "needs", "public")
    said = [s for s in _statements(cluster.log, start) if "hromada" in s and "needs" in s]
    assert said, "the needs query is not in the log"
    for statement in said:
        assert not [word for word in PERSONAL if word in statement], statement
    assert not set(PERSONAL) & set(public.frame.columns) and "lat" not in public.frame

    start = cluster.log.stat().st_size
    internal = read(url, "needs", "internal")
    said = " ".join(s for s in _statements(cluster.log, start) if "needs" in s)
    assert all(word in said for word in PERSONAL)
    assert internal.frame["contact_name"].str.startswith("Demo Person").all()


def _cli(*args: str, lang: str = "en") -> subprocess.Popen:
    env = {**os.environ, "HROMADA_LANG": lang}
    return subprocess.Popen(
        [sys.executable, "-m", "geo", "db", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_writers_at_once_lose_nothing(url, tmp_path):
    """Two ``db load`` processes write different needs while the table is held: both wait on the same lock,
    then both commit, and every need of both files is in the table."""
    needs = _demo_needs()
    halves = [tmp_path / "first.csv", tmp_path / "second.csv"]
    needs.iloc[:360].to_csv(halves[0], index=False)
    needs.iloc[360:].to_csv(halves[1], index=False)
    with psycopg.connect(url) as holder:
        holder.execute("LOCK TABLE hromada.needs IN SHARE MODE")  # writers queue behind it, at the same moment
        writers = [_cli("load", "--kind", "needs", str(half), "--url", url) for half in halves]
        deadline = time.monotonic() + 120
        with psycopg.connect(url, autocommit=True) as watcher:
            while True:
                waiting = watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO%%'"
                ).fetchone()[0]
                if waiting == 2 or any(w.poll() is not None for w in writers) or time.monotonic() > deadline:
                    break
        assert waiting == 2, [w.communicate() for w in writers if w.poll() is not None]
    outputs = [w.communicate(timeout=120) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    assert "360 added, 0 changed, 0 left as they were" in outputs[0][0]
    assert _count(url, "needs") == len(needs) == _count(url, "needs_personal")


def test_the_command_refuses_a_bad_file_in_the_users_language(url, tmp_path):
    needs = _demo_needs()
    needs.loc[3, "status"] = "maybe"
    path = tmp_path / "needs.csv"
    needs.to_csv(path, index=False)
    english, ukrainian = (
        _cli("load", "--kind", "needs", str(path), "--url", url),
        _cli("load", "--kind", "needs", str(path), "--url", url, lang="uk"),
    )
    out_en, _err = english.communicate(timeout=120)
    out_uk, _err = ukrainian.communicate(timeout=120)
    assert (english.returncode, ukrainian.returncode) == (1, 1)
    assert "“maybe” is not a known status" in out_en and "Nothing was written to the database." in out_en
    assert "До бази даних нічого не записано." in out_uk and "«maybe» не є допустимим значенням" in out_uk
    assert _count(url, "needs") == 0
