"""The hubs on a map, as arrays from which the browser builds each marker, and its popup when it opens.

For a national registry (1,000 hubs) on a phone over a weak link the map sends data, not markup:
text escaped here, repeated services and hours once, in the user's language where the file has it
(``geo.figures.hub_texts``). Above ``HUB_CLUSTER_ABOVE`` hubs the browser
clusters them. Shared by the home map and the Needs page, where a click on a hub measures distances
from it (``properties.hub`` is its row number). ``hub_features`` are hubs as GeoJSON with their
popups ready, for the few hubs a flow map shows (``geo.maps.flow_layer``).
"""

from __future__ import annotations

import folium
import pandas as pd

from geo.figures.hub_texts import hub_text
from geo.figures.place_names import names
from geo.ingest.contract import HUB_TYPES
from geo.ingest.loaders import Dataset
from geo.maps.legend import HUB_SHAPES, OTHER_HUB_SHAPE, LegendEntry, hubs_section
from geo.maps.map_elements import ClusteredLayer
from geo.maps.need_places import LOCALES
from geo.maps.shapes import community_index, json_text
from geo.text.formatting import number
from geo.text.i18n import gettext_for
from geo.text.safe_html import esc, safe_url, table

HUB_CLUSTER_ABOVE = 200  # more hubs than this are clustered at low zoom


def hub_features(dataset: Dataset, lang: str) -> dict:
    """The hubs as GeoJSON points with their tooltip and popup ready (escaped), for ``BIND_TIP_AND_POPUP``."""
    _ = gettext_for(lang)
    hubs = dataset.hubs
    labelled = names(dataset.communities, lang)
    name_column = "name_uk" if lang == "uk" else "name_en"
    services, hours = hub_text(hubs, "services", lang).tolist(), hub_text(hubs, "hours", lang).tolist()
    features = []
    for i, hub in enumerate(hubs.itertuples(index=False)):
        name = getattr(hub, name_column)
        serves = labelled["name"].get(hub.serves_pcode, "") if pd.notna(hub.serves_pcode) else ""
        where = labelled["name"].get(hub.pcode, "") if pd.notna(hub.pcode) else ""
        url = safe_url(hub.website)
        popup = table(
            [
                (_("Type"), _(HUB_TYPES[hub.hub_type][0])),
                (_("Community"), where),
                (_("Serves displaced people from"), serves),
                (_("Services"), services[i]),
                (_("Hours"), hours[i]),
                (_("Phone"), hub.phone),
                (_("Registered people"), number(hub.registered_people, lang)),
            ],
            title=name,
        )
        if url:
            popup += f'<a href="{url}" target="_blank" rel="noopener noreferrer">{url}</a>'
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(float(hub.lon), 5), round(float(hub.lat), 5)]},
                "properties": {"tip": f"<b>{esc(name)}</b>", "popup": popup},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _table_of(values: pd.Series) -> dict:
    """Escaped values as a table of the distinct ones and a code per row: hubs repeat their services."""
    codes, distinct = pd.factorize(values.map(esc), use_na_sentinel=True)
    return {"values": [*distinct.tolist(), ""], "codes": [c if c >= 0 else len(distinct) for c in codes.tolist()]}


def hub_payload(dataset: Dataset, lang: str) -> dict:
    """The hubs as arrays for ``HubMarkers``: escaped text, type by index, repeated texts once."""
    _ = gettext_for(lang)
    hubs = dataset.hubs
    type_keys = list(HUB_TYPES)
    return {
        "lat": [round(float(v), 5) for v in hubs["lat"]],
        "lon": [round(float(v), 5) for v in hubs["lon"]],
        "name": [esc(v) for v in hubs["name_uk" if lang == "uk" else "name_en"]],
        "type": [type_keys.index(k) if k in type_keys else -1 for k in hubs["hub_type"]],
        "community": community_index(dataset.communities, hubs["pcode"]),
        "serves": community_index(dataset.communities, hubs["serves_pcode"]),
        "services": _table_of(hub_text(hubs, "services", lang)),
        "hours": _table_of(hub_text(hubs, "hours", lang)),
        "phone": [esc(v) for v in hubs["phone"]],
        "website": [safe_url(v) or "" for v in hubs["website"]],
        "registered": [None if pd.isna(v) else int(v) for v in hubs["registered_people"]],
        "labels": {
            "type": esc(_("Type")),
            "community": esc(_("Community")),
            "serves": esc(_("Serves displaced people from")),
            "services": esc(_("Services")),
            "hours": esc(_("Hours")),
            "phone": esc(_("Phone")),
            "registered": esc(_("Registered people")),
            "types": [esc(_(HUB_TYPES[k][0])) for k in type_keys],
        },
        "locale": LOCALES.get(lang, "uk-UA"),
        "cluster_above": HUB_CLUSTER_ABOVE,
        "shapes": [HUB_SHAPES.get(k, OTHER_HUB_SHAPE) for k in type_keys],  # each type's symbol, as in the legend
    }


class HubMarkers(ClusteredLayer):
    """The hubs, each popup built in the browser when it opens; ``properties.hub`` is the row number."""

    js_function = "hubMarkers"


def hubs_layer(dataset: Dataset, lang: str, payload: str = "") -> folium.FeatureGroup:
    """The hubs (``payload``: ``hub_payload`` as JSON text, when the caller has it already)."""
    _ = gettext_for(lang)
    group = folium.FeatureGroup(name=_("Hubs"))
    HubMarkers(payload or json_text(hub_payload(dataset, lang)), _("Hubs")).add_to(group)
    hubs = dataset.hubs
    LegendEntry(hubs_section(hubs["hub_type"].dropna().unique(), lang, len(hubs) > HUB_CLUSTER_ABOVE)).add_to(group)
    return group
