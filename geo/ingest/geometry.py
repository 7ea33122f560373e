"""The shapes and points of the inputs: boundaries in WGS 84, polygons kept after repair, points placed in communities.

Apart from the loaders, so that each loader reads as the steps it takes. A point's problem never quotes
a household's coordinates (``report_outside``).
"""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.ingest.columns import Report
from geo.ingest.raw_table import ROW

UKRAINE_BOUNDS = (22.0, 44.0, 40.5, 52.5)  # lon/lat box, generous, to spot swapped coordinates


def geometry_of(raw: pd.DataFrame, report: Report) -> tuple[gpd.GeoSeries | None, pd.DataFrame]:
    """Boundaries in WGS 84 (from a geo file or a CSV's WKT column) and the other columns."""
    if isinstance(raw, gpd.GeoDataFrame):
        series = raw.geometry
        if series.crs is None:
            series = series.set_crs(4326)
        elif not series.crs.equals("EPSG:4326"):
            series = series.to_crs(4326)
        return series, pd.DataFrame(raw.drop(columns=[raw.geometry.name]))
    wkt_column = next((c for c in raw.columns if str(c).strip().lower() in ("geometry", "wkt", "geom")), None)
    if wkt_column is None:
        report.add("no_geometry")
        return None, raw
    text = raw[wkt_column].fillna("").astype(str).str.strip()
    cells = np.where(text != "", text.to_numpy(dtype=object), None)  # None, not NaN: shapely takes no floats
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # shapely's note on each cell it cannot read
        parsed = shapely.from_wkt(cells, on_invalid="ignore")
    broken = (text != "").to_numpy() & pd.isna(parsed)
    for row, value in zip(raw.loc[broken, ROW], text[broken], strict=True):
        report.add("bad_wkt", row=int(row), column=wkt_column, value=value[:40] + ("…" if len(value) > 40 else ""))
    return gpd.GeoSeries(parsed, index=raw.index, crs=4326), raw.drop(columns=[wkt_column])


def rows_with_bad_coordinates(geo: gpd.GeoDataFrame) -> list[int]:
    """Rows whose shape has a NaN or infinite coordinate (a GeoPackage or WKT can carry them)."""
    coordinates, index = shapely.get_coordinates(geo.geometry.array, return_index=True)
    bad = np.unique(index[~np.isfinite(coordinates).all(axis=1)])
    return [int(row) for row in geo[ROW].to_numpy()[bad]]


def polygonal(series: gpd.GeoSeries) -> gpd.GeoSeries:
    """Keep the polygon parts of repaired shapes (make_valid may add stray lines or points)."""

    def keep(geom):
        if geom is None or geom.geom_type in ("Polygon", "MultiPolygon"):
            return geom
        parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
        return shapely.union_all(parts) if parts else shapely.Polygon()

    return series.apply(keep)


def points_to_communities(lat: pd.Series, lon: pd.Series, communities: gpd.GeoDataFrame) -> pd.Series:
    """The P-code of the community containing each point (<NA> where none does)."""
    has = lat.notna() & lon.notna()
    result = pd.Series(pd.NA, index=lat.index, dtype="string")
    if not has.any():
        return result
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(lon[has].astype(float), lat[has].astype(float)), index=lat.index[has], crs=4326
    )
    joined = gpd.sjoin(points, communities[["pcode", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    result[joined.index] = joined["pcode"].astype("string")
    return result


def in_ukraine(lat: pd.Series, lon: pd.Series) -> pd.Series:
    west, south, east, north = UKRAINE_BOUNDS
    return lon.between(west, east) & lat.between(south, north)


def report_outside(frame: pd.DataFrame, mask: pd.Series, report: Report, need: bool = False) -> None:
    """Points in no community; those that would be in Ukraine with lat and lon swapped say so.

    A hub's point is public and is quoted; a need's is a household's and is not (``need``): the
    message names the need's id instead.
    """
    swapped = in_ukraine(frame["lon"], frame["lat"])
    ids = frame["_raw_need_id"] if need else pd.Series("", index=frame.index)
    for row, lat, lon, turned, need_id in zip(
        frame.loc[mask, ROW], frame.loc[mask, "lat"], frame.loc[mask, "lon"], swapped[mask], ids[mask], strict=True
    ):
        if need:
            report.add("need_swapped" if turned else "need_outside", row=int(row), column="lat", value=need_id)
        else:
            report.add("swapped" if turned else "outside", row=int(row), column="lat", value=f"({lat}, {lon})")
