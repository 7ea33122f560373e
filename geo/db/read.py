"""Reading the tables back through the same loaders as a file, so that a bad row is said, never fatal.

Each table is read with one query naming its columns (``geo.db.schema.public_columns``; the internal
view adds ``needs_personal``), turned into the bytes of a file (CSV; GeoJSON for the communities) and
given to the loader of ``geo.ingest.loaders`` that an upload of that kind goes through. A row the
loader refuses (an unknown sector written by hand in SQL, a code of no community) is left out and
said: the problem names the table, the row's id, the column and the value, and the rest is read
again without it. The read never breaks on a row; it fails only when the table itself cannot be read
as its kind (``LoadResult.ok`` is then False, as for a file).

The public view's query never names a personal column: the personal columns stay in the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd
from psycopg import sql

from geo.db.connect import connect
from geo.db.schema import INDICATOR_COLUMNS, NEEDS_PRIVATE, PERSONAL_COLUMNS, ROW_IDS, SCHEMA, public_columns
from geo.db.write import check_schema
from geo.figures.data_summary import KYIV
from geo.ingest.contract import KINDS
from geo.ingest.loaders import (
    Dataset,
    LoadResult,
    assemble,
    guarded,
    load_communities,
    load_hubs,
    load_idp_counts,
    load_needs,
)
from geo.ingest.problems import ERROR, WARNING, Problem
from geo.ingest.raw_table import ROW
from geo.ingest.reading import Source
from geo.text.i18n import gettext_for

VIEWS = ("public", "internal")


def table_name(kind: str) -> str:
    """The table as a problem names it: ``hromada.needs``."""
    return f"{SCHEMA}.{kind}"


def select_sql(kind: str, view: str = "public") -> sql.Composed:
    """The one query that reads ``kind``: the id first, then the contract's columns (``public_columns``).

    Only the internal view of the needs joins ``needs_personal``; the public query names none of its columns.
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, not {view!r}")
    t = sql.Identifier("t")
    columns = [sql.SQL("{}.{}").format(t, sql.Identifier(c)) for c in public_columns(kind)]
    table = sql.Identifier(SCHEMA, kind)
    joined = sql.SQL("")
    if kind == "communities":
        columns.append(sql.SQL("ST_AsGeoJSON(t.geom) AS geometry"))
    elif kind == "hubs":
        columns += [sql.SQL("ST_Y(t.location) AS lat"), sql.SQL("ST_X(t.location) AS lon")]
    elif kind == "needs" and view == "internal":
        p = sql.Identifier("p")
        columns += [sql.SQL("{}.{}").format(p, sql.Identifier(c)) for c in PERSONAL_COLUMNS]
        columns += [sql.SQL("ST_Y(p.location) AS lat"), sql.SQL("ST_X(p.location) AS lon")]
        joined = sql.SQL(" LEFT JOIN {} AS p USING (need_id)").format(sql.Identifier(SCHEMA, "needs_personal"))
    if kind in ("idp_counts", "indicators"):
        columns.insert(0, sql.SQL("t.id"))
    return sql.SQL("SELECT {columns} FROM {table} AS t{joined} ORDER BY {order}").format(
        columns=sql.SQL(", ").join(columns),
        table=table,
        joined=joined,
        order=sql.SQL("t.{}").format(sql.Identifier(ROW_IDS[kind])),
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _as_csv(kind: str, names: Sequence[str], rows: list[tuple]) -> Source:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([_text(v) for v in row] for row in rows)
    return Source(f"{kind}.csv", out.getvalue().encode())


def _as_geojson(names: Sequence[str], rows: list[tuple]) -> Source:
    features = []
    for row in rows:
        properties = {
            n: (v if isinstance(v, int | float) or v is None else str(v)) for n, v in zip(names, row[:-1], strict=True)
        }
        geometry = row[-1] or "null"
        features.append(
            f'{{"type":"Feature","properties":{json.dumps(properties, ensure_ascii=False)},"geometry":{geometry}}}'
        )
    return Source("communities.geojson", ('{"type":"FeatureCollection","features":[' + ",".join(features) + "]}").encode())


def _loader(kind: str, view: str, communities):
    if kind == "communities":
        return lambda source: load_communities(source)
    if kind == "needs":
        return lambda source: load_needs(source, communities, keep_personal=view == "internal")
    return lambda source: {"hubs": load_hubs, "idp_counts": load_idp_counts}[kind](source, communities)


def _said(problem: Problem, kind: str, ids: Sequence, first_row: int, left_out: bool) -> Problem:
    """The loader's problem as the table's: the row's id instead of a file's row number."""
    where = table_name(kind)
    if problem.row is not None and 0 <= problem.row - first_row < len(ids):
        where = f"{where} ({ROW_IDS[kind]} {ids[problem.row - first_row]})"
    severity = WARNING if left_out else problem.severity
    return replace(problem, file=where, row=None, severity=severity)


def _read_rows(kind: str, view: str, names: list[str], rows: list[tuple], communities) -> LoadResult:
    """The rows through the loader of ``kind``; rows it refuses are left out and said, until the rest loads."""
    id_at = names.index(ROW_IDS[kind])
    data = [n for i, n in enumerate(names) if not (kind in ("idp_counts",) and i == id_at)]
    first_row = 1 if kind == "communities" else 2
    load = _loader(kind, view, communities)
    said: list[Problem] = []
    total = len(rows)
    while True:
        ids = [row[id_at] for row in rows]
        cells = [tuple(v for i, v in enumerate(row) if not (kind == "idp_counts" and i == id_at)) for row in rows]
        source = _as_geojson(data[:-1], cells) if kind == "communities" else _as_csv(kind, data, cells)
        result = guarded(kind, source, load, source)
        errors = [p for p in result.problems if p.severity == ERROR]
        bad = {p.row - first_row for p in errors if p.row is not None} & set(range(len(rows)))
        if result.ok or not bad:  # loaded, or refused as a table (no row to blame): said as it is
            problems = said + [_said(p, kind, ids, first_row, False) for p in result.problems]
            return replace(result, source_name=table_name(kind), problems=problems, rows_read=total)
        said += [
            _said(p, kind, ids, first_row, True) for p in result.problems if p.row is not None and p.row - first_row in bad
        ]
        rows = [row for i, row in enumerate(rows) if i not in bad]


def _fetch(conn, kind: str, view: str) -> tuple[list[str], list[tuple]]:
    cursor = conn.execute(select_sql(kind, view))
    return [d.name for d in cursor.description], cursor.fetchall()


def _read_indicators(conn) -> LoadResult:
    """The indicators as stored (typed by SQL): the loader's frame, one row a metric and unit."""
    names, rows = _fetch(conn, "indicators", "public")
    frame = pd.DataFrame(rows, columns=names).rename(columns={"column_name": "column"})
    frame[ROW] = range(2, len(frame) + 2)
    frame["value"] = frame["value"].astype("Float64")
    columns = [c if c != "column_name" else "column" for c, _t in INDICATOR_COLUMNS]
    return LoadResult("indicators", table_name("indicators"), frame[[*columns, ROW]], [], len(frame))


# The communities read last, by database and the table's state: boundaries seldom change, and reading
# 1,768 of them through their loader is most of a read's time. Shared, never changed: callers copy.
_COMMUNITIES: dict[tuple, LoadResult] = {}


def _read_communities(conn) -> LoadResult:
    stamp = conn.execute(f"SELECT count(*), max(updated_at), sum(hashtext(pcode)) FROM {SCHEMA}.communities").fetchone()
    key = (conn.info.host, conn.info.port, conn.info.dbname, *stamp)
    if key not in _COMMUNITIES:
        names, rows = _fetch(conn, "communities", "public")
        result = _read_rows("communities", "public", names, rows, None)
        while len(_COMMUNITIES) >= 4:
            _COMMUNITIES.pop(next(iter(_COMMUNITIES)))
        _COMMUNITIES[key] = result
    return replace(_COMMUNITIES[key], problems=list(_COMMUNITIES[key].problems))


def _read_kind(conn, kind: str, view: str, communities) -> LoadResult:
    if kind == "communities":
        return _read_communities(conn)
    names, rows = _fetch(conn, kind, view)
    return _read_rows(kind, view, names, rows, communities)


def read(url: str, kind: str, view: str = "public", communities=None) -> LoadResult:
    """One table of ``kind`` read as its loader reads a file (the communities are read first when needed)."""
    with connect(url) as conn:
        conn.read_only = True
        check_schema(conn)
        if kind == "indicators":
            return _read_indicators(conn)
        if kind != "communities" and communities is None:
            communities = _read_kind(conn, "communities", view, None).frame
        return _read_kind(conn, kind, view, communities)


@dataclass(frozen=True)
class DatabaseRead:
    """The data read from the database (``dataset`` None when a table cannot be read), and when."""

    dataset: Dataset | None
    results: dict[str, LoadResult]
    read_at: dt.datetime


def read_dataset(url: str, view: str = "public") -> DatabaseRead:
    """Every table, read in one snapshot (a repeatable-read transaction), as ``load_dataset`` reads files.

    What the app calls inside ``st.cache_data(ttl=...)``: the time to live is how soon a row written by
    another organisation is on the map. ``view="internal"`` reads the needs' personal columns; call it
    only where the deployment allows the internal view.
    """
    read_at = dt.datetime.now(dt.UTC)
    with connect(url) as conn:
        conn.isolation_level = 3  # REPEATABLE READ: every table as of the same moment
        conn.read_only = True
        check_schema(conn)
        results = {"communities": _read_kind(conn, "communities", view, None)}
        communities = results["communities"].frame
        if communities is not None:
            for kind in ("needs", "hubs", "idp_counts"):
                results[kind] = _read_kind(conn, kind, view, communities)
            indicators = _read_indicators(conn)
            if len(indicators.frame):
                results["indicators"] = indicators
    for result in results.values():
        result.read_at = read_at
    if communities is None or not all(r.ok for r in results.values()):
        return DatabaseRead(None, results, read_at)
    dataset = assemble(communities, results, {kind: table_name(kind) for kind in KINDS})
    return DatabaseRead(dataset, results, read_at)


def read_at_line(results: dict[str, LoadResult], lang: str) -> str | None:
    """“Read from the database at 14:05.” (Kyiv time) when the communities came from the database; else None."""
    communities = results.get("communities")
    if communities is None or not (communities.source_name or "").startswith(f"{SCHEMA}."):
        return None
    _ = gettext_for(lang)
    moment = communities.read_at if communities.read_at.tzinfo else communities.read_at.replace(tzinfo=dt.UTC)
    return _("Read from the database at {time}.").format(time=moment.astimezone(KYIV).strftime("%H:%M"))


__all__ = ["NEEDS_PRIVATE", "DatabaseRead", "read", "read_at_line", "read_dataset", "select_sql", "table_name"]
