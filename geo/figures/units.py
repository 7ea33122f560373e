"""Raions and oblasts from the hromadas: the units that coarser figures (DTM, HNO) are published for.

The communities file names each hromada's raion and oblast (``raion_pcode``, ``oblast_pcode`` and their
names, from COD-AB's ADM2 and ADM1 columns). A level's shapes are the hromadas dissolved as one
coverage (``shapely.coverage_union_all``: 0.09 s for 139 raions and 27 oblasts from the demo's 1,768
hromadas, against 0.42 s for a general union), unless a file of that level's own shapes is given.
Every level's frame has the same columns, so that a map, a table or a figure takes any level alike.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from geo.ingest.codes import LEVELS

# The columns of a level's units, in this order (the hromada level keeps the communities' own too).
UNIT_COLUMNS = ("pcode", "level", "name_uk", "name_en", "parent_pcode", "oblast_pcode", "population", "hromadas")
# Where each level finds its code and names in the communities file.
_LEVEL_COLUMNS = {
    "oblast": ("oblast_pcode", "oblast_uk", "oblast", None),
    "raion": ("raion_pcode", "raion_uk", "raion", "oblast_pcode"),
}
FINER = {"oblast": "raion", "raion": "hromada", "hromada": None}
COARSER = {"oblast": None, "raion": "oblast", "hromada": "raion"}


def _first(values: pd.Series):
    """The first non-blank value of a group: a raion's name as its hromadas write it."""
    values = values.dropna()
    values = values[values.astype(str).str.strip() != ""]
    return values.iloc[0] if len(values) else pd.NA


def units_at(communities: gpd.GeoDataFrame, level: str, shapes: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """The units of ``level``, one row each, with ``UNIT_COLUMNS``, a geometry and a centre point.

    ``shapes`` are the level's own boundaries (a COD-AB ADM1 or ADM2 file loaded as
    ``pcode``/``name_uk``/``name_en``/``geometry``): their shapes and names win over the dissolved ones.
    A level whose code column is blank in the communities file has no units (an empty frame).
    Populations are summed from the hromadas and left blank where any hromada lacks one, so that a
    rate is never worked out over part of a unit.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; one of {LEVELS}")
    if level == "hromada":
        out = communities.copy()
        out["level"] = "hromada"
        out["parent_pcode"] = out["raion_pcode"] if "raion_pcode" in out else pd.NA
        out["hromadas"] = 1
        return out
    code, name_uk, name_en, parent = _LEVEL_COLUMNS[level]
    frame = communities[communities[code].notna() & (communities[code].astype("string").str.strip() != "")]
    if frame.empty:
        return gpd.GeoDataFrame({c: [] for c in UNIT_COLUMNS}, geometry=gpd.GeoSeries([], crs=communities.crs))
    groups = frame.groupby(code, sort=True)
    table = pd.DataFrame(
        {
            "pcode": list(groups.groups),
            "level": level,
            "name_uk": groups[name_uk].agg(_first).to_numpy(),
            "name_en": groups[name_en].agg(_first).to_numpy(),
            "parent_pcode": groups[parent].agg(_first).to_numpy() if parent else pd.NA,
            "oblast_pcode": groups["oblast_pcode"].agg(_first).to_numpy(),
            "population": groups["population"].agg(lambda p: p.sum() if p.notna().all() else pd.NA).to_numpy(),
            "hromadas": groups.size().to_numpy(),
        }
    )
    table["name_en"] = table["name_en"].fillna(table["name_uk"])
    table["name_uk"] = table["name_uk"].fillna(table["name_en"]).fillna(table["pcode"])
    table["name_en"] = table["name_en"].fillna(table["pcode"])
    table["population"] = table["population"].astype("Float64")
    geometry = [dissolve(group.geometry.to_numpy()) for _code, group in groups]
    units = gpd.GeoDataFrame(table, geometry=geometry, crs=communities.crs)
    if shapes is not None and not shapes.empty:
        units = _with_own_shapes(units, shapes)
    centres = units.geometry.representative_point()
    units["center_lat"] = centres.y.round(5)
    units["center_lon"] = centres.x.round(5)
    return units.reset_index(drop=True)


def dissolve(shapes) -> shapely.Geometry:
    """The union of a unit's hromadas: as one coverage (fast), or, where their edges do not meet exactly
    (COD-AB's own hromadas: "CoverageUnion cannot process incorrectly noded inputs"), as a general union."""
    try:
        union = shapely.coverage_union_all(shapes)
        if shapely.is_valid(union):
            return union
    except shapely.errors.GEOSException:
        pass
    return shapely.union_all(shapely.make_valid(shapes))


def _with_own_shapes(units: gpd.GeoDataFrame, shapes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The level's own boundaries and names where a file gives them; dissolved ones elsewhere."""
    own = shapes.drop_duplicates("pcode").set_index("pcode")
    units = units.set_index("pcode", drop=False)
    found = units.index.intersection(own.index)
    units.loc[found, "geometry"] = own.loc[found, "geometry"].to_numpy()
    for column in ("name_uk", "name_en"):
        if column in own.columns:
            names = own.loc[found, column]
            units.loc[found, column] = names.where(names.notna(), units.loc[found, column]).to_numpy()
    return units.reset_index(drop=True)


def unit_of(communities: pd.DataFrame, level: str) -> pd.Series:
    """For each hromada (indexed by its P-code), the P-code of its unit at ``level``."""
    index = pd.Index(communities["pcode"], name="pcode")
    if level == "hromada":
        return pd.Series(index.to_numpy(), index=index, dtype="string")
    column = _LEVEL_COLUMNS[level][0]
    return pd.Series(communities[column].to_numpy(), index=index, dtype="string")
