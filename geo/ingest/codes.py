"""Community codes: OCHA COD-AB P-codes and the state codifier's KATOTTH codes.

A hromada's P-code is ``UA`` and 7 digits (``UA4806013``); its KATOTTH code
(``UA48060130000072839``) begins with the P-code, so either names the same community.
"""

from __future__ import annotations

import re

import pandas as pd

PCODE_RE = re.compile(r"^UA\d{7}$")
KATOTTH_RE = re.compile(r"^UA\d{17}$")
# A Cyrillic "УА" typed on a Ukrainian keyboard looks the same as "UA".
_LOOKALIKES = str.maketrans({"У": "U", "А": "A", "у": "U", "а": "A"})


def normalize_code(value: object) -> str | None:
    """Return the 9-character P-code for a P-code or KATOTTH code, or None if it is neither."""
    text = str(value or "").strip().replace(" ", "").translate(_LOOKALIKES).upper()
    if PCODE_RE.match(text):
        return text
    if KATOTTH_RE.match(text):
        return text[:9]
    return None


def normalize_codes(values: pd.Series) -> pd.Series:
    """Vectorised ``normalize_code``: invalid or blank codes become <NA>."""
    text = values.astype("string").fillna("").str.replace(r"\s+", "", regex=True).str.translate(_LOOKALIKES).str.upper()
    short = text.str.fullmatch(PCODE_RE.pattern)
    long = text.str.fullmatch(KATOTTH_RE.pattern)
    out = pd.Series(pd.NA, index=values.index, dtype="string")
    out[short] = text[short]
    out[long] = text[long].str[:9]
    return out
