"""The Needs page's exports: the filtered list as CSV and Excel, its points as GeoJSON.

Each file is made when its button is clicked (``geo.exports.tables`` guards cells that a
spreadsheet would run as formulas); the public view's files hold no personal data. The Excel
file's second sheet says what the list is: the data's date, the filters and the order, the
source and when it was exported (``geo.exports.about``).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from geo.exports.about import SHEET_TITLE, about_rows
from geo.exports.tables import to_csv, to_geojson, to_xlsx
from geo.figures.filters import Filters
from geo.ingest.loaders import Dataset
from geo.text.i18n import gettext_for

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KYIV = ZoneInfo("Europe/Kyiv")  # "exported at" in Kyiv's time, wherever the server runs


def downloads(
    table: pd.DataFrame,
    listed: pd.DataFrame,
    dataset: Dataset,
    filters: Filters,
    internal: bool,
    lang: str,
    today: dt.date,
    source: str,
    data_as_of: dt.date | None,
) -> None:
    """Three buttons side by side: the list (CSV, Excel) as shown, and the needs' points (GeoJSON).

    ``source`` is the attribution text; ``data_as_of`` the data's date (``context.dates``).
    """
    _ = gettext_for(lang)
    stamp = today.isoformat()

    def workbook() -> bytes:
        about = about_rows(
            lang=lang,
            count=len(table),
            data_as_of=data_as_of,
            filters=filters,
            communities=dataset.communities,
            hubs=dataset.hubs,
            internal=internal,
            source=source,
            files=dataset.names,
            exported=dt.datetime.now(KYIV),
        )
        return to_xlsx(table, _("Needs"), about, _(SHEET_TITLE))

    csv_column, xlsx_column, geojson_column = st.columns(3)
    csv_column.download_button(
        _("Download the list (CSV)"),
        data=lambda: to_csv(table, lang),
        file_name=f"needs-{stamp}.csv",
        mime="text/csv",
        on_click="ignore",
        key="needs_csv",
    )
    xlsx_column.download_button(
        _("Download the list (Excel)"),
        data=workbook,
        file_name=f"needs-{stamp}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        key="needs_xlsx",
    )
    geojson_column.download_button(
        _("Download the points (GeoJSON)"),
        data=lambda: to_geojson(listed, dataset.communities, internal),
        file_name=f"needs-{stamp}.geojson",
        mime="application/geo+json",
        on_click="ignore",
        key="needs_geojson",
    )
