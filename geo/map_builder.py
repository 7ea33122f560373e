"""Build the home page map: communities coloured by a metric, needs, hubs and IDP counts.

The map is split in two so that Streamlit can change the metric without reloading it:
``base_map`` holds what does not depend on the metric (the four overlays), and
``choropleth_layer`` returns a feature group that streamlit-folium swaps in place
(``feature_group_to_add``). ``build_map`` puts both together for tests and exports.

All text from data is escaped here (geo.safe_html) before it becomes HTML; needs are placed at
their community's centre, never at a household's coordinates.
"""

from __future__ import annotations

import json
from collections.abc import Collection

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.utilities import JsCode

from geo.assets import localize
from geo.choropleth import NO_DATA_COLOUR, ZERO_COLOUR, classify
from geo.contract import HUB_TYPES, OPEN_STATUSES, SECTORS, STATUSES, VULNERABLE_GROUPS
from geo.formatting import date, number, percent
from geo.i18n import gettext_for
from geo.loaders import Dataset
from geo.map_elements import Attribution, LegendLayer, StyleSheet
from geo.metrics import COUNT_METRICS, METRICS, community_metrics
from geo.safe_html import esc, safe_url, table

UKRAINE_CENTRE = (48.6, 31.3)
UKRAINE_BOUNDS = [[44.3, 22.1], [52.4, 40.2]]
COMMUNITY_PANE = "communities"  # below the overlay pane, so circles and markers stay clickable
IDP_COLOUR = "#54278f"
MAX_IDP_RADIUS = 28

BIND_TIP_AND_POPUP = JsCode(
    """
    function (feature, layer) {
        var p = feature.properties;
        if (p.tip) { layer.bindTooltip(p.tip, {sticky: true}); }
        if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 360}); }
    }
    """
)


# The overlays drawn above the communities, by key (tour stops in data/tour.yaml name them).
OVERLAYS = ("open_needs", "closed_needs", "hubs", "idps")

def names(communities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Name, raion and oblast of each community in the user's language, by P-code."""
    uk = lang == "uk"
    return pd.DataFrame(
        {
            "name": communities["name_uk" if uk else "name_en"].to_numpy(),
            "raion": communities["raion_uk" if uk else "raion"].to_numpy(),
            "oblast": communities["oblast_uk" if uk else "oblast"].to_numpy(),
        },
        index=pd.Index(communities["pcode"], name="pcode"),
    )


def metric_text(metric: str, value: object, lang: str) -> str:
    if metric == "share_closed":
        return percent(value, lang)
    return number(value, lang, digits=1 if metric == "idps_per_1000" else 0)


# ---------------------------------------------------------------------------------------------
# Communities (the part that changes with the metric)


def display_geometries(geometry: gpd.GeoSeries, tolerance: float = 0.001) -> list[dict]:
    """Boundaries light enough for a browser: the coverage simplified as a whole (so neighbours
    keep their shared border, with no slivers or gaps) to about 100 m, on a 10 m grid."""
    shapes = shapely.coverage_simplify(geometry.to_numpy(), tolerance)
    shapes = shapely.set_precision(shapes, 1e-4)
    return [json.loads(text) for text in shapely.to_geojson(shapes)]


def community_popups(dataset: Dataset, metrics: pd.DataFrame, lang: str) -> dict[str, str]:
    """Each community's popup: its place and all its figures (escaped). The same for every metric."""
    _ = gettext_for(lang)
    labels = [
        _("Raion"),
        _("Oblast"),
        _("P-code"),
        _("Open needs"),
        _("In progress"),
        _("Closed needs"),
        _("Share of needs closed"),
        _("IDPs hosted"),
        _("IDPs per 1,000 residents"),
        _("Population"),
        _("Hubs"),
    ]
    records = names(dataset.communities, lang).join(metrics)
    popups = {}
    for pcode, row in zip(records.index, records.itertuples(index=False), strict=True):
        values = [
            row.raion,
            row.oblast,
            pcode,
            number(row.open_needs, lang),
            number(row.needs_in_progress, lang),
            number(row.needs_closed, lang),
            percent(row.share_closed, lang),
            number(row.idps_hosted, lang),
            number(row.idps_per_1000, lang, 1),
            number(row.population, lang),
            number(row.hubs, lang),
        ]
        popups[pcode] = table(zip(labels, values, strict=True), title=row.name)
    return popups


def community_features(
    dataset: Dataset, metrics: pd.DataFrame, metric: str, lang: str, popups: dict[str, str] | None = None
) -> dict:
    """GeoJSON of the communities with a fill colour, an escaped tooltip and popup per feature.

    ``popups`` (from ``community_popups``) can be passed in, since they do not change with the metric.
    """
    _ = gettext_for(lang)
    popups = popups if popups is not None else community_popups(dataset, metrics, lang)
    classes = classify(metrics[metric], metric)
    label = esc(_(METRICS[metric][0]))
    no_data = esc(_("no data"))
    labelled = names(dataset.communities, lang)
    values = metrics[metric].reindex(labelled.index)
    geometries = display_geometries(dataset.communities.geometry)
    features = []
    for pcode, name, value, geometry in zip(labelled.index, labelled["name"], values, geometries, strict=True):
        shown = esc(metric_text(metric, value, lang)) or no_data
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "pcode": esc(pcode),
                    "tip": f"<b>{esc(name)}</b><br>{label}: {shown}",
                    "popup": popups[pcode],
                    "style": {"fillColor": classes.colour(value), "fillOpacity": 0.75, "color": "#555555", "weight": 0.6},
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


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


def choropleth_layer(
    dataset: Dataset, metrics: pd.DataFrame, metric: str, lang: str, features: dict | None = None
) -> folium.FeatureGroup:
    """The communities coloured by ``metric``, with their legend, as one swappable layer.

    ``features`` (from ``community_features``) can be passed in when the caller caches them.
    """
    _ = gettext_for(lang)
    group = folium.FeatureGroup(name=_("Communities: {metric}").format(metric=_(METRICS[metric][0])), overlay=True)
    folium.GeoJson(
        features if features is not None else community_features(dataset, metrics, metric, lang),
        name=_("Communities"),
        control=False,
        on_each_feature=BIND_TIP_AND_POPUP,
        pane=COMMUNITY_PANE,
    ).add_to(group)
    LegendLayer(legend_html(metrics, metric, lang)).add_to(group)
    return group


# ---------------------------------------------------------------------------------------------
# Needs, hubs and IDP counts (the part that does not change with the metric)

# FastMarkerCluster wraps this expression as ``var callback = <expression>;``.
NEED_MARKER_JS = """
(function () {
    var labels = %(labels)s;
    function popup(row) {
        var cells = [
            [labels.need, row[2]], [labels.community, labels.communities[row[3]]],
            [labels.sector, labels.sectors[row[4]]], [labels.status, labels.statuses[row[5]]],
            [labels.verified, row[6] ? labels.yes : labels.no], [labels.reported, row[7]],
            [labels.closed, row[8]], [labels.provider, row[9] || labels.none],
            [labels.people, row[10]], [labels.groups, row[11]]
        ];
        var html = '<table class="hm-table">';
        for (var i = 0; i < cells.length; i++) {
            if (cells[i][1] !== "" && cells[i][1] !== null) {
                html += "<tr><th>" + cells[i][0] + "</th><td>" + cells[i][1] + "</td></tr>";
            }
        }
        return html + "</table>";
    }
    return function (row) {
        var icon = L.divIcon({className: "hm-need hm-need-" + labels.status_keys[row[5]], iconSize: [12, 12]});
        var marker = L.marker(new L.LatLng(row[0], row[1]), {icon: icon, keyboard: false});
        marker.bindPopup(function () { return popup(row); });
        return marker;
    };
})()
"""

CLUSTER_ICON_JS = """
function (cluster) {
    var n = cluster.getChildCount();
    var size = n < 10 ? 30 : (n < 100 ? 36 : 44);
    return L.divIcon({
        html: "<div><span>" + n + "</span></div>",
        className: "marker-cluster hm-cluster hm-cluster-%s",
        iconSize: new L.Point(size, size)
    });
}
"""


def need_rows(dataset: Dataset, lang: str) -> tuple[list[list], dict]:
    """Compact rows for the needs layers and the escaped labels their popups are built from.

    Strings are escaped here; the browser only concatenates them. Sector, status and community
    are indexes into the label lists, so 100,000 needs do not repeat the same names.
    """
    _ = gettext_for(lang)
    needs = dataset.needs
    communities = dataset.communities.set_index("pcode")
    labelled = names(dataset.communities, lang)
    community_index = {pcode: i for i, pcode in enumerate(labelled.index)}
    sector_keys, status_keys = list(SECTORS), list(STATUSES)
    group_labels = {key: _(label) for key, (label, _aliases) in VULNERABLE_GROUPS.items()}
    lat = communities.loc[needs["pcode"], "center_lat"].to_numpy()
    lon = communities.loc[needs["pcode"], "center_lon"].to_numpy()
    rows = []
    for i, need in enumerate(needs.itertuples(index=False)):
        groups = ", ".join(group_labels[g] for g in str(need.vulnerable_groups).split(";") if g in group_labels)
        rows.append(
            [
                float(lat[i]),
                float(lon[i]),
                esc(need.need_id),
                community_index[need.pcode],
                sector_keys.index(need.sector),
                status_keys.index(need.status),
                1 if need.verified else 0,
                date(need.reported_on),
                date(need.closed_on),
                esc(need.provider),
                "" if pd.isna(need.people) else int(need.people),
                esc(groups),
            ]
        )
    labels = {
        "need": esc(_("Need")),
        "community": esc(_("Community")),
        "sector": esc(_("Sector")),
        "status": esc(_("Status")),
        "verified": esc(_("Verified")),
        "reported": esc(_("Reported on")),
        "closed": esc(_("Closed on")),
        "provider": esc(_("Provider")),
        "people": esc(_("People")),
        "groups": esc(_("Vulnerable groups")),
        "yes": esc(_("yes")),
        "no": esc(_("no")),
        "none": esc(_("no provider yet")),
        "communities": [esc(n) for n in labelled["name"]],
        "sectors": [esc(_(SECTORS[k][0])) for k in sector_keys],
        "statuses": [esc(_(STATUSES[k][0])) for k in status_keys],
        "status_keys": status_keys,
    }
    return rows, labels


def needs_layers(dataset: Dataset, lang: str) -> tuple[folium.plugins.FastMarkerCluster, folium.plugins.FastMarkerCluster]:
    """Open (and in progress) needs and closed needs as two clustered layers, built in the browser."""
    _ = gettext_for(lang)
    rows, labels = need_rows(dataset, lang)
    status_keys = labels["status_keys"]
    open_codes = {status_keys.index(s) for s in OPEN_STATUSES}
    callback = NEED_MARKER_JS % {"labels": json.dumps(labels, ensure_ascii=False)}
    layers = []
    for name, kind, wanted in (
        (_("Open needs"), "open", lambda r: r[5] in open_codes),
        (_("Closed needs"), "closed", lambda r: r[5] not in open_codes),
    ):
        layers.append(
            folium.plugins.FastMarkerCluster(
                [r for r in rows if wanted(r)],
                callback=callback,
                name=name,
                icon_create_function=CLUSTER_ICON_JS % kind,
                showCoverageOnHover=False,
                chunkedLoading=True,
            )
        )
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


def hubs_layer(dataset: Dataset, lang: str) -> folium.FeatureGroup:
    _ = gettext_for(lang)
    group = folium.FeatureGroup(name=_("Hubs"))
    folium.GeoJson(
        hub_features(dataset, lang),
        control=False,
        marker=folium.Marker(icon=folium.DivIcon(class_name="hm-hub", icon_size=(14, 14))),
        on_each_feature=BIND_TIP_AND_POPUP,
    ).add_to(group)
    return group


def idp_features(dataset: Dataset, metrics: pd.DataFrame, lang: str) -> dict:
    """Proportional circles (area ~ people) at each host community's centre."""
    _ = gettext_for(lang)
    hosted = metrics[metrics["idps_hosted"] > 0]
    if hosted.empty:
        return {"type": "FeatureCollection", "features": []}
    labelled = names(dataset.communities, lang)
    centres = dataset.communities.set_index("pcode")[["center_lat", "center_lon"]]
    top = float(hosted["idps_hosted"].max())
    origins = _top_origins(dataset.idp_counts)
    unknown, hosted_label, from_label = _("unknown origin"), _("IDPs hosted"), _("Where they come from")
    features = []
    for pcode, people in hosted["idps_hosted"].items():
        radius = max(3.0, MAX_IDP_RADIUS * float(np.sqrt(float(people) / top)))
        name = labelled.loc[pcode, "name"]
        lines = [
            f"{esc(labelled['name'].get(origin, unknown))}: {esc(number(count, lang))}"
            for origin, count in origins.get(pcode, [])
        ]
        popup = table([(hosted_label, number(people, lang))], title=name)
        if lines:
            popup += f"<div><b>{esc(from_label)}</b><br>" + "<br>".join(lines) + "</div>"
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(centres.loc[pcode, "center_lon"]), float(centres.loc[pcode, "center_lat"])],
                },
                "properties": {
                    "tip": f"<b>{esc(name)}</b><br>{esc(hosted_label)}: {esc(number(people, lang))}",
                    "popup": popup,
                    "style": {"radius": round(radius, 1)},
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _top_origins(idp_counts: pd.DataFrame, n: int = 5) -> dict[str, list[tuple[str, int]]]:
    if idp_counts.empty:
        return {}
    counts = idp_counts.assign(origin=idp_counts["origin_pcode"].fillna(""))
    newest = counts.groupby(["host_pcode", "origin"])["as_of"].transform("max")
    latest = counts[(counts["as_of"] == newest) | newest.isna()]
    summed = latest.groupby(["host_pcode", "origin"])["people"].sum().reset_index()
    summed = summed.sort_values(["host_pcode", "people"], ascending=[True, False])
    return {
        host: list(zip(group["origin"], group["people"], strict=True))[:n] for host, group in summed.groupby("host_pcode")
    }


def idp_layer(dataset: Dataset, metrics: pd.DataFrame, lang: str) -> folium.FeatureGroup:
    _ = gettext_for(lang)
    group = folium.FeatureGroup(name=_("IDP counts"))
    folium.GeoJson(
        idp_features(dataset, metrics, lang),
        control=False,
        marker=folium.CircleMarker(radius=6, color=IDP_COLOUR, weight=1.5, fill_color=IDP_COLOUR, fill_opacity=0.35),
        on_each_feature=BIND_TIP_AND_POPUP,
    ).add_to(group)
    return group


# ---------------------------------------------------------------------------------------------
# The map


def base_map(
    dataset: Dataset,
    metrics: pd.DataFrame,
    lang: str,
    attribution: str,
    tiles: bool = False,
    layers: Collection[str] = OVERLAYS,
) -> folium.Map:
    """Everything but the choropleth. ``attribution`` is trusted app text; it is escaped anyway.

    ``layers`` names the overlays to draw (keys of ``OVERLAYS``): forum tour stops choose theirs.
    """
    _ = gettext_for(lang)
    m = folium.Map(
        location=UKRAINE_CENTRE,
        zoom_start=6,
        tiles=None,
        control_scale=True,
    )
    # Without a tile layer Leaflet has no zoom limits, and MarkerCluster refuses to start.
    m.options.update(min_zoom=4, max_zoom=18)
    m.fit_bounds(UKRAINE_BOUNDS)
    if tiles:
        folium.TileLayer("OpenStreetMap", name=_("Base map (OpenStreetMap, needs internet)"), control=False).add_to(m)
    StyleSheet().add_to(m)
    Attribution(esc(attribution)).add_to(m)
    folium.map.CustomPane(COMMUNITY_PANE, z_index=350, pointer_events=True).add_to(m)
    unknown = set(layers) - set(OVERLAYS)
    if unknown:
        raise ValueError(f"unknown map layers: {sorted(unknown)}; known: {list(OVERLAYS)}")
    if "open_needs" in layers or "closed_needs" in layers:
        open_needs, closed_needs = needs_layers(dataset, lang)
        for key, layer in (("open_needs", open_needs), ("closed_needs", closed_needs)):
            if key in layers:
                layer.add_to(m)
    if "hubs" in layers:
        hubs_layer(dataset, lang).add_to(m)
    if "idps" in layers:
        idp_layer(dataset, metrics, lang).add_to(m)
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
