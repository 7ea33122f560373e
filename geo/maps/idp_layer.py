"""IDPs hosted on a map: a circle at each host community's centre, its area proportional to people.

The circles travel as arrays (where, radius, people, the top origins by community position) from
which the browser builds their tooltips and popups: data, not markup, as for the other layers.
"""

from __future__ import annotations

import folium
import numpy as np
import pandas as pd

from geo.ingest.loaders import Dataset
from geo.maps.legend import LegendEntry, circles_section, reference_values
from geo.maps.map_elements import BrowserLayer
from geo.maps.need_places import LOCALES
from geo.maps.shapes import json_text
from geo.text.i18n import gettext_for
from geo.text.safe_html import esc

IDP_COLOUR = "#54278f"
MAX_IDP_RADIUS = 28
MIN_IDP_RADIUS = 3.0


def idp_radius(people: float | np.ndarray, top: float) -> float | np.ndarray:
    """A circle's radius in pixels: its area proportional to people, the largest host MAX_IDP_RADIUS."""
    return np.round(np.maximum(MIN_IDP_RADIUS, MAX_IDP_RADIUS * np.sqrt(np.asarray(people, dtype=float) / top)), 1)


def idp_payload(dataset: Dataset, metrics: pd.DataFrame, lang: str) -> dict:
    """Proportional circles (area ~ people) at each host community's centre, with the top origins."""
    _ = gettext_for(lang)
    hosted = metrics.loc[metrics["idps_hosted"].fillna(0) > 0, "idps_hosted"]
    centres = dataset.communities.set_index("pcode")[["center_lat", "center_lon"]]
    origins = _top_origins(dataset.idp_counts)
    top = float(hosted.max()) if len(hosted) else 1.0
    position = {p: i for i, p in enumerate(dataset.communities["pcode"])}

    at = centres.reindex(hosted.index).round(5)
    where = [list(pair) for pair in zip(at["center_lat"].tolist(), at["center_lon"].tolist(), strict=True)]
    people = hosted.astype(int).tolist()
    radius = idp_radius(people, top).tolist()
    host = [position.get(pcode, -1) for pcode in hosted.index]
    came = [
        [v for origin, n in origins.get(pcode, []) for v in (position.get(origin, -1), int(n))] for pcode in hosted.index
    ]
    return {
        "host": host,
        "where": where,
        "radius": radius,
        "people": people,
        "origins": came,
        "labels": {
            "hosted": esc(_("IDPs hosted")),
            "from": esc(_("Where they come from")),
            "unknown": esc(_("unknown origin")),
        },
        # Light fill: a thousand host communities overlap at the country's zoom, and the colours below must show.
        # Only the ring takes a click (class hm-idp, MAP_CSS): the communities inside a circle stay clickable.
        "style": {"color": IDP_COLOUR, "weight": 1.5, "fillColor": IDP_COLOUR, "fillOpacity": 0.12},
        "locale": LOCALES.get(lang, "uk-UA"),
    }


class IdpCircles(BrowserLayer):
    """IDP counts as circles; tooltips and popups are put together in the browser."""

    js_function = "idpCircles"


def _top_origins(idp_counts: pd.DataFrame, n: int = 5) -> dict[str, list[tuple[str, int]]]:
    if idp_counts.empty:
        return {}
    counts = idp_counts.assign(origin=idp_counts["origin_pcode"].fillna(""))
    newest = counts.groupby(["host_pcode", "origin"])["as_of"].transform("max")
    latest = counts[(counts["as_of"] == newest) | newest.isna()]
    summed = latest.groupby(["host_pcode", "origin"])["people"].sum().reset_index()
    summed = summed.sort_values(["host_pcode", "people"], ascending=[True, False]).groupby("host_pcode").head(n)
    top: dict[str, list[tuple[str, int]]] = {}
    columns = (summed["host_pcode"].tolist(), summed["origin"].tolist(), summed["people"].tolist())
    for host, origin, people in zip(*columns, strict=True):
        top.setdefault(host, []).append((origin, people))
    return top


def idp_layer(dataset: Dataset, metrics: pd.DataFrame, lang: str, payload: str = "") -> folium.FeatureGroup:
    """The IDP circles (``payload``: ``idp_payload`` as JSON text, when the caller has it already)."""
    _ = gettext_for(lang)
    group = folium.FeatureGroup(name=_("IDP counts"))
    IdpCircles(payload or json_text(idp_payload(dataset, metrics, lang)), _("IDP counts")).add_to(group)
    top = float(metrics["idps_hosted"].fillna(0).max()) if len(metrics) else 0.0
    # Reference circles drawn as the layer draws its circles (idp_radius), with their numbers.
    values = [v for v in reference_values(top) if idp_radius(v, top) > MIN_IDP_RADIUS]
    style = {"color": IDP_COLOUR, "fillColor": IDP_COLOUR, "fillOpacity": 0.12}
    unit = _("people hosted, by the circle's area")
    legend = circles_section("idps", _("IDP counts"), unit, values, lambda v: idp_radius(v, top), style, lang)
    LegendEntry(legend).add_to(group)
    return group
