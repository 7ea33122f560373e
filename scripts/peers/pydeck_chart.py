"""Streamlit's own st.pydeck_chart: the simplified polygons in a GeoJsonLayer and the needs in a
ScatterplotLayer, drawn by the deck.gl that Streamlit's front end ships, no base map."""

import _page
import peer_maps
import streamlit as st


@st.cache_resource
def inputs():
    return peer_maps.prepare(_page.FILES["communities"], _page.FILES["needs"], _page.FILES["idp"], careful=True)


st.set_page_config(page_title="Needs map", layout="wide")
st.title("Needs map")
data = inputs()
metric, sectors = _page.controls(data)
st.pydeck_chart(peer_maps.deck(data, metric, sectors), height=peer_maps.HEIGHT)
_page.needs_list(peer_maps.shown(data.needs, sectors))
