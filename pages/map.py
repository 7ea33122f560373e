"""Home: the map of communities, needs, hubs and displaced people.

Clicking a community opens its page (pages/community.py). ``?as_of=2025-09-01`` shows the needs
with the status they had that day, ``?since=…`` adds what opened and closed since, and
``?community=UA…`` draws that community's IDP flows on the map, zoomed to it and outlined.
``?level=oblast`` (or ``raion``; ``hromada`` by default) colours the map by oblast or raion: a click on
an oblast opens its raions, a click on a raion its hromadas (``?within=`` the unit zoomed into).
"""

from __future__ import annotations

from functools import partial

import folium
import streamlit as st
from streamlit_folium import st_folium

from app import date_controls, served, shell
from geo.figures.metrics import DEFAULT_METRIC
from geo.figures.summary import attribution_text, headline_tiles
from geo.figures.timeline import since_counts
from geo.ingest.codes import normalize_code
from geo.maps.flow_layer import flow_layer
from geo.maps.follow import FLOWS_MAX_ZOOM, focus_layer
from geo.maps.level_layer import (
    CLICK_HINTS,
    DEFAULT_LEVEL,
    LEVEL_CHOICES,
    drawn_level,
    finer,
    json_pcodes,
    level_note,
    level_of,
    metric_choices,
    metric_widget,
    unit_code,
    zoom_into,
)
from geo.maps.map_click import RETURNED_OBJECTS, clicked_community, clicked_unit
from geo.text.formatting import date, number
from geo.text.i18n import gettext_for
from geo.text.safe_markdown import md
from pages.parts.cached import dated_metrics, flow_choices, home_map, metric_layer

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
focus_col, level_col, tiles_col = controls.columns([5, 4, 3])  # the level beside the flows: the map starts higher
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

# The level of the map, kept in the address (?level=oblast); a click on a unit sets it too (_open_clicked).
if "map_level" not in st.session_state:
    st.session_state["map_level"] = level_of(st.query_params.get("level"))
    st.session_state["map_within"] = unit_code(st.query_params.get("within"))
chosen = level_col.segmented_control(
    _("Level of the map"),
    list(LEVEL_CHOICES),
    format_func=lambda key: _(LEVEL_CHOICES[key]),
    key="map_level",
    on_change=lambda: st.session_state.pop("map_within", None),  # chosen by hand: no unit to zoom into
)
level = level_of(chosen)
within = st.session_state.get("map_within")
if level == DEFAULT_LEVEL:
    st.query_params.pop("level", None)
else:
    st.query_params["level"] = level
if within:
    st.query_params["within"] = within
else:
    st.query_params.pop("within", None)

choices = metric_choices(dated, lang)  # the built-in metrics, then the indicators loaded (geo.figures.indicator_metrics)
if st.session_state.get("metric") not in choices:  # an indicator's file removed: back to the default
    st.session_state["metric"] = DEFAULT_METRIC
chooser = left.segmented_control if metric_widget(choices) == "segmented" else left.selectbox  # many indicators: a list
metric = chooser(_("Colour communities by"), list(choices), format_func=choices.get, key="metric")
metric = metric if metric in choices else DEFAULT_METRIC

flows_of = flow_choices(context, lang)
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

drawn = drawn_level(dated, metric, level)  # coarser than the level chosen when the data is only given coarser
layer, shapes = metric_layer(context, dated, metrics, metric, drawn, lang, as_of)  # an indicator: its own figures
known = frozenset(dataset.communities["pcode"] if shapes is None else json_pcodes(shapes))
layers = [layer]
if within and (zoom := zoom_into(dated, within, drawn)) is not None:
    layers.append(zoom)
if focus:
    layers.append(flow_layer(dated, focus, lang, top=15, hub_popups=False))
    layers.append(focus_layer(dated, focus, FLOWS_MAX_ZOOM))  # zoomed to and outlined; the flows lead off from there


def _open_clicked(known: frozenset[str], key: str, query: dict[str, str], level: str) -> None:
    """A new click on the map: on a community, open its page on the next run; on an oblast or a
    raion, show its raions or hromadas, zoomed into it.

    (A callback cannot switch pages itself; the top of this page does, before drawing the map.)
    """
    value = st.session_state.get(key)
    if level == "hromada":
        if pcode := clicked_community(value, known):
            st.session_state["open_community"] = {**query, "community": pcode}
    elif pcode := clicked_unit(value, known):
        st.session_state["map_level"] = finer(level)
        st.session_state["map_within"] = pcode


map_key = f"home_map_{lang}"
query = {"lang": lang}  # "as_of" and "since" are bound to their date boxes: Streamlit keeps them in the address
the_map = home_map(context, dated, metrics, lang, as_of, tiles)
st_folium(
    served(the_map),
    key=map_key,
    feature_group_to_add=layers,
    layer_control=folium.LayerControl(collapsed=False),
    returned_objects=RETURNED_OBJECTS,  # a click's tooltip only: panning and zooming never rerun the app
    on_change=partial(_open_clicked, known, map_key, query, drawn),
    use_container_width=True,
    height=640,
)
if note := level_note(dated, metric, level, drawn, lang):
    st.info(note)
st.caption(_(CLICK_HINTS[drawn]))
st.caption(md(attribution_text(dataset, lang, context.demo_boundaries)))  # it names an uploaded file
