"""Communities named in the user's language: the one table that every list, map and tooltip reads."""

from __future__ import annotations

import pandas as pd


def names(communities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Name, raion and oblast of each community in the user's language, by P-code."""
    uk = lang == "uk"
    return pd.DataFrame(
        {
            "name": communities["name_uk" if uk else "name_en"].to_numpy(),
            "raion": communities["raion_uk" if uk else "raion"].to_numpy(),
            "oblast": communities["oblast_uk" if uk else "oblast"].to_numpy(),
        },
        index=pd.Index(communities["pcode"], name="pcode"),
    )
