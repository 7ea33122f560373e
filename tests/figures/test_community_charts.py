"""A community's charts: needs by sector and status, opened and closed per period, and the closure curve."""

from __future__ import annotations

import json

import pandas as pd

from geo.figures.community_charts import (
    STATUS_COLOURS,
    closure_chart,
    closure_curve,
    opened_closed,
    opened_closed_chart,
    period_labels,
    sector_chart,
    sector_status,
    time_ticks,
)
from geo.ingest.contract import SECTORS, STATUSES
from geo.text.i18n import gettext_for


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


# The charts as Vega-Lite specs, in the user's language


def _tooltip_titles(encoding: dict) -> list[str]:
    return [field["title"] for field in encoding["tooltip"]]


def test_sector_chart_counts_every_need_in_the_users_language(small):
    """Each need is in one bar segment; sectors, statuses and tooltips are in Ukrainian, the statuses
    in the map's colours, sectors in the contract's order."""
    uk = gettext_for("uk")
    spec = sector_chart(sector_status(small.needs), "uk")
    values = spec["data"]["values"]
    assert sum(v["needs"] for v in values) == len(small.needs)
    encoding = spec["encoding"]
    assert encoding["y"]["sort"][:2] == [uk(SECTORS["food"][0]), uk(SECTORS["shelter_nfi"][0])]
    assert encoding["color"]["scale"] == {
        "domain": [uk(STATUSES[s][0]) for s in ("open", "in_progress", "closed")],
        "range": list(STATUS_COLOURS.values()),
    }
    assert {v["status"] for v in values} <= set(encoding["color"]["scale"]["domain"])
    assert _tooltip_titles(encoding) == ["Сектор", "Статус", "Потреби"]
    assert encoding["x"]["axis"]["title"] == "потреб"
    assert _tooltip_titles(sector_chart(sector_status(small.needs), "en")["encoding"]) == ["Sector", "Status", "Needs"]


def test_weeks_and_months_are_labelled_in_the_users_language(small):
    """A week's bar is labelled by its Monday ("2 черв. 2025", then "9 черв."), its tooltip gives the whole
    week; a month reads "черв. 2025" on the axis and "червень 2025" in the tooltip; English alike."""
    weeks = opened_closed(small.needs, "W")
    spec = opened_closed_chart(weeks, "W", "uk")
    x = spec["encoding"]["x"]
    assert x["sort"] == list(weeks.index)  # the bars stand in time order, on the period's key
    mapping, lookup = x["axis"]["labelExpr"].rsplit("[", 1)
    labels = json.loads(mapping)
    assert lookup == "datum.value]"
    assert [labels[k] for k in weeks.index[:2]] == ["2 черв. 2025", "9 черв."]
    first = spec["data"]["values"][0]
    assert first["when"] == "2–8 черв. 2025\u202fр."  # Babel: a narrow no-break space before "р."
    assert (first["opened"], first["closed"]) == (2, 0)  # N-1 and N-2 in the week of 2 June
    assert _tooltip_titles(spec["encoding"]) == ["Тиждень", "Відкрито", "Закрито"]

    months = opened_closed(small.needs, "M")
    labels, tips = period_labels(months.index, "M", "uk")
    assert labels == ["черв. 2025", "лип. 2025", "серп. 2025"]
    assert tips[0] == "червень 2025"
    assert period_labels(months.index, "M", "en") == (
        ["Jun 2025", "Jul 2025", "Aug 2025"],
        ["June 2025", "July 2025", "August 2025"],
    )
    english = opened_closed_chart(weeks, "W", "en")
    assert json.loads(english["encoding"]["x"]["axis"]["labelExpr"].rsplit("[", 1)[0])["2025-06-02"] == "2 Jun 2025"
    assert _tooltip_titles(english["encoding"]) == ["Week", "Opened", "Closed"]


def test_time_axis_ticks_on_months_with_the_languages_month_names(small):
    """The cumulative curve ticks on the 1st of each month, from the month of the first report, and Vega
    writes them with the language's month names ("черв. 2025", from the spec's locale: Vega's own are
    English); its tooltip gives the day."""
    curve = closure_curve(small.needs, until="2025-09-30")
    spec = closure_chart(curve, "uk")
    for layer in spec["layer"]:
        axis = layer["encoding"]["x"]["axis"]
        assert axis["values"] == ["2025-06-01", "2025-07-01", "2025-08-01", "2025-09-01"]
        assert axis["format"] == "%b %Y"
        assert layer["encoding"]["x"]["scale"]["domain"] == ["2025-06-01", "2025-09-30"]  # the data: from 2 June
    time = spec["config"]["locale"]["time"]
    assert time["shortMonths"][5] == "черв." and time["months"][5] == "червень"
    assert time["shortDays"][:2] == ["нд", "пн"]  # d3 counts from Sunday; the labels are right either way
    assert spec["config"]["locale"]["number"]["thousands"] == "\u00a0"  # 1 234
    day = next(v for v in spec["data"]["values"] if v["date"] == "2025-07-15")
    assert day["day"] == "15 липня 2025"
    assert (day["reported"], day["closed"], day["open"]) == (4, 2, 2)
    assert _tooltip_titles(spec["layer"][1]["encoding"]) == [
        "Дата", "Зареєстровано, наростаючим підсумком", "Закрито, наростаючим підсумком", "Ще відкриті",
    ]  # fmt: skip
    english = closure_chart(curve, "en")["config"]["locale"]
    assert english["time"]["shortMonths"][5] == "Jun" and english["number"]["thousands"] == ","


def test_a_short_time_axis_ticks_on_mondays():
    """Up to two months, the curve ticks every Monday ("2 черв."), not on Vega's Sundays; over years,
    on at most eight month starts."""
    ticks, label = time_ticks(pd.Timestamp("2025-06-04"), pd.Timestamp("2025-07-20"))
    assert label == "%-d %b"
    assert ticks[0] == "2025-06-02" and ticks[-1] == "2025-07-14"
    assert all(pd.Timestamp(t).day_name() == "Monday" for t in ticks)
    long_ticks, long_label = time_ticks(pd.Timestamp("2022-03-05"), pd.Timestamp("2025-10-31"))
    assert long_label == "%b %Y" and len(long_ticks) <= 8 and long_ticks[0] == "2022-03-01"


def test_chart_specs_load_nothing_from_the_internet(small):
    """Every spec carries its data and its locale inline: no URL for Vega to fetch."""
    curve = closure_curve(small.needs)
    specs = [
        sector_chart(sector_status(small.needs), "uk"),
        opened_closed_chart(opened_closed(small.needs, "M"), "M", "uk"),
        closure_chart(curve, "uk"),
        closure_chart(curve.iloc[:0], "en"),  # no needs: an empty chart still builds
    ]
    assert "http" not in json.dumps(specs)
