"""Assemble the home page map: communities coloured by a metric, needs, hubs and IDP counts.

The map is built for a national registry (1,769 communities, 100,000 needs, 1,000 hubs) on a
phone over a weak link, so what it sends is data, not markup: the community shapes are encoded
compactly (``geo.maps.shapes``), and each overlay is a payload the browser draws (``needs_layer``,
``hub_layer``, ``idp_layer`` in ``geo.maps``). This module puts them together.

It is split in two so that Streamlit changes the metric without reloading it: ``base_map``
holds what does not depend on the metric (the shapes and the four overlays), and
``geo.maps.choropleth_layer`` returns a small feature group (the colours and the legend) that
streamlit-folium swaps in place (``feature_group_to_add``). ``build_map`` puts both together
for tests and exports; ``map_data`` is the overlays' data, for pages that cache it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import folium
import pandas as pd

from geo.figures.metrics import community_metrics
from geo.ingest.loaders import Dataset
from geo.maps.assets import localize
from geo.maps.choropleth_layer import choropleth_layer
from geo.maps.hub_layer import hub_payload, hubs_layer
from geo.maps.idp_layer import idp_layer, idp_payload
from geo.maps.legend import LegendEntry, MapLegend, needs_section, newest_record
from geo.maps.map_elements import MAP_CSS, Attribution, BrowserCode, NarrowScreen, StyleSheet
from geo.maps.need_places import NEEDS_CSS
from geo.maps.needs_layer import HIDDEN_AT_FIRST, needs_layers, needs_texts
from geo.maps.reference_layers import Reference, add_reference, reference_data
from geo.maps.shapes import COMMUNITY_PANE, CommunityShapes, Places, json_text, places_payload, shapes_payload
from geo.text.i18n import gettext_for
from geo.text.safe_html import esc

UKRAINE_CENTRE = (48.6, 31.3)
UKRAINE_BOUNDS = [[44.3, 22.1], [52.4, 40.2]]

# The overlays drawn above the communities, by key (tour stops in data/tour.yaml name them).
OVERLAYS = ("open_needs", "closed_needs", "hubs", "idps")


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
    wanted = set(layers)
    if metrics is None and "idps" in wanted:
        metrics = community_metrics(dataset.communities, dataset.needs, dataset.hubs, dataset.idp_counts)
    open_needs, closed_needs = needs_texts(dataset, lang, wanted)
    return MapData(
        places=places_payload(dataset, lang),
        open_needs=open_needs,
        closed_needs=closed_needs,
        hubs=json_text(hub_payload(dataset, lang)) if "hubs" in wanted else "",
        idps=json_text(idp_payload(dataset, metrics, lang)) if "idps" in wanted else "",
    )


def blank_map(
    lang: str,
    attribution: str,
    tiles: bool = False,
    view: tuple[float, float, int] | None = None,
    newest: dt.date | None = None,
) -> folium.Map:
    """The frame every map of the app starts from: Ukraine (or ``view``: lat, lon, zoom), no CDN,
    our style sheet and attribution, the legend (which names the source and ``newest``, the date
    of the newest record), and the pane that keeps communities below the markers.

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
    NarrowScreen(UKRAINE_BOUNDS if view is None else None).add_to(m)
    MapLegend(lang, attribution, newest).add_to(m)  # each layer adds its section (geo.maps.legend)
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
    reference: Reference | None = None,
    community_style: Mapping[str, object] | None = None,
) -> folium.Map:
    """Everything but the metric's colours. ``attribution`` is trusted app text; it is escaped anyway.

    ``layers`` names the overlays to draw (keys of ``OVERLAYS``): forum tour stops choose theirs.
    ``shapes`` (from ``geo.maps.shapes.shapes_payload`` with ``marks=True``) and ``data`` (from
    ``map_data``) can be passed in when the caller caches them; ``communities=False`` leaves the
    community shapes out. ``view`` (lat, lon, zoom) opens the map there instead of on Ukraine;
    the overlays in ``hidden`` start unticked in the layer control. ``reference`` (oblast and raion
    outlines, place names: ``geo.maps.reference_layers.reference_data``) can be passed in too.
    ``community_style`` (Leaflet path options) changes the look of the community polygons, e.g.
    their borders: they are drawn on a canvas, which no style sheet reaches (``CommunityShapes``).
    """
    _ = gettext_for(lang)
    unknown = set(layers) - set(OVERLAYS)
    if unknown:
        raise ValueError(f"unknown map layers: {sorted(unknown)}; known: {list(OVERLAYS)}")
    m = blank_map(lang, attribution, tiles, view, newest_record(dataset))
    data = data or map_data(dataset, metrics, lang, layers)
    Places(data.places).add_to(m)  # first: the layers below name communities by position
    if communities:
        shapes = shapes if shapes is not None else shapes_payload(dataset, lang, marks=True)
        CommunityShapes(shapes, _("Communities"), style=community_style).add_to(m)
    if "open_needs" in layers or "closed_needs" in layers:
        open_needs, closed_needs = needs_layers(dataset, lang, (data.open_needs, data.closed_needs), hidden)
        for key, layer in (("open_needs", open_needs), ("closed_needs", closed_needs)):
            if key in layers:
                LegendEntry(needs_section(key, key.split("_")[0], layer.layer_name, lang)).add_to(layer)
                layer.add_to(m)
    if "hubs" in layers:
        hubs_layer(dataset, lang, data.hubs).add_to(m)
    if "idps" in layers:
        idp_layer(dataset, metrics, lang, data.idps).add_to(m)
    if reference is None or reference.standalone == communities:  # runs along the shapes need the shapes
        shapes = shapes if shapes is not None else shapes_payload(dataset, lang, marks=True)
        reference = reference_data(dataset, shapes, lang, standalone=not communities)
    add_reference(m, reference, lang)  # above the communities, in every map's layer control
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
