"""Build the home page map: communities coloured by a metric, needs, hubs and IDP counts.

The map is built for a national registry (1,769 communities, 100,000 needs, 1,000 hubs) on a
phone over a weak link, so what it sends is data, not markup: the community shapes are encoded
compactly (``geo.maps.shapes``), needs are counted per community (``geo.maps.need_places``), and hubs and
IDP circles travel as arrays from which the browser builds each popup when it is opened.

It is split in two so that Streamlit changes the metric without reloading it: ``base_map``
holds what does not depend on the metric (the shapes and the four overlays), and
``choropleth_layer`` returns a small feature group (the colours and the legend) that
streamlit-folium swaps in place (``feature_group_to_add``). ``build_map`` puts both together
for tests and exports.

All text from data is escaped here (geo.text.safe_html) before it becomes HTML; needs are placed at
their community's centre, never at a household's coordinates.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import folium
import folium.plugins
import numpy as np
import pandas as pd
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template
from folium.utilities import JsCode

from geo.figures.metrics import COUNT_METRICS, METRICS, community_metrics
from geo.figures.place_names import names
from geo.ingest.contract import HUB_TYPES, OPEN_STATUSES, SECTORS
from geo.ingest.loaders import Dataset
from geo.maps.assets import localize
from geo.maps.choropleth import NO_DATA_COLOUR, ZERO_COLOUR, classify
from geo.maps.map_elements import MAP_CSS, Attribution, BrowserCode, LegendLayer, ScriptAsText, StyleSheet
from geo.maps.need_places import LOCALES, NEEDS_CSS, NeedsPlaces
from geo.maps.shapes import (
    COMMUNITY_PANE,
    CommunityShapes,
    Places,
    Recolour,
    community_index,
    json_text,
    places_payload,
    shapes_payload,
)
from geo.text.formatting import number, percent
from geo.text.i18n import gettext_for
from geo.text.safe_html import esc, safe_url, table

UKRAINE_CENTRE = (48.6, 31.3)
UKRAINE_BOUNDS = [[44.3, 22.1], [52.4, 40.2]]
IDP_COLOUR = "#54278f"
HUB_CLUSTER_ABOVE = 200  # more hubs than this are clustered at low zoom
MAX_IDP_RADIUS = 28

BIND_TIP_AND_POPUP = JsCode("hm.bindTipAndPopup")  # geo/maps/js/hromada.js

# The overlays drawn above the communities, by key (tour stops in data/tour.yaml name them).
OVERLAYS = ("open_needs", "closed_needs", "hubs", "idps")
HIDDEN_AT_FIRST = ("closed_needs",)  # on the home map closed needs are history: one tick away


def metric_text(metric: str, value: object, lang: str) -> str:
    if metric == "share_closed":
        return percent(value, lang)
    return number(value, lang, digits=1 if metric == "idps_per_1000" else 0)


# ---------------------------------------------------------------------------------------------
# Communities: the shapes are in the base map; the metric only recolours them


def legend_html(metrics: pd.DataFrame, metric: str, lang: str) -> str:
    """The legend: metric name, its unit, and one swatch per class (escaped)."""
    _ = gettext_for(lang)
    title, unit, _fmt = METRICS[metric]
    classes = classify(metrics[metric], metric)
    counts = metric in COUNT_METRICS
    rows = [f'<div><i style="background:{ZERO_COLOUR}"></i>{esc(metric_text(metric, 0, lang))}</div>']
    for low, high, colour in classes.ranges():
        # Counts read as whole ranges (1 – 2, 3 – 5); rates as "above low, up to high".
        start = metric_text(metric, low + 1 if counts else low, lang)
        text = f"{start} – {metric_text(metric, high, lang)}" if start != metric_text(metric, high, lang) else start
        rows.append(f'<div><i style="background:{colour}"></i>{esc(text)}</div>')
    no_data = _("no data")
    rows.append(f'<div><i style="background:{NO_DATA_COLOUR}"></i>{esc(no_data)}</div>')
    title, unit = _(title), _(unit)
    return f'<div class="hm-title">{esc(title)}</div><div class="hm-unit">{esc(unit)}</div>' + "".join(rows)


def community_colours(
    communities: pd.DataFrame, metrics: pd.DataFrame, metric: str, lang: str
) -> tuple[list[str], list[str]]:
    """Fill colour and escaped figure of every community for ``metric``, in the communities' order.

    Communities with no figure are grey and read "no data".
    """
    _ = gettext_for(lang)
    classes = classify(metrics[metric], metric)
    values = metrics[metric].reindex(pd.Index(communities["pcode"]))
    no_data = esc(_("no data"))
    colours = [classes.colour(v) for v in values]
    texts = [esc(metric_text(metric, v, lang)) or no_data for v in values]
    return colours, texts


def choropleth_layer(dataset: Dataset, metrics: pd.DataFrame, metric: str, lang: str) -> folium.FeatureGroup:
    """The colours of ``metric`` for the communities already on the map, and its legend.

    Kilobytes, not the shapes again: switching the metric swaps this group (``feature_group_to_add``).
    """
    _ = gettext_for(lang)
    group = folium.FeatureGroup(name=_("Communities: {metric}").format(metric=_(METRICS[metric][0])), control=False)
    colours, texts = community_colours(dataset.communities, metrics, metric, lang)
    Recolour(colours, texts, esc(_(METRICS[metric][0]))).add_to(group)
    LegendLayer(legend_html(metrics, metric, lang)).add_to(group)
    return group


# ---------------------------------------------------------------------------------------------
# Needs, hubs and IDP counts (the part that does not change with the metric)


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


def needs_layers(
    dataset: Dataset, lang: str, data: MapData | None = None, hidden: Collection[str] = HIDDEN_AT_FIRST
) -> tuple[folium.FeatureGroup, folium.FeatureGroup]:
    """Open (and in progress) needs and closed needs as two layers of per-community counts.

    The layers named in ``hidden`` (keys of ``OVERLAYS``) start unticked in the layer control.
    """
    _ = gettext_for(lang)
    data = data or map_data(dataset, None, lang, layers=("open_needs", "closed_needs"))
    layers = []
    parts = (
        (_("Open needs"), "open", "open_needs", data.open_needs),
        (_("Closed needs"), "closed", "closed_needs", data.closed_needs),
    )
    for name, kind, key, payload in parts:
        group = folium.FeatureGroup(name=name, show=key not in hidden)
        NeedsPlaces(payload, name, kind=kind).add_to(group)
        layers.append(group)
    return layers[0], layers[1]


def hub_features(dataset: Dataset, lang: str) -> dict:
    _ = gettext_for(lang)
    hubs = dataset.hubs
    labelled = names(dataset.communities, lang)
    name_column = "name_uk" if lang == "uk" else "name_en"
    features = []
    for hub in hubs.itertuples(index=False):
        name = getattr(hub, name_column)
        serves = labelled["name"].get(hub.serves_pcode, "") if pd.notna(hub.serves_pcode) else ""
        where = labelled["name"].get(hub.pcode, "") if pd.notna(hub.pcode) else ""
        url = safe_url(hub.website)
        popup = table(
            [
                (_("Type"), _(HUB_TYPES[hub.hub_type][0])),
                (_("Community"), where),
                (_("Serves displaced people from"), serves),
                (_("Services"), hub.services),
                (_("Hours"), hub.hours),
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
        "services": _table_of(hubs["services"]),
        "hours": _table_of(hubs["hours"]),
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
    }


class HubMarkers(ScriptAsText, JSCSSMixin, Layer):
    """The hubs, each popup built in the browser when it opens; ``properties.hub`` is the row number."""

    default_js = folium.plugins.MarkerCluster.default_js
    default_css = folium.plugins.MarkerCluster.default_css

    _template = Template(
        """
        {% macro script(this, kwargs) %}{% if not this.quiet %}
            var {{ this.get_name() }} = hm.hubMarkers({{ this.payload }});
        {% endif %}{% endmacro %}
        """
    )

    def __init__(self, payload: str, name: str) -> None:
        super().__init__(name=name, overlay=True, control=False)
        self._name = "HubMarkers"
        self.payload = payload  # hub_payload as JSON text (geo.maps.shapes.json_text): safe in a <script>


def hubs_layer(dataset: Dataset, lang: str, payload: str = "") -> folium.FeatureGroup:
    """The hubs (``payload``: ``hub_payload`` as JSON text, when the caller has it already)."""
    _ = gettext_for(lang)
    group = folium.FeatureGroup(name=_("Hubs"))
    HubMarkers(payload or json_text(hub_payload(dataset, lang)), _("Hubs")).add_to(group)
    return group


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
    radius = np.round(np.maximum(3.0, MAX_IDP_RADIUS * np.sqrt(np.asarray(people, dtype=float) / top)), 1).tolist()
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
        "style": {"color": IDP_COLOUR, "weight": 1.2, "fillColor": IDP_COLOUR, "fillOpacity": 0.12},
        "locale": LOCALES.get(lang, "uk-UA"),
    }


class IdpCircles(ScriptAsText, Layer):
    """IDP counts as circles; tooltips and popups are put together in the browser."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}{% if not this.quiet %}
            var {{ this.get_name() }} = hm.idpCircles({{ this.payload }});
        {% endif %}{% endmacro %}
        """
    )

    def __init__(self, payload: str, name: str) -> None:
        super().__init__(name=name, overlay=True, control=False)
        self._name = "IdpCircles"
        self.payload = payload  # idp_payload as JSON text (geo.maps.shapes.json_text): safe in a <script>


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
    return group


# ---------------------------------------------------------------------------------------------
# The map


@dataclass(frozen=True)
class MapData:
    """The base map's data as JSON text: what takes the time of building a map, done once.

    A page caches it per data set, language and date (read-only text, shared), so that a visit
    only assembles the map around it. Layers not asked for are "".
    """

    places: str
    open_needs: str = ""
    closed_needs: str = ""
    hubs: str = ""
    idps: str = ""


def map_data(dataset: Dataset, metrics: pd.DataFrame | None, lang: str, layers: Collection[str] = OVERLAYS) -> MapData:
    """Everything ``base_map`` sends but the shapes, for the overlays in ``layers``."""
    needs = dataset.needs
    unmet = needs["status"].isin(list(OPEN_STATUSES)).fillna(False).to_numpy(dtype=bool)
    wanted = set(layers)

    def needs_text(part: pd.DataFrame, kind: str, key: str) -> str:
        return json_text({**needs_payload(part, dataset, lang), "kind": kind}) if key in wanted else ""

    if metrics is None and "idps" in wanted:
        metrics = community_metrics(dataset.communities, dataset.needs, dataset.hubs, dataset.idp_counts)
    return MapData(
        places=places_payload(dataset, lang),
        open_needs=needs_text(needs[unmet], "open", "open_needs"),
        closed_needs=needs_text(needs[~unmet], "closed", "closed_needs"),
        hubs=json_text(hub_payload(dataset, lang)) if "hubs" in wanted else "",
        idps=json_text(idp_payload(dataset, metrics, lang)) if "idps" in wanted else "",
    )


def blank_map(lang: str, attribution: str, tiles: bool = False, view: tuple[float, float, int] | None = None) -> folium.Map:
    """The frame every map of the app starts from: Ukraine (or ``view``: lat, lon, zoom), no CDN,
    our style sheet and attribution, and the pane that keeps communities below the markers.

    ``attribution`` is trusted app text; it is escaped anyway.
    """
    _ = gettext_for(lang)
    lat, lon, zoom = view or (*UKRAINE_CENTRE, 6)
    m = folium.Map(location=(lat, lon), zoom_start=zoom, tiles=None, control_scale=True)
    # Without a tile layer Leaflet has no zoom limits, and MarkerCluster refuses to start.
    m.options.update(min_zoom=4, max_zoom=18)
    if view is None:
        m.fit_bounds(UKRAINE_BOUNDS)  # whatever the window's size; a view given is kept as it is
    if tiles:
        folium.TileLayer("OpenStreetMap", name=_("Base map (OpenStreetMap, needs internet)"), control=False).add_to(m)
    BrowserCode().add_to(m)  # the hm.* functions every layer below calls
    StyleSheet(MAP_CSS + NEEDS_CSS).add_to(m)
    Attribution(esc(attribution)).add_to(m)
    folium.map.CustomPane(COMMUNITY_PANE, z_index=350, pointer_events=True).add_to(m)
    return m


def base_map(
    dataset: Dataset,
    metrics: pd.DataFrame,
    lang: str,
    attribution: str,
    tiles: bool = False,
    layers: Collection[str] = OVERLAYS,
    shapes: str | None = None,
    communities: bool = True,
    data: MapData | None = None,
    view: tuple[float, float, int] | None = None,
    hidden: Collection[str] = HIDDEN_AT_FIRST,
) -> folium.Map:
    """Everything but the metric's colours. ``attribution`` is trusted app text; it is escaped anyway.

    ``layers`` names the overlays to draw (keys of ``OVERLAYS``): forum tour stops choose theirs.
    ``shapes`` (from ``geo.maps.shapes.shapes_payload`` with ``marks=True``) and ``data`` (from
    ``map_data``) can be passed in when the caller caches them; ``communities=False`` leaves the
    community shapes out. ``view`` (lat, lon, zoom) opens the map there instead of on Ukraine;
    the overlays in ``hidden`` start unticked in the layer control.
    """
    _ = gettext_for(lang)
    unknown = set(layers) - set(OVERLAYS)
    if unknown:
        raise ValueError(f"unknown map layers: {sorted(unknown)}; known: {list(OVERLAYS)}")
    m = blank_map(lang, attribution, tiles, view)
    data = data or map_data(dataset, metrics, lang, layers)
    Places(data.places).add_to(m)  # first: the layers below name communities by position
    if communities:
        shapes = shapes if shapes is not None else shapes_payload(dataset, lang, marks=True)
        CommunityShapes(shapes, _("Communities")).add_to(m)
    if "open_needs" in layers or "closed_needs" in layers:
        open_needs, closed_needs = needs_layers(dataset, lang, data, hidden)
        for key, layer in (("open_needs", open_needs), ("closed_needs", closed_needs)):
            if key in layers:
                layer.add_to(m)
    if "hubs" in layers:
        hubs_layer(dataset, lang, data.hubs).add_to(m)
    if "idps" in layers:
        idp_layer(dataset, metrics, lang, data.idps).add_to(m)
    localize(m)
    return m


def build_map(dataset: Dataset, metric: str, lang: str, attribution: str, tiles: bool = False) -> folium.Map:
    """The whole map in one folium object, with its layer control (tests, standalone exports)."""
    metrics = community_metrics(dataset.communities, dataset.needs, dataset.hubs, dataset.idp_counts)
    m = base_map(dataset, metrics, lang, attribution, tiles)
    choropleth_layer(dataset, metrics, metric, lang).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    localize(m)
    return m
