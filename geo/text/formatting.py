"""Numbers and dates the way each language writes them (12 345,6 in Ukrainian; 12,345.6 in English)."""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd
from babel.numbers import format_decimal

from geo.text.i18n import normalize_language

_LOCALES = {"uk": "uk_UA", "en": "en_GB"}


def is_blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def number(value: object, lang: str, digits: int = 0) -> str:
    """A count or ratio in the language's style; '' for a missing value."""
    if is_blank(value):
        return ""
    return _format(round(float(value), digits), _LOCALES[normalize_language(lang)], digits)


@lru_cache(maxsize=65536)
def _format(value: float, locale: str, digits: int) -> str:
    # Babel is exact but slow; maps format thousands of the same small numbers.
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale)


def percent(value: object, lang: str) -> str:
    return "" if is_blank(value) else f"{number(value, lang)}%"


def date(value: object) -> str:
    """ISO dates (2025-03-01) read the same in both languages and sort as text."""
    if is_blank(value):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d")
