"""The Needs page's filters: what a view keeps, as one frozen dataclass, and keeping it.

One ``Filters`` value is the whole view, so the page, its links (``geo.figures.filter_params``), the
forum tour and the benchmarks all filter the needs the same way. Applying it is pure: frames and
plain values in, a frame out, with "today" passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from geo.ingest.contract import OPEN_STATUSES

NO_PROVIDER = "none"  # the provider filter's value for "no provider yet" (a blank provider)


@dataclass(frozen=True)
class Filters:
    """What the provider asked for. An empty tuple or None means "no restriction".

    The default is what a provider comes for: the unmet needs (open or in progress).
    ``near`` is not a filter: it sorts the list by distance from a hub id or a ``lat,lon`` point.
    """

    status: tuple[str, ...] = OPEN_STATUSES
    sector: tuple[str, ...] = ()
    verified: bool | None = None
    oblast: tuple[str, ...] = ()
    community: tuple[str, ...] = ()
    reported_from: date | None = None
    reported_to: date | None = None
    min_days_open: int | None = None
    group: tuple[str, ...] = ()
    provider: tuple[str, ...] = ()
    near: str | None = None


DEFAULT = Filters()


def oblast_keys(communities: pd.DataFrame) -> pd.Series:
    """Each community's oblast key by P-code: ``oblast`` (English), else ``oblast_uk``."""
    keys = communities["oblast"].astype("string").fillna(communities["oblast_uk"].astype("string"))
    return pd.Series(keys.to_numpy(), index=pd.Index(communities["pcode"], name="pcode"), dtype="string")


# --------------------------------------------------------------------------------------------
# Applying the filters


def days_open(needs: pd.DataFrame, today: date) -> pd.Series:
    """Days from reporting to closing (closed needs) or to ``today`` (the rest).

    A closed need without a closing date has no figure (NaN): it is left out of the median and
    of "open for at least N days", rather than counted as open until today.
    """
    closed = needs["status"].eq("closed").fillna(False).to_numpy(dtype=bool)
    end = needs["closed_on"].where(closed, pd.Timestamp(today))
    return (end - needs["reported_on"]).dt.days.astype(float)


def _isin(column: str) -> Callable[[pd.DataFrame, object, date], np.ndarray]:
    return lambda needs, value, today: needs[column].isin(list(value)).fillna(False).to_numpy(dtype=bool)


def _has_group(needs: pd.DataFrame, groups: tuple[str, ...], today: date) -> np.ndarray:
    pattern = r"(?:^|;)(?:" + "|".join(re.escape(g) for g in groups) + r")(?:;|$)"
    return needs["vulnerable_groups"].fillna("").str.contains(pattern, regex=True).to_numpy(dtype=bool)


def _provider_is(needs: pd.DataFrame, providers: tuple[str, ...], today: date) -> np.ndarray:
    named = needs["provider"].isin([p for p in providers if p != NO_PROVIDER]).fillna(False).to_numpy(dtype=bool)
    if NO_PROVIDER in providers:
        return named | needs["provider"].isna().to_numpy(dtype=bool)
    return named


def _on_or_after(needs: pd.DataFrame, day: date, today: date) -> np.ndarray:
    return (needs["reported_on"] >= pd.Timestamp(day)).fillna(False).to_numpy(dtype=bool)


def _on_or_before(needs: pd.DataFrame, day: date, today: date) -> np.ndarray:
    return (needs["reported_on"] <= pd.Timestamp(day)).fillna(False).to_numpy(dtype=bool)


def _open_at_least(needs: pd.DataFrame, days: int, today: date) -> np.ndarray:
    return (days_open(needs, today) >= days).to_numpy(dtype=bool)


# Field -> test (needs, value, today) -> boolean mask. `near` only sorts, so it has none.
TESTS: dict[str, Callable[[pd.DataFrame, object, date], np.ndarray]] = {
    "status": _isin("status"),
    "sector": _isin("sector"),
    "verified": lambda needs, value, today: needs["verified"].to_numpy(dtype=bool) == value,
    "oblast": _isin("oblast"),
    "community": _isin("pcode"),
    "reported_from": _on_or_after,
    "reported_to": _on_or_before,
    "min_days_open": _open_at_least,
    "group": _has_group,
    "provider": _provider_is,
}


def apply(needs: pd.DataFrame, filters: Filters, today: date) -> pd.DataFrame:
    """The needs that pass every filter, in their original order.

    Parameters
    ----------
    needs
        The needs frame; filtering by oblast needs its ``oblast`` column (``oblast_keys``).
    filters
        What to keep; empty tuples and None do not restrict.
    today
        The day "days open" counts to (passed in, so that a test or a benchmark is repeatable).
    """
    mask = np.ones(len(needs), dtype=bool)
    for field_name, test in TESTS.items():
        value = getattr(filters, field_name)
        if value is None or value == ():
            continue
        mask = mask & test(needs, value, today)  # tests may return read-only views of pandas data
    return needs[mask]
