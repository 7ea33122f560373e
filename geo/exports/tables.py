"""The filtered list to take away: CSV for Excel, an .xlsx workbook, and GeoJSON for GIS tools.

- **CSV**: UTF-8 with a BOM, so that Excel reads the Cyrillic text, and the separator and
  decimal mark of the user's locale: Excel in a Ukrainian locale splits on ``;`` and reads
  ``12,5`` as a number, so a comma-separated file would open as one column there.
- **xlsx**: typed cells (numbers, dates) via openpyxl, headers bold and frozen.
- **GeoJSON**: one point per need with the data contract's values, so it can be loaded again as
  a needs file; in the public view the point is the community's centre.

A text cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) would
run as a formula when a colleague opens the file ("CSV injection"): the CSV gets an apostrophe
in front of it; the workbook stores it as text with Excel's own quote prefix (the hidden
apostrophe Excel adds when you type one), so it shows unchanged and cannot run.
"""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from geo.ingest.contract import PERSONAL_COLUMNS
from geo.text.i18n import normalize_language

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Language -> (separator, decimal mark) that Excel expects in that language's usual locale.
CSV_STYLES = {"uk": (";", ","), "en": (",", ".")}
XLSX_DATE_FORMAT = "yyyy-mm-dd"
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


def to_xlsx(frame: pd.DataFrame, sheet_title: str) -> bytes:
    """The list as an Excel workbook: one sheet, bold frozen header, dates as dates.

    Text that would start a formula is written as a string cell with Excel's quote prefix.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:MAX_SHEET_TITLE] or "Sheet1")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in frame.columns:
        cell = WriteOnlyCell(sheet, value=str(name))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    dates = {i for i, c in enumerate(frame.columns) if pd.api.types.is_datetime64_any_dtype(frame[c])}
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for i, raw in enumerate(row):
            value = _cell_value(raw)
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
                cell.quotePrefix = True
                cells.append(cell)
            elif i in dates and value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = XLSX_DATE_FORMAT
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
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
