"""Ingest: bytes to checked frames and problems.

The data contract as tables (``contract``), codes and HXL tags, the limits a file must keep to,
reading by format after checking the bytes (``sniff``; ``reading`` chooses the reader: ``read_text``,
``read_excel``, ``read_geo``, ``read_shapefile``, over ``read_zip`` and ``raw_table``; GDAL restricted
by ``gdal_config``), the loaders (``loaders``, one a kind, over ``columns``, ``geometry`` and
``parsers``) and their problems in both languages, the box every read of a visitor's file runs in
(``box``, ``validate``), the column mapping of a file whose headers do not say which column is which
(``mapping``), and the deployment's settings. A new input format gets a reader beside
the others and a line in ``reading`` (sniffed in ``sniff``, bounded by ``limits``); a new column or
alias into ``contract``.

May import ``geo.text`` only: nothing here draws, sums or exports.
"""
