"""Figures: checked frames to the figures people read, in pure pandas (no folium, no Streamlit).

Metrics per community, the Needs page's filters and list, a community's picture, the timeline
("as of", "since"), IDP flows, distances, headline figures and the public view's disclosure
rules. A new metric goes into ``metrics`` (and its colours into ``geo.maps.choropleth``).

May import ``geo.ingest`` and ``geo.text``.
"""
