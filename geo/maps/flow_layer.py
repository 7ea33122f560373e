"""Draw a community's IDP flows: arcs from origin to host, as wide as the people they carry.

Only Leaflet's core is used (GeoJSON lines and circle markers), so the flows draw offline with
the vendored Leaflet: no CDN plugin such as AntPath. Arcs are quadratic curves sampled into a
line, so that flows from one origin to hosts in the same direction do not lie on top of each
other; every arc bends to the same side of its direction, which tells origin from host at a
glance. Widths are proportional to people (the largest flow of the layer is ``MAX_WEIGHT``
pixels wide); ``geo.figures.flows.flows`` has already cut a community's flows to the largest few.

Every text from data is escaped (geo.text.safe_html) before it becomes HTML. The circles at each end
carry their community's P-code, hidden, in their tooltip (geo.maps.map_click), so that clicking one
opens that community's page.
"""

from __future__ import annotations

import math
from dataclasses import replace

import folium
import numpy as np
import pandas as pd
import shapely

from geo.figures.flows import COMMUNITY, IN, OUT, flow_total, flows
from geo.figures.place_names import names
from geo.ingest.loaders import Dataset
from geo.maps.assets import localize
from geo.maps.hub_layer import hub_features
from geo.maps.legend import LegendEntry, MapLegend, lines_section, newest_record, reference_values
from geo.maps.map_click import pcode_mark
from geo.maps.map_elements import BIND_TIP_AND_POPUP, Attribution, BrowserCode, StyleSheet
from geo.maps.reference_layers import Reference, add_reference, reference_data
from geo.maps.shapes import shapes_payload
from geo.text.formatting import date, number
from geo.text.i18n import gettext_for
from geo.text.safe_html import esc, table

FLOW_COLOURS = {OUT: "#54278f", IN: "#1f78b4"}  # out: the IDP purple of the main map; in: blue
FOCUS_COLOUR = "#08306b"
MAX_WEIGHT = 14.0  # pixels, the largest flow of a layer
MIN_WEIGHT = 1.5
MAX_END_RADIUS = 12.0
ARC_BEND = 0.18  # the control point's distance from the chord's middle, as a share of the chord
ARC_POINTS = 24


def arc(start: tuple[float, float], end: tuple[float, float], bend: float = ARC_BEND, points: int = ARC_POINTS) -> list:
    """GeoJSON coordinates ([lon, lat], ...) of a gentle curve from ``start`` to ``end`` (lat, lon).

    Worked out in a plane where a degree of longitude is shortened by the cosine of the latitude,
    so that the curve looks the same in every direction on the map.
    """
    (lat0, lon0), (lat1, lon1) = start, end
    scale = math.cos(math.radians((lat0 + lat1) / 2)) or 1.0
    x0, y0, x1, y1 = lon0 * scale, lat0, lon1 * scale, lat1
    dx, dy = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2 - dy * bend, (y0 + y1) / 2 + dx * bend  # to the left of the direction
    t = np.linspace(0.0, 1.0, points)
    xs = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1
    ys = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1
    return [[round(float(x / scale), 5), round(float(y), 5)] for x, y in zip(xs, ys, strict=True)]


def flow_weight(people: float, largest: float) -> float:
    """Line width in pixels: proportional to people, never thinner than ``MIN_WEIGHT``."""
    if largest <= 0:
        return MIN_WEIGHT
    return round(max(MIN_WEIGHT, MAX_WEIGHT * float(people) / float(largest)), 1)


def end_radius(people: float, largest: float) -> float:
    """Circle radius in pixels at a flow's far end: area proportional to people."""
    if largest <= 0:
        return 4.0
    return round(max(4.0, MAX_END_RADIUS * math.sqrt(float(people) / float(largest))), 1)


def _centres(dataset: Dataset) -> pd.DataFrame:
    return dataset.communities.set_index("pcode")[["center_lat", "center_lon"]]


def flow_features(
    dataset: Dataset, pcode: str, direction: str, lang: str, top: int | None, largest: float | None = None
) -> tuple[dict, dict]:
    """(lines, ends): GeoJSON of the arcs and of the circles at their far ends, escaped and styled.

    ``largest``: the flow drawn ``MAX_WEIGHT`` wide (``flow_layer`` gives both directions one scale,
    which its legend shows); by default the largest of this direction.
    """
    _ = gettext_for(lang)
    table_ = flows(dataset.idp_counts, pcode, direction, top)
    drawn = table_[table_["kind"] == COMMUNITY]
    labelled = names(dataset.communities, lang)
    centres = _centres(dataset)
    here = labelled.loc[pcode, "name"]
    colour = FLOW_COLOURS[direction]
    if largest is None:
        largest = float(drawn["people"].max()) if not drawn.empty else 0.0
    people_label = _("Displaced people")
    households_label = _("Households")
    count_label = _("Counted on")
    lines, ends = [], []
    for row in drawn.itertuples(index=False):
        there = labelled.loc[row.pcode, "name"]
        origin, host = (pcode, row.pcode) if direction == OUT else (row.pcode, pcode)
        origin_name, host_name = (here, there) if direction == OUT else (there, here)
        start = tuple(centres.loc[origin])
        end = tuple(centres.loc[host])
        people = number(row.people, lang)
        title = f"{esc(origin_name)} → {esc(host_name)}"
        tip = f"<b>{title}</b><br>{esc(people_label)}: {esc(people)}"
        lines.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": arc(start, end)},
                "properties": {
                    "tip": tip,
                    "style": {
                        "color": colour,
                        "weight": flow_weight(row.people, largest),
                        "opacity": 0.7,
                        "lineCap": "round",
                    },
                },
            }
        )
        popup = f"<b>{title}</b>" + table(
            [
                (_("Oblast"), labelled.loc[row.pcode, "oblast"]),
                (people_label, people),
                (households_label, number(row.households, lang)),
                (count_label, date(row.as_of)),
            ]
        )
        there_tip = f"<b>{esc(there)}</b><br>{title}: {esc(people)}"
        ends.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [
                        float(centres.loc[row.pcode, "center_lon"]),
                        float(centres.loc[row.pcode, "center_lat"]),
                    ],
                },
                "properties": {
                    "pcode": esc(row.pcode),
                    "tip": there_tip + pcode_mark(row.pcode),
                    "popup": popup,
                    "style": {"radius": end_radius(row.people, largest), "color": colour, "fillColor": colour},
                },
            }
        )
    return (
        {"type": "FeatureCollection", "features": lines},
        {"type": "FeatureCollection", "features": ends},
    )


def serving_hubs(dataset: Dataset, pcode: str, direction: str) -> pd.DataFrame:
    """The hubs that serve the flows: for an origin, the hubs anywhere that serve its people; for a
    host, the hubs that stand in it."""
    hubs = dataset.hubs
    mask = hubs["serves_pcode"] == pcode if direction == OUT else hubs["pcode"] == pcode
    return hubs[mask.fillna(False)]


def flow_layer(
    dataset: Dataset,
    pcode: str,
    lang: str,
    directions: tuple[str, ...] = (OUT, IN),
    top: int | None = 15,
    hub_popups: bool = True,
) -> folium.FeatureGroup:
    """One layer with a community's flows (out, in, or both), its own marker and the hubs that serve them.

    ``hub_popups`` draws the hubs as markers with their popups (a map of its own); on the main
    map, whose hubs layer already has them, the serving hubs get a ring that lets clicks through.
    """
    _ = gettext_for(lang)
    labelled = names(dataset.communities, lang)
    name = labelled.loc[pcode, "name"]
    title = _("IDP flows: {community}").format(community=name)
    # Leaflet's layer control writes a layer's name as HTML: a community's name is data, so escaped.
    group = folium.FeatureGroup(name=esc(title), overlay=True)
    largest = largest_flow(dataset, pcode, directions, top)  # one scale for both directions
    drawn = []
    for direction in directions:
        lines, ends = flow_features(dataset, pcode, direction, lang, top, largest)
        if not lines["features"]:
            continue
        folium.GeoJson(lines, control=False, on_each_feature=BIND_TIP_AND_POPUP).add_to(group)
        folium.GeoJson(
            ends,
            control=False,
            marker=folium.CircleMarker(radius=6, weight=1.5, fill=True, fill_opacity=0.35),
            on_each_feature=BIND_TIP_AND_POPUP,
        ).add_to(group)
        drawn.append(direction)
    hubs = _hubs(dataset, pcode, directions, lang, hub_popups)
    hubs.add_to(group)
    _focus(dataset, pcode, lang).add_to(group)
    if drawn:
        ringed = not hub_popups and bool(hubs.data["features"])
        LegendEntry(flow_legend(title, drawn, largest, ringed, lang)).add_to(group)
    return group


def largest_flow(dataset: Dataset, pcode: str, directions: tuple[str, ...], top: int | None) -> float:
    """People in the largest flow drawn, in any of ``directions`` (0 without flows)."""
    largest = 0.0
    for direction in directions:
        table_ = flows(dataset.idp_counts, pcode, direction, top)
        drawn = table_.loc[table_["kind"] == COMMUNITY, "people"]
        if not drawn.empty:
            largest = max(largest, float(drawn.max()))
    return largest


def flow_legend(title: str, directions: list[str], largest: float, ringed: bool, lang: str) -> dict:
    """The flows' legend section: a colour per direction drawn, reference widths, the ring round serving hubs."""
    _ = gettext_for(lang)
    labels = {OUT: _("Residents displaced elsewhere"), IN: _("IDPs hosted")}
    colours = [(FLOW_COLOURS[d], esc(labels[d])) for d in directions]
    # Widths grow with people (not their square root, as circles do): a half and a quarter read well.
    values = [v for v in reference_values(largest, (1, 1 / 2, 1 / 4)) if flow_weight(v, largest) > MIN_WEIGHT]
    rings = [({"color": FOCUS_COLOUR, "weight": 2.5}, esc(_("hubs that serve these people")))] if ringed else []
    unit = _("line width: displaced people")
    return lines_section("flows", title, unit, colours, values, lambda v: flow_weight(v, largest), lang, rings)


def _hubs(dataset: Dataset, pcode: str, directions: tuple[str, ...], lang: str, popups: bool) -> folium.GeoJson:
    chosen = pd.concat([serving_hubs(dataset, pcode, d) for d in directions]).drop_duplicates("hub_id")
    features = hub_features(replace(dataset, hubs=chosen), lang)
    if popups:
        return folium.GeoJson(
            features,
            control=False,
            marker=folium.Marker(icon=folium.DivIcon(class_name="hm-hub", icon_size=(14, 14))),
            on_each_feature=BIND_TIP_AND_POPUP,
        )
    rings = {"type": "FeatureCollection", "features": [{**f, "properties": {}} for f in features["features"]]}
    ring = folium.CircleMarker(radius=11, color=FOCUS_COLOUR, weight=2.5, fill=False)
    ring.options["interactive"] = False  # clicks go through to the hub's own marker and popup
    return folium.GeoJson(rings, control=False, marker=ring)


def _focus(dataset: Dataset, pcode: str, lang: str) -> folium.GeoJson:
    """The community itself: a ring at its centre, with its figures in the tooltip."""
    _ = gettext_for(lang)
    centre = _centres(dataset).loc[pcode]
    out_total = flow_total(flows(dataset.idp_counts, pcode, OUT, None))
    in_total = flow_total(flows(dataset.idp_counts, pcode, IN, None))
    lines = [f"<b>{esc(names(dataset.communities, lang).loc[pcode, 'name'])}</b>"]
    if out_total:
        lines.append(f"{esc(_('Residents displaced elsewhere'))}: {esc(number(out_total, lang))}")
    if in_total:
        lines.append(f"{esc(_('IDPs hosted'))}: {esc(number(in_total, lang))}")
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(centre["center_lon"]), float(centre["center_lat"])]},
        "properties": {"pcode": esc(pcode), "tip": "<br>".join(lines) + pcode_mark(pcode)},
    }
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": [feature]},
        control=False,
        marker=folium.CircleMarker(radius=9, color=FOCUS_COLOUR, weight=3, fill_color="#ffffff", fill_opacity=0.9),
        on_each_feature=BIND_TIP_AND_POPUP,
    )


# ---------------------------------------------------------------------------------------------
# A map of its own, for the Community page


def flow_bounds(dataset: Dataset, pcode: str, directions: tuple[str, ...], top: int | None) -> list[list[float]]:
    """[[south, west], [north, east]] around the community and every community its flows reach."""
    ends = [pcode]
    for direction in directions:
        table_ = flows(dataset.idp_counts, pcode, direction, top)
        ends += table_.loc[table_["kind"] == COMMUNITY, "pcode"].tolist()
    centres = _centres(dataset).loc[ends]
    south, north = float(centres["center_lat"].min()), float(centres["center_lat"].max())
    west, east = float(centres["center_lon"].min()), float(centres["center_lon"].max())
    pad = 0.3  # degrees, so that the circles at the edges are not cut
    return [[south - pad, west - pad], [north + pad, east + pad]]


def flow_map(
    dataset: Dataset,
    pcode: str,
    lang: str,
    directions: tuple[str, ...],
    attribution: str,
    reference: Reference | None = None,
    top: int | None = 15,
) -> folium.Map:
    """A map of one community's flows over the land, oblast and raion outlines and place names, offline,
    fitted to the flows.

    ``reference``: ``geo.maps.reference_layers.reference_data(..., standalone=True)`` when the caller
    caches it (this map draws no community shapes: the outlines come as lines of their own).
    """
    m = folium.Map(location=(48.6, 31.3), zoom_start=6, tiles=None, control_scale=True)
    m.options.update(min_zoom=4, max_zoom=14)
    BrowserCode().add_to(m)  # hm.bindTipAndPopup for the flows' tooltips and popups
    StyleSheet().add_to(m)
    Attribution(esc(attribution)).add_to(m)
    MapLegend(lang, attribution, newest_record(dataset)).add_to(m)  # the flows' widths, and where the figures come from
    if reference is None or not reference.standalone:
        reference = reference_data(dataset, shapes_payload(dataset), lang, standalone=True)
    add_reference(m, reference, lang)  # the land, the outlines and the names, as on every map
    shape = dataset.communities.loc[dataset.communities["pcode"] == pcode, "geometry"]
    folium.GeoJson(
        shapely.geometry.mapping(shape.iloc[0]),
        control=False,
        interactive=False,
        style_function=lambda _f: {"color": FOCUS_COLOUR, "weight": 1.5, "fillColor": FOCUS_COLOUR, "fillOpacity": 0.25},
    ).add_to(m)
    flow_layer(dataset, pcode, lang, directions, top, hub_popups=True).add_to(m)
    m.fit_bounds(flow_bounds(dataset, pcode, directions, top))
    localize(m)
    return m
