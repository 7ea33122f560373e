"""Codes of the three levels in the inputs: which units a file knows, and what level a file's codes are.

IDP counts may be given for a hromada, a raion or an oblast (``host_pcode``/``origin_pcode`` of any
level): a code must name a known unit of its level, the hromadas, raions and oblasts of the
communities file (their ``raion_pcode``/``oblast_pcode``) or of the ADM1/ADM2 boundary files. Kyiv and
Sevastopol are an oblast, a raion and a hromada at once: a code of any level names the city.
"""

from __future__ import annotations

import pandas as pd

from geo.ingest.codes import LEVELS, SPECIAL_CITIES, code_levels, level_of
from geo.ingest.raw_table import ROW

_LEVEL_COLUMN = {"oblast": "oblast_pcode", "raion": "raion_pcode", "hromada": "pcode"}
# The columns of an IDP row at any level, as Dataset.idp_coarse holds them.
COARSE_COLUMNS = ("host_pcode", "host_level", "origin_pcode", "origin_level", "people", "households", "as_of")


def known_units(communities: pd.DataFrame, level: str, shapes: pd.DataFrame | None = None) -> pd.Index:
    """The P-codes of ``level`` that the communities file (and that level's own boundaries, if given) name."""
    column = _LEVEL_COLUMN[level]
    codes = communities[column].dropna().astype(str) if column in communities else pd.Series([], dtype=str)
    if shapes is not None and "pcode" in shapes:
        codes = pd.concat([codes, shapes["pcode"].dropna().astype(str)])
    return pd.Index(codes.unique())


def city_codes(communities: pd.DataFrame) -> dict[str, str]:
    """Kyiv's and Sevastopol's oblast and raion codes -> the city's hromada, where the communities hold it."""
    out = {}
    for city in SPECIAL_CITIES:
        inside = communities["pcode"].astype(str).str.startswith(city)
        hromadas = communities.loc[inside, "pcode"].astype(str).unique()
        if len(hromadas) == 1:
            raions = communities.loc[inside, "raion_pcode"].dropna().astype(str) if "raion_pcode" in communities else []
            for code in (city, *raions, city + "00"):
                out[code] = hromadas[0]
    return out


def as_city(codes: pd.Series, cities: dict[str, str]) -> pd.Series:
    """Codes with Kyiv's or Sevastopol's oblast or raion code read as the city's hromada."""
    return codes.map(lambda code: cities.get(code, code) if isinstance(code, str) else code).astype("string")


def levels_of(codes: pd.Series) -> pd.Series:
    """The level of each P-code (<NA> for a blank)."""
    return codes.map(lambda code: level_of(code) if isinstance(code, str) else pd.NA).astype("string")


def split_idp_counts(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(hromada-to-hromada rows as idp_counts has them, every other row as idp_coarse; None if none)."""
    host = levels_of(frame["host_pcode"])
    origin = levels_of(frame["origin_pcode"])
    fine = (host == "hromada") & (origin.isna() | (origin == "hromada"))
    fine = fine.fillna(False).astype(bool)
    if fine.all():
        return frame, None
    coarse = frame[~fine].assign(host_level=host[~fine], origin_level=origin[~fine])
    return frame[fine].reset_index(drop=True), coarse[list(COARSE_COLUMNS)].reset_index(drop=True)


def file_level(values: pd.Series) -> str | None:
    """The level that most of a column's codes are (a communities file of raions says "raion"), or None."""
    found = code_levels(values)["level"].dropna()
    if found.empty:
        return None
    counts = found.value_counts()
    level = str(counts.index[0])
    return level if level in LEVELS and counts.iloc[0] * 2 > len(values.dropna()) else None


def finest_code_level(raw: pd.DataFrame, sample: int = 500) -> str | None:
    """The finest level of the codes a file's columns hold (a raions file: "raion"), or None if none holds codes.

    A column holds codes when most of its first ``sample`` distinct cells are codes of one level.
    """
    found = []
    for column in raw.columns:
        if column in (ROW, "geometry"):
            continue
        cells = raw[column].dropna().astype(str).str.strip()
        cells = pd.Series(cells[cells != ""].unique()[:sample])
        level = file_level(cells) if len(cells) else None
        if level is not None:
            found.append(level)
    return max(found, key=LEVELS.index) if found else None
