"""One community's headline figures next to its oblast's, and the tiles they make above its page.

A leader asks first "are we doing better or worse than the oblast?", so every figure comes with the
oblast's. Comparisons with the oblast: a count (needs, people, IDPs) is compared with the average
community of the same oblast, all its communities counted (one with no needs counts as 0, as it
does on the map); a share or a median is compared with the oblast's own figure, all its needs
pooled (the share of the oblast's needs that are verified, the median of all its closing
times), which a few small communities cannot skew. "Residents displaced elsewhere" is averaged
over the oblast's communities whose displaced residents are counted at all.

Pure functions of the loaded data (put ``geo.figures.timeline.dataset_as_of`` a date first to see the
community as it was then); ``pages/community.py`` only draws the results. The page's other parts:
``community_search``, ``community_charts``, ``data_quality`` and ``community_tables``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from geo.figures.flows import displaced_from
from geo.figures.glossary import FIGURES as GLOSSARY
from geo.figures.glossary import days_to_close
from geo.figures.metrics import idps_hosted
from geo.ingest.contract import STATUSES
from geo.ingest.loaders import Dataset
from geo.text.formatting import is_blank, number, percent
from geo.text.i18n import gettext_for

# key -> which way is better ("higher", "lower" or None); labels, definitions and kinds are the glossary's.
BETTER = {
    "needs_open": "lower",
    "needs_in_progress": None,
    "needs_closed": "higher",
    "share_verified": "higher",
    "median_days_to_close": "lower",
    "people_covered": None,
    "idps_hosted": None,
    "displaced_elsewhere": None,
}
# key -> (label, kind of value, which way is better)
FIGURES = {key: (GLOSSARY[key].label, GLOSSARY[key].kind, better) for key, better in BETTER.items()}
COUNT_FIGURES = ("needs_open", "needs_in_progress", "needs_closed", "people_covered", "idps_hosted")


def community_table(dataset: Dataset) -> pd.DataFrame:
    """One row per community (by P-code) with the headline figures and the counts behind them."""
    communities = dataset.communities
    needs = dataset.needs
    index = pd.Index(communities["pcode"], name="pcode")
    status = needs.groupby(["pcode", "status"]).size().unstack(fill_value=0)
    status = status.reindex(index=index, columns=list(STATUSES), fill_value=0).astype(int)
    grouped = needs.groupby("pcode")
    out = pd.DataFrame(index=index)
    out["oblast"] = communities["oblast"].to_numpy()
    out["needs_open"] = status["open"]
    out["needs_in_progress"] = status["in_progress"]
    out["needs_closed"] = status["closed"]
    out["needs_total"] = status.sum(axis=1)
    out["verified"] = grouped["verified"].sum().reindex(index).fillna(0).astype(int)
    total = out["needs_total"].astype("Float64")
    out["share_verified"] = (out["verified"] * 100 / total).where(total > 0)
    closing = days_to_close(needs)
    out["median_days_to_close"] = closing.groupby(needs.loc[closing.index, "pcode"]).median().reindex(index)
    out["people_covered"] = grouped["people"].sum().reindex(index).fillna(0).astype(int)
    out["idps_hosted"] = idps_hosted(dataset.idp_counts).reindex(index).fillna(0).astype(int)
    out["displaced_elsewhere"] = displaced_from(dataset.idp_counts).reindex(index).astype("Float64")
    return out


def oblast_figures(table: pd.DataFrame, needs: pd.DataFrame, oblast: object) -> pd.Series:
    """The oblast's comparison figure for each key of ``FIGURES`` (rules in the module doc)."""
    if is_blank(oblast):
        return pd.Series(math.nan, index=list(FIGURES), dtype=float)
    mine = table[table["oblast"] == oblast]
    out = {key: float(mine[key].mean()) for key in COUNT_FIGURES}
    total = int(mine["needs_total"].sum())
    if not total:  # no needs platform works in this oblast: nothing to compare the needs with
        out |= {key: math.nan for key in ("needs_open", "needs_in_progress", "needs_closed", "people_covered")}
    out["share_verified"] = float(mine["verified"].sum() * 100 / total) if total else math.nan
    in_oblast = needs["pcode"].isin(mine.index)
    days = days_to_close(needs[in_oblast])
    out["median_days_to_close"] = float(days.median()) if not days.empty else math.nan
    known = mine["displaced_elsewhere"].dropna()
    out["displaced_elsewhere"] = float(known.mean()) if not known.empty else math.nan
    return pd.Series(out, dtype=float).reindex(list(FIGURES))


def headline(table: pd.DataFrame, needs: pd.DataFrame, pcode: str) -> pd.DataFrame:
    """The community's figures next to its oblast's: columns ``value``, ``oblast``, ``kind``, ``better``."""
    row = table.loc[pcode]
    oblast = oblast_figures(table, needs, row["oblast"])
    frame = pd.DataFrame(
        {
            "value": [_float(row[key]) for key in FIGURES],
            "oblast": oblast.to_numpy(),
            "kind": [kind for _label, kind, _better in FIGURES.values()],
            "better": [better for _label, _kind, better in FIGURES.values()],
        },
        index=pd.Index(list(FIGURES), name="figure"),
    )
    return frame


def _float(value: object) -> float:
    return math.nan if is_blank(value) else float(value)


@dataclass(frozen=True)
class Tile:
    """One figure as ``st.metric`` shows it. All its text is ours (labels, numbers, dates), none from data."""

    label: str
    value: str
    delta: str | int | None
    delta_description: str | None
    delta_color: str
    help: str | None = None  # the glossary's definition (geo.figures.glossary)


def _text(value: float, kind: str, lang: str, average: bool = False) -> str:
    if math.isnan(value):
        return ""
    if kind == "percent":
        return percent(value, lang)
    return number(value, lang, 1 if average and kind == "count" and not float(value).is_integer() else 0)


def headline_tiles(frame: pd.DataFrame, lang: str) -> list[Tile]:
    """The tiles above the community's page: value, difference from the oblast, and what that oblast figure is."""
    _ = gettext_for(lang)
    units = {"percent": _("{value} pp"), "days": _("{value} d"), "count": "{value}"}
    tiles = []
    for key, row in frame.iterrows():
        label, help_ = _(FIGURES[key][0]), _(GLOSSARY[key].help)
        value, oblast, kind = row["value"], row["oblast"], row["kind"]
        shown = _text(value, kind, lang) or "—"
        if math.isnan(value) or math.isnan(oblast):
            tiles.append(Tile(label, shown, None, None, "off", help_))
            continue
        diff = value - oblast
        digits = 1 if kind == "count" and not float(oblast).is_integer() else 0
        rounded = round(diff, digits)
        colour = {"higher": "normal", "lower": "inverse"}.get(row["better"], "off")
        description = _("oblast average: {value}").format(value=_text(oblast, kind, lang, average=True))
        if rounded == 0:
            tiles.append(Tile(label, shown, 0, description, colour, help_))
            continue
        sign = "+" if rounded > 0 else "-"
        delta = sign + units[kind].format(value=number(abs(rounded), lang, digits))
        tiles.append(Tile(label, shown, delta, description, colour, help_))
    return tiles


# --- An oblast's or a raion's page: its figures, summed from its hromadas (geo.figures.level_metrics) ----------

UNIT_FIGURES = ("needs_open", "needs_in_progress", "needs_closed", "hubs", "idps_hosted", "idps_per_1000")


def unit_tiles(metrics: pd.DataFrame, pcode: str, lang: str) -> list[Tile]:
    """The tiles above an oblast's or a raion's page: its needs, hubs and IDPs hosted (and per 1,000 residents),
    from its row of ``level_metrics(dataset, level)``; its population and communities are in the line under its
    title (``community_search.unit_line``). No comparison arrow: the comparison is the table of its parts below."""
    _ = gettext_for(lang)
    row = metrics.loc[pcode]
    tiles = []
    for key in UNIT_FIGURES:
        value = row[key]
        shown = "—" if is_blank(value) else number(value, lang, 1 if key == "idps_per_1000" else 0)
        tiles.append(Tile(_(GLOSSARY[key].label), shown, None, None, "off", _(GLOSSARY[key].help)))
    return tiles


def two_idp_figures(metrics: pd.DataFrame, pcode: str, level: str, lang: str) -> str | None:
    """Where a unit has an IDP figure of its own (a DTM estimate for the oblast) and one summed from its parts (the
    IDPs registered in its hromadas): both, the difference, and that they are never added (plain text); else None.

    The tile shows the unit's own figure (``level_metrics``' ``idps_hosted``)."""
    row = metrics.loc[pcode]
    given, below = row.get("idps_given"), row.get("idps_hosted_below")
    if level == "hromada" or is_blank(given) or is_blank(below) or int(below) == 0:
        return None
    _ = gettext_for(lang)
    given, below = int(given), int(below)
    if level == "oblast":
        text = _(
            "Two IDP figures exist for this oblast: {given} given for the oblast itself (the figure shown above) and "
            "{below} summed from its raions and communities. They count the same people from two sources, so they "
            "are never added together."
        )
    else:
        text = _(
            "Two IDP figures exist for this raion: {given} given for the raion itself (the figure shown above) and "
            "{below} summed from its communities. They count the same people from two sources, so they are never "
            "added together."
        )
    text = text.format(given=number(given, lang), below=number(below, lang))
    if given == below:
        return text + " " + _("Both say the same.")
    more = (
        _("The figure given for it is higher by {diff}.")
        if given > below
        else _("The sum of its parts is higher by {diff}.")
    )
    return text + " " + more.format(diff=number(abs(given - below), lang))
