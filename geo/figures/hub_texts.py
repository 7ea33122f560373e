"""A hub's own texts in the user's language: its services and hours, which a hubs file writes in Ukrainian
(``services``, ``hours``) and may also write in English (``services_en``, ``hours_en``).

In English the English text is shown where the file has one; where it has none, the Ukrainian text
followed by "(in Ukrainian only)", so that a reader knows the text exists in Ukrainian alone and is not
a mistake of the page. Hub names have their English column already (``name_en``, filled by the loader).
Used by the hubs' popups (``geo.maps.hub_layer``) and the Community page's table of hubs.
"""

from __future__ import annotations

import pandas as pd

from geo.text.i18n import gettext_for, normalize_language

TRANSLATED = {"services": "services_en", "hours": "hours_en"}  # Ukrainian column -> its English column


def hub_text(hubs: pd.DataFrame, column: str, lang: str) -> pd.Series:
    """``services`` or ``hours`` as the user reads them: Ukrainian in Ukrainian; in English the English
    column, else the Ukrainian text marked "(in Ukrainian only)"; <NA> where the hub has neither."""
    ukrainian = hubs[column].astype("string")
    if normalize_language(lang) == "uk":
        return ukrainian
    _ = gettext_for(lang)
    english_column = TRANSLATED[column]
    if english_column in hubs.columns:
        english = hubs[english_column].astype("string").str.strip()
    else:  # a frame from before the English columns
        english = pd.Series(pd.NA, index=hubs.index, dtype="string")
    marked = ukrainian + " " + _("(in Ukrainian only)")  # <NA> stays <NA>
    return english.where(english.notna() & (english != ""), marked)
