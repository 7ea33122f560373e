"""Needs: aid providers find the unmet needs they can close, share the view and take the list away.

Thin: the widgets hold the filters (``geo.figures.filters``), the address holds the same filters (a
copied link reproduces the view), and ``geo`` makes the list, the map layers and the exports.
The view is public unless the deployment turns on the internal view (``geo.ingest.settings``).
"""

from __future__ import annotations

import os
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import folium
import streamlit as st
from streamlit_folium import st_folium

from app import served, shell
from geo.figures.disclosure import K
from geo.figures.distance import resolve_origin
from geo.figures.filter_params import (
    POINT,
    WIDGET_KEYS,
    from_widgets,
    widget_values,
)
from geo.figures.needs_view import (
    DATE_COLUMNS,
    LIST_COLUMNS,
)
from geo.figures.summary import attribution_text
from geo.ingest.settings import internal_view_enabled
from geo.maps.needs_map import (
    RETURNED_OBJECTS,
    after_click,
    needs_base_map,
    needs_layers,
    parse_click,
)
from geo.text.i18n import gettext_for
from pages.parts import needs_exports, needs_filters, needs_list
from pages.parts.cached import community_shapes, filter_choices, filter_labels, needs_view, reference

KYIV = ZoneInfo("Europe/Kyiv")  # "days open" counts Kyiv days, wherever the server runs
CLICK_MODE_KEY = "needs_click_mode"

context = shell()
lang = context.lang
_ = gettext_for(lang)
dataset = context.dataset
state = st.session_state

st.title(_("Needs that are waiting for help"))
if dataset is None:
    st.error(_("The data could not be loaded. Open the Data page to see what is wrong."))
    st.stop()

internal = internal_view_enabled(os.environ, st.secrets)
today = datetime.now(KYIV).date()  # the exports' file names
day = context.day  # what "days open" counts to (geo.figures.data_date)
map_key = f"needs_map_{lang}"


choices = filter_choices(context)

# ---- The address and the widgets: a link sets the widgets; the widgets then set the address.
needs_filters.widgets_from_address(context.key, choices)


def _clear_community() -> None:
    state[WIDGET_KEYS["community"]] = []


def _on_map_click() -> None:
    """A click narrows the filters to the community, or sets the point distances are measured from."""
    click = parse_click(state.get(map_key))
    if click is None or click == state.get("needs_last_click"):
        return
    state["needs_last_click"] = click
    after = after_click(from_widgets(state), click, state.get(CLICK_MODE_KEY) or "community", dataset.hubs)
    for key, value in widget_values(after, choices.hubs).items():
        state[key] = value


notes_area = st.container()
view_area = st.container()
figures_area = st.container()
left, right = st.columns([3, 2], gap="medium")

# ---- Filters
community_label, oblast_label, community_order = filter_labels(context, lang)

needs_filters.sidebar(choices, community_label, oblast_label, community_order, lang)

with right:
    point = needs_filters.order_box(context, lang)

filters = from_widgets(state)

params = needs_filters.address_follows(filters)

# ---- The filtered list: one frame for the figures, the map, the table and the exports
origin = resolve_origin(filters.near, dataset.hubs)
listed, table, counts, figures = needs_view(context, internal, lang, filters, day)

with notes_area:
    if state.get("needs_notes") and state.get("needs_notes_for") == filters:
        for note in state["needs_notes"]:
            st.warning(note.markdown(lang))  # the link's values show as text, never as a link or an image
with view_area:
    if internal:
        st.warning(
            _(
                "Internal view: names, phones, addresses and notes of the people who asked for help are shown. "
                "Do not project this screen or share its files outside the team."
            )
        )
    else:
        st.caption(
            _(
                "Public view: no names, phones, addresses or notes, and every need is shown at its community, "
                "never at a household's address."
            )
        )
        st.caption(
            _(
                "Where fewer than {k} needs of a community share a combination of vulnerable groups, those groups are "
                "not shown, so that no household can be recognised; the group filter does not find those needs either."
            ).format(k=K)
        )
with figures_area:
    for column, (label, value, help_) in zip(st.columns(4), figures, strict=True):
        column.metric(label, value, help=help_)

with left:
    st.segmented_control(
        _("A click on the map"),
        ["community", "distance"],
        format_func={"community": _("chooses the community"), "distance": _("sets the point to measure from")}.get,
        default="community",
        key=CLICK_MODE_KEY,
    )
    attribution = attribution_text(dataset, lang, context.demo_boundaries)
    st_folium(
        served(needs_base_map(dataset, lang, attribution, community_shapes(context), reference=reference(context, lang))),
        key=map_key,
        feature_group_to_add=needs_layers(listed, counts, dataset, lang, internal, origin),
        layer_control=folium.LayerControl(collapsed=False),
        returned_objects=RETURNED_OBJECTS,
        on_change=_on_map_click,
        use_container_width=True,
        height=600,
    )
    if filters.community:
        st.button(_("Show all communities"), on_click=_clear_community, key="needs_all_communities")

with right:
    if state.get(WIDGET_KEYS["near"]) == POINT and not point:
        st.caption(_("Choose “sets the point to measure from” above the map, then click the map."))
    dates = {_(LIST_COLUMNS[key]): st.column_config.DateColumn(format="YYYY-MM-DD") for key in DATE_COLUMNS}
    page = needs_list.table(table, (context.key, filters), lang, column_config=dates)  # one page; the files hold all

# ---- Take it away, or send it to a colleague
needs_list.downloads_note(page, lang)
needs_exports.downloads(
    table, listed, dataset, filters, internal, lang, today, attribution, context.dates and context.dates.data_as_of
)
if st.context.url:
    st.caption(_("The address of this page holds the filters. Copy it, or this link, to share this view:"))
    st.code(st.context.url + "?" + urlencode({"lang": lang, **params}, doseq=True), language=None)
