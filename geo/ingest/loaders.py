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
from geo.ingest.codes import LEVELS, code_levels
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
from geo.ingest.contract import KINDS, PERSONAL_COLUMNS, header_key
from geo.ingest.geometry import (
    geometry_of,
    in_ukraine,
    points_to_communities,
    polygonal,
    report_outside,
    rows_with_bad_coordinates,
)
from geo.ingest.levels import as_city, city_codes, finest_code_level, known_units, levels_of, split_idp_counts
from geo.ingest.limits import OWN_LIMITS
from geo.ingest.parsers import blank_cells
from geo.ingest.problems import ERROR, WARNING, Problem, has_errors
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
# The optional boundaries of the coarser levels (COD-AB ADM1/ADM2): source key -> level, and their settings.
UNIT_KINDS = {"oblasts": "oblast", "raions": "raion"}
UNIT_ENV_VARS = {"oblasts": "HROMADA_OBLASTS", "raions": "HROMADA_RAIONS"}


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
    # Codes found from names (geo.ingest.name_match.match_table shows it); None: the file had codes.
    matches: pd.DataFrame | None = field(default=None, compare=False)
    # Where the table was read ({"sheet": "Estimated Population", "header_row": 1}; geo.ingest.header_row).
    read_from: dict | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        return self.frame is not None and not has_errors(self.problems)


def _finished(kind: str, source: Source, frame: pd.DataFrame | None, report: Report) -> LoadResult:
    """The result with the report's problems and what it saw of the file: its rows, the columns not read."""
    return LoadResult(
        kind,
        source.name,
        frame,
        report.finish(),
        report.rows_read,
        report.unused_columns,
        matches=report.matches,
        read_from=report.read_from,
    )


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
    # IDP rows hosted in a raion or an oblast, or from one (host_pcode, host_level, origin_pcode,
    # origin_level, people, households, as_of); idp_counts keeps the hromada-to-hromada rows. None: none given.
    idp_coarse: pd.DataFrame | None = None


def load_communities(source: Source) -> LoadResult:
    report = Report(source.name)
    raw, problems = read_table(source)
    if raw is None:
        return LoadResult("communities", source.name, None, problems)
    box.stage("shapes")
    geometry, raw = geometry_of(raw, report)
    coarser = finest_code_level(raw)
    if coarser in ("raion", "oblast"):  # a file of raions or oblasts: say so, not "not a community code"
        report.add(f"communities_are_{coarser}s")
        return _finished("communities", source, None, report)
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
    pcodes = frame.loc[empty.to_numpy(), "_raw_pcode"]
    for row, pcode, name in zip(geo.loc[empty, ROW], pcodes, geo.loc[empty, "name_uk"], strict=True):
        name = "" if pd.isna(name) else name
        report.add("empty_geometry", WARNING, row=int(row), column="geometry", value=pcode or None, name=name)
    geo = geo[~empty]
    if geo.empty:
        report.add("no_geometry")
    box.stage("shapes")
    too_complex = check_shapes(geo.geometry.array, geo[ROW].to_numpy(), source.limits)
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
    frame, report, problems = typed_table(source, "needs", keep_personal, units=communities, strict=strict)
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
    frame, report, problems = typed_table(source, "hubs", units=communities, strict=strict)
    if frame is None:
        return LoadResult("hubs", source.name, None, problems)
    frame["name_en"] = frame["name_en"].fillna(frame["name_uk"])
    check_unique(frame, "hub_id", report)
    known = pd.Index(communities["pcode"])
    frame = frame[~check_known(frame, "pcode", known, report, strict)]
    frame.loc[check_known(frame, "serves_pcode", known, report, strict), "serves_pcode"] = pd.NA
    located = points_to_communities(frame["lat"], frame["lon"], communities)
    placed = frame["pcode"].isna()
    frame["pcode"] = frame["pcode"].fillna(located)
    has_point = frame["lat"].notna() & frame["lon"].notna()
    abroad = has_point & ~in_ukraine(frame["lat"], frame["lon"])
    report_outside(frame, abroad, report)
    nowhere = placed & has_point & ~abroad & frame["pcode"].isna()  # in Ukraine, in none of the communities
    for row, lat, lon in zip(frame.loc[nowhere, ROW], frame.loc[nowhere, "lat"], frame.loc[nowhere, "lon"], strict=True):
        report.add("hub_outside", WARNING, row=int(row), column="lat", value=f"({lat}, {lon})")
    if has_errors(report.problems):
        return _finished("hubs", source, None, report)
    return _finished("hubs", source, contract_frame(frame, "hubs"), report)


def _unknown_units(
    frame: pd.DataFrame, column: str, communities: gpd.GeoDataFrame, shapes: Mapping, report: Report, strict: bool
) -> pd.Series:
    """Codes of any level that name no known unit of their level: an error, or (not strict) a row left out."""
    unknown = pd.Series(False, index=frame.index)
    level = levels_of(frame[column])
    hromada = level == "hromada"
    unknown[hromada] = check_known(frame[hromada], column, pd.Index(communities["pcode"]), report, strict)
    for name in ("raion", "oblast"):
        at = (level == name).fillna(False)
        known = known_units(communities, name, shapes.get(name))
        missing = at & ~frame[column].isin(known)
        if strict:
            report.rows(frame, missing, f"unknown_{name}", column)
        else:
            report.rows(frame, missing, "row_left_out", column, WARNING)
        unknown |= missing
    return unknown


def _rows_without_figures(frame: pd.DataFrame, report: Report) -> pd.Series:
    """Rows of an oblast or a raion whose people say there is no figure ("n/a", "—", "н/д", as DTM writes
    them), and rows whose host says there is no place (DTM's "Residence location unknown", code "n/a").

    They are left out with a warning instead of refusing the file: the cell's "not a number" or "not a
    code" is taken back (listed or only counted), and the row is said once.
    """
    from geo.ingest.indicators import NO_DATA_WORDS  # one list of those words; indicators imports this module

    said = {"people": "bad_int", "host_pcode": "bad_unit_code"}
    words = {column: frame["_raw_" + column].str.lower().isin(NO_DATA_WORDS) for column in said}
    # A published estimate per oblast or raion may have none; a hromada's registered count is a count.
    words["people"] &= levels_of(frame["host_pcode"]).isin(["oblast", "raion"]).fillna(False)
    none = words["people"] | words["host_pcode"]
    if not none.any():
        return none
    rows = set(frame.loc[none, ROW].astype(int))
    for column, code in said.items():
        report._counts[(code, column, ERROR)] -= int(words[column].sum())
    report.problems[:] = [
        p for p in report.problems if not (p.row in rows and said.get(p.column) == p.code and p.severity == ERROR)
    ]
    for row, people, host in zip(
        frame.loc[none, ROW], frame.loc[none, "_raw_people"], frame.loc[none, "_raw_host_pcode"], strict=True
    ):
        column, value = ("host_pcode", host) if host.lower() in NO_DATA_WORDS else ("people", people)
        report.add("no_figure", WARNING, row=int(row), column=column, value=value)
    return none


def _duplicate_rows(frame: pd.DataFrame, report: Report) -> pd.Series:
    """Rows that repeat an earlier row cell for cell: a warning, and they are counted once."""
    columns = ["host_pcode", "origin_pcode", "people", "households", "as_of"]
    repeated = frame.duplicated(columns, keep="first")
    if repeated.any():
        first = frame.groupby(columns, dropna=False, sort=False)[ROW].transform("first")
        for row, first_row in zip(frame.loc[repeated, ROW], first[repeated], strict=True):
            report.add("duplicate_row", WARNING, row=int(row), first_row=int(first_row))
    return repeated


def load_idp_counts(
    source: Source,
    communities: gpd.GeoDataFrame,
    strict: bool = True,
    *,
    oblasts: gpd.GeoDataFrame | None = None,
    raions: gpd.GeoDataFrame | None = None,
) -> LoadResult:
    """IDP counts for units of any level; each code must be a known unit of its level.

    The frame holds every row (``geo.ingest.levels.split_idp_counts`` parts the hromadas' from the rest);
    a code of Kyiv or Sevastopol at any level is read as the city's hromada.
    """
    frame, report, problems = typed_table(source, "idp_counts", units=communities, strict=strict)
    if frame is None:
        return LoadResult("idp_counts", source.name, None, problems)
    frame = frame[~_rows_without_figures(frame, report)]
    cities = city_codes(communities)
    for column in ("host_pcode", "origin_pcode"):
        frame[column] = as_city(frame[column], cities)
    shapes = {"oblast": oblasts, "raion": raions}
    frame = frame[~_unknown_units(frame, "host_pcode", communities, shapes, report, strict)]
    frame.loc[_unknown_units(frame, "origin_pcode", communities, shapes, report, strict), "origin_pcode"] = pd.NA
    frame = frame[~_duplicate_rows(frame, report)]
    if has_errors(report.problems):
        return _finished("idp_counts", source, None, report)
    return _finished("idp_counts", source, contract_frame(frame, "idp_counts"), report)


# Where a level's own boundaries find their code and names (COD-AB's ADM1_*/ADM2_* as shipped, the older
# Shapefile's 10-character admin1Pcod/admin1Na_1 (Ukrainian)/admin1Name (English), then ours).
UNIT_HEADERS = {
    "oblast": {
        "pcode": ("adm1_pcode", "adm1pcode", "admin1pcode", "admin1pcod", "pcode", "oblast_pcode"),
        "name_uk": ("adm1_ua", "adm1_uk", "admin1na_1", "name_uk", "oblast_uk"),
        "name_en": ("adm1_en", "admin1name", "name_en", "oblast"),
    },
    "raion": {
        "pcode": ("adm2_pcode", "adm2pcode", "admin2pcode", "admin2pcod", "pcode", "raion_pcode"),
        "name_uk": ("adm2_ua", "adm2_uk", "admin2na_1", "name_uk", "raion_uk"),
        "name_en": ("adm2_en", "admin2name", "name_en", "raion"),
        "oblast_pcode": ("adm1_pcode", "adm1pcode", "admin1pcode", "admin1pcod", "oblast_pcode"),
    },
}


def load_units(source: Source, level: str) -> LoadResult:
    """A level's own boundaries (COD-AB Oblasts or Raions, GeoJSON or Shapefile as shipped).

    The frame: ``pcode``, ``name_uk``, ``name_en`` (and a raion's ``oblast_pcode``), ``geometry`` in WGS 84.
    Every code must be a code of ``level``; a shape that is empty is left out with a warning, one that
    is invalid is repaired.
    """
    kind = {"oblast": "oblasts", "raion": "raions"}[level]
    report = Report(source.name)
    raw, problems = read_table(source)
    if raw is None:
        return LoadResult(kind, source.name, None, problems)
    geometry, raw = geometry_of(raw, report)
    if geometry is None:
        return _finished(kind, source, None, report)
    report.rows_read = len(raw)
    finest = finest_code_level(raw)
    if finest is not None and LEVELS.index(finest) > LEVELS.index(level):  # raions given as the oblasts' file
        report.add(f"{kind}_too_fine", adm=LEVELS.index(finest) + 1)
        return _finished(kind, source, None, report)
    by_key = {header_key(c).replace(" ", "_"): c for c in raw.columns if c != ROW}
    found = {name: next((by_key[k] for k in keys if k in by_key), None) for name, keys in UNIT_HEADERS[level].items()}
    if found["pcode"] is None and level == "raion" and finest == "oblast":
        report.add("raions_are_oblasts")
        return _finished(kind, source, None, report)
    if found["pcode"] is None:
        report.add("no_unit_code", found=", ".join(str(c) for c in raw.columns if c != ROW) or "—")
        return _finished(kind, source, None, report)
    text = raw[found["pcode"]].astype("string").fillna("").str.strip()
    codes = code_levels(text)
    wrong = codes["level"].ne(level).fillna(True)
    for row, value in zip(raw.loc[wrong, ROW], text[wrong], strict=True):
        code = f"not_{level}_code" if value else "missing_value"
        report.add(code, row=int(row), column=str(found["pcode"]), value=value)
    frame = pd.DataFrame({ROW: raw[ROW].to_numpy(), "pcode": codes["pcode"].to_numpy()})
    for name in ("name_uk", "name_en", "oblast_pcode"):
        if name in found:
            column = found[name]
            values = raw[column].astype("string").str.strip() if column is not None else pd.Series(pd.NA, index=raw.index)
            frame[name] = values.replace("", pd.NA).to_numpy()
    if "oblast_pcode" in frame:
        frame["oblast_pcode"] = code_levels(frame["oblast_pcode"])["pcode"].to_numpy()
    frame["name_en"] = frame["name_en"].fillna(frame["name_uk"])
    frame["name_uk"] = frame["name_uk"].fillna(frame["name_en"])
    frame["_raw_pcode"] = text.to_numpy()
    check_unique(frame, "pcode", report)
    units = gpd.GeoDataFrame(frame, geometry=geometry.reset_index(drop=True).to_numpy(), crs=4326)
    empty = units.geometry.isna() | units.geometry.is_empty
    named = zip(units.loc[empty, ROW], units.loc[empty, "_raw_pcode"], units.loc[empty, "name_uk"], strict=True)
    for row, pcode, name in named:
        name = "" if pd.isna(name) else name
        report.add("empty_geometry", WARNING, row=int(row), column="geometry", value=pcode or None, name=name)
    units = units[~empty]
    not_polygon = ~units.geom_type.isin(["Polygon", "MultiPolygon"])
    for row, shape in zip(units.loc[not_polygon, ROW], units.geom_type[not_polygon], strict=True):
        report.add("bad_geometry", row=int(row), column="geometry", value=shape)
    if units.empty:
        report.add("no_geometry")
    if has_errors(report.problems):
        return _finished(kind, source, None, report)
    invalid = ~units.geometry.is_valid
    if invalid.any():
        repaired = shapely.make_valid(units.geometry[invalid].to_numpy(), method="structure", keep_collapsed=False)
        units.loc[invalid, "geometry"] = polygonal(gpd.GeoSeries(repaired, index=units.index[invalid], crs=units.crs))
        report.add("repaired_geometry", WARNING, count=int(invalid.sum()))
    columns = ["pcode", "name_uk", "name_en", *(["oblast_pcode"] if level == "raion" else []), "geometry"]
    return _finished(kind, source, units[columns].reset_index(drop=True), report)


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


def unit_sources(environ: Mapping[str, str]) -> dict[str, Source]:
    """The oblasts' and raions' own boundaries where ``HROMADA_OBLASTS``/``HROMADA_RAIONS`` name them: the
    deployment's own files, read under its own limits (``geo.ingest.limits.OWN_LIMITS``)."""
    paths = {kind: Path(environ[var]) for kind, var in UNIT_ENV_VARS.items() if environ.get(var)}
    return {kind: Source.from_path(path, limits=OWN_LIMITS) for kind, path in paths.items()}


def load_dataset(
    sources: Mapping[str, Source], new: str | None = None, *, keep_personal: bool = False
) -> tuple[Dataset | None, dict[str, LoadResult]]:
    """Load and cross-check all four inputs; the Dataset is None if any of them has an error (a deployment's
    indicators with an error are only left out).

    ``sources`` may also hold "oblasts" and "raions", a level's own boundaries (``load_units``).
    IDP rows of a hromada from a hromada (or from nowhere said) go to ``Dataset.idp_counts``, all
    others to ``Dataset.idp_coarse``.

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
    units = {}
    for kind, level in UNIT_KINDS.items():
        if sources.get(kind) is not None:
            results[kind] = guarded(kind, sources[kind], load_units, sources[kind], level)
            units[kind] = results[kind].frame
    for kind, loader in (("needs", load_needs), ("hubs", load_hubs), ("idp_counts", load_idp_counts)):
        options = {"keep_personal": True} if keep_personal and kind == "needs" else {}
        if kind == "idp_counts":  # codes of raions and oblasts are known from their own boundaries too
            options = {name: frame for name, frame in units.items() if frame is not None}
        strict = new is None or new == kind
        results[kind] = guarded(kind, sources[kind], loader, sources[kind], communities, strict=strict, **options)
    if sources.get("indicators"):  # optional, several files (geo.ingest.indicators, which imports this module)
        from geo.ingest.indicators import load_indicator_files

        results["indicators"] = load_indicator_files(sources["indicators"], communities)
    # The indicators are optional: a deployment's file with an error is left off the map (its problems are
    # listed), never the reason nothing is shown; an upload of them is refused, as any upload is.
    optional = () if new == "indicators" else ("indicators",)
    if not all(r.ok for kind, r in results.items() if kind not in optional):
        return None, results
    names = {kind: sources[kind].name for kind in (*KINDS, *units)}
    kept = {kind: r for kind, r in results.items() if r.ok}
    return assemble(communities, kept, names, units), results


def assemble(
    communities: gpd.GeoDataFrame, results: dict[str, LoadResult], names: dict[str, str], units: dict | None = None
) -> Dataset:
    """The dataset from inputs that all loaded: files (``load_dataset``) or tables (``geo.db.read``) alike.

    IDP rows at a coarser level than the hromada are kept apart (``idp_coarse``), never split down.
    """
    units = units or {}
    idp_counts, idp_coarse = split_idp_counts(results["idp_counts"].frame)
    return Dataset(
        communities=communities,
        needs=results["needs"].frame,
        hubs=results["hubs"].frame,
        idp_counts=idp_counts,
        names=names,
        oblasts=units.get("oblasts"),
        raions=units.get("raions"),
        idp_coarse=idp_coarse,
        indicators=results["indicators"].frame if "indicators" in results else None,
    )
