"""The careful folium user: polygons simplified and trimmed once (cached, shared by visitors), a
FastMarkerCluster for the needs, and st_folium told to return nothing (no rerun on pan or zoom)."""

import _page
import peer_maps
import streamlit as st
from streamlit_folium import st_folium

from geo.maps.assets import localize  # the bench's offline stand-in for folium's CDN links


@st.cache_resource  # read once per server and not copied on each rerun (cache_data would unpickle it)
def inputs():
    return peer_maps.prepare(_page.FILES["communities"], _page.FILES["needs"], _page.FILES["idp"], careful=True)


st.set_page_config(page_title="Needs map", layout="wide")
st.title("Needs map")
data = inputs()
metric, sectors = _page.controls(data)
m = peer_maps.careful_map(data, metric, sectors)
localize(m, bundled=False)  # the files one by one, as folium lists them
st_folium(m, height=peer_maps.HEIGHT, use_container_width=True, returned_objects=[])
_page.needs_list(peer_maps.shown(data.needs, sectors))
