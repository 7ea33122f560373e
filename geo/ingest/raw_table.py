"""What every reader of a format gives back: text cells numbered in ``ROW``, or ``Unreadable``.

The readers (``read_text``, ``read_excel``, ``read_geo``, ``read_shapefile``) raise ``Unreadable`` for
bytes that are not their format or go beyond the limits, and ``reading.read_table`` turns it into the
user's problem: apart, so that the readers need not import the dispatch that imports them.
"""

from __future__ import annotations

ROW = "_row"  # the row number as Excel shows it (header = 1), or the feature number in a GeoJSON


class Unreadable(ValueError):
    """The bytes are not what the extension says, or hold more than the limits allow."""

    def __init__(self, code: str, row: int | None = None, value=None, column: str | None = None, **params):
        super().__init__(code)
        self.code, self.row, self.value, self.column, self.params = code, row, value, column, params
