"""Turn the bytes of a user's file into a raw table, whatever its format, encoding or delimiter.

Every cell comes back as text (nothing is guessed yet) with the row number Excel would show,
so that later checks can name the row. Geometry files come back as GeoDataFrames.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
import warnings
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.hxl import split_hashtag_row
from geo.problems import Problem

MAX_BYTES = 50 * 1024 * 1024  # the same limit as server.maxUploadSize in .streamlit/config.toml
ROW = "_row"  # the row number as Excel shows it (header = 1), or the feature number in a GeoJSON

_TEXT_FORMATS = {".csv": "CSV", ".txt": "CSV", ".tsv": "CSV"}
_EXCEL_FORMATS = {".xlsx": "Excel", ".xlsm": "Excel"}
_GEO_FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".zip": "Shapefile (.zip)"}
_SHAPEFILE_PARTS = {".shp", ".shx", ".dbf", ".prj", ".cpg"}


@dataclass(frozen=True)
class Source:
    """A file as the user gave it: its name (for messages) and its bytes."""

    name: str
    data: bytes
    missing: bool = False  # a configured path that does not exist (name is then the whole path)
    sheet: str | None = None  # for workbooks: a named sheet instead of the first one with data

    @classmethod
    def from_path(cls, path: str | Path) -> Source:
        path = Path(path)
        if not path.is_file():
            return cls(str(path), b"", missing=True)
        return cls(path.name, path.read_bytes())

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


def read_table(source: Source) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read any supported file into a frame of text cells plus ``_row``; problems instead of raising."""
    if source.missing:
        return None, [Problem(source.name, "not_found", value=source.name)]
    fmt = file_format(source)
    if fmt is None:
        return None, [Problem(source.name, "unsupported_format", value=source.suffix or source.name)]
    if len(source.data) > MAX_BYTES:
        size = f"{len(source.data) / 1e6:.1f}"
        return None, [Problem(source.name, "too_large", params={"size": size, "limit": MAX_BYTES // 2**20})]
    if not source.data.strip():
        return None, [Problem(source.name, "empty_file")]
    try:
        if source.suffix in _TEXT_FORMATS:
            frame = _read_csv(source.data)
        elif source.suffix in _EXCEL_FORMATS:
            frame = _read_excel(source.data, source.sheet)
        else:
            frame = _read_geo(source)
    except _Unreadable as exc:
        params = {"format": fmt, **exc.params}
        return None, [Problem(source.name, exc.code, row=exc.row, value=exc.value, params=params)]
    if frame.empty and not isinstance(frame, gpd.GeoDataFrame):
        return None, [Problem(source.name, "empty_file")]
    if not isinstance(frame, gpd.GeoDataFrame):
        frame, tags = split_hashtag_row(frame, ROW)
        frame.attrs["hxl"] = tags
    return frame, []


class _Unreadable(ValueError):
    """The bytes are not what the extension says (or not usable as they are)."""

    def __init__(self, detail: str, code: str = "unreadable", row: int | None = None, value=None, **params):
        super().__init__(detail)
        self.code, self.row, self.value, self.params = code, row, value, params


_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(\s|$)")


def _check_conflict_markers(text: str) -> None:
    """A file saved in the middle of a git merge has <<<<<<< / ======= / >>>>>>> lines."""
    for number, line in enumerate(text.splitlines(), start=1):
        if _CONFLICT.match(line):
            raise _Unreadable("merge conflict", code="merge_conflict", row=number, value=line.strip()[:40])


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


def _read_csv(data: bytes) -> pd.DataFrame:
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in data[:4096]:
        raise _Unreadable("binary", code="binary")
    text = decode_text(data)
    if text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        raise _Unreadable("html", code="html")
    _check_conflict_markers(text)
    delimiter = sniff_delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            quoting=csv.QUOTE_MINIMAL,
            skip_blank_lines=False,  # keep blank lines so that rows keep the numbers Excel shows
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        line = re.search(r"line (\d+)", str(exc))
        row = int(line.group(1)) if line else None
        raise _Unreadable("ragged", code="ragged_row", row=row, delimiter=delimiter.replace("\t", "Tab")) from exc
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    return _numbered(frame)


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    """Number rows as Excel does (header = 1), then drop the blank ones (Excel leaves ;;;; rows)."""
    frame = frame.fillna("")
    frame[ROW] = range(2, len(frame) + 2)
    cells = frame.drop(columns=[ROW]).astype(str)
    blank = cells.apply(lambda column: column.str.strip() == "").all(axis=1)
    return frame[~blank].reset_index(drop=True)


def _read_excel(data: bytes, sheet: str | None = None) -> pd.DataFrame:
    """The named sheet, or else the first sheet that has data (workbooks often start with a cover)."""
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise _Unreadable(type(exc).__name__, code="not_workbook") from exc
    if sheet is not None:
        if sheet not in sheets:
            raise _Unreadable("no sheet", code="no_sheet", value=sheet, sheets=", ".join(sheets))
        frame = sheets[sheet]
    else:
        frame = next((f for f in sheets.values() if not f.empty), pd.DataFrame())
    frame.columns = [str(c).strip() for c in frame.columns]
    return _numbered(frame)


def _read_geo(source: Source) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's notes about /vsimem names
        try:
            if source.suffix == ".zip":
                frame = _read_zipped_shapefile(source.data)
            else:
                frame = pyogrio.read_dataframe(io.BytesIO(source.data))
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, zipfile.BadZipFile) as exc:
            raise _Unreadable(str(exc).split(";")[0], code="bad_geo") from exc
    if not isinstance(frame, gpd.GeoDataFrame):
        raise _Unreadable("no geometry column", code="bad_geo")
    frame[ROW] = range(1, len(frame) + 1)
    return frame


def _read_zipped_shapefile(data: bytes) -> gpd.GeoDataFrame:
    """Shapefiles ship zipped, often inside a folder; extract only the parts, by base name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, tempfile.TemporaryDirectory() as tmp:
        shp = None
        for info in archive.infolist():
            name = PurePosixPath(info.filename).name
            suffix = PurePosixPath(name.lower()).suffix
            if info.is_dir() or suffix not in _SHAPEFILE_PARTS or name.startswith("."):
                continue
            target = Path(tmp) / name  # base name only: no path from the archive is trusted
            target.write_bytes(archive.read(info))
            if suffix == ".shp" and shp is None:
                shp = target
        if shp is None:
            raise _Unreadable("no .shp file in the archive", code="no_shp")
        return pyogrio.read_dataframe(shp)
