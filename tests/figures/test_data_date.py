"""The data's date and the reference day that ages count to."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.figures.data_date import as_of_line, data_dates, demo_reference_day, newest_record
from geo.ingest.settings import BadSetting, data_as_of, reference_day

TODAY = dt.date(2026, 12, 2)


def test_the_newest_record_is_the_datas_date(small):
    """The newest need reported or closed, or IDP count, whichever is later."""
    newest = max(small.needs["reported_on"].max(), small.needs["closed_on"].max(), small.idp_counts["as_of"].max()).date()
    assert newest_record(small) == newest


def test_the_deployment_day_wins_then_the_demos_then_today(small):
    day, demo = dt.date(2025, 9, 1), dt.date(2025, 10, 31)
    assert data_dates(small, TODAY, deployment_day=day, demo_day=demo).reference_day == day
    assert data_dates(small, TODAY, demo_day=demo).reference_day == demo
    dates = data_dates(small, TODAY)
    assert dates.reference_day == TODAY and dates.source == "today" and not dates.differs


def test_the_deployment_can_set_the_datas_date(small):
    assert data_dates(small, TODAY, deployment_as_of=dt.date(2025, 8, 1)).data_as_of == dt.date(2025, 8, 1)


def test_the_line_says_both_days_when_they_differ(small):
    """A need's age counts to the reference day; the page says so, and says today's date too."""
    line = as_of_line(data_dates(small, TODAY, demo_day=dt.date(2025, 10, 31)), "en")
    assert "Data as of" in line and "2025-10-31" in line and "2026-12-02" in line
    same = as_of_line(data_dates(small, TODAY), "uk")
    assert "2026-12-02" not in same and "Дані станом на" in same


def test_the_demo_ships_its_own_reference_day():
    """data/demo.toml: the demo's last day, so its story (ages, staleness) reads as told."""
    from pathlib import Path

    day = demo_reference_day(Path(__file__).resolve().parents[2] / "data")
    assert day == dt.date(2025, 10, 31)


@pytest.mark.parametrize("value", ["2025-10-31", "31.10.2025", dt.date(2025, 10, 31)])
def test_the_settings_read_iso_and_ukrainian_dates(value):
    assert reference_day({}, {"reference_day": value}) == dt.date(2025, 10, 31)
    assert data_as_of({"HROMADA_DATA_AS_OF": "2025-10-31"}) == dt.date(2025, 10, 31)
    assert reference_day({}) is None and reference_day({}, {}) is None


def test_a_setting_that_is_not_a_date_is_said_not_guessed():
    with pytest.raises(BadSetting) as caught:
        reference_day({"HROMADA_REFERENCE_DAY": "last friday"})
    assert caught.value.name == "HROMADA_REFERENCE_DAY" and caught.value.value == "last friday"
