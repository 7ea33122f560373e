"""Make text from data safe to show in Streamlit's Markdown (titles, captions, messages, help).

Streamlit reads titles, captions, metric labels and messages as Markdown, with its own
extensions: ``:red[...]`` colours, ``:material/icon:`` icons, ``$...$`` formulas, links. A
community or file named ``[click](https://…)`` or ``:red[!]`` must show as those characters, not
as a link or a colour, and a bare address (``https://…``, ``www.…``, ``a@b.org``) must not become
one either, so every value from a file goes through ``md`` before it is put into Markdown.
CommonMark treats a backslash before any ASCII punctuation as that character itself.
"""

from __future__ import annotations

import re
import string

from geo.text.formatting import is_blank

_ESCAPED = str.maketrans({c: "\\" + c for c in string.punctuation})
# Streamlit's Markdown also makes links of bare addresses (GFM autolinks: https://…, www.…, a@b.org),
# which escaping does not stop. A word joiner (U+2060, invisible, no width) where the address would be
# recognised breaks it: before "://" and "@", and after "www".
_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?=://)|(?=@)|(?<=www)(?=\.)", re.IGNORECASE)


def md(value: object) -> str:
    """``value`` as Markdown that shows exactly its characters; None and NaN become ''."""
    if is_blank(value):
        return ""
    text = " ".join(str(value).split())  # no line breaks: a value cannot start a heading or a list
    return _AUTOLINK.sub(_JOINER, text).translate(_ESCAPED)
