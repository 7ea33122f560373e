"""Needs on a map, one marker per place with how many needs are there, clustered.

In the public view a place is a community's centre, so 100,000 needs are at most 1,769
markers, and clusters add up the needs they hold. Each place carries its first few needs
(escaped), which the browser turns into a popup. Shared by the Needs page (the filtered needs)
and the home map (open and closed needs as two layers, ``geo.maps.needs_layer``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from geo.figures.needs_view import PERSONAL_HEADERS
from geo.figures.place_names import names
from geo.ingest.contract import SECTORS, STATUSES
from geo.ingest.loaders import Dataset
from geo.maps.map_elements import ClusteredLayer
from geo.maps.shapes import json_text
from geo.text.i18n import gettext_for
from geo.text.safe_html import esc

POPUP_ROWS = 5  # needs listed in a place's popup (the list beside the map has them all): keeps each rerun light
LOCALES = {"uk": "uk-UA", "en": "en-GB"}

# Sizes follow the zoom (--hm-k, set by js/markers.js: 0.6 at the country's zoom, 1 from zoom 9),
# the same on the map and in a legend. On the map (.leaflet-marker-icon) each marker stands beside
# its place, not on it, so that the community's centre stays clickable: the Needs page's needs
# above it, the home map's open needs up to its left and closed needs up to its right (never on
# top of each other), hubs below it (MAP_CSS).
NEEDS_CSS = """
.hm-place { --hm-s: calc(28px * var(--hm-k, 1)); width: var(--hm-s); height: var(--hm-s);
            background: #d95f02; color: #fff; border: max(1px, calc(2px * var(--hm-k, 1))) solid #222;
            border-radius: 50%; box-sizing: border-box; display: flex; align-items: center;
            justify-content: center; white-space: nowrap; font: 600 max(8px, calc(11px * var(--hm-k, 1)))/1 sans-serif; }
.marker-cluster.hm-cluster { --hm-s: calc(34px * var(--hm-k, 1)); width: var(--hm-s); height: var(--hm-s);
            border-radius: 50%; }
.marker-cluster.hm-cluster-m { --hm-s: calc(42px * var(--hm-k, 1)); }
.marker-cluster.hm-cluster-l { --hm-s: calc(50px * var(--hm-k, 1)); }
.marker-cluster.hm-cluster div { box-sizing: border-box; width: calc(var(--hm-s) - 6px); height: calc(var(--hm-s) - 6px);
            margin: 3px; border-radius: 50%; display: flex; align-items: center; justify-content: center;
            white-space: nowrap; font: 600 max(9px, calc(12px * var(--hm-k, 1)))/1 sans-serif; }
.marker-cluster.hm-cluster span { line-height: 1; }
.leaflet-marker-icon.hm-place, .leaflet-marker-icon.hm-cluster { margin-left: calc(var(--hm-s) / -2);
            margin-top: calc(var(--hm-s) * -1 - 2px); }
.leaflet-marker-icon.hm-place-open, .leaflet-marker-icon.hm-cluster-open { margin-left: calc(var(--hm-s) * -1 - 1px);
            margin-top: calc(var(--hm-s) * -0.75); }
.leaflet-marker-icon.hm-place-closed, .leaflet-marker-icon.hm-cluster-closed { margin-left: 1px;
            margin-top: calc(var(--hm-s) * -0.75); }
.hm-cluster-needs { background-color: rgba(217,95,2,0.35); }
.hm-cluster-needs div { background-color: rgba(217,95,2,0.85); color: #fff; border: 2px solid #222; }
.hm-place-closed { background: #1b9e77; }
.hm-cluster-closed { background-color: rgba(27,158,119,0.35); }
.hm-cluster-closed div { background-color: rgba(27,158,119,0.85); color: #fff; border: 2px solid #222; }
.hm-origin { width: 16px; height: 16px; background: #1f78b4; border: 3px solid #fff; border-radius: 50%;
             box-shadow: 0 0 0 2px #1f78b4; box-sizing: border-box; }
.hm-needs th, .hm-needs td { padding: 1px 8px 1px 0; vertical-align: top; }
.hm-needs td:first-child { white-space: nowrap; }
.hm-more { margin-top: 4px; color: #444; }
"""


_TO_ESCAPE = re.compile(r"[&<>\"'`${}\\]")


def _escaped(values: pd.Series) -> list[str]:
    """Every value escaped for HTML ('' for blanks), each distinct value once."""
    codes, distinct = pd.factorize(values)
    table = [esc(v) if _TO_ESCAPE.search(v) else v for v in distinct.to_numpy(dtype=object).tolist()] + [""]
    return [table[c] for c in codes.tolist()]  # code -1 (blank) picks the trailing ""


def _whole_numbers(values: pd.Series) -> list[int | None]:
    """Counts as JSON-ready ints, None where blank."""
    numbers = values.astype("Float64").to_numpy(dtype=float, na_value=np.nan).tolist()
    return [None if n != n else int(n) for n in numbers]  # n != n: NaN


def place_payload(
    needs: pd.DataFrame, dataset: Dataset, lang: str, internal: bool, rows: int = POPUP_ROWS, more: str | None = None
) -> dict:
    """The filtered needs grouped by where the map draws them, for ``NeedsPlaces``.

    One entry per place: where, the community's name, how many needs and people, and the first
    ``rows`` needs in the list's order (escaped), which the browser turns into a popup; ``more`` says
    where the others are (``{count}`` is filled in). ``needs`` comes from ``geo.figures.needs_view.ordered``.
    """
    _ = gettext_for(lang)
    labels = {
        "needs": esc(_("Needs")),
        "people": esc(_("People")),
        "need": esc(_("Need")),
        "sector": esc(_("Sector")),
        "status": esc(_("Status")),
        "days": esc(_("Days open")),
        "provider": esc(_("Provider")),
        "verified": esc(_("Verified")),
        "yes": esc(_("yes")),
        "no": esc(_("no")),
        "more": esc(more or _("… and {count} more in the list beside the map.")),
        "sectors": [esc(_(label)) for label, _aliases in SECTORS.values()],
        "statuses": [esc(_(label)) for label, _aliases in STATUSES.values()],
        "personal": [esc(_(PERSONAL_HEADERS[k])) for k in PERSONAL_HEADERS] if internal else [],
    }
    empty = {"lat": [], "lon": [], "place": [], "count": [], "people": [], "rows": []}
    if needs.empty:
        return {**empty, "labels": labels, "locale": LOCALES.get(lang, "uk-UA")}
    where = ["loc_lat", "loc_lon"]
    grouped = needs.groupby(where, sort=False)
    summary = grouped.agg(count=("need_id", "size"), people=("people", "sum"), pcode=("pcode", "first"))
    top = grouped.head(rows)
    group_of = top.groupby(where, sort=False).ngroup().to_numpy()
    columns = [
        _escaped(top["need_id"]),
        pd.Categorical(top["sector"], categories=list(SECTORS)).codes.tolist(),
        pd.Categorical(top["status"], categories=list(STATUSES)).codes.tolist(),
        _whole_numbers(top["days_open"]),
        _escaped(top["provider"]),
        _whole_numbers(top["people"]),
        top["verified"].to_numpy(dtype=bool).astype(int).tolist(),
    ]
    if internal:
        columns += [_escaped(top[k]) if k in top.columns else [""] * len(top) for k in PERSONAL_HEADERS]
    listed: list[list] = [[] for _group in range(len(summary))]
    for group, row in zip(group_of.tolist(), zip(*columns, strict=True), strict=True):
        listed[group].append(list(row))
    place_names = names(dataset.communities, lang)["name"].to_dict()
    return {
        "lat": [round(float(v), 5) for v in summary.index.get_level_values(0)],
        "lon": [round(float(v), 5) for v in summary.index.get_level_values(1)],
        "place": [esc(place_names.get(p, "")) for p in summary["pcode"]],
        "count": summary["count"].astype(int).tolist(),
        "people": summary["people"].fillna(0).astype(int).tolist(),
        "rows": listed,
        "labels": labels,
        "locale": LOCALES.get(lang, "uk-UA"),
    }


class NeedsPlaces(ClusteredLayer):
    """The filtered needs, clustered, one marker per place; clusters add up the needs they hold."""

    js_function = "needsPlaces"

    def __init__(self, payload: dict | str, name: str, kind: str = "needs") -> None:
        """``payload``: a dict (``place_payload``), or JSON text that already holds its ``kind``."""
        # kind: the CSS classes hm-place-<kind>, hm-cluster-<kind>
        super().__init__(payload if isinstance(payload, str) else json_text({**payload, "kind": kind}), name)
