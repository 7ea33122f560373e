"""Exports: what people take away. Tables as CSV, Excel and GeoJSON that no spreadsheet can run
as formulas, the load report, the map as one offline HTML file, and PNG and PDF snapshots drawn
by headless Chromium. A new export format goes here.

May import ``geo.maps``, ``geo.figures``, ``geo.ingest`` and ``geo.text``.
"""
