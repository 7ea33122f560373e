"""The map of one forum tour stop: the stop's data, layers, colours and view, made for a projector.

One complete ``folium.Map`` (communities, overlays, flows, legend and layer control in the map
itself, no streamlit-folium ``feature_group_to_add``), so that the forum page, the standalone HTML
file and the PNG for slides show the same thing. The data is the stop's: its "as of" date and its
filters (``geo.forum.tour_figures.stop_dataset``), so the colours, circles and markers agree with the
stop's headline tiles. The map opens at the stop's centre and zoom instead of Ukraine's bounds.

For a projector and colour-blind viewers: darker, thicker community borders (by the stop's zoom,
``geo.forum.forum_style.border_style``), and a larger legend, layer list and tooltips
(``geo.forum.forum_style.FORUM_MAP_CSS``). The colour ramps
are the choropleth's own ColorBrewer ramps, which are colour-blind safe.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import folium
from branca.element import MacroElement
from folium.template import Template

from geo.figures.metrics import community_metrics
from geo.forum.forum_style import FORUM_MAP_CSS, border_style
from geo.forum.tour import Stop
from geo.forum.tour_figures import stop_dataset
from geo.ingest.loaders import Dataset
from geo.maps.assets import localize
from geo.maps.choropleth_layer import choropleth_layer
from geo.maps.flow_layer import flow_layer
from geo.maps.map_builder import base_map
from geo.maps.map_elements import StyleSheet
from geo.maps.reference_layers import Reference

COMMUNITIES = "communities"  # the tour's layer key for the coloured communities (geo.forum.tour.LAYERS)
FLOW_TOP = 15  # the largest flows drawn, as on the home map
PRESENTER_KEYS = ("ArrowLeft", "ArrowRight", "PageUp", "PageDown")  # the forum page's shortcuts


def reference_standalone(stop: Stop) -> bool:
    """Whether the stop's reference layers are drawn without the community shapes (it does not show them)."""
    return COMMUNITIES not in stop.layers


def forum_map(
    dataset: Dataset,
    stop: Stop,
    lang: str,
    attribution: str,
    today: dt.date,
    shapes: str | None = None,
    reference: Reference | None = None,
) -> folium.Map:
    """The whole map of ``stop``, ready for ``st_folium``, ``geo.exports.standalone.standalone_html`` or a PNG.

    ``attribution`` is trusted app text (``geo.figures.summary.attribution_text``); it is escaped anyway.
    ``shapes`` (``geo.maps.shapes.shapes_payload``) can be passed in by a caller that caches it: the
    shapes do not change from stop to stop; so can ``reference`` (``geo.maps.reference_layers.reference_data``,
    ``standalone`` for a stop without the communities: ``reference_standalone``). A ``flows``
    community that is not in the data draws no flows (``geo.forum.tour_figures.stop_notes`` says so).
    """
    data = stop_dataset(dataset, stop, today)
    metrics = community_metrics(data.communities, data.needs, data.hubs, data.idp_counts)
    communities = COMMUNITIES in stop.layers
    overlays = [key for key in stop.layers if key != COMMUNITIES]
    m = base_map(
        data,
        metrics,
        lang,
        attribution,
        layers=overlays,
        shapes=shapes,
        communities=communities,
        view=(stop.lat, stop.lon, stop.zoom),
        hidden=(),  # every layer the stop names is on (the home map starts with closed needs off)
        reference=reference,
        community_style=border_style(stop.zoom),
    )
    StyleSheet(FORUM_MAP_CSS).add_to(m)
    if communities:
        choropleth_layer(data, metrics, stop.metric, lang).add_to(m)
    if stop.flows and stop.flows in set(data.communities["pcode"]):
        # Without the hubs layer the serving hubs are drawn with their own markers and popups.
        flow_layer(data, stop.flows, lang, top=FLOW_TOP, hub_popups="hubs" not in stop.layers).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    localize(m)
    return m


class PresenterKeys(MacroElement):
    """Send the presenter's keys on to the page when the map has the keyboard focus.

    The map is an iframe: once the presenter clicks a community to show its tooltip, the keys
    of a presentation clicker (PageUp / PageDown) and the arrows go to the map, and the page's
    Next / Previous shortcuts never see them. This passes those four keys to the page (same
    origin: Streamlit serves the map's frame), in the capture phase, so Leaflet does not pan
    with the arrows too. Only for the forum page: an exported file has no page around it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            hm.presenterKeys({{ this.keys|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, keys: tuple[str, ...] = PRESENTER_KEYS) -> None:
        super().__init__()
        self._name = "PresenterKeys"
        self.keys = list(keys)


def with_presenter_keys(m: folium.Map) -> folium.Map:
    """``m`` for the forum page: the presenter's keys go to the page, and Leaflet's own keyboard
    panning is off (the arrows move through the tour, not the map)."""
    m.options["keyboard"] = False
    PresenterKeys().add_to(m)
    return m


# ---------------------------------------------------------------------------------------------
# The page's small decisions, kept out of pages/forum.py


def stop_number(value: object, count: int) -> tuple[int, bool]:
    """(1-based stop number, whether ``value`` was wrong) from ``?stop=``: out of range or not a
    whole number gives stop 1, and the page says so (a link outlives the tour it was made for)."""
    if value is None or str(value).strip() == "":
        return 1, False
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,6}", text) or not 1 <= int(text) <= count:
        return 1, True
    return int(text), False


def returned_view(value: Mapping | None, stop: Stop) -> tuple[float, float, int]:
    """(lat, lon, zoom) of the map as streamlit-folium last returned it, else the stop's own view.

    The map returns its centre only once it has been moved, and its zoom from the start.
    """
    value = value or {}
    centre = value.get("center") or {}
    lat, lon = centre.get("lat"), centre.get("lng")
    zoom = value.get("zoom")
    if lat is None or lon is None:
        lat, lon = stop.lat, stop.lon
    return round(float(lat), 4), round(float(lon), 4), int(round(float(zoom))) if zoom is not None else stop.zoom


def file_stem(stop: Stop, number: int, lang: str) -> str:
    """A file name (without extension) for a stop's exports: its id as a safe slug, and the language."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", stop.id).strip("-")[:40] or f"stop-{number}"
    return f"forum-{number:02d}-{slug}-{lang}"
