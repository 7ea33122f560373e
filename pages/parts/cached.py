"""What pages derive from the loaded data, made once per data set and shared by every session.

The one place for the ``st.cache_resource`` wrappers around ``geo``'s pure functions, so that
two pages never compute or cache the same thing twice.
Everything here is read-only: nothing downstream changes a returned frame in place (the exports
copy before they change a cell). A wrapper takes the page's ``Context``; its cache is keyed by
``Context.key`` (a digest of the input files), never by hashing the frames, which cost 40 MB of
hashing a run at national scale (docs/scaling.md).
"""

from __future__ import annotations

import datetime as dt

import folium
import pandas as pd
import streamlit as st

from app import Context
from geo.figures.community import community_table
from geo.figures.community_search import SearchIndex, search_index, search_labels
from geo.figures.distance import resolve_origin
from geo.figures.filter_params import Choices, choices_of
from geo.figures.filters import Filters, apply
from geo.figures.flows import communities_with_flows
from geo.figures.level_metrics import level_metrics
from geo.figures.metrics import METRICS, community_metrics
from geo.figures.needs_view import community_labels, headers, headline, list_frame, oblast_labels, open_counts, ordered
from geo.figures.needs_view import prepare_needs as _prepare_needs
from geo.figures.summary import attribution_text
from geo.figures.timeline import dataset_as_of
from geo.figures.units import units_at
from geo.forum.tour_files import DEFAULT_TOUR, load_tour
from geo.ingest.loaders import Dataset
from geo.maps.level_layer import level_layer, level_shapes_payload, metric_frame, unit_names
from geo.maps.map_builder import MapData, base_map, map_data
from geo.maps.reference_layers import Reference, reference_data
from geo.maps.shapes import shapes_payload
from geo.text.i18n import gettext_for

_CACHE = {"show_spinner": False}


# ---- Every map -------------------------------------------------------------------------------


@st.cache_resource(**_CACHE, max_entries=8)
def _shapes(_dataset: Dataset, key: str, marks: bool) -> str:
    return shapes_payload(_dataset, marks=marks)


def community_shapes(context: Context, marks: bool = False) -> str:
    """The communities' shapes as every map takes them (``geo.maps.shapes``); ``marks``: a click names its community."""
    return _shapes(context.dataset, context.key, marks)


@st.cache_resource(**_CACHE, max_entries=8)
def _reference(_dataset: Dataset, key: str, lang: str, standalone: bool) -> Reference:
    return reference_data(_dataset, _shapes(_dataset, key, False), lang, standalone)


def reference(context: Context, lang: str, standalone: bool = False) -> Reference:
    """Oblast and raion outlines and place names for every map (``geo.maps.reference_layers``);
    ``standalone`` for a map without the community shapes (the flow maps, a forum stop without them)."""
    return _reference(context.dataset, context.key, lang, standalone)


@st.cache_resource(**_CACHE, max_entries=8)
def _labels(_dataset: Dataset, key: str, lang: str) -> dict[str, str]:
    return search_labels(_dataset.communities, lang)


def community_search_labels(context: Context, lang: str) -> dict[str, str]:
    """Every community's label in a search box ("Name (raion, oblast)"), by P-code."""
    return _labels(context.dataset, context.key, lang)


@st.cache_resource(**_CACHE, max_entries=8)
def _finder(_dataset: Dataset, key: str) -> SearchIndex:
    coarser = [_units(_dataset, key, level) for level in ("raion", "oblast")]
    return search_index(_dataset.communities, units=pd.concat(coarser, ignore_index=True))


@st.cache_resource(**_CACHE, max_entries=8)
def _units(_dataset: Dataset, key: str, level: str) -> pd.DataFrame:
    shapes = {"oblast": _dataset.oblasts, "raion": _dataset.raions}.get(level)
    return pd.DataFrame(units_at(_dataset.communities, level, shapes=shapes).drop(columns="geometry"))


def level_units(context: Context, level: str) -> pd.DataFrame:
    """The units of ``level`` (``geo.figures.units.units_at``, without their shapes): codes, names, population."""
    return _units(context.dataset, context.key, level)


def community_finder(context: Context) -> SearchIndex:
    """The communities' names and centres folded once for the Community page's search (``geo.figures.community_search``)."""
    return _finder(context.dataset, context.key)


# ---- The data as it stood on a day -----------------------------------------------------------


@st.cache_resource(**_CACHE, max_entries=4)
def _dated_metrics(_dataset: Dataset, key: str, day: dt.date) -> tuple[Dataset, pd.DataFrame]:
    dated = dataset_as_of(_dataset, day)
    return dated, community_metrics(dated.communities, dated.needs, dated.hubs, dated.idp_counts)


def dated_metrics(context: Context, day: dt.date | None) -> tuple[Dataset, pd.DataFrame]:
    """The data as it stood on ``day`` (None: as loaded) and each community's metrics then."""
    if day is None:
        return context.dataset, context.metrics
    return _dated_metrics(context.dataset, context.key, day)


@st.cache_resource(**_CACHE, max_entries=8)
def _dated_table(_dataset: Dataset, key: str, day: dt.date | None) -> tuple[Dataset, pd.DataFrame]:
    dated = dataset_as_of(_dataset, day)
    return dated, community_table(dated)


def dated_community_table(context: Context, day: dt.date | None) -> tuple[Dataset, pd.DataFrame]:
    """The data as it stood on ``day`` and every community's headline figures then (the Community page)."""
    return _dated_table(context.dataset, context.key, day)


# ---- The home map ----------------------------------------------------------------------------


@st.cache_resource(**_CACHE, max_entries=8)
def _map_data(_dataset: Dataset, _metrics: pd.DataFrame, key: str, lang: str, day: dt.date | None) -> MapData:
    return map_data(_dataset, _metrics, lang)


def home_map_data(context: Context, dated: Dataset, metrics: pd.DataFrame, lang: str, day: dt.date | None) -> MapData:
    """Needs, hubs and IDP counts as the home map sends them, once per data set, language and date."""
    return _map_data(dated, metrics, context.key, lang, day)


@st.cache_resource(**_CACHE, max_entries=4)
def _flow_choices(_dataset: Dataset, key: str, lang: str) -> dict[str, str]:
    named = communities_with_flows(_dataset.idp_counts)
    return {code: label for code, label in search_labels(_dataset.communities, lang).items() if code in named}


def flow_choices(context: Context, lang: str) -> dict[str, str]:
    """The communities that IDP counts name, as origin or host: the ones with flows to draw."""
    return _flow_choices(context.dataset, context.key, lang)


@st.cache_resource(**_CACHE, max_entries=4)
def _level_shapes(_dataset: Dataset, key: str, level: str) -> str:
    return level_shapes_payload(_dataset, level)


def level_shapes(context: Context, level: str) -> str:
    """A coarser level's shapes as the home map takes them (``geo.maps.level_layer``), once per data set."""
    return _level_shapes(context.dataset, context.key, level)


@st.cache_resource(**_CACHE, max_entries=8)
def _unit_names(_dataset: Dataset, key: str, level: str, lang: str) -> pd.Series:
    return unit_names(_dataset, level, lang)


def level_names(context: Context, level: str, lang: str) -> pd.Series:
    """Each unit's name at ``level`` in ``lang``, by P-code."""
    return _unit_names(context.dataset, context.key, level, lang)


@st.cache_resource(**_CACHE, max_entries=8)
def _level_figures(_dataset: Dataset, key: str, day: dt.date | None, level: str, lang: str) -> pd.DataFrame:
    return level_metrics(_dataset, level, lang=lang)


def level_figures(context: Context, dated: Dataset, day: dt.date | None, level: str, lang: str) -> pd.DataFrame:
    """The figures of every unit of ``level`` (``geo.figures.level_metrics``) in the data as of ``day``."""
    return _level_figures(dated, context.key, day, level, lang)


def metric_layer(
    context: Context, dated: Dataset, metrics: pd.DataFrame, metric: str, drawn: str, lang: str, day: dt.date | None
) -> tuple[folium.FeatureGroup, str | None]:
    """The choropleth of ``metric`` drawn at ``drawn`` (``geo.maps.level_layer``) and the level's shapes (None for
    the hromadas, already on the map): the home map's and the oblast and raion pages' alike.

    An indicator is drawn with its own figures at its own level; a built-in metric with the hromadas'
    ``metrics``, or summed to the level (``level_figures``).
    """
    shapes, names = (None, None) if drawn == "hromada" else (level_shapes(context, drawn), level_names(context, drawn, lang))
    if metric not in METRICS:
        figures = metric_frame(dated, metric)
    elif drawn == "hromada":
        figures = metrics
    else:
        figures = level_figures(context, dated, day, drawn, lang)
    return level_layer(dated, figures, metric, drawn, lang, shapes, names), shapes


# ---- The Needs page --------------------------------------------------------------------------


@st.cache_resource(**_CACHE, max_entries=4)
def _prepared(_dataset: Dataset, key: str, internal: bool) -> pd.DataFrame:
    return _prepare_needs(_dataset, internal)


def prepared_needs(context: Context, internal: bool) -> pd.DataFrame:
    """The needs as the Needs page filters them: public or internal view (``geo.figures.needs_view``)."""
    return _prepared(context.dataset, context.key, internal)


@st.cache_resource(**_CACHE, max_entries=4)
def _choices(_dataset: Dataset, key: str) -> Choices:
    return choices_of(_dataset.communities, _dataset.needs, _dataset.hubs)


def filter_choices(context: Context) -> Choices:
    """What the filters can be set to with this data (oblasts, communities, providers, hubs)."""
    return _choices(context.dataset, context.key)


@st.cache_resource(**_CACHE, max_entries=8)
def _filter_labels(_dataset: Dataset, key: str, lang: str) -> tuple[dict[str, str], dict[str, str], list[str]]:
    communities = community_labels(_dataset.communities, lang)
    order = sorted(_choices(_dataset, key).communities, key=lambda p: communities.get(p, p).lower())
    return communities, oblast_labels(_dataset.communities, lang), order


def filter_labels(context: Context, lang: str) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """The communities' labels, the oblasts' labels, and the communities in the order of their labels."""
    return _filter_labels(context.dataset, context.key, lang)


@st.cache_resource(**_CACHE, max_entries=8)
def _hub_order(_dataset: Dataset, key: str, lang: str) -> tuple[dict[str, str], list[str]]:
    _ = gettext_for(lang)
    hub_names = _dataset.hubs.set_index("hub_id")["name_uk" if lang == "uk" else "name_en"]
    labels = {h: _("Nearest first from {hub}").format(hub=hub_names[h]) for h in hub_names.index}
    return labels, sorted(hub_names.index, key=lambda h: str(hub_names[h]).lower())


def hub_order(context: Context, lang: str) -> tuple[dict[str, str], list[str]]:
    """Each hub's entry in "Order of the list", and the hubs in the order of their names."""
    return _hub_order(context.dataset, context.key, lang)


# What a run shows is the same for every visitor with the same data, filters, language and day (the
# default view that every new visitor opens, a link shared in a chat): made once and shared.
@st.cache_resource(**_CACHE, max_entries=4)
def _view(_needs, _dataset: Dataset, key: str, internal: bool, lang: str, filters: Filters, today: dt.date):
    listed = ordered(apply(_needs, filters, today), today, resolve_origin(filters.near, _dataset.hubs))
    table = headers(list_frame(listed, _dataset.communities, lang, internal), lang)
    return listed, table, open_counts(listed), headline(listed, today, lang)


def needs_view(context: Context, internal: bool, lang: str, filters: Filters, today: dt.date):
    """The filtered needs in the list's order, the table, the open needs per community, the figures."""
    return _view(prepared_needs(context, internal), context.dataset, context.key, internal, lang, filters, today)


# ---- The forum -------------------------------------------------------------------------------


@st.cache_resource(**_CACHE)
def demo_tour() -> list:
    """The demo tour, read once per server (a broken file raises TourError, which the page shows)."""
    return load_tour(DEFAULT_TOUR)


# ---- The home map's base, for every page that shows it -------------------------------------


def home_map(context: Context, dated: Dataset, metrics: pd.DataFrame, lang: str, day: dt.date | None, tiles: bool = False):
    """The home map without the metric's colours, from the parts cached above: the shapes (marked,
    so that a click names its community, geo.maps.map_click), the layers' data, the reference layers."""
    return base_map(
        dated,
        metrics,
        lang,
        attribution_text(context.dataset, lang, context.demo_boundaries),
        tiles,
        shapes=community_shapes(context, marks=True),
        data=home_map_data(context, dated, metrics, lang, day),
        reference=reference(context, lang),
    )
