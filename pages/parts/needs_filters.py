"""The Needs page's filters: the widgets, and the address that holds the same filters.

A link sets the widgets; the widgets then set the address (only what differs from the default),
so a copied address reproduces the view. What the values mean, and the checks of a link's
values, are ``geo.figures.filter_params``; what they select, ``geo.figures.filters``.
"""

from __future__ import annotations

import streamlit as st

from app import DATE_FORMATS, Context
from geo.figures.filter_params import (
    FIRST_DAY,
    LAST_DAY,
    PARAM_NAMES,
    POINT,
    POINT_KEY,
    WIDGET_KEYS,
    Choices,
    parse_params,
    to_params,
    widget_values,
    widgets_changed,
)
from geo.figures.filters import DEFAULT, NO_PROVIDER, Filters
from geo.ingest.contract import SECTORS, STATUSES, VULNERABLE_GROUPS
from geo.text.i18n import gettext_for
from pages.parts.cached import hub_order

# A multiselect keeps one height, focused or not. Streamlit widens its text box from 0.5rem to 3rem
# while it has the focus, so beside a long chosen value the box took a row of its own, and gave it back
# when the next click took the focus away: everything below moved up a row between that click's press
# and its release, and the click was lost ("не верифіковані" right after a sector; Streamlit 1.67).
STEADY_MULTISELECT_CSS = '<style>[data-testid="stMultiSelect"] input[role="combobox"] { min-width: 3rem; }</style>'


def widgets_from_address(data_key: str, choices: Choices) -> None:
    """Set the widgets from a link, an edited address or other data (an upload); else leave them.

    The link's values are checked against the data: what it does not know becomes a note
    (``needs_notes``) shown above the list, never an error. A run in which a widget changed keeps the
    widgets, whatever address it came with (``widgets_changed``: it may be the one before the last change).
    """
    state = st.session_state
    url = {name: st.query_params.get_all(name) for name in PARAM_NAMES if name in st.query_params}
    shown = state.get("needs_filters", DEFAULT)
    to_read = None
    if state.get("needs_data") not in (None, data_key):
        to_read = to_params(shown)  # other data (an upload): check the filters shown so far against it
    elif state.get("needs_url") != url and not widgets_changed(state, shown):  # a changed widget wins
        back_from_another_page = not url and "needs_filters" in state and WIDGET_KEYS["status"] not in state
        to_read = None if back_from_another_page else url  # else a link (or an edited address) decides
    state["needs_data"] = data_key
    if to_read is not None:
        shown, notes = parse_params(to_read, choices)
        state["needs_notes"], state["needs_notes_for"] = notes, shown
    for key, value in widget_values(shown, choices.hubs).items():
        if to_read is not None or key not in state:
            state[key] = value


def reset(choices: Choices) -> None:
    """ "Clear all filters": every widget back to the default, and no point picked on the map."""
    state = st.session_state
    for key, value in widget_values(DEFAULT, choices.hubs).items():
        state[key] = value
    state.pop(POINT_KEY, None)


def sidebar(
    choices: Choices, community_label: dict[str, str], oblast_label: dict[str, str], community_order: list[str], lang: str
) -> None:
    """The filters, in the sidebar; an empty filter does not restrict (its placeholder says "All")."""
    _ = gettext_for(lang)

    def _label(vocabulary: dict):
        return lambda key: _(vocabulary[key][0])

    everything = _("All")  # an empty filter does not restrict: the placeholder says so
    st.html(STEADY_MULTISELECT_CSS)  # style only: Streamlit gives it no room on the page
    with st.sidebar:
        st.header(_("Filters"))
        st.pills(
            _("Status"), list(STATUSES), selection_mode="multi", format_func=_label(STATUSES), key=WIDGET_KEYS["status"]
        )
        st.multiselect(
            _("Sector"),
            list(SECTORS),
            format_func=_label(SECTORS),
            placeholder=everything,
            select_all=False,  # empty already means all; Streamlit's "Select all" is English only
            key=WIDGET_KEYS["sector"],
        )
        st.segmented_control(
            _("Verified"),
            ["yes", "no"],
            format_func={"yes": _("verified"), "no": _("not verified")}.get,
            key=WIDGET_KEYS["verified"],
        )
        st.multiselect(
            _("Oblast"),
            list(choices.oblasts),
            format_func=lambda k: oblast_label.get(k) or k,
            placeholder=everything,
            select_all=False,
            key=WIDGET_KEYS["oblast"],
        )
        st.multiselect(
            _("Community"),
            community_order,
            format_func=lambda p: community_label.get(p, p),
            placeholder=_("Type a name in Ukrainian or English"),
            select_all=False,
            key=WIDGET_KEYS["community"],
        )
        since, until = st.columns(2)
        date_format = DATE_FORMATS[lang]
        since.date_input(
            _("Reported from"), min_value=FIRST_DAY, max_value=LAST_DAY, format=date_format, key=WIDGET_KEYS["reported_from"]
        )
        until.date_input(
            _("Reported until"), min_value=FIRST_DAY, max_value=LAST_DAY, format=date_format, key=WIDGET_KEYS["reported_to"]
        )
        st.number_input(
            _("Open for at least (days)"), min_value=0, max_value=99999, step=1, key=WIDGET_KEYS["min_days_open"]
        )
        st.multiselect(
            _("Vulnerable groups"),
            list(VULNERABLE_GROUPS),
            format_func=_label(VULNERABLE_GROUPS),
            placeholder=everything,
            select_all=False,
            key=WIDGET_KEYS["group"],
        )
        st.multiselect(
            _("Provider"),
            [NO_PROVIDER, *choices.providers],
            format_func=lambda p: _("no provider yet") if p == NO_PROVIDER else p,
            placeholder=everything,
            select_all=False,
            key=WIDGET_KEYS["provider"],
        )
        st.button(_("Clear all filters"), on_click=reset, args=(choices,), key="needs_reset")


def order_box(context: Context, lang: str) -> str | None:
    """ "Order of the list": longest waiting first, or nearest first from a hub or the point picked on
    the map. Returns that point ("lat,lon") if one is picked."""
    _ = gettext_for(lang)
    state = st.session_state
    point = state.get(POINT_KEY)
    hub_labels, hubs_in_order = hub_order(context, lang)
    near_labels = {
        "": _("Longest waiting first"),
        POINT: _("Nearest first from the point picked on the map") + (f" ({point})" if point else ""),
        **hub_labels,
    }
    st.selectbox(
        _("Order of the list"),
        ["", POINT, *hubs_in_order],
        format_func=lambda v: near_labels.get(v, v),
        key=WIDGET_KEYS["near"],
    )
    return point


def address_follows(filters: Filters) -> dict[str, list[str]]:
    """Write the filters into the address (only what differs from the default); returns them as parameters."""
    st.session_state["needs_filters"] = filters
    params = to_params(filters)
    now = {name: st.query_params.get_all(name) for name in st.query_params}
    address = {name: values for name, values in now.items() if name not in PARAM_NAMES} | params  # lang first
    if address != now:
        st.query_params.from_dict(address)  # in one go: one step of the browser's history per change, never half
    st.session_state["needs_url"] = params
    return params
