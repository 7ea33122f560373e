"""A community's data quality: unverified, long-open and unclaimed needs, and figures that may be out of date."""

from __future__ import annotations

import pandas as pd

from geo.figures.data_quality import data_quality, quality_table, quality_tiles, stale_warnings

SHEVCHENKOVE, MISHKOVO, BILOZERKA = "UA4806037", "UA4806017", "UA6510001"  # tests/data


def test_quality_counts_unverified_old_open_needs_and_no_provider(small):
    """On 1 September, Shevchenkivska's two needs are open for over 30 days, one over 90; one has no provider."""
    quality = quality_table(small.needs, small.idp_counts, "2025-09-01")
    row = quality.loc[SHEVCHENKOVE]
    assert (row["open_over_30"], row["open_over_90"], row["no_provider"]) == (2, 1, 1)
    assert quality.loc[MISHKOVO, "share_unverified"] == 100
    assert row["newest_need"] == pd.Timestamp("2025-06-05")
    assert row["newest_count"] == pd.Timestamp("2025-10-01")


def test_stale_figures_are_said_plainly(small):
    """Needs last touched three months before the date, and a count older than 90 days, are both flagged."""
    quality = data_quality(small.needs, small.idp_counts, SHEVCHENKOVE, "2026-02-01")
    assert quality["needs_stale"] and quality["counts_stale"]
    warnings = stale_warnings(quality, "en", "2026-02-01")
    assert len(warnings) == 2 and "out of date" in warnings[0]
    assert all("2026-02-01" in w for w in warnings)  # the day the ages count to is named
    fresh = data_quality(small.needs, small.idp_counts, BILOZERKA, "2025-08-15")
    assert not fresh["needs_stale"] and stale_warnings(fresh, "en") == []


def test_a_community_without_data_has_blank_quality(small):
    """A community no file mentions: no needs, no dates, nothing stale, and the tiles show dashes."""
    quality = data_quality(small.needs.iloc[:0], small.idp_counts.iloc[:0], SHEVCHENKOVE, "2025-09-01")
    assert quality["needs"] == 0 and pd.isna(quality["newest_need"]) and not quality["needs_stale"]
    tiles = quality_tiles(quality, "2025-09-01", "en")
    assert tiles[0].value == "—" and tiles[-1].value == "—"


def test_age_of_the_newest_record_is_shown(small):
    """The newest need record reads with its date and how old it was on the chosen day."""
    quality = data_quality(small.needs, small.idp_counts, SHEVCHENKOVE, "2025-07-05")
    tile = quality_tiles(quality, "2025-07-05", "en")[4]
    assert tile.value == "2025-06-05" and tile.delta_description == "30 d before 2025-07-05"
