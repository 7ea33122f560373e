"""Where a table starts: its header row found by itself, past the title block, group headers and label rows.

Real files rarely start on row 1: a HNO workbook has a title block and a group header ("People in need"
over four columns) above the column header; an HDX file has an HXL row under its header, or a header of
HXL tags alone; a KoboToolbox export may have a row of labels under the question names; a ReadMe sheet
holds prose, not a table. ``table_from_rows`` turns a sheet's rows (with the numbers Excel shows, so that
every problem still names the right row) into a frame whose header is the table's own, and says where it
found it (``frame.attrs["read_from"]``). ``fit_score`` says how well a table's headers fit an input, so
that a workbook of several tables is read from the first that fits.
"""

from __future__ import annotations

import re

import pandas as pd

from geo.ingest.contract import COLUMNS, N_, column_aliases, header_key
from geo.ingest.hxl import columns_by_tag, is_hashtag_row, parse_tag
from geo.ingest.raw_table import ROW

SCAN_ROWS = 30  # a header further down than this is not looked for
NO_HEADER = N_("column {letter} (no header)")  # a blank header cell, as messages show it (translated where shown)
_NO_HEADER = re.compile(r"^column ([A-Z]{1,3}) \(no header\)$")
_NUMBER = re.compile(r"^[-+]?\d[\d\s.,]*%?$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# KoboToolbox's own columns: a table with them is an export, whose second row may be the questions' labels.
KOBO_META = ("_uuid", "_id", "_index", "_submission_time")

Rows = list[tuple[int, list[str]]]


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the letter Excel shows above the column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def no_header_name(index: int) -> str:
    return NO_HEADER.format(letter=column_letter(index))


def shown_header(header: object, translate) -> str:
    """A header as shown in ``translate``'s language: ``column I (no header)`` in the user's words."""
    text = str(header)
    match = _NO_HEADER.match(text)
    return translate(NO_HEADER).format(letter=match.group(1)) if match else text


def shown_headers(text: str, translate) -> str:
    """Every ``column I (no header)`` inside a message, in ``translate``'s language."""
    if "(no header)" not in text:
        return text
    pattern = re.compile(r"column ([A-Z]{1,3}) \(no header\)")
    return pattern.sub(lambda m: translate(NO_HEADER).format(letter=m.group(1)), text)


def unique_headers(headers: list[str]) -> list[str]:
    """Blanks are ``column I (no header)``; repeats get ``.1``, ``.2`` (as pandas names them)."""
    seen: dict[str, int] = {}
    out = []
    for index, header in enumerate(headers):
        name = str(header).strip() or no_header_name(index)
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if str(c).strip())


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(str(text).strip()))


def _header_like(cells: list[str]) -> bool:
    """Mostly words: a header has names, a row of data has numbers and codes among them."""
    filled = [c for c in cells if str(c).strip()]
    return bool(filled) and sum(_is_number(c) for c in filled) * 4 <= len(filled)


def find_header(rows: Rows) -> int | None:
    """The index in ``rows`` of the table's header; None when the rows hold no table (prose, a title alone).

    The HXL row, when there is one near the top, says it: the header is the row above it, or the tags
    themselves when nothing is above. Else the header is the first row of words that fills at least half of
    the table's width (a title fills one cell), and a group header ("Location", "People in need") gives way
    to the fuller row of words under it.
    """
    window = rows[:SCAN_ROWS]
    if not window:
        return None
    for index, (_number, cells) in enumerate(window):
        if is_hashtag_row(cells) and _filled(cells) >= 2:
            above = index - 1
            if above >= 0 and window[above][0] == window[index][0] - 1 and _filled(window[above][1]) >= 2:
                return above
            return index
    width = max(_filled(cells) for _n, cells in window)
    if width < 2:
        return None
    for index, (_number, cells) in enumerate(window):
        if _filled(cells) * 2 >= width and _filled(cells) >= 2 and _header_like(cells):
            while index + 1 < len(window):
                below = window[index + 1][1]
                wider = _filled(below) > _filled(cells) and _filled(cells) * 4 < _filled(below) * 3
                if not (wider and _header_like(below) and not is_hashtag_row(below)):
                    break
                index, cells = index + 1, below
            return index
    return None


def _is_label_row(headers: list[str], cells: list[str], next_cells: list[str] | None) -> bool:
    """A KoboToolbox export's row of labels under the names: its _uuid, _id, _index are not the row's own."""
    if next_cells is None:
        return False
    checks = 0
    for index, header in enumerate(headers):
        key = str(header).strip().lower()
        if key not in KOBO_META:
            continue
        here = cells[index] if index < len(cells) else ""
        below = next_cells[index] if index < len(next_cells) else ""
        valid = {"_uuid": _UUID.match, "_submission_time": _DATE.match}.get(key, _is_number)
        if valid(str(below).strip()):
            if valid(str(here).strip()):
                return False
            checks += 1
    return checks > 0


def table_from_rows(rows: Rows, sheet: str | None = None, find: bool = True) -> pd.DataFrame:
    """The frame of the table in ``rows`` (Excel row number, cells as text), with ``ROW`` and ``attrs["read_from"]``.

    ``find``: look for the header (else row 1 is the header, as before). An empty frame when the rows
    hold no table. A header of HXL tags alone becomes both the header and the HXL row under it.
    """
    if not rows:
        return pd.DataFrame()
    at = find_header(rows) if find else 0
    if at is None:
        return pd.DataFrame()
    header_number, header_cells = rows[at]
    if not find and header_number != 1:  # an empty row 1 leaves every column unnamed
        header_number, header_cells, at = 1, [], -1
    body = rows[at + 1 :]
    if find and is_hashtag_row(header_cells) and not (body and is_hashtag_row(body[0][1])):
        body = [(header_number, list(header_cells)), *body]  # the tags name the columns and are the HXL row
    headers_guess = list(header_cells)
    first = 1 if body and is_hashtag_row(body[0][1]) else 0
    if find and len(body) > first + 1 and _is_label_row(headers_guess, body[first][1], body[first + 1][1]):
        body = body[:first] + body[first + 1 :]
    width = max([len(header_cells), *(len(cells) for _n, cells in body)])
    headers = unique_headers([*header_cells, *[""] * (width - len(header_cells))])
    frame = pd.DataFrame([cells + [""] * (width - len(cells)) for _n, cells in body], columns=headers, dtype=str)
    frame = frame.fillna("")
    blank = [h for h, cell in zip(headers, [*header_cells, *[""] * width], strict=False) if not str(cell).strip()]
    frame = frame.drop(columns=[h for h in blank if not frame[h].str.strip().any()])  # nothing in it: not a column
    frame[ROW] = [number for number, _cells in body]
    frame = frame.reset_index(drop=True)
    read_from = {"header_row": header_number}
    if sheet is not None:
        read_from = {"sheet": sheet, **read_from}
    frame.attrs["read_from"] = read_from
    return frame


def fit_score(frame: pd.DataFrame, kind: str | None) -> tuple[int, int]:
    """(required columns found, columns found) of ``kind`` in the table's headers, by alias or HXL tag.

    A question's own name counts (``group_x/question``: ``question``), as ``geo.ingest.kobo`` renames it.
    """
    if kind not in COLUMNS or frame.empty:
        return (0, 0)
    aliases = column_aliases(kind)
    found = {aliases[k] for c in frame.columns if (k := header_key(str(c).rsplit("/", 1)[-1])) in aliases}
    first = frame.iloc[0]
    tags = {c: str(first[c]) for c in frame.columns if c != ROW and parse_tag(str(first[c]))}
    if tags and is_hashtag_row([str(first[c]) for c in frame.columns if c != ROW]):
        found |= set(columns_by_tag(tags, kind).values())
    required = {c.name for c in COLUMNS[kind] if c.required}
    return (len(found & required), len(found))
