"""Turn the bytes of a user's file into a raw table, whatever its format, encoding or delimiter.

Every cell comes back as text (nothing is guessed yet) with the row number Excel would show,
so that later checks can name the row. Geometry files come back as GeoDataFrames.

A file is read only as the format its name claims, and only when its bytes are that format
(``geo.ingest.sniff``): a VRT document named ``needs.geojson`` is refused before GDAL sees it, and GDAL
itself knows no other format (``geo.ingest.gdal_config``). Each format is checked against the limits of
``geo.ingest.limits`` before the work those limits bound: the header's columns before a CSV is parsed,
a zip's declared sizes before anything is unpacked, a sheet's declared size before its cells are
read, a GeoJSON's vertices before GDAL builds them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import sqlite3
import struct
import warnings
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import shapely
import shapely.errors

from geo.ingest import box, sniff
from geo.ingest.hxl import split_hashtag_row
from geo.ingest.limits import LIMITS, Limits, megabytes
from geo.ingest.problems import Problem

MAX_BYTES = LIMITS.file_bytes  # the same limit as server.maxUploadSize in .streamlit/config.toml
ROW = "_row"  # the row number as Excel shows it (header = 1), or the feature number in a GeoJSON

_TEXT_FORMATS = {".csv": "CSV", ".txt": "CSV", ".tsv": "CSV"}
_EXCEL_FORMATS = {".xlsx": "Excel", ".xlsm": "Excel"}
_GEO_FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".zip": "Shapefile (.zip)"}
_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


@dataclass(frozen=True)
class Source:
    """A file as the user gave it: its name (for messages) and its bytes."""

    name: str
    data: bytes
    missing: bool = False  # a configured path that does not exist (name is then the whole path)
    sheet: str | None = None  # for workbooks: a named sheet instead of the first one with data
    size: int | None = None  # the file's size when only its first bytes were read (over the limit)

    @classmethod
    def from_path(cls, path: str | Path, sheet: str | None = None) -> Source:
        """The file at ``path``; one over the size limit is not read beyond the limit."""
        path = Path(path)
        if not path.is_file():
            return cls(str(path), b"", missing=True)
        size = path.stat().st_size
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
        return cls(path.name, data, sheet=sheet, size=size if size > MAX_BYTES else None)

    @cached_property
    def digest(self) -> str:
        """What the file is, in 64 characters: computed once, so that caches need not hash 40 MB each run."""
        hashed = hashlib.sha256(self.name.encode())
        hashed.update(b"\0" + (self.sheet or "").encode() + b"\0")
        hashed.update(self.data)
        return hashed.hexdigest()

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name.lower()).suffix


def file_format(source: Source) -> str | None:
    """The human name of the file's format, from its extension; None if we cannot read it."""
    return {**_TEXT_FORMATS, **_EXCEL_FORMATS, **_GEO_FORMATS}.get(source.suffix)


def is_geo(source: Source) -> bool:
    return source.suffix in _GEO_FORMATS


class _Unreadable(ValueError):
    """The bytes are not what the extension says, or hold more than the limits allow."""

    def __init__(self, code: str, row: int | None = None, value=None, column: str | None = None, **params):
        super().__init__(code)
        self.code, self.row, self.value, self.column, self.params = code, row, value, column, params


def read_table(source: Source, limits: Limits = LIMITS) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read any supported file into a frame of text cells plus ``_row``; problems instead of raising."""
    if source.missing:
        return None, [Problem(source.name, "not_found", value=source.name)]
    fmt = file_format(source)
    if fmt is None:
        return None, [Problem(source.name, "unsupported_format", value=source.suffix or source.name)]
    size = source.size or len(source.data)
    if size > limits.file_bytes:
        return None, [
            Problem(source.name, "too_large", params={"size": megabytes(size), "limit": limits.file_bytes // 2**20})
        ]
    if not source.data.strip():
        return None, [Problem(source.name, "empty_file")]
    box.stage("reading")
    try:
        if source.suffix in _TEXT_FORMATS:
            frame = _read_csv(source.data, limits)
        elif source.suffix in _EXCEL_FORMATS:
            frame = _read_excel(source.data, source.sheet, limits)
        elif source.suffix == ".gpkg":
            frame = _read_geopackage(source.data, limits)
        elif source.suffix == ".zip":
            frame = _read_zipped_shapefile(source.data, limits)
        else:
            frame = _read_geojson(source.data, limits)
    except _Unreadable as exc:
        params = {"format": fmt, **exc.params}
        return None, [Problem(source.name, exc.code, row=exc.row, column=exc.column, value=exc.value, params=params)]
    if frame.empty and not isinstance(frame, gpd.GeoDataFrame):
        return None, [Problem(source.name, "empty_file")]
    if not isinstance(frame, gpd.GeoDataFrame):
        frame, tags = split_hashtag_row(frame, ROW)
        frame.attrs["hxl"] = tags
    return frame, []


# --------------------------------------------------------------------------------------------
# Text: CSV, TSV, Excel's "Unicode text"

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(\s|$)")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1251, the encoding Excel uses in Ukraine.

    A statistical detector is not used on purpose: on short files it mistakes cp1251 for
    kz1048 and silently turns ї/є/ґ into other letters. Valid UTF-8 is very unlikely to be
    anything else, and what is not UTF-8 here is cp1251 in practice.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of ; , and tab."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _check_text_limits(lines: list[str], delimiter: str, limits: Limits) -> None:
    """Lines, columns, rows and cells within the limits, before pandas builds anything."""
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    if len(lines[longest]) > limits.line_chars:
        raise _Unreadable("line_too_long", row=longest + 1, count=f"{len(lines[longest]):,}", limit=f"{limits.line_chars:,}")
    first = next(i for i, line in enumerate(lines) if line.strip())
    try:
        header = next(csv.reader([lines[first]], delimiter=delimiter))
    except csv.Error:
        header = lines[first].split(delimiter)
    if len(header) > limits.columns:
        raise _Unreadable("too_many_columns", row=first + 1, count=f"{len(header):,}", limit=f"{limits.columns:,}")
    rows = len(lines) - first - 1
    if rows > limits.rows:
        raise _Unreadable("too_many_rows", count=f"{rows:,}", limit=f"{limits.rows:,}")
    if rows * len(header) > limits.cells:
        raise _Unreadable(
            "too_many_cells",
            count=f"{rows * len(header):,}",
            rows=f"{rows:,}",
            columns=len(header),
            limit=f"{limits.cells:,}",
        )
    for number, line in enumerate(lines, start=1):
        if line.startswith(("<<<<<<<", "=======", ">>>>>>>")) and _CONFLICT.match(line):
            raise _Unreadable("merge_conflict", row=number, value=line.strip()[:40])


def _read_csv(data: bytes, limits: Limits) -> pd.DataFrame:
    if sniff.is_binary(data):
        raise _Unreadable("binary")
    text = decode_text(data)
    if not text.strip():  # a byte-order mark and nothing after it
        raise _Unreadable("empty_file")
    if text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        raise _Unreadable("html")
    lines = text.split("\n")
    delimiter = sniff_delimiter(text)
    _check_text_limits(lines, delimiter, limits)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            quoting=csv.QUOTE_MINIMAL,
            skip_blank_lines=False,  # keep blank lines so that rows keep the numbers Excel shows
        )
    except pd.errors.EmptyDataError as exc:
        raise _Unreadable("empty_file") from exc
    except (pd.errors.ParserError, csv.Error) as exc:
        unclosed = re.search(r"EOF inside string starting at row (\d+)", str(exc))
        if unclosed:  # pandas counts data rows from 0; Excel numbers them from 2
            raise _Unreadable("unclosed_quote", row=int(unclosed.group(1)) + 2) from exc
        line = re.search(r"line (\d+)", str(exc))
        row = int(line.group(1)) if line else None
        raise _Unreadable("ragged_row", row=row, delimiter=delimiter.replace("\t", "Tab")) from exc
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    if max(len(line) for line in lines) > limits.cell_chars:
        _check_cell_length(frame, limits)
    return _numbered(frame)


def _check_cell_length(frame: pd.DataFrame, limits: Limits) -> None:
    for column in frame.columns:
        lengths = frame[column].fillna("").astype(str).str.len()
        if lengths.max() > limits.cell_chars:
            raise _Unreadable(
                "cell_too_long",
                row=int(lengths.idxmax()) + 2,
                column=str(column),
                count=f"{int(lengths.max()):,}",
                limit=f"{limits.cell_chars:,}",
            )


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    """Number rows as Excel does (header = 1), then drop the blank ones (Excel leaves ;;;; rows)."""
    frame = frame.fillna("")
    frame[ROW] = range(2, len(frame) + 2)
    cells = frame.drop(columns=[ROW]).astype(str)
    blank = cells.apply(lambda column: column.str.strip() == "").all(axis=1)
    return frame[~blank].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Zip archives: workbooks and zipped Shapefiles


def _open_zip(data: bytes, limits: Limits, not_it: str) -> zipfile.ZipFile:
    """The archive, once its declared sizes are within the limits (reading never goes beyond them).

    Python's zipfile stops every member at its declared size and checks its CRC, so a member
    that claims to be small cannot unpack into more: the declared sizes are what it can cost.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _Unreadable(not_it) from exc
    if len(infos) > limits.zip_members:
        raise _Unreadable("archive_members", count=f"{len(infos):,}", limit=f"{limits.zip_members:,}")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _Unreadable("archive_encrypted", value=info.filename[:80])
        total += info.file_size
        if info.file_size > limits.member_bytes or total > limits.unzipped_bytes:
            raise _Unreadable(
                "archive_too_large", value=info.filename[:80], size=megabytes(total), limit=megabytes(limits.unzipped_bytes)
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_from_bytes and ratio > limits.zip_ratio:
            raise _Unreadable("archive_ratio", value=info.filename[:80], ratio=f"{ratio:,.0f}", limit=limits.zip_ratio)
    return archive


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, not_it: str) -> bytes:
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise _Unreadable(not_it) from exc


# --------------------------------------------------------------------------------------------
# Excel workbooks


def _read_excel(data: bytes, sheet: str | None, limits: Limits) -> pd.DataFrame:
    """The named sheet, or else the first sheet that has data (workbooks often start with a cover).

    Read cell by cell (openpyxl's read-only mode) and never as a grid: a sheet that declares
    cells up to XFD1048576 is refused by its declared size, and one that lies about its size is
    stopped at the first cell beyond the limits.
    """
    if not sniff.is_zip(data):
        raise _Unreadable("not_workbook")
    archive = _open_zip(data, limits, "not_workbook")
    if "xl/workbook.xml" not in archive.namelist():
        raise _Unreadable("not_workbook")
    import openpyxl  # after the checks: reading a workbook's parts goes through defusedxml

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a file that is not a workbook
        raise _Unreadable("not_workbook") from exc
    try:
        names = book.sheetnames
        if len(names) > limits.sheets:
            raise _Unreadable("too_many_sheets", count=len(names), limit=limits.sheets)
        if sheet is not None and sheet not in names:
            raise _Unreadable("no_sheet", value=sheet, sheets=", ".join(names))
        frame = pd.DataFrame()
        for name in [sheet] if sheet is not None else names:
            frame = _sheet_frame(_sheet_rows(book[name], name, limits))
            if not frame.empty:  # a cover sheet has a title and no rows under it
                break
    except MemoryError:
        raise
    except _Unreadable:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged part of the workbook, found while reading it
        raise _Unreadable("not_workbook") from exc
    finally:
        book.close()
    return frame


def _sheet_rows(worksheet, name: str, limits: Limits) -> list[tuple[int, list[str]]]:
    """(Excel row number, cells as text) for every row with a value, within the limits."""
    declared_rows, declared_columns = worksheet.max_row, worksheet.max_column
    if (declared_rows or 0) > limits.rows + 1 or (declared_columns or 0) > limits.columns:
        raise _Unreadable(
            "sheet_too_large",
            value=name,
            rows=f"{declared_rows or 0:,}",
            columns=f"{declared_columns or 0:,}",
            max_rows=f"{limits.rows:,}",
            max_columns=limits.columns,
        )
    worksheet.reset_dimensions()  # read the cells that are there, not the size the file declares
    rows, cells = [], 0
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        width = len(values)
        while width and (values[width - 1] is None or values[width - 1] == ""):
            width -= 1
        if not width:
            continue
        if width > limits.columns:
            raise _Unreadable("too_many_columns", row=number, count=f"{width:,}", limit=f"{limits.columns:,}")
        if number > limits.rows + 1:
            raise _Unreadable("too_many_rows", count=f"{number - 1:,}", limit=f"{limits.rows:,}")
        cells += width
        if cells > limits.cells:
            raise _Unreadable(
                "too_many_cells", count=f"{cells:,}", rows=f"{number:,}", columns=width, limit=f"{limits.cells:,}"
            )
        texts = [_cell_text(v) for v in values[:width]]
        for index, text in enumerate(texts):
            if len(text) > limits.cell_chars:
                raise _Unreadable(
                    "cell_too_long",
                    row=number,
                    column=_column_letter(index),
                    count=f"{len(text):,}",
                    limit=f"{limits.cell_chars:,}",
                )
        rows.append((number, texts))
    return rows


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _cell_text(value: object) -> str:
    """A cell as pandas' ``read_excel(dtype=str)`` wrote it: whole floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    return str(value)


def _unique(headers: list[str]) -> list[str]:
    """Headers as pandas names them: blanks are ``Unnamed: N``, repeats get ``.1``, ``.2``."""
    seen: dict[str, int] = {}
    out = []
    for index, header in enumerate(headers):
        name = header.strip() or f"Unnamed: {index}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def _sheet_frame(rows: list[tuple[int, list[str]]]) -> pd.DataFrame:
    """Row 1 of the sheet is the header (an empty row 1 leaves every column unnamed)."""
    if not rows:
        return pd.DataFrame()
    header_cells = rows[0][1] if rows[0][0] == 1 else []
    body = rows[1:] if rows[0][0] == 1 else rows
    width = max([len(header_cells), *(len(cells) for _n, cells in body)])
    headers = _unique([*header_cells, *[""] * (width - len(header_cells))])
    frame = pd.DataFrame([cells + [""] * (width - len(cells)) for _n, cells in body], columns=headers, dtype=str)
    frame = frame.fillna("")
    frame[ROW] = [number for number, _cells in body]
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# GeoJSON

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


def _read_geojson(data: bytes, limits: Limits) -> gpd.GeoDataFrame:
    """A GeoJSON checked as JSON first (structure, finite coordinates, vertices), then read by GDAL."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Unreadable("not_utf8", row=body[: exc.start].count(b"\n") + 1) from exc
    start = text.lstrip()[:1]
    if start != "{":
        raise _Unreadable("not_geojson", value=sniff.describe(data))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Unreadable("bad_json", row=exc.lineno) from exc
    except RecursionError as exc:
        raise _Unreadable("too_deep") from exc
    features = _features(document)
    if len(features) > limits.rows:
        raise _Unreadable("too_many_rows", count=f"{len(features):,}", limit=f"{limits.rows:,}")
    keys: set[str] = set()
    total = 0
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise _Unreadable("bad_geojson_feature", row=number)
        properties = feature.get("properties")
        if properties is not None and not isinstance(properties, dict):
            raise _Unreadable("bad_geojson_feature", row=number)
        keys.update(properties or ())
        if len(keys) > limits.columns:
            raise _Unreadable("too_many_columns", row=number, count=f"{len(keys):,}", limit=f"{limits.columns:,}")
        try:
            vertices = _geometry_vertices(feature.get("geometry"))
        except _BadShape as exc:
            raise _Unreadable(exc.code, row=number, column="geometry") from exc
        except RecursionError as exc:
            raise _Unreadable("too_deep") from exc
        if vertices > limits.shape_vertices:
            raise _Unreadable(
                "shape_too_complex", row=number, column="geometry", count=f"{vertices:,}", limit=f"{limits.shape_vertices:,}"
            )
        total += vertices
        if total > limits.file_vertices:
            raise _Unreadable("file_too_complex", count=f"{total:,}", limit=f"{limits.file_vertices:,}")
    _check_crs(document)
    del document, features
    return _gdal(data, "bad_geo", limits)


def _features(document: object) -> list:
    if not isinstance(document, dict):
        raise _Unreadable("not_geojson", value="JSON")
    kind = document.get("type")
    if kind == "FeatureCollection" and isinstance(document.get("features"), list):
        return document["features"]
    if kind == "Feature":
        return [document]
    raise _Unreadable("not_geojson", value=f"JSON ({str(kind)[:40]})" if kind else "JSON")


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
        raise _Unreadable("unsupported_crs", value=json.dumps(crs, ensure_ascii=False)[:80])


def _gdal(data: bytes, not_it: str, limits: Limits) -> gpd.GeoDataFrame:
    """GDAL on an in-memory copy (``/vsimem/``), never a path; only the allow-listed drivers exist."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's notes about /vsimem names
        try:
            frame = pyogrio.read_dataframe(io.BytesIO(data))
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError) as exc:
            raise _Unreadable(not_it) from exc
        except (pyogrio.errors.GeometryError, pyogrio.errors.CRSError) as exc:
            raise _Unreadable("bad_geo") from exc
        except shapely.errors.ShapelyError as exc:  # a damaged geometry (a ring that does not close)
            if box.out_of_memory(exc):
                raise MemoryError(str(exc)) from exc
            raise _Unreadable("bad_geo") from exc
    if not isinstance(frame, gpd.GeoDataFrame):
        raise _Unreadable("no_geometry")
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
        raise _Unreadable("unsupported_crs", value=str(crs.name)[:80])
    return pyproj.CRS.from_epsg(code)


def _check_vertices(geometries, limits: Limits, rows=None) -> None:
    """The vertices of one shape and of the whole file within the limits (before any repair)."""
    counts = shapely.get_num_coordinates(np.asarray(geometries, dtype=object))
    if not len(counts):
        return
    worst = int(np.argmax(counts))
    if counts[worst] > limits.shape_vertices:
        row = int(rows[worst]) if rows is not None else worst + 1
        raise _Unreadable(
            "shape_too_complex",
            row=row,
            column="geometry",
            count=f"{int(counts[worst]):,}",
            limit=f"{limits.shape_vertices:,}",
        )
    if counts.sum() > limits.file_vertices:
        raise _Unreadable("file_too_complex", count=f"{int(counts.sum()):,}", limit=f"{limits.file_vertices:,}")


def check_shapes(geometries, rows, limits: Limits = LIMITS) -> Problem | None:
    """``_check_vertices`` for shapes made elsewhere (a CSV's WKT column): a problem, not an exception."""
    try:
        _check_vertices(geometries, limits, rows)
    except _Unreadable as exc:
        return Problem("", exc.code, row=exc.row, column=exc.column, value=exc.value, params=exc.params)
    return None


# --------------------------------------------------------------------------------------------
# GeoPackage

_GPKG_IDS = (b"GPKG", b"GP10", b"GP11")


def _read_geopackage(data: bytes, limits: Limits) -> gpd.GeoDataFrame:
    """A GeoPackage whose schema holds plain tables only, then read by GDAL.

    Views and virtual tables other than the spatial index (rtree) are refused: SQL in them runs
    when a layer is read, and a VirtualOGR table opens any file GDAL can name.
    """
    if not sniff.is_sqlite(data) or data[68:72] not in _GPKG_IDS:
        raise _Unreadable("not_geopackage", value=sniff.describe(data))
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
        connection.execute("PRAGMA trusted_schema = OFF")
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise _Unreadable("bad_geo")
        for kind, name, sql in connection.execute("SELECT type, name, sql FROM sqlite_master"):
            virtual = kind == "table" and re.match(r"(?is)\s*create\s+virtual\s+table", sql or "")
            if kind == "view" or (virtual and not re.search(r"(?is)\busing\s+rtree\b", sql or "")):
                raise _Unreadable("unsafe_geopackage", value=str(name)[:80])
        tables = [row[0] for row in connection.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")]
        if not tables:
            raise _Unreadable("no_geometry")
        for table in tables:
            quoted = '"' + str(table).replace('"', '""') + '"'
            columns = len(connection.execute(f"PRAGMA table_info({quoted})").fetchall())
            if columns > limits.columns:
                raise _Unreadable("too_many_columns", count=f"{columns:,}", limit=f"{limits.columns:,}")
            rows = connection.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0]
            if rows > limits.rows:
                raise _Unreadable("too_many_rows", count=f"{rows:,}", limit=f"{limits.rows:,}")
    except sqlite3.Error as exc:
        raise _Unreadable("bad_geo") from exc
    finally:
        connection.close()
    return _gdal(data, "bad_geo", limits)


# --------------------------------------------------------------------------------------------
# Zipped Shapefiles

_SHP_POLY_TYPES = {3, 5, 8, 13, 15, 18, 23, 25, 28, 31}  # polyline, polygon, multipoint (+Z, +M), multipatch


def _read_zipped_shapefile(data: bytes, limits: Limits) -> gpd.GeoDataFrame:
    """Shapefiles ship zipped, often inside a folder; only the parts are taken, by base name.

    GDAL gets a new zip in memory with those parts only, after the .shp's vertices and the
    .dbf's rows and columns are counted from their headers.
    """
    if not sniff.is_zip(data):
        raise _Unreadable("bad_geo")
    archive = _open_zip(data, limits, "bad_geo")
    parts: dict[str, zipfile.ZipInfo] = {}
    stem = None
    for info in archive.infolist():
        name = PurePosixPath(info.filename.replace("\\", "/")).name
        suffix = PurePosixPath(name.lower()).suffix
        if info.is_dir() or suffix not in _SHAPEFILE_PARTS or name.startswith("."):
            continue
        if suffix == ".shp" and stem is None:
            stem = name[: -len(suffix)].lower()
        parts.setdefault(name.lower(), info)
    if stem is None:
        raise _Unreadable("no_shp")
    chosen = {suffix: parts[stem + suffix] for suffix in _SHAPEFILE_PARTS if stem + suffix in parts}
    contents = {suffix: _read_member(archive, info, "bad_geo") for suffix, info in chosen.items()}
    _check_shp(contents[".shp"], limits)
    if ".dbf" in contents:
        _check_dbf(contents[".dbf"], limits)
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_STORED) as flat:
        for suffix, content in contents.items():
            flat.writestr("layer" + suffix, content)
    return _gdal(rebuilt.getvalue(), "bad_geo", limits)


def _check_shp(shp: bytes, limits: Limits) -> None:
    """The .shp's header, and the vertices its records declare, counted before GDAL reads them."""
    if len(shp) < 100 or struct.unpack_from(">i", shp, 0)[0] != 9994:
        raise _Unreadable("bad_geo")
    offset, number, total = 100, 0, 0
    while offset + 8 <= len(shp):
        length = struct.unpack_from(">i", shp, offset + 4)[0] * 2
        body = offset + 8
        number += 1
        if number > limits.rows:
            raise _Unreadable("too_many_rows", count=f"{number:,}", limit=f"{limits.rows:,}")
        if length >= 4 and body + 4 <= len(shp):
            kind = struct.unpack_from("<i", shp, body)[0]
            vertices = 0
            if kind in (8, 18, 28) and body + 40 <= len(shp):  # multipoint: box, then the count
                vertices = struct.unpack_from("<i", shp, body + 36)[0]
            elif kind in _SHP_POLY_TYPES and body + 44 <= len(shp):  # box, parts, points
                vertices = struct.unpack_from("<i", shp, body + 40)[0]
            elif kind in (1, 11, 21):
                vertices = 1
            if vertices < 0 or vertices > limits.shape_vertices:
                raise _Unreadable(
                    "shape_too_complex",
                    row=number,
                    column="geometry",
                    count=f"{vertices:,}",
                    limit=f"{limits.shape_vertices:,}",
                )
            total += vertices
            if total > limits.file_vertices:
                raise _Unreadable("file_too_complex", count=f"{total:,}", limit=f"{limits.file_vertices:,}")
        if length < 0:
            raise _Unreadable("bad_geo")
        offset = body + length


def _check_dbf(dbf: bytes, limits: Limits) -> None:
    if len(dbf) < 32:
        raise _Unreadable("bad_geo")
    records, header = struct.unpack_from("<IH", dbf, 4)
    if records > limits.rows:
        raise _Unreadable("too_many_rows", count=f"{records:,}", limit=f"{limits.rows:,}")
    if (header - 33) // 32 > limits.columns:
        raise _Unreadable("too_many_columns", count=f"{(header - 33) // 32:,}", limit=f"{limits.columns:,}")
