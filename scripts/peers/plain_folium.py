"""Plain folium, as a newcomer writes it: st.cache_data for the files (as Streamlit's tutorial teaches),
the raw polygons, one Marker with a popup per need (on the first PEER_NEEDS_LIMIT needs: it cannot finish more)."""

import _page
import peer_maps
import streamlit as st
from streamlit_folium import st_folium

from geo.maps.assets import localize  # the bench's offline stand-in for folium's CDN links


@st.cache_data
def inputs():
    return peer_maps.prepare(_page.FILES["communities"], _page.FILES["needs"], _page.FILES["idp"], limit=_page.LIMIT)


st.set_page_config(page_title="Needs map", layout="wide")
st.title("Needs map")
data = inputs()
metric, sectors = _page.controls(data)
m = peer_maps.plain_map(data, metric, sectors)
localize(m, bundled=False)  # the files one by one, as folium lists them (jQuery too: its popups)
st_folium(m, height=peer_maps.HEIGHT, use_container_width=True)
_page.needs_list(peer_maps.shown(data.needs, sectors))
