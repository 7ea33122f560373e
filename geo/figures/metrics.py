"""Figures per community, the numbers behind the choropleth, tooltips and legends."""

from __future__ import annotations

import pandas as pd

from geo.ingest.contract import OPEN_STATUSES
from geo.text.i18n import N_

# The metrics a user can colour the communities by: key -> (label, unit label, number format). The labels
# are the glossary's (geo.figures.glossary: "open_needs" is its "needs_unmet"), tests/figures/test_glossary.py.
METRICS = {
    "open_needs": (N_("Unmet needs"), N_("needs (open or in progress)"), "{:,.0f}"),
    "share_closed": (N_("Closed, % of all needs"), N_("percent of all needs"), "{:.0f}%"),
    "idps_hosted": (N_("IDPs hosted"), N_("displaced people"), "{:,.0f}"),
    "idps_per_1000": (N_("IDPs per 1,000 residents"), N_("per 1,000 residents"), "{:,.1f}"),
}
DEFAULT_METRIC = "open_needs"
COUNT_METRICS = ("open_needs", "idps_hosted")  # whole numbers: their classes are whole ranges


def idps_hosted(idp_counts: pd.DataFrame) -> pd.Series:
    """People hosted per community, counting only the newest ``as_of`` of each host/origin pair."""
    if idp_counts.empty:
        return pd.Series(dtype="Int64")
    counts = idp_counts.assign(origin=idp_counts["origin_pcode"].fillna(""))
    newest = counts.groupby(["host_pcode", "origin"])["as_of"].transform("max")
    latest = counts[(counts["as_of"] == newest) | newest.isna()]
    return latest.groupby("host_pcode")["people"].sum().astype("Int64")


def community_metrics(
    communities: pd.DataFrame, needs: pd.DataFrame, hubs: pd.DataFrame, idp_counts: pd.DataFrame
) -> pd.DataFrame:
    """One row per community (indexed by P-code) with every metric and the counts behind it."""
    index = pd.Index(communities["pcode"], name="pcode")
    status = needs.groupby(["pcode", "status"]).size().unstack(fill_value=0)
    status = status.reindex(index=index, columns=["open", "in_progress", "closed"], fill_value=0)
    out = pd.DataFrame(index=index)
    out["needs_total"] = status.sum(axis=1)
    out["needs_open"] = status["open"]
    out["needs_in_progress"] = status["in_progress"]
    out["needs_closed"] = status["closed"]
    out["open_needs"] = status[list(OPEN_STATUSES)].sum(axis=1)
    total = out["needs_total"].astype("Float64")
    out["share_closed"] = (out["needs_closed"] * 100 / total).where(total > 0)
    out["idps_hosted"] = idps_hosted(idp_counts).reindex(index).fillna(0).astype("Int64")
    population = pd.Series(communities["population"].to_numpy(), index=index).astype("Float64")
    out["idps_per_1000"] = (out["idps_hosted"].astype("Float64") * 1000 / population).where(population > 0)
    out["hubs"] = hubs.groupby("pcode").size().reindex(index).fillna(0).astype(int)
    out["population"] = population
    return out
