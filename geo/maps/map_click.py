"""Which community was clicked on a map, from what streamlit-folium sends back.

streamlit-folium returns the clicked object's tooltip as plain text (the tooltip's HTML parsed
by the browser, ``textContent``), but not its popup when the popup is bound as an HTML string,
and not the GeoJSON feature. So every object that should open a community's page carries its
P-code in its tooltip, in an element the browser never shows (``<span hidden>``): the text
that comes back then names the community exactly, with no guessing from names (1,768
communities, 200 of them sharing a name with another) or coordinates. Hubs, needs and IDP
circles carry no such mark, so clicking them opens their popups as before and nothing else.

The page asks streamlit-folium for ``last_object_clicked_tooltip`` only: panning and zooming
change nothing in it, so they never rerun the app.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from geo.ingest.codes import code_level
from geo.text.safe_html import esc

RETURNED_OBJECTS = ["last_object_clicked_tooltip"]
_MARK = re.compile(r"\[pcode=(UA\d{2}(?:\d{2}(?:\d{3})?)?)\]\s*$")  # a hromada, raion or oblast


def pcode_mark(pcode: str) -> str:
    """The hidden part of a tooltip that names its community: ``<span hidden>[pcode=UA…]</span>``."""
    return f"<span hidden>[pcode={esc(pcode)}]</span>"


@dataclass(frozen=True)
class MapClick:
    """A click on a map object, as far as it matters here: its tooltip text and the community it names."""

    tooltip: str
    pcode: str | None


def parse_click(value: object) -> MapClick | None:
    """streamlit-folium's return value (a dict, or None before any click) as a ``MapClick``."""
    if not isinstance(value, Mapping):
        return None
    tooltip = value.get("last_object_clicked_tooltip")
    if not isinstance(tooltip, str) or not tooltip.strip():
        return None
    found = _MARK.search(tooltip)
    code = code_level(found.group(1)) if found else None
    return MapClick(tooltip.strip(), code[1] if code else None)


def clicked_community(value: object, known: Iterable[str]) -> str | None:
    """The P-code of the community clicked, if the click was on a community this data knows."""
    click = parse_click(value)
    if click is None or click.pcode is None:
        return None
    return click.pcode if click.pcode in set(known) else None


def clicked_unit(value: object, known: Iterable[str]) -> str | None:
    """The P-code of the unit (oblast, raion or hromada) clicked, if it is one of ``known``.

    The same as ``clicked_community``, for the home map at any level (``geo.maps.level_layer``).
    """
    return clicked_community(value, known)
