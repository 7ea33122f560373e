"""The Needs page's map: a base that never changes, and small layers that follow the filters.

streamlit-folium remounts its map whenever the base map's script changes, and a remount costs
seconds with 1,767 communities. So the base (``needs_base_map``) depends only on the data and the
language: the community shapes (drawn once, registered by P-code in ``window.hmCommunities``)
and the hubs. What follows the filters goes through ``feature_group_to_add`` (``needs_layers``):

- the filtered needs, clustered, one marker per place with the number of needs there (in the
  public view a place is a community's centre, so 100,000 needs are at most 1,767 markers);
- a few lines of JavaScript that recolour the communities already on the map by the filtered
  open needs and update their tooltips, with the legend (kilobytes, not the shapes again);
- the point distances are measured from, when the list is sorted by distance.

A click on the map comes back as ``last_active_drawing`` (the clicked feature, with its P-code
or hub index) and ``last_object_clicked`` (where): ``parse_click`` turns that into a
``MapClick`` and ``after_click`` into new filters. All text from data is escaped here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

import folium
import folium.plugins
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps

from geo.assets import localize
from geo.choropleth import ZERO_COLOUR, classify
from geo.codes import normalize_code
from geo.contract import SECTORS, STATUSES
from geo.distance import Origin, point_text
from geo.filters import Filters
from geo.formatting import number
from geo.i18n import gettext_for
from geo.loaders import Dataset
from geo.map_builder import (
    BIND_TIP_AND_POPUP,
    COMMUNITY_PANE,
    UKRAINE_BOUNDS,
    UKRAINE_CENTRE,
    display_geometries,
    hub_features,
    names,
)
from geo.map_elements import MAP_CSS, Attribution, LegendLayer, StyleSheet
from geo.needs_view import PERSONAL_HEADERS
from geo.safe_html import esc

POPUP_ROWS = 5  # needs listed in a place's popup (the list beside the map has them all): keeps each rerun light
LOCALES = {"uk": "uk-UA", "en": "en-GB"}
COUNT_RAMP = "open_needs"  # the choropleth ramp (geo.choropleth.RAMPS) for filtered open needs
COMMUNITY_STYLE = {"fillColor": ZERO_COLOUR, "fillOpacity": 0.75, "color": "#555555", "weight": 0.6}

NEEDS_CSS = """
.hm-place { background: #d95f02; color: #fff; border: 2px solid #222; border-radius: 50%;
            box-sizing: border-box; display: flex; align-items: center; justify-content: center;
            font: 600 11px/1 sans-serif; }
.hm-cluster-needs { background-color: rgba(217,95,2,0.35); }
.hm-cluster-needs div { background-color: rgba(217,95,2,0.85); color: #fff; border: 2px solid #222; }
.hm-origin { width: 16px; height: 16px; background: #1f78b4; border: 3px solid #fff; border-radius: 50%;
             box-shadow: 0 0 0 2px #1f78b4; box-sizing: border-box; }
.hm-needs th, .hm-needs td { padding: 1px 8px 1px 0; vertical-align: top; }
.hm-needs td:first-child { white-space: nowrap; }
.hm-more { margin-top: 4px; color: #444; }
"""


# ---------------------------------------------------------------------------------------------
# The base: community shapes and hubs (the same on every rerun)


def community_shapes_json(dataset: Dataset, lang: str) -> str:
    """The communities as GeoJSON text for the base map: shape, P-code and an escaped tooltip.

    Serialised once (the page caches it per data set and language): folium would otherwise
    dump 1,767 polygons again on every rerun. The text is safe inside a ``<script>``.
    """
    labelled = names(dataset.communities, lang)
    geometries = display_geometries(dataset.communities.geometry)
    features = []
    for pcode, name, raion, geometry in zip(labelled.index, labelled["name"], labelled["raion"], geometries, strict=True):
        where = f"<br>{esc(raion)}" if pd.notna(raion) and raion else ""
        properties = {"pcode": esc(pcode), "tip": f"<b>{esc(name)}</b>{where}"}
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return str(htmlsafe_json_dumps({"type": "FeatureCollection", "features": features}))


class _ScriptText(Element):
    """Script text that goes into the page as it is: no template left to fill in."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class ScriptAsText:
    """For layers whose script carries data (up to a megabyte): render it once, as plain text.

    branca wraps every rendered script in ``Element(script)``, which compiles it again as a
    Jinja template: a third of a second per megabyte on every rerun, for text with nothing left
    to fill in. The layer's template renders nothing while ``quiet`` (so folium still adds its
    asset links and its ``addTo``), and the script goes into the page as ``_ScriptText`` in
    the place folium gives it. streamlit-folium reads the script from the macro itself
    (``generate_leaflet_string``), so it is not affected.
    """

    quiet = False

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        script = _ScriptText(self._template.module.script(self, kwargs))
        figure.script.add_child(script, name=self.get_name())  # its place: before the addTo added below
        self.quiet = True
        try:
            super().render(**kwargs)
        finally:
            self.quiet = False
        figure.script.add_child(script, name=self.get_name())  # back in its place (branca put "" there)


class CommunityShapes(ScriptAsText, Layer):
    """The community polygons, registered by P-code so that the filter layers can recolour them."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}{% if not this.quiet %}
            var {{ this.get_name() }} = L.geoJson({{ this.data }}, {
                pane: {{ this.pane|tojson }},
                style: function () { return {{ this.style|tojson }}; },
                onEachFeature: function (feature, layer) {
                    window.hmCommunities = window.hmCommunities || {};
                    window.hmCommunities[feature.properties.pcode] = layer;
                    layer.bindTooltip(feature.properties.tip, {sticky: true});
                }
            });
        {% endif %}{% endmacro %}
        """
    )

    def __init__(self, data: str, name: str) -> None:
        super().__init__(name=name, overlay=True, control=False)
        self._name = "CommunityShapes"
        self.data = data  # from community_shapes_json: already safe JSON text
        self.pane = COMMUNITY_PANE
        self.style = COMMUNITY_STYLE


def hubs_layer(dataset: Dataset, lang: str) -> folium.FeatureGroup:
    """The hubs, as on the home map, each carrying its row number so that a click can pick it."""
    _ = gettext_for(lang)
    features = hub_features(dataset, lang)
    for index, feature in enumerate(features["features"]):
        feature["properties"]["hub"] = index
    group = folium.FeatureGroup(name=_("Hubs"))
    folium.GeoJson(
        features,
        control=False,
        marker=folium.Marker(icon=folium.DivIcon(class_name="hm-hub", icon_size=(14, 14))),
        on_each_feature=BIND_TIP_AND_POPUP,
    ).add_to(group)
    return group


def needs_base_map(dataset: Dataset, lang: str, attribution: str, shapes: str, tiles: bool = False) -> folium.Map:
    """The part of the Needs map that does not change with the filters.

    ``shapes`` comes from ``community_shapes_json``; ``attribution`` is trusted app text (escaped anyway).
    """
    _ = gettext_for(lang)
    m = folium.Map(location=UKRAINE_CENTRE, zoom_start=6, tiles=None, control_scale=True)
    m.options.update(min_zoom=4, max_zoom=18)  # MarkerCluster needs zoom limits, which tiles would give
    m.fit_bounds(UKRAINE_BOUNDS)
    if tiles:
        folium.TileLayer("OpenStreetMap", name=_("Base map (OpenStreetMap, needs internet)"), control=False).add_to(m)
    StyleSheet(MAP_CSS + NEEDS_CSS).add_to(m)
    Attribution(esc(attribution)).add_to(m)
    folium.map.CustomPane(COMMUNITY_PANE, z_index=350, pointer_events=True).add_to(m)
    CommunityShapes(shapes, _("Communities")).add_to(m)
    hubs_layer(dataset, lang).add_to(m)
    localize(m)
    return m


# ---------------------------------------------------------------------------------------------
# The layers that follow the filters


# The characters geo.safe_html.esc changes; text without any of them (most need ids) is left as it is.
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


def place_payload(needs: pd.DataFrame, dataset: Dataset, lang: str, internal: bool) -> dict:
    """The filtered needs grouped by where the map draws them, for ``NeedsPlaces``.

    One entry per place: where, the community's name, how many needs and people, and the first
    ``POPUP_ROWS`` needs in the list's order (escaped), which the browser turns into a popup.
    ``needs`` comes from ``geo.needs_view.ordered``.
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
        "more": esc(_("… and {count} more in the list beside the map.")),
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
    top = grouped.head(POPUP_ROWS)
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
    rows: list[list] = [[] for _group in range(len(summary))]
    for group, row in zip(group_of.tolist(), zip(*columns, strict=True), strict=True):
        rows[group].append(list(row))
    place_names = names(dataset.communities, lang)["name"].to_dict()
    return {
        "lat": [round(float(v), 5) for v in summary.index.get_level_values(0)],
        "lon": [round(float(v), 5) for v in summary.index.get_level_values(1)],
        "place": [esc(place_names.get(p, "")) for p in summary["pcode"]],
        "count": summary["count"].astype(int).tolist(),
        "people": summary["people"].fillna(0).astype(int).tolist(),
        "rows": rows,
        "labels": labels,
        "locale": LOCALES.get(lang, "uk-UA"),
    }


class NeedsPlaces(ScriptAsText, JSCSSMixin, Layer):
    """The filtered needs, clustered, one marker per place; clusters add up the needs they hold."""

    default_js = folium.plugins.MarkerCluster.default_js
    default_css = folium.plugins.MarkerCluster.default_css

    _template = Template(
        """
        {% macro script(this, kwargs) %}{% if not this.quiet %}
            var {{ this.get_name() }} = (function () {
                var d = {{ this.payload }};
                var t = d.labels;
                function fmt(n) { return Number(n).toLocaleString(d.locale); }
                function popup(i) {
                    var rows = d.rows[i];
                    var html = "<b>" + d.place[i] + "</b><br>" + t.needs + ": " + fmt(d.count[i])
                        + " · " + t.people + ": " + fmt(d.people[i]);
                    html += '<table class="hm-table hm-needs"><tr><th>' + t.need + "</th><th>" + t.sector
                        + "</th><th>" + t.status + "</th><th>" + t.days + "</th><th>" + t.people + "</th><th>"
                        + t.provider + "</th><th>" + t.verified + "</th>";
                    for (var p = 0; p < t.personal.length; p++) { html += "<th>" + t.personal[p] + "</th>"; }
                    html += "</tr>";
                    for (var r = 0; r < rows.length; r++) {
                        var row = rows[r];
                        var cells = [row[0], t.sectors[row[1]], t.statuses[row[2]],
                                     row[3] === null ? "" : fmt(row[3]), row[5] === null ? "" : fmt(row[5]),
                                     row[4], row[6] ? t.yes : t.no].concat(row.slice(7));
                        html += "<tr><td>" + cells.join("</td><td>") + "</td></tr>";
                    }
                    html += "</table>";
                    if (d.count[i] > rows.length) {
                        var more = t.more.replace("{count}", fmt(d.count[i] - rows.length));
                        html += '<div class="hm-more">' + more + "</div>";
                    }
                    return html;
                }
                var group = L.markerClusterGroup({
                    showCoverageOnHover: false,
                    maxClusterRadius: 45,
                    iconCreateFunction: function (cluster) {
                        var n = 0, children = cluster.getAllChildMarkers();
                        for (var k = 0; k < children.length; k++) { n += children[k].options.hmCount; }
                        var size = n < 100 ? 34 : (n < 10000 ? 42 : 50);
                        return L.divIcon({html: "<div><span>" + fmt(n) + "</span></div>",
                                          className: "marker-cluster hm-cluster hm-cluster-needs",
                                          iconSize: new L.Point(size, size)});
                    }
                });
                var markers = [];
                for (var i = 0; i < d.lat.length; i++) {
                    var icon = L.divIcon({className: "hm-place", html: "<span>" + fmt(d.count[i]) + "</span>",
                                          iconSize: [28, 28]});
                    var marker = L.marker([d.lat[i], d.lon[i]], {icon: icon, hmCount: d.count[i], keyboard: false});
                    marker.bindPopup(popup.bind(null, i), {maxWidth: 520});
                    markers.push(marker);
                }
                group.addLayers(markers);
                return group;
            })();
        {% endif %}{% endmacro %}
        """
    )

    def __init__(self, payload: dict, name: str) -> None:
        super().__init__(name=name, overlay=True, control=False)
        self._name = "NeedsPlaces"
        self.payload = str(htmlsafe_json_dumps(payload))


class Recolour(MacroElement):
    """Recolour the communities already on the map and update their tooltips (no shapes resent)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function () {
                var colours = {{ this.colours|tojson }};
                var counts = {{ this.counts|tojson }};
                var label = {{ this.label|tojson }};
                var layers = window.hmCommunities || {};
                for (var pcode in layers) {
                    var layer = layers[pcode];
                    layer.setStyle({fillColor: colours[pcode] || {{ this.zero|tojson }}});
                    layer.setTooltipContent(layer.feature.properties.tip + "<br>" + label + ": "
                        + (pcode in counts ? counts[pcode] : counts[""]));
                }
            })();
        {% endmacro %}
        """
    )

    def __init__(self, colours: dict[str, str], counts: dict[str, str], label: str) -> None:
        super().__init__()
        self._name = "Recolour"
        self.colours = colours
        self.counts = counts
        self.label = label  # escaped
        self.zero = ZERO_COLOUR


def count_legend_html(counts: pd.Series, lang: str) -> str:
    """The legend for communities coloured by filtered open needs (escaped)."""
    _ = gettext_for(lang)
    classes = classify(counts, COUNT_RAMP)
    rows = [f'<div><i style="background:{ZERO_COLOUR}"></i>{esc(number(0, lang))}</div>']
    for low, high, colour in classes.ranges():
        start, end = number(low + 1, lang), number(high, lang)
        text = f"{start} – {end}" if start != end else end
        rows.append(f'<div><i style="background:{colour}"></i>{esc(text)}</div>')
    title, unit = _("Open needs matching the filters"), _("needs (open or in progress)")
    return f'<div class="hm-title">{esc(title)}</div><div class="hm-unit">{esc(unit)}</div>' + "".join(rows)


def needs_layers(
    needs: pd.DataFrame,
    counts: pd.Series,
    dataset: Dataset,
    lang: str,
    internal: bool,
    origin: Origin | None = None,
) -> list[folium.FeatureGroup]:
    """The layers that follow the filters, for ``st_folium(feature_group_to_add=...)``.

    Parameters
    ----------
    needs
        The filtered needs in the list's order (``geo.needs_view.ordered``).
    counts
        Filtered open needs per P-code (``geo.needs_view.open_counts``): the communities' colours.
    origin
        Where distances are measured from, drawn as a point; None when the list is not sorted by distance.
    """
    _ = gettext_for(lang)
    places = folium.FeatureGroup(name=_("Needs matching the filters"))
    NeedsPlaces(place_payload(needs, dataset, lang, internal), _("Needs matching the filters")).add_to(places)

    colours = folium.FeatureGroup(name=_("Open needs matching the filters"), control=False)
    classes = classify(counts, COUNT_RAMP)
    coloured = {str(p): classes.colour(float(n)) for p, n in counts.items() if n > 0}
    shown = {str(p): esc(number(n, lang)) for p, n in counts.items() if n > 0}
    shown[""] = esc(number(0, lang))
    Recolour(coloured, shown, esc(_("Open needs matching the filters"))).add_to(colours)
    LegendLayer(count_legend_html(counts, lang)).add_to(colours)

    groups = [places, colours]
    if origin is not None:
        mark = folium.FeatureGroup(name=_("Distances measured from here"), control=False)
        folium.Marker(
            [origin.lat, origin.lon],
            icon=folium.DivIcon(class_name="hm-origin", icon_size=(16, 16)),
            tooltip=esc(_("Distances measured from here")),
        ).add_to(mark)
        groups.append(mark)
    for group in groups:
        localize(group)
    return groups


# ---------------------------------------------------------------------------------------------
# Clicks

RETURNED_OBJECTS = ["last_object_clicked", "last_active_drawing"]
POLYGONS = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class MapClick:
    """A click on the map: where, and the community (P-code) or hub (row number) it hit, if any."""

    lat: float
    lon: float
    pcode: str | None = None
    hub: int | None = None


def parse_click(value: object) -> MapClick | None:
    """What ``st_folium`` returned, as a ``MapClick``; None before any click or for anything unexpected."""
    if not isinstance(value, Mapping):
        return None
    where = value.get("last_object_clicked")
    if not isinstance(where, Mapping):
        return None
    try:
        lat, lon = float(where["lat"]), float(where["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    drawing = value.get("last_active_drawing")
    drawing = drawing if isinstance(drawing, Mapping) else {}
    geometry = drawing.get("geometry") if isinstance(drawing.get("geometry"), Mapping) else {}
    properties = drawing.get("properties") if isinstance(drawing.get("properties"), Mapping) else {}
    kind = geometry.get("type")
    pcode = normalize_code(properties.get("pcode")) if kind in POLYGONS else None
    hub = properties.get("hub")
    hub = hub if kind == "Point" and isinstance(hub, int) and not isinstance(hub, bool) else None
    return MapClick(lat, lon, pcode, hub)


def _narrow(filters: Filters, click: MapClick, hubs: pd.DataFrame) -> Filters:
    return replace(filters, community=(click.pcode,)) if click.pcode else filters


def _measure(filters: Filters, click: MapClick, hubs: pd.DataFrame) -> Filters:
    if click.hub is not None and 0 <= click.hub < len(hubs):
        return replace(filters, near=str(hubs["hub_id"].iloc[click.hub]))
    return replace(filters, near=point_text(click.lat, click.lon))


# What a click does, by the page's click mode.
CLICK_ACTIONS = {"community": _narrow, "distance": _measure}


def after_click(filters: Filters, click: MapClick, mode: str, hubs: pd.DataFrame) -> Filters:
    """The filters after a click: narrowed to the clicked community, or measuring from the click."""
    return CLICK_ACTIONS[mode](filters, click, hubs)
