"""About: what the dashboard is for, and how to bring your own data."""

from __future__ import annotations

import streamlit as st

from app import shell
from geo.text.i18n import gettext_for

context = shell()
lang = context.lang
_ = gettext_for(lang)

st.title(_("About this dashboard"))
st.markdown(
    _(
        "This map brings together what humanitarian coordinators in Ukraine keep in separate "
        "files: the communities (hromadas), the needs of displaced and affected households and "
        "who closes them, the hubs that support displaced people, and how many displaced people "
        "each community hosts."
    )
)
st.markdown(
    _(
        "**Community leaders** see their community's picture; **aid providers** find the needs "
        "they could close; **presenters** show the map at forums, also without internet: the "
        "map needs no connection to draw."
    )
)
st.markdown(
    _(
        "**Forum** mode walks a tour of the map on a projector, stop by stop, with the arrow keys or "
        "a clicker; the tour is a plain file (data/tour.yaml) that a presenter can edit in the app, "
        "and each stop's map can be taken away as an HTML file that opens offline, or as a picture."
    )
)
st.subheader(_("Your own data"))
st.markdown(
    _(
        "Open **Your files** in the sidebar to replace any of the four inputs with your own CSV, "
        "Excel or GeoJSON file. The columns are described in docs/data-format.md. Official "
        "OCHA COD-AB boundaries load as they ship. Personal columns (names, phones, addresses, "
        "notes) are dropped on reading and never shown."
    )
)
st.subheader(_("Demo data"))
st.markdown(
    _(
        "The demo data tells a true story with illustrative figures: a needs platform in "
        "Mykolaiv and Kherson oblasts (725 needs in five months, about 81% verified), the "
        "I'Mariupol network of 25 centres in 17 cities, Bakhmut's hubs in Dnipro and Vinnytsia. "
        "The community boundaries are the official ones (OCHA COD-AB, 2024-04-16, CC BY-IGO), and the "
        "population is the Kyiv School of Economics' 2022 table (MIT)."
    )
)
