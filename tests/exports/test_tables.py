"""The list to take away: CSV for Excel in a Ukrainian locale, a workbook, GeoJSON, and no formulas."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import pandas as pd
import pytest
from fakes import FIXTURE_SECRETS
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from geo.exports.about import SHEET_TITLE, about_rows
from geo.exports.tables import CSV_STYLES, FORMULA_STARTS, XLSX_WIDTHS, guard_cell, to_csv, to_geojson, to_xlsx
from geo.figures.filters import Filters
from geo.figures.needs_view import headers, list_frame, ordered, prepare_needs
from geo.text.i18n import gettext_for

TODAY = date(2025, 8, 11)
SECRETS = FIXTURE_SECRETS
RISKY = ['=HYPERLINK("http://x","y")', "+380 99 111", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def public_list(dataset, lang: str = "uk") -> pd.DataFrame:
    return headers(list_frame(ordered(prepare_needs(dataset, False), TODAY), dataset.communities, lang, False), lang)


def risky_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": pd.Series(RISKY, dtype="string"),
            "category": pd.Categorical(RISKY),
            "plain": pd.Series(["Хмельницький"] * len(RISKY), dtype="string"),
            "count": pd.array([-1, 0, 1, 2, 3, 4], dtype="Int64"),
        }
    )


def read_csv(data: bytes, lang: str) -> list[list[str]]:
    separator = CSV_STYLES[lang][0]
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=separator))


@pytest.mark.parametrize("value", RISKY)
def test_a_cell_that_starts_a_formula_cannot_run(value):
    """=, +, -, @, tab and carriage return at the start of text get an apostrophe in front."""
    assert guard_cell(value) == "'" + value
    assert guard_cell("Громада") == "Громада" and guard_cell(-5) == -5


def test_csv_opens_in_ukrainian_excel(small):
    """UTF-8 with BOM, ';' between columns and ',' in decimals: what Excel in a Ukrainian locale expects."""
    frame = public_list(small, "uk")
    data = to_csv(frame, "uk")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = read_csv(data, "uk")
    assert rows[0] == list(frame.columns) and len(rows) == len(frame) + 1
    assert rows[1][:2] == ["N-1", "Шевченківська"]
    with_distance = pd.DataFrame({"Відстань, км": [12.5]})
    assert to_csv(with_distance, "uk").decode("utf-8-sig").splitlines()[1] == "12,5"
    assert to_csv(with_distance, "en").decode("utf-8-sig").splitlines()[1] == "12.5"


def test_csv_cells_that_start_a_formula_are_text(small):
    """Hostile text from the data (a provider, a need id) reaches the CSV as inert text; numbers stay numbers."""
    rows = read_csv(to_csv(risky_frame(), "en"), "en")
    for row, value in zip(rows[1:], RISKY, strict=True):
        assert row[0] == row[1] == "'" + value
        assert row[2] == "Хмельницький"
    assert [row[3] for row in rows[1:]] == ["-1", "0", "1", "2", "3", "4"]
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows[1:] for cell in row[:2])


def test_xlsx_keeps_types_and_runs_no_formula(small, tmp_path):
    """The workbook has the headers, dates as dates, and risky text as quoted text, never a formula."""
    frame = public_list(small, "en")
    book = load_workbook(io.BytesIO(to_xlsx(frame, "Needs")))
    sheet = book["Needs"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(frame.columns) and len(rows) == len(frame) + 1
    reported = list(frame.columns).index("Reported on")
    assert rows[1][0] == "N-1" and rows[1][reported].date() == date(2025, 6, 2)

    risky = load_workbook(io.BytesIO(to_xlsx(risky_frame(), "x"))).active
    cells = list(risky.iter_rows(min_row=2))
    for row, value in zip(cells, RISKY, strict=True):
        for cell in row[:2]:
            # (XML reads a carriage return back as a line feed; the cell is still quoted text)
            assert cell.value == value.replace("\r", "\n") and cell.data_type == "s" and cell.quotePrefix
        assert row[3].data_type == "n"
    assert not [c for row in risky.iter_rows() for c in row if c.data_type == "f"]


@pytest.mark.parametrize("lang, about", [("uk", "Про дані"), ("en", "About the data")])
def test_xlsx_opens_ready_to_filter_with_a_sheet_about_the_data(demo, lang, about):
    """What a coordinator sees on opening the workbook: filter buttons on the header row, the header frozen,
    each column as wide as what it holds (not Excel's 8.43 or a fixed 13 for all), dates as dates shown
    DD.MM.YYYY, and a second sheet in their language that says the data's date and when it was exported."""
    _ = gettext_for(lang)
    frame = public_list(demo, lang)
    rows = about_rows(
        lang=lang,
        count=len(frame),
        data_as_of=date(2025, 10, 31),
        filters=Filters(sector=("food",)),
        communities=demo.communities,
        hubs=demo.hubs,
        internal=False,
        source="Demo data",
        files=demo.names,
        exported=datetime(2025, 11, 3, 9, 15),
    )
    book = load_workbook(io.BytesIO(to_xlsx(frame, _("Needs"), rows, _(SHEET_TITLE))))
    assert book.sheetnames == [_("Needs"), about]
    sheet = book[_("Needs")]
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    assert sheet.freeze_panes == "A2"
    widths = {letter: d.width for letter, d in sheet.column_dimensions.items()}
    assert len(widths) == len(frame.columns) and len(set(widths.values())) > 3
    assert all(XLSX_WIDTHS[0] <= w <= XLSX_WIDTHS[1] for w in widths.values())
    groups = get_column_letter(list(frame.columns).index(_("Vulnerable groups")) + 1)
    status = get_column_letter(list(frame.columns).index(_("Status")) + 1)
    assert widths[groups] > widths[status]  # "elderly; disability; children" needs more room than "open"
    longest = frame[_("Vulnerable groups")].astype("string").str.len().max()
    assert widths[groups] >= min(longest, XLSX_WIDTHS[1] - 2)
    reported = list(frame.columns).index(_("Reported on")) + 1
    cell = sheet.cell(row=2, column=reported)
    assert cell.is_date and cell.number_format == "dd.mm.yyyy"

    notes = {row[0]: row[1] for row in book[about].iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert notes[_("Data as of")].date() == date(2025, 10, 31)
    assert notes[_("Exported (Kyiv time)")] == datetime(2025, 11, 3, 9, 15)
    assert notes[_("Sector")] == _("food") and notes[_("Needs in the list")] == len(frame)
    dated = [c for row in book[about].iter_rows() for c in row if c.is_date]
    assert {c.number_format for c in dated} == {"dd.mm.yyyy", "dd.mm.yyyy hh:mm"}


def test_a_workbook_without_notes_has_one_sheet(small):
    """Without rows about it (the load report, a tour's figures) the workbook is the list alone, still filterable."""
    book = load_workbook(io.BytesIO(to_xlsx(public_list(small, "en"), "Needs")))
    assert book.sheetnames == ["Needs"] and book["Needs"].auto_filter.ref


def test_geojson_public_points_are_community_centres_without_personal_data(internal_small):
    """Even from a frame that carries them, the public GeoJSON has no personal column and no household point."""
    needs = ordered(prepare_needs(internal_small, internal=True), TODAY)  # the worst case: internal data
    data = to_geojson(needs, internal_small.communities, internal=False)
    text = data.decode("utf-8")
    assert not any(secret in text for secret in SECRETS)
    features = {f["properties"]["need_id"]: f for f in json.loads(text)["features"]}
    assert list(features) == needs["need_id"].tolist()
    assert features["N-4"]["geometry"]["coordinates"] == [31.75, 47.25]  # its community's centre, not (31.9, 47.1)
    assert features["N-1"]["properties"] == {
        "need_id": "N-1",
        "pcode": "UA4806037",
        "sector": "food",
        "status": "open",
        "verified": True,
        "reported_on": "2025-06-02",
        "closed_on": None,
        "provider": None,
        "people": 3,
        "vulnerable_groups": "elderly;disability",
        "days_open": 70.0,
    }


def test_geojson_internal_keeps_the_household_point_and_contacts(internal_small):
    """The internal view's GeoJSON is for the team: the household's own point and who to call."""
    needs = ordered(prepare_needs(internal_small, internal=True), TODAY)
    features = {
        f["properties"]["need_id"]: f for f in json.loads(to_geojson(needs, internal_small.communities, True))["features"]
    }
    assert features["N-4"]["geometry"]["coordinates"] == [31.9, 47.1]
    assert features["N-4"]["properties"]["contact_name"] == "Secret Person Four"


def test_geojson_loads_again_as_a_needs_file(small, tmp_path):
    """The exported GeoJSON follows the data contract, so it can be given back to the dashboard."""
    from geo.ingest.loaders import load_needs
    from geo.ingest.reading import Source

    needs = ordered(prepare_needs(small, False), TODAY)
    path = tmp_path / "needs.geojson"
    path.write_bytes(to_geojson(needs, small.communities, internal=False))
    result = load_needs(Source.from_path(path), small.communities)
    assert result.ok, [p.describe("en") for p in result.problems]
    assert sorted(result.frame["need_id"]) == sorted(small.needs["need_id"])
