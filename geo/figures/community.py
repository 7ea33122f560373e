"""One community as its leader sees it: its figures next to its oblast's, its charts, its hubs,
how fresh its data is, and how to find it.

Everything here is a pure function of the loaded data (put ``geo.figures.timeline.dataset_as_of`` a date
first to see the community as it was then); ``pages/community.py`` only draws the results.

Comparisons with the oblast: a count (needs, people, IDPs) is compared with the average
community of the same oblast, all its communities counted (one with no needs counts as 0, as it
does on the map); a share or a median is compared with the oblast's own figure, all its needs
pooled (the share of the oblast's needs that are verified, the median of all its closing
times), which a few small communities cannot skew. "Residents displaced elsewhere" is averaged
over the oblast's communities whose displaced residents are counted at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from geo.figures.flows import COMMUNITY, OTHER, UNKNOWN, displaced_from
from geo.figures.metrics import idps_hosted
from geo.ingest.codes import normalize_code
from geo.ingest.contract import HUB_TYPES, OPEN_STATUSES, SECTORS, STATUSES
from geo.ingest.loaders import Dataset
from geo.text.formatting import date, is_blank, number, percent
from geo.text.i18n import N_, gettext_for
from geo.text.safe_markdown import md

# key -> (label, kind of value, which way is better: "higher", "lower" or None)
FIGURES = {
    "needs_open": (N_("Needs: open"), "count", "lower"),
    "needs_in_progress": (N_("Needs: in progress"), "count", None),
    "needs_closed": (N_("Needs: closed"), "count", "higher"),
    "share_verified": (N_("Share verified"), "percent", "higher"),
    "median_days_to_close": (N_("Median days from report to closure"), "days", "lower"),
    "people_covered": (N_("People covered by needs"), "count", None),
    "idps_hosted": (N_("IDPs hosted"), "count", None),
    "displaced_elsewhere": (N_("Residents displaced elsewhere"), "count", None),
}
COUNT_FIGURES = ("needs_open", "needs_in_progress", "needs_closed", "people_covered", "idps_hosted")
OPEN_LONG_DAYS = (30, 90)
STALE_NEEDS_DAYS = 30  # needs are registered every day where a platform works: a month of silence is news
STALE_COUNTS_DAYS = 90  # IDP counts come monthly or quarterly
STATUS_COLOURS = {"open": "#d95f02", "in_progress": "#e6ab02", "closed": "#1b9e77"}  # as on the map
CHANGE_COLOURS = {"opened": "#d95f02", "closed": "#1b9e77"}
CHANGES = {"opened": N_("opened"), "closed": N_("closed")}  # a need's change since a date


# ---------------------------------------------------------------------------------------------
# Finding a community


def community_label(row: pd.Series | object, lang: str) -> str:
    """How a community reads in the search list: both names, its oblast and its code (plain text)."""
    first, second = (row.name_uk, row.name_en) if lang == "uk" else (row.name_en, row.name_uk)
    oblast = row.oblast_uk if lang == "uk" else row.oblast
    parts = [str(first)]
    if not is_blank(second) and second != first:
        parts.append(f"({second})")
    where = f", {oblast}" if not is_blank(oblast) else ""
    return f"{' '.join(parts)}{where} · {row.pcode}"


def search_labels(communities: pd.DataFrame, lang: str) -> dict[str, str]:
    """P-code -> search label, sorted by name in the user's language, for the search box."""
    column = "name_uk" if lang == "uk" else "name_en"
    ordered = communities.sort_values([column, "pcode"], key=lambda s: s.astype("string").str.casefold())
    return {row.pcode: community_label(row, lang) for row in ordered.itertuples(index=False)}


def _fold(text: object) -> str:
    return " ".join(str(text or "").replace("’", "'").replace("ʼ", "'").casefold().split())


def find_communities(communities: pd.DataFrame, query: str, limit: int = 10) -> list[str]:
    """P-codes of the communities that match ``query``, best first.

    A P-code or KATOTTH code finds its community; otherwise a Ukrainian or English name, whole
    (best), at the start of a name, or anywhere in it. "громада" / "hromada" in the query is ignored.
    """
    code = normalize_code(query)
    pcodes = communities["pcode"].astype("string")
    if code is not None:
        return [code] if (pcodes == code).any() else []
    words = [w for w in _fold(query).split() if w not in ("громада", "hromada", "community", "тг", "отг")]
    wanted = " ".join(words)
    if not wanted:
        return []
    uk = communities["name_uk"].map(_fold)
    en = communities["name_en"].map(_fold)
    rank = pd.Series(9, index=communities.index)
    for level, test in enumerate(
        (lambda s: s == wanted, lambda s: s.str.startswith(wanted), lambda s: s.str.contains(wanted, regex=False))
    ):
        hit = test(uk) | test(en)
        rank = rank.where(~(hit & (rank > level)), level)
    found = communities.assign(_rank=rank)[rank < 9].sort_values(["_rank", "name_uk", "pcode"])
    return found["pcode"].astype(str).head(limit).tolist()


# ---------------------------------------------------------------------------------------------
# Figures, and the oblast's


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
    out["median_days_to_close"] = _days_to_close(needs).groupby(needs["pcode"]).median().reindex(index)
    out["people_covered"] = grouped["people"].sum().reindex(index).fillna(0).astype(int)
    out["idps_hosted"] = idps_hosted(dataset.idp_counts).reindex(index).fillna(0).astype(int)
    out["displaced_elsewhere"] = displaced_from(dataset.idp_counts).reindex(index).astype("Float64")
    return out


def _days_to_close(needs: pd.DataFrame) -> pd.Series:
    closed = needs[(needs["status"] == "closed") & needs["closed_on"].notna()]
    return (closed["closed_on"] - closed["reported_on"]).dt.days.astype(float)


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
    days = _days_to_close(needs[in_oblast])
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
        label = _(FIGURES[key][0])
        value, oblast, kind = row["value"], row["oblast"], row["kind"]
        shown = _text(value, kind, lang) or "—"
        if math.isnan(value) or math.isnan(oblast):
            tiles.append(Tile(label, shown, None, None, "off"))
            continue
        diff = value - oblast
        digits = 1 if kind == "count" and not float(oblast).is_integer() else 0
        rounded = round(diff, digits)
        colour = {"higher": "normal", "lower": "inverse"}.get(row["better"], "off")
        description = _("oblast average: {value}").format(value=_text(oblast, kind, lang, average=True))
        if rounded == 0:
            tiles.append(Tile(label, shown, 0, description, colour))
            continue
        sign = "+" if rounded > 0 else "-"
        delta = sign + units[kind].format(value=number(abs(rounded), lang, digits))
        tiles.append(Tile(label, shown, delta, description, colour))
    return tiles


# ---------------------------------------------------------------------------------------------
# Charts


def sector_status(needs: pd.DataFrame) -> pd.DataFrame:
    """Needs per sector (rows, in the contract's order; only sectors with needs) and status (columns)."""
    counts = needs.groupby(["sector", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    sectors = [s for s in SECTORS if s in counts.index]
    return counts.reindex(sectors).astype(int).rename_axis(index="sector", columns=None)


FREQUENCIES = {"W": N_("per week"), "M": N_("per month")}


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


# ---------------------------------------------------------------------------------------------
# Data quality


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


def stale_warnings(quality: pd.Series, lang: str) -> list[str]:
    """Plain sentences about figures that may be out of date (Markdown-safe), none when all is fresh."""
    _ = gettext_for(lang)
    out = []
    if quality["needs_stale"]:
        out.append(
            _("The needs figures may be out of date: no need was reported or closed here in the last {days} days.").format(
                days=STALE_NEEDS_DAYS
            )
        )
    if quality["counts_stale"]:
        out.append(
            _("The IDP figures may be out of date: the newest count is more than {days} days old.").format(
                days=STALE_COUNTS_DAYS
            )
        )
    if quality["closed_no_date"]:
        out.append(
            _("Closed needs with no closing date: {count}. They count as closed on every date.").format(
                count=number(quality["closed_no_date"], lang)
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Hubs and flows as tables


def web_address(value: object) -> str | None:
    """A hub's website if it is an http(s) address, else None (a ``javascript:`` link is never offered)."""
    text = "" if is_blank(value) else str(value).strip()
    return text if text.lower().startswith(("https://", "http://")) else None


def hubs_here(dataset: Dataset, pcode: str) -> pd.DataFrame:
    """Hubs that stand in the community."""
    return dataset.hubs[(dataset.hubs["pcode"] == pcode).fillna(False)]


def hubs_serving(dataset: Dataset, pcode: str) -> pd.DataFrame:
    """Hubs elsewhere that serve the community's displaced residents (``serves_pcode``)."""
    hubs = dataset.hubs
    serving = (hubs["serves_pcode"] == pcode).fillna(False) & (hubs["pcode"] != pcode).fillna(True)
    return hubs[serving]


def hub_table(hubs: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """Hubs as a table in the user's language: name, type, where, whom they serve, services, contacts."""
    _ = gettext_for(lang)
    name_column = "name_uk" if lang == "uk" else "name_en"
    community_names = dataset.communities.set_index("pcode")[name_column]
    return pd.DataFrame(
        {
            _("Name"): [_blank(n) for n in hubs[name_column]],
            _("Type"): [_(HUB_TYPES[t][0]) if t in HUB_TYPES else _blank(t) for t in hubs["hub_type"]],
            _("Community"): [_blank(n) for n in hubs["pcode"].map(community_names)],
            _("Serves displaced people from"): [_blank(n) for n in hubs["serves_pcode"].map(community_names)],
            _("Services"): [_blank(v) for v in hubs["services"]],
            _("Hours"): [_blank(v) for v in hubs["hours"]],
            _("Phone"): [_blank(v) for v in hubs["phone"]],
            _("Website"): [web_address(w) for w in hubs["website"]],
            _("Registered people"): [number(v, lang) for v in hubs["registered_people"]],
        }
    )


def _blank(value: object) -> str:
    """Text for a table cell: '' rather than "None" where a file left a cell empty."""
    return "" if is_blank(value) else str(value)


def flow_table(dataset: Dataset, table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A ``geo.figures.flows.flows`` table in the user's language: community, oblast, people, households, date."""
    _ = gettext_for(lang)
    uk = lang == "uk"
    communities = dataset.communities.set_index("pcode")
    name = communities["name_uk" if uk else "name_en"]
    oblast = communities["oblast_uk" if uk else "oblast"]
    labels = []
    for row in table.itertuples(index=False):
        if row.kind == COMMUNITY:
            labels.append(_blank(name.get(row.pcode, row.pcode)))
        elif row.kind == OTHER:
            labels.append(_("Other communities ({count})").format(count=number(row.communities, lang)))
        elif row.kind == UNKNOWN:
            labels.append(_("Origin not recorded"))
    return pd.DataFrame(
        {
            _("Community"): labels,
            _("Oblast"): [_blank(oblast.get(p)) if not is_blank(p) else "" for p in table["pcode"]],
            _("P-code"): [_blank(p) for p in table["pcode"]],
            _("Displaced people"): [number(v, lang) for v in table["people"]],
            _("Households"): [number(v, lang) for v in table["households"]],
            _("Counted on"): [date(d) for d in table["as_of"]],
        }
    )


def place_line(communities: pd.DataFrame, pcode: str, lang: str) -> str:
    """Raion, oblast, P-code and population of a community, as one Markdown-safe line."""
    _ = gettext_for(lang)
    row = communities.set_index("pcode").loc[pcode]
    uk = lang == "uk"
    parts = []
    raion, oblast = row["raion_uk" if uk else "raion"], row["oblast_uk" if uk else "oblast"]
    if not is_blank(raion):
        parts.append(_("{raion} raion").format(raion=md(raion)))
    if not is_blank(oblast):
        parts.append(_("{oblast} oblast").format(oblast=md(oblast)))
    parts.append(_("P-code {pcode}").format(pcode=md(pcode)))
    if not is_blank(row["population"]):
        parts.append(_("population {count}").format(count=number(row["population"], lang)))
    return " · ".join(parts)


def community_name(communities: pd.DataFrame, pcode: str, lang: str) -> str:
    """The community's name in the user's language (plain text: escape it where it is shown)."""
    row = communities.set_index("pcode").loc[pcode]
    return str(row["name_uk"] if lang == "uk" else row["name_en"])


def changes_table(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Needs opened or closed since a date (``geo.figures.timeline.changes_since``) as a table in the user's language."""
    _ = gettext_for(lang)
    return pd.DataFrame(
        {
            _("Change"): [_(CHANGES[c]) for c in changes["change"]],
            _("Need"): changes["need_id"].to_numpy(),
            _("Sector"): [_(SECTORS[s][0]) if s in SECTORS else s for s in changes["sector"]],
            _("Status"): [_(STATUSES[s][0]) if s in STATUSES else s for s in changes["status"]],
            _("Reported on"): [date(d) for d in changes["reported_on"]],
            _("Closed on"): [date(d) for d in changes["closed_on"]],
            _("Provider"): [_blank(p) for p in changes["provider"]],
        }
    )


def newest_record(dataset: Dataset) -> pd.Timestamp | None:
    """The newest report or closure date in the needs: where the data ends, the charts end too."""
    dates = pd.concat([dataset.needs["reported_on"], dataset.needs["closed_on"]]).dropna()
    return None if dates.empty else pd.Timestamp(dates.max())
