"""A community's hubs, its IDP flows and its needs' changes since a date, as tables in the user's language.

The cells are plain text for ``st.dataframe``: an empty cell stays empty (never "None"), and a hub's
website is offered only if it is an http(s) address, so that no ``javascript:`` link reaches the page.
"""

from __future__ import annotations

import pandas as pd

from geo.figures.flows import COMMUNITY, OTHER, UNKNOWN
from geo.figures.hub_texts import hub_text
from geo.ingest.contract import HUB_TYPES, SECTORS, STATUSES
from geo.ingest.loaders import Dataset
from geo.text.formatting import date, is_blank, number
from geo.text.i18n import N_, gettext_for

CHANGES = {"opened": N_("opened"), "closed": N_("closed")}  # a need's change since a date


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
            _("Services"): [_blank(v) for v in hub_text(hubs, "services", lang)],
            _("Hours"): [_blank(v) for v in hub_text(hubs, "hours", lang)],
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


def part_pcodes(units: pd.DataFrame, pcode: str, level: str) -> list[str]:
    """The units one level finer that make up ``pcode`` (an oblast's raions, a raion's hromadas), by P-code.

    ``units``: ``geo.figures.units.units_at`` rows of the finer level (the communities for a raion's hromadas).
    """
    column = "oblast_pcode" if level == "oblast" else "raion_pcode"
    if column not in units.columns:
        return []
    return sorted(units.loc[(units[column].astype("string") == pcode).fillna(False), "pcode"].astype(str))


def page_address(pcode: str, lang: str, as_of: object = None) -> str:
    """The Community page of a unit, relative to the page (``community?community=UA5110&lang=uk``)."""
    address = f"community?community={pcode}&lang={lang}"
    return address + (f"&as_of={as_of}" if not is_blank(as_of) else "")


def parts_table(
    metrics: pd.DataFrame, units: pd.DataFrame, pcodes: list[str], lang: str, links: bool = False, as_of: object = None
) -> pd.DataFrame:
    """An oblast's raions or a raion's hromadas with their figures, in the user's language, the most IDPs hosted first.

    ``metrics``: ``level_metrics`` of the parts' level; ``units``: their rows (names, population). The figures
    are numbers (sorted and downloaded as numbers). With ``links`` the P-code column holds each part's page
    address (``page_address``; a ``LinkColumn`` shows the code); without, the code itself (the downloads).
    """
    _ = gettext_for(lang)
    names = units.drop_duplicates("pcode").set_index("pcode").reindex(pcodes)
    figures = metrics.reindex(pcodes)
    name = names["name_uk" if lang == "uk" else "name_en"].fillna(names["name_uk"])
    frame = pd.DataFrame(
        {
            _("Name"): [_blank(n) for n in name],
            _("P-code"): [page_address(p, lang, as_of) if links else p for p in pcodes],
            _("Open needs"): figures["needs_open"].fillna(0).astype(int).to_numpy(),
            _("Needs in progress"): figures["needs_in_progress"].fillna(0).astype(int).to_numpy(),
            _("Closed needs"): figures["needs_closed"].fillna(0).astype(int).to_numpy(),
            _("Hubs"): figures["hubs"].fillna(0).astype(int).to_numpy(),
            _("IDPs hosted"): figures["idps_hosted"].astype("Int64").to_numpy(),
            _("IDPs per 1,000 residents"): figures["idps_per_1000"].astype("Float64").round(1).to_numpy(),
            _("Population"): figures["population"].astype("Float64").round(0).astype("Int64").to_numpy(),
        }
    )
    order = frame.sort_values([_("IDPs hosted"), _("Name")], ascending=[False, True], kind="stable").index
    return frame.loc[order].reset_index(drop=True)
