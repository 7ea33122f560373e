"""Headline figures and the words that say where the data comes from."""

from __future__ import annotations

import pandas as pd

from geo.ingest.loaders import Dataset
from geo.text.formatting import number, percent
from geo.text.i18n import gettext_for


def headline_figures(dataset: Dataset, metrics: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """(label, value) for the tiles above the map: the whole picture in six numbers."""
    _ = gettext_for(lang)
    needs = dataset.needs
    total = len(needs)
    closed = int((needs["status"] == "closed").sum())
    verified = int(needs["verified"].sum())
    return [
        (_("Needs registered"), number(total, lang)),
        (_("Open needs"), number(total - closed, lang)),
        (_("Share closed"), percent(closed * 100 / total if total else None, lang)),
        (_("Share verified"), percent(verified * 100 / total if total else None, lang)),
        (_("IDPs hosted"), number(metrics["idps_hosted"].sum(), lang)),
        (_("Hubs"), number(len(dataset.hubs), lang)),
    ]


def attribution_text(dataset: Dataset, lang: str, demo_boundaries: bool) -> str:
    """Plain text (escaped where shown): whose boundaries these are, of when, under which licence."""
    _ = gettext_for(lang)
    if demo_boundaries:
        return _(
            "Demo data. Boundaries: OCHA COD-AB, 2024-04-16 (CC BY-IGO); population: KSE, 2022 (MIT); "
            "needs, hubs and IDP figures are illustrative."
        )
    return _("Boundaries: {file}").format(file=dataset.names["communities"])
