"""The map's legend: one control per map, drawn in the browser (``js/legend.js``) from what each layer says.

- ``MapLegend``, on every map (``geo.maps.map_builder.blank_map``): the control itself, with its
  words (its title, "show" and "hide") and what the data is: its source (the attribution text the
  pages show) and the date of its newest record.
- ``LegendEntry``, in a layer's feature group: that layer's section of the legend (the colour
  classes of the choropleth, needs, hubs by type, IDP circles, flows). It is a Leaflet layer of the
  group, so Leaflet adds and removes it with the group: a section shows only while its layer is
  on, and when Streamlit swaps a group (``feature_group_to_add``: another metric, other filters)
  the new group's section replaces the old one without reloading the map.

The sections come in a fixed order (``SECTIONS``) whatever the order the layers are added in. The
legend can be folded (folded at first on a screen narrower than ``NARROW_PX``) and moves, after
every pan and zoom, to the corner of the map that covers the fewest communities (those coloured by
the metric count five times; the other controls' room is taken into account, and a legend that
would be cut off counts its hidden part as covered).

The payloads are data, not markup: every text is escaped here (``geo.text.safe_html``), and the
browser puts the symbols together with the same functions that draw the layers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence

import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from geo.ingest.contract import HUB_TYPES
from geo.ingest.loaders import Dataset
from geo.maps.choropleth import NO_DATA_COLOUR, ZERO_COLOUR, Classes
from geo.maps.shapes import json_text
from geo.maps.signed_classes import SignedClasses
from geo.text.formatting import date, number
from geo.text.i18n import gettext_for
from geo.text.safe_html import esc

# The sections in the order the legend shows them (a section's "order" is its place here).
# A community's flows, when chosen, come right after the colours: they are what the visitor asked for.
SECTIONS = ("colours", "flows", "open_needs", "closed_needs", "needs", "origin", "hubs", "idps")
NARROW_PX = 600  # on a screen (the page's window) narrower than this the legend starts folded
RANGE = "\u00a0– "  # "1 – 2": no line break before the dash
WIDTH_COLOUR = "#555555"  # the reference widths of lines, whatever their colour on the map

# Each hub type's symbol (geo.ingest.contract.HUB_TYPES): one colour, told apart by shape, so
# that the hubs read on every colour of the choropleth and for every kind of colour vision.
HUB_SHAPES = {
    "idp_hub": "square",
    "support_centre": "circle",
    "aid_point": "diamond",
    "veteran_hub": "triangle",
    "child_friendly_space": "star",
    "other": "hexagon",
}
OTHER_HUB_SHAPE = "hexagon"


# The legend's look, and the hubs' symbols (drawn by js/legend.js for the markers and the legend).
LEGEND_CSS = """
.hm-legend { background: rgba(255,255,255,0.94); padding: 6px 10px 8px; border-radius: 4px;
             box-shadow: 0 1px 4px rgba(0,0,0,0.3); font-size: 13px; line-height: 16px; color: #222;
             max-width: 250px; --hm-k: 0.75; }
.hm-legend-toggle { display: flex; align-items: center; justify-content: space-between; gap: 10px; width: 100%;
                    margin: 0; padding: 2px 0; border: 0; background: none; font: inherit; font-weight: 700;
                    color: inherit; cursor: pointer; text-align: left; }
.hm-legend-toggle:focus-visible { outline: 2px solid #08306b; outline-offset: 2px; }
.hm-legend-caret::after { content: "▾"; }
.hm-legend-folded .hm-legend-caret::after { content: "▸"; }
.hm-legend-folded .hm-legend-body { display: none; }
.hm-legend-body { overflow-y: auto; overscroll-behavior: contain; }
.leaflet-control.hm-legend { pointer-events: none; }  /* a click on the legend is a click on the map under it */
.hm-legend-toggle, .hm-legend-scrolls .hm-legend-body { pointer-events: auto; }
.hm-legend-folded .hm-legend-source { display: none; }
.hm-legend-section { margin-top: 5px; }
.hm-legend .hm-section-title { font-weight: 700; }
.hm-legend .hm-unit { color: #444; font-size: 0.9em; line-height: 1.2; margin-bottom: 2px; }
.hm-legend-item { display: flex; align-items: center; gap: 6px; margin: 1px 0; }
.hm-legend-inline { display: flex; flex-wrap: wrap; column-gap: 10px; }
.hm-legend-inline .hm-legend-symbol { width: auto; min-width: 16px; }
.hm-legend-columns { column-count: 2; column-gap: 12px; }
.hm-legend-columns .hm-legend-item { break-inside: avoid; }
.hm-legend i { flex: none; width: 18px; height: 13px; border: 1px solid #777; box-sizing: border-box; }
.hm-legend-symbol { flex: none; width: 36px; min-height: 18px; display: flex; align-items: center;
                    justify-content: center; }
.hm-legend-symbol .hm-place, .hm-legend-symbol .marker-cluster.hm-cluster { margin: 0; position: static; }
.hm-legend-symbol .hm-hub-symbol { width: 14px; height: 14px; }
.hm-legend-circles svg { display: block; overflow: visible; }
.hm-legend-circles text { font-size: 0.9em; fill: #222; }
.hm-legend-source { margin-top: 6px; padding-top: 4px; border-top: 1px solid #ddd; font-size: 0.85em;
                    line-height: 1.2; color: #444; }
.hm-hub.hm-hub-shape { background: none; border: 0; box-shadow: none; }
.hm-hub-shape .hm-hub-symbol { display: block; width: 100%; height: 100%; overflow: visible; }
.hm-hub-symbol { filter: drop-shadow(0 0 0.6px #08306b); }
"""


class MapLegend(MacroElement):
    """The legend control of a map (``hm.legend``): its words and the data's source and date, and its style sheet."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            hm.legend({{ this._parent.get_name() }}, {{ this.payload }});
        {% endmacro %}
        """
    )

    def __init__(self, lang: str, source: str, newest: dt.date | None = None) -> None:
        """``source``: the attribution text (trusted app text, escaped anyway); ``newest``: the newest record's date."""
        super().__init__()
        self._name = "MapLegend"
        self.config = legend_config(lang, source, newest)
        self.payload = json_text(self.config)  # safe in a <script>
        self.css = LEGEND_CSS


class LegendEntry(MacroElement):
    """A layer's section of the legend (``hm.legendEntry``), shown while the group it is added to is on."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = hm.legendEntry({{ this.payload }});
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, section: dict) -> None:
        super().__init__()
        self._name = "LegendEntry"
        self.section = section
        self.payload = json_text(section)  # safe in a <script>


def legend_config(lang: str, source: str, newest: dt.date | None = None) -> dict:
    """What ``hm.legend`` needs besides the sections (every text escaped)."""
    _ = gettext_for(lang)
    return {
        "title": esc(_("Legend")),
        "show": esc(_("Show the legend")),
        "hide": esc(_("Hide the legend")),
        "source": esc(source),
        "newest": esc(_("Newest record: {date}").format(date=date(newest))) if newest else "",
        "narrow": NARROW_PX,
        "plain": [ZERO_COLOUR, NO_DATA_COLOUR],  # communities in these colours are not data to keep clear of
    }


def newest_record(dataset: Dataset) -> dt.date | None:
    """The date of the newest record: a need reported or closed, or an IDP count; None without dates."""
    dates = [dataset.needs.get("reported_on"), dataset.needs.get("closed_on"), dataset.idp_counts.get("as_of")]
    newest = max((d.max() for d in dates if d is not None and d.notna().any()), default=None)
    return None if newest is None or pd.isna(newest) else pd.Timestamp(newest).date()


def section(key: str, title: str, items: list[dict], unit: str = "", inline: bool = False) -> dict:
    """One section: ``title`` and ``unit`` are plain text (escaped here); each item's label is escaped already.

    ``inline``: the items side by side where there is room (symbols with short labels), not one a line.
    """
    return {
        "key": key,
        "order": SECTIONS.index(key),
        "title": esc(title),
        "unit": esc(unit),
        "items": items,
        "inline": inline,
    }


# ---------------------------------------------------------------------------------------------
# The sections of the layers


def class_labels(classes: Classes | SignedClasses, lang: str, percent: bool = False) -> list[str]:
    """What each class reads in the legend ("1", "2 – 5", "6 – 20"; "1 – 20%"): whole ranges that never overlap."""

    def shown(value: float) -> str:
        return number(value, lang, digits=classes.digits)

    suffix = "%" if percent else ""
    return [
        (f"{shown(low)}{RANGE}{shown(high)}" if shown(low) != shown(high) else shown(high)) + suffix
        for low, high, _colour in classes.ranges()
    ]


def colour_section(
    classes: Classes | SignedClasses,
    values: pd.Series,
    title: str,
    unit: str,
    lang: str,
    percent: bool = False,
    key: str = "colours",
) -> dict:
    """The choropleth's classes, with "0" and "no data" when some community has them (``values``: one per community).

    Classes below zero (``geo.maps.signed_classes.SignedClasses``) come first, most negative first, then "0",
    then the classes above zero: the legend reads as the scale runs.
    """
    _ = gettext_for(lang)
    indices = [classes.index(v) for v in values]
    items = []
    zero = None
    if -1 in indices:
        shown = number(0, lang, classes.digits) + ("%" if percent else "")
        zero = {"kind": "swatch", "colour": ZERO_COLOUR, "label": esc(shown)}
    for label, (low, _high, colour) in zip(class_labels(classes, lang, percent), classes.ranges(), strict=True):
        if zero is not None and low > 0:
            items.append(zero)
            zero = None
        items.append({"kind": "swatch", "colour": colour, "label": esc(label)})
    if zero is not None:  # every class is below zero
        items.append(zero)
    if None in indices:
        items.append({"kind": "swatch", "colour": NO_DATA_COLOUR, "label": esc(_("no data"))})
    return section(key, title, items, unit)


def needs_section(key: str, kind: str, title: str, lang: str, public: bool = True) -> dict:
    """Needs as the map shows them: a marker with a count per place, and clusters that add them up.

    ``kind`` is the markers' CSS kind (``hm-place-<kind>``: open, closed, needs); ``public``: a
    place is a community (the internal view places needs where they are).
    """
    _ = gettext_for(lang)
    place, several = (_("one community"), _("several communities")) if public else (_("one place"), _("several places"))
    return section(
        key,
        title,
        [
            {"kind": "place", "needs": kind, "count": esc(number(3, lang)), "label": esc(place)},
            {"kind": "cluster", "needs": kind, "count": esc(number(12, lang)), "label": esc(several)},
        ],
        inline=True,
    )


def hubs_section(types: Sequence[str], lang: str, clustered: bool) -> dict:
    """The hub types present (``types``: HUB_TYPES keys, in their order), each with its symbol."""
    _ = gettext_for(lang)
    items = [
        {"kind": "hub", "shape": HUB_SHAPES.get(key, OTHER_HUB_SHAPE), "label": esc(_(HUB_TYPES[key][0]))}
        for key in HUB_TYPES
        if key in set(types)
    ]
    if clustered:
        label = esc(_("hubs nearby: how many"))
        items.append({"kind": "cluster", "needs": "hubs", "count": esc(number(8, lang)), "label": label})
    return section("hubs", _("Hubs"), items, inline=True)


def reference_values(largest: float, shares: Sequence[float] = (1, 1 / 4, 1 / 20)) -> list[int]:
    """Round numbers for a size legend, largest first: ``largest`` to one significant digit, then
    the 1, 2 or 5 x 10^n at or below each further share of it (whole numbers, at least 1)."""
    if largest < 1:
        return []
    power = 10 ** math.floor(math.log10(largest))
    first = int(largest // power) * power
    values = [first, *(_round_down(first * share) for share in shares[1:])]
    return sorted({v for v in values if v >= 1}, reverse=True)


def _round_down(value: float) -> int:
    """The largest 1, 2 or 5 x 10^n at or below ``value`` (0 below 1)."""
    if value < 1:
        return 0
    power = 10 ** math.floor(math.log10(value))
    return next(f * power for f in (5, 2, 1) if f * power <= value)


def circles_section(
    key: str, title: str, unit: str, values: Sequence[int], radius: Callable[[float], float], style: dict, lang: str
) -> dict:
    """Proportional circles: reference ``values`` drawn with the layer's own ``radius`` and ``style``."""
    circles = [{"radius": float(radius(v)), "label": esc(number(v, lang))} for v in values]
    return section(key, title, [{"kind": "circles", "circles": circles, "style": style}] if circles else [], unit)


def lines_section(
    key: str,
    title: str,
    unit: str,
    colours: Sequence[tuple[str, str]],
    values: Sequence[int],
    weight: Callable[[float], float],
    lang: str,
    rings: Sequence[tuple[dict, str]] = (),
) -> dict:
    """Lines as wide as what they carry: a line per colour (colour, escaped label), reference widths
    for ``values`` drawn with the layer's own ``weight``, and rings (style, escaped label)."""
    items: list[dict] = [{"kind": "line", "colour": colour, "weight": 4.0, "label": label} for colour, label in colours]
    items += [
        {"kind": "line", "colour": WIDTH_COLOUR, "weight": float(weight(v)), "label": esc(number(v, lang))} for v in values
    ]
    items += [{"kind": "ring", "style": style, "label": label} for style, label in rings]
    return section(key, title, items, unit)


def origin_section(lang: str) -> dict:
    """The point distances are measured from (the Needs page)."""
    _ = gettext_for(lang)
    return section("origin", "", [{"kind": "origin", "label": esc(_("Distances measured from here"))}])
