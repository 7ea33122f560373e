"""Where a community's displaced people live now, and where a host community's IDPs came from.

``idp_counts`` has one row per host, origin and count date. A *flow* is one host/origin pair on
its newest count (the rule ``geo.figures.metrics.idps_hosted`` uses, so the figures agree with the map).
Mariupol's residents live in hundreds of communities, so a community's flows are cut to the
``top`` largest, and the rest are summed into one "other communities" row: a map stays readable
and the total stays right.
"""

from __future__ import annotations

import pandas as pd

OUT = "out"  # from the community: where its displaced residents live now
IN = "in"  # to the community: where the IDPs it hosts came from
COMMUNITY, UNKNOWN, OTHER = "community", "unknown", "other"
FLOW_COLUMNS = ["pcode", "kind", "people", "households", "as_of", "communities"]
DEFAULT_TOP = 15


def latest_counts(idp_counts: pd.DataFrame) -> pd.DataFrame:
    """One row per host/origin pair: people and households on the pair's newest count date.

    Rows of a pair without any date are all kept (summed), as ``geo.figures.metrics.idps_hosted`` does.
    ``origin_pcode`` is <NA> where the file does not say where people came from.
    """
    columns = ["host_pcode", "origin_pcode", "people", "households", "as_of"]
    if idp_counts.empty:
        return pd.DataFrame(columns=columns)
    counts = idp_counts.assign(origin=idp_counts["origin_pcode"].fillna(""))
    newest = counts.groupby(["host_pcode", "origin"])["as_of"].transform("max")
    latest = counts[(counts["as_of"] == newest) | newest.isna()]
    pairs = latest.groupby(["host_pcode", "origin"], sort=False).agg(
        people=("people", "sum"),
        households=("households", lambda s: s.sum(min_count=1)),
        as_of=("as_of", "max"),
    )
    pairs = pairs.reset_index()
    pairs["origin_pcode"] = pairs["origin"].replace("", pd.NA).astype("string")
    pairs["people"] = pairs["people"].astype("Int64")
    pairs["households"] = pairs["households"].astype("Int64")
    return pairs[columns]


def displaced_from(idp_counts: pd.DataFrame) -> pd.Series:
    """People displaced from each origin community and counted somewhere (newest counts), by P-code."""
    latest = latest_counts(idp_counts)
    known = latest[latest["origin_pcode"].notna()]
    return known.groupby("origin_pcode")["people"].sum().astype("Int64")


def flows(idp_counts: pd.DataFrame, pcode: str, direction: str = OUT, top: int | None = DEFAULT_TOP) -> pd.DataFrame:
    """The flows of one community, largest first: one row per community at the other end.

    ``direction`` is ``OUT`` (origin ``pcode`` -> host communities) or ``IN`` (origin communities
    -> host ``pcode``). Columns: ``pcode`` (the other end; <NA> for the summed rows), ``kind``
    (``community``; ``unknown`` for people hosted whose origin is not recorded; ``other`` for the
    communities beyond the ``top`` largest, summed), ``people``, ``households``, ``as_of`` (the
    newest count date in the row) and ``communities`` (how many communities the row stands for).
    """
    if direction not in (OUT, IN):
        raise ValueError(f"direction must be {OUT!r} or {IN!r}, not {direction!r}")
    latest = latest_counts(idp_counts)
    here, there = ("origin_pcode", "host_pcode") if direction == OUT else ("host_pcode", "origin_pcode")
    mine = latest[latest[here] == pcode]
    known = mine[mine[there].notna()]
    rows = pd.DataFrame(
        {
            "pcode": known[there].astype("string"),
            "kind": COMMUNITY,
            "people": known["people"],
            "households": known["households"],
            "as_of": known["as_of"],
            "communities": 1,
        }
    ).sort_values(["people", "pcode"], ascending=[False, True], kind="stable")
    extra = []
    unknown = mine[mine[there].isna()]
    if not unknown.empty:
        extra.append(_summed(unknown, UNKNOWN, 0))
    if top is not None and len(rows) > top:
        rest = rows.iloc[top:]
        rows = rows.iloc[:top]
        extra.append(_summed(rest, OTHER, len(rest)))
    out = pd.concat([rows, pd.DataFrame(extra)], ignore_index=True) if extra else rows.reset_index(drop=True)
    out = out.reindex(columns=FLOW_COLUMNS)
    out["pcode"] = out["pcode"].astype("string")
    out["people"] = out["people"].astype("Int64")
    out["households"] = out["households"].astype("Int64")
    out["as_of"] = pd.to_datetime(out["as_of"])
    out["communities"] = out["communities"].astype(int)
    return out


def _summed(rows: pd.DataFrame, kind: str, communities: int) -> dict:
    return {
        "pcode": pd.NA,
        "kind": kind,
        "people": rows["people"].sum(),
        "households": rows["households"].sum(min_count=1),
        "as_of": rows["as_of"].max(),
        "communities": communities,
    }


def communities_with_flows(idp_counts: pd.DataFrame) -> set[str]:
    """P-codes that IDP counts name, as host or as origin: the communities that have flows to draw."""
    return set(idp_counts["host_pcode"].dropna()) | set(idp_counts["origin_pcode"].dropna())


def flow_total(table: pd.DataFrame) -> int:
    """All the people in a ``flows`` table, the summed rows included."""
    return int(table["people"].sum()) if not table.empty else 0
