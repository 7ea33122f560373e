"""Creating the schema and loading files into it: the same checks as an upload, then one transaction.

``load`` reads the file as the app's upload panel does (the loaders of ``geo.ingest``, in a box), and
writes nothing unless the file loads; then every row goes in one transaction, upserted by its key
(``geo.db.schema.KEYS``): a row that is new is added, one whose values differ is changed, one equal to
what the table holds is left alone (and keeps its ``updated_at``). Rows of the table that the file does
not have stay: several organisations write the same table, each its own rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import shapely
from psycopg import sql

from geo.db.connect import connect
from geo.db.schema import INDICATOR_COLUMNS, KEYS, MIGRATIONS, NEEDS_PRIVATE, PERSONAL_COLUMNS, SCHEMA, VERSION, fields
from geo.ingest import box
from geo.ingest.loaders import LoadResult, guarded, load_communities, load_hubs, load_idp_counts, load_needs
from geo.ingest.problems import Problem
from geo.ingest.reading import Source
from geo.ingest.validate import stopped_problem

# Serialises migrations: two replicas starting at once create the schema once.
_INIT_LOCK = 0x68726D31


class SchemaError(RuntimeError):
    """The database's schema is newer than this code, or missing (run ``python -m geo db init``)."""


class NoCommunities(RuntimeError):
    """Needs, hubs, IDP counts and indicators are checked against the communities: load those first."""


def init(url: str) -> int:
    """Create the schema, or bring it up to ``VERSION``; idempotent. Returns the version now in place.

    Needs the right to ``CREATE EXTENSION postgis`` the first time (a superuser, or PostGIS installed
    in the database already).
    """
    with connect(url) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_INIT_LOCK,))
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(SCHEMA)))
        current = schema_version(conn)
        if current > VERSION:
            raise SchemaError(f"the database's schema is version {current}, newer than this code's {VERSION}")
        for version in range(current + 1, VERSION + 1):
            for statement in MIGRATIONS[version]():
                conn.execute(statement)
            conn.execute(f"INSERT INTO {SCHEMA}.schema_version (version) VALUES (%s)", (version,))
    return VERSION


def schema_version(conn) -> int:
    """The schema's version in the database; 0 when there is none yet."""
    exists = conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.schema_version",)).fetchone()[0]
    if exists is None:
        return 0
    return conn.execute(f"SELECT coalesce(max(version), 0) FROM {SCHEMA}.schema_version").fetchone()[0]


def check_schema(conn) -> None:
    version = schema_version(conn)
    if version != VERSION:
        raise SchemaError(
            f"the database's schema is version {version}, this code needs {VERSION}: run python -m geo db init"
        )


@dataclass
class Written:
    """What a load did: the file's check (``result``), and the keys added and changed, the rows left alone."""

    result: LoadResult
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return self.result.ok


def _check(kind: str, source: Source, communities) -> LoadResult:
    """The upload's check, keeping the needs' personal columns: they are stored, out of the public query."""
    if kind == "communities":
        return guarded(kind, source, load_communities, source)
    if kind == "needs":
        return guarded(kind, source, load_needs, source, communities, keep_personal=True)
    if kind == "indicators":
        from geo.ingest.indicators import load_indicators

        return guarded(kind, source, load_indicators, source, communities)
    return guarded(kind, source, {"hubs": load_hubs, "idp_counts": load_idp_counts}[kind], source, communities)


def check_file(kind: str, source: Source, communities) -> LoadResult:
    """``_check`` in a box, as an upload is checked (``geo.ingest.validate.validate``)."""
    try:
        return box.run(_check, kind, source, communities).value
    except box.Stopped as stopped:
        return LoadResult(kind, source.name, None, [stopped_problem(source.name, stopped)])
    except box.ChildError:
        return LoadResult(kind, source.name, None, [Problem(source.name, "unexpected")])


def load(url: str, kind: str, source: Source) -> Written:
    """Check ``source`` as an upload of ``kind`` and, when it loads, upsert it in one transaction.

    Every kind but the communities is checked against the communities in the database; with none
    there (or none that read), ``NoCommunities`` is raised and nothing is written.
    """
    from geo.db.read import read  # read imports nothing of this module's but the schema check

    communities = None
    if kind != "communities":
        held = read(url, "communities")
        if not held.ok or held.frame is None or held.frame.empty:
            raise NoCommunities(held.source_name)
        communities = held.frame
    result = check_file(kind, source, communities)
    if not result.ok:
        return Written(result)
    with connect(url) as conn:  # one transaction: committed at the end of the block, rolled back on any error
        check_schema(conn)
        written = _WRITERS[kind](conn, result.frame)
    written.result = result
    return written


def _value(value):
    """A cell as COPY takes it: None for a blank, ISO dates, plain Python numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return [tuple(_value(v) for v in row) for row in frame[columns].itertuples(index=False, name=None)]


def _ewkb(geometries) -> list[str | None]:
    """Shapes as hex EWKB with SRID 4326, as PostGIS reads them in COPY."""
    out = []
    for shape in geometries:
        if shape is None or shape.is_empty:
            out.append(None)
            continue
        shape = shapely.set_srid(shape, 4326)
        out.append(shapely.to_wkb(shape, hex=True, include_srid=True))
    return out


def _stage(conn, name: str, columns: list[tuple[str, str]], rows: list[tuple]) -> None:
    """A temporary table of the file's rows, filled by COPY, dropped at the end of the transaction."""
    ddl = sql.SQL("CREATE TEMP TABLE {} ({}) ON COMMIT DROP").format(
        sql.Identifier(name), sql.SQL(", ").join(sql.SQL(f"{{}} {t}").format(sql.Identifier(c)) for c, t in columns)
    )
    conn.execute(ddl)
    copy = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(name), sql.SQL(", ").join(sql.Identifier(c) for c, _t in columns)
    )
    with conn.cursor().copy(copy) as out:
        for row in rows:
            out.write_row(row)


def _upsert(conn, table: str, stage: str, columns: list[str], key: tuple[str, ...], geometry: dict | None = None):
    """``INSERT ... ON CONFLICT DO UPDATE`` only where a value differs; returns (added keys, changed keys).

    ``xmax = 0`` tells an inserted row from an updated one; a row equal to the table's is not returned.
    ``geometry``: column -> SQL expression over the stage's column (e.g. ``ST_Multi``).
    """
    geometry = geometry or {}
    target = sql.Identifier(SCHEMA, table)
    names = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    selected = sql.SQL(", ").join(sql.SQL(geometry.get(c, "{}")).format(sql.Identifier(c)) for c in columns)
    others = [c for c in columns if c not in key]
    updates = sql.SQL(", ").join(
        [sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in others] + [sql.SQL("updated_at = now()")]
    )
    mine = sql.SQL(", ").join(sql.SQL("t.{}").format(sql.Identifier(c)) for c in others)
    theirs = sql.SQL(", ").join(sql.SQL("EXCLUDED.{}").format(sql.Identifier(c)) for c in others)
    keys = sql.SQL(", ").join(sql.Identifier(c) for c in key)
    shown = sql.SQL(" || '/' || ").join(sql.SQL("coalesce(t.{}::text, '')").format(sql.Identifier(c)) for c in key)
    query = sql.SQL(
        "INSERT INTO {target} AS t ({names}) SELECT {selected} FROM {stage} ORDER BY {keys} "
        "ON CONFLICT ({keys}) DO UPDATE SET {updates} WHERE ROW({mine}) IS DISTINCT FROM ROW({theirs}) "
        "RETURNING {shown}, (t.xmax = 0)"
    ).format(
        target=target,
        names=names,
        selected=selected,
        stage=sql.Identifier(stage),
        keys=keys,
        updates=updates,
        mine=mine,
        theirs=theirs,
        shown=shown,
    )
    done = conn.execute(query).fetchall()
    return [k for k, added in done if added], [k for k, added in done if not added]


def _written(total: int, added: list[str], changed: list[str]) -> Written:
    return Written(None, sorted(added), sorted(changed), total - len(added) - len(changed))


def _write_communities(conn, frame: pd.DataFrame) -> Written:
    columns = [f.name for f in fields("communities")]
    shapes = [shapely.MultiPolygon([s]) if s is not None and s.geom_type == "Polygon" else s for s in frame.geometry]
    rows = [(*row, geom) for row, geom in zip(_rows(frame, columns), _ewkb(shapes), strict=True)]
    staged = [*((f.name, f.sql_type) for f in fields("communities")), ("geom", "geometry")]
    _stage(conn, "stage_communities", staged, rows)
    added, changed = _upsert(conn, "communities", "stage_communities", [*columns, "geom"], KEYS["communities"])
    return _written(len(rows), added, changed)


def _points(frame: pd.DataFrame) -> list[str | None]:
    lat, lon = frame["lat"].astype("Float64"), frame["lon"].astype("Float64")
    return _ewkb(
        shapely.Point(float(x), float(y)) if pd.notna(x) and pd.notna(y) else None for x, y in zip(lon, lat, strict=True)
    )


def _write_hubs(conn, frame: pd.DataFrame) -> Written:
    columns = [f.name for f in fields("hubs")]
    rows = [(*row, point) for row, point in zip(_rows(frame, columns), _points(frame), strict=True)]
    _stage(conn, "stage_hubs", [*((f.name, f.sql_type) for f in fields("hubs")), ("location", "geometry")], rows)
    added, changed = _upsert(conn, "hubs", "stage_hubs", [*columns, "location"], KEYS["hubs"])
    return _written(len(rows), added, changed)


def _write_needs(conn, frame: pd.DataFrame) -> Written:
    public = [f.name for f in fields("needs") if f.name not in NEEDS_PRIVATE]
    types = {f.name: f.sql_type for f in fields("needs")}
    _stage(conn, "stage_needs", [(c, types[c]) for c in public], _rows(frame, public))
    added, changed = _upsert(conn, "needs", "stage_needs", public, KEYS["needs"])
    # The personal columns the file has (a column blank in every row is one the file does not hold: the
    # database keeps what it has), with the household's point.
    personal = [c for c in PERSONAL_COLUMNS if c in frame and frame[c].notna().any()]
    has_point = "lat" in frame and frame["lat"].notna().any()
    if personal or has_point:
        staged = [("need_id", "text"), *((c, "text") for c in personal)]
        rows = _rows(frame, ["need_id", *personal])
        if has_point:
            staged.append(("location", "geometry"))
            rows = [(*row, point) for row, point in zip(rows, _points(frame), strict=True)]
        _stage(conn, "stage_personal", staged, rows)
        names = [c for c, _t in staged]
        _added, personal_changed = _upsert(conn, "needs_personal", "stage_personal", names, ("need_id",))
        changed = sorted(set(changed) | (set(personal_changed) | set(_added)) - set(added))
    return _written(len(frame), added, changed)


def _write_idp_counts(conn, frame: pd.DataFrame) -> Written:
    """Rows of the same host, origin and date are one row of the table, their figures added up (the sums
    per community, all the map shows, stay the same)."""
    key = list(KEYS["idp_counts"])
    frame = frame.assign(**{c: frame[c].astype("object").where(frame[c].notna(), None) for c in key})
    summed = frame.groupby(key, dropna=False, sort=True).agg(
        people=("people", lambda s: s.sum(min_count=1)), households=("households", lambda s: s.sum(min_count=1))
    )
    summed = summed.reset_index()
    columns = [f.name for f in fields("idp_counts")]
    _stage(conn, "stage_idp", [(f.name, f.sql_type) for f in fields("idp_counts")], _rows(summed, columns))
    added, changed = _upsert(conn, "idp_counts", "stage_idp", columns, KEYS["idp_counts"])
    return _written(len(summed), added, changed)


def _write_indicators(conn, frame: pd.DataFrame) -> Written:
    """One row per metric and unit; the file's last figure for a unit wins."""
    frame = frame.rename(columns={"column": "column_name"}).drop_duplicates(list(KEYS["indicators"]), keep="last")
    columns = [c for c, _t in INDICATOR_COLUMNS]
    frame = frame.assign(column_name=frame["column_name"].astype("string"))
    _stage(conn, "stage_indicators", [(c, t.replace(" NOT NULL", "")) for c, t in INDICATOR_COLUMNS], _rows(frame, columns))
    added, changed = _upsert(conn, "indicators", "stage_indicators", columns, KEYS["indicators"])
    return _written(len(frame), added, changed)


_WRITERS = {
    "communities": _write_communities,
    "needs": _write_needs,
    "hubs": _write_hubs,
    "idp_counts": _write_idp_counts,
    "indicators": _write_indicators,
}
