"""Headline figures and the words that say where the data comes from."""

from __future__ import annotations

import datetime as dt

from geo.figures import glossary
from geo.figures.level_metrics import level_metrics
from geo.ingest.loaders import Dataset
from geo.text.i18n import gettext_for

HOME_TILES = ("needs_total", "needs_unmet", "share_closed", "share_verified", "idps_hosted", "hubs")


def headline_figures(dataset: Dataset, day: dt.date) -> dict[str, float]:
    """The whole country's figures (``geo.figures.glossary``), counting days to ``day``.

    Where IDPs are given per oblast or raion too (DTM's estimates, ``Dataset.idp_coarse``), the country's
    IDPs are the oblasts' figures: each oblast's own where it has one, else the sum of its parts, never both.
    """
    figures = {
        **glossary.need_figures(dataset.needs, day),
        **glossary.idp_figures(dataset.idp_counts),
        "hubs": len(dataset.hubs),
    }
    if dataset.idp_coarse is not None and not dataset.idp_coarse.empty:
        figures["idps_hosted"] = int(level_metrics(dataset, "oblast")["idps_hosted"].fillna(0).sum())
    return figures


def headline_tiles(dataset: Dataset, day: dt.date, lang: str) -> list[tuple[str, str, str]]:
    """(label, value, help) for the tiles above the map: the whole picture in six numbers."""
    return glossary.tiles(headline_figures(dataset, day), HOME_TILES, lang)


def attribution_text(dataset: Dataset, lang: str, demo_boundaries: bool) -> str:
    """Plain text (escaped where shown): whose boundaries these are, of when, under which licence."""
    _ = gettext_for(lang)
    if demo_boundaries:
        return _(
            "Demo data. Boundaries: OCHA COD-AB, 2024-04-16 (CC BY-IGO); population: KSE, 2022 (MIT); "
            "needs, hubs and IDP figures are illustrative."
        )
    return _("Boundaries: {file}").format(file=dataset.names["communities"])
