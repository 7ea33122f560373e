"""Make text from data safe to show in Streamlit's Markdown (titles, captions, messages, help).

Streamlit reads titles, captions, metric labels and messages as Markdown, with its own
extensions: ``:red[...]`` colours, ``:material/icon:`` icons, ``$...$`` formulas, links. A
community or file named ``[click](https://…)`` or ``:red[!]`` must show as those characters, not
as a link or a colour, so every value from a file goes through ``md`` before it is put into
Markdown. CommonMark treats a backslash before any ASCII punctuation as that character itself.
"""

from __future__ import annotations

import string

from geo.text.formatting import is_blank

_ESCAPED = str.maketrans({c: "\\" + c for c in string.punctuation})


def md(value: object) -> str:
    """``value`` as Markdown that shows exactly its characters; None and NaN become ''."""
    if is_blank(value):
        return ""
    text = " ".join(str(value).split())  # no line breaks: a value cannot start a heading or a list
    return text.translate(_ESCAPED)
