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


# The three levels of units, coarsest first, with the digits their P-code has after "UA".
LEVELS = ("oblast", "raion", "hromada")
LEVEL_DIGITS = {"oblast": 2, "raion": 4, "hromada": 7}
_ANY_PCODE_RE = re.compile(r"^UA(\d{2}|\d{4}|\d{7})$")
# Kyiv and Sevastopol are an oblast, a raion and a hromada at once (KATOTTH category K).
SPECIAL_CITIES = ("UA80", "UA85")


def _katotth_level(digits: str) -> str:
    """KATOTTH digits: oblast 2, raion 2, hromada 3, then the settlement and a serial number."""
    if digits[2:4] == "00":
        return "oblast"
    if digits[4:7] == "000":
        return "raion"
    return "hromada"


def code_level(value: object) -> tuple[str, str] | None:
    """``(level, P-code)`` for a P-code or KATOTTH code of any level; None if it is no code.

    ``UA48`` and ``UA48000000000039575`` are the oblast ``UA48``; ``UA4806`` a raion;
    ``UA4806013`` and its KATOTTH codes (a hromada's or one of its settlements') the hromada.
    """
    text = str(value or "").strip().replace(" ", "").translate(_LOOKALIKES).upper()
    if _ANY_PCODE_RE.match(text):
        level = {2: "oblast", 4: "raion", 7: "hromada"}[len(text) - 2]
        return level, text
    if KATOTTH_RE.match(text):
        level = _katotth_level(text[2:])
        return level, text[: 2 + LEVEL_DIGITS[level]]
    return None


def level_of(pcode: str) -> str | None:
    """The level of a normalized P-code (``UA48`` oblast, ``UA4806`` raion, ``UA4806013`` hromada)."""
    return {4: "oblast", 6: "raion", 9: "hromada"}.get(len(pcode or ""))


def code_levels(values: pd.Series) -> pd.DataFrame:
    """Vectorised ``code_level``: columns ``pcode`` and ``level``, <NA> for what is no code."""
    distinct = pd.unique(values.astype("string").fillna(""))
    found = {v: code_level(v) for v in distinct}
    text = values.astype("string").fillna("")
    pcode = text.map(lambda v: found[v][1] if found[v] else pd.NA).astype("string")
    level = text.map(lambda v: found[v][0] if found[v] else pd.NA).astype("string")
    return pd.DataFrame({"pcode": pcode, "level": level}, index=values.index)
