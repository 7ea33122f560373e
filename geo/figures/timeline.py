"""Needs and IDP counts as they stood on a date, and what changed since another date.

A needs file records each need's *current* status with the date it was reported and, once
closed, the date it was closed. That is enough to rebuild the picture of an earlier day, so
that a leader can show the council the map of three months ago next to today's:

- a need reported after the date did not exist yet: it is left out;
- a need closed on or before the date was closed then;
- a need closed after the date was still unmet then. The contract has no date for the start of
  work, so we cannot tell whether it was already in progress: it is shown as ``open`` and its
  closing date (still in the future on that day) is blanked;
- a need that is open or in progress now was, as far as the data knows, in that same status on
  the date (a need that was "in progress" is not sent back to "open": we have no date to do so);
- a need marked closed with no closing date keeps its status: the data does not say when it was
  closed, and inventing a date would be worse. ``geo.figures.data_quality.data_quality`` counts these.

IDP counts on a date are the rows counted on or before it (rows without a date are kept), so the
newest count of each host/origin pair *as of that date* is used, as ``geo.figures.metrics.idps_hosted`` does.

``as_of`` of None means no date was chosen: the data as recorded, unchanged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from geo.ingest.loaders import Dataset

DateLike = dt.date | dt.datetime | pd.Timestamp | str


def to_day(value: DateLike | None) -> pd.Timestamp | None:
    """A date (or ISO text) as a midnight Timestamp, the way the loaders store dates; None stays None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    day = pd.Timestamp(value)
    if pd.isna(day):
        return None
    return day.tz_localize(None).normalize() if day.tzinfo else day.normalize()


def as_of(needs: pd.DataFrame, date: DateLike | None) -> pd.DataFrame:
    """The needs that existed on ``date``, each with the status it had then (rules in the module doc)."""
    day = to_day(date)
    if day is None:
        return needs
    existed = needs[needs["reported_on"] <= day].copy()
    closed_later = (existed["status"] == "closed") & existed["closed_on"].notna() & (existed["closed_on"] > day)
    existed.loc[closed_later, "status"] = "open"
    existed.loc[existed["closed_on"] > day, "closed_on"] = pd.NaT
    return existed


def counts_as_of(idp_counts: pd.DataFrame, date: DateLike | None) -> pd.DataFrame:
    """The IDP counts known on ``date``: counted on or before it, or undated."""
    day = to_day(date)
    if day is None:
        return idp_counts
    return idp_counts[idp_counts["as_of"].isna() | (idp_counts["as_of"] <= day)]


def dataset_as_of(dataset: Dataset, date: DateLike | None) -> Dataset:
    """The whole data set as it stood on ``date`` (hubs have no dates and stay as they are)."""
    if to_day(date) is None:
        return dataset
    return replace(dataset, needs=as_of(dataset.needs, date), idp_counts=counts_as_of(dataset.idp_counts, date))


def changes_since(needs: pd.DataFrame, since: DateLike, until: DateLike | None = None) -> pd.DataFrame:
    """Needs opened, and needs closed, from ``since`` (inclusive) to ``until`` (inclusive; None: no end).

    One row per change, with a ``change`` column (``opened`` or ``closed``): a need reported and
    closed in the same stretch appears twice, once as each. Pass needs already put ``as_of(until)``
    or the full needs; either way nothing after ``until`` counts.
    """
    start, end = to_day(since), to_day(until)
    if start is None:
        raise ValueError("changes_since needs a start date")

    def within(dates: pd.Series) -> pd.Series:
        inside = dates.notna() & (dates >= start)
        return inside & (dates <= end) if end is not None else inside

    opened = needs[within(needs["reported_on"])].assign(change="opened")
    closed = needs[within(needs["closed_on"]) & (needs["status"] == "closed")].assign(change="closed")
    return pd.concat([opened, closed], ignore_index=True)


def since_counts(needs: pd.DataFrame, since: DateLike, until: DateLike | None = None) -> dict[str, int]:
    """How many needs were opened and closed from ``since`` to ``until``: {"opened": n, "closed": m}."""
    changes = changes_since(needs, since, until)
    counts = changes["change"].value_counts()
    return {"opened": int(counts.get("opened", 0)), "closed": int(counts.get("closed", 0))}
