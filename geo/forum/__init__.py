"""Forum: the tour file, a stop's figures, the projector map and style, and the tour's summary.

May import ``geo.exports``, ``geo.maps``, ``geo.figures``, ``geo.ingest`` and ``geo.text``.
"""
