"""Figures: checked frames to the figures people read, in pure pandas (no folium, no Streamlit).

Metrics per community; the Needs page's filters (``filters``), their links and widgets
(``filter_params``) and its list; a community's page: its headline figures against the oblast
(``community``), finding it (``community_search``), its charts, data quality and tables; a hub's
services and hours in the user's language (``hub_texts``); the timeline ("as of", "since"), IDP
flows, distances, headline figures and the public view's disclosure rules. A new metric goes into
``metrics`` (and its colours into ``geo.maps.choropleth``).

May import ``geo.ingest`` and ``geo.text``.
"""
