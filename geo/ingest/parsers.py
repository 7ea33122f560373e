"""Column parsers: each takes a column's text cells and returns (typed values, mask of the cells that failed).

Numbers, dates and words as people in Ukraine type them (``4 450,90``, ``01.03.2025``, the app's own
labels); nothing is guessed, so a cell that fails becomes a row problem (``geo.ingest.columns``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.ingest.codes import code_levels, normalize_codes
from geo.ingest.contract import FALSE_WORDS, TRUE_WORDS, VOCABULARIES, lookup_table
from geo.text.i18n import gettext_for


def blank_cells(text: pd.Series) -> pd.Series:
    """The cells that are empty or only spaces."""
    return text.fillna("").astype(str).str.strip() == ""


def _clean(text: pd.Series) -> pd.Series:
    return text.fillna("").astype(str).str.strip()


def _numbers(text: pd.Series) -> pd.Series:
    """Numbers as Excel in a Ukrainian locale writes them: ``4 450,90`` is 4450.9."""
    cleaned = _clean(text).str.replace(r"[\s\u00a0\u202f']", "", regex=True).str.replace(",", ".", regex=False)
    values = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    # Beyond 2**53 a count is not a count (and cannot be stored exactly): treat it as bad.
    return values.where(np.isfinite(values) & (values.abs() <= 2**53))


def parse_int(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    values = _numbers(text)
    bad = ~blank_cells(text) & (values.isna() | (values < 0) | (values.round() != values))
    return values.where(~bad).round().astype("Int64"), bad


def parse_float(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    values = _numbers(text)
    bad = ~blank_cells(text) & values.isna()
    return values.astype("Float64"), bad


# Year first with slashes (2022/12/13) is how GDAL writes a GeoJSON's dates; a CSV can hold them too.
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M:%S",
)


def parse_date(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ISO and day-first dates only: ``01.03.2025`` is 1 March, never 3 January."""
    cleaned = _clean(text)
    # Placeholder years (31.12.9999) and typos (0025) are bad dates, not crashes.
    year = pd.to_numeric(cleaned.str.extract(r"(?:^|\D)(\d{4})(?:\D|$)")[0], errors="coerce")
    cleaned = cleaned.where(year.between(1990, 2100), "")
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for fmt in _DATE_FORMATS:
        missing = result.isna()
        if not missing.any():
            break
        result[missing] = pd.to_datetime(cleaned[missing], format=fmt, errors="coerce")
    bad = ~blank_cells(text) & result.isna()
    return result.dt.normalize(), bad


def parse_bool(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    words = _clean(text).str.lower()
    true = words.isin(TRUE_WORDS)
    bad = ~true & ~words.isin(FALSE_WORDS)
    return true, bad


def parse_text(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    cleaned = _clean(text)
    return cleaned.where(cleaned != "").astype("string"), pd.Series(False, index=text.index)


def parse_code(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    codes = normalize_codes(text)
    return codes, ~blank_cells(text) & codes.isna()


def word_table(vocabulary_name: str) -> dict[str, str]:
    """Accepted words -> key: the contract's aliases plus every label as the app shows it in Ukrainian."""
    vocabulary = VOCABULARIES[vocabulary_name]
    table = lookup_table(vocabulary)
    uk = gettext_for("uk")
    for key, (label, _aliases) in vocabulary.items():
        table.setdefault(_normal_word(uk(label)), key)
    return table


def _normal_word(word: str) -> str:
    return " ".join(word.strip().lower().replace("’", "'").replace("ʼ", "'").split())


def _parse_words(vocabulary_name: str):
    table = word_table(vocabulary_name)

    def parse(text: pd.Series) -> tuple[pd.Series, pd.Series]:
        keys = _clean(text).map(_normal_word).map(table).astype("string")
        return keys, ~blank_cells(text) & keys.isna()

    return parse


def parse_groups(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``disability; elderly`` into canonical keys joined by ``;``; any unknown word fails the cell."""
    table = word_table("groups")
    values, bad = [], []
    for cell in _clean(text):
        words = [_normal_word(w) for w in cell.replace(",", ";").split(";") if w.strip()]
        keys = [table.get(w) for w in words]
        bad.append(any(k is None for k in keys))
        values.append(";".join(dict.fromkeys(k for k in keys if k)) if words else pd.NA)
    return pd.Series(values, index=text.index, dtype="string"), pd.Series(bad, index=text.index)


def parse_unit_code(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A code of any level (``UA48``, ``UA4806``, ``UA4806013`` or a KATOTTH code) as its P-code at its level."""
    codes = code_levels(text)["pcode"]
    return codes, ~blank_cells(text) & codes.isna()


PARSERS = {
    "text": parse_text,
    "code": parse_code,
    "unit_code": parse_unit_code,
    "int": parse_int,
    "float": parse_float,
    "date": parse_date,
    "bool": parse_bool,
    "status": _parse_words("status"),
    "sector": _parse_words("sector"),
    "hub_type": _parse_words("hub_type"),
    "groups": parse_groups,
}
