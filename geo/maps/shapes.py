"""Community boundaries as a browser can take them at national scale.

1,769 hromadas with official detail are some 450,000 vertices: 9 MB of GeoJSON, too much for a
phone on a weak link. So the coverage is simplified as a whole (neighbours keep one shared
border: no slivers, no gaps), put on a 10 m grid, and each ring is sent as whole-number steps
from the previous vertex (``[x0, y0, dx1, dy1, ...]`` in 1/10,000 degree), which JSON writes in
two or three characters instead of eight. The browser turns them back into Leaflet polygons
(``CommunityShapes``), drawn on one canvas (``COMMUNITY_RENDERER``), registered by P-code in
``window.hmCommunities`` so that small layers can recolour them without sending the shapes again
(``geo.maps.choropleth_layer.choropleth_layer``, the Needs page's ``Recolour``).

Tooltips are escaped here; a tooltip may end with a hidden P-code mark (``geo.maps.map_click``), which
the recolouring keeps at the end.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.map import Layer
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps

from geo.figures.place_names import names
from geo.ingest.loaders import Dataset
from geo.maps.choropleth import ZERO_COLOUR
from geo.maps.map_elements import ScriptAsText
from geo.text.safe_html import esc

SCALE = 10_000  # vertices on a grid of 1/10,000 degree (about 10 m)
# About 200 m: invisible at the zoom that shows an oblast, and 77,000 vertices for the country.
TOLERANCE = 0.002
COMMUNITY_PANE = "communities"  # below the overlay pane, so circles and markers stay clickable
COMMUNITY_STYLE = {"fillColor": ZERO_COLOUR, "fillOpacity": 0.75, "color": "#555555", "weight": 0.6}
# One canvas for the 1,768 polygons instead of an SVG path each: faster to draw, pan and zoom at
# national scale, in Chromium (scripts/bench_renderer.py). A canvas takes no CSS, so every look of
# the polygons is a Leaflet path option (``COMMUNITY_STYLE``, a map's own ``style``); "svg" brings
# the paths back. Hover, tooltips and clicks are Leaflet's own on both.
COMMUNITY_RENDERER = "canvas"
POLYGON = 3  # shapely's type id


def simplified(geometry: gpd.GeoSeries, tolerance: float = TOLERANCE) -> np.ndarray:
    """The coverage snapped to the grid, then simplified as a whole: shared borders stay shared.

    Snapping first makes the vertices of two neighbours that almost coincide (as in real
    boundary files) coincide exactly, so the simplification sees one border and keeps it one;
    the simplified vertices are a subset of the snapped ones, so they stay on the grid.
    """
    # Vertex by vertex ("pointwise"): a third of the time of a topological snap, and enough here,
    # since a border's vertices round the same way on both sides.
    snapped = shapely.set_precision(geometry.to_numpy(), 1 / SCALE, mode="pointwise")
    shapes = shapely.coverage_simplify(snapped, tolerance)
    broken = ~shapely.is_valid(shapes)
    # Rare: a sliver of a polygon collapsed on the grid. "structure" keeps the polygons only, no stray lines.
    shapes[broken] = shapely.make_valid(shapes[broken], method="structure", keep_collapsed=False)
    return shapes


def encode(shapes: np.ndarray) -> list[list[list[list[int]]]]:
    """Each shape as polygons of rings of steps (see the module's docstring); empty shapes as [].

    All rings at once in numpy: a ring's first vertex is absolute, each next one a step from the
    one before; the closing vertex (Leaflet closes rings) and steps of zero are left out.
    """
    out: list[list] = [[] for _shape in range(len(shapes))]
    parts, feature = shapely.get_parts(shapes, return_index=True)
    drawn = (shapely.get_type_id(parts) == POLYGON) & ~shapely.is_empty(parts)  # no leftover lines or points
    parts, feature = parts[drawn], feature[drawn]
    if not len(parts):
        return out
    rings, part = shapely.get_rings(parts, return_index=True)
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    points = np.rint(coords * SCALE).astype(np.int64)
    first = np.r_[True, ring[1:] != ring[:-1]]
    last = np.r_[ring[1:] != ring[:-1], True]
    steps = np.diff(points, axis=0, prepend=points[:1])
    steps[first] = points[first]
    kept = ~last & (first | np.any(steps != 0, axis=1))
    steps, ring = steps[kept], ring[kept]
    starts = np.flatnonzero(np.r_[True, ring[1:] != ring[:-1]])
    flat = steps.ravel().tolist()
    ends = [*starts[1:].tolist(), len(ring)]
    polygons: dict[int, list] = {}
    for start, end, p in zip(starts.tolist(), ends, part[ring[starts]].tolist(), strict=True):
        if p not in polygons:
            polygons[p] = []
            out[int(feature[p])].append(polygons[p])
        polygons[p].append(flat[2 * start : 2 * end])
    return out


def decode(polygons: list[list[list[int]]]) -> list[list[list[tuple[float, float]]]]:
    """What the browser does, in Python (for tests): polygons of rings of (lat, lon)."""
    out = []
    for rings in polygons:
        decoded = []
        for steps in rings:
            xy = np.cumsum(np.asarray(steps, dtype=np.int64).reshape(-1, 2), axis=0) / SCALE
            decoded.append([(float(y), float(x)) for x, y in xy])
        out.append(decoded)
    return out


def json_text(value: object) -> str:
    """JSON that is safe inside a ``<script>`` (``<``, ``>``, ``&`` and ``'`` escaped)."""
    return str(htmlsafe_json_dumps(value, separators=(",", ":"), ensure_ascii=False))


def _distinct(values: list[str]) -> dict:
    """Repeated texts once: ``{"values": [...], "codes": [...]}``, a code per row."""
    codes, distinct = pd.factorize(pd.Series(values, dtype=object))
    return {"values": distinct.tolist(), "codes": codes.tolist()}


def places_payload(dataset: Dataset, lang: str) -> str:
    """Every community's P-code, name and raion (escaped), in the data's order, as JSON text.

    The map's other layers name communities by their position here (``window.hmPlaces``), so a
    name travels once however many layers and needs mention it.
    """
    labelled = names(dataset.communities, lang)
    raions = [esc(r) if pd.notna(r) else "" for r in labelled["raion"]]
    return json_text(
        {
            "pcode": [esc(p) for p in labelled.index],
            "name": [esc(n) for n in labelled["name"]],
            "raion": _distinct(raions),
        }
    )


def community_index(communities: pd.DataFrame, pcodes: pd.Series) -> list[int]:
    """Each P-code's position in ``places_payload`` (-1 for a blank or unknown one)."""
    index = pd.Index(communities["pcode"])
    return index.get_indexer(pcodes.astype(object).where(pcodes.notna(), None)).tolist()


class Places(ScriptAsText, MacroElement):
    """``window.hmPlaces``: the communities' codes and names for every layer of the map (first)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}{% if not this.quiet %}
            hm.places({{ this.data }});
        {% endif %}{% endmacro %}
        """
    )

    def __init__(self, data: str) -> None:
        super().__init__()
        self._name = "Places"
        self.data = data  # from places_payload: already safe JSON text


def shapes_payload(dataset: Dataset, lang: str = "uk", marks: bool = False, tolerance: float = TOLERANCE) -> str:
    """The community shapes for ``CommunityShapes`` as JSON text, in the order of ``places_payload``.

    ``marks`` adds to each tooltip the hidden P-code mark that makes a click name its community
    (geo.maps.map_click). Encode once per data set (the pages cache it): it is the largest part of a map.
    ``lang`` is kept for callers that cache by language; the shapes do not depend on it.
    """
    return json_text({"shapes": encode(simplified(dataset.communities.geometry, tolerance)), "scale": SCALE, "marks": marks})


class CommunityShapes(ScriptAsText, Layer):
    """The community polygons from ``shapes_payload``; needs ``Places`` on the map before it.

    Each polygon is kept at its community's position in ``window.hmCommunityList`` (and by P-code
    in ``window.hmCommunities``) so that ``Recolour`` can restyle it. They are drawn on one canvas
    (``COMMUNITY_RENDERER``): ``style`` (Leaflet path options over ``COMMUNITY_STYLE``, e.g. a
    projector's darker borders) is how a map changes their look, since no style sheet reaches them.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}{% if not this.quiet %}
            var {{ this.get_name() }} = hm.communityShapes({{ this.data }}, {{ this.style|tojson }}, {{ this.pane|tojson }},
                {{ this.renderer|tojson }});
        {% endif %}{% endmacro %}
        """
    )

    def __init__(self, data: str, name: str, control: bool = True, style: Mapping[str, object] | None = None) -> None:
        super().__init__(name=name, overlay=True, control=control)
        self._name = "CommunityShapes"
        self.data = data  # from shapes_payload: already safe JSON text
        self.pane = COMMUNITY_PANE
        self.style = {**COMMUNITY_STYLE, **(style or {})}
        self.renderer = COMMUNITY_RENDERER


class Recolour(MacroElement):
    """Recolour the communities already on the map and add a figure to their tooltips.

    ``colours`` and ``texts`` are in the order of ``places_payload``: a palette index (-1: the
    zero colour) and an escaped text per community; kilobytes, not the shapes again.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            hm.recolour({{ this.payload|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, colours: list[str], texts: list[str], label: str) -> None:
        """``colours``: a colour per community (in places order); ``texts``: its figure, escaped."""
        super().__init__()
        self._name = "Recolour"
        palette = list(dict.fromkeys(c for c in colours if c != ZERO_COLOUR))
        index = {colour: i for i, colour in enumerate(palette)}
        self.payload = {
            "palette": palette,
            "colours": [index.get(c, -1) for c in colours],
            "texts": texts,
            "label": label,  # escaped
            "zero": ZERO_COLOUR,
        }
