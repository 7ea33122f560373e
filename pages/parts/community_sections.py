"""The Community page's longer sections: finding a community, the community on the map, its needs over time,
where its people went, its hubs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app import Context
from geo.figures.community_charts import (
    FREQUENCIES,
    closure_chart,
    closure_curve,
    newest_record,
    opened_closed,
    opened_closed_chart,
    sector_chart,
    sector_status,
)
from geo.figures.community_search import SHOWN, candidate_label, search
from geo.figures.community_tables import flow_table, hub_table, hubs_here, hubs_serving
from geo.figures.flows import DEFAULT_TOP, IN, OUT, flows
from geo.figures.metrics import DEFAULT_METRIC
from geo.figures.summary import attribution_text
from geo.ingest.loaders import Dataset
from geo.maps.choropleth_layer import choropleth_layer
from geo.maps.flow_layer import flow_map
from geo.maps.follow import focus_layer
from geo.maps.map_click import RETURNED_OBJECTS, clicked_community
from geo.text.i18n import gettext_for
from geo.text.safe_markdown import md
from pages.parts.cached import community_finder, dated_metrics, home_map, reference

# The candidates read as a list: left-aligned lines, wrapped under their own start.
CANDIDATES_CSS = """<style>
.st-key-community_candidates button, .st-key-community_candidates button > div { justify-content: flex-start; }
.st-key-community_candidates button p { text-align: left; }
.st-key-community_candidates { gap: 0.25rem; }
</style>"""


def _open(pcode: str) -> None:
    st.query_params["community"] = pcode
    st.rerun(scope="app")


@st.fragment
def find(context: Context, pcode: str | None, lang: str) -> None:
    """The search box and, as one types, the communities it finds (``geo.figures.community_search``).

    A fragment: typing reruns the box and its list, not the page's maps. Nothing opens by itself while
    one types: every name found is listed with its raion, oblast, centre and code, and the user picks
    one. Only a whole P-code or KATOTTH code opens its community at once: it names exactly one, and
    nobody types nine characters of a code by accident. Its key holds the community shown, so that
    the box is empty again on the page it opened.
    """
    _ = gettext_for(lang)
    query = st.text_input(
        _("Find a community"),
        key=f"community_search_{pcode}",
        type="search",
        live=True,
        placeholder=_("Community, its centre or its code"),
        help=_(
            "Type a community's name or the town or village it is run from, in Ukrainian or English "
            "(Шевченкове, Shevchenkove, Nikolaev), or its P-code or KATOTTH code, then choose it from the list."
        ),
    )
    if not query or not query.strip():
        return
    index = community_finder(context)
    found = search(index, query)
    if found.by_code:
        if found.matches[0].pcode != pcode:
            _open(found.matches[0].pcode)
        return
    if not found.matches:
        nothing = _("No community matches “{text}”. Check the spelling, or try its centre, its English name or its code.")
        st.warning(nothing.format(text=md(query.strip())))
        return
    count = len(found.matches)
    if found.only_close:
        st.caption(_("Nothing matches “{text}” as typed; these names are close:").format(text=md(query.strip())))
    elif count > SHOWN:
        st.caption(
            _("Matches: {count}; the first {shown} are shown. Type more of the name to narrow them down.").format(
                count=count, shown=SHOWN
            )
        )
    else:
        st.caption(_("Matches: {count}. Choose a community:").format(count=count))
    st.html(CANDIDATES_CSS)
    with st.container(key="community_candidates"):
        for match in found.matches[:SHOWN]:
            label, key = candidate_label(index, match, lang), f"candidate_{match.pcode}"
            if st.button(label, key=key, type="tertiary", icon=":material/location_on:", width="stretch"):
                _open(match.pcode)


def _open_other(known: frozenset[str], key: str, shown: str) -> None:
    """A click on another community of the map opens its page (a callback: the address changes)."""
    target = clicked_community(st.session_state.get(key), known)
    if target and target != shown:
        st.query_params["community"] = target


def on_the_map(context: Context, pcode: str, as_of: dt.date | None, lang: str) -> None:
    """The community on the map of every community, zoomed to and outlined; a click on another opens it.

    The home map's base (shapes and overlays cached per data set, language and date) under the same
    key for every community, so that finding another one moves the view and the outline instead of
    reloading the map (``geo.maps.follow.focus_layer`` through ``feature_group_to_add``).
    """
    _ = gettext_for(lang)
    dataset = context.dataset
    dated, metrics = dated_metrics(context, as_of)
    the_map = home_map(context, dated, metrics, lang, as_of)
    key = f"community_map_{lang}_{as_of}"
    with st.container(key="community_map"):  # one of two maps on the page: its class tells them apart
        st_folium(
            the_map,
            key=key,
            feature_group_to_add=[choropleth_layer(dated, metrics, DEFAULT_METRIC, lang), focus_layer(dated, pcode)],
            layer_control=folium.LayerControl(collapsed=True),
            returned_objects=RETURNED_OBJECTS,  # a click's tooltip only: panning never reruns the page
            on_change=partial(_open_other, frozenset(dataset.communities["pcode"]), key, pcode),
            use_container_width=True,
            height=440,
        )
    st.caption(_("Click another community to open its page."))


def needs_over_time(dataset: Dataset, mine: pd.DataFrame, as_of: dt.date | None, lang: str) -> None:
    """By sector and status; opened and closed a week or a month; reported and closed so far."""
    _ = gettext_for(lang)
    st.subheader(_("Needs"))
    if mine.empty:
        st.info(_("No needs are recorded for this community."))
    else:
        until = as_of or newest_record(dataset)
        left, right = st.columns(2)
        with left:
            st.markdown(_("**By sector and status**"))
            st.vega_lite_chart(sector_chart(sector_status(mine), lang), width="stretch")
        with right:
            freq = st.segmented_control(
                _("Opened and closed"),
                list(FREQUENCIES),
                format_func=lambda key: _(FREQUENCIES[key]),
                default="W",
                key="freq",
            )
            freq = freq or "W"
            st.vega_lite_chart(opened_closed_chart(opened_closed(mine, freq, until), freq, lang), width="stretch")
        st.markdown(_("**Reported and closed, total so far** (the gap between the lines is what is still open)"))
        st.vega_lite_chart(closure_chart(closure_curve(mine, until), lang), width="stretch")


def where_people_went(
    context: Context,
    dated: Dataset,
    pcode: str,
    labels: dict[str, str],
    as_of: dt.date | None,
    lang: str,
    go_to: Callable[[str], None],
) -> None:
    """The flows of its displaced residents, or of the IDPs it hosts, on a map and in a table;
    a click on another community's circle opens that community's page (``go_to``)."""
    _ = gettext_for(lang)
    dataset = context.dataset
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
                left.segmented_control(
                    _("Show"), available, format_func=directions.get, default=available[0], key="direction"
                )
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
            reference(context, lang, standalone=True),  # no community shapes on this map: lines of their own
            top,
        )
        with st.container(key="community_flows"):  # the page's second map (community_map is the first)
            clicked = st_folium(
                the_map,
                key=f"flows_{pcode}_{direction}_{top}_{lang}_{as_of}",
                returned_objects=RETURNED_OBJECTS,
                use_container_width=True,
                height=520,
            )
        target = clicked_community(clicked, labels)
        if target and target != pcode:
            go_to(target)
        st.caption(_("Line width: displaced people. Click a community's circle to open its page."))
        st.dataframe(
            flow_table(dataset, flows(dated.idp_counts, pcode, direction, top), lang), hide_index=True, width="stretch"
        )


def hubs(dataset: Dataset, pcode: str, lang: str) -> None:
    """The hubs in the community, and those elsewhere that serve its displaced residents."""
    _ = gettext_for(lang)
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
