"""The Data page in plain words: what was loaded, from which file, when, and what was left out and why.

Three tables of display strings, headers in the user's language, for a coordinator rather than a
programmer: no problem codes, contract column names, sector keys, "None" or timestamps.

- ``inputs_table``: one column per input (communities, needs, hubs, IDP counts) and one row per fact:
  the file, when it was read (Kyiv time), rows in the file, loaded and left out, why rows were left
  out (in words), which columns were left out and why (personal data hidden, columns the data
  format does not have), and what the input holds.
- ``problems_table``: every problem with its file, row, column (by its label) and what to do.
- ``rows_table``: an input's first rows as loaded, with labelled columns and readable values.

Empty cells read "—"; dates DD.MM.YYYY; numbers through ``geo.text.formatting``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

import pandas as pd

from geo.figures.metrics import idps_hosted
from geo.figures.needs_view import PERSONAL_HEADERS
from geo.figures.place_names import names
from geo.ingest.contract import (
    COLUMNS,
    HUB_TYPES,
    KIND_LABELS,
    KINDS,
    PERSONAL_COLUMNS,
    SECTORS,
    STATUSES,
    VOCABULARIES,
    VULNERABLE_GROUPS,
    header_key,
)
from geo.ingest.header_row import shown_header
from geo.ingest.indicators import rows_loaded as indicator_rows
from geo.ingest.loaders import LoadResult
from geo.ingest.problems import ERROR
from geo.ingest.validate import read_from_lines
from geo.text.formatting import is_blank, number
from geo.text.i18n import N_, gettext_for

KYIV = ZoneInfo("Europe/Kyiv")
BLANK = "—"  # an empty cell
ROWS_SHOWN = 500  # rows_table's default: enough to see what was read, light enough for the page

# The facts of ``inputs_table``, in order: key -> the row's label.
FACTS = {
    "file": N_("File"),
    "read_at": N_("Read (Kyiv time)"),
    "result": N_("Result"),
    "rows_read": N_("Rows in the file"),
    "rows_loaded": N_("Rows loaded"),
    "rows_left_out": N_("Rows left out"),
    "why": N_("Why rows were left out"),
    "columns": N_("Columns left out"),
    "holds": N_("What it holds"),
}

# Each input's columns as a coordinator reads them (the data format's names are docs/data-format.md's).
COLUMN_LABELS: dict[str, dict[str, str]] = {
    "communities": {
        "pcode": N_("Community code"),
        "name_uk": N_("Name in Ukrainian"),
        "name_en": N_("Name in English"),
        "raion_pcode": N_("Raion code"),
        "raion": N_("Raion in English"),
        "raion_uk": N_("Raion in Ukrainian"),
        "oblast_pcode": N_("Oblast code"),
        "oblast": N_("Oblast in English"),
        "oblast_uk": N_("Oblast in Ukrainian"),
        "population": N_("Population"),
        "centre": N_("Administrative centre"),
        "geometry": N_("Boundary"),
    },
    "needs": {
        "need_id": N_("Need"),
        "pcode": N_("Community code"),
        "lat": N_("Latitude"),
        "lon": N_("Longitude"),
        "sector": N_("Sector"),
        "status": N_("Status"),
        "verified": N_("Verified"),
        "reported_on": N_("Reported on"),
        "closed_on": N_("Closed on"),
        "provider": N_("Provider"),
        "people": N_("People"),
        "vulnerable_groups": N_("Vulnerable groups"),
        **PERSONAL_HEADERS,
    },
    "hubs": {
        "hub_id": N_("Hub"),
        "name_uk": N_("Name in Ukrainian"),
        "name_en": N_("Name in English"),
        "lat": N_("Latitude"),
        "lon": N_("Longitude"),
        "hub_type": N_("Hub type"),
        "pcode": N_("Community code"),
        "serves_pcode": N_("Serves the community (code)"),
        "services": N_("Services"),
        "services_en": N_("Services in English"),
        "hours": N_("Hours"),
        "hours_en": N_("Hours in English"),
        "phone": N_("Phone"),
        "website": N_("Website"),
        "registered_people": N_("Registered people"),
    },
    "idp_counts": {
        "host_pcode": N_("Host community (code)"),
        "origin_pcode": N_("Community of origin (code)"),
        "people": N_("IDPs"),
        "households": N_("Households"),
        "as_of": N_("As of"),
    },
}

# Why a row is left out or a file refused, in a few words; keyed by problem code. A code not here is a
# problem with the file as a whole, said in full in the problems table.
REASONS = {
    "missing_value": N_("a required cell is empty"),
    "bad_code": N_("the community code is not a code"),
    "bad_unit_code": N_("the code is not a code of an oblast, a raion or a hromada"),
    "unknown_oblast": N_("the oblast is not in the communities file"),
    "unknown_raion": N_("the raion is not in the communities file"),
    "duplicate_row": N_("the row repeats an earlier one"),
    "no_figure": N_("the row has no figure (n/a)"),
    "hub_outside": N_("the point is in none of the communities"),
    "not_oblast_code": N_("the code is not an oblast's"),
    "not_raion_code": N_("the code is not a raion's"),
    "unknown_code": N_("the community code is not in the communities file"),
    "row_left_out": N_("the community code is not in the communities file"),
    "point_left_out": N_("the point is in none of the communities"),
    "outside": N_("the point is in none of the communities"),
    "need_outside": N_("the point is in none of the communities"),
    "swapped": N_("latitude and longitude are swapped"),
    "need_swapped": N_("latitude and longitude are swapped"),
    "no_location": N_("no community code and no coordinates"),
    "bad_location": N_("a coordinate is not a number"),
    "bad_int": N_("not a whole number"),
    "bad_float": N_("not a number"),
    "excel_date": N_("a number that Excel turned into a date"),
    "bad_date": N_("the date is not a date"),
    "bad_bool": N_("not yes or no"),
    "bad_word": N_("{what}: not one of the known values"),
    "duplicate_id": N_("the same id is used twice"),
    "closed_before_reported": N_("closed before it was reported"),
    "bad_geometry": N_("the shape is not a polygon"),
    "empty_geometry": N_("the shape is empty"),
    "unrepairable_geometry": N_("the shape could not be repaired"),
    "bad_coordinates": N_("the shape's coordinates are not numbers"),
    "shape_too_complex": N_("the shape is too detailed"),
    "bad_wkt": N_("the shape cannot be read"),
    "bad_geojson_feature": N_("the shape cannot be read"),
    "bad_geojson_geometry": N_("the shape cannot be read"),
    "unclosed_quote": N_("a quote is never closed"),
    "ragged_row": N_("more cells than the header"),
    "line_too_long": N_("the line is too long"),
    "cell_too_long": N_("a cell is too long"),
    "missing_columns": N_("required columns are missing"),
    "not_found": N_("the file is not there"),
    "empty_file": N_("the file is empty"),
    "unsupported_format": N_("files of this type cannot be read"),
    "html": N_("a web page, not a table"),
    "merge_conflict": N_("the file was saved in the middle of a merge"),
    "no_geometry": N_("the file has no shapes"),
    "too_large": N_("the file is over a limit"),
    "too_many_rows": N_("the file is over a limit"),
    "too_many_columns": N_("the file is over a limit"),
    "too_many_cells": N_("the file is over a limit"),
    "file_too_complex": N_("the file is over a limit"),
    "box_time": N_("reading took too long"),
    "box_memory": N_("reading needed too much memory"),
    "box_crash": N_("an error in the dashboard itself"),
    "unexpected": N_("an error in the dashboard itself"),
}
UNREADABLE = N_("the file cannot be read as a table or a map layer")
# The problems that leave a row out of a file that loads, and the column each leaves it out by (the
# same problem in another column only clears that cell: a hub's "serves", an IDP count's origin).
LEFT_OUT = {
    ("empty_geometry", "geometry"),
    ("unrepairable_geometry", "geometry"),
    ("row_left_out", "pcode"),
    ("row_left_out", "host_pcode"),
    ("point_left_out", "lat"),
    ("duplicate_row", None),  # an IDP row repeated cell for cell: counted once
    ("no_figure", "people"),  # an IDP row whose figure is "n/a"
    ("no_figure", "host_pcode"),  # DTM's "Residence location unknown", its code "n/a"
}
# Problems the inputs table says in its own words, so the problems table does not repeat them.
SAID_IN_SUMMARY = {"personal_dropped"}

PROBLEM_HEADERS = {
    "input": N_("Data"),
    "file": N_("File"),
    "row": N_("Row"),
    "column": N_("Column"),
    "severity": N_("Severity"),
    "message": N_("Problem and what to do"),
}
SEVERITIES = {"error": N_("error: the file is not loaded"), "warning": N_("warning")}


def kyiv_time(moment: dt.datetime | None) -> str:
    """``02.12.2026 03:15`` in Kyiv, whatever the server's zone; a naive time is taken as UTC."""
    if moment is None:
        return BLANK
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(KYIV).strftime("%d.%m.%Y %H:%M")


def day(value: object) -> str:
    """``01.06.2025``: the date as Ukrainian Excel writes it, in both languages; "—" for none."""
    if is_blank(value):
        return BLANK
    return pd.Timestamp(value).strftime("%d.%m.%Y")


def _count(value: object, lang: str) -> str:
    return BLANK if is_blank(value) else number(value, lang)


def _listing(items: Iterable[str]) -> str:
    return "; ".join(items) or BLANK


def _label(kind: str, column: str | None, lang: str) -> str:
    """A column by its label when it is one of the data format's, else as the file names it."""
    if not column:
        return BLANK
    label = COLUMN_LABELS.get(kind, {}).get(column)
    return gettext_for(lang)(label) if label else column


def _header_label(header: str, lang: str) -> str:
    """A personal column's header: its label when it is the data format's own name (``contact_name``)."""
    canonical = {header_key(name): name for name in PERSONAL_COLUMNS}.get(header_key(header))
    return gettext_for(lang)(PERSONAL_HEADERS[canonical]).lower() if canonical else header


def _code(problem) -> str:
    """The problem's code; for "… and 20 more rows", the code of the rows it counts."""
    return problem.params.get("of", "") if problem.code == "more_rows" else problem.code


def _reason(problem, lang: str) -> str:
    _ = gettext_for(lang)
    what = problem.params.get("what")
    return _(REASONS.get(_code(problem), UNREADABLE)).format(what=_(what) if what else "")


def _how_many(problems: list) -> int:
    """Problems found, counting those a "… and 20 more rows" line stands for."""
    return sum(int(p.params.get("count", 0)) if p.code == "more_rows" else 1 for p in problems)


def _reasons(problems: Iterable, lang: str) -> str:
    """Reasons in words with the rows each holds: "the date is not a date (rows: 2)"."""
    _ = gettext_for(lang)
    rows: Counter[str] = Counter()
    for problem in problems:
        reason = _reason(problem, lang)
        if problem.code == "more_rows":
            rows[reason] += int(problem.params.get("count", 0))
        else:
            rows[reason] += 1 if problem.row is not None else 0
    return _listing(
        _("{reason} (rows: {count})").format(reason=reason, count=number(count, lang)) if count else reason
        for reason, count in rows.items()
    )


def _columns_left_out(kind: str, result: LoadResult, internal: bool, lang: str) -> str:
    _ = gettext_for(lang)
    parts = []
    for problem in result.problems:
        if problem.code == "personal_dropped":
            headers = [_header_label(h, lang) for h in problem.params.get("names", ())]
            if headers:
                parts.append(_columns_phrase("personal", headers, lang))
    if kind == "needs" and not internal and result.frame is not None:
        parts.append(_("the households' own coordinates: used only to find their community, not kept"))
    if result.unused_columns:
        parts.append(_columns_phrase("unused", list(result.unused_columns), lang))
    return _listing(parts)


_COLUMN_PHRASES = {
    ("personal", True): N_("personal data hidden: one column ({names})"),
    ("personal", False): N_("personal data hidden: {count} columns ({names})"),
    ("unused", True): N_("not in the data format, so not read: one column ({names})"),
    ("unused", False): N_("not in the data format, so not read: {count} columns ({names})"),
}


def _columns_phrase(which: str, names: list[str], lang: str) -> str:
    text = gettext_for(lang)(_COLUMN_PHRASES[(which, len(names) == 1)])
    names = [shown_header(n, gettext_for(lang)) for n in names]  # "column I (no header)" in the user's words
    return text.format(count=number(len(names), lang), names=", ".join(names))


def _words(values: pd.Series, vocabulary: Mapping, lang: str) -> str:
    """Counts by word, largest first ("food: 120, WASH: 80"), the words in the user's language."""
    _ = gettext_for(lang)
    counts = values.dropna().value_counts()
    return ", ".join(
        f"{_(vocabulary[key][0]) if key in vocabulary else key}: {number(n, lang)}" for key, n in counts.items()
    )


def _span(values: pd.Series) -> str:
    dates = pd.to_datetime(values, errors="coerce").dropna()
    if dates.empty:
        return ""
    first, last = day(dates.min()), day(dates.max())
    return first if first == last else f"{first}–{last}"


def _holds(kind: str, frame: pd.DataFrame, lang: str) -> str:
    """What an input holds, in a line: counts by what a coordinator sorts it by."""
    _ = gettext_for(lang)
    if kind == "communities":
        oblasts = frame["oblast_pcode"].fillna(frame["oblast"]).nunique()
        if not oblasts:
            return _("communities: {communities}").format(communities=number(len(frame), lang))
        return _("communities: {communities}; oblasts: {oblasts}").format(
            communities=number(len(frame), lang), oblasts=number(oblasts, lang)
        )
    if kind == "needs":
        parts = [_("needs: {count}").format(count=number(len(frame), lang))]
        parts.append(_words(frame["status"], STATUSES, lang))
        parts.append(_("by sector: {sectors}").format(sectors=_words(frame["sector"], SECTORS, lang)))
        span = _span(frame["reported_on"])
        if span:
            parts.append(_("reported {dates}").format(dates=span))
        return _listing(p for p in parts if p)
    if kind == "hubs":
        return _listing(
            [
                _("hubs: {count}").format(count=number(len(frame), lang)),
                _("by type: {types}").format(types=_words(frame["hub_type"], HUB_TYPES, lang)),
            ]
        )
    if kind == "indicators":  # one row per figure and unit (geo.ingest.indicators)
        figures = frame.drop_duplicates("key")
        label = "label_uk" if lang == "uk" else "label_en"
        return _listing(
            [
                _("figures: {count} ({names})").format(count=number(len(figures), lang), names="; ".join(figures[label])),
                _("units: {units}").format(units=number(frame["pcode"].nunique(), lang)),
            ]
        )
    hosted = idps_hosted(frame)
    parts = [
        _("host communities: {communities}").format(communities=number(len(hosted), lang)),
        _("IDPs, newest count of each pair of communities: {people}").format(
            people=number(hosted.sum() if len(hosted) else 0, lang)
        ),
    ]
    span = _span(frame["as_of"])
    if span:
        parts.append(_("as of {dates}").format(dates=span))
    return _listing(parts)


def _facts(kind: str, result: LoadResult | None, internal: bool, lang: str) -> dict[str, str]:
    _ = gettext_for(lang)
    if result is None:
        return {key: BLANK for key in FACTS} | {"result": _("not loaded: the communities file must load first")}
    errors = [p for p in result.problems if p.severity == ERROR]
    warnings = [p for p in result.problems if p.severity != ERROR and p.code not in SAID_IN_SUMMARY]
    loaded = result.frame is not None and not errors
    kept = (indicator_rows(result.frame) if kind == "indicators" else len(result.frame)) if loaded else 0
    if loaded:
        state = _("loaded, with warnings (listed below)") if warnings else _("loaded")
        left_out = [p for p in result.problems if (_code(p), p.column) in LEFT_OUT]
        why = _reasons(left_out, lang)
    else:
        state = _("not loaded: errors found: {count} (listed below)").format(count=number(_how_many(errors), lang))
        why = _("the file was not loaded because of: {reasons}").format(reasons=_reasons(errors, lang))
    rows_read = result.rows_read
    left = None if rows_read is None else rows_read - kept
    return {
        "file": " — ".join([result.source_name or BLANK, *read_from_lines(result, lang)]),  # and its sheet and row
        "read_at": kyiv_time(result.read_at),
        "result": state,
        "rows_read": _count(rows_read, lang),
        "rows_loaded": number(kept, lang),
        "rows_left_out": _count(left, lang),
        "why": why if (left or not loaded) else BLANK,
        "columns": _columns_left_out(kind, result, internal, lang),
        "holds": _holds(kind, result.frame, lang) if loaded and kept else BLANK,
    }


def inputs_table(
    results: Mapping[str, LoadResult], lang: str, internal: bool = False, kinds: Iterable[str] | None = None
) -> pd.DataFrame:
    """What was loaded, as the Data page shows it: one row per fact (``FACTS``), one column per input.

    ``results`` are the loaders' (``geo.ingest.loaders.load_dataset``); an input missing from them is
    one the communities file stopped. ``internal``: the deployment's internal view, which keeps the
    households' coordinates. Every cell is a display string; the index names the facts.
    """
    _ = gettext_for(lang)
    if kinds is None:  # the four inputs, and the indicators when any were given
        kinds = (*KINDS, *(["indicators"] if "indicators" in results else []))
    table = {_(KIND_LABELS[kind]): list(_facts(kind, results.get(kind), internal, lang).values()) for kind in kinds}
    return pd.DataFrame(table, index=pd.Index([_(label) for label in FACTS.values()], name=_("What")))


def problems_table(results: Mapping[str, LoadResult], lang: str) -> pd.DataFrame:
    """Every problem the loaders found, errors first, as the Data page lists them (headers ``PROBLEM_HEADERS``).

    The row is the file's own row number, as Excel shows it; the column is named by its label.
    Personal columns left out are said in ``inputs_table`` and not repeated here.
    """
    _ = gettext_for(lang)
    rows = []
    for kind, result in results.items():
        for problem in _in_order(result.problems):
            if problem.code in SAID_IN_SUMMARY:
                continue
            rows.append(
                {
                    "input": _(KIND_LABELS[kind]),
                    "file": problem.file or BLANK,
                    "row": BLANK if problem.row is None else str(problem.row),
                    "column": _label(kind, problem.column, lang),
                    "severity": _(SEVERITIES.get(problem.severity, problem.severity)),
                    "message": problem.message(lang),
                }
            )
    frame = pd.DataFrame(rows, columns=list(PROBLEM_HEADERS))
    return frame.rename(columns={key: _(label) for key, label in PROBLEM_HEADERS.items()})


def _in_order(problems: list) -> list:
    """Errors first, each in file order, a "… and 20 more rows" line after the rows of its column."""
    return sorted(problems, key=lambda p: (p.severity != ERROR, p.file, p.row is None, p.row or 0, p.column or ""))


def _cell_texts(values: pd.Series, kind: str, lang: str) -> list[str]:
    _ = gettext_for(lang)
    if kind in ("status", "sector", "hub_type"):
        labels = {key: _(label) for key, (label, _aliases) in VOCABULARIES[kind].items()}
        return [BLANK if is_blank(v) else labels.get(v, str(v)) for v in values]
    if kind == "groups":
        labels = {key: _(label) for key, (label, _aliases) in VULNERABLE_GROUPS.items()}
        return [BLANK if is_blank(v) else ", ".join(labels.get(k, k) for k in str(v).split(";")) for v in values]
    if kind == "bool":
        return [BLANK if is_blank(v) else (_("yes") if bool(v) else _("no")) for v in values]
    if kind == "date":
        return [day(v) for v in values]
    if kind == "int":
        return [_count(v, lang) for v in values]
    if kind == "float":
        return [BLANK if is_blank(v) else number(v, lang, 4) for v in values]
    return [BLANK if is_blank(v) or str(v).strip() == "" else str(v) for v in values]


def rows_table(
    kind: str, frame: pd.DataFrame, lang: str, communities: pd.DataFrame | None = None, limit: int = ROWS_SHOWN
) -> pd.DataFrame:
    """An input's first ``limit`` rows as loaded: the data format's columns by their labels, values in words.

    Sectors, statuses, hub types and groups by their labels, yes/no, dates DD.MM.YYYY, numbers in the
    language's style, "—" for an empty cell; with ``communities``, another input's community codes read
    "Name (code)". Shapes and the loaders' own columns are left out; a needs frame's personal columns
    (the internal view only) come last, by their labels.
    """
    head = frame.head(limit)
    kinds = {column.name: column.kind for column in COLUMNS[kind]}
    kinds.update({name: "text" for name in PERSONAL_COLUMNS} if kind == "needs" else {})
    shown = [name for name in kinds if name in head.columns]
    named = {} if communities is None or kind == "communities" else names(communities, lang)["name"].dropna().to_dict()
    columns = {}
    for name in shown:
        texts = _cell_texts(head[name], kinds[name], lang)
        if kinds[name] in ("code", "unit_code") and named:  # an oblast's or a raion's code stays a code
            texts = [f"{named[code]} ({code})" if code in named else code for code in texts]
        columns[_label(kind, name, lang)] = texts
    return pd.DataFrame(columns, index=pd.RangeIndex(len(head)))
