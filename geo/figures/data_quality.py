"""How far a community's figures can be trusted: unverified and long-open needs, missing providers, old records.

A figure is only as good as the records behind it, so the community's page says plainly where they are
old or incomplete, on the day the page shows (``on``) rather than today, so that a past date reads right.
"""

from __future__ import annotations

import math

import pandas as pd

from geo.figures.community import Tile
from geo.ingest.contract import OPEN_STATUSES
from geo.text.formatting import date, is_blank, number, percent
from geo.text.i18n import gettext_for

OPEN_LONG_DAYS = (30, 90)
STALE_NEEDS_DAYS = 30  # needs are registered every day where a platform works: a month of silence is news
STALE_COUNTS_DAYS = 90  # IDP counts come monthly or quarterly


def quality_table(needs: pd.DataFrame, idp_counts: pd.DataFrame, on: object) -> pd.DataFrame:
    """For every community with needs or IDP counts: how far its figures can be trusted on day ``on``.

    Columns: ``needs``, ``share_unverified`` (%), ``open_over_30`` and ``open_over_90`` (open or
    in progress, reported more than 30 / 90 days before ``on``), ``no_provider`` (needs with no
    provider: nobody has taken them up, or the record is incomplete), ``closed_no_date``,
    ``newest_need`` (newest report or closure date) and ``newest_count`` (newest IDP count, as
    host or origin), with ``needs_stale`` and ``counts_stale`` where those are older than
    ``STALE_NEEDS_DAYS`` / ``STALE_COUNTS_DAYS``.
    """
    day = pd.Timestamp(on).normalize()
    grouped = needs.groupby("pcode")
    out = pd.DataFrame({"needs": grouped.size()})
    out["share_unverified"] = (~needs["verified"].astype(bool)).groupby(needs["pcode"]).mean() * 100
    unmet = needs[needs["status"].isin(OPEN_STATUSES)]
    age = (day - unmet["reported_on"]).dt.days
    for days in OPEN_LONG_DAYS:
        out[f"open_over_{days}"] = (age > days).groupby(unmet["pcode"]).sum()
    out["no_provider"] = needs["provider"].isna().groupby(needs["pcode"]).sum()
    out["closed_no_date"] = ((needs["status"] == "closed") & needs["closed_on"].isna()).groupby(needs["pcode"]).sum()
    newest = pd.concat(
        [
            needs[["pcode", "reported_on"]].rename(columns={"reported_on": "d"}),
            needs[["pcode", "closed_on"]].rename(columns={"closed_on": "d"}),
        ]
    )
    out["newest_need"] = newest.groupby("pcode")["d"].max()
    counted = pd.concat(
        [
            idp_counts[["host_pcode", "as_of"]].rename(columns={"host_pcode": "pcode"}),
            idp_counts[["origin_pcode", "as_of"]].rename(columns={"origin_pcode": "pcode"}),
        ]
    ).dropna(subset=["pcode"])
    newest_count = counted.groupby("pcode")["as_of"].max()
    out = out.reindex(out.index.union(newest_count.index))
    out["newest_count"] = newest_count
    counts = ["needs", "open_over_30", "open_over_90", "no_provider", "closed_no_date"]
    out[counts] = out[counts].fillna(0).astype(int)
    out["needs_stale"] = (out["needs"] > 0) & ((day - out["newest_need"]).dt.days > STALE_NEEDS_DAYS)
    out["counts_stale"] = out["newest_count"].notna() & ((day - out["newest_count"]).dt.days > STALE_COUNTS_DAYS)
    return out.rename_axis("pcode")


def data_quality(needs: pd.DataFrame, idp_counts: pd.DataFrame, pcode: str, on: object) -> pd.Series:
    """``quality_table``'s row for one community (zeros and blanks where it has no data at all)."""
    mine_needs = needs[needs["pcode"] == pcode]
    mine_counts = idp_counts[(idp_counts["host_pcode"] == pcode) | (idp_counts["origin_pcode"] == pcode)]
    table = quality_table(mine_needs, mine_counts, on)
    if pcode in table.index:
        return table.loc[pcode]
    empty = {
        "needs": 0,
        "share_unverified": math.nan,
        "open_over_30": 0,
        "open_over_90": 0,
        "no_provider": 0,
        "closed_no_date": 0,
        "newest_need": pd.NaT,
        "newest_count": pd.NaT,
        "needs_stale": False,
        "counts_stale": False,
    }
    return pd.Series(empty, name=pcode)


def quality_tiles(quality: pd.Series, on: object, lang: str) -> list[Tile]:
    """The data-quality tiles: each figure plainly, with how old the newest records are on day ``on``."""
    _ = gettext_for(lang)
    day = pd.Timestamp(on).normalize()

    def age(value: object) -> str | None:
        if is_blank(value):
            return None
        return _("{days} d before {date}").format(days=number((day - value).days, lang), date=date(day))

    tiles = [
        Tile(_("Needs not verified"), percent(quality["share_unverified"], lang) or "—", None, None, "off"),
        Tile(_("Open for more than 30 days"), number(quality["open_over_30"], lang), None, None, "off"),
        Tile(_("Open for more than 90 days"), number(quality["open_over_90"], lang), None, None, "off"),
        Tile(_("Needs with no provider"), number(quality["no_provider"], lang), None, None, "off"),
        Tile(_("Newest need record"), date(quality["newest_need"]) or "—", None, age(quality["newest_need"]), "off"),
        Tile(_("Newest IDP count"), date(quality["newest_count"]) or "—", None, age(quality["newest_count"]), "off"),
    ]
    return tiles


def stale_warnings(quality: pd.Series, lang: str, on: object = None) -> list[str]:
    """Plain sentences about figures that may be out of date (Markdown-safe), none when all is fresh.

    ``on`` is the day the ages count to (the reference day, ``geo.figures.data_date``); it is named."""
    _ = gettext_for(lang)
    out = []
    day = date(on) if on is not None else date(pd.Timestamp.now())
    if quality["needs_stale"]:
        out.append(
            _(
                "The needs figures may be out of date: no need was reported or closed here in the {days} days before {day}."
            ).format(days=STALE_NEEDS_DAYS, day=day)
        )
    if quality["counts_stale"]:
        out.append(
            _("The IDP figures may be out of date: on {day} the newest count is more than {days} days old.").format(
                days=STALE_COUNTS_DAYS, day=day
            )
        )
    if quality["closed_no_date"]:
        out.append(
            _("Closed needs with no closing date: {count}. They count as closed on every date.").format(
                count=number(quality["closed_no_date"], lang)
            )
        )
    return out
