"""Figures per unit at any level (oblast, raion, hromada): the hromadas' figures summed upward.

Needs, hubs and population are the hromadas' own, summed into their raion and oblast. IDP counts may
be given at any level (``Dataset.idp_counts`` for hromadas, ``Dataset.idp_coarse`` for raions and
oblasts): each row counts where it is given and is summed upward, never split down. Where a unit has
a figure of its own (a DTM estimate for an oblast) and one summed from below (the IDPs registered in
its hromadas), both are kept and never added: ``idps_hosted`` is the unit's own figure (or, when it
has none, the sum from below), ``idps_hosted_below`` the sum, ``idps_note`` says both in words.
"""

from __future__ import annotations

import pandas as pd

from geo.figures.metrics import community_metrics
from geo.ingest.codes import LEVELS
from geo.ingest.loaders import Dataset
from geo.text.formatting import number
from geo.text.i18n import DEFAULT_LANGUAGE, gettext_for

# The columns added to community_metrics' at every level.
IDP_COLUMNS = ("idps_given", "idps_hosted_below", "idps_note")


def idp_rows(dataset: Dataset) -> pd.DataFrame:
    """Every IDP row of any level: host_pcode, host_level, origin, people, as_of (newest per host/origin pair)."""
    fine = dataset.idp_counts
    frames = [
        pd.DataFrame(
            {
                "host_pcode": fine["host_pcode"].astype("string"),
                "host_level": "hromada",
                "origin": fine["origin_pcode"].astype("string").fillna(""),
                "people": fine["people"],
                "as_of": fine["as_of"],
            }
        )
    ]
    coarse = dataset.idp_coarse
    if coarse is not None and not coarse.empty:
        frames.append(
            pd.DataFrame(
                {
                    "host_pcode": coarse["host_pcode"].astype("string"),
                    "host_level": coarse["host_level"].astype("string"),
                    "origin": coarse["origin_pcode"].astype("string").fillna(""),
                    "people": coarse["people"],
                    "as_of": coarse["as_of"],
                }
            )
        )
    frames = [f for f in frames if not f.empty] or frames[:1]
    rows = pd.concat(frames, ignore_index=True)
    if rows.empty:
        return rows
    newest = rows.groupby(["host_pcode", "origin"])["as_of"].transform("max")
    return rows[(rows["as_of"] == newest) | newest.isna()]


def _given(rows: pd.DataFrame, level: str) -> pd.Series:
    """People hosted per unit of ``level``, from the rows given at that level."""
    at = rows[rows["host_level"] == level]
    return at.groupby("host_pcode")["people"].sum().astype("Int64")


def _hosted(dataset: Dataset, rows: pd.DataFrame, level: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(the unit's best figure, the figure given at its level, the sum from finer levels) per unit of ``level``."""
    communities = dataset.communities
    hromadas = pd.Index(communities["pcode"], name="pcode")
    own = _given(rows, "hromada").reindex(hromadas).fillna(0).astype("Int64")
    if level == "hromada":
        return own, own, pd.Series(pd.NA, index=hromadas, dtype="Int64")
    raion_of = pd.Series(communities["raion_pcode"].astype("string").to_numpy(), index=hromadas)
    raion_of = raion_of.where(raion_of.str.strip() != "")
    raion_below = own.groupby(raion_of).sum().astype("Int64")
    raion_given = _given(rows, "raion")
    raion_codes = raion_below.index.union(raion_given.index)
    raion_below = raion_below.reindex(raion_codes).fillna(0).astype("Int64")
    raion_given = raion_given.reindex(raion_codes)
    raion_best = raion_given.fillna(raion_below).astype("Int64")
    if level == "raion":
        return raion_best, raion_given, raion_below
    oblast_of = pd.Series(communities["oblast_pcode"].astype("string").to_numpy(), index=hromadas)
    # A raion's oblast from its hromadas; a hromada with no raion counts straight into its oblast.
    raion_oblast = oblast_of.groupby(raion_of).first()
    parts = [raion_best.groupby(raion_oblast.reindex(raion_best.index)).sum()]
    no_raion = raion_of.isna()
    if no_raion.any():
        parts.append(own[no_raion].groupby(oblast_of[no_raion]).sum())
    below = pd.concat(parts).groupby(level=0).sum().astype("Int64")
    given = _given(rows, "oblast")
    codes = below.index.union(given.index)
    below = below.reindex(codes).fillna(0).astype("Int64")
    given = given.reindex(codes)
    return given.fillna(below).astype("Int64"), given, below


def _units(dataset: Dataset, level: str) -> pd.DataFrame:
    """The units of ``level`` (pcode, population) as ``units_at`` orders them, without their shapes.

    The hromadas' raions and oblasts, and those of the level's own boundaries that no hromada names
    (an IDP count may be given for them); a population is blank where any hromada lacks one.
    """
    communities = dataset.communities
    column = {"oblast": "oblast_pcode", "raion": "raion_pcode"}[level]
    codes = communities[column].astype("string").str.strip()
    named = communities[codes.notna() & (codes != "")]
    population = named.groupby(codes[named.index])["population"].agg(lambda p: p.sum() if p.notna().all() else pd.NA)
    table = pd.DataFrame({"pcode": population.index.astype(str), "population": population.to_numpy()})
    shapes = {"oblast": dataset.oblasts, "raion": dataset.raions}[level]
    if shapes is not None and not shapes.empty:
        extra = sorted(set(shapes["pcode"].dropna().astype(str)) - set(table["pcode"]))
        table = pd.concat([table, pd.DataFrame({"pcode": extra, "population": pd.NA})], ignore_index=True)
    return table


def idps_note(given: object, below: object, level: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Both figures in words where a unit has its own and a summed one, else ''."""
    if level == "hromada" or pd.isna(given) or pd.isna(below) or int(below) == 0:
        return ""
    _ = gettext_for(lang)
    if level == "oblast":
        text = _("given for the oblast: {given}; summed from its raions and hromadas: {below}")
    else:
        text = _("given for the raion: {given}; summed from its hromadas: {below}")
    return text.format(given=number(given, lang), below=number(below, lang))


def level_metrics(
    dataset: Dataset, level: str, *, units: pd.DataFrame | None = None, lang: str = DEFAULT_LANGUAGE
) -> pd.DataFrame:
    """One row per unit of ``level`` (indexed by its P-code): community_metrics' columns, summed upward.

    Plus ``idps_given`` (the IDP figure given at the unit's own level, <NA> where none is),
    ``idps_hosted_below`` (summed from finer levels; <NA> for a hromada) and ``idps_note`` (both in
    words, in ``lang``, where a unit has both; '' elsewhere). ``idps_hosted`` is the given figure
    where there is one, else the sum from below. ``units`` (``pcode``, ``population``: the rows of
    ``geo.figures.units.units_at``, when the caller has them) set the rows; by default they are the
    communities' raions or oblasts (and any more of the level's own boundaries), worked out without
    dissolving a shape.
    At level "hromada" the community_metrics columns are community_metrics' own (with any IDP rows given
    for a hromada from a raion or an oblast of origin added to ``idps_hosted``).
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; one of {LEVELS}")
    communities = dataset.communities
    base = community_metrics(communities, dataset.needs, dataset.hubs, dataset.idp_counts)
    rows = idp_rows(dataset)
    best, given, below = _hosted(dataset, rows, level)
    if level == "hromada":
        out = base.copy()
        index = out.index
    else:
        if units is None:
            units = _units(dataset, level)
        index = pd.Index(units["pcode"].astype(str), name="pcode")
        unit = base.index.map(
            pd.Series(communities[{"oblast": "oblast_pcode", "raion": "raion_pcode"}[level]].to_numpy(), index=base.index)
        )
        counts = ["needs_total", "needs_open", "needs_in_progress", "needs_closed", "open_needs", "hubs"]
        summed = base[counts].groupby(pd.Series(unit, index=base.index, dtype="string")).sum()
        out = summed.reindex(index).fillna(0).astype(int)
        total = out["needs_total"].astype("Float64")
        out["share_closed"] = (out["needs_closed"] * 100 / total).where(total > 0)
        out["population"] = pd.Series(units["population"].to_numpy(), index=index).astype("Float64")
    out["idps_hosted"] = best.reindex(index).fillna(0).astype("Int64")
    population = out["population"].astype("Float64")
    out["idps_per_1000"] = (out["idps_hosted"].astype("Float64") * 1000 / population).where(population > 0)
    out["idps_given"] = given.reindex(index).astype("Int64")
    out["idps_hosted_below"] = below.reindex(index).astype("Int64")
    if level != "hromada":
        out["idps_hosted_below"] = out["idps_hosted_below"].fillna(0)
    pairs = zip(out["idps_given"], out["idps_hosted_below"], strict=True)
    out["idps_note"] = [idps_note(given, below, level, lang) for given, below in pairs]
    columns = list(base.columns) + list(IDP_COLUMNS)
    return out[columns]
