"""Load the four inputs of docs/data-format.md into typed frames, or say what is wrong.

Loaders never raise on bad data and never show a person's details: they return a
``LoadResult`` whose ``frame`` is None when any error was found, and they drop the personal
columns of a needs file as they read it.
"""

from __future__ import annotations

import difflib
import logging
import warnings
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.ingest import box
from geo.ingest.codes import normalize_codes
from geo.ingest.contract import (
    COLUMNS,
    FALSE_WORDS,
    KINDS,
    PERSONAL_COLUMNS,
    TRUE_WORDS,
    VOCABULARIES,
    column_aliases,
    header_key,
    is_personal_header,
    is_personal_tag,
    lookup_table,
)
from geo.ingest.hxl import columns_by_tag
from geo.ingest.problems import ERROR, WARNING, WORD_KINDS, Problem, has_errors
from geo.ingest.reading import ROW, Source, check_shapes, read_table
from geo.text.i18n import gettext_for

logger = logging.getLogger(__name__)
MAX_LISTED = 20  # rows listed per column and problem; the rest are counted in one line
UKRAINE_BOUNDS = (22.0, 44.0, 40.5, 52.5)  # lon/lat box, generous, to spot swapped coordinates
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

    @property
    def ok(self) -> bool:
        return self.frame is not None and not has_errors(self.problems)


@dataclass(frozen=True)
class Dataset:
    """The four inputs, loaded and checked against each other."""

    communities: gpd.GeoDataFrame
    needs: pd.DataFrame
    hubs: pd.DataFrame
    idp_counts: pd.DataFrame
    names: Mapping[str, str]  # kind -> file name the data came from


# --------------------------------------------------------------------------------------------
# Column parsers: each takes text cells and returns (typed values, mask of cells that failed).


def _blank(text: pd.Series) -> pd.Series:
    return text.fillna("").astype(str).str.strip() == ""


def _clean(text: pd.Series) -> pd.Series:
    return text.fillna("").astype(str).str.strip()


def _numbers(text: pd.Series) -> pd.Series:
    """Numbers as Excel in a Ukrainian locale writes them: ``4 450,90`` is 4450.9."""
    cleaned = _clean(text).str.replace(r"[\s\u00a0\u202f']", "", regex=True).str.replace(",", ".", regex=False)
    values = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    # Beyond 2**53 a count is not a count (and cannot be stored exactly): treat it as bad.
    return values.where(np.isfinite(values) & (values.abs() <= 2**53))


def parse_int(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    values = _numbers(text)
    bad = ~_blank(text) & (values.isna() | (values < 0) | (values.round() != values))
    return values.where(~bad).round().astype("Int64"), bad


def parse_float(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    values = _numbers(text)
    bad = ~_blank(text) & values.isna()
    return values.astype("Float64"), bad


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S")


def parse_date(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ISO and day-first dates only: ``01.03.2025`` is 1 March, never 3 January."""
    cleaned = _clean(text)
    # Placeholder years (31.12.9999) and typos (0025) are bad dates, not crashes.
    year = pd.to_numeric(cleaned.str.extract(r"(?:^|\D)(\d{4})(?:\D|$)")[0], errors="coerce")
    cleaned = cleaned.where(year.between(1990, 2100), "")
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for fmt in _DATE_FORMATS:
        missing = result.isna()
        if not missing.any():
            break
        result[missing] = pd.to_datetime(cleaned[missing], format=fmt, errors="coerce")
    bad = ~_blank(text) & result.isna()
    return result.dt.normalize(), bad


def parse_bool(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    words = _clean(text).str.lower()
    true = words.isin(TRUE_WORDS)
    bad = ~true & ~words.isin(FALSE_WORDS)
    return true, bad


def parse_text(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    cleaned = _clean(text)
    return cleaned.where(cleaned != "").astype("string"), pd.Series(False, index=text.index)


def parse_code(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    codes = normalize_codes(text)
    return codes, ~_blank(text) & codes.isna()


def word_table(vocabulary_name: str) -> dict[str, str]:
    """Accepted words -> key: the contract's aliases plus every label as the app shows it in Ukrainian."""
    vocabulary = VOCABULARIES[vocabulary_name]
    table = lookup_table(vocabulary)
    uk = gettext_for("uk")
    for key, (label, _aliases) in vocabulary.items():
        table.setdefault(_normal_word(uk(label)), key)
    return table


def _normal_word(word: str) -> str:
    return " ".join(word.strip().lower().replace("’", "'").replace("ʼ", "'").split())


def _parse_words(vocabulary_name: str):
    table = word_table(vocabulary_name)

    def parse(text: pd.Series) -> tuple[pd.Series, pd.Series]:
        keys = _clean(text).map(_normal_word).map(table).astype("string")
        return keys, ~_blank(text) & keys.isna()

    return parse


def parse_groups(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``disability; elderly`` into canonical keys joined by ``;``; any unknown word fails the cell."""
    table = word_table("groups")
    values, bad = [], []
    for cell in _clean(text):
        words = [_normal_word(w) for w in cell.replace(",", ";").split(";") if w.strip()]
        keys = [table.get(w) for w in words]
        bad.append(any(k is None for k in keys))
        values.append(";".join(dict.fromkeys(k for k in keys if k)) if words else pd.NA)
    return pd.Series(values, index=text.index, dtype="string"), pd.Series(bad, index=text.index)


PARSERS = {
    "text": parse_text,
    "code": parse_code,
    "int": parse_int,
    "float": parse_float,
    "date": parse_date,
    "bool": parse_bool,
    "status": _parse_words("status"),
    "sector": _parse_words("sector"),
    "hub_type": _parse_words("hub_type"),
    "groups": parse_groups,
}

# What Excel in a Ukrainian (or English) locale makes of 8.7 or 7.08: "08.Лип", "Сер.65", "8-Jul".
_MONTHS = "січ|лют|бер|кві|тра|чер|лип|сер|вер|жов|лис|гру|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_EXCEL_DATE = rf"(?i)^(?:\d{{1,2}}[.\-/ ](?:{_MONTHS})\w*|(?:{_MONTHS})\w*[.\-/ ]\d{{1,4}})$"

_PROBLEM_FOR_KIND = {
    "code": "bad_code",
    "int": "bad_int",
    "float": "bad_float",
    "date": "bad_date",
    "bool": "bad_bool",
    "status": "bad_word",
    "sector": "bad_word",
    "hub_type": "bad_word",
    "groups": "bad_word",
}

# A household's own coordinates: a problem with them names the row and column, never the value.
_HIDDEN_VALUES = {("needs", "lat"), ("needs", "lon")}


# --------------------------------------------------------------------------------------------
# Problem collection


class _Report:
    """Collects problems for one file, listing at most MAX_LISTED rows per column and problem."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self._counts: dict[tuple, int] = defaultdict(int)

    def listing(self, code: str, column: str | None, severity: str = ERROR) -> bool:
        """Whether the next problem of this kind is still listed (not only counted)."""
        return self._counts[(code, column, severity)] < MAX_LISTED

    def add(self, code: str, severity: str = ERROR, row=None, column=None, value=None, **params) -> None:
        key = (code, column, severity)
        self._counts[key] += 1
        if row is None or self._counts[key] <= MAX_LISTED:
            value = None if value is None else str(value)
            self.problems.append(Problem(self.name, code, severity, row, column, value, params))

    def rows(self, frame: pd.DataFrame, mask: pd.Series, code: str, column: str, severity=ERROR, hide=False, **params):
        """One problem per row of ``mask``; ``hide`` leaves the cell's value out of the message."""
        for row, value in zip(frame.loc[mask, ROW], frame.loc[mask, "_raw_" + column], strict=True):
            self.add(code, severity, int(row), column, None if hide else value, **params)

    def finish(self) -> list[Problem]:
        for (_code, column, severity), count in self._counts.items():
            if count > MAX_LISTED:
                self.problems.append(
                    Problem(self.name, "more_rows", severity, None, column, None, {"count": count - MAX_LISTED})
                )
        return self.problems


def _rename_columns(frame: pd.DataFrame, kind: str, report: _Report, keep_personal: bool = False) -> pd.DataFrame:
    """Map the file's headers onto contract names; personal columns of a needs file go first.

    A column whose header names a person (``geo.ingest.contract.is_personal_header``: ПІБ, телефон,
    address, ... in either language) or whose HXL tag does (``#contact``) is dropped before any
    alias or tag can map it, so that ``ПІБ`` tagged ``#org`` never becomes the provider.
    ``keep_personal`` (the internal view only) renames the ones of ``PERSONAL_COLUMNS`` to their
    names instead, so that the people who run the platform can see them.
    """
    tags = frame.attrs.get("hxl", {})
    personal = {}
    if kind == "needs":
        personal = {header_key(w): name for name, words in PERSONAL_COLUMNS.items() for w in (name, *words)}
    renames: dict[str, str] = {}
    dropped, seen = [], set()
    for column in frame.columns:
        if column in (ROW, "geometry") or kind != "needs":
            continue
        key = header_key(column)
        if not (is_personal_header(key) or is_personal_tag(tags.get(column))):
            continue
        if keep_personal and personal.get(key) and personal[key] not in seen:
            renames[column] = personal[key]
            seen.add(personal[key])
        else:
            dropped.append(str(column))
    if dropped:
        report.add("personal_dropped", WARNING, columns=", ".join(dropped))
    personal_columns = set(dropped) | set(renames)
    by_tag = columns_by_tag({c: t for c, t in tags.items() if c not in personal_columns}, kind)
    renames.update(by_tag)
    seen.update(by_tag.values())
    aliases = column_aliases(kind)
    for column in frame.columns:
        if column in renames or column in personal_columns or column in (ROW, "geometry"):
            continue
        key = header_key(column)
        if key in aliases and aliases[key] not in seen:
            renames[column] = aliases[key]
            seen.add(aliases[key])
    frame = frame.drop(columns=dropped)
    keep = [c for c in frame.columns if c in renames or c in (ROW, "geometry")]
    return frame[keep].rename(columns=renames)


def _parse_distinct(parser, raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``parser`` on each distinct cell once: 100,000 needs hold a few hundred dates, sectors and codes.

    Every parser is cell by cell, so parsing the distinct values and spreading them back is the same
    result, several times faster on a national registry.
    """
    codes, distinct = pd.factorize(raw)
    if len(distinct) * 2 > len(raw):
        return parser(raw)
    values, bad = parser(pd.Series(distinct, dtype="string"))
    values = values.take(codes)
    values.index = raw.index
    return values, pd.Series(bad.to_numpy()[codes], index=raw.index)


def _parse_columns(frame: pd.DataFrame, kind: str, report: _Report) -> pd.DataFrame:
    """Type every contract column; unknown words, bad numbers and dates become row problems."""
    out = pd.DataFrame({ROW: frame[ROW].to_numpy()}, index=frame.index)
    for column in COLUMNS[kind]:
        raw = frame[column.name] if column.name in frame.columns else pd.Series("", index=frame.index)
        raw = raw.astype("string").fillna("")
        values, bad = _parse_distinct(PARSERS[column.kind], raw)
        out[column.name] = values
        out["_raw_" + column.name] = raw.str.strip()
        if bad.any() and (kind, column.name) in _HIDDEN_VALUES:
            report.rows(out, bad, "bad_location", column.name, hide=True)
        elif bad.any():
            params = {}
            if column.kind in VOCABULARIES:
                params = {"what": WORD_KINDS[column.kind], "vocabulary": column.kind}
            if column.kind in ("int", "float"):
                mangled = bad & raw.str.strip().str.contains(_EXCEL_DATE, regex=True)
                report.rows(out, mangled, "excel_date", column.name)
                bad = bad & ~mangled
            report.rows(out, bad, _PROBLEM_FOR_KIND[column.kind], column.name, **params)
        if column.required and column.name in frame.columns:
            report.rows(out, _blank(raw), "missing_value", column.name)
    return out


def _check_required(frame: pd.DataFrame, kind: str, report: _Report, original: list[str]) -> bool:
    missing = [c.name for c in COLUMNS[kind] if c.required and c.name not in frame.columns]
    if kind == "needs" and "pcode" not in frame.columns and not {"lat", "lon"} <= set(frame.columns):
        missing.append("pcode | lat+lon")
    if missing:
        found = ", ".join(c for c in original if c not in (ROW, "geometry")) or "—"
        report.add("missing_columns", columns=", ".join(missing), found=found)
    return not missing


def _check_unique(frame: pd.DataFrame, column: str, report: _Report) -> None:
    first_rows: dict[str, int] = {}
    values = frame[column]
    dup = values.notna() & values.duplicated(keep=False)
    for row, value in zip(frame.loc[dup, ROW], values[dup], strict=True):
        if value in first_rows:
            report.add("duplicate_id", row=int(row), column=column, value=value, first_row=first_rows[value])
        else:
            first_rows[value] = int(row)


def _check_known(frame: pd.DataFrame, column: str, known: pd.Index, report: _Report, strict: bool = True) -> pd.Series:
    """Codes that are valid but not among the communities.

    ``strict``: an error with the nearest known code as a hint (the file being loaded). Otherwise
    a warning that the row is left out (a file already loaded, checked against new boundaries).
    """
    codes = frame[column]
    unknown = codes.notna() & ~codes.isin(known)
    choices = list(known) if strict else []
    suggestions: dict[str, str] = {}
    for row, value in zip(frame.loc[unknown, ROW], codes[unknown], strict=True):
        if not strict:
            report.add("row_left_out", WARNING, row=int(row), column=column, value=value)
            continue
        # The nearest code costs ~12 ms against 1,769 communities: only for the rows listed.
        if report.listing("unknown_code", column) and value not in suggestions:
            close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.7)
            suggestions[value] = close[0] if close else ""
        report.add("unknown_code", row=int(row), column=column, value=value, suggestion=suggestions.get(value, ""))
    return unknown


def _contract_frame(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    return frame[[ROW, *[c.name for c in COLUMNS[kind]]]].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# The four loaders


def load_communities(source: Source) -> LoadResult:
    report = _Report(source.name)
    raw, problems = read_table(source)
    if raw is None:
        return LoadResult("communities", source.name, None, problems)
    box.stage("shapes")
    geometry, raw = _geometry_of(raw, report)
    original = list(raw.columns)
    frame = _rename_columns(raw, "communities", report)
    if not _check_required(frame, "communities", report, original) or geometry is None:
        return LoadResult("communities", source.name, None, report.finish())
    box.stage("columns")
    frame = _parse_columns(frame, "communities", report)
    frame["name_en"] = frame["name_en"].fillna(frame["name_uk"])
    frame["raion_uk"] = frame["raion_uk"].fillna(frame["raion"])
    frame["oblast_uk"] = frame["oblast_uk"].fillna(frame["oblast"])
    _check_unique(frame, "pcode", report)

    geo = gpd.GeoDataFrame(_contract_frame(frame, "communities"), geometry=geometry.reset_index(drop=True))
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
        return LoadResult("communities", source.name, None, report.finish())
    for row in _rows_with_bad_coordinates(geo):
        report.add("bad_coordinates", row=int(row), column="geometry")
    kinds = geo.geom_type
    not_polygon = ~kinds.isin(["Polygon", "MultiPolygon"])
    for row, kind in zip(geo.loc[not_polygon, ROW], kinds[not_polygon], strict=True):
        report.add("bad_geometry", row=int(row), column="geometry", value=kind)
    if has_errors(report.problems):
        return LoadResult("communities", source.name, None, report.finish())
    invalid = ~geo.geometry.is_valid
    if invalid.any():
        box.stage("repairing")
        # "structure" rebuilds a polygon from its rings' areas: what a boundary means, and far faster
        # than tracing every crossing ("linework" takes minutes on a 200-vertex star).
        repaired = shapely.make_valid(geo.geometry[invalid].to_numpy(), method="structure", keep_collapsed=False)
        geo.loc[invalid, "geometry"] = _polygonal(gpd.GeoSeries(repaired, index=geo.index[invalid], crs=geo.crs))
        lost = invalid & (geo.geometry.isna() | geo.geometry.is_empty)
        for row in geo.loc[lost, ROW]:
            report.add("unrepairable_geometry", WARNING, row=int(row), column="geometry")
        if (invalid & ~lost).any():
            report.add("repaired_geometry", WARNING, count=int((invalid & ~lost).sum()))
        geo = geo[~lost]
        if geo.empty:
            report.add("no_geometry")
            return LoadResult("communities", source.name, None, report.finish())
    centres = geo.geometry.representative_point()
    geo["center_lat"] = centres.y.round(5)
    geo["center_lon"] = centres.x.round(5)
    return LoadResult("communities", source.name, geo.reset_index(drop=True), report.finish())


def _geometry_of(raw: pd.DataFrame, report: _Report) -> tuple[gpd.GeoSeries | None, pd.DataFrame]:
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


def _rows_with_bad_coordinates(geo: gpd.GeoDataFrame) -> list[int]:
    """Rows whose shape has a NaN or infinite coordinate (a GeoPackage or WKT can carry them)."""
    coordinates, index = shapely.get_coordinates(geo.geometry.array, return_index=True)
    bad = np.unique(index[~np.isfinite(coordinates).all(axis=1)])
    return [int(row) for row in geo[ROW].to_numpy()[bad]]


def _polygonal(series: gpd.GeoSeries) -> gpd.GeoSeries:
    """Keep the polygon parts of repaired shapes (make_valid may add stray lines or points)."""

    def keep(geom):
        if geom is None or geom.geom_type in ("Polygon", "MultiPolygon"):
            return geom
        parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
        return shapely.union_all(parts) if parts else shapely.Polygon()

    return series.apply(keep)


def _points_to_communities(lat: pd.Series, lon: pd.Series, communities: gpd.GeoDataFrame) -> pd.Series:
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


def _in_ukraine(lat: pd.Series, lon: pd.Series) -> pd.Series:
    west, south, east, north = UKRAINE_BOUNDS
    return lon.between(west, east) & lat.between(south, north)


def _typed_table(
    source: Source, kind: str, keep_personal: bool = False
) -> tuple[pd.DataFrame | None, _Report, list[Problem]]:
    """Read, rename and type one table input; None (with the problems) when it cannot go further."""
    report = _Report(source.name)
    raw, problems = read_table(source)
    if raw is None:
        return None, report, problems
    if isinstance(raw, gpd.GeoDataFrame):
        raw = _points_as_columns(raw)
    original = list(raw.columns)
    frame = _rename_columns(raw, kind, report, keep_personal)
    if not _check_required(frame, kind, report, original):
        return None, report, report.finish()
    typed = _parse_columns(frame, kind, report)
    for name in PERSONAL_COLUMNS if keep_personal else ():
        raw_text = frame[name].astype("string") if name in frame.columns else pd.Series("", index=frame.index)
        typed[name] = parse_text(raw_text)[0]
    return typed, report, []


def load_needs(
    source: Source, communities: gpd.GeoDataFrame, strict: bool = True, *, keep_personal: bool = False
) -> LoadResult:
    """The needs, typed and placed in their communities; personal columns dropped.

    ``keep_personal`` is for the internal view only (``geo.ingest.settings``): it keeps the personal
    columns (``PERSONAL_COLUMNS``, blank where the file has none) and the household's own
    ``lat``/``lon``. The default drops both, so nothing downstream can show them.
    """
    frame, report, problems = _typed_table(source, "needs", keep_personal)
    if frame is None:
        return LoadResult("needs", source.name, None, problems)
    _check_unique(frame, "need_id", report)

    known = pd.Index(communities["pcode"])
    frame = frame[~_check_known(frame, "pcode", known, report, strict)]
    needs_point = frame["pcode"].isna() & _blank(frame["_raw_pcode"])
    box.stage("placing")
    located = _points_to_communities(frame["lat"].where(needs_point), frame["lon"].where(needs_point), communities)
    frame["pcode"] = frame["pcode"].fillna(located)
    no_point = needs_point & (frame["lat"].isna() | frame["lon"].isna())
    for row in frame.loc[no_point, ROW]:
        report.add("no_location", row=int(row), column="pcode")
    outside = needs_point & ~no_point & frame["pcode"].isna()
    if strict:
        _report_outside(frame, outside, report, need=True)
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
        return LoadResult("needs", source.name, None, report.finish())
    needs = _contract_frame(frame, "needs")
    if keep_personal:
        needs[list(PERSONAL_COLUMNS)] = frame[list(PERSONAL_COLUMNS)].reset_index(drop=True)
        return LoadResult("needs", source.name, needs, report.finish())
    # A household's own coordinates are not kept: the map shows needs at community level.
    needs = needs.drop(columns=["lat", "lon"])
    return LoadResult("needs", source.name, needs, report.finish())


def _report_outside(frame: pd.DataFrame, mask: pd.Series, report: _Report, need: bool = False) -> None:
    """Points in no community; those that would be in Ukraine with lat and lon swapped say so.

    A hub's point is public and is quoted; a need's is a household's and is not (``need``): the
    message names the need's id instead.
    """
    swapped = _in_ukraine(frame["lon"], frame["lat"])
    ids = frame["_raw_need_id"] if need else pd.Series("", index=frame.index)
    for row, lat, lon, turned, need_id in zip(
        frame.loc[mask, ROW], frame.loc[mask, "lat"], frame.loc[mask, "lon"], swapped[mask], ids[mask], strict=True
    ):
        if need:
            report.add("need_swapped" if turned else "need_outside", row=int(row), column="lat", value=need_id)
        else:
            report.add("swapped" if turned else "outside", row=int(row), column="lat", value=f"({lat}, {lon})")


def _points_as_columns(raw: gpd.GeoDataFrame) -> pd.DataFrame:
    """A point GeoJSON of needs or hubs read as a table with lat/lon text columns."""
    frame = pd.DataFrame(raw.drop(columns=[raw.geometry.name]))
    geometry = raw.geometry.to_crs(4326) if raw.crs is not None else raw.geometry
    points = geometry.geom_type == "Point"
    frame["lat"] = geometry.y.where(points).map(lambda v: "" if pd.isna(v) else repr(v))
    frame["lon"] = geometry.x.where(points).map(lambda v: "" if pd.isna(v) else repr(v))
    return frame.astype({c: str for c in frame.columns if c != ROW})


def load_hubs(source: Source, communities: gpd.GeoDataFrame, strict: bool = True) -> LoadResult:
    frame, report, problems = _typed_table(source, "hubs")
    if frame is None:
        return LoadResult("hubs", source.name, None, problems)
    frame["name_en"] = frame["name_en"].fillna(frame["name_uk"])
    _check_unique(frame, "hub_id", report)
    known = pd.Index(communities["pcode"])
    frame = frame[~_check_known(frame, "pcode", known, report, strict)]
    frame.loc[_check_known(frame, "serves_pcode", known, report, strict), "serves_pcode"] = pd.NA
    located = _points_to_communities(frame["lat"], frame["lon"], communities)
    frame["pcode"] = frame["pcode"].fillna(located)
    has_point = frame["lat"].notna() & frame["lon"].notna()
    _report_outside(frame, has_point & ~_in_ukraine(frame["lat"], frame["lon"]), report)
    if has_errors(report.problems):
        return LoadResult("hubs", source.name, None, report.finish())
    return LoadResult("hubs", source.name, _contract_frame(frame, "hubs"), report.finish())


def load_idp_counts(source: Source, communities: gpd.GeoDataFrame, strict: bool = True) -> LoadResult:
    frame, report, problems = _typed_table(source, "idp_counts")
    if frame is None:
        return LoadResult("idp_counts", source.name, None, problems)
    known = pd.Index(communities["pcode"])
    frame = frame[~_check_known(frame, "host_pcode", known, report, strict)]
    frame.loc[_check_known(frame, "origin_pcode", known, report, strict), "origin_pcode"] = pd.NA
    if has_errors(report.problems):
        return LoadResult("idp_counts", source.name, None, report.finish())
    return LoadResult("idp_counts", source.name, _contract_frame(frame, "idp_counts"), report.finish())


# --------------------------------------------------------------------------------------------
# All four together


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
