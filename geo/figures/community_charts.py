"""A community's needs as charts: by sector and status, opened and closed per period, reported and closed so far.

``sector_status``, ``opened_closed`` and ``closure_curve`` return the frame a chart draws; ``sector_chart``,
``opened_closed_chart`` and ``closure_chart`` turn it into a Vega-Lite spec (a plain dict, its data inline)
in the user's language, for ``st.vega_lite_chart``: axis titles, legends and tooltips ("2–8 черв. 2025 р.")
written here with Babel's calendar, and the chart library's own locale (``config.locale``, which Streamlit
passes to Vega) for the numbers (1 234) and the month names Vega writes on a time axis ("черв. 2025").
A time axis gets its ticks from here too: Vega's weeks start on Sunday.
"""

from __future__ import annotations

import json
import math

import pandas as pd
from babel.dates import format_date, format_interval, get_day_names, get_month_names

from geo.ingest.contract import SECTORS, STATUSES
from geo.ingest.loaders import Dataset
from geo.text.i18n import N_, gettext_for, normalize_language

STATUS_COLOURS = {"open": "#d95f02", "in_progress": "#e6ab02", "closed": "#1b9e77"}  # as on the map
CHANGE_COLOURS = {"opened": "#d95f02", "closed": "#1b9e77"}
FREQUENCIES = {"W": N_("per week"), "M": N_("per month")}


def sector_status(needs: pd.DataFrame) -> pd.DataFrame:
    """Needs per sector (rows, in the contract's order; only sectors with needs) and status (columns)."""
    counts = needs.groupby(["sector", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    sectors = [s for s in SECTORS if s in counts.index]
    return counts.reindex(sectors).astype(int).rename_axis(index="sector", columns=None)


def _period_start(dates: pd.Series, freq: str) -> pd.Series:
    if freq == "W":
        return (dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")).dt.normalize()
    return dates.dt.to_period("M").dt.start_time


def opened_closed(needs: pd.DataFrame, freq: str = "W", until: object = None) -> pd.DataFrame:
    """Needs opened and needs closed per week (starting Monday) or per month, every period from the
    first report to ``until`` (or the newest record) present, with zeros where nothing happened.

    The index is the period as text (``2025-06-02`` for a week, ``2025-06`` for a month), so that a
    bar chart draws one bar per period and sorts them in time.
    """
    if freq not in FREQUENCIES:
        raise ValueError(f"freq must be one of {list(FREQUENCIES)}")
    if needs.empty:
        return pd.DataFrame({"opened": [], "closed": []}, index=pd.Index([], name="period"), dtype=int)
    opened = _period_start(needs["reported_on"], freq).value_counts()
    closed_dates = needs.loc[(needs["status"] == "closed") & needs["closed_on"].notna(), "closed_on"]
    closed = _period_start(closed_dates, freq).value_counts()
    last = pd.Timestamp(until) if until is not None else max(needs["reported_on"].max(), closed_dates.max())
    if pd.isna(last):
        last = needs["reported_on"].max()
    first = _period_start(pd.Series([needs["reported_on"].min()]), freq).iloc[0]
    last = _period_start(pd.Series([pd.Timestamp(last)]), freq).iloc[0]
    periods = pd.date_range(first, last, freq="W-MON" if freq == "W" else "MS")
    frame = pd.DataFrame({"opened": opened, "closed": closed}).reindex(periods, fill_value=0).fillna(0).astype(int)
    frame.index = [p.strftime("%Y-%m-%d" if freq == "W" else "%Y-%m") for p in periods]
    return frame.rename_axis("period")


def closure_curve(needs: pd.DataFrame, until: object = None) -> pd.DataFrame:
    """Day by day, how many needs had been reported and how many closed so far (the gap is what is open)."""
    if needs.empty:
        return pd.DataFrame({"reported": [], "closed": []}, index=pd.DatetimeIndex([], name="date"), dtype=int)
    closed_dates = needs.loc[(needs["status"] == "closed") & needs["closed_on"].notna(), "closed_on"]
    end = pd.Timestamp(until) if until is not None else max(needs["reported_on"].max(), closed_dates.max())
    if pd.isna(end):
        end = needs["reported_on"].max()
    days = pd.date_range(needs["reported_on"].min(), end, freq="D")
    reported = needs["reported_on"].value_counts().reindex(days, fill_value=0).cumsum()
    closed = closed_dates.value_counts().reindex(days, fill_value=0).cumsum()
    return pd.DataFrame({"reported": reported, "closed": closed}, index=days).astype(int).rename_axis("date")


_BABEL_LOCALES = {"uk": "uk_UA", "en": "en_GB"}
# Vega's number locale (d3-format): 1 234 in Ukrainian, 1,234 in English, on axes and in tooltips.
_NUMBER_LOCALES = {
    "uk": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0грн"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", "\u00a0UAH"]},
}
_DATE_TIME = {"uk": ("%d.%m.%Y, %H:%M:%S", "%d.%m.%Y"), "en": ("%a %e %b %Y, %H:%M:%S", "%d/%m/%Y")}
WEEKLY_TICKS_UP_TO = 62  # days: a shorter curve is labelled by week ("2 черв."), a longer one by month
MAX_MONTH_TICKS = 8


def _locale(lang: str) -> str:
    return _BABEL_LOCALES[normalize_language(lang)]


def time_locale(lang: str) -> dict:
    """Vega's time locale (d3-time-format) from Babel's calendar, for the words Vega writes in a date.

    Month names are the stand-alone (nominative) forms: Vega writes a month on its own ("червень") or
    before the year ("черв. 2025"), never after a day; the days run from Sunday, as d3 wants them.
    """
    locale, (date_time, date) = _locale(lang), _DATE_TIME[normalize_language(lang)]

    def days(width: str) -> list[str]:
        names = get_day_names(width, "format", locale)  # Babel: 0 is Monday
        return [names[(i + 6) % 7] for i in range(7)]

    def months(width: str) -> list[str]:
        names = get_month_names(width, "stand-alone", locale)  # Babel: 1 is January
        return [names[m] for m in range(1, 13)]

    return {
        "dateTime": date_time,
        "date": date,
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": days("wide"),
        "shortDays": days("abbreviated"),
        "months": months("wide"),
        "shortMonths": months("abbreviated"),
    }


def _spec(lang: str, **parts: object) -> dict:
    """A Vega-Lite spec in the language: Vega's number and time locale, and an SVG a test can read."""
    lang = normalize_language(lang)
    return {
        **parts,
        "usermeta": {"embedOptions": {"renderer": "svg"}},
        "config": {"locale": {"number": _NUMBER_LOCALES[lang], "time": time_locale(lang)}},
    }


def _legend() -> dict:
    return {"title": None, "orient": "bottom", "labelLimit": 400}


def _count_axis(title: str) -> dict:
    return {"title": title, "tickMinStep": 1, "format": ",d"}


def _colour_scale(colours: dict[str, str], names: dict[str, str]) -> dict:
    return {"domain": [names[k] for k in colours], "range": list(colours.values())}


def sector_chart(counts: pd.DataFrame, lang: str) -> dict:
    """Needs per sector as stacked horizontal bars, one colour a status (``sector_status``'s frame)."""
    _ = gettext_for(lang)
    status_names = {key: _(STATUSES[key][0]) for key in STATUS_COLOURS}
    sectors = [_(SECTORS[key][0]) for key in counts.index]
    values = [
        {"sector": _(SECTORS[sector][0]), "status": status_names[status], "order": order, "needs": int(n)}
        for sector, row in counts.iterrows()
        for order, (status, n) in enumerate(row.items())
        if n
    ]
    return _spec(
        lang,
        data={"values": values},
        mark={"type": "bar"},
        encoding={
            "y": {"field": "sector", "type": "nominal", "sort": sectors, "title": None, "axis": {"labelLimit": 240}},
            "x": {"field": "needs", "type": "quantitative", "stack": "zero", "axis": _count_axis(_("needs"))},
            "color": {
                "field": "status",
                "type": "nominal",
                "scale": _colour_scale(STATUS_COLOURS, status_names),
                "legend": _legend(),
            },
            "order": {"field": "order"},
            "tooltip": [
                {"field": "sector", "title": _("Sector")},
                {"field": "status", "title": _("Status")},
                {"field": "needs", "title": _("Needs"), "format": ",d"},
            ],
        },
    )


def period_labels(periods: pd.Index, freq: str, lang: str) -> tuple[list[str], list[str]]:
    """Each period of ``opened_closed`` as an axis label and as a tooltip's text.

    A week is labelled by its Monday ("2 черв.", the year on the first bar and where a year begins) and
    told in full in its tooltip ("2–8 черв. 2025 р."); a month is "черв. 2025" on the axis and
    "червень 2025" in the tooltip.
    """
    locale = _locale(lang)
    starts = [pd.Timestamp(p).date() for p in periods]
    if freq == "M":
        return [format_date(d, "LLL y", locale) for d in starts], [format_date(d, "LLLL y", locale) for d in starts]
    labels = [
        format_date(d, "d MMM y" if i == 0 or d.year != starts[i - 1].year else "d MMM", locale)
        for i, d in enumerate(starts)
    ]
    tips = [format_interval(d, d + pd.Timedelta(days=6), "yMMMd", locale=locale) for d in starts]
    return labels, tips


def opened_closed_chart(frame: pd.DataFrame, freq: str, lang: str) -> dict:
    """Needs opened and closed per period (``opened_closed``'s frame) as bars side by side.

    The bars stand on the period's key (``2025-06-02``), in time order; the axis shows its label in the
    user's language, and the tooltip of either bar gives the period and both counts.
    """
    _ = gettext_for(lang)
    names = {"opened": _("Opened"), "closed": _("Closed")}
    labels, tips = period_labels(frame.index, freq, lang)
    keys = [str(k) for k in frame.index]
    values = [
        {
            "period": key,
            "when": tip,
            "kind": names[kind],
            "count": int(row[kind]),
            "opened": int(row["opened"]),
            "closed": int(row["closed"]),
        }
        for key, tip, (_key, row) in zip(keys, tips, frame.iterrows(), strict=True)
        for kind in CHANGE_COLOURS
    ]
    weekly = freq == "W"
    return _spec(
        lang,
        height=320,
        data={"values": values},
        mark={"type": "bar"},
        encoding={
            "x": {
                "field": "period",
                "type": "ordinal",
                "sort": keys,
                "title": None,
                "axis": {
                    "labelExpr": f"{json.dumps(dict(zip(keys, labels, strict=True)), ensure_ascii=False)}[datum.value]",
                    "labelAngle": 0,
                    "labelOverlap": "greedy",
                },
            },
            "xOffset": {"field": "kind", "sort": list(names.values())},
            "y": {"field": "count", "type": "quantitative", "axis": _count_axis(_("needs"))},
            "color": {
                "field": "kind",
                "type": "nominal",
                "scale": _colour_scale(CHANGE_COLOURS, names),
                "legend": _legend(),
            },
            "tooltip": [
                {"field": "when", "title": _("Week") if weekly else _("Month")},
                {"field": "opened", "title": names["opened"], "format": ",d"},
                {"field": "closed", "title": names["closed"], "format": ",d"},
            ],
        },
    )


def time_ticks(first: pd.Timestamp, last: pd.Timestamp) -> tuple[list[str], str]:
    """Tick dates (ISO text, as the data) and their Vega format (``time_locale``), for a daily time axis
    from ``first`` to ``last``; the first tick is on or before ``first``, where the axis then begins.

    Up to ``WEEKLY_TICKS_UP_TO`` days: every Monday, "2 черв."; longer: the first of every month (or of
    every second, third... so that at most ``MAX_MONTH_TICKS`` remain), "черв. 2025".
    """
    first = first.normalize()
    if (last - first).days <= WEEKLY_TICKS_UP_TO:
        monday = first - pd.Timedelta(days=first.day_of_week)
        ticks, label = pd.date_range(monday, last, freq="W-MON"), "%-d %b"
    else:
        starts = pd.date_range(first.replace(day=1), last, freq="MS")
        ticks, label = starts[:: max(1, math.ceil(len(starts) / MAX_MONTH_TICKS))], "%b %Y"
    return [t.strftime("%Y-%m-%d") for t in ticks], label


def closure_chart(curve: pd.DataFrame, lang: str) -> dict:
    """Reported and closed so far (``closure_curve``'s frame) as two lines; a day's tooltip gives both
    totals and what is still open."""
    _ = gettext_for(lang)
    names = {"reported": _("Reported, total so far"), "closed": _("Closed, total so far")}
    locale = _locale(lang)
    values = [
        {
            "date": day.strftime("%Y-%m-%d"),
            "day": format_date(day.date(), "d MMMM y", locale),
            "series": names[series],
            "count": int(row[series]),
            "reported": int(row["reported"]),
            "closed": int(row["closed"]),
            "open": int(row["reported"] - row["closed"]),
        }
        for day, row in curve.iterrows()
        for series in names
    ]
    colours = {"reported": STATUS_COLOURS["open"], "closed": STATUS_COLOURS["closed"]}
    ticks, label = time_ticks(curve.index.min(), curve.index.max()) if len(curve) else ([], "%b %Y")
    scale = {"type": "utc"}  # the dates are days: no time zone may move them
    if ticks:  # from the first tick, so that the first month (or week) is named
        scale["domain"] = [ticks[0], curve.index.max().strftime("%Y-%m-%d")]
    x = {
        "field": "date",
        "type": "temporal",
        "scale": scale,
        "title": None,
        "axis": {"values": ticks, "format": label, "labelOverlap": "greedy"},
    }
    y = {"field": "count", "type": "quantitative", "axis": _count_axis(_("needs"))}
    colour = {
        "field": "series",
        "type": "nominal",
        "scale": _colour_scale(colours, names),
        "legend": _legend(),
    }
    tooltip = [
        {"field": "day", "title": _("Date")},
        {"field": "reported", "title": names["reported"], "format": ",d"},
        {"field": "closed", "title": names["closed"], "format": ",d"},
        {"field": "open", "title": _("Still open"), "format": ",d"},
    ]
    return _spec(
        lang,
        height=300,
        data={"values": values},
        layer=[
            {"mark": {"type": "line", "interpolate": "step-after"}, "encoding": {"x": x, "y": y, "color": colour}},
            {  # invisible points that carry the day's tooltip wherever the pointer is on a line
                "mark": {"type": "point", "opacity": 0, "size": 120},
                "encoding": {"x": x, "y": y, "color": colour, "tooltip": tooltip},
            },
        ],
    )


def newest_record(dataset: Dataset) -> pd.Timestamp | None:
    """The newest report or closure date in the needs: where the data ends, the charts end too."""
    dates = pd.concat([dataset.needs["reported_on"], dataset.needs["closed_on"]]).dropna()
    return None if dates.empty else pd.Timestamp(dates.max())
