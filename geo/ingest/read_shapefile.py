"""Zipped Shapefiles: one layer's parts only, given to GDAL after the .shp and .dbf headers are counted."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import PurePosixPath

import geopandas as gpd

from geo.ingest import sniff
from geo.ingest.limits import Limits
from geo.ingest.raw_table import Unreadable
from geo.ingest.read_geo import gdal_frame
from geo.ingest.read_zip import open_zip, read_member

_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")

_SHP_POLY_TYPES = {3, 5, 8, 13, 15, 18, 23, 25, 28, 31}  # polyline, polygon, multipoint (+Z, +M), multipatch


def read_zipped_shapefile(data: bytes, limits: Limits) -> gpd.GeoDataFrame:
    """Shapefiles ship zipped, often inside a folder; only the parts are taken, by base name.

    GDAL gets a new zip in memory with those parts only, after the .shp's vertices and the
    .dbf's rows and columns are counted from their headers.
    """
    if not sniff.is_zip(data):
        raise Unreadable("bad_geo")
    archive = open_zip(data, limits, "bad_geo")
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
        raise Unreadable("no_shp")
    chosen = {suffix: parts[stem + suffix] for suffix in _SHAPEFILE_PARTS if stem + suffix in parts}
    contents = {suffix: read_member(archive, info, "bad_geo") for suffix, info in chosen.items()}
    _check_shp(contents[".shp"], limits)
    if ".dbf" in contents:
        _check_dbf(contents[".dbf"], limits)
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_STORED) as flat:
        for suffix, content in contents.items():
            flat.writestr("layer" + suffix, content)
    return gdal_frame(rebuilt.getvalue(), "bad_geo", limits)


def _check_shp(shp: bytes, limits: Limits) -> None:
    """The .shp's header, and the vertices its records declare, counted before GDAL reads them."""
    if len(shp) < 100 or struct.unpack_from(">i", shp, 0)[0] != 9994:
        raise Unreadable("bad_geo")
    offset, number, total = 100, 0, 0
    while offset + 8 <= len(shp):
        length = struct.unpack_from(">i", shp, offset + 4)[0] * 2
        body = offset + 8
        number += 1
        if number > limits.rows:
            raise Unreadable("too_many_rows", count=f"{number:,}", limit=f"{limits.rows:,}")
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
                raise Unreadable(
                    "shape_too_complex",
                    row=number,
                    column="geometry",
                    count=f"{vertices:,}",
                    limit=f"{limits.shape_vertices:,}",
                )
            total += vertices
            if total > limits.file_vertices:
                raise Unreadable("file_too_complex", count=f"{total:,}", limit=f"{limits.file_vertices:,}")
        if length < 0:
            raise Unreadable("bad_geo")
        offset = body + length


def _check_dbf(dbf: bytes, limits: Limits) -> None:
    if len(dbf) < 32:
        raise Unreadable("bad_geo")
    records, header = struct.unpack_from("<IH", dbf, 4)
    if records > limits.rows:
        raise Unreadable("too_many_rows", count=f"{records:,}", limit=f"{limits.rows:,}")
    if (header - 33) // 32 > limits.columns:
        raise Unreadable("too_many_columns", count=f"{(header - 33) // 32:,}", limit=f"{limits.columns:,}")
