"""The Needs page's map: a base that never changes, and small layers that follow the filters.

streamlit-folium remounts its map whenever the base map's script changes, and a remount costs
seconds with 1,768 communities. So the base (``needs_base_map``) depends only on the data and the
language: the community shapes (drawn once, registered by P-code in ``window.hmCommunities``)
and the hubs. What follows the filters goes through ``feature_group_to_add`` (``needs_layers``):

- the filtered needs, clustered, one marker per place with the number of needs there (in the
  public view a place is a community's centre, so 100,000 needs are at most 1,768 markers);
- a few lines of JavaScript that recolour the communities already on the map by the filtered
  open needs and update their tooltips, with the legend (kilobytes, not the shapes again);
- the point distances are measured from, when the list is sorted by distance;
- the view, fitted to the filtered needs (``geo.maps.follow``): it moves only when where they are
  changes, and stays where it is when no need is left.

A click on the map comes back as ``last_active_drawing`` (the clicked feature, with its P-code
or hub index) and ``last_object_clicked`` (where): ``parse_click`` turns that into a
``MapClick`` and ``after_click`` into new filters. All text from data is escaped here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import folium
import folium.plugins
import pandas as pd

from geo.figures.distance import Origin, point_text
from geo.figures.filters import Filters
from geo.ingest.codes import normalize_code
from geo.ingest.loaders import Dataset
from geo.maps.assets import localize
from geo.maps.choropleth import ZERO_COLOUR, Classes, classify
from geo.maps.follow import follow_needs
from geo.maps.hub_layer import hubs_layer
from geo.maps.legend import LegendEntry, colour_section, needs_section, newest_record, origin_section
from geo.maps.map_builder import blank_map
from geo.maps.need_places import NeedsPlaces, place_payload
from geo.maps.reference_layers import Reference, add_reference, reference_data
from geo.maps.shapes import CommunityShapes, Places, Recolour, places_payload
from geo.text.formatting import number
from geo.text.i18n import gettext_for
from geo.text.safe_html import esc

COUNT_RAMP = "open_needs"  # the choropleth scheme and classes (geo.maps.choropleth) for filtered open needs

# ---------------------------------------------------------------------------------------------
# The base: community shapes and hubs (the same on every rerun)


def needs_base_map(
    dataset: Dataset, lang: str, attribution: str, shapes: str, tiles: bool = False, reference: Reference | None = None
) -> folium.Map:
    """The part of the Needs map that does not change with the filters.

    ``shapes`` comes from ``geo.maps.shapes.shapes_payload``; ``attribution`` is trusted app text (escaped anyway).
    ``reference`` (``geo.maps.reference_layers.reference_data`` of the same shapes) when the caller caches it.
    """
    _ = gettext_for(lang)
    m = blank_map(lang, attribution, tiles, newest=newest_record(dataset))
    Places(places_payload(dataset, lang)).add_to(m)  # first: the layers below name communities by position
    CommunityShapes(shapes, _("Communities"), control=False).add_to(m)
    hubs_layer(dataset, lang).add_to(m)  # each hub carries its row number, so that a click can pick it
    add_reference(m, reference or reference_data(dataset, shapes, lang), lang)  # outlines and names
    localize(m)
    return m


# ---------------------------------------------------------------------------------------------
# The layers that follow the filters


def count_legend(classes: Classes, every: pd.Series, lang: str) -> dict:
    """The legend's colour section for communities coloured by filtered open needs (``every``: one count per community)."""
    _ = gettext_for(lang)
    return colour_section(classes, every, _("Unmet needs matching the filters"), _("needs (open or in progress)"), lang)


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
        The filtered needs in the list's order (``geo.figures.needs_view.ordered``).
    counts
        Filtered open needs per P-code (``geo.figures.needs_view.open_counts``): the communities' colours.
    origin
        Where distances are measured from, drawn as a point; None when the list is not sorted by distance.
    """
    _ = gettext_for(lang)
    places = folium.FeatureGroup(name=_("Needs matching the filters"))
    NeedsPlaces(place_payload(needs, dataset, lang, internal), _("Needs matching the filters")).add_to(places)
    LegendEntry(needs_section("needs", "needs", _("Needs matching the filters"), lang, public=not internal)).add_to(places)

    colours = folium.FeatureGroup(name=_("Unmet needs matching the filters"), control=False)
    classes = classify(counts, COUNT_RAMP)
    every = counts.reindex(pd.Index(dataset.communities["pcode"])).fillna(0)
    coloured = [classes.colour(float(n)) if n > 0 else ZERO_COLOUR for n in every]
    shown = [esc(number(n, lang)) for n in every]
    Recolour(coloured, shown, esc(_("Unmet needs matching the filters"))).add_to(colours)
    LegendEntry(count_legend(classes, every, lang)).add_to(colours)

    groups = [places, colours]
    follow = follow_needs(needs)
    if follow is not None:
        groups.append(follow)
    if origin is not None:
        mark = folium.FeatureGroup(name=_("Distances measured from here"), control=False)
        folium.Marker(
            [origin.lat, origin.lon],
            icon=folium.DivIcon(class_name="hm-origin", icon_size=(16, 16)),
            tooltip=esc(_("Distances measured from here")),
        ).add_to(mark)
        LegendEntry(origin_section(lang)).add_to(mark)
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
