"""One definition and one label for each headline figure, for every page that shows it.

A coordinator who reads "open needs 399" on the map and "open 54" on a community page must be able
to add the communities up to the map's figure. So every page takes its figures from here: each one
is computed by one function of the needs (or IDP counts) it is given, and labelled by one
``Figure`` whose label says its base ("of all needs", "of the needs listed") and whose help says the
whole definition. docs/figures.md is the same glossary for people.

The statuses partition the needs: *open* (nobody has taken the need up), *in progress* (a provider
is on it) and *closed*. *Unmet* is open plus in progress: what is still waiting. Days are counted
to the reference day (``geo.figures.data_date``), which the deployment controls, not to the server's
clock.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from geo.figures.metrics import idps_hosted
from geo.ingest.contract import OPEN_STATUSES
from geo.text.formatting import number, percent
from geo.text.i18n import N_, gettext_for


@dataclass(frozen=True)
class Figure:
    """A headline figure's words: a short label that says its base, and the full definition."""

    label: str
    help: str
    kind: str  # "count", "percent" or "days": how its value is written


FIGURES = {
    "needs_total": Figure(N_("Needs registered"), N_("Every need in the data, whatever its status."), "count"),
    "needs_listed": Figure(N_("Needs listed"), N_("The needs the filters keep (by default the unmet ones)."), "count"),
    "needs_unmet": Figure(
        N_("Unmet needs"), N_("Needs not closed yet: open (nobody has taken them up) or in progress."), "count"
    ),
    "needs_open": Figure(
        N_("Open needs"), N_("Status “open”: nobody has taken them up yet. Needs in progress are counted apart."), "count"
    ),
    "needs_in_progress": Figure(
        N_("Needs in progress"), N_("Status “in progress”: a provider is working on them."), "count"
    ),
    "needs_closed": Figure(N_("Closed needs"), N_("Status “closed”: the need was met."), "count"),
    "share_verified": Figure(
        N_("Verified, % of all needs"),
        N_("Needs the platform has checked, as a share of all needs registered (every status)."),
        "percent",
    ),
    "share_verified_listed": Figure(
        N_("Verified, % of listed needs"),
        N_("Needs the platform has checked, as a share of the needs the filters keep."),
        "percent",
    ),
    "share_closed": Figure(
        N_("Closed, % of all needs"), N_("Closed needs as a share of all needs registered (every status)."), "percent"
    ),
    "median_days_open": Figure(
        N_("Median days waiting, unmet needs"),
        N_("Half of the unmet needs have waited longer than this: days from the report to the reference day."),
        "days",
    ),
    "median_days_to_close": Figure(
        N_("Median days to close, closed needs"),
        N_("Half of the closed needs took longer than this: days from the report to the closing."),
        "days",
    ),
    "people_covered": Figure(N_("People in the needs"), N_("People the needs are for, added up (every status)."), "count"),
    "idps_hosted": Figure(
        N_("IDPs hosted"),
        N_("Displaced people living here: the newest count of each pair of host and origin community."),
        "count",
    ),
    "idps_per_1000": Figure(
        N_("IDPs per 1,000 residents"), N_("IDPs hosted per 1,000 residents of the host community (2022)."), "count"
    ),
    "hubs": Figure(N_("Hubs"), N_("Support hubs located here."), "count"),
    "host_communities": Figure(
        N_("Host communities"), N_("Communities where these displaced people are counted now."), "count"
    ),
    "displaced_elsewhere": Figure(
        N_("Residents displaced elsewhere"),
        N_("This community's displaced residents who live in other communities now (newest counts)."),
        "count",
    ),
}


def label(key: str, lang: str) -> str:
    return gettext_for(lang)(FIGURES[key].label)


def help_text(key: str, lang: str) -> str:
    return gettext_for(lang)(FIGURES[key].help)


def unmet(needs: pd.DataFrame) -> pd.Series:
    """True for a need that is open or in progress."""
    return needs["status"].isin(list(OPEN_STATUSES)).fillna(False)


def days_waiting(needs: pd.DataFrame, day: dt.date) -> pd.Series:
    """Days from the report to ``day``, for the unmet needs (closed ones are left out)."""
    waiting = needs[unmet(needs).to_numpy(dtype=bool)]
    return (pd.Timestamp(day) - waiting["reported_on"]).dt.days.astype(float)


def days_to_close(needs: pd.DataFrame) -> pd.Series:
    closed = needs[((needs["status"] == "closed") & needs["closed_on"].notna()).to_numpy(dtype=bool)]
    return (closed["closed_on"] - closed["reported_on"]).dt.days.astype(float)


def _share(part: int, whole: int) -> float:
    return part * 100 / whole if whole else math.nan


def _median(values: pd.Series) -> float:
    values = values.dropna()
    return float(values.median()) if len(values) else math.nan


def need_figures(needs: pd.DataFrame, day: dt.date) -> dict[str, float]:
    """Every needs figure of ``FIGURES`` for these needs, counting days to ``day``.

    ``share_verified`` and ``share_verified_listed`` are the same number: which label fits depends on
    whether ``needs`` are all the needs of an area or the ones a filter keeps.
    """
    status = needs["status"]
    total = len(needs)
    closed = int((status == "closed").sum())
    verified = int(needs["verified"].fillna(False).astype(bool).sum())
    return {
        "needs_total": total,
        "needs_listed": total,
        "needs_unmet": int(unmet(needs).sum()),
        "needs_open": int((status == "open").sum()),
        "needs_in_progress": int((status == "in_progress").sum()),
        "needs_closed": closed,
        "share_verified": _share(verified, total),
        "share_verified_listed": _share(verified, total),
        "share_closed": _share(closed, total),
        "median_days_open": _median(days_waiting(needs, day)),
        "median_days_to_close": _median(days_to_close(needs)),
        "people_covered": int(needs["people"].fillna(0).sum()),
    }


def idp_figures(idp_counts: pd.DataFrame, population: float | None = None) -> dict[str, float]:
    """IDPs hosted in these counts' host communities (newest count of each pair), and per 1,000 residents."""
    hosted = idps_hosted(idp_counts)
    total = int(hosted.sum()) if len(hosted) else 0
    per_1000 = total * 1000 / population if population and population > 0 else math.nan
    return {"idps_hosted": total, "idps_per_1000": per_1000}


def written(key: str, value: float, lang: str) -> str:
    """The figure's value as a tile shows it; "–" for a figure of nothing (a share of no needs)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    kind = FIGURES[key].kind
    if kind == "percent":
        return percent(value, lang)
    if abs(value) >= 1_000_000 and key != "idps_per_1000":  # a country's IDPs (DTM: 3,654,000) fit a tile
        return gettext_for(lang)("{number}M").format(number=number(value / 1_000_000, lang, 2))
    return number(value, lang, 1 if key == "idps_per_1000" else 0)


def tiles(figures: dict[str, float], keys: tuple[str, ...], lang: str) -> list[tuple[str, str, str]]:
    """(label, value, help) for each of ``keys``, in that order."""
    return [(label(key, lang), written(key, figures[key], lang), help_text(key, lang)) for key in keys]
