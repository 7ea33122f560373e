"""Home: the map of communities, needs, hubs and displaced people.

Clicking a community opens its page (pages/community.py). ``?as_of=2025-09-01`` shows the needs
with the status they had that day, ``?since=…`` adds what opened and closed since, and
``?community=UA…`` draws that community's IDP flows on the map, zoomed to it and outlined.
"""

from __future__ import annotations

from functools import partial

import folium
import streamlit as st
from streamlit_folium import st_folium

from app import date_controls, shell
from geo.figures.metrics import DEFAULT_METRIC, METRICS
from geo.figures.summary import attribution_text, headline_tiles
from geo.figures.timeline import since_counts
from geo.ingest.codes import normalize_code
from geo.maps.choropleth_layer import choropleth_layer
from geo.maps.flow_layer import flow_layer
from geo.maps.follow import FLOWS_MAX_ZOOM, focus_layer
from geo.maps.map_click import RETURNED_OBJECTS, clicked_community
from geo.text.formatting import date, number
from geo.text.i18n import gettext_for
from geo.text.safe_markdown import md
from pages.parts.cached import dated_metrics, flow_choices, home_map

context = shell()
lang = context.lang
_ = gettext_for(lang)

# A click on a community in the last run (see _open_clicked): open its page before drawing anything.
if opening := st.session_state.pop("open_community", None):
    st.switch_page("pages/community.py", query_params=opening)

dataset = context.dataset

st.title(_("Communities: needs, hubs and displaced people"))
if dataset is None:
    st.error(_("The data could not be loaded. Open the Data page to see what is wrong."))
    st.stop()


today = context.day  # the reference day (geo.figures.data_date), not the clock
figures = st.container()  # the headline goes above the controls, but depends on the "as of" date
controls = st.container(key="home_controls")  # on a phone they go below the map (app.LAYOUT_CSS)
left, middle, right = controls.columns([4, 1, 1])
as_of, since = date_controls(middle, right, lang)
dated, metrics = dated_metrics(context, as_of)

with figures:
    if as_of:
        st.info(_("As of {date}: each need with the status it had on that day.").format(date=date(as_of)))
    cols = st.columns(len(headline := headline_tiles(dated, as_of or today, lang)))
    for col, (label, value, help_) in zip(cols, headline, strict=True):
        col.metric(label, value, help=help_)
    if since:
        counts = since_counts(dated.needs, since, as_of or today)
        opened_col, closed_col, _rest = st.columns([2, 2, 5])
        opened_col.metric(_("Opened since {date}").format(date=date(since)), number(counts["opened"], lang))
        closed_col.metric(_("Closed since {date}").format(date=date(since)), number(counts["closed"], lang))

metric = left.segmented_control(
    _("Colour communities by"),
    list(METRICS),
    format_func=lambda key: _(METRICS[key][0]),
    default=DEFAULT_METRIC,
    key="metric",
)
metric = metric or DEFAULT_METRIC

flows_of = flow_choices(context, lang)
focus_col, tiles_col = controls.columns([3, 1])
wanted = normalize_code(st.query_params.get("community"))
focus = focus_col.selectbox(
    _("Where displaced people live: flows of a community"),
    list(flows_of),
    index=list(flows_of).index(wanted) if wanted in flows_of else None,
    format_func=flows_of.get,
    placeholder=_("Choose a community of origin or a host community"),
    filter_mode="contains",
    key="flow_focus",
)
if focus:
    st.query_params["community"] = focus
elif "community" in st.query_params:
    del st.query_params["community"]
tiles = tiles_col.toggle(_("Base map (needs internet)"), value=False, key="tiles")

layers = [choropleth_layer(dated, metrics, metric, lang)]
if focus:
    layers.append(flow_layer(dated, focus, lang, top=15, hub_popups=False))
    layers.append(focus_layer(dated, focus, FLOWS_MAX_ZOOM))  # zoomed to and outlined; the flows lead off from there


def _open_clicked(known: frozenset[str], key: str, query: dict[str, str]) -> None:
    """A new click on the map: if it was on a community, open its page on the next run.

    (A callback cannot switch pages itself; the top of this page does, before drawing the map.)
    """
    pcode = clicked_community(st.session_state.get(key), known)
    if pcode:
        st.session_state["open_community"] = {**query, "community": pcode}


map_key = f"home_map_{lang}"
query = {"lang": lang}  # "as_of" and "since" are bound to their date boxes: Streamlit keeps them in the address
the_map = home_map(context, dated, metrics, lang, as_of, tiles)
st_folium(
    the_map,
    key=map_key,
    feature_group_to_add=layers,
    layer_control=folium.LayerControl(collapsed=False),
    returned_objects=RETURNED_OBJECTS,  # a click's tooltip only: panning and zooming never rerun the app
    on_change=partial(_open_clicked, frozenset(dataset.communities["pcode"]), map_key, query),
    use_container_width=True,
    height=640,
)
st.caption(_("Click a community to open its page."))
st.caption(md(attribution_text(dataset, lang, context.demo_boundaries)))  # it names an uploaded file
