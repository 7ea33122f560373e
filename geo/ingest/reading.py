"""Turn the bytes of a user's file into a raw table, whatever its format, encoding or delimiter.

Every cell comes back as text (nothing is guessed yet) with the row number Excel would show,
so that later checks can name the row. Geometry files come back as GeoDataFrames.

A file is read only as the format its name claims, and only when its bytes are that format
(``geo.ingest.sniff``): a VRT document named ``needs.geojson`` is refused before GDAL sees it, and GDAL
itself knows no other format (``geo.ingest.gdal_config``). Each format is checked against the limits of
``geo.ingest.limits`` before the work those limits bound: the header's columns before a CSV is parsed,
a zip's declared sizes before anything is unpacked, a sheet's declared size before its cells are
read, a GeoJSON's vertices before GDAL builds them.

Here: ``Source`` and the choice of reader by extension. The readers: ``read_text`` (CSV),
``read_excel``, ``read_geo`` (GeoJSON, GeoPackage, GDAL), ``read_shapefile``, over ``read_zip`` and
``raw_table``; where a table's header is (``header_row``) and a KoboToolbox export's questions (``kobo``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pandas as pd

from geo.ingest import box
from geo.ingest.hxl import split_hashtag_row
from geo.ingest.kobo import kobo_frame
from geo.ingest.limits import LIMITS, Limits, megabytes
from geo.ingest.mapping import ColumnMapping, apply_mapping, mapping_problem
from geo.ingest.problems import Problem
from geo.ingest.raw_table import ROW, Unreadable

# The readers, under these names and looked up at each read: a test swaps them to prove that a file over
# the limit never reaches one (tests/ingest/test_validate.py).
from geo.ingest.read_excel import read_excel as _read_excel
from geo.ingest.read_geo import read_geojson as _read_geojson
from geo.ingest.read_geo import read_geopackage as _read_geopackage
from geo.ingest.read_shapefile import read_zipped_shapefile as _read_zipped_shapefile
from geo.ingest.read_text import read_csv as _read_csv

MAX_BYTES = LIMITS.file_bytes  # an upload's: the same limit as server.maxUploadSize in .streamlit/config.toml

_TEXT_FORMATS = {".csv": "CSV", ".txt": "CSV", ".tsv": "CSV"}
_EXCEL_FORMATS = {".xlsx": "Excel", ".xlsm": "Excel"}
_GEO_FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".zip": "Shapefile (.zip)"}


@dataclass(frozen=True)
class Source:
    """A file as the user gave it: its name (for messages) and its bytes, and the limits it is read under.

    ``limits`` is ``LIMITS`` (a visitor's upload) unless the file is the deployment's own
    (``from_path(..., limits=OWN_LIMITS)``): a ``Source`` built from an upload's bytes can never carry
    the larger ones by accident, and ``read_table`` reads every file under its own.
    """

    name: str
    data: bytes
    missing: bool = False  # a configured path that does not exist (name is then the whole path)
    sheet: str | None = None  # for workbooks: a named sheet instead of the first one with data
    size: int | None = None  # the file's size when only its first bytes were read (over the limit)
    mapping: ColumnMapping | None = None  # which column is which, when the file's headers do not say (geo.ingest.mapping)
    limits: Limits = LIMITS  # what the file may hold (geo.ingest.limits): OWN_LIMITS for the deployment's own files

    @classmethod
    def from_path(
        cls, path: str | Path, sheet: str | None = None, mapping: ColumnMapping | None = None, limits: Limits = LIMITS
    ) -> Source:
        """The file at ``path``, to be read under ``limits``; one over their size limit is not read beyond it.

        The app passes ``OWN_LIMITS`` for the deployment's paths; the command line keeps the upload limits,
        since it tells a coordinator whether a file would load as an upload.
        """
        path = Path(path)
        if not path.is_file():
            return cls(str(path), b"", missing=True, limits=limits)
        size = path.stat().st_size
        with path.open("rb") as fh:
            data = fh.read(limits.file_bytes + 1)
        over = size if size > limits.file_bytes else None
        return cls(path.name, data, sheet=sheet, size=over, mapping=mapping, limits=limits)

    @cached_property
    def digest(self) -> str:
        """What the file is, in 64 characters: computed once, so that caches need not hash 40 MB each run.

        The limits count only when they are not the upload's: the same bytes read under other limits
        load (or are refused) otherwise, and a cache must not give one's result for the other."""
        hashed = hashlib.sha256(self.name.encode())
        hashed.update(b"\0" + (self.sheet or "").encode() + b"\0")
        if self.mapping:
            hashed.update(f"{self.mapping.kind}\n{self.mapping.text()}".encode() + b"\0")
        if self.limits != LIMITS:
            hashed.update(repr(self.limits).encode() + b"\0")
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


def read_table(
    source: Source, limits: Limits | None = None, kind: str | None = None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read any supported file into a frame of text cells plus ``_row``; problems instead of raising.

    ``limits``: the source's own (``Source.limits``: an upload's, or the deployment's) unless given.

    ``kind``: a workbook is read from its first table that fits this input (``geo.ingest.read_excel``).
    ``frame.attrs["read_from"]`` says which sheet and header row were read (``geo.ingest.header_row``).
    """
    limits = source.limits if limits is None else limits
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
            frame = _read_excel(source.data, source.sheet, limits, kind)
        elif source.suffix == ".gpkg":
            frame = _read_geopackage(source.data, limits)
        elif source.suffix == ".zip":
            frame = _read_zipped_shapefile(source.data, limits)
        else:
            frame = _read_geojson(source.data, limits)
    except Unreadable as exc:
        params = {"format": fmt, **exc.params}
        return None, [Problem(source.name, exc.code, row=exc.row, column=exc.column, value=exc.value, params=params)]
    if frame.empty and not isinstance(frame, gpd.GeoDataFrame):
        return None, [Problem(source.name, "empty_file")]
    read_from = frame.attrs.get("read_from")  # which sheet and header row (geo.ingest.header_row)
    if not isinstance(frame, gpd.GeoDataFrame):
        frame, tags = split_hashtag_row(frame, ROW)
        frame, tags = kobo_frame(frame, tags)  # a KoboToolbox export's group paths and select-multiple columns
        frame.attrs["hxl"] = tags
    if source.mapping:  # the one place a mapping applies: before the loaders' own renaming
        if (problem := mapping_problem(source.name, frame, source.mapping)) is not None:
            return None, [problem]
        frame = apply_mapping(frame, source.mapping)
    if read_from:
        frame.attrs["read_from"] = read_from
    return frame, []
