"""Needs: aid providers find the unmet needs they can close, share the view and take the list away.

Thin: the widgets hold the filters (``geo.figures.filters``), the address holds the same filters (a
copied link reproduces the view), and ``geo`` makes the list, the map layers and the exports.
The view is public unless the deployment turns on the internal view (``geo.ingest.settings``).
"""

from __future__ import annotations

import os
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import folium
import streamlit as st
from streamlit_folium import st_folium

from app import community_shapes, shell
from geo.exports.tables import to_csv, to_geojson, to_xlsx
from geo.figures.disclosure import K
from geo.figures.distance import resolve_origin
from geo.figures.filters import (
    DEFAULT,
    FIRST_DAY,
    LAST_DAY,
    NO_PROVIDER,
    PARAM_NAMES,
    POINT,
    POINT_KEY,
    WIDGET_KEYS,
    Filters,
    apply,
    choices_of,
    from_widgets,
    parse_params,
    to_params,
    widget_values,
)
from geo.figures.needs_view import (
    DATE_COLUMNS,
    LIST_COLUMNS,
    community_labels,
    headers,
    headline,
    list_frame,
    oblast_labels,
    open_counts,
    ordered,
    prepare_needs,
)
from geo.figures.summary import attribution_text
from geo.ingest.contract import SECTORS, STATUSES, VULNERABLE_GROUPS
from geo.ingest.settings import internal_view_enabled
from geo.maps.needs_map import (
    RETURNED_OBJECTS,
    after_click,
    needs_base_map,
    needs_layers,
    parse_click,
)
from geo.text.i18n import gettext_for

KYIV = ZoneInfo("Europe/Kyiv")  # "days open" counts Kyiv days, wherever the server runs
CLICK_MODE_KEY = "needs_click_mode"
DATE_FORMATS = {"uk": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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
today = datetime.now(KYIV).date()
map_key = f"needs_map_{lang}"


@st.cache_resource(show_spinner=False, max_entries=4)
def _prepared(_dataset, key: str, internal: bool):
    return prepare_needs(_dataset, internal)


@st.cache_resource(show_spinner=False, max_entries=4)
def _choices(_dataset, key: str):
    return choices_of(_dataset.communities, _dataset.needs, _dataset.hubs)


@st.cache_resource(show_spinner=False, max_entries=8)
def _community_labels(_dataset, key: str, lang: str) -> dict[str, str]:
    return community_labels(_dataset.communities, lang)


@st.cache_resource(show_spinner=False, max_entries=8)
def _community_order(_dataset, key: str, lang: str) -> list[str]:
    """The communities in the filter, in the order of their labels."""
    label = _community_labels(_dataset, key, lang)
    return sorted(_choices(_dataset, key).communities, key=lambda p: label.get(p, p).lower())


@st.cache_resource(show_spinner=False, max_entries=8)
def _oblast_labels(_dataset, key: str, lang: str) -> dict[str, str]:
    return oblast_labels(_dataset.communities, lang)


@st.cache_resource(show_spinner=False, max_entries=8)
def _hub_order(_dataset, key: str, lang: str) -> tuple[dict[str, str], list[str]]:
    """Each hub's entry in "Order of the list", and the hubs in the order of their names."""
    _ = gettext_for(lang)
    hub_names = _dataset.hubs.set_index("hub_id")["name_uk" if lang == "uk" else "name_en"]
    labels = {h: _("Nearest first from {hub}").format(hub=hub_names[h]) for h in hub_names.index}
    return labels, sorted(hub_names.index, key=lambda h: str(hub_names[h]).lower())


# What a run shows is the same for every visitor with the same data, filters, language and day (the
# default view that every new visitor opens, a link shared in a chat): made once and shared,
# read-only. Nothing downstream changes these frames; the exports copy before they change a cell.
@st.cache_resource(show_spinner=False, max_entries=4)
def _view(_needs, _dataset, key: str, internal: bool, lang: str, filters: Filters, today: date):
    """The filtered needs in the list's order, the table, the open needs per community, the figures."""
    listed = ordered(apply(_needs, filters, today), today, resolve_origin(filters.near, _dataset.hubs))
    table = headers(list_frame(listed, _dataset.communities, lang, internal), lang)
    return listed, table, open_counts(listed), headline(listed, lang)


needs = _prepared(dataset, context.key, internal)
choices = _choices(dataset, context.key)

# ---- The address and the widgets: a link sets the widgets; the widgets then set the address.
url = {name: st.query_params.get_all(name) for name in PARAM_NAMES if name in st.query_params}
shown = state.get("needs_filters", DEFAULT)
to_read = None
if state.get("needs_data") not in (None, context.key):
    to_read = to_params(shown)  # other data (an upload): check the filters shown so far against it
elif state.get("needs_url") != url:
    back_from_another_page = not url and "needs_filters" in state and WIDGET_KEYS["status"] not in state
    to_read = None if back_from_another_page else url  # else a link (or an edited address) decides
state["needs_data"] = context.key
if to_read is not None:
    shown, notes = parse_params(to_read, choices)
    state["needs_notes"], state["needs_notes_for"] = notes, shown
for key, value in widget_values(shown, choices.hubs).items():
    if to_read is not None or key not in state:
        state[key] = value


def _reset() -> None:
    for key, value in widget_values(DEFAULT, choices.hubs).items():
        state[key] = value
    state.pop(POINT_KEY, None)


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


def _label(vocabulary: dict):
    return lambda key: _(vocabulary[key][0])


notes_area = st.container()
view_area = st.container()
figures_area = st.container()
left, right = st.columns([3, 2], gap="medium")

# ---- Filters
community_label = _community_labels(dataset, context.key, lang)
oblast_label = _oblast_labels(dataset, context.key, lang)

everything = _("All")  # an empty filter does not restrict: the placeholder says so
with st.sidebar:
    st.header(_("Filters"))
    st.pills(_("Status"), list(STATUSES), selection_mode="multi", format_func=_label(STATUSES), key=WIDGET_KEYS["status"])
    st.multiselect(
        _("Sector"), list(SECTORS), format_func=_label(SECTORS), placeholder=everything, key=WIDGET_KEYS["sector"]
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
        key=WIDGET_KEYS["oblast"],
    )
    st.multiselect(
        _("Community"),
        _community_order(dataset, context.key, lang),
        format_func=lambda p: community_label.get(p, p),
        placeholder=_("Type a name in Ukrainian or English"),
        key=WIDGET_KEYS["community"],
    )
    since, until = st.columns(2)
    date_format = DATE_FORMATS.get(lang, "YYYY-MM-DD")
    since.date_input(
        _("Reported from"), min_value=FIRST_DAY, max_value=LAST_DAY, format=date_format, key=WIDGET_KEYS["reported_from"]
    )
    until.date_input(
        _("Reported until"), min_value=FIRST_DAY, max_value=LAST_DAY, format=date_format, key=WIDGET_KEYS["reported_to"]
    )
    st.number_input(_("Open for at least (days)"), min_value=0, max_value=99999, step=1, key=WIDGET_KEYS["min_days_open"])
    st.multiselect(
        _("Vulnerable groups"),
        list(VULNERABLE_GROUPS),
        format_func=_label(VULNERABLE_GROUPS),
        placeholder=everything,
        key=WIDGET_KEYS["group"],
    )
    st.multiselect(
        _("Provider"),
        [NO_PROVIDER, *choices.providers],
        format_func=lambda p: _("no provider yet") if p == NO_PROVIDER else p,
        placeholder=everything,
        key=WIDGET_KEYS["provider"],
    )
    st.button(_("Clear all filters"), on_click=_reset, key="needs_reset")

with right:
    point = state.get(POINT_KEY)
    hub_labels, hub_order = _hub_order(dataset, context.key, lang)
    near_labels = {
        "": _("Longest waiting first"),
        POINT: _("Nearest first from the point picked on the map") + (f" ({point})" if point else ""),
        **hub_labels,
    }
    st.selectbox(
        _("Order of the list"),
        ["", POINT, *hub_order],
        format_func=lambda v: near_labels.get(v, v),
        key=WIDGET_KEYS["near"],
    )

filters = from_widgets(state)
state["needs_filters"] = filters

# ---- The address follows the widgets (only what differs from the default)
params = to_params(filters)
for name in PARAM_NAMES:
    if name in params and st.query_params.get_all(name) != params[name]:
        st.query_params[name] = params[name]
    elif name not in params and name in st.query_params:
        del st.query_params[name]
state["needs_url"] = params

# ---- The filtered list: one frame for the figures, the map, the table and the exports
origin = resolve_origin(filters.near, dataset.hubs)
listed, table, counts, figures = _view(needs, dataset, context.key, internal, lang, filters, today)

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
    for column, (label, value) in zip(st.columns(4), figures, strict=True):
        column.metric(label, value)

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
        needs_base_map(dataset, lang, attribution, community_shapes(context)),
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
    st.dataframe(table, hide_index=True, height=560, column_config=dates)

# ---- Take it away, or send it to a colleague
stamp = today.isoformat()
csv_column, xlsx_column, geojson_column = st.columns(3)
csv_column.download_button(
    _("Download the list (CSV)"),
    data=lambda: to_csv(table, lang),
    file_name=f"needs-{stamp}.csv",
    mime="text/csv",
    on_click="ignore",
    key="needs_csv",
)
xlsx_column.download_button(
    _("Download the list (Excel)"),
    data=lambda: to_xlsx(table, _("Needs")),
    file_name=f"needs-{stamp}.xlsx",
    mime=XLSX_MIME,
    on_click="ignore",
    key="needs_xlsx",
)
geojson_column.download_button(
    _("Download the points (GeoJSON)"),
    data=lambda: to_geojson(listed, dataset.communities, internal),
    file_name=f"needs-{stamp}.geojson",
    mime="application/geo+json",
    on_click="ignore",
    key="needs_geojson",
)
if st.context.url:
    st.caption(_("The address of this page holds the filters. Copy it, or this link, to share this view:"))
    st.code(st.context.url + "?" + urlencode({"lang": lang, **params}, doseq=True), language=None)
