"""Ingest: bytes to checked frames and problems.

The data contract as tables (``contract``), codes and HXL tags, the limits a file must keep to,
reading by format after checking the bytes (``sniff``, ``reading``, GDAL restricted by
``gdal_config``), the loaders and their problems in both languages, the box every read of a
visitor's file runs in (``box``, ``validate``), and the deployment's settings. A new input format
goes into ``reading`` (sniffed in ``sniff``, bounded by ``limits``); a new column or alias into
``contract``.

May import ``geo.text`` only: nothing here draws, sums or exports.
"""
