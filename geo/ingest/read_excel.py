"""Excel workbooks read cell by cell (openpyxl's read-only mode) within the limits, never as a grid."""

from __future__ import annotations

import io
import math

import pandas as pd

from geo.ingest import sniff
from geo.ingest.contract import COLUMNS
from geo.ingest.header_row import fit_score, table_from_rows
from geo.ingest.limits import Limits
from geo.ingest.raw_table import Unreadable
from geo.ingest.read_zip import open_zip


def read_excel(data: bytes, sheet: str | None, limits: Limits, kind: str | None = None) -> pd.DataFrame:
    """The named sheet, or else the first sheet with a table that fits ``kind`` (else the first with a table).

    Workbooks often start with a cover or a ReadMe (a sheet of prose, not a table), and hold several tables;
    the header row is found by itself (``geo.ingest.header_row``): ``frame.attrs["read_from"]`` says
    which sheet and row were read. Read cell by cell (openpyxl's read-only mode) and never as a grid: a
    sheet that declares cells up to XFD1048576 is refused by its declared size, and one that lies about its
    size is stopped at the first cell beyond the limits.
    """
    if not sniff.is_zip(data):
        raise Unreadable("not_workbook")
    archive = open_zip(data, limits, "not_workbook")
    if "xl/workbook.xml" not in archive.namelist():
        raise Unreadable("not_workbook")
    import openpyxl  # after the checks: reading a workbook's parts goes through defusedxml

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a file that is not a workbook
        raise Unreadable("not_workbook") from exc
    try:
        names = book.sheetnames
        if len(names) > limits.sheets:
            raise Unreadable("too_many_sheets", count=len(names), limit=limits.sheets)
        if sheet is not None and sheet not in names:
            raise Unreadable("no_sheet", value=sheet, sheets=", ".join(names))
        frame, best, first_rows = pd.DataFrame(), None, None
        for name in [sheet] if sheet is not None else names:
            rows = _sheet_rows(book[name], name, limits)
            if len(rows) >= 2 and first_rows is None:
                first_rows = (name, rows)
            table = table_from_rows(rows, name)
            if table.empty:  # a cover (a title alone) or a ReadMe (prose)
                continue
            score = fit_score(table, kind)
            if best is None or score[0] > best[0][0]:
                best = (score, table)
            if kind is None or score[0] == sum(c.required for c in COLUMNS.get(kind, ())):
                break  # the first table that fits the input
        if best is not None:
            frame = best[1]
        elif first_rows is not None:  # no table found: the first sheet with data, header on row 1, as it is
            frame = table_from_rows(first_rows[1], first_rows[0], find=False)
    except MemoryError:
        raise
    except Unreadable:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged part of the workbook, found while reading it
        raise Unreadable("not_workbook") from exc
    finally:
        book.close()
    return frame


def _sheet_rows(worksheet, name: str, limits: Limits) -> list[tuple[int, list[str]]]:
    """(Excel row number, cells as text) for every row with a value, within the limits."""
    declared_rows, declared_columns = worksheet.max_row, worksheet.max_column
    if (declared_rows or 0) > limits.rows + 1 or (declared_columns or 0) > limits.columns:
        raise Unreadable(
            "sheet_too_large",
            value=name,
            rows=f"{declared_rows or 0:,}",
            columns=f"{declared_columns or 0:,}",
            max_rows=f"{limits.rows:,}",
            max_columns=limits.columns,
        )
    worksheet.reset_dimensions()  # read the cells that are there, not the size the file declares
    rows, cells = [], 0
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        width = len(values)
        while width and (values[width - 1] is None or values[width - 1] == ""):
            width -= 1
        if not width:
            continue
        if width > limits.columns:
            raise Unreadable("too_many_columns", row=number, count=f"{width:,}", limit=f"{limits.columns:,}")
        if number > limits.rows + 1:
            raise Unreadable("too_many_rows", count=f"{number - 1:,}", limit=f"{limits.rows:,}")
        cells += width
        if cells > limits.cells:
            raise Unreadable(
                "too_many_cells", count=f"{cells:,}", rows=f"{number:,}", columns=width, limit=f"{limits.cells:,}"
            )
        texts = [_cell_text(v) for v in values[:width]]
        for index, text in enumerate(texts):
            if len(text) > limits.cell_chars:
                raise Unreadable(
                    "cell_too_long",
                    row=number,
                    column=_column_letter(index),
                    count=f"{len(text):,}",
                    limit=f"{limits.cell_chars:,}",
                )
        rows.append((number, texts))
    return rows


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _cell_text(value: object) -> str:
    """A cell as pandas' ``read_excel(dtype=str)`` wrote it: whole floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    return str(value)
