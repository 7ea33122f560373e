"""The indicators' figures as metrics for the map: what can be chosen, and the values to colour by.

The indicators files (``geo.ingest.indicators``, ``Dataset.indicators``) give any number of metrics,
each at one level. For the map's metric choice:

- ``indicator_choices(dataset)`` -> ``{key: IndicatorChoice}``, in the files' order. An
  ``IndicatorChoice`` is a named tuple ``(label_uk, label_en, unit, source, level)``: ``unit`` is a key
  of ``geo.ingest.indicators.UNITS`` (``people``, ``score``, ``percent``, ``per_1000``) or ``""``;
  ``source`` the file's source line (a ``#meta+source`` column, the workbook's title or the file's
  name: data, escape it); ``level`` ``oblast``, ``raion`` or ``hromada``. ``choice.label(lang)``,
  ``choice.unit_label(lang)`` and ``choice.legend(lang)`` ("Population, 2022 (people) · Source: ...")
  are the texts to show. An empty dict when no indicators are loaded.
- ``indicator_values(dataset, key)`` -> a float Series indexed by the P-code of the units at the
  metric's level, named ``key``; NaN is "no data" (a blank cell). Units the file does not name are
  not in it. A key that is not loaded gives an empty Series.

Keys (``ind_`` and 10 hex digits) are stable for a file's name and column: they can stand in a URL.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from geo.ingest.indicators import UNITS
from geo.text.i18n import gettext_for


class IndicatorChoice(NamedTuple):
    """One indicator as the map's metric choice shows it."""

    label_uk: str
    label_en: str
    unit: str  # a key of UNITS, or "" when the file does not say
    source: str
    level: str

    def label(self, lang: str) -> str:
        return self.label_uk if lang == "uk" else self.label_en

    def unit_label(self, lang: str) -> str:
        """The unit in ``lang`` ("осіб", "%", "на 1 000"); "" when there is none."""
        return gettext_for(lang)(UNITS[self.unit]) if self.unit in UNITS else ""

    def legend(self, lang: str) -> str:
        """The legend's title: the name, its unit, its source (plain text: escape it before HTML)."""
        _ = gettext_for(lang)
        unit = self.unit_label(lang)
        name = f"{self.label(lang)} ({unit})" if unit and unit not in self.label(lang) else self.label(lang)
        return _("{name} · Source: {source}").format(name=name, source=self.source)


def _frame(dataset) -> pd.DataFrame | None:
    frame = getattr(dataset, "indicators", None)
    return frame if frame is not None and not frame.empty else None


def indicator_choices(dataset) -> dict[str, IndicatorChoice]:
    """Every indicator loaded, by key (see the module's docstring)."""
    frame = _frame(dataset)
    if frame is None:
        return {}
    first = frame.drop_duplicates("key")
    return {
        row.key: IndicatorChoice(row.label_uk, row.label_en, row.unit or "", row.source, row.level)
        for row in first.itertuples(index=False)
    }


def indicator_values(dataset, key: str) -> pd.Series:
    """The metric's figure per unit P-code at its level; NaN for "no data"."""
    frame = _frame(dataset)
    if frame is None:
        return pd.Series(dtype="float64", name=key)
    rows = frame[frame["key"] == key]
    values = pd.to_numeric(rows["value"], errors="coerce").astype("float64")
    return pd.Series(values.to_numpy(), index=pd.Index(rows["pcode"].astype(str), name="pcode"), name=key)
