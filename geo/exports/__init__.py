"""Exports: what people take away. Tables as CSV, Excel (with a sheet about the data: ``about``) and
GeoJSON that no spreadsheet can run as formulas, the load report, the map as one offline HTML file,
maps made ready for a slide (``slide``: the stop beside the map, or over it for a picture), PNG and
PDF snapshots drawn by headless Chromium, and text measured to fit a printed column (``text_fit``).
A new export format goes here.

May import ``geo.maps``, ``geo.figures``, ``geo.ingest`` and ``geo.text``.
"""
