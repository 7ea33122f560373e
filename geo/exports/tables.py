"""The filtered list to take away: CSV for Excel, an .xlsx workbook, and GeoJSON for GIS tools.

- **CSV**: UTF-8 with a BOM, so that Excel reads the Cyrillic text, and the separator and
  decimal mark of the user's locale: Excel in a Ukrainian locale splits on ``;`` and reads
  ``12,5`` as a number, so a comma-separated file would open as one column there.
- **xlsx**: typed cells (numbers, dates as dates shown DD.MM.YYYY) via openpyxl; the header bold,
  frozen and with Excel's filter buttons; each column as wide as its content (within 10–60
  characters); and, when the caller gives them, a second sheet that says what the list is
  (``geo.exports.about``: the data's date, the filters, the source, when it was exported).
- **GeoJSON**: one point per need with the data contract's values, so it can be loaded again as
  a needs file; in the public view the point is the community's centre.

A text cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) would
run as a formula when a colleague opens the file ("CSV injection"): the CSV gets an apostrophe
in front of it; the workbook stores it as text with Excel's own quote prefix (the hidden
apostrophe Excel adds when you type one), so it shows unchanged and cannot run.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from geo.ingest.contract import PERSONAL_COLUMNS
from geo.text.i18n import normalize_language

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Language -> (separator, decimal mark) that Excel expects in that language's usual locale.
CSV_STYLES = {"uk": (";", ","), "en": (",", ".")}
XLSX_DATE_FORMAT = "dd.mm.yyyy"  # 02.06.2025: how dates are written in Ukraine (and read in English too)
XLSX_DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
XLSX_WIDTHS = (10, 60)  # a column's width in characters: at least (a date), at most (then the text is cut off)
MAX_SHEET_TITLE = 31  # Excel's limit


def guard_cell(value: object) -> object:
    """One cell: text that Excel would run as a formula gets an apostrophe in front."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text_columns(frame: pd.DataFrame) -> list[str]:
    """Columns that may hold text: strings, objects and categoricals (the list's repeated names)."""
    return [
        c
        for c in frame.columns
        if pd.api.types.is_string_dtype(frame[c].dtype)
        or frame[c].dtype == object
        or isinstance(frame[c].dtype, pd.CategoricalDtype)
    ]


def guard_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell of ``frame`` through ``guard_cell`` (vectorised); numbers and dates untouched."""
    out = frame.copy()
    for column in _text_columns(out):
        text = out[column].astype("string")
        risky = text.str.startswith(FORMULA_STARTS).fillna(False)
        if risky.any():
            out[column] = text.where(~risky, "'" + text)
    return out


def to_csv(frame: pd.DataFrame, lang: str) -> bytes:
    """The list as a CSV that Excel opens correctly in the user's locale (UTF-8 with BOM)."""
    separator, decimal = CSV_STYLES[normalize_language(lang)]
    guarded = guard_frame(frame)
    text = guarded.to_csv(index=False, sep=separator, decimal=decimal, date_format="%Y-%m-%d", lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _cell_value(value: object) -> object:
    """A value openpyxl can write: None for missing, plain Python numbers and datetimes."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def column_widths(frame: pd.DataFrame) -> list[float]:
    """Each column's width in characters: its header (bold, a little wider) or its longest value, within XLSX_WIDTHS."""
    low, high = XLSX_WIDTHS
    widths = []
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            longest = len("00.00.0000")
        else:
            lengths = column.astype("string").str.len()
            longest = int(lengths.max()) if lengths.notna().any() else 0
        widths.append(float(min(high, max(low, longest + 2, len(str(name)) * 1.15 + 2))))
    return widths


def _typed_cell(sheet, value: object, date_column: bool = False) -> object:
    """One value for a write-only sheet: formula-like text as quoted text, dates and times with their format."""
    value = _cell_value(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        cell.quotePrefix = True
        return cell
    if isinstance(value, dt.datetime) and not date_column:  # a date column holds midnights: dates
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    return value


def _about_sheet(workbook: Workbook, title: str, rows: Sequence[tuple[str, object]]) -> None:
    """The second sheet: the title, then a label and its value a row; a row with no value is a heading."""
    sheet = workbook.create_sheet(title=title[:MAX_SHEET_TITLE])
    labels = [label for label, _value in rows]
    sheet.column_dimensions["A"].width = min(XLSX_WIDTHS[1], max(XLSX_WIDTHS[0], *(len(label) + 2 for label in labels)))
    sheet.column_dimensions["B"].width = XLSX_WIDTHS[1]
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    heading = WriteOnlyCell(sheet, value=title)
    heading.font = Font(bold=True, size=14)
    sheet.append([heading])
    for label, value in rows:
        name = WriteOnlyCell(sheet, value=label)
        name.font = bold
        name.alignment = Alignment(vertical="top")
        if value is None:
            sheet.append([])
            sheet.append([name])
            continue
        cell = _typed_cell(sheet, value)
        if not isinstance(cell, Cell):
            cell = WriteOnlyCell(sheet, value=cell)
        if isinstance(value, str):
            cell.alignment = wrapped
        else:
            cell.alignment = Alignment(horizontal="left", vertical="top")
        sheet.append([name, cell])


def to_xlsx(frame: pd.DataFrame, sheet_title: str, about: Sequence[tuple[str, object]] = (), about_title: str = "") -> bytes:
    """The list as an Excel workbook: the list's sheet, and an "about" sheet when ``about`` rows are given.

    The list's header is bold, frozen and carries Excel's filter buttons; each column is as wide as
    its content; dates are dates (shown DD.MM.YYYY). Text that would start a formula is written as a
    string cell with Excel's quote prefix. ``about``: (label, value) rows (``geo.exports.about.about_rows``)
    for a second sheet named ``about_title``.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:MAX_SHEET_TITLE] or "Sheet1")
    sheet.freeze_panes = "A2"
    for i, width in enumerate(column_widths(frame), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    bold = Font(bold=True)
    header = []
    for name in frame.columns:
        cell = WriteOnlyCell(sheet, value=str(name))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    dates = [pd.api.types.is_datetime64_any_dtype(frame[c]) for c in frame.columns]
    for row in frame.itertuples(index=False, name=None):
        sheet.append([_typed_cell(sheet, raw, dates[i]) for i, raw in enumerate(row)])
    if about:
        _about_sheet(workbook, about_title or "About", about)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# The needs' own values in the GeoJSON (the data contract's columns), then the list's extras.
GEOJSON_PROPERTIES = (
    "need_id",
    "pcode",
    "sector",
    "status",
    "verified",
    "reported_on",
    "closed_on",
    "provider",
    "people",
    "vulnerable_groups",
    "days_open",
    "distance_km",
)


def _json_value(value: object) -> object:
    value = _cell_value(value)
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return value


def to_geojson(needs: pd.DataFrame, communities: pd.DataFrame, internal: bool) -> bytes:
    """The list as GeoJSON points, one feature per need, in the list's order.

    Parameters
    ----------
    needs
        The ordered needs (``geo.figures.needs_view.ordered``), with ``loc_lat``/``loc_lon``.
    communities
        For the public view's points: each need is placed at its community's centre, whatever
        coordinates the frame carries.
    internal
        The internal view keeps the personal columns and a household's own point.
    """
    if internal:
        lat, lon = needs["loc_lat"].astype(float), needs["loc_lon"].astype(float)
    else:
        centres = communities.set_index("pcode")[["center_lat", "center_lon"]].astype(float)
        lat, lon = needs["pcode"].map(centres["center_lat"]), needs["pcode"].map(centres["center_lon"])
    keys = [k for k in GEOJSON_PROPERTIES if k in needs.columns]
    if internal:
        keys += [k for k in PERSONAL_COLUMNS if k in needs.columns]
    columns = [needs[k].tolist() for k in keys]
    features = []
    for i, (y, x) in enumerate(zip(lat.round(5).tolist(), lon.round(5).tolist(), strict=True)):
        properties = {k: _json_value(column[i]) for k, column in zip(keys, columns, strict=True)}
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]}, "properties": properties})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")
