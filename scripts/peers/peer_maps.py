"""The maps that users of other tools would write for our two screens, shared by the peer apps and
scripts/bench_peers.py (which times these same functions in-process, so that the figures are of the
code the apps run).

Every peer shows the same things as ours: the communities coloured by one of two metrics (unmet
needs, IDPs hosted), the needs that are open or in progress as markers, and (in the apps) the same
needs as a list, both narrowed by a sector filter. Needs without a community code are placed at their
own point and counted in the community they fall in (a spatial join, as a geopandas user does); the
others sit at their community's representative point. No map has a base map: ours has none by
default, and the benchmark runs with no internet.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import branca.colormap
import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd
import pydeck as pdk
import shapely

METRICS = {"open_needs": "Unmet needs", "idps_hosted": "IDPs hosted"}
OPEN = ("open", "in_progress")
CENTRE, ZOOM = (48.6, 31.3), 6
SIMPLIFY = 0.005  # degrees, some 400 m: invisible at the national zoom
DECIMALS = 5  # about a metre
NEED_RGB = (0, 90, 255)  # the needs' colour on the deck: no metric colour is blue
HEIGHT = 700
# FastMarkerCluster's default callback makes Leaflet.awesome-markers icons, a CDN plugin that is not
# vendored (no internet here); this is the plain-marker callback of folium's own FastMarkerCluster example.
MARKER_CALLBACK = """function (row) {
    return L.marker(new L.LatLng(row[0], row[1]));
}"""
LIST_COLUMNS = ["need_id", "sector", "status", "pcode", "people", "reported_on"]


@dataclass
class Inputs:
    communities: gpd.GeoDataFrame  # with a column per metric
    needs: pd.DataFrame  # the open ones, with lat and lon
    prepare_s: float


def prepare(communities: Path, needs: Path, idp: Path, limit: int | None = None, careful: bool = False) -> Inputs:
    """Read the files, place the needs, count the metrics; ``careful``: simplify the polygons, trim the
    coordinates and keep only the columns the map shows (what a careful folium user does once, cached)."""
    start = time.perf_counter()
    frame = gpd.read_file(communities)
    rows = pd.read_csv(needs, dtype={"pcode": str}, nrows=limit, keep_default_na=False, na_values={"lat": [""], "lon": [""]})
    idps = pd.read_csv(idp, dtype={"host_pcode": str})
    rows = rows[rows["status"].isin(OPEN)].copy()
    centres = frame.set_index("pcode").geometry.representative_point()
    placed = rows["lat"].notna() & rows["lon"].notna()
    known = rows["pcode"].isin(centres.index) & ~placed
    where = centres.loc[rows.loc[known, "pcode"]]
    rows.loc[known, "lat"], rows.loc[known, "lon"] = where.y.to_numpy(), where.x.to_numpy()
    at = gpd.points_from_xy(rows.loc[placed, "lon"], rows.loc[placed, "lat"])
    points = gpd.GeoDataFrame(rows.loc[placed], geometry=at, crs=4326)
    joined = gpd.sjoin(points, frame[["pcode", "geometry"]], how="left", predicate="within")
    rows.loc[placed, "pcode"] = joined.groupby(level=0)["pcode_right"].first().reindex(points.index).fillna("").to_numpy()
    rows = rows[rows["lat"].notna()]
    frame["open_needs"] = frame["pcode"].map(rows["pcode"].value_counts()).fillna(0).astype(int)
    frame["idps_hosted"] = frame["pcode"].map(idps.groupby("host_pcode")["people"].sum()).fillna(0).astype(int)
    if careful:
        frame = frame[["pcode", "name_en", *METRICS, "geometry"]].copy()
        simple = shapely.simplify(frame.geometry.to_numpy(), SIMPLIFY, preserve_topology=True)
        frame["geometry"] = shapely.transform(simple, lambda xy: np.round(xy, DECIMALS))
        rows["lat"], rows["lon"] = rows["lat"].round(DECIMALS), rows["lon"].round(DECIMALS)
    return Inputs(frame, rows.reset_index(drop=True), time.perf_counter() - start)


def shown(needs: pd.DataFrame, sectors: list[str]) -> pd.DataFrame:
    return needs[needs["sector"].isin(sectors)] if sectors else needs


def colour_scale(values: pd.Series) -> branca.colormap.LinearColormap:
    return branca.colormap.linear.YlOrRd_09.scale(0, max(float(values.max()), 1))


def blank_map() -> folium.Map:
    m = folium.Map(location=CENTRE, zoom_start=ZOOM, tiles=None)
    m.options.update(min_zoom=4, max_zoom=18)  # with no tile layer MarkerCluster needs zoom limits (as ours sets)
    return m


def _styled_geojson(communities: gpd.GeoDataFrame, metric: str, fields: list[str]) -> folium.GeoJson:
    scale = colour_scale(communities[metric])
    return folium.GeoJson(
        communities,
        style_function=lambda feature: {
            "fillColor": scale(feature["properties"][metric]),
            "color": "#555555",
            "weight": 0.6,
            "fillOpacity": 0.75,
        },
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=["Community", METRICS[metric]]),
    )


def plain_map(inputs: Inputs, metric: str, sectors: list[str]) -> folium.Map:
    """A newcomer's map (as bench_national.plain_folium): the polygons as they come, coloured with a
    style function, one Marker with a popup per need in a MarkerCluster."""
    m = blank_map()
    _styled_geojson(inputs.communities, metric, ["name_en", metric]).add_to(m)
    cluster = folium.plugins.MarkerCluster().add_to(m)
    for need in shown(inputs.needs, sectors).itertuples(index=False):
        folium.Marker([need.lat, need.lon], popup=f"{need.need_id}: {need.sector}, {need.status}").add_to(cluster)
    return m


def careful_map(inputs: Inputs, metric: str, sectors: list[str]) -> folium.Map:
    """A careful folium user's map: simplified, trimmed polygons (``prepare(careful=True)``) with a
    tooltip, and the needs in one FastMarkerCluster (the markers made in the browser from a list)."""
    m = blank_map()
    _styled_geojson(inputs.communities, metric, ["name_en", metric]).add_to(m)
    points = shown(inputs.needs, sectors)[["lat", "lon"]].to_numpy().tolist()
    folium.plugins.FastMarkerCluster(points, callback=MARKER_CALLBACK).add_to(m)
    return m


def deck(inputs: Inputs, metric: str, sectors: list[str]) -> pdk.Deck:
    """st.pydeck_chart's way: a GeoJsonLayer of the simplified polygons, coloured per feature, and a
    ScatterplotLayer of the needs (only the two columns it draws), no base map."""
    scale = colour_scale(inputs.communities[metric])
    frame = inputs.communities.assign(
        fill=[[*(round(c * 255) for c in scale.rgba_floats_tuple(v)[:3]), 190] for v in inputs.communities[metric]]
    )
    polygons = pdk.Layer(
        "GeoJsonLayer",
        data=json.loads(frame.to_json()),
        get_fill_color="properties.fill",
        get_line_color=[85, 85, 85],
        line_width_min_pixels=0.5,
        pickable=True,
    )
    points = pdk.Layer(
        "ScatterplotLayer",
        data=shown(inputs.needs, sectors)[["lon", "lat"]],
        get_position="[lon, lat]",
        get_fill_color=list(NEED_RGB),
        get_radius=300,
        radius_min_pixels=2,
    )
    view = pdk.ViewState(latitude=CENTRE[0], longitude=CENTRE[1], zoom=5)
    tooltip = {"text": "{name_en}: {" + metric + "}"}
    return pdk.Deck(layers=[polygons, points], initial_view_state=view, map_style=None, tooltip=tooltip)


def leaflet_page(inputs: Inputs, metric: str, leaflet_url: str) -> str:
    """The floor for drawing: the simplified polygons in plain Leaflet, on a bare page, nothing else."""
    scale = colour_scale(inputs.communities[metric])
    frame = inputs.communities.assign(fill=[scale(v) for v in inputs.communities[metric]])
    data = frame[["pcode", "fill", "geometry"]].to_json()
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Leaflet floor</title>
<link rel="stylesheet" href="{leaflet_url}/leaflet.css"><script src="{leaflet_url}/leaflet.js"></script>
<style>html, body {{ margin: 0 }} #map {{ height: {HEIGHT}px }}</style></head><body><div id="map"></div><script>
const data = {data};
window.leafletMap = L.map("map").setView([{CENTRE[0]}, {CENTRE[1]}], {ZOOM});
const style = (f) => ({{fillColor: f.properties.fill, color: "#555555", weight: 0.6, fillOpacity: 0.75}});
L.geoJSON(data, {{style}}).addTo(window.leafletMap);
</script></body></html>"""
