"""A hub's services and hours in the user's language, with the Ukrainian text marked where there is no English."""

from __future__ import annotations

import pandas as pd

from geo.figures.hub_texts import hub_text


def _hubs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "services": ["юридична допомога", "питна вода", pd.NA, "теплі речі"],
            "services_en": ["legal aid", pd.NA, pd.NA, "  "],
            "hours": ["Пн–Пт 09:00–18:00", pd.NA, pd.NA, pd.NA],
            "hours_en": ["Mon–Fri 09:00–18:00", pd.NA, pd.NA, pd.NA],
        },
        dtype="string",
    )


def test_ukrainian_shows_the_ukrainian_columns():
    """In Ukrainian the English columns are never used."""
    assert hub_text(_hubs(), "services", "uk").tolist() == ["юридична допомога", "питна вода", pd.NA, "теплі речі"]


def test_english_uses_the_english_columns_and_marks_what_is_only_in_ukrainian():
    """In English a hub's English text is shown; with none (or only spaces) its Ukrainian text, marked;
    a hub with neither stays empty."""
    services = hub_text(_hubs(), "services", "en").tolist()
    assert services == ["legal aid", "питна вода (in Ukrainian only)", pd.NA, "теплі речі (in Ukrainian only)"]
    assert hub_text(_hubs(), "hours", "en").tolist() == ["Mon–Fri 09:00–18:00", pd.NA, pd.NA, pd.NA]


def test_a_frame_without_english_columns_is_all_marked():
    """Hubs read before the English columns existed (or a caller's own frame) still show, marked."""
    hubs = _hubs().drop(columns=["services_en", "hours_en"])
    assert hub_text(hubs, "hours", "en").tolist()[0] == "Пн–Пт 09:00–18:00 (in Ukrainian only)"
