"""From a raw table to the contract's typed columns, with a problem for every header or cell that does not fit.

Headers are mapped by alias or HXL tag (a needs file's personal columns dropped first), cells typed by
``geo.ingest.parsers``, required, unique and known values checked. ``Report`` lists at most
``MAX_LISTED`` rows per column and problem, so that a broken national file still reads as a short answer.
"""

from __future__ import annotations

import difflib
from collections import defaultdict

import geopandas as gpd
import pandas as pd

from geo.ingest.contract import (
    COLUMNS,
    PERSONAL_COLUMNS,
    VOCABULARIES,
    alias_rank,
    column_aliases,
    header_key,
    is_personal_header,
    is_personal_tag,
)
from geo.ingest.hxl import columns_by_tag
from geo.ingest.name_match import codes_from_names
from geo.ingest.parsers import PARSERS, blank_cells, parse_text
from geo.ingest.problems import ERROR, WARNING, WORD_KINDS, Problem
from geo.ingest.raw_table import ROW
from geo.ingest.reading import Source, read_table

MAX_LISTED = 20  # rows listed per column and problem; the rest are counted in one line

# What Excel in a Ukrainian (or English) locale makes of 8.7 or 7.08: "08.Лип", "Сер.65", "8-Jul".
_MONTHS = "січ|лют|бер|кві|тра|чер|лип|сер|вер|жов|лис|гру|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_EXCEL_DATE = rf"(?i)^(?:\d{{1,2}}[.\-/ ](?:{_MONTHS})\w*|(?:{_MONTHS})\w*[.\-/ ]\d{{1,4}})$"

_PROBLEM_FOR_KIND = {
    "code": "bad_code",
    "unit_code": "bad_unit_code",  # a code of an oblast, a raion or a hromada (IDP counts)
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


class Report:
    """Collects problems for one file, listing at most MAX_LISTED rows per column and problem."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self._counts: dict[tuple, int] = defaultdict(int)
        self.rows_read: int | None = None  # set by rename_columns: the file's rows of data
        self.unused_columns: tuple[str, ...] = ()  # set by rename_columns: the columns not in the data format
        self.read_from: dict | None = None  # set by rename_columns: the sheet and header row read
        self.matches: pd.DataFrame | None = None  # set by name_match.codes_from_names: the codes found from names

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
        for (code, column, severity), count in self._counts.items():
            if count > MAX_LISTED:  # "of": the problem it counts, for the Data page's reasons
                params = {"count": count - MAX_LISTED, "of": code}
                self.problems.append(Problem(self.name, "more_rows", severity, None, column, None, params))
        return self.problems


def rename_columns(frame: pd.DataFrame, kind: str, report: Report, keep_personal: bool = False) -> pd.DataFrame:
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
        own = header_key(str(column).rsplit("/", 1)[-1])  # a Kobo question's own name: group_contact/phone
        if not (is_personal_header(key) or is_personal_header(own) or is_personal_tag(tags.get(column))):
            continue
        if keep_personal and personal.get(key) and personal[key] not in seen:
            renames[column] = personal[key]
            seen.add(personal[key])
        else:
            dropped.append(str(column))
    if dropped:
        report.add("personal_dropped", WARNING, columns=", ".join(dropped), names=tuple(dropped))
    personal_columns = set(dropped) | set(renames)
    by_tag = columns_by_tag({c: t for c, t in tags.items() if c not in personal_columns}, kind)
    renames.update(by_tag)
    seen.update(by_tag.values())
    aliases = column_aliases(kind)
    for column in sorted(frame.columns, key=lambda c: alias_rank(kind, c)):  # the earlier alias wins
        if column in renames or column in personal_columns or column in (ROW, "geometry"):
            continue
        key = header_key(column)
        if key in aliases and aliases[key] not in seen:
            renames[column] = aliases[key]
            seen.add(aliases[key])
    frame = frame.drop(columns=dropped)
    keep = [c for c in frame.columns if c in renames or c in (ROW, "geometry")]
    report.rows_read = len(frame)
    report.read_from = frame.attrs.get("read_from")  # which sheet and header row (geo.ingest.header_row)
    report.unused_columns = tuple(str(c).lstrip("\u2060") for c in frame.columns if c not in keep)  # mapping's mark
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


def parse_columns(frame: pd.DataFrame, kind: str, report: Report) -> pd.DataFrame:
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
            if column.kind == "int" and column.required:
                params = {"required": True}  # the message does not offer a blank (geo.ingest.problems)
            if column.kind in ("int", "float"):
                mangled = bad & raw.str.strip().str.contains(_EXCEL_DATE, regex=True)
                report.rows(out, mangled, "excel_date", column.name)
                bad = bad & ~mangled
            report.rows(out, bad, _PROBLEM_FOR_KIND[column.kind], column.name, **params)
        if column.required and column.name in frame.columns:
            report.rows(out, blank_cells(raw), "missing_value", column.name)
    return out


def check_required(frame: pd.DataFrame, kind: str, report: Report, original: list[str]) -> bool:
    missing = [c.name for c in COLUMNS[kind] if c.required and c.name not in frame.columns]
    if kind == "needs" and "pcode" not in frame.columns and not {"lat", "lon"} <= set(frame.columns):
        missing.append("pcode | lat+lon")
    if missing:
        found = ", ".join(c for c in original if c not in (ROW, "geometry")) or "—"
        report.add("missing_columns", columns=", ".join(missing), found=found)
    return not missing


def check_unique(frame: pd.DataFrame, column: str, report: Report) -> None:
    first_rows: dict[str, int] = {}
    values = frame[column]
    dup = values.notna() & values.duplicated(keep=False)
    for row, value in zip(frame.loc[dup, ROW], values[dup], strict=True):
        if value in first_rows:
            report.add("duplicate_id", row=int(row), column=column, value=value, first_row=first_rows[value])
        else:
            first_rows[value] = int(row)


def check_known(frame: pd.DataFrame, column: str, known: pd.Index, report: Report, strict: bool = True) -> pd.Series:
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


def contract_frame(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    return frame[[ROW, *[c.name for c in COLUMNS[kind]]]].reset_index(drop=True)


def typed_table(
    source: Source, kind: str, keep_personal: bool = False, *, units: pd.DataFrame | None = None, strict: bool = True
) -> tuple[pd.DataFrame | None, Report, list[Problem]]:
    """Read, rename and type one table input; None (with the problems) when it cannot go further.

    ``units`` (the communities): codes are found from the oblast, raion and community names of rows that have
    none (``geo.ingest.name_match``; ``strict`` as for unknown codes).
    """
    report = Report(source.name)
    raw, problems = read_table(source, kind=kind)
    if raw is None:
        return None, report, problems
    if isinstance(raw, gpd.GeoDataFrame):
        raw = _points_as_columns(raw)
    original = list(raw.columns)
    frame = rename_columns(raw, kind, report, keep_personal)
    frame = codes_from_names(raw, frame, kind, report, units, strict)
    if not check_required(frame, kind, report, original):
        return None, report, report.finish()
    typed = parse_columns(frame, kind, report)
    for name in PERSONAL_COLUMNS if keep_personal else ():
        raw_text = frame[name].astype("string") if name in frame.columns else pd.Series("", index=frame.index)
        typed[name] = parse_text(raw_text)[0]
    return typed, report, []


def _points_as_columns(raw: gpd.GeoDataFrame) -> pd.DataFrame:
    """A point GeoJSON of needs or hubs read as a table with lat/lon text columns."""
    frame = pd.DataFrame(raw.drop(columns=[raw.geometry.name]))
    geometry = raw.geometry.to_crs(4326) if raw.crs is not None else raw.geometry
    points = geometry.geom_type == "Point"
    frame["lat"] = geometry.y.where(points).map(lambda v: "" if pd.isna(v) else repr(v))
    frame["lon"] = geometry.x.where(points).map(lambda v: "" if pd.isna(v) else repr(v))
    return frame.astype({c: str for c in frame.columns if c != ROW})
