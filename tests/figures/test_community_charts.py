"""A community's charts: needs by sector and status, opened and closed per period, and the closure curve."""

from __future__ import annotations

import pandas as pd

from geo.figures.community_charts import closure_curve, opened_closed, sector_status


def test_sector_status_counts_every_need_once(small):
    """Five needs in five sectors, each under its own status; sectors in the contract's order."""
    frame = sector_status(small.needs)
    assert int(frame.to_numpy().sum()) == len(small.needs)
    assert list(frame.columns) == ["open", "in_progress", "closed"]
    assert frame.index.tolist() == ["food", "shelter_nfi", "heating_utilities", "wash", "health"]
    assert frame.loc["wash", "closed"] == 1


def test_opened_and_closed_per_month_and_week(small):
    """June: 3 reported; July: 1 reported, 2 closed; every week between shows up, empty ones as 0."""
    months = opened_closed(small.needs, "M")
    assert months.to_dict("index") == {
        "2025-06": {"opened": 3, "closed": 0},
        "2025-07": {"opened": 1, "closed": 2},
        "2025-08": {"opened": 1, "closed": 0},
    }
    weeks = opened_closed(small.needs, "W")
    assert weeks.index[0] == "2025-06-02"  # the Monday of the first report's week
    assert weeks.loc["2025-06-16"].tolist() == [0, 0]
    assert weeks["opened"].sum() == 5 and weeks["closed"].sum() == 2


def test_closure_curve_climbs_to_the_totals(small):
    """The cumulative curve ends with every reported need and every closure counted, and never goes down."""
    curve = closure_curve(small.needs)
    assert curve.iloc[-1].tolist() == [5, 2]
    assert curve["reported"].is_monotonic_increasing and curve["closed"].is_monotonic_increasing
    assert (curve["closed"] <= curve["reported"]).all()
    longer = closure_curve(small.needs, until="2025-09-30")
    assert longer.index[-1] == pd.Timestamp("2025-09-30") and longer.iloc[-1].tolist() == [5, 2]
