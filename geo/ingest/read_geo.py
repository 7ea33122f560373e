"""GeoJSON and GeoPackage checked before GDAL sees them, and the one way GDAL is called (``gdal_frame``).

A GeoJSON is walked as JSON first (structure, finite coordinates, vertices, a CRS named by its code),
a GeoPackage's schema must hold plain tables only; GDAL then reads from memory, the CRS is rebuilt
from its EPSG code and the vertices are counted again. ``check_shapes`` counts shapes made elsewhere.
"""

from __future__ import annotations

import io
import json
import math
import re
import sqlite3
import warnings

import geopandas as gpd
import numpy as np
import pyogrio
import pyproj
import shapely
import shapely.errors

from geo.ingest import box, sniff
from geo.ingest.limits import LIMITS, Limits
from geo.ingest.problems import Problem
from geo.ingest.raw_table import ROW, Unreadable

_GEOMETRY_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
_NAMED_CRS = re.compile(r"^(?:urn:ogc:def:crs:)?(?:EPSG|OGC|epsg|ogc):{1,2}(?:[\d.]*:)?(?:\d+|CRS84)$")


class _BadShape(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _count_positions(coordinates: object, depth: int) -> int:
    """Positions in a GeoJSON coordinates array of the given nesting; finite numbers only."""
    if not isinstance(coordinates, list):
        raise _BadShape("bad_geojson_geometry")
    if depth == 0:
        if len(coordinates) < 2 or len(coordinates) > 4:
            raise _BadShape("bad_geojson_geometry")
        for number in coordinates:
            if isinstance(number, bool) or not isinstance(number, int | float):
                raise _BadShape("bad_geojson_geometry")
            if not math.isfinite(number):
                raise _BadShape("bad_coordinates")
        return 1
    return sum(_count_positions(part, depth - 1) for part in coordinates)


def _geometry_vertices(geometry: object, nesting: int = 0) -> int:
    if geometry is None:
        return 0
    if not isinstance(geometry, dict) or nesting > 8:
        raise _BadShape("bad_geojson_geometry")
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        parts = geometry.get("geometries")
        if not isinstance(parts, list):
            raise _BadShape("bad_geojson_geometry")
        return sum(_geometry_vertices(part, nesting + 1) for part in parts)
    if kind not in _GEOMETRY_DEPTH:
        raise _BadShape("bad_geojson_geometry")
    return _count_positions(geometry.get("coordinates"), _GEOMETRY_DEPTH[kind])


def read_geojson(data: bytes, limits: Limits) -> gpd.GeoDataFrame:
    """A GeoJSON checked as JSON first (structure, finite coordinates, vertices), then read by GDAL."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable("not_utf8", row=body[: exc.start].count(b"\n") + 1) from exc
    start = text.lstrip()[:1]
    if start != "{":
        raise Unreadable("not_geojson", value=sniff.describe(data))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Unreadable("bad_json", row=exc.lineno) from exc
    except RecursionError as exc:
        raise Unreadable("too_deep") from exc
    features = _features(document)
    if len(features) > limits.rows:
        raise Unreadable("too_many_rows", count=f"{len(features):,}", limit=f"{limits.rows:,}")
    keys: set[str] = set()
    total = 0
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise Unreadable("bad_geojson_feature", row=number)
        properties = feature.get("properties")
        if properties is not None and not isinstance(properties, dict):
            raise Unreadable("bad_geojson_feature", row=number)
        keys.update(properties or ())
        if len(keys) > limits.columns:
            raise Unreadable("too_many_columns", row=number, count=f"{len(keys):,}", limit=f"{limits.columns:,}")
        try:
            vertices = _geometry_vertices(feature.get("geometry"))
        except _BadShape as exc:
            raise Unreadable(exc.code, row=number, column="geometry") from exc
        except RecursionError as exc:
            raise Unreadable("too_deep") from exc
        if vertices > limits.shape_vertices:
            raise Unreadable(
                "shape_too_complex", row=number, column="geometry", count=f"{vertices:,}", limit=f"{limits.shape_vertices:,}"
            )
        total += vertices
        if total > limits.file_vertices:
            raise Unreadable("file_too_complex", count=f"{total:,}", limit=f"{limits.file_vertices:,}")
    _check_crs(document)
    del document, features
    return gdal_frame(data, "bad_geo", limits)


def _features(document: object) -> list:
    if not isinstance(document, dict):
        raise Unreadable("not_geojson", value="JSON")
    kind = document.get("type")
    if kind == "FeatureCollection" and isinstance(document.get("features"), list):
        return document["features"]
    if kind == "Feature":
        return [document]
    raise Unreadable("not_geojson", value=f"JSON ({str(kind)[:40]})" if kind else "JSON")


def _check_crs(document: dict) -> None:
    """Only a CRS named by its code (GeoJSON 2008's ``"crs"``); a link or a file name is refused.

    GDAL would look a ``link`` up on the network and try a ``name`` as a file.
    """
    crs = document.get("crs")
    if crs is None:
        return
    name = None
    if isinstance(crs, dict) and crs.get("type") == "name" and isinstance(crs.get("properties"), dict):
        name = crs["properties"].get("name")
    if not isinstance(name, str) or not _NAMED_CRS.match(name.strip()):
        raise Unreadable("unsupported_crs", value=json.dumps(crs, ensure_ascii=False)[:80])


def gdal_frame(data: bytes, not_it: str, limits: Limits) -> gpd.GeoDataFrame:
    """GDAL on an in-memory copy (``/vsimem/``), never a path; only the allow-listed drivers exist."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's notes about /vsimem names
        try:
            frame = pyogrio.read_dataframe(io.BytesIO(data))
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError) as exc:
            raise Unreadable(not_it) from exc
        except (pyogrio.errors.GeometryError, pyogrio.errors.CRSError) as exc:
            raise Unreadable("bad_geo") from exc
        except shapely.errors.ShapelyError as exc:  # a damaged geometry (a ring that does not close)
            if box.out_of_memory(exc):
                raise MemoryError(str(exc)) from exc
            raise Unreadable("bad_geo") from exc
    if not isinstance(frame, gpd.GeoDataFrame):
        raise Unreadable("no_geometry")
    if frame.crs is not None:
        frame = frame.set_crs(_known_crs(frame.crs), allow_override=True)
    _check_vertices(frame.geometry.array, limits)
    frame[ROW] = range(1, len(frame) + 1)
    return frame


def _known_crs(crs: pyproj.CRS) -> pyproj.CRS:
    """The file's coordinate system as its EPSG code says it, or a refusal.

    A .prj or a GeoPackage's definition can name PROJ grids or init files by path
    (``+nadgrids=/etc/...``, ``+init=...``), which PROJ would open when the shapes are
    reprojected; rebuilt from its EPSG code, a CRS refers to nothing but PROJ's own database.
    """
    try:
        code = crs.to_epsg(min_confidence=70)
    except pyproj.exceptions.CRSError:
        code = None
    if code is None:
        raise Unreadable("unsupported_crs", value=str(crs.name)[:80])
    return pyproj.CRS.from_epsg(code)


def _check_vertices(geometries, limits: Limits, rows=None) -> None:
    """The vertices of one shape and of the whole file within the limits (before any repair)."""
    counts = shapely.get_num_coordinates(np.asarray(geometries, dtype=object))
    if not len(counts):
        return
    worst = int(np.argmax(counts))
    if counts[worst] > limits.shape_vertices:
        row = int(rows[worst]) if rows is not None else worst + 1
        raise Unreadable(
            "shape_too_complex",
            row=row,
            column="geometry",
            count=f"{int(counts[worst]):,}",
            limit=f"{limits.shape_vertices:,}",
        )
    if counts.sum() > limits.file_vertices:
        raise Unreadable("file_too_complex", count=f"{int(counts.sum()):,}", limit=f"{limits.file_vertices:,}")


def check_shapes(geometries, rows, limits: Limits = LIMITS) -> Problem | None:
    """``_check_vertices`` for shapes made elsewhere (a CSV's WKT column): a problem, not an exception."""
    try:
        _check_vertices(geometries, limits, rows)
    except Unreadable as exc:
        return Problem("", exc.code, row=exc.row, column=exc.column, value=exc.value, params=exc.params)
    return None


_GPKG_IDS = (b"GPKG", b"GP10", b"GP11")


def read_geopackage(data: bytes, limits: Limits) -> gpd.GeoDataFrame:
    """A GeoPackage whose schema holds plain tables only, then read by GDAL.

    Views and virtual tables other than the spatial index (rtree) are refused: SQL in them runs
    when a layer is read, and a VirtualOGR table opens any file GDAL can name.
    """
    if not sniff.is_sqlite(data) or data[68:72] not in _GPKG_IDS:
        raise Unreadable("not_geopackage", value=sniff.describe(data))
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
        connection.execute("PRAGMA trusted_schema = OFF")
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise Unreadable("bad_geo")
        for kind, name, sql in connection.execute("SELECT type, name, sql FROM sqlite_master"):
            virtual = kind == "table" and re.match(r"(?is)\s*create\s+virtual\s+table", sql or "")
            if kind == "view" or (virtual and not re.search(r"(?is)\busing\s+rtree\b", sql or "")):
                raise Unreadable("unsafe_geopackage", value=str(name)[:80])
        tables = [row[0] for row in connection.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")]
        if not tables:
            raise Unreadable("no_geometry")
        for table in tables:
            quoted = '"' + str(table).replace('"', '""') + '"'
            columns = len(connection.execute(f"PRAGMA table_info({quoted})").fetchall())
            if columns > limits.columns:
                raise Unreadable("too_many_columns", count=f"{columns:,}", limit=f"{limits.columns:,}")
            rows = connection.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0]
            if rows > limits.rows:
                raise Unreadable("too_many_rows", count=f"{rows:,}", limit=f"{limits.rows:,}")
    except sqlite3.Error as exc:
        raise Unreadable("bad_geo") from exc
    finally:
        connection.close()
    return gdal_frame(data, "bad_geo", limits)
