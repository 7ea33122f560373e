"""The Community page's longer sections: finding a community, the community on the map, its needs over time,
where its people went, its hubs; the links up to its raion and oblast; and the page of an oblast or a raion
(``unit_page``: its figures, and its raions or communities in a table to open and to download)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app import Context, served
from geo.exports.tables import to_csv, to_xlsx
from geo.figures.community import two_idp_figures, unit_tiles
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
from geo.figures.community_search import SHOWN, candidate_label, search, unit_line, unit_name, unit_title, way_up
from geo.figures.community_tables import flow_table, hub_table, hubs_here, hubs_serving, part_pcodes, parts_table
from geo.figures.flows import DEFAULT_TOP, IN, OUT, flows
from geo.figures.metrics import DEFAULT_METRIC
from geo.figures.summary import attribution_text
from geo.figures.units import FINER
from geo.ingest.loaders import Dataset
from geo.maps.flow_layer import flow_map
from geo.maps.follow import focus_layer
from geo.maps.level_layer import drawn_level, json_pcodes, level_layer, level_note, metric_choices, metric_widget, unit_focus
from geo.maps.map_click import RETURNED_OBJECTS, clicked_community
from geo.text.formatting import date
from geo.text.i18n import N_, gettext_for
from geo.text.safe_markdown import md
from pages.parts.cached import (
    community_finder,
    dated_metrics,
    home_map,
    level_figures,
    level_shapes,
    level_units,
    metric_layer,
    reference,
)

# The candidates read as a list: left-aligned lines, wrapped under their own start.
CANDIDATES_CSS = """<style>
.st-key-community_candidates button, .st-key-community_candidates button > div { justify-content: flex-start; }
.st-key-community_candidates button p { text-align: left; }
.st-key-community_candidates { gap: 0.25rem; }
</style>"""

LEVEL_ICONS = {"hromada": ":material/location_on:", "raion": ":material/map:", "oblast": ":material/public:"}


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
        )
        + " "
        + _("Oblasts and raions are found too, by name or code (Одеська, UA51), each with its own page."),
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
            icon = LEVEL_ICONS.get(str(index.places.at[match.pcode, "level"]), LEVEL_ICONS["hromada"])
            if st.button(label, key=key, type="tertiary", icon=icon, width="stretch"):
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
            served(the_map),
            key=key,
            feature_group_to_add=[level_layer(dated, metrics, DEFAULT_METRIC, "hromada", lang), focus_layer(dated, pcode)],
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
                served(the_map),
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


# --- Up to the raion and the oblast; an oblast's or a raion's page ---------------------------------------------

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARTS_TITLES = {"oblast": "Its raions", "raion": "Its communities"}  # msgids, translated where shown
# Under an oblast's or a raion's map: what a click on a part does (by the level its parts are drawn at).
UNIT_MAP_HINTS = {
    "oblast": N_("Click an oblast to open its page."),
    "raion": N_("Click a raion to open its page."),
    "hromada": N_("Click a community to open its page."),
}


def way_up_links(container, context: Context, pcode: str, level: str, lang: str) -> None:
    """The raion and the oblast the unit lies in, as links to their pages (a hromada's both, a raion's oblast)."""
    links = way_up(context.dataset.communities, pcode, level, lang)
    if not links:
        return
    with container.container(horizontal=True, gap="small", key="community_way_up"):
        for code, title in links:
            params = {"community": code, "lang": lang}
            icon = ":material/arrow_upward:"
            try:
                st.page_link("pages/community.py", label=md(title), icon=icon, query_params=params)
            except st.errors.StreamlitPageNotFoundError:  # the page run on its own (AppTest): no navigation to link in
                if st.button(md(title), key=f"way_up_{code}", type="tertiary", icon=icon):
                    _open(code)


def unit_page(context: Context, header, level: str, pcode: str, as_of: dt.date | None, lang: str) -> None:
    """An oblast's or a raion's page: its title, its oblast, its figures, the two IDP figures where it has both,
    and its raions (an oblast's) or communities (a raion's) with theirs, each a link to its own page."""
    _ = gettext_for(lang)
    dated, _metrics = dated_metrics(context, as_of)
    units = level_units(context, level)
    title = unit_title(unit_name(units, pcode, lang), level, lang)
    header.title(md(title))
    header.caption(unit_line(units, pcode, lang))
    way_up_links(header, context, pcode, level, lang)
    if as_of:
        st.info(_("As of {date}: each need with the status it had on that day.").format(date=date(as_of)))
    metrics = level_figures(context, dated, as_of, level, lang)
    tiles = unit_tiles(metrics, pcode, lang)
    for row in (tiles[:4], tiles[4:]):
        for col, tile in zip(st.columns(len(row)), row, strict=True):
            col.metric(tile.label, tile.value, border=True, help=tile.help)
    note = two_idp_figures(metrics, pcode, level, lang)
    if note:
        st.info(md(note), icon=":material/info:")
    unit_map(context, pcode, level, as_of, lang)
    finer = FINER[level]
    st.subheader(_(PARTS_TITLES[level]))
    parts = level_units(context, finer) if finer == "raion" else pd.DataFrame(dated.communities.drop(columns="geometry"))
    part_metrics = level_figures(context, dated, as_of, finer, lang)
    pcodes = part_pcodes(parts, pcode, level)
    if not pcodes:
        st.info(_("The data names no part of it."))
        return
    shown = parts_table(part_metrics, parts, pcodes, lang, links=True, as_of=as_of)
    code = _("P-code")
    config = {
        code: st.column_config.LinkColumn(code, display_text=r"community=(UA\d+)", help=_("Open its page")),
        _("IDPs per 1,000 residents"): st.column_config.NumberColumn(format="%.1f"),
    }
    for count in (_("IDPs hosted"), _("Population")):  # thousands apart, as the browser's locale writes them
        config[count] = st.column_config.NumberColumn(format="localized")
    st.dataframe(shown, hide_index=True, column_config=config, width="stretch", key="community_parts")
    st.caption(_("Click a code to open that page. Sorted by IDPs hosted; click a column's header to sort by it."))
    table = parts_table(part_metrics, parts, pcodes, lang, as_of=as_of)
    downloads(table, _(PARTS_TITLES[level]), f"{pcode}-{context.day.isoformat()}", lang)


def unit_map(context: Context, pcode: str, level: str, as_of: dt.date | None, lang: str) -> None:
    """The oblast or raion on the home map: its raions (an oblast's) or hromadas (a raion's) coloured by the metric
    chosen among the page's figures, its outline, its needs and hubs, fitted to it; a click on a part opens its page.

    The home map's base and layers (``geo.maps.level_layer``, as ``pages/map.py`` draws a level) under the key of the
    hromada page's map, so that going down from an oblast to a raion to a hromada moves the view, not the map.
    """
    _ = gettext_for(lang)
    dated, metrics = dated_metrics(context, as_of)
    choices = metric_choices(dated, lang)  # the built-in metrics, then the indicators loaded, as on the home map
    if st.session_state.get("unit_metric") not in choices:
        st.session_state["unit_metric"] = DEFAULT_METRIC
    chooser = st.segmented_control if metric_widget(choices) == "segmented" else st.selectbox
    metric = chooser(_("Colour the map by"), list(choices), format_func=choices.get, key="unit_metric")
    metric = metric if metric in choices else DEFAULT_METRIC
    parts = drawn_level(dated, metric, FINER[level])  # a figure given per oblast only is drawn by oblast
    layer, shapes = metric_layer(context, dated, metrics, metric, parts, lang, as_of)
    layers = [layer]
    if focus := unit_focus(dated, pcode, level, level_shapes(context, level)):
        layers.append(focus)
    known = frozenset(dated.communities["pcode"] if shapes is None else json_pcodes(shapes))
    key = f"community_map_{lang}_{as_of}"  # the hromada page's map: the view moves from one page to the next
    with st.container(key="community_map"):
        st_folium(
            served(home_map(context, dated, metrics, lang, as_of)),
            key=key,
            feature_group_to_add=layers,
            layer_control=folium.LayerControl(collapsed=True),
            returned_objects=RETURNED_OBJECTS,
            on_change=partial(_open_other, known, key, pcode),
            use_container_width=True,
            height=480,
        )
    if note := level_note(dated, metric, FINER[level], parts, lang):
        st.info(note)
    st.caption(_(UNIT_MAP_HINTS[parts]))


def downloads(table: pd.DataFrame, sheet: str, stem: str, lang: str) -> None:
    """The page's table as CSV and as Excel (``geo.exports.tables``: no cell runs as a formula); ``sheet``: the
    workbook's sheet name (ours, never a name from data: Excel refuses some characters in it)."""
    _ = gettext_for(lang)
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(
        _("Download the table (CSV)"),
        data=lambda: to_csv(table, lang),
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        key="community_table_csv",
    )
    xlsx_column.download_button(
        _("Download the table (Excel)"),
        data=lambda: to_xlsx(table, sheet),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        key="community_table_xlsx",
    )
