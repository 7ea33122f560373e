"""Small Leaflet elements of our own: the style sheet, attribution, and the base of the layers the
browser draws from a payload (``BrowserLayer``). The legend is ``geo.maps.legend``'s.

Each is a folium ``MacroElement`` with a short template. Text reaches them either already
escaped (``geo.text.safe_html``) or through Jinja's ``tojson``, which escapes <, > and & for HTML.
"""

from __future__ import annotations

import folium.plugins
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template
from folium.utilities import JsCode

from geo.maps.assets import OWN_SCRIPTS, STATIC_URL

# For folium.GeoJson(on_each_feature=...): binds each feature's properties.tip and .popup (js/hromada.js).
BIND_TIP_AND_POPUP = JsCode("hm.bindTipAndPopup")

MAP_CSS = """
.hm-table { border-collapse: collapse; font-size: 13px; }
.hm-table th { text-align: left; font-weight: 600; padding: 1px 8px 1px 0; color: #333; vertical-align: top; }
.hm-table td { padding: 1px 0; }
.hm-hub { width: var(--hm-hub, 14px); height: var(--hm-hub, 14px); background: #08306b;
          border: max(1px, calc(var(--hm-hub, 14px) / 7)) solid #fff; box-shadow: 0 0 0 1px #08306b;
          box-sizing: border-box; }
.leaflet-marker-icon.hm-hub { margin-left: calc(var(--hm-hub, 14px) / -2); margin-top: 2px; }
.hm-cluster div { border: 2px solid #222; }
.hm-cluster-open { background-color: rgba(217,95,2,0.35); }
.hm-cluster-open div { background-color: rgba(217,95,2,0.85); color: #fff; }
.hm-cluster-closed { background-color: rgba(27,158,119,0.35); }
.hm-cluster-closed div { background-color: rgba(27,158,119,0.85); color: #fff; }
.hm-cluster-hubs { background-color: rgba(8,48,107,0.3); }
.hm-cluster-hubs div { background-color: rgba(8,48,107,0.9); color: #fff; border-radius: 4px; }
.marker-cluster.hm-cluster.hm-cluster-hubs { border-radius: 6px; }
.leaflet-marker-icon.hm-cluster.hm-cluster-hubs { margin-top: 2px; }
.marker-cluster.hm-cluster.hm-cluster-hubs div { border-radius: 4px; }
.leaflet-pane > svg path.leaflet-interactive.hm-idp { pointer-events: visibleStroke; }
.leaflet-container { background: #f4f6f8; }
.leaflet-control-layers, .leaflet-popup-content { font-size: 14px; }
.leaflet-control-attribution { font-size: 11px; max-width: 70%; }
"""


class StyleSheet(MacroElement):
    """The map's own CSS, in the page header (no external font or icon set)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
        """
    )

    def __init__(self, css: str = MAP_CSS) -> None:
        super().__init__()
        self._name = "StyleSheet"
        self.css = css


class BrowserCode(JSCSSMixin, MacroElement):
    """The dashboard's own JavaScript (``geo/maps/js/hromada.js``, the ``hm`` functions) for a map.

    Every map of the app gets it from ``blank_map`` (or adds it itself); the elements below only
    call ``hm.*`` with their data. Served from static/vendor like Leaflet (``geo.maps.assets``).
    """

    default_js = [(name, f"/{STATIC_URL}/hromada/{file}") for name, file in OWN_SCRIPTS.items()]
    _template = Template("")

    def __init__(self) -> None:
        super().__init__()
        self._name = "BrowserCode"


class Attribution(MacroElement):
    """Credits and caveats in the map's attribution line (e.g. the boundaries' source and licence)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.html|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.html = html


class NarrowScreen(MacroElement):
    """On a narrow map (a phone) the layer list starts folded behind its button, and ``bounds``
    (the country, when the map opens on it) are fitted in quarter zoom steps (``hm.foldWhenNarrow``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            hm.foldWhenNarrow({{ this._parent.get_name() }}, {{ this.bounds|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]] | None = None) -> None:
        super().__init__()
        self._name = "NarrowScreen"
        self.bounds = bounds


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


class BrowserLayer(ScriptAsText, JSCSSMixin, Layer):
    """A layer drawn in the browser by one ``hm.*`` function of ``js/hromada.js`` from its payload.

    What the layers of the map have in common: ``var <name> = hm.<js_function>(<payload>)``, the
    payload being JSON text that is safe in a ``<script>`` (``geo.maps.shapes.json_text``), rendered
    once as text (``ScriptAsText``). The layer is left out of the layer control: its feature group
    is in it. A subclass names the function; its class name is the element's name.
    """

    js_function = ""  # e.g. "hubMarkers": hm.hubMarkers in js/hromada.js

    _template = Template(
        """
        {% macro script(this, kwargs) %}{% if not this.quiet %}
            var {{ this.get_name() }} = hm.{{ this.js_function }}({{ this.payload }});
        {% endif %}{% endmacro %}
        """
    )

    def __init__(self, payload: str, name: str) -> None:
        super().__init__(name=name, overlay=True, control=False)
        self._name = type(self).__name__
        self.payload = payload  # JSON text (geo.maps.shapes.json_text): safe in a <script>


class ClusteredLayer(BrowserLayer):
    """A ``BrowserLayer`` whose markers the browser clusters: it brings Leaflet.markercluster along."""

    default_js = folium.plugins.MarkerCluster.default_js
    default_css = folium.plugins.MarkerCluster.default_css
