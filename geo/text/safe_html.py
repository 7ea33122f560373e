"""Make text from data safe to put into the map's HTML and JavaScript.

folium and Leaflet insert tooltip and popup strings as raw HTML, and some folium templates
wrap them in JavaScript template literals, so a data field such as ``<img onerror=...>`` or
``${...}`` would run in the viewer's browser. Every text that comes from a file goes through
``esc`` before it reaches HTML; HTML is only ever assembled from escaped parts.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable

# Beyond html.escape: characters that mean something inside a JavaScript template literal.
_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;", "\\": "&#92;"})


def esc(value: object) -> str:
    """Escape one value for HTML text or an attribute; None and NaN become ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return html.escape(str(value), quote=True).translate(_EXTRA)


def table(rows: Iterable[tuple[str, object]], title: str | None = None) -> str:
    """A two-column HTML table of (label, value); both sides are escaped, blanks are left out."""
    cells = "".join(f"<tr><th>{esc(label)}</th><td>{esc(value)}</td></tr>" for label, value in rows if esc(value) != "")
    head = f"<b>{esc(title)}</b>" if title else ""
    return f'{head}<table class="hm-table">{cells}</table>'


def safe_url(url: object) -> str | None:
    """Return an escaped http(s) URL, or None for anything else (``javascript:``, blanks)."""
    text = esc(url) and str(url).strip()  # esc() is '' for None, NaN and <NA>
    if not text.lower().startswith(("https://", "http://")):
        return None
    return esc(text)
