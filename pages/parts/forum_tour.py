"""The tour a presenter is showing, in session state: the demo tour until one is loaded or edited.

The callbacks of the forum page's buttons; the stops themselves are made and checked by
``geo.forum`` (a visitor's tour file is read in the box, ``geo.forum.tour_upload``).
"""

from __future__ import annotations

import streamlit as st

from geo.forum.tour import Stop, TourError
from geo.forum.tour_checks import stop_from_view
from geo.forum.tour_files import DEFAULT_TOUR
from geo.forum.tour_upload import read_tour_boxed
from pages.parts.cached import demo_tour

TOUR = "forum_tour"  # session state: {"name": ..., "stops": [...]} once the presenter loads or edits a tour


def stops() -> list[Stop]:
    """The stops shown: the presenter's tour, or the demo tour (a broken demo file raises TourError)."""
    tour = st.session_state.get(TOUR)
    return tour["stops"] if tour else demo_tour()


def tour_name() -> str:
    return st.session_state.get(TOUR, {}).get("name", DEFAULT_TOUR.name)


def loaded() -> bool:
    """Whether the presenter's own tour is shown, not the demo's."""
    return bool(st.session_state.get(TOUR))


def go(number: int) -> None:
    st.query_params["stop"] = str(number)


def _keep(new_stops: list[Stop], name: str | None = None) -> None:
    st.session_state[TOUR] = {"name": name or tour_name(), "stops": new_stops}


def load_upload() -> None:
    """A tour file chosen in "Edit the tour": loaded whole, or refused with every problem named."""
    upload = st.session_state.get("forum_upload")
    if upload is None:
        return
    try:
        new_stops = read_tour_boxed(upload.getvalue(), upload.name)  # a visitor's file: read in the box
    except TourError as error:
        st.session_state["forum_upload_report"] = (upload.name, error)
        return
    _keep(new_stops, upload.name)
    st.session_state["forum_upload_report"] = (upload.name, None)
    go(1)


def add_stop(number: int, view: tuple[float, float, int], lang: str) -> None:
    """The map's current view, with the current stop's layers, colours, filters and date, as a new
    stop right after the current one; the page moves to it."""
    title = st.session_state.get("forum_new_title", "")  # blank: geo.forum names it by its centre
    current = stops()[number - 1]
    lat, lon, zoom = view
    try:
        new = stop_from_view(
            title, lang, lat, lon, zoom, current.layers, current.metric, current.filters, current.as_of, current.flows
        )
    except TourError as error:
        st.session_state["forum_edit_message"] = error.describe(lang)
        return
    new_stops = list(stops())
    new_stops.insert(number, new)
    _keep(new_stops)
    st.session_state.pop("forum_edit_message", None)
    go(number + 1)


def remove_stop(number: int) -> None:
    new_stops = list(stops())
    del new_stops[number - 1]
    _keep(new_stops)
    go(min(number, len(new_stops)))


def back_to_demo() -> None:
    st.session_state.pop(TOUR, None)
    st.session_state.pop("forum_upload_report", None)
    go(1)
