"""The database's tables, built from the data contract (``geo.ingest.contract``), and their migrations.

Every input of docs/data-format.md is one table of the ``hromada`` schema, its columns the contract's
columns under the same names. Enumerated values (sector, status, groups, hub type) are stored as text,
as a file holds them, so that a row written by hand in SQL is checked by the same loader as a file
(``geo.db.read``). The geometry is PostGIS: communities' boundaries as ``MultiPolygon`` and hubs' points
as ``Point``, all in WGS 84 (SRID 4326) with a GIST index.

The needs' personal columns (``PERSONAL_COLUMNS``) and the household's own point live in a table of their
own, ``needs_personal``: the public view's query names neither the table nor its columns
(``public_columns``), so a deployment may even deny the public role ``SELECT`` on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.ingest.contract import COLUMNS, PERSONAL_COLUMNS

SCHEMA = "hromada"
VERSION = 1  # raise with a new entry of MIGRATIONS

SQL_TYPES = {
    "text": "text",
    "code": "text",
    "unit_code": "text",
    "status": "text",
    "sector": "text",
    "groups": "text",
    "hub_type": "text",
    "int": "bigint",
    "float": "double precision",
    "date": "date",
    "bool": "boolean",
}

# What identifies a row of each table: the key upserts go by, and what a problem on reading names.
KEYS = {
    "communities": ("pcode",),
    "needs": ("need_id",),
    "hubs": ("hub_id",),
    "idp_counts": ("host_pcode", "origin_pcode", "as_of"),
    "indicators": ("key", "level", "pcode"),
}
ROW_IDS = {"communities": "pcode", "needs": "need_id", "hubs": "hub_id", "idp_counts": "id", "indicators": "id"}

# Columns of the contract that are a point, stored as one PostGIS column.
POINTS = {"hubs": "location", "needs": "location"}
# The household's point is personal: kept with the personal columns, out of the public query.
NEEDS_PRIVATE = (*PERSONAL_COLUMNS, "lat", "lon")

# Indicators are stored as the loader's frame (geo.ingest.indicators.FRAME_COLUMNS), one row a unit and metric.
INDICATOR_COLUMNS = (
    ("key", "text NOT NULL"),
    ("level", "text NOT NULL"),
    ("pcode", "text NOT NULL"),
    ("value", "double precision"),
    ("label_uk", "text"),
    ("label_en", "text"),
    ("unit", "text"),
    ("source", "text"),
    ("column_name", "text"),
    ("file", "text"),
)


@dataclass(frozen=True)
class Field:
    """One column of a table: the contract's name and its SQL type."""

    name: str
    sql_type: str
    required: bool


def fields(kind: str) -> tuple[Field, ...]:
    """The contract's columns of ``kind`` as stored, without the points' lat/lon (one geometry column)."""
    return tuple(
        Field(c.name, SQL_TYPES[c.kind], c.required)
        for c in COLUMNS[kind]
        if not (kind in POINTS and c.name in ("lat", "lon"))
    )


def public_columns(kind: str) -> tuple[str, ...]:
    """The columns the public view selects: the contract's, less the personal ones (for the needs)."""
    if kind == "indicators":
        return tuple(name for name, _type in INDICATOR_COLUMNS)
    names = tuple(f.name for f in fields(kind))
    if kind == "needs":
        return tuple(n for n in names if n not in NEEDS_PRIVATE)
    return names


def _table(kind: str, extra_first: str = "", extra: tuple[str, ...] = ()) -> str:
    lines = [extra_first] if extra_first else []
    key = KEYS[kind]
    for f in fields(kind):
        not_null = " NOT NULL" if f.required or (f.name in key and len(key) == 1) else ""
        lines.append(f"{f.name} {f.sql_type}{not_null}")
    lines.extend(extra)
    lines.append("updated_at timestamptz NOT NULL DEFAULT now()")
    return f"CREATE TABLE IF NOT EXISTS {SCHEMA}.{kind} (\n  " + ",\n  ".join(lines) + "\n)"


def _personal_table() -> str:
    columns = ",\n  ".join(f"{name} text" for name in PERSONAL_COLUMNS)
    return (
        f"CREATE TABLE IF NOT EXISTS {SCHEMA}.needs_personal (\n"
        f"  need_id text PRIMARY KEY REFERENCES {SCHEMA}.needs (need_id) ON DELETE CASCADE,\n"
        f"  {columns},\n  location geometry(Point, 4326),\n  updated_at timestamptz NOT NULL DEFAULT now()\n)"
    )


def _indicators_table() -> str:
    columns = ",\n  ".join(f"{name} {sql_type}" for name, sql_type in INDICATOR_COLUMNS)
    return (
        f"CREATE TABLE IF NOT EXISTS {SCHEMA}.indicators (\n  id bigserial PRIMARY KEY,\n  {columns},\n"
        "  updated_at timestamptz NOT NULL DEFAULT now(),\n  UNIQUE (key, level, pcode)\n)"
    )


def _version_1() -> list[str]:
    s = SCHEMA
    return [
        f"CREATE TABLE IF NOT EXISTS {s}.schema_version (version integer PRIMARY KEY, applied_at timestamptz "
        "NOT NULL DEFAULT now())",
        _table("communities", extra=("geom geometry(MultiPolygon, 4326)", "PRIMARY KEY (pcode)")),
        f"CREATE INDEX IF NOT EXISTS communities_geom ON {s}.communities USING gist (geom)",
        f"CREATE INDEX IF NOT EXISTS communities_raion ON {s}.communities (raion_pcode)",
        f"CREATE INDEX IF NOT EXISTS communities_oblast ON {s}.communities (oblast_pcode)",
        _table("needs", extra=("PRIMARY KEY (need_id)",)),
        f"CREATE INDEX IF NOT EXISTS needs_pcode ON {s}.needs (pcode)",
        f"CREATE INDEX IF NOT EXISTS needs_updated ON {s}.needs (updated_at)",
        _personal_table(),
        f"CREATE INDEX IF NOT EXISTS needs_personal_location ON {s}.needs_personal USING gist (location)",
        _table("hubs", extra=("location geometry(Point, 4326) NOT NULL", "PRIMARY KEY (hub_id)")),
        f"CREATE INDEX IF NOT EXISTS hubs_location ON {s}.hubs USING gist (location)",
        f"CREATE INDEX IF NOT EXISTS hubs_pcode ON {s}.hubs (pcode)",
        f"CREATE INDEX IF NOT EXISTS hubs_serves ON {s}.hubs (serves_pcode)",
        # One row per host, origin and date; NULLS NOT DISTINCT: a row from nowhere said is one key too.
        _table(
            "idp_counts",
            "id bigserial PRIMARY KEY",
            ("CONSTRAINT idp_counts_key UNIQUE NULLS NOT DISTINCT (host_pcode, origin_pcode, as_of)",),
        ),
        f"CREATE INDEX IF NOT EXISTS idp_counts_origin ON {s}.idp_counts (origin_pcode)",
        _indicators_table(),
        f"CREATE INDEX IF NOT EXISTS indicators_pcode ON {s}.indicators (pcode)",
    ]


# version -> the statements that bring the schema from the version before to it (each idempotent).
MIGRATIONS = {1: _version_1}
