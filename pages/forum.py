"""Forum: the map on a projector, a tour of stops, and exports for slides.

The presenter walks a tour (data/tour.yaml, or one they load) stop by stop: each stop has a
title, a short text, a map view, its layers, filters and "as of" date. Next and previous by the
buttons, the arrow keys, or PageUp / PageDown (what a presentation clicker sends). The stop is in
the address (``?stop=3``, 1-based), so a reload or a language switch stays on it. The sidebar and
Streamlit's header are hidden (geo.forum.forum_style); the language switch is on the page.

Two expanders below the map stay closed on the projector: "Edit the tour" (load a tour, add the
map's current view as a stop, remove a stop, download the tour as YAML) and "Export for slides"
(the map as one HTML file, a 1920x1080 PNG, the tour's figures as CSV and PDF).
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from app import language_key, served, set_language, shell, uploads_allowed
from geo.figures.summary import attribution_text
from geo.forum.forum_map import forum_map, reference_standalone, stop_number, with_presenter_keys
from geo.forum.forum_style import HIDDEN_KEYS, forum_css, style_tag
from geo.forum.tour import TourError
from geo.forum.tour_figures import stop_area, stop_notes, stop_tiles, tiles_note
from geo.text.formatting import date
from geo.text.i18n import LANGUAGE_NAMES, LANGUAGES, gettext_for
from geo.text.safe_markdown import md
from pages.parts import forum_sections, forum_tour
from pages.parts.cached import community_shapes, reference

MAP_HEIGHT = 700  # pixels: most of a 1080p projector, with the title and the buttons above it

context = shell()
lang = context.lang
_ = gettext_for(lang)
st.html(style_tag(forum_css()))
dataset = context.dataset

if dataset is None:
    st.title(_("Forum"), anchor=False)
    st.error(_("The data could not be loaded. Open the Data page to see what is wrong."))
    st.stop()


def _map(stop):
    return forum_map(dataset, stop, lang, attribution, today, shapes, reference(context, lang, reference_standalone(stop)))


try:
    stops = forum_tour.stops()
except TourError as error:  # the demo tour file itself is broken: say what, and where
    st.title(_("Forum"), anchor=False)
    st.error(_("The demo tour could not be read."))
    st.markdown("\n".join(f"- {md(problem.describe(lang))}" for problem in error.problems))
    st.stop()

count = len(stops)
asked = st.query_params.get("stop")
number, wrong = stop_number(asked, count)
st.query_params["stop"] = str(number)
stop = stops[number - 1]
today = context.day  # the reference day (geo.figures.data_date), not the clock
attribution = attribution_text(dataset, lang, context.demo_boundaries)
shapes = community_shapes(context)  # the same on every stop
title = stop.title_in(lang)

# --- The stop's title, where we are in the tour, the language and the buttons ------------------
head, where, buttons = st.columns([7, 2, 3], vertical_alignment="center")
head.title(md(title), anchor=False)
with where:
    position = _("Stop {number} of {count}").format(number=number, count=count)
    if stop.as_of:
        position += "  \n" + _("as of {date}").format(date=date(stop.as_of))  # its own line: a date never wraps
    st.container(key="forum_position").markdown(position)
    switch = language_key("forum_lang")
    st.segmented_control(
        "Мова / Language",
        LANGUAGES,
        format_func=LANGUAGE_NAMES.get,
        default=lang,
        required=True,
        key=switch,
        on_change=lambda: set_language(st.session_state[switch]),
        label_visibility="collapsed",
    )
# Each way: its label, the stop it goes to, whether it can, and its keys. The visible button takes
# the arrow; a clicker sends PageUp / PageDown, and one shortcut per button means a hidden twin
# (geo.forum.forum_style hides HIDDEN_KEYS).
ways = (
    (_("◀ Previous"), number - 1, number == 1, ("forum_previous", "Left"), ("forum_page_up", "PageUp")),
    (_("Next ▶"), number + 1, number == count, ("forum_next", "Right"), ("forum_page_down", "PageDown")),
)
with buttons:
    for column, (label, target, disabled, (key, arrow), _twin) in zip(st.columns(2), ways, strict=True):
        column.button(
            label, key=key, on_click=forum_tour.go, args=(target,), disabled=disabled, shortcut=arrow, width="stretch"
        )
    with st.container(key=HIDDEN_KEYS):
        for label, target, disabled, _visible, (key, page_key) in ways:
            st.button(label, key=key, on_click=forum_tour.go, args=(target,), disabled=disabled, shortcut=page_key)

if wrong:
    st.warning(
        _("There is no stop “{value}” in this tour of {count} stops; here is the first.").format(
            value=md(asked), count=count
        )
    )
if text := stop.text_in(lang):
    st.container(key="forum_text").markdown(md(text))

# --- The map, and the headline tiles beside it -------------------------------------------------
map_col, tiles_col = st.columns([4, 1])
map_slot = map_col.container()
with tiles_col:
    st.container(key="forum_area").markdown(_("**Figures for:** {area}").format(area=md(stop_area(dataset, stop, lang))))
    for label, value in stop_tiles(dataset, stop, lang, today):
        st.metric(label, value, border=True)
    if why := tiles_note(dataset, stop, lang, today):
        st.container(key="forum_tiles_note").markdown(md(why))  # the area's names are the data's
notes = stop_notes(dataset, stop, lang)
if notes:
    with st.container(key="forum_notes"):
        for note in notes:
            st.caption(md(note))

edit = st.expander(_("Edit the tour"), key="forum_edit", on_change="rerun")
export = st.expander(_("Export for slides"), key="forum_export")
editing = bool(edit.open)

with map_slot:
    # Only while editing does the map send back its view (every pan then reruns the page); the key
    # changes with it, since streamlit-folium reads returned_objects once, when the map is created.
    returned = st_folium(
        served(with_presenter_keys(_map(stop))),
        key=f"forum_map_{number}_{lang}_{'edit' if editing else 'show'}",
        returned_objects=["center", "zoom"] if editing else [],
        use_container_width=True,
        height=MAP_HEIGHT,
    )

with edit:
    forum_sections.edit_tour(stops, number, returned, lang, uploads_allowed())
with export:
    forum_sections.export_for_slides(
        dataset, stops, number, _map, lang, today, context.key, attribution, context.dates and context.dates.data_as_of
    )

st.page_link("pages/map.py", label=_("Leave forum mode"), query_params={"lang": lang})
