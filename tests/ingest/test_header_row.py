"""The header row found by itself: past title blocks and group headers, over HXL rows, on the row Excel shows."""

from __future__ import annotations

import io

import openpyxl

from geo.ingest.header_row import find_header, shown_header
from geo.ingest.problems import Problem
from geo.ingest.raw_table import ROW
from geo.ingest.reading import Source, read_table
from geo.text.i18n import gettext_for


def workbook(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with these sheets and rows (None: an empty cell), as openpyxl writes it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_title_block_above_the_table_is_passed_and_rows_keep_their_numbers():
    data = workbook(
        {
            "Estimates": [
                ["Humanitarian Needs Overview 2025"],
                ["Source: OCHA, as of 1 October 2025"],
                [],
                ["pcode", "name", "people"],
                ["UA4806037", "Шевченківська", 120],
                ["UA6510001", "Білозерська", 80],
            ]
        }
    )
    frame, problems = read_table(Source("hno.xlsx", data))
    assert not problems
    assert list(frame.columns) == ["pcode", "name", "people", ROW]
    assert frame[ROW].tolist() == [5, 6] and frame.loc[1, "people"] == "80"
    assert frame.attrs["read_from"] == {"sheet": "Estimates", "header_row": 4}


def test_a_group_header_gives_way_to_the_column_header_under_it():
    rows = [
        (1, ["Location", "", "", "People in need"]),
        (2, ["Oblast", "Hromada", "P-code", "IDPs", "Returnees"]),
        (3, ["Миколаївська", "Шевченківська", "UA4806037", "120", "30"]),
    ]
    assert find_header(rows) == 1


def test_a_sheet_of_prose_has_no_table_and_the_next_sheet_is_read():
    data = workbook(
        {
            "ReadMe": [["About this file"], ["The figures are estimates."], ["Contact the cluster for questions."]],
            "Data": [["host_pcode", "people"], ["UA4806037", 40]],
        }
    )
    frame, _problems = read_table(Source("idps.xlsx", data))
    assert frame.attrs["read_from"] == {"sheet": "Data", "header_row": 1}
    assert frame.loc[0, "host_pcode"] == "UA4806037" and frame[ROW].tolist() == [2]


def test_a_header_of_hxl_tags_alone_names_the_columns_and_maps_them():
    data = workbook({"Sheet1": [["#adm3+code", "#affected+idps"], ["UA4806037", 40], ["UA6510001", 25]]})
    frame, _problems = read_table(Source("idps.xlsx", data))
    assert frame.attrs["hxl"] == {"#adm3+code": "#adm3+code", "#affected+idps": "#affected+idps"}
    assert frame[ROW].tolist() == [2, 3] and frame.loc[1, "#affected+idps"] == "25"


def test_a_blank_header_is_named_by_its_column_letter_in_both_languages():
    data = workbook({"Sheet1": [["host_pcode", "people", None, "as_of"], ["UA4806037", 40, "a note", "2025-10-01"]]})
    frame, _problems = read_table(Source("idps.xlsx", data))
    assert "column C (no header)" in frame.columns and "Unnamed: 2" not in frame.columns
    problem = Problem("idps.xlsx", "bad_int", row=2, column="column C (no header)", value="a note")
    assert problem.where("en") == "idps.xlsx, row 2, column “column C (no header)”"
    assert problem.where("uk") == "idps.xlsx, рядок 2, стовпець «стовпець C (без заголовка)»"
    assert shown_header("column C (no header)", gettext_for("uk")) == "стовпець C (без заголовка)"


def test_a_csv_with_a_title_line_and_a_blank_header():
    text = "IDP figures, October 2025;;\nhost_pcode;people;\nUA4806037;40;checked\n"
    frame, problems = read_table(Source("idps.csv", text.encode()))
    assert not problems
    assert list(frame.columns) == ["host_pcode", "people", "column C (no header)", ROW]
    assert frame[ROW].tolist() == [3] and frame.attrs["read_from"] == {"header_row": 2}
    plain, _problems = read_table(Source("idps.csv", b"host_pcode,people\nUA4806037,40\n"))
    assert plain.attrs["read_from"] == {"header_row": 1} and plain[ROW].tolist() == [2]
