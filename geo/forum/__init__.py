"""Forum: the tour file, a stop's figures, the projector map and style, and the tour's summary.

The tour file is ``tour`` (the model), ``tour_checks`` and ``tour_messages``, its two forms ``tour_yaml`` and
``tour_csv``, and ``tour_files``, which reads a file of either form. May import ``geo.exports``, ``geo.maps``,
``geo.figures``, ``geo.ingest`` and ``geo.text``.
"""
