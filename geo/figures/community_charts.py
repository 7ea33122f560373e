"""A community's needs as charts: by sector and status, opened and closed per period, reported and closed so far.

Each function returns the frame a chart draws as it is (index and columns; ``chart_labels`` puts them in
the user's language), so that ``pages/community.py`` only picks Streamlit's chart and the map's colours.
"""

from __future__ import annotations

import pandas as pd

from geo.ingest.contract import SECTORS, STATUSES
from geo.ingest.loaders import Dataset
from geo.text.i18n import N_, gettext_for

STATUS_COLOURS = {"open": "#d95f02", "in_progress": "#e6ab02", "closed": "#1b9e77"}  # as on the map
CHANGE_COLOURS = {"opened": "#d95f02", "closed": "#1b9e77"}
FREQUENCIES = {"W": N_("per week"), "M": N_("per month")}


def sector_status(needs: pd.DataFrame) -> pd.DataFrame:
    """Needs per sector (rows, in the contract's order; only sectors with needs) and status (columns)."""
    counts = needs.groupby(["sector", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    sectors = [s for s in SECTORS if s in counts.index]
    return counts.reindex(sectors).astype(int).rename_axis(index="sector", columns=None)


def _period_start(dates: pd.Series, freq: str) -> pd.Series:
    if freq == "W":
        return (dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")).dt.normalize()
    return dates.dt.to_period("M").dt.start_time


def opened_closed(needs: pd.DataFrame, freq: str = "W", until: object = None) -> pd.DataFrame:
    """Needs opened and needs closed per week (starting Monday) or per month, every period from the
    first report to ``until`` (or the newest record) present, with zeros where nothing happened.

    The index is the period as text (``2025-06-02`` for a week, ``2025-06`` for a month), so that a
    bar chart draws one bar per period and sorts them in time.
    """
    if freq not in FREQUENCIES:
        raise ValueError(f"freq must be one of {list(FREQUENCIES)}")
    if needs.empty:
        return pd.DataFrame({"opened": [], "closed": []}, index=pd.Index([], name="period"), dtype=int)
    opened = _period_start(needs["reported_on"], freq).value_counts()
    closed_dates = needs.loc[(needs["status"] == "closed") & needs["closed_on"].notna(), "closed_on"]
    closed = _period_start(closed_dates, freq).value_counts()
    last = pd.Timestamp(until) if until is not None else max(needs["reported_on"].max(), closed_dates.max())
    if pd.isna(last):
        last = needs["reported_on"].max()
    first = _period_start(pd.Series([needs["reported_on"].min()]), freq).iloc[0]
    last = _period_start(pd.Series([pd.Timestamp(last)]), freq).iloc[0]
    periods = pd.date_range(first, last, freq="W-MON" if freq == "W" else "MS")
    frame = pd.DataFrame({"opened": opened, "closed": closed}).reindex(periods, fill_value=0).fillna(0).astype(int)
    frame.index = [p.strftime("%Y-%m-%d" if freq == "W" else "%Y-%m") for p in periods]
    return frame.rename_axis("period")


def closure_curve(needs: pd.DataFrame, until: object = None) -> pd.DataFrame:
    """Day by day, how many needs had been reported and how many closed so far (the gap is what is open)."""
    if needs.empty:
        return pd.DataFrame({"reported": [], "closed": []}, index=pd.DatetimeIndex([], name="date"), dtype=int)
    closed_dates = needs.loc[(needs["status"] == "closed") & needs["closed_on"].notna(), "closed_on"]
    end = pd.Timestamp(until) if until is not None else max(needs["reported_on"].max(), closed_dates.max())
    if pd.isna(end):
        end = needs["reported_on"].max()
    days = pd.date_range(needs["reported_on"].min(), end, freq="D")
    reported = needs["reported_on"].value_counts().reindex(days, fill_value=0).cumsum()
    closed = closed_dates.value_counts().reindex(days, fill_value=0).cumsum()
    return pd.DataFrame({"reported": reported, "closed": closed}, index=days).astype(int).rename_axis("date")


def chart_labels(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A chart frame with its column (and sector) keys in the user's language."""
    _ = gettext_for(lang)
    words = {key: _(label) for key, (label, _aliases) in {**STATUSES, **SECTORS}.items()}
    if "opened" in frame.columns:  # needs opened and closed per period
        words |= {"opened": _("Opened"), "closed": _("Closed")}
    if "reported" in frame.columns:  # the cumulative curve
        words |= {"reported": _("Reported, total so far"), "closed": _("Closed, total so far")}
    renamed = frame.rename(columns=words)
    if frame.index.name == "sector":
        renamed = renamed.rename(index=words).rename_axis(_("Sector"))
    return renamed


def newest_record(dataset: Dataset) -> pd.Timestamp | None:
    """The newest report or closure date in the needs: where the data ends, the charts end too."""
    dates = pd.concat([dataset.needs["reported_on"], dataset.needs["closed_on"]]).dropna()
    return None if dates.empty else pd.Timestamp(dates.max())
