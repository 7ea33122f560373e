"""Load the four inputs of docs/data-format.md into typed frames, or say what is wrong.

Loaders never raise on bad data and never show a person's details: they return a
``LoadResult`` whose ``frame`` is None when any error was found, and they drop the personal
columns of a needs file as they read it. Each loader is the steps of one kind; the steps are in
``geo.ingest.columns`` (headers and cells), ``geo.ingest.geometry`` (shapes and points) and
``geo.ingest.parsers`` (values).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo.ingest import box
from geo.ingest.columns import (
    Report,
    check_known,
    check_required,
    check_unique,
    contract_frame,
    parse_columns,
    rename_columns,
    typed_table,
)
from geo.ingest.contract import KINDS, PERSONAL_COLUMNS
from geo.ingest.geometry import (
    geometry_of,
    in_ukraine,
    points_to_communities,
    polygonal,
    report_outside,
    rows_with_bad_coordinates,
)
from geo.ingest.parsers import blank_cells
from geo.ingest.problems import WARNING, Problem, has_errors
from geo.ingest.raw_table import ROW
from geo.ingest.read_geo import check_shapes
from geo.ingest.reading import Source, read_table

logger = logging.getLogger(__name__)

DEFAULT_FILES = {
    "communities": "communities.geojson",
    "needs": "needs.csv",
    "hubs": "hubs.csv",
    "idp_counts": "idp_counts.csv",
}
ENV_VARS = {kind: f"HROMADA_{kind.upper()}" for kind in KINDS}


@dataclass
class LoadResult:
    """A loaded frame (None on any error) and everything worth telling the user."""

    kind: str
    source_name: str
    frame: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)
    rows_read: int | None = None  # the file's rows of data; None when it could not be read as a table
    unused_columns: tuple[str, ...] = ()  # the file's columns that the data format does not have (not read)
    read_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC), compare=False)

    @property
    def ok(self) -> bool:
        return self.frame is not None and not has_errors(self.problems)


def _finished(kind: str, source: Source, frame: pd.DataFrame | None, report: Report) -> LoadResult:
    """The result with the report's problems and what it saw of the file: its rows, the columns not read."""
    return LoadResult(kind, source.name, frame, report.finish(), report.rows_read, report.unused_columns)


@dataclass(frozen=True)
class Dataset:
    """The four inputs, loaded and checked against each other."""

    communities: gpd.GeoDataFrame
    needs: pd.DataFrame
    hubs: pd.DataFrame
    idp_counts: pd.DataFrame
    names: Mapping[str, str]  # kind -> file name the data came from
    # Optional inputs. A level's own boundaries (COD-AB ADM1/ADM2: pcode, name_uk, name_en, geometry);
    # None: the oblasts and raions are the hromadas dissolved (geo.figures.units).
    oblasts: gpd.GeoDataFrame | None = None
    raions: gpd.GeoDataFrame | None = None
    # Figures per unit at any level, from the indicators files (geo.ingest.indicators); None: none given.
    indicators: pd.DataFrame | None = None


def load_communities(source: Source) -> LoadResult:
    report = Report(source.name)
    raw, problems = read_table(source)
    if raw is None:
        return LoadResult("communities", source.name, None, problems)
    box.stage("shapes")
    geometry, raw = geometry_of(raw, report)
    original = list(raw.columns)
    frame = rename_columns(raw, "communities", report)
    if not check_required(frame, "communities", report, original) or geometry is None:
        return _finished("communities", source, None, report)
    box.stage("columns")
    frame = parse_columns(frame, "communities", report)
    frame["name_en"] = frame["name_en"].fillna(frame["name_uk"])
    frame["raion_uk"] = frame["raion_uk"].fillna(frame["raion"])
    frame["oblast_uk"] = frame["oblast_uk"].fillna(frame["oblast"])
    check_unique(frame, "pcode", report)

    geo = gpd.GeoDataFrame(contract_frame(frame, "communities"), geometry=geometry.reset_index(drop=True))
    empty = geo.geometry.isna() | geo.geometry.is_empty
    for row in geo.loc[empty, ROW]:
        report.add("empty_geometry", WARNING, row=int(row), column="geometry")
    geo = geo[~empty]
    if geo.empty:
        report.add("no_geometry")
    box.stage("shapes")
    too_complex = check_shapes(geo.geometry.array, geo[ROW].to_numpy())
    if too_complex is not None:  # before any repair: repairing a huge shape is what never ends
        report.add(too_complex.code, row=too_complex.row, column="geometry", **too_complex.params)
        return _finished("communities", source, None, report)
    for row in rows_with_bad_coordinates(geo):
        report.add("bad_coordinates", row=int(row), column="geometry")
    kinds = geo.geom_type
    not_polygon = ~kinds.isin(["Polygon", "MultiPolygon"])
    for row, kind in zip(geo.loc[not_polygon, ROW], kinds[not_polygon], strict=True):
        report.add("bad_geometry", row=int(row), column="geometry", value=kind)
    if has_errors(report.problems):
        return _finished("communities", source, None, report)
    invalid = ~geo.geometry.is_valid
    if invalid.any():
        box.stage("repairing")
        # "structure" rebuilds a polygon from its rings' areas: what a boundary means, and far faster
        # than tracing every crossing ("linework" takes minutes on a 200-vertex star).
        repaired = shapely.make_valid(geo.geometry[invalid].to_numpy(), method="structure", keep_collapsed=False)
        geo.loc[invalid, "geometry"] = polygonal(gpd.GeoSeries(repaired, index=geo.index[invalid], crs=geo.crs))
        lost = invalid & (geo.geometry.isna() | geo.geometry.is_empty)
        for row in geo.loc[lost, ROW]:
            report.add("unrepairable_geometry", WARNING, row=int(row), column="geometry")
        if (invalid & ~lost).any():
            report.add("repaired_geometry", WARNING, count=int((invalid & ~lost).sum()))
        geo = geo[~lost]
        if geo.empty:
            report.add("no_geometry")
            return _finished("communities", source, None, report)
    centres = geo.geometry.representative_point()
    geo["center_lat"] = centres.y.round(5)
    geo["center_lon"] = centres.x.round(5)
    return _finished("communities", source, geo.reset_index(drop=True), report)


def load_needs(
    source: Source, communities: gpd.GeoDataFrame, strict: bool = True, *, keep_personal: bool = False
) -> LoadResult:
    """The needs, typed and placed in their communities; personal columns dropped.

    ``keep_personal`` is for the internal view only (``geo.ingest.settings``): it keeps the personal
    columns (``PERSONAL_COLUMNS``, blank where the file has none) and the household's own
    ``lat``/``lon``. The default drops both, so nothing downstream can show them.
    """
    frame, report, problems = typed_table(source, "needs", keep_personal)
    if frame is None:
        return LoadResult("needs", source.name, None, problems)
    check_unique(frame, "need_id", report)

    known = pd.Index(communities["pcode"])
    frame = frame[~check_known(frame, "pcode", known, report, strict)]
    needs_point = frame["pcode"].isna() & blank_cells(frame["_raw_pcode"])
    box.stage("placing")
    located = points_to_communities(frame["lat"].where(needs_point), frame["lon"].where(needs_point), communities)
    frame["pcode"] = frame["pcode"].fillna(located)
    no_point = needs_point & (frame["lat"].isna() | frame["lon"].isna())
    for row in frame.loc[no_point, ROW]:
        report.add("no_location", row=int(row), column="pcode")
    outside = needs_point & ~no_point & frame["pcode"].isna()
    if strict:
        report_outside(frame, outside, report, need=True)
    else:  # a point beyond new, smaller boundaries: leave the row out, say so (the need, not its point)
        for row, need in zip(frame.loc[outside, ROW], frame.loc[outside, "_raw_need_id"], strict=True):
            report.add("point_left_out", WARNING, row=int(row), column="lat", value=need)
        frame = frame[~outside]

    closed_early = frame["closed_on"].notna() & frame["reported_on"].notna() & (frame["closed_on"] < frame["reported_on"])
    for row, closed, reported in zip(
        frame.loc[closed_early, ROW],
        frame.loc[closed_early, "_raw_closed_on"],
        frame.loc[closed_early, "_raw_reported_on"],
        strict=True,
    ):
        report.add("closed_before_reported", row=int(row), column="closed_on", value=closed, reported=reported)

    if has_errors(report.problems):
        return _finished("needs", source, None, report)
    needs = contract_frame(frame, "needs")
    if keep_personal:
        needs[list(PERSONAL_COLUMNS)] = frame[list(PERSONAL_COLUMNS)].reset_index(drop=True)
        return _finished("needs", source, needs, report)
    # A household's own coordinates are not kept: the map shows needs at community level.
    needs = needs.drop(columns=["lat", "lon"])
    return _finished("needs", source, needs, report)


def load_hubs(source: Source, communities: gpd.GeoDataFrame, strict: bool = True) -> LoadResult:
    frame, report, problems = typed_table(source, "hubs")
    if frame is None:
        return LoadResult("hubs", source.name, None, problems)
    frame["name_en"] = frame["name_en"].fillna(frame["name_uk"])
    check_unique(frame, "hub_id", report)
    known = pd.Index(communities["pcode"])
    frame = frame[~check_known(frame, "pcode", known, report, strict)]
    frame.loc[check_known(frame, "serves_pcode", known, report, strict), "serves_pcode"] = pd.NA
    located = points_to_communities(frame["lat"], frame["lon"], communities)
    frame["pcode"] = frame["pcode"].fillna(located)
    has_point = frame["lat"].notna() & frame["lon"].notna()
    report_outside(frame, has_point & ~in_ukraine(frame["lat"], frame["lon"]), report)
    if has_errors(report.problems):
        return _finished("hubs", source, None, report)
    return _finished("hubs", source, contract_frame(frame, "hubs"), report)


def load_idp_counts(source: Source, communities: gpd.GeoDataFrame, strict: bool = True) -> LoadResult:
    frame, report, problems = typed_table(source, "idp_counts")
    if frame is None:
        return LoadResult("idp_counts", source.name, None, problems)
    known = pd.Index(communities["pcode"])
    frame = frame[~check_known(frame, "host_pcode", known, report, strict)]
    frame.loc[check_known(frame, "origin_pcode", known, report, strict), "origin_pcode"] = pd.NA
    if has_errors(report.problems):
        return _finished("idp_counts", source, None, report)
    return _finished("idp_counts", source, contract_frame(frame, "idp_counts"), report)


def guarded(kind: str, source: Source, loader, *args, **kwargs) -> LoadResult:
    """Run a loader; a bug of ours becomes a reported problem (and a log entry), not a crashed page."""
    try:
        return loader(*args, **kwargs)
    except MemoryError:  # the box's limit: it says so itself, with the stage
        raise
    except Exception as error:
        if box.out_of_memory(error):  # a library's own out-of-memory error (GEOS: std::bad_alloc)
            raise MemoryError(str(error)) from error
        logger.exception("loading %s from %s failed", kind, source.name)
        return LoadResult(kind, source.name, None, [Problem(source.name, "unexpected")])


def default_sources(data_dir: Path, environ: Mapping[str, str]) -> dict[str, Path]:
    """Where each input comes from: ``HROMADA_<KIND>`` if set, else the demo file in ``data_dir``."""
    return {kind: Path(environ.get(ENV_VARS[kind]) or data_dir / DEFAULT_FILES[kind]) for kind in KINDS}


def load_dataset(
    sources: Mapping[str, Source], new: str | None = None, *, keep_personal: bool = False
) -> tuple[Dataset | None, dict[str, LoadResult]]:
    """Load and cross-check all four inputs; the Dataset is None if any of them has an error.

    ``new`` names the input that the user has just replaced. Rows of the *other* inputs whose
    community is not in the (new) communities file are then left out with a warning instead of
    refusing the new file for a mismatch in files that were already accepted.
    ``keep_personal`` (internal view only, see ``load_needs``) keeps the needs' personal columns.
    """
    results: dict[str, LoadResult] = {
        "communities": guarded("communities", sources["communities"], load_communities, sources["communities"])
    }
    communities = results["communities"].frame
    if communities is None:
        return None, results
    for kind, loader in (("needs", load_needs), ("hubs", load_hubs), ("idp_counts", load_idp_counts)):
        options = {"keep_personal": True} if keep_personal and kind == "needs" else {}
        strict = new is None or new == kind
        results[kind] = guarded(kind, sources[kind], loader, sources[kind], communities, strict=strict, **options)
    if not all(r.ok for r in results.values()):
        return None, results
    dataset = Dataset(
        communities=communities,
        needs=results["needs"].frame,
        hubs=results["hubs"].frame,
        idp_counts=results["idp_counts"].frame,
        names={kind: sources[kind].name for kind in KINDS},
    )
    return dataset, results
