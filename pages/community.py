"""Community: one community's page, as its residents and its council see it.

Reached by clicking a community on a map, by the search box, or by address:
``?community=UA1402001`` (a KATOTTH code works too), ``&as_of=2025-09-01`` (the needs with the
status they had that day), ``&since=2025-08-15`` (what opened and closed from that day on).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit_folium import st_folium

from app import date_controls, shell
from geo.figures.community import (
    CHANGE_COLOURS,
    FREQUENCIES,
    STATUS_COLOURS,
    changes_table,
    chart_labels,
    closure_curve,
    community_name,
    community_table,
    data_quality,
    find_communities,
    flow_table,
    headline,
    headline_tiles,
    hub_table,
    hubs_here,
    hubs_serving,
    newest_record,
    opened_closed,
    place_line,
    quality_tiles,
    search_labels,
    sector_status,
    stale_warnings,
)
from geo.figures.flows import DEFAULT_TOP, IN, OUT, flows
from geo.figures.summary import attribution_text
from geo.figures.timeline import changes_since, dataset_as_of, since_counts
from geo.ingest.codes import normalize_code
from geo.maps.flow_layer import flow_map, oblast_outlines
from geo.maps.map_click import RETURNED_OBJECTS, clicked_community
from geo.text.formatting import date
from geo.text.i18n import gettext_for
from geo.text.safe_markdown import md

context = shell()
lang = context.lang
_ = gettext_for(lang)
dataset = context.dataset

if dataset is None:
    st.title(_("Community"))
    st.error(_("The data could not be loaded. Open the Data page to see what is wrong."))
    st.stop()


@st.cache_resource(show_spinner=False, max_entries=4)
def _labels(_dataset, key: str, lang: str) -> dict[str, str]:
    return search_labels(_dataset.communities, lang)


@st.cache_resource(show_spinner=False, max_entries=8)
def _dated(_dataset, key: str, day: dt.date | None):
    """The data as it stood on ``day``, and every community's figures then (read-only, shared)."""
    dated = dataset_as_of(_dataset, day)
    return dated, community_table(dated)


@st.cache_resource(show_spinner=False, max_entries=2)
def _outlines(_dataset, key: str) -> dict:
    return oblast_outlines(_dataset.communities)


def _go_to(pcode: str) -> None:
    st.query_params["community"] = pcode
    st.rerun()


labels = _labels(dataset, context.key, lang)
wanted = st.query_params.get("community")
pcode = normalize_code(wanted)
today = dt.date.today()

header = st.container()  # the title, above the search box that chooses it

# --- Finding a community, and the dates -------------------------------------------------------
search, as_of_col, since_col = st.columns([3, 1, 1])
choice = search.selectbox(
    _("Find a community"),
    list(labels),
    index=list(labels).index(pcode) if pcode in labels else None,
    format_func=lambda code: labels.get(code, code),
    placeholder=_("Name in Ukrainian or English, or its code"),
    accept_new_options=True,
    filter_mode="contains",
    key=f"community_search_{pcode}",
)
as_of, since = date_controls(as_of_col, since_col, lang)
if choice and choice != pcode:
    found = [choice] if choice in labels else find_communities(dataset.communities, choice)
    if found:
        _go_to(found[0])
    search.warning(_("No community matches “{text}”.").format(text=md(choice)))

if pcode is None or pcode not in labels:
    header.title(_("Community"))
    if wanted:
        st.warning(_("No community has the code “{code}”.").format(code=md(wanted)))
    st.info(_("Find a community by its name in Ukrainian or English, or by its code, or click it on the map."))
    st.stop()

st.query_params["community"] = pcode
on = as_of or today
dated, table = _dated(dataset, context.key, as_of)
mine = dated.needs[dated.needs["pcode"] == pcode]
name = community_name(dataset.communities, pcode, lang)

header.title(_("{name} community").format(name=md(name)))
header.caption(place_line(dataset.communities, pcode, lang))
if as_of:
    st.info(_("As of {date}: each need with the status it had on that day.").format(date=date(as_of)))

# --- Headline figures --------------------------------------------------------------------------
tiles = headline_tiles(headline(table, dated.needs, pcode), lang)
for row in (tiles[:4], tiles[4:]):
    for col, tile in zip(st.columns(len(row)), row, strict=True):
        col.metric(
            tile.label,
            tile.value,
            tile.delta,
            delta_color=tile.delta_color,
            delta_description=tile.delta_description,
            border=True,
        )

if since:
    counts = since_counts(mine, since, on)
    opened_col, closed_col = st.columns(2)
    opened_col.metric(_("Opened since {date}").format(date=date(since)), counts["opened"], border=True)
    closed_col.metric(_("Closed since {date}").format(date=date(since)), counts["closed"], border=True)
    changes = changes_since(mine, since, on)
    if not changes.empty:
        with st.expander(_("The needs opened and closed since {date}").format(date=date(since))):
            st.dataframe(changes_table(changes, lang), hide_index=True, width="stretch")

# --- Data quality ------------------------------------------------------------------------------
st.subheader(_("How fresh and complete the data is"))
quality = data_quality(dated.needs, dated.idp_counts, pcode, on)
quality_shown = quality_tiles(quality, on, lang)
for row in (quality_shown[:3], quality_shown[3:]):
    for col, tile in zip(st.columns(len(row)), row, strict=True):
        col.metric(tile.label, tile.value, delta_description=tile.delta_description, border=True)
for warning in stale_warnings(quality, lang):
    st.warning(warning)

# --- Charts ------------------------------------------------------------------------------------
st.subheader(_("Needs"))
if mine.empty:
    st.info(_("No needs are recorded for this community."))
else:
    until = as_of or newest_record(dataset)
    left, right = st.columns(2)
    with left:
        st.markdown(_("**By sector and status**"))
        st.bar_chart(
            chart_labels(sector_status(mine), lang),
            horizontal=True,
            color=list(STATUS_COLOURS.values()),
            x_label=_("needs"),
            y_label="",
        )
    with right:
        freq = st.segmented_control(
            _("Opened and closed"),
            list(FREQUENCIES),
            format_func=lambda key: _(FREQUENCIES[key]),
            default="W",
            key="freq",
        )
        st.bar_chart(
            chart_labels(opened_closed(mine, freq or "W", until), lang),
            stack=False,
            color=list(CHANGE_COLOURS.values()),
            x_label="",
            y_label=_("needs"),
        )
    st.markdown(_("**Reported and closed, total so far** (the gap between the lines is what is still open)"))
    st.line_chart(
        chart_labels(closure_curve(mine, until), lang),
        color=[STATUS_COLOURS["open"], STATUS_COLOURS["closed"]],
        x_label="",
        y_label=_("needs"),
    )

# --- Where people went -------------------------------------------------------------------------
st.subheader(_("Where people went"))
directions = {
    OUT: _("Where its displaced residents live now"),
    IN: _("Where the IDPs it hosts came from"),
}
available = [d for d in directions if not flows(dated.idp_counts, pcode, d, None).empty]
if not available:
    st.info(_("No IDP count names this community, as origin or as host."))
else:
    left, right = st.columns([3, 1])
    direction = available[0]
    if len(available) > 1:
        direction = (
            left.segmented_control(_("Show"), available, format_func=directions.get, default=available[0], key="direction")
            or available[0]
        )
    else:
        left.markdown(f"**{directions[direction]}**")
    shown = len(flows(dated.idp_counts, pcode, direction, None))
    top = DEFAULT_TOP
    if shown > 5:
        top = right.slider(
            _("Largest flows on the map"),
            5,
            max(5, min(shown, 100)),
            min(DEFAULT_TOP, shown),
            key="top",
            help=_("The others are summed in one row of the table."),
        )
    the_map = flow_map(
        dated,
        pcode,
        lang,
        (direction,),
        attribution_text(dataset, lang, context.demo_boundaries),
        _outlines(dataset, context.key),
        top,
    )
    clicked = st_folium(
        the_map,
        key=f"flows_{pcode}_{direction}_{top}_{lang}_{as_of}",
        returned_objects=RETURNED_OBJECTS,
        use_container_width=True,
        height=520,
    )
    target = clicked_community(clicked, labels)
    if target and target != pcode:
        _go_to(target)
    st.caption(_("Line width: displaced people. Click a community's circle to open its page."))
    st.dataframe(flow_table(dataset, flows(dated.idp_counts, pcode, direction, top), lang), hide_index=True, width="stretch")

# --- Hubs --------------------------------------------------------------------------------------
st.subheader(_("Hubs"))
website = {_("Website"): st.column_config.LinkColumn()}
here = hubs_here(dataset, pcode)
serving = hubs_serving(dataset, pcode)
st.markdown(_("**In the community**"))
if here.empty:
    st.caption(_("No hub is recorded in this community."))
else:
    st.dataframe(hub_table(here, dataset, lang), hide_index=True, column_config=website, width="stretch")
st.markdown(_("**Elsewhere, serving its displaced residents**"))
if serving.empty:
    st.caption(_("No hub elsewhere is recorded as serving this community."))
else:
    st.dataframe(hub_table(serving, dataset, lang), hide_index=True, column_config=website, width="stretch")
