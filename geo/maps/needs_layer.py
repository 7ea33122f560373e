"""The home map's needs: open and closed needs as two layers of per-community counts.

Always the public view, at national scale: a need is counted at its community's centre, so
100,000 needs are at most one marker per community and layer, and no row of a need is sent (the
Needs page lists them). The markers are ``geo.maps.need_places.NeedsPlaces``, shared with the
Needs page.
"""

from __future__ import annotations

from collections.abc import Collection

import folium
import pandas as pd

from geo.ingest.contract import OPEN_STATUSES, SECTORS
from geo.ingest.loaders import Dataset
from geo.maps.need_places import LOCALES, NeedsPlaces
from geo.maps.shapes import community_index, json_text
from geo.text.i18n import gettext_for
from geo.text.safe_html import esc

HIDDEN_AT_FIRST = ("closed_needs",)  # on the home map closed needs are history: one tick away


def needs_payload(needs: pd.DataFrame, dataset: Dataset, lang: str) -> dict:
    """Needs counted per community for ``NeedsPlaces``: where, how many, people, and by sector.

    Always the public view: a need is placed at its community's centre, and no row of a need is
    sent (the Needs page lists them); communities are named by their place in ``window.hmPlaces``.
    """
    _ = gettext_for(lang)
    sector_keys = list(SECTORS)
    labels = {
        "needs": esc(_("Needs")),
        "people": esc(_("People")),
        "sectors": [esc(_(SECTORS[k][0])) for k in sector_keys],
        "more": esc(_("The list of these needs is on the Needs page.")),
    }
    communities = dataset.communities.set_index("pcode")
    counts = needs.groupby("pcode").agg(count=("need_id", "size"), people=("people", "sum"))
    counts = counts[counts["count"] > 0]
    by_sector = needs.groupby(["pcode", "sector"]).size()
    sectors: dict[str, list[int]] = {}
    for (pcode, sector), n in zip(by_sector.index.tolist(), by_sector.tolist(), strict=True):
        if n and sector in sector_keys:
            sectors.setdefault(pcode, []).extend((sector_keys.index(sector), int(n)))
    at = communities.reindex(counts.index)
    return {
        "lat": at["center_lat"].round(5).tolist(),
        "lon": at["center_lon"].round(5).tolist(),
        "community": community_index(dataset.communities, pd.Series(counts.index)),
        "count": counts["count"].astype(int).tolist(),
        "people": counts["people"].fillna(0).astype(int).tolist(),
        "sectors": [sectors.get(p, []) for p in counts.index],
        "labels": labels,
        "locale": LOCALES.get(lang, "uk-UA"),
    }


def needs_texts(dataset: Dataset, lang: str, layers: Collection[str] = ("open_needs", "closed_needs")) -> tuple[str, str]:
    """The open (and in progress) and the closed needs as ``needs_payload`` JSON texts; "" for one not in ``layers``."""
    needs = dataset.needs
    unmet = needs["status"].isin(list(OPEN_STATUSES)).fillna(False).to_numpy(dtype=bool)
    wanted = set(layers)

    def needs_text(part: pd.DataFrame, kind: str, key: str) -> str:
        return json_text({**needs_payload(part, dataset, lang), "kind": kind}) if key in wanted else ""

    return needs_text(needs[unmet], "open", "open_needs"), needs_text(needs[~unmet], "closed", "closed_needs")


def needs_layers(
    dataset: Dataset, lang: str, texts: tuple[str, str] | None = None, hidden: Collection[str] = HIDDEN_AT_FIRST
) -> tuple[folium.FeatureGroup, folium.FeatureGroup]:
    """Open (and in progress) needs and closed needs as two layers of per-community counts.

    ``texts`` are ``needs_texts`` when the caller has them already. The layers named in ``hidden``
    (``open_needs``, ``closed_needs``) start unticked in the layer control.
    """
    _ = gettext_for(lang)
    open_text, closed_text = texts or needs_texts(dataset, lang)
    layers = []
    parts = (
        (_("Unmet needs"), "open", "open_needs", open_text),  # open or in progress (geo.figures.glossary)
        (_("Closed needs"), "closed", "closed_needs", closed_text),
    )
    for name, kind, key, payload in parts:
        group = folium.FeatureGroup(name=name, show=key not in hidden)
        NeedsPlaces(payload, name, kind=kind).add_to(group)
        layers.append(group)
    return layers[0], layers[1]
