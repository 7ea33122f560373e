"""Two dates every page needs: how new the data is, and the day that ages count to.

A registry exported in October and shown in December must not say that every need has waited two
more months, nor warn on every community page that its data is stale. So "days open", "open over
30 days" and the staleness warnings count to a **reference day**: the deployment's setting
(``geo.ingest.settings.reference_day``), else the demo's own day when the demo's needs are shown
(``data/demo.toml``, so that its story reads as told), else today in Kyiv. The **data's date**
("data as of") is the deployment's setting or the newest record in the data.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.ingest.loaders import Dataset
from geo.text.formatting import date
from geo.text.i18n import gettext_for

DEMO_SETTINGS = "demo.toml"  # in data/: the demo's reference day, written by scripts/make_demo_data.py


@dataclass(frozen=True)
class DataDates:
    """The dates a page shows and counts with."""

    reference_day: dt.date  # ages count to this day
    data_as_of: dt.date | None  # the newest record, or the deployment's date; None for data with no dates
    today: dt.date
    source: str  # where the reference day comes from: "deployment", "demo" or "today"

    @property
    def differs(self) -> bool:
        """Whether the reference day is not today: then a page says both."""
        return self.reference_day != self.today


def newest_record(dataset: Dataset) -> dt.date | None:
    """The newest date in the data: a need reported or closed, an IDP count."""
    columns = [dataset.needs.get("reported_on"), dataset.needs.get("closed_on"), dataset.idp_counts.get("as_of")]
    newest = [pd.to_datetime(c, errors="coerce").max() for c in columns if c is not None and len(c)]
    newest = [d for d in newest if not pd.isna(d)]
    return max(newest).date() if newest else None


def demo_reference_day(data_dir: Path) -> dt.date | None:
    """The demo's own reference day from ``data/demo.toml``; None when the file or the key is missing."""
    path = data_dir / DEMO_SETTINGS
    if not path.is_file():
        return None
    day = tomllib.loads(path.read_text(encoding="utf-8")).get("reference_day")
    return day if isinstance(day, dt.date) else None


def data_dates(
    dataset: Dataset,
    today: dt.date,
    deployment_day: dt.date | None = None,
    deployment_as_of: dt.date | None = None,
    demo_day: dt.date | None = None,
) -> DataDates:
    """The reference day and the data's date, by the rules in the module's doc.

    ``demo_day`` is given only while the demo's needs are the ones shown: a visitor's own needs
    count to today (or the deployment's day).
    """
    if deployment_day is not None:
        reference, source = deployment_day, "deployment"
    elif demo_day is not None:
        reference, source = demo_day, "demo"
    else:
        reference, source = today, "today"
    as_of = deployment_as_of if deployment_as_of is not None else newest_record(dataset)
    return DataDates(reference, as_of, today, source)


def as_of_line(dates: DataDates, lang: str) -> str:
    """The line under every page's title: the data's date, and the reference day when it is not today."""
    _ = gettext_for(lang)
    parts = []
    if dates.data_as_of is not None:
        parts.append(_("Data as of {date}.").format(date=date(dates.data_as_of)))
    if dates.differs:
        parts.append(
            _("Days are counted to {day} (the data's reference day); today is {today}.").format(
                day=date(dates.reference_day), today=date(dates.today)
            )
        )
    return " ".join(parts)
