"""Maps: figures to folium maps, and the browser code that draws them (``js/``).

The home map (``map_builder``) is assembled from one module per layer: the metric's colours
(``choropleth_layer``; by raion or oblast ``level_layer``), needs (``needs_layer``), hubs
(``hub_layer``) and IDP counts (``idp_layer``) over the community shapes (``shapes``), under the
oblast and raion outlines and place names of every map (``reference_layers``, drawn by
``js/reference.js``, the cities from ``places/``).
Beside it: the Needs page's map, IDP flows, choropleth classes (``choropleth``), the legend
(``legend``, drawn by ``js/legend.js``), clicks, offline Leaflet assets and small map elements.
A new map layer is a payload built here (data, escaped), a ``map_elements.BrowserLayer`` naming
the function of ``js/hromada.js`` that draws it, that function, and its legend section
(``legend.LegendEntry`` in its feature group).

May import ``geo.figures``, ``geo.ingest`` and ``geo.text``.
"""
