"""Text tables (CSV, TSV, Excel's "Unicode text"): decoded, split and counted against the limits before pandas reads them."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from geo.ingest import sniff
from geo.ingest.header_row import SCAN_ROWS, find_header, table_from_rows, unique_headers
from geo.ingest.kobo import is_kobo
from geo.ingest.limits import Limits
from geo.ingest.raw_table import ROW, Unreadable

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(\s|$)")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1251, the encoding Excel uses in Ukraine.

    A statistical detector is not used on purpose: on short files it mistakes cp1251 for
    kz1048 and silently turns ї/є/ґ into other letters. Valid UTF-8 is very unlikely to be
    anything else, and what is not UTF-8 here is cp1251 in practice.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of ; , and tab."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _check_text_limits(lines: list[str], delimiter: str, limits: Limits) -> None:
    """Lines, columns, rows and cells within the limits, before pandas builds anything."""
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    if len(lines[longest]) > limits.line_chars:
        raise Unreadable("line_too_long", row=longest + 1, count=f"{len(lines[longest]):,}", limit=f"{limits.line_chars:,}")
    first = next(i for i, line in enumerate(lines) if line.strip())
    try:
        header = next(csv.reader([lines[first]], delimiter=delimiter))
    except csv.Error:
        header = lines[first].split(delimiter)
    if len(header) > limits.columns:
        raise Unreadable("too_many_columns", row=first + 1, count=f"{len(header):,}", limit=f"{limits.columns:,}")
    rows = len(lines) - first - 1
    if rows > limits.rows:
        raise Unreadable("too_many_rows", count=f"{rows:,}", limit=f"{limits.rows:,}")
    if rows * len(header) > limits.cells:
        raise Unreadable(
            "too_many_cells",
            count=f"{rows * len(header):,}",
            rows=f"{rows:,}",
            columns=len(header),
            limit=f"{limits.cells:,}",
        )
    for number, line in enumerate(lines, start=1):
        if line.startswith(("<<<<<<<", "=======", ">>>>>>>")) and _CONFLICT.match(line):
            raise Unreadable("merge_conflict", row=number, value=line.strip()[:40])


def read_csv(data: bytes, limits: Limits) -> pd.DataFrame:
    if sniff.is_binary(data):
        raise Unreadable("binary")
    text = decode_text(data)
    if not text.strip():  # a byte-order mark and nothing after it
        raise Unreadable("empty_file")
    if text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        raise Unreadable("html")
    lines = text.split("\n")
    delimiter = sniff_delimiter(text)
    _check_text_limits(lines, delimiter, limits)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            quoting=csv.QUOTE_MINIMAL,
            skip_blank_lines=False,  # keep blank lines so that rows keep the numbers Excel shows
        )
    except pd.errors.EmptyDataError as exc:
        raise Unreadable("empty_file") from exc
    except (pd.errors.ParserError, csv.Error) as exc:
        unclosed = re.search(r"EOF inside string starting at row (\d+)", str(exc))
        if unclosed:  # pandas counts data rows from 0; Excel numbers them from 2
            raise Unreadable("unclosed_quote", row=int(unclosed.group(1)) + 2) from exc
        line = re.search(r"line (\d+)", str(exc))
        row = int(line.group(1)) if line else None
        raise Unreadable("ragged_row", row=row, delimiter=delimiter.replace("\t", "Tab")) from exc
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    if max(len(line) for line in lines) > limits.cell_chars:
        _check_cell_length(frame, limits)
    return _with_header(_numbered(frame))


def _with_header(frame: pd.DataFrame) -> pd.DataFrame:
    """The table under its own header (``geo.ingest.header_row``): past a title block, over a label row.

    Row 1 is the header of nearly every CSV: then only its blank cells are named (``column C (no header)``).
    """
    headers = ["" if re.fullmatch(r"Unnamed: \d+(\.\d+)?", str(c)) else str(c) for c in frame.columns if c != ROW]
    cells = frame.drop(columns=[ROW])
    head = [(1, headers), *zip(frame[ROW].head(SCAN_ROWS).tolist(), cells.head(SCAN_ROWS).values.tolist(), strict=True)]
    if find_header(head) in (0, None) and not is_kobo(headers):
        frame.columns = [*unique_headers(headers), ROW]
        frame.attrs["read_from"] = {"header_row": 1}
        return frame
    rows = [(1, headers), *zip(frame[ROW].tolist(), cells.values.tolist(), strict=True)]
    rows = [(n, [str(c) for c in row]) for n, row in rows]
    table = table_from_rows(rows)
    return table if not table.empty else table_from_rows(rows, find=False)


def _check_cell_length(frame: pd.DataFrame, limits: Limits) -> None:
    for column in frame.columns:
        lengths = frame[column].fillna("").astype(str).str.len()
        if lengths.max() > limits.cell_chars:
            raise Unreadable(
                "cell_too_long",
                row=int(lengths.idxmax()) + 2,
                column=str(column),
                count=f"{int(lengths.max()):,}",
                limit=f"{limits.cell_chars:,}",
            )


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    """Number rows as Excel does (header = 1), then drop the blank ones (Excel leaves ;;;; rows)."""
    frame = frame.fillna("")
    frame[ROW] = range(2, len(frame) + 2)
    cells = frame.drop(columns=[ROW]).astype(str)
    blank = cells.apply(lambda column: column.str.strip() == "").all(axis=1)
    return frame[~blank].reset_index(drop=True)
