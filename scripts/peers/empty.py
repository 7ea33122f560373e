"""The floor: a Streamlit page with a title only (the front end's own start)."""

import streamlit as st

st.set_page_config(page_title="Needs map", layout="wide")
st.title("Needs map")
