"""The Needs page's exports: the filtered list as CSV and Excel, its points as GeoJSON.

Each file is made when its button is clicked (``geo.exports.tables`` guards cells that a
spreadsheet would run as formulas); the public view's files hold no personal data.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.exports.tables import to_csv, to_geojson, to_xlsx
from geo.text.i18n import gettext_for

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def downloads(
    table: pd.DataFrame, listed: pd.DataFrame, communities: gpd.GeoDataFrame, internal: bool, lang: str, today: dt.date
) -> None:
    """Three buttons side by side: the list (CSV, Excel) as shown, and the needs' points (GeoJSON)."""
    _ = gettext_for(lang)
    stamp = today.isoformat()
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
        data=lambda: to_xlsx(table, _("Needs")),
        file_name=f"needs-{stamp}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        key="needs_xlsx",
    )
    geojson_column.download_button(
        _("Download the points (GeoJSON)"),
        data=lambda: to_geojson(listed, communities, internal),
        file_name=f"needs-{stamp}.geojson",
        mime="application/geo+json",
        on_click="ignore",
        key="needs_geojson",
    )
