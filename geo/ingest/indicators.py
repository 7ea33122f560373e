"""The fifth input, optional: indicators, a table of figures per unit at any level.

An indicators file is any table with a column of unit codes and columns of figures: the HNO's
people in need per oblast, a severity per raion, KSE's population per hromada, a REACH score. It
needs no fixed header: each numeric column becomes a metric that the map can be coloured by.

- **The unit** is the column of codes (a header like ``pcode``, ``adm1_pcode``, ``admin2Pcode``,
  ``hromada_code`` or ``код``, an HXL tag ``#adm1+code``/``#adm2+code``/``#adm3+code``, or else a column
  that holds codes): P-codes or KATOTTH codes of any level (``geo.ingest.codes.code_level``). With
  several (KSE's ``hromada_code``, ``raion_code``, ``oblast_code``) the finest is the unit.
- **Or names**, in a file with no codes (an HNO table ``Oblast | People in need``, a raion table
  ``Oblast, Raion, Severity``, ``Громада, Population``): the units are found from the names
  (``geo.ingest.name_match``, as for needs and hubs: Ukrainian or English, any apostrophe, with or without
  громада/ТГ/міська/область, by the community's centre) at the finest level that a row's names give:
  oblast names alone give oblasts, with raions raions, with hromadas hromadas. A column's level is said by
  its header (``oblast``, ``район``, ``ADM3_UA``); a code column or a ``name`` column holding names is read
  at the level where most of its names are found. Oblast names are the communities' ADM1 names (Київ and
  Севастополь are cities of their own: UA80, UA85). A name that matches no unit, or several, is a warning
  with its candidates and the row is left out, never guessed; the match table is ``LoadResult.matches``.
- **A metric** is a column whose filled cells are numbers (``4 450,90`` as Excel writes it; ``-``,
  ``n/a``, ``н/д`` read as no data); a blank is "no data" for that unit. A column of text is not a
  metric (it is listed among the columns not read), nor are years, dates, ids and codes. A column with
  rows at two levels gives one metric per level.
- **Its name** comes from its HXL tag when the tag is known (``#inneed``, ``#severity``,
  ``#population``, ``#affected+idps`` ... : ``TAG_LABELS``), translated, or from a known header
  (``HEADER_LABELS``); any other header is its own name in both languages. **Its unit** (people, score,
  %, per 1,000) from the tag or the header (``UNIT_WORDS``): a percentage whose values are all between
  0 and 1 is a share, shown times 100. **Its source** from a ``#meta+source`` (or ``source``/``джерело``)
  column, else the workbook's title row (``frame.attrs["title"]`` when the reader found one), else
  the file's name.

What is checked: a row without a code (or names), or with a code that is no unit code (a "Total" row), is
left out with a warning; a code of a unit that the communities (or the ADM1/ADM2 files) do not have is
listed like other unknown codes (with the nearest known code) and left out, with a warning: an
indicators file often covers more than the deployment does. One unit twice in one metric is an
error naming both rows. A file with no code column (nor names) or no metric is an error.

``load_indicators`` reads one file; ``load_indicator_files`` several into one ``LoadResult`` whose
frame is ``Dataset.indicators``: one row per metric and unit, columns ``FRAME_COLUMNS``. The figures
for the map are read from it by ``geo.figures.indicator_metrics``.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.ingest.codes import LEVELS, code_levels
from geo.ingest.columns import Report
from geo.ingest.contract import N_, header_key
from geo.ingest.hxl import parse_tag
from geo.ingest.levels import known_units
from geo.ingest.loaders import LoadResult, guarded
from geo.ingest.name_match import codes_from_names, match_names, name_columns, name_key, named_cells, unit_index
from geo.ingest.parsers import blank_cells, parse_float
from geo.ingest.problems import ERROR, WARNING, Problem
from geo.ingest.raw_table import ROW
from geo.ingest.reading import Source, read_table
from geo.text.i18n import gettext_for

KIND = "indicators"
ENV_VAR = "HROMADA_INDICATORS"
DEFAULT_FILE = "indicators.csv"

# Dataset.indicators: one row per metric and unit. ``key`` names the metric (stable for a file and
# column: it can stand in a URL); ``value`` is <NA> for "no data".
FRAME_COLUMNS = ("key", "level", "pcode", "value", "label_uk", "label_en", "unit", "source", "column", "file", ROW)

# The units a metric can have, with how a legend writes them.
UNITS = {
    "people": N_("people"),
    "score": N_("score"),
    "percent": "%",
    "per_1000": N_("per 1,000"),
}

# Known HXL tags: (pattern, label, unit); the most specific pattern that the column's tag has wins.
TAG_LABELS = (
    ("#inneed+idps", N_("IDPs in need"), "people"),
    ("#inneed", N_("People in need"), "people"),
    ("#severity", N_("Severity score"), "score"),
    ("#population+idps", N_("Internally displaced people"), "people"),
    ("#population", N_("Population"), "people"),
    ("#affected+idps", N_("Internally displaced people"), "people"),
    ("#affected+idp", N_("Internally displaced people"), "people"),
    ("#affected+returnees", N_("Returnees"), "people"),
    ("#affected", N_("People affected"), "people"),
    ("#targeted", N_("People targeted"), "people"),
    ("#reached", N_("People reached"), "people"),
    ("#indicator+score", N_("Score"), "score"),
)
# Known headers (compared by ``header_key``): KSE's population table and the HNO's words.
HEADER_LABELS = {
    "total population 2022": (N_("Population, 2022"), "people"),
    "urban population 2022": (N_("Urban population, 2022"), "people"),
    "urban pct": (N_("Urban population, %"), "percent"),
    "population": (N_("Population"), "people"),
    "населення": (N_("Population"), "people"),
    "people in need": (N_("People in need"), "people"),
    "pin": (N_("People in need"), "people"),
    "severity": (N_("Severity score"), "score"),
    # The demo's made-up figure (scripts/make_demo_indicators.py): its name says so in both languages.
    "demo severity (not an hno value)": (N_("Demo severity (not an HNO value)"), "score"),
}
# Words in a header or tag that give a metric its unit, checked in this order.
UNIT_WORDS = (
    ("per_1000", ("per 1000", "per 1,000", "per1000", "per 1 000", "на 1000", "на 1 000", "‰")),
    ("percent", ("%", "pct", "percent", "відсот", "частка", "share")),
    ("score", ("severity", "score", "index", "індекс", "бал", "тяжк", "рівень")),
    ("people", ("population", "people", "persons", "individuals", "населення", "осіб", "людей", "idp", "впо", "pin")),
)
_UNIT_TAG_ATTRIBUTES = {"pct": "percent", "per1000": "per_1000", "ind": "people"}

# Headers of the unit's code column (compared by ``header_key``).
CODE_HEADERS = frozenset(
    header_key(h)
    for h in (
        "pcode", "p-code", "code", "adm1_pcode", "adm2_pcode", "adm3_pcode", "admin1pcode", "admin2pcode",
        "admin3pcode", "admin1pcod", "admin2pcod", "admin3pcod", "adm1_code", "adm2_code", "adm3_code",
        "hromada_code", "raion_code", "oblast_code", "katotth", "katottg", "код", "код громади", "код району",
        "код області", "код катоттг",
    )
)  # fmt: skip
_CODE_TAGS = ("#adm1", "#adm2", "#adm3", "#adm4")
# The units' names, written beside their codes for people: read as such (not "left out"), never a metric.
_NAME_HEADERS = frozenset(
    header_key(h)
    for h in (
        "name", "name_uk", "name_en", "name_ua", "назва", "hromada_name", "raion_name", "oblast_name", "oblast",
        "raion", "hromada", "область", "район", "громада", "adm1_ua", "adm1_en", "adm2_ua", "adm2_en", "adm3_ua",
        "adm3_en",
    )
)  # fmt: skip


def _is_unit_name(column: object, tag: str | None) -> bool:
    parsed = parse_tag(tag) if tag else None
    named_by_tag = parsed is not None and parsed[0] in ("#loc", *_CODE_TAGS) and "name" in parsed[1]
    return named_by_tag or header_key(column) in _NAME_HEADERS


# Columns that are numbers but not figures of a unit.
_NOT_METRIC_HEADERS = frozenset(
    header_key(h)
    for h in ("year", "рік", "date", "дата", "round", "раунд", "id", "_id", "_index", "index", "fid", "objectid", "№", "no")
)
_NOT_METRIC_TAGS = ("#date", "#meta", "#adm1", "#adm2", "#adm3", "#adm4", "#country", "#loc", "#geo", "#org", "#sector")
_SOURCE_HEADERS = frozenset(header_key(h) for h in ("source", "data source", "джерело", "джерело даних"))
# What a cell says when it has no figure: read as a blank.
NO_DATA_WORDS = frozenset(("-", "–", "—", "n/a", "na", "nan", "н/д", "немає даних", "no data", "..", "x", "х"))
CODE_SHARE = 0.8  # a column is the unit's codes when this share of its filled cells are codes
NAME_SHARE = 0.5  # a code or name column of no level holds names when this share of its filled cells are names
LEVEL_SAMPLE = 300  # the distinct names of such a column tried at each level to choose its level
# The names of headers that may hold any unit's names (a level's own, "oblast", is found by name_columns).
_ANY_NAME_HEADERS = frozenset(header_key(h) for h in ("name", "name_uk", "name_en", "name_ua", "назва", "unit", "одиниця"))
# A row whose names say it sums the others ("Total", "Усього"): no unit, left out like a code that is none.
TOTAL_WORDS = frozenset(
    name_key(w)
    for w in (
        "total", "grand total", "totals", "sum", "all", "всього", "усього", "разом", "загалом", "підсумок", "итого",
        "ukraine", "україна", "all oblasts", "усі області", "other oblasts", "інші області",
    )
)  # fmt: skip
BAD_SHARE = 0.1  # a column of numbers may have this share of cells that are not (each a warning)

LEVEL_NAMES = {"oblast": N_("oblasts"), "raion": N_("raions"), "hromada": N_("hromadas")}
# Where an unknown code was looked for, as the "unknown_unit" problem says it.
UNKNOWN_WHERE = {
    "oblast": N_("among the oblasts of the communities file"),
    "raion": N_("among the raions of the communities file"),
    "hromada": N_("among the hromadas of the communities file"),
}


def indicator_paths(data_dir: Path, environ: Mapping[str, str]) -> list[Path]:
    """The indicators files: ``HROMADA_INDICATORS`` (paths separated by ``os.pathsep``) if set, else the
    demo's ``data/indicators.csv`` if it exists. Set to an empty value, there are none."""
    if ENV_VAR in environ:
        return [Path(part) for part in environ[ENV_VAR].split(os.pathsep) if part.strip()]
    default = Path(data_dir) / DEFAULT_FILE
    return [default] if default.is_file() else []


def _blank_or_no_data(text: pd.Series) -> pd.Series:
    return blank_cells(text) | text.fillna("").astype(str).str.strip().str.lower().isin(NO_DATA_WORDS)


def _tag_name(tag: str | None) -> str | None:
    parsed = parse_tag(tag or "")
    return parsed[0] if parsed else None


def _code_column(frame: pd.DataFrame, tags: Mapping[str, str]) -> str | None:
    """The column of unit codes: by header or HXL tag, else by content; the finest level of several."""
    candidates = []
    for position, column in enumerate(c for c in frame.columns if c not in (ROW, "geometry")):
        text = frame[column].astype("string").fillna("")
        filled = text[~blank_cells(text)]
        if filled.empty:
            continue
        found = code_levels(filled)
        share = found["pcode"].notna().mean()
        tag = parse_tag(tags.get(column, "")) or ("", frozenset())
        named = header_key(column) in CODE_HEADERS or (tag[0] in _CODE_TAGS and "code" in tag[1])
        if (named and share >= 0.5) or share >= CODE_SHARE:
            levels = found["level"].dropna()
            finest = max(LEVELS.index(level) for level in levels.unique()) if not levels.empty else -1
            candidates.append((-finest, not named, position, column))
    return min(candidates)[3] if candidates else None


def _source_column(frame: pd.DataFrame, tags: Mapping[str, str]) -> str | None:
    for column in frame.columns:
        tag = parse_tag(tags.get(column, ""))
        if (tag and tag[0] == "#meta" and "source" in tag[1]) or header_key(column) in _SOURCE_HEADERS:
            return column
    return None


def _label_and_unit(column: str, tag: str | None) -> tuple[str, str, str | None]:
    """(English label or msgid, whether it is translated ("msgid"/"own"), unit key or None)."""
    parsed = parse_tag(tag or "")
    label, unit, kind = str(column).strip(), None, "own"
    if parsed:
        best = None
        for pattern, pattern_label, pattern_unit in TAG_LABELS:
            name, attributes = parse_tag(pattern)
            if parsed[0] == name and attributes <= parsed[1] and (best is None or len(attributes) > best[0]):
                best = (len(attributes), pattern_label, pattern_unit)
        if best:
            label, unit, kind = best[1], best[2], "msgid"
        for attribute in sorted(parsed[1] & set(_UNIT_TAG_ATTRIBUTES)):
            if attribute != "ind" or unit is None:  # +ind (individuals) only where the tag gave no unit
                unit = _UNIT_TAG_ATTRIBUTES[attribute]
    key = header_key(column)
    if kind == "own" and key in HEADER_LABELS:
        label, unit = HEADER_LABELS[key]
        kind = "msgid"
    words = f" {key} {str(tag or '').lower()} "
    for unit_key, markers in UNIT_WORDS:
        if unit_key in ("per_1000", "percent") and any(m in words for m in markers):
            unit = unit_key  # a rate or a share is never a count, whatever the tag
            break
        if unit is None and any(m in words for m in markers):
            unit = unit_key
            break
    return label, kind, unit


def _is_not_metric(column: str, tag: str | None) -> bool:
    key = header_key(column)
    return (
        key in _NOT_METRIC_HEADERS
        or _tag_name(tag) in _NOT_METRIC_TAGS
        or key.endswith((" id", " code", " pcode", " код"))
        or key in CODE_HEADERS
    )


def _metric_key(file: str, column: str, level: str) -> str:
    digest = hashlib.sha256(f"{file}\0{column}\0{level}".encode()).hexdigest()[:10]
    return f"ind_{digest}"


def _known(communities: gpd.GeoDataFrame, oblasts, raions) -> dict[str, pd.Index]:
    shapes = {"oblast": oblasts, "raion": raions, "hromada": None}
    return {level: known_units(communities, level, shapes[level]) for level in LEVELS}


def _check_codes(frame: pd.DataFrame, code_column: str, known: dict[str, pd.Index], report: Report) -> pd.DataFrame:
    """The rows at a known unit, with ``pcode`` and ``level``; every other row said and left out."""
    raw = frame[code_column].astype("string").fillna("").str.strip()
    found = code_levels(raw)
    frame = frame.assign(pcode=found["pcode"], level=found["level"], _raw_code=raw)
    blank = blank_cells(raw)
    for row in frame.loc[blank, ROW]:
        report.add("indicator_no_code", WARNING, row=int(row), column=code_column)
    bad = ~blank & frame["pcode"].isna()
    for row, value in zip(frame.loc[bad, ROW], frame.loc[bad, "_raw_code"], strict=True):
        report.add("indicator_bad_code", WARNING, row=int(row), column=code_column, value=value)
    frame = frame[~blank & ~bad]
    unknown = pd.Series(False, index=frame.index)
    for level in LEVELS:
        at_level = frame["level"] == level
        unknown |= at_level & ~frame["pcode"].isin(known[level])
    suggestions: dict[str, str] = {}
    for row, value, level in zip(
        frame.loc[unknown, ROW], frame.loc[unknown, "pcode"], frame.loc[unknown, "level"], strict=True
    ):
        if report.listing("unknown_unit", code_column, WARNING) and value not in suggestions:
            close = difflib.get_close_matches(str(value), [str(c) for c in known[level]], n=1, cutoff=0.7)
            suggestions[value] = close[0] if close else ""
        report.add(
            "unknown_unit",
            WARNING,
            row=int(row),
            column=code_column,
            value=value,
            what=UNKNOWN_WHERE[level],
            suggestion=suggestions.get(value, ""),
        )
    return frame[~unknown]


def _names_columns(
    raw: pd.DataFrame, tags: Mapping[str, str], columns: list, source_column: str | None, index_of
) -> dict[str, list]:
    """Level -> the columns of its names, for a file without codes: the columns of text whose header says the
    level (``name_match.name_columns``); else the first code or name column holding names, at its level."""
    text = [c for c in columns if c != source_column and _metric_values(raw, c)[0] is None]
    chosen = {level: cols for (_role, level), cols in name_columns(text, KIND).items()}
    if chosen:
        return chosen
    for column in text:
        tag = parse_tag(tags.get(column, "")) or ("", frozenset())
        key = header_key(column)
        if not (key in CODE_HEADERS or key in _ANY_NAME_HEADERS or (tag[0] in _CODE_TAGS and tag[1] & {"code", "name"})):
            continue
        cells = raw[column].astype("string").fillna("")
        filled = cells[~_blank_or_no_data(cells)]
        if filled.empty or named_cells(filled).mean() < NAME_SHARE:
            continue
        return {_names_level(index_of(), filled): [column]}
    return {}


def _names_level(index, names: pd.Series) -> str:
    """The level at which most of a column's names are found by their own or their centre's name (a tie: the
    coarser), so that a column of oblast names is read as oblasts though Харківська is a community's name too."""
    distinct = names.str.strip().drop_duplicates().head(LEVEL_SAMPLE)
    counts = {
        level: sum(match_names(index, {level: name})[0].how in ("name", "centre") for name in distinct) for level in LEVELS
    }
    return max(LEVELS, key=lambda level: (counts[level], -LEVELS.index(level)))


def _rows_from_names(
    raw: pd.DataFrame,
    tags: Mapping[str, str],
    columns: list,
    source_column: str | None,
    communities: gpd.GeoDataFrame,
    report: Report,
) -> tuple[pd.DataFrame | None, tuple]:
    """The rows whose names match a known unit, with ``pcode`` and ``level`` (the finest that the row's names give),
    and the name columns; every other row said and left out. (None, ()) when the file has no columns of names."""
    index = None

    def index_of():
        nonlocal index
        index = unit_index(communities) if index is None else index
        return index

    chosen = _names_columns(raw, tags, columns, source_column, index_of)
    if not chosen:
        return None, ()
    used = tuple(c for cols in chosen.values() for c in cols)
    names = pd.DataFrame({c: raw[c].astype("string").fillna("").str.strip() for c in used}, index=raw.index)
    names = names.mask(names.apply(_blank_or_no_data))
    total = names.apply(lambda cells: cells.map(lambda v: not pd.isna(v) and name_key(v) in TOTAL_WORDS)).astype(bool)
    names = names.mask(total)  # "Kharkivska | Total": the oblast's own row; "Total" alone: no unit
    none = names.isna().all(axis=1)
    shown = " / ".join(str(c) for c in used)
    for i in raw.index[none]:
        row = int(raw.at[i, ROW])
        said = [str(v) for v in raw.loc[i, list(total.columns[total.loc[i]])]]
        if said:
            report.add("indicator_bad_code", WARNING, row=row, column=shown, value=said[0])
        else:
            report.add("indicator_no_code", WARNING, row=row, column=shown)
    named = raw.loc[~none, [ROW]]
    cleaned = pd.concat([named, names.loc[~none].fillna("")], axis=1)
    found = codes_from_names(
        cleaned,
        named,
        KIND,
        report,
        communities,
        columns={("", level): cols for level, cols in chosen.items()},
        index=index_of() if not named.empty else None,
        severity=WARNING,
    )
    if report.matches is not None:  # the match table names the file's columns of names
        report.matches = report.matches.assign(column=shown)
    if "pcode" not in found.columns:  # no row had a name
        found = found.assign(pcode=pd.Series(dtype="string"))
    levels = code_levels(found["pcode"].astype("string").fillna(""))
    return found.assign(pcode=levels["pcode"], level=levels["level"]), used


def _metric_values(frame: pd.DataFrame, column: str) -> tuple[pd.Series | None, pd.Series]:
    """The column's figures (None if it is not a column of numbers) and the cells that were not numbers."""
    text = frame[column].astype("string").fillna("")
    no_data = _blank_or_no_data(text)
    values, bad = parse_float(text.where(~no_data, ""))
    filled = int((~no_data).sum())
    if filled == 0 or int(bad.sum()) > BAD_SHARE * filled:
        return None, bad
    return values.where(~bad).astype("Float64"), bad


def load_indicators(
    source: Source,
    communities: gpd.GeoDataFrame,
    oblasts: gpd.GeoDataFrame | None = None,
    raions: gpd.GeoDataFrame | None = None,
) -> LoadResult:
    """One indicators file as rows of ``FRAME_COLUMNS`` (see the module's docstring), or its errors."""
    report = Report(source.name)
    raw, problems = read_table(source)
    if raw is None:
        return LoadResult(KIND, source.name, None, problems)
    if isinstance(raw, gpd.GeoDataFrame):
        raw = pd.DataFrame(raw.drop(columns=[raw.geometry.name])).astype(
            {c: str for c in raw.columns if c not in (ROW, raw.geometry.name)}
        )
    tags = raw.attrs.get("hxl", {})
    report.rows_read = len(raw)
    columns = [c for c in raw.columns if c not in (ROW, "geometry")]
    mapping = source.mapping if source.mapping is not None and source.mapping.kind == KIND else None
    chosen = {m.column for m in mapping.metrics} if mapping else set()  # the metrics a mapping names
    code_column = (mapping.columns.get("code") if mapping else None) or _code_column(raw, tags)
    source_column = _source_column(raw, tags)
    name_used: tuple = ()
    if code_column is not None:
        rows = _check_codes(raw, code_column, _known(communities, oblasts, raions), report)
    else:  # names, and no codes
        rows, name_used = _rows_from_names(raw, tags, columns, source_column, communities, report)
    if rows is None:
        report.add("indicator_no_code_column", found=", ".join(str(c) for c in columns) or "—")
        report.unused_columns = tuple(str(c) for c in columns)
        return _result(source, None, report)
    title = str(raw.attrs.get("title") or "").strip()
    parts, unused = [], []
    metrics: list[dict] = []
    for column in columns:
        if column in (code_column, source_column) or column in name_used:
            continue
        tag = tags.get(column)
        skip = column not in chosen if chosen else _is_not_metric(column, tag)
        values, bad = (None, None) if skip else _metric_values(raw, column)
        if values is None:
            if header_key(column) not in CODE_HEADERS and not _is_unit_name(column, tag):
                unused.append(str(column))
            continue
        for row, value in zip(raw.loc[bad, ROW], raw.loc[bad, column], strict=True):
            report.add("indicator_bad_number", WARNING, row=int(row), column=str(column), value=value)
        label, kind, unit = _label_and_unit(column, tag)
        metrics.append({"column": column, "label": label, "kind": kind, "unit": unit, "values": values[rows.index]})
    if not metrics:
        report.add("indicator_no_metric", found=", ".join(str(c) for c in columns) or "—")
    # Two columns named alike ("People in need" twice) are told apart by their headers.
    repeated = pd.Series([m["label"] for m in metrics]).duplicated(keep=False).tolist()
    for metric, twice in zip(metrics, repeated, strict=True):
        uk, en = _labels(metric["label"], metric["kind"])
        if twice and metric["kind"] == "msgid":
            uk, en = f"{uk} ({metric['column']})", f"{en} ({metric['column']})"
        values = metric["values"]
        if metric["unit"] == "percent" and values.notna().any() and values.dropna().between(0, 1).all():
            values = values * 100
        levels = rows.loc[values.notna(), "level"].dropna().unique()  # the levels it has figures at
        for level in [lvl for lvl in LEVELS if lvl in levels]:
            at = rows["level"] == level
            part = _duplicates(rows[at], values[at], str(metric["column"]), report)
            if part is None:
                continue
            level_uk, level_en = uk, en
            if len(levels) > 1:
                level_uk = f"{uk} ({gettext_for('uk')(LEVEL_NAMES[level])})"
                level_en = f"{en} ({LEVEL_NAMES[level]})"
            sources = []
            if source_column is not None:
                chosen = raw.loc[part.index, source_column].astype("string").str.strip()
                sources = [s for s in dict.fromkeys(chosen[part["value"].notna()].dropna()) if s]
            part = part.assign(
                key=_metric_key(source.name, str(metric["column"]), level),
                label_uk=level_uk,
                label_en=level_en,
                unit=metric["unit"] or "",
                source="; ".join(sources[:3]) or title or source.name,
                column=str(metric["column"]),
                file=source.name,
            )
            parts.append(part)
    report.unused_columns = tuple(unused)
    if not metrics or any(p.severity == ERROR for p in report.problems):
        return _result(source, None, report)
    if not parts:  # figures, but at no known unit: it loads empty, and the warnings say why
        parts = [pd.DataFrame({c: pd.Series(dtype="object") for c in FRAME_COLUMNS})]
    frame = pd.concat(parts, ignore_index=True)[list(FRAME_COLUMNS)]
    frame["value"] = frame["value"].astype("Float64")
    return _result(source, frame, report)


def _labels(label: str, kind: str) -> tuple[str, str]:
    if kind == "msgid":
        return gettext_for("uk")(label), label
    return label, label


def _duplicates(rows: pd.DataFrame, values: pd.Series, column: str, report: Report) -> pd.DataFrame | None:
    """The metric's rows at one level; one unit with two figures is an error naming both rows."""
    part = pd.DataFrame({"pcode": rows["pcode"], "level": rows["level"], "value": values, ROW: rows[ROW]})
    filled = part[part["value"].notna()]
    twice = filled["pcode"].duplicated(keep=False)
    first_rows: dict[str, int] = {}
    for row, code in zip(filled.loc[twice, ROW], filled.loc[twice, "pcode"], strict=True):
        if code in first_rows:
            report.add("indicator_duplicate", row=int(row), column=column, value=code, first_row=first_rows[code])
        else:
            first_rows[code] = int(row)
    if twice.any():
        return None
    # A unit's blank row beside its filled one says nothing more: keep the figure.
    part = part.sort_values("value", na_position="last").drop_duplicates("pcode")
    return part.sort_index()


def _result(source: Source, frame: pd.DataFrame | None, report: Report) -> LoadResult:
    matches = None if report.matches is None else report.matches.assign(file=source.name)
    return LoadResult(KIND, source.name, frame, report.finish(), report.rows_read, report.unused_columns, matches=matches)


def load_indicator_files(
    sources: Sequence[Source],
    communities: gpd.GeoDataFrame,
    oblasts: gpd.GeoDataFrame | None = None,
    raions: gpd.GeoDataFrame | None = None,
) -> LoadResult:
    """Several indicators files as one result: their metrics in one frame (None if any file has an
    error), every file's problems (each names its file), the rows and columns of all of them."""
    results = [guarded(KIND, s, load_indicators, s, communities, oblasts, raions) for s in sources]
    problems: list[Problem] = [p for r in results for p in r.problems]
    name = ", ".join(r.source_name for r in results)
    rows = [r.rows_read for r in results]
    unused = tuple(c for r in results for c in r.unused_columns)
    frames = [r.frame for r in results if r.frame is not None]
    ok = all(r.ok for r in results)
    frame = None
    if ok and frames:
        frame = pd.concat(frames, ignore_index=True)
        # The same file given twice: its metrics once.
        frame = frame.drop_duplicates(["key", "pcode"])
    elif ok:
        frame = pd.DataFrame({c: pd.Series(dtype="object") for c in FRAME_COLUMNS})
    total = None if any(r is None for r in rows) else sum(rows)
    tables = [r.matches for r in results if r.matches is not None]
    matches = pd.concat(tables, ignore_index=True).drop_duplicates() if tables else None  # a file twice: once
    return LoadResult(KIND, name, frame, problems, total, unused, matches=matches)


def rows_loaded(frame: pd.DataFrame | None) -> int:
    """The file rows that gave figures (``Dataset.indicators`` has a row per metric and unit)."""
    if frame is None or frame.empty:
        return 0
    return int(frame[["file", ROW]].drop_duplicates().shape[0])
