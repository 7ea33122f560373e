"""Maps: figures to folium maps, and the browser code that draws them (``js/``).

The home map and its layers, the community shapes as the browser takes them, the Needs page's
map, IDP flows, choropleth classes, clicks, offline Leaflet assets and small map elements. A new
map layer is a payload built here (data, escaped) and a named function in ``js/hromada.js`` that
draws it.

May import ``geo.figures``, ``geo.ingest`` and ``geo.text``.
"""
