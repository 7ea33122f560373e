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

import datetime as dt
from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from app import community_shapes, language_key, set_language, shell, uploads_allowed
from geo.exports.snapshot import SnapshotUnavailable, render_pdf, render_png
from geo.exports.standalone import standalone_html
from geo.figures.summary import attribution_text
from geo.forum.forum_map import file_stem, forum_map, returned_view, stop_number, with_presenter_keys
from geo.forum.forum_style import HIDDEN_KEYS, forum_css, style_tag
from geo.forum.tour import DEFAULT_TOUR, TourError, load_tour, stop_from_view, tour_to_yaml
from geo.forum.tour_figures import stop_area, stop_notes, stop_tiles, tour_figures
from geo.forum.tour_summary import summary_csv, summary_html
from geo.forum.tour_upload import read_tour_boxed
from geo.text.formatting import date
from geo.text.i18n import LANGUAGE_NAMES, LANGUAGES, gettext_for
from geo.text.safe_markdown import md

MAP_HEIGHT = 700  # pixels: most of a 1080p projector, with the title and the buttons above it
TOUR = "forum_tour"  # session state: {"name": ..., "stops": [...]} once the presenter loads or edits a tour

context = shell()
lang = context.lang
_ = gettext_for(lang)
st.html(style_tag(forum_css()))
dataset = context.dataset

if dataset is None:
    st.title(_("Forum"), anchor=False)
    st.error(_("The data could not be loaded. Open the Data page to see what is wrong."))
    st.stop()


@st.cache_resource(show_spinner=False)
def _demo_tour() -> list:
    """The demo tour, read once per server (a broken file raises TourError, shown below)."""
    return load_tour(DEFAULT_TOUR)


def _stops() -> list:
    tour = st.session_state.get(TOUR)
    return tour["stops"] if tour else _demo_tour()


def _go(number: int) -> None:
    st.query_params["stop"] = str(number)


def _load_upload() -> None:
    """A tour file chosen in "Edit the tour": loaded whole, or refused with every problem named."""
    upload = st.session_state.get("forum_upload")
    if upload is None:
        return
    try:
        stops = read_tour_boxed(upload.getvalue(), upload.name)  # a visitor's file: read in the box
    except TourError as error:
        st.session_state["forum_upload_report"] = (upload.name, error)
        return
    st.session_state[TOUR] = {"name": upload.name, "stops": stops}
    st.session_state["forum_upload_report"] = (upload.name, None)
    _go(1)


def _add_stop(number: int, view: tuple[float, float, int]) -> None:
    """The map's current view, with the current stop's layers, colours, filters and date, as a new
    stop right after the current one; the page moves to it."""
    title = st.session_state.get("forum_new_title", "")  # blank: geo.forum.tour names it by its centre
    current = _stops()[number - 1]
    lat, lon, zoom = view
    try:
        new = stop_from_view(
            title, lang, lat, lon, zoom, current.layers, current.metric, current.filters, current.as_of, current.flows
        )
    except TourError as error:
        st.session_state["forum_edit_message"] = error.describe(lang)
        return
    stops = list(_stops())
    stops.insert(number, new)
    name = st.session_state.get(TOUR, {}).get("name", DEFAULT_TOUR.name)
    st.session_state[TOUR] = {"name": name, "stops": stops}
    st.session_state.pop("forum_edit_message", None)
    _go(number + 1)


def _remove_stop(number: int) -> None:
    stops = list(_stops())
    del stops[number - 1]
    name = st.session_state.get(TOUR, {}).get("name", DEFAULT_TOUR.name)
    st.session_state[TOUR] = {"name": name, "stops": stops}
    _go(min(number, len(stops)))


def _back_to_demo() -> None:
    st.session_state.pop(TOUR, None)
    st.session_state.pop("forum_upload_report", None)
    _go(1)


def _map(stop):
    return forum_map(dataset, stop, lang, attribution, today, shapes)


def _map_html(stop, title: str) -> bytes:
    """The stop's map as one HTML file (made when the presenter clicks the download button)."""
    m = _map(stop)
    return standalone_html(m, title).encode("utf-8")


def _figures_csv(stops: tuple) -> bytes:
    """Every stop's figures as CSV (made when the presenter clicks the download button)."""
    return summary_csv(tour_figures(dataset, list(stops), lang, today), lang)


try:
    stops = _stops()
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
today = dt.date.today()
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
        column.button(label, key=key, on_click=_go, args=(target,), disabled=disabled, shortcut=arrow, width="stretch")
    with st.container(key=HIDDEN_KEYS):
        for label, target, disabled, _visible, (key, page_key) in ways:
            st.button(label, key=key, on_click=_go, args=(target,), disabled=disabled, shortcut=page_key)

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
        with_presenter_keys(_map(stop)),
        key=f"forum_map_{number}_{lang}_{'edit' if editing else 'show'}",
        returned_objects=["center", "zoom"] if editing else [],
        use_container_width=True,
        height=MAP_HEIGHT,
    )

# --- Edit the tour -----------------------------------------------------------------------------
with edit:
    tour = st.session_state.get(TOUR)
    st.caption(
        _("Tour: {name}, {count} stops. Changes last while this page is open: download the tour to keep them.").format(
            name=md(tour["name"] if tour else DEFAULT_TOUR.name), count=count
        )
    )
    if uploads_allowed():
        st.file_uploader(
            _("Load a tour (YAML or CSV)"), type=["yaml", "yml", "csv"], key="forum_upload", on_change=_load_upload
        )
    if report := st.session_state.get("forum_upload_report"):
        name, error = report
        if error is None:
            st.success(_("The tour {file} is loaded.").format(file=md(name)))
        else:
            st.error(_("The tour {file} was not loaded; the tour shown before stays.").format(file=md(name)))
            st.markdown("\n".join(f"- {md(problem.describe(lang))}" for problem in error.problems))

    st.markdown(_("**Add the current view as a stop**"))
    st.caption(
        _(
            "Move the map to the view you want while this section is open. The new stop comes after this one, "
            "with this stop's layers, colours, filters and date, and the map's centre and zoom."
        )
    )
    view = returned_view(returned, stop)
    with st.form("forum_add", border=False, clear_on_submit=True):
        st.text_input(_("Title of the new stop"), key="forum_new_title", max_chars=120)
        st.form_submit_button(_("Add the view as a stop"), on_click=_add_stop, args=(number, view))
    if message := st.session_state.pop("forum_edit_message", None):
        st.warning(md(message))
    left, middle, right = st.columns(3)
    left.download_button(
        _("Download the tour (YAML)"),
        tour_to_yaml(stops),
        file_name="tour.yaml",
        mime="application/x-yaml",
        on_click="ignore",
        key="forum_tour_yaml",
    )
    middle.button(_("Remove this stop"), key="forum_remove", on_click=_remove_stop, args=(number,), disabled=count == 1)
    if tour:
        right.button(_("Back to the demo tour"), key="forum_demo", on_click=_back_to_demo)

# --- Export for slides -------------------------------------------------------------------------
with export:
    stem = file_stem(stop, number, lang)
    st.download_button(
        _("The map as an HTML file (opens offline)"),
        partial(_map_html, stop, title),
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        key="forum_html",
    )
    png_for = (stop, lang, context.key)
    if st.button(_("Make a picture of the map (PNG, 1920 × 1080)"), key="forum_make_png"):
        with st.spinner(_("Drawing the map…")):
            try:
                png = render_png(standalone_html(_map(stop), title))
            except SnapshotUnavailable as error:
                st.session_state["forum_png"] = (png_for, None, error.describe(lang))
            else:
                st.session_state["forum_png"] = (png_for, png, None)
    if (made := st.session_state.get("forum_png")) and made[0] == png_for:
        _made_for, png, problem = made
        if problem:
            st.warning(md(problem))
        else:
            st.download_button(
                _("Download the picture (PNG)"), png, file_name=f"{stem}.png", mime="image/png", key="forum_png_file"
            )

    st.markdown(_("**The tour's figures, stop by stop**"))
    st.download_button(
        _("Download the figures (CSV)"),
        partial(_figures_csv, tuple(stops)),
        file_name=f"forum-figures-{lang}.csv",
        mime="text/csv",
        on_click="ignore",
        key="forum_csv",
    )
    pdf_for = (tuple(stops), lang, context.key, today)
    if st.button(_("Make the one-page summary (PDF)"), key="forum_make_pdf"):
        with st.spinner(_("Drawing the summary…")):
            figures = tour_figures(dataset, stops, lang, today)
            page = summary_html(
                figures, lang, _("Forum tour: figures by stop"), _("Made on {date}").format(date=date(today))
            )
            try:
                st.session_state["forum_pdf"] = (pdf_for, render_pdf(page), None)
            except SnapshotUnavailable as error:
                st.session_state["forum_pdf"] = (pdf_for, None, error.describe(lang))
    if (made := st.session_state.get("forum_pdf")) and made[0] == pdf_for:
        _made_for, pdf, problem = made
        if problem:
            st.warning(md(problem))
        else:
            st.download_button(
                _("Download the summary (PDF)"),
                pdf,
                file_name=f"forum-summary-{lang}.pdf",
                mime="application/pdf",
                key="forum_pdf_file",
            )

st.page_link("pages/map.py", label=_("Leave forum mode"), query_params={"lang": lang})
