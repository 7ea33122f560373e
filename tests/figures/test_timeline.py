"""Needs as they stood on a date, and what opened and closed since another."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.figures.metrics import community_metrics
from geo.figures.timeline import as_of, changes_since, counts_as_of, dataset_as_of, since_counts, to_day


def needs_frame(rows: list[tuple]) -> pd.DataFrame:
    """Needs typed as the loader types them: (need_id, status, reported_on, closed_on)."""
    frame = pd.DataFrame(rows, columns=["need_id", "status", "reported_on", "closed_on"])
    frame["pcode"] = "UA4806037"
    frame["status"] = frame["status"].astype("string")
    for column in ("reported_on", "closed_on"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


NEEDS = needs_frame(
    [
        ("early-open", "open", "2025-06-01", None),
        ("early-working", "in_progress", "2025-06-05", None),
        ("closed-before", "closed", "2025-06-02", "2025-06-20"),
        ("closed-on-the-day", "closed", "2025-06-03", "2025-07-01"),
        ("closed-after", "closed", "2025-06-10", "2025-08-15"),
        ("reported-on-the-day", "open", "2025-07-01", None),
        ("reported-after", "open", "2025-07-02", None),
        ("closed-undated", "closed", "2025-06-04", None),
    ]
)


def status_on(day: str) -> dict[str, str]:
    frame = as_of(NEEDS, day)
    return dict(zip(frame["need_id"], frame["status"], strict=True))


def test_a_need_reported_after_the_date_is_absent():
    """On 1 July, a need first reported on 2 July does not exist yet; one reported that day does."""
    shown = status_on("2025-07-01")
    assert "reported-after" not in shown
    assert shown["reported-on-the-day"] == "open"


def test_a_need_closed_after_the_date_is_still_open():
    """A need closed in August was still unmet on 1 July, and its closing date is not shown yet."""
    frame = as_of(NEEDS, "2025-07-01").set_index("need_id")
    assert frame.loc["closed-after", "status"] == "open"
    assert pd.isna(frame.loc["closed-after", "closed_on"])


def test_a_need_closed_on_or_before_the_date_is_closed():
    """Needs closed in June, or on the day itself, count as closed on 1 July."""
    shown = status_on("2025-07-01")
    assert shown["closed-before"] == "closed"
    assert shown["closed-on-the-day"] == "closed"


def test_open_and_in_progress_keep_their_status():
    """With no date for the start of work, a need in progress now is shown in progress on earlier dates too."""
    shown = status_on("2025-06-06")
    assert shown["early-open"] == "open"
    assert shown["early-working"] == "in_progress"


def test_a_closed_need_without_a_closing_date_stays_closed():
    """The data does not say when it closed, so no date is invented: it stays closed."""
    assert status_on("2025-06-30")["closed-undated"] == "closed"


def test_before_anything_was_reported_nothing_is_shown():
    """The map of a day before the first report is empty."""
    assert as_of(NEEDS, "2025-05-31").empty


def test_no_date_or_a_late_one_gives_the_data_as_recorded():
    """No date chosen, or a date after every record, shows today's statuses unchanged."""
    assert as_of(NEEDS, None) is NEEDS
    late = as_of(NEEDS, "2030-01-01")
    assert late["status"].tolist() == NEEDS["status"].tolist()
    assert late["closed_on"].equals(NEEDS["closed_on"])


def test_as_of_does_not_change_the_loaded_needs():
    """The data stays as loaded; as_of returns a new frame."""
    before = NEEDS.copy()
    as_of(NEEDS, "2025-07-01")
    pd.testing.assert_frame_equal(NEEDS, before)


def test_dates_are_read_as_days():
    """A date, an ISO text or a timestamp with a time name the same day; blanks mean no date."""
    assert to_day("2025-07-01") == to_day(pd.Timestamp("2025-07-01 17:30")) == pd.Timestamp("2025-07-01")
    assert to_day(None) is None and to_day(" ") is None


def test_since_counts_what_opened_and_closed_from_that_day_on():
    """From 1 July to 1 August: two needs opened (1 and 2 July), one closed (1 July); August's closure is later."""
    assert since_counts(NEEDS, "2025-07-01", "2025-08-01") == {"opened": 2, "closed": 1}
    assert since_counts(NEEDS, "2025-07-01") == {"opened": 2, "closed": 2}
    changes = changes_since(NEEDS, "2025-07-01", "2025-08-01")
    assert sorted(zip(changes["change"], changes["need_id"], strict=True)) == [
        ("closed", "closed-on-the-day"),
        ("opened", "reported-after"),
        ("opened", "reported-on-the-day"),
    ]


def test_since_needs_a_date():
    """A "since" without a date is a programming error, not an empty answer."""
    with pytest.raises(ValueError):
        changes_since(NEEDS, None)


def test_idp_counts_as_of_keep_the_newest_count_known_then(small):
    """On 1 August only the July count of a pair was known, so the map shows 500 people, not October's 800."""
    counts = counts_as_of(small.idp_counts, "2025-08-01")
    assert counts["as_of"].max() == pd.Timestamp("2025-07-01")
    dated = dataset_as_of(small, "2025-08-01")
    metrics = community_metrics(dated.communities, dated.needs, dated.hubs, dated.idp_counts)
    assert metrics.loc["UA4806037", "idps_hosted"] == 500
    assert dataset_as_of(small, None) is small


def test_the_demo_three_months_earlier(demo):
    """The demo map of 1 August 2025: only needs reported by then, and needs closed later are open on it."""
    day = pd.Timestamp("2025-08-01")
    then = as_of(demo.needs, day).set_index("need_id")
    assert 0 < len(then) < len(demo.needs)
    assert (then["reported_on"] <= day).all() and not (then["closed_on"] > day).any()
    now = demo.needs.set_index("need_id").loc[then.index]
    closed_later = now.index[(now["status"] == "closed") & (now["closed_on"] > day)]
    assert len(closed_later) > 10
    assert (then.loc[closed_later, "status"] == "open").all()
    assert (then["status"] == "closed").sum() == ((now["status"] == "closed") & (now["closed_on"] <= day)).sum()
