"""Home: the map of communities, needs, hubs and displaced people."""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from app import shell
from geo.i18n import gettext_for
from geo.map_builder import base_map, choropleth_layer, community_features, community_popups
from geo.metrics import DEFAULT_METRIC, METRICS
from geo.summary import attribution_text, headline_figures

context = shell()
lang = context.lang
_ = gettext_for(lang)
dataset = context.dataset

st.title(_("Communities: needs, hubs and displaced people"))
if dataset is None:
    st.error(_("The data could not be loaded. Open the Data page to see what is wrong."))
    st.stop()
metrics = context.metrics


@st.cache_data(show_spinner=False, max_entries=8)
def _popups(_dataset, _metrics, key: str, lang: str) -> dict[str, str]:
    return community_popups(_dataset, _metrics, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _features(_dataset, _metrics, key: str, metric: str, lang: str) -> dict:
    return community_features(_dataset, _metrics, metric, lang, _popups(_dataset, _metrics, key, lang))


cols = st.columns(len(headline := headline_figures(dataset, metrics, lang)))
for col, (label, value) in zip(cols, headline, strict=True):
    col.metric(label, value)

left, right = st.columns([3, 1])
metric = left.segmented_control(
    _("Colour communities by"),
    list(METRICS),
    format_func=lambda key: _(METRICS[key][0]),
    default=DEFAULT_METRIC,
    key="metric",
)
metric = metric or DEFAULT_METRIC
tiles = right.toggle(_("Base map (needs internet)"), value=False, key="tiles")

the_map = base_map(dataset, metrics, lang, attribution_text(dataset, lang, context.demo_boundaries), tiles)
st_folium(
    the_map,
    key=f"home_map_{lang}",
    feature_group_to_add=choropleth_layer(
        dataset, metrics, metric, lang, _features(dataset, metrics, context.key, metric, lang)
    ),
    layer_control=folium.LayerControl(collapsed=False),
    returned_objects=[],
    use_container_width=True,
    height=640,
)
st.caption(attribution_text(dataset, lang, context.demo_boundaries))
