"""The figures of a tour stop: its data, its area and its headline tiles.

A stop's data is the data as it stood on the stop's ``as_of`` date (``geo.figures.timeline``) with the
needs passed through the stop's filters exactly as the Needs page passes them
(``geo.figures.filter_params.parse_params`` + ``geo.figures.filters.apply``), so that a presenter
who opens the Needs page with the same link sees the same needs. One difference: a stop without a
``status`` filter counts every status, because "needs registered" and "share closed" are about all of them (the Needs page
shows the unmet ones by default).

The stop's area, for the tiles, is its ``community`` filter if it has one, else its ``oblast``
filter, else the whole country. Hubs and IDPs are counted in that area (hubs by the community
they stand in, IDPs by their host community); the map itself still shows them all, for context.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import numpy as np
import pandas as pd

from geo.figures.disclosure import suppress_small_groups
from geo.figures.filter_params import Choices, Note, choices_of, parse_params
from geo.figures.filters import Filters, apply, oblast_keys
from geo.figures.metrics import idps_hosted
from geo.figures.needs_view import oblast_labels
from geo.figures.timeline import dataset_as_of
from geo.forum.tour import Stop
from geo.ingest.contract import STATUSES
from geo.ingest.loaders import Dataset
from geo.text.formatting import is_blank, number, percent
from geo.text.i18n import N_, gettext_for

MISSING = "–"  # a share of no needs
WHOLE_COUNTRY = N_("All of Ukraine")
COLUMNS = ("stop", "title", "area", "needs", "verified_share", "closed_share", "idps_hosted", "hubs")
# The tiles, in order: figure -> label. Shares are 0–1 in the figures and shown as percentages.
TILES = {
    "needs": N_("Needs registered"),
    "verified_share": N_("Share verified"),
    "closed_share": N_("Share closed"),
    "idps_hosted": N_("IDPs hosted"),
    "hubs": N_("Hubs"),
}
SHARES = ("verified_share", "closed_share")
# Why a filter value of the stop was not used (reasons of geo.figures.filter_params.Note; the tour file's checks
# leave only "unknown": a value the data does not have).
NOTES = {
    "unknown": N_("The stop's filter {param}={value} is not in the data; it was left out."),
}
FLOWS_UNKNOWN = N_("The stop's flows community {value} is not in the data; no flows are drawn.")
FLOWS_NONE = N_("The data has no IDP counts from or to {value} on the stop's date; no flows are drawn.")


def _choices(dataset: Dataset) -> Choices:
    return choices_of(dataset.communities, dataset.needs, dataset.hubs)


def stop_filters(dataset: Dataset, stop: Stop, choices: Choices | None = None) -> tuple[Filters, list[Note]]:
    """The stop's filters read against the data, and a note for each value the data does not have.

    Checked against the whole data set (not the data as of the stop's date), as a link is.
    """
    filters, notes = parse_params(stop.filters, choices if choices is not None else _choices(dataset))
    if "status" not in stop.filters:
        filters = replace(filters, status=tuple(STATUSES))  # a tour stop counts every status
    return filters, notes


def _filtered(dataset: Dataset, stop: Stop, filters: Filters, today: dt.date) -> Dataset:
    data = dataset_as_of(dataset, stop.as_of)
    needs = data.needs
    # apply() filters oblasts by an ``oblast`` column, as the Needs page adds it (prepare_needs); a
    # projector is public, so a group filter sees the groups the public list shows (geo.figures.disclosure).
    keyed = suppress_small_groups(needs).assign(
        oblast=needs["pcode"].map(oblast_keys(dataset.communities)), _position=np.arange(len(needs))
    )
    kept = apply(keyed, filters, stop.as_of or today)  # "days open" counts to the stop's date
    return replace(data, needs=needs.iloc[kept["_position"].to_numpy()])


def stop_dataset(dataset: Dataset, stop: Stop, today: dt.date) -> Dataset:
    """The data the stop shows: as of its date, with the needs its filters keep (every status by default).

    Communities, hubs and IDP counts are not cut to the stop's area: the map shows them all.
    ``today`` is the day "days open" counts to when the stop has no date (``min_days_open``).
    """
    filters, _notes = stop_filters(dataset, stop)
    return _filtered(dataset, stop, filters, today)


def area_pcodes(communities: pd.DataFrame, filters: Filters) -> pd.Index | None:
    """The P-codes of the stop's area: its communities, else its oblasts; None for the whole country."""
    if filters.community:
        return pd.Index(filters.community, name="pcode")
    if filters.oblast:
        keys = oblast_keys(communities)
        return keys.index[keys.isin(list(filters.oblast)).fillna(False).to_numpy(dtype=bool)]
    return None


def _area_name(dataset: Dataset, filters: Filters, lang: str) -> str:
    _ = gettext_for(lang)
    if filters.community:
        communities = dataset.communities.set_index("pcode")
        local = communities["name_uk" if lang == "uk" else "name_en"].fillna(communities["name_uk"])
        return ", ".join(str(local.get(pcode, pcode)) for pcode in filters.community)
    if filters.oblast:
        labels = oblast_labels(dataset.communities, lang)
        return ", ".join(labels.get(key, key) for key in filters.oblast)
    return _(WHOLE_COUNTRY)


def stop_area(dataset: Dataset, stop: Stop, lang: str) -> str:
    """The name of the stop's area, for the tiles: its communities, its oblasts or all of Ukraine."""
    filters, _notes = stop_filters(dataset, stop)
    return _area_name(dataset, filters, lang)


def _share(mask: pd.Series) -> float:
    return float(mask.fillna(False).astype(bool).mean()) if len(mask) else math.nan


def _figures(dataset: Dataset, stop: Stop, today: dt.date, choices: Choices) -> tuple[dict[str, float], Filters]:
    filters, _notes = stop_filters(dataset, stop, choices)
    data = _filtered(dataset, stop, filters, today)
    needs, hubs, hosted = data.needs, data.hubs, idps_hosted(data.idp_counts)
    area = area_pcodes(dataset.communities, filters)
    if area is not None:
        needs = needs[needs["pcode"].isin(area).fillna(False).to_numpy(dtype=bool)]
        hubs = hubs[hubs["pcode"].isin(area).fillna(False).to_numpy(dtype=bool)]
        hosted = hosted[hosted.index.isin(area)]
    figures = {
        "needs": len(needs),
        "verified_share": _share(needs["verified"]),
        "closed_share": _share(needs["status"] == "closed"),
        "idps_hosted": int(hosted.sum()) if len(hosted) else 0,
        "hubs": len(hubs),
    }
    return figures, filters


def _formatted(key: str, value: float, lang: str) -> str:
    if is_blank(value):
        return MISSING
    return percent(value * 100, lang) if key in SHARES else number(value, lang)


def stop_tiles(dataset: Dataset, stop: Stop, lang: str, today: dt.date) -> list[tuple[str, str]]:
    """(label, value) for the stop's headline tiles: needs registered, share verified, share
    closed, IDPs hosted and hubs in the stop's area, as of its date. A share of no needs is "–"."""
    _ = gettext_for(lang)
    figures, _filters = _figures(dataset, stop, today, _choices(dataset))
    return [(_(label), _formatted(key, figures[key], lang)) for key, label in TILES.items()]


def tour_figures(dataset: Dataset, stops: list[Stop], lang: str, today: dt.date) -> pd.DataFrame:
    """One row a stop, for the forum's minutes: ``stop`` (its number, from 1), ``title`` and
    ``area`` in ``lang``, and the tiles' figures as numbers (shares 0–1, NaN for a stop with no needs).
    """
    choices = _choices(dataset)
    rows = []
    for number_, stop in enumerate(stops, start=1):
        figures, filters = _figures(dataset, stop, today, choices)
        rows.append({"stop": number_, "title": stop.title_in(lang), "area": _area_name(dataset, filters, lang), **figures})
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    counts = ["stop", "needs", "idps_hosted", "hubs"]
    return frame.astype({**dict.fromkeys(counts, "int64"), **dict.fromkeys(SHARES, "float64")})


def stop_notes(dataset: Dataset, stop: Stop, lang: str) -> list[str]:
    """What of the stop the data cannot show, for the page to say: filter values the data does
    not have (left out, as the Needs page leaves them out of a link) and a flows community
    without counts. Empty when the stop fits the data."""
    _ = gettext_for(lang)
    _filters, notes = stop_filters(dataset, stop)
    out = [_(NOTES[n.reason]).format(param=n.param, value=n.value) if n.reason in NOTES else n.describe(lang) for n in notes]
    if stop.flows:
        counts = dataset_as_of(dataset, stop.as_of).idp_counts
        if stop.flows not in set(dataset.communities["pcode"]):
            out.append(_(FLOWS_UNKNOWN).format(value=stop.flows))
        elif not (counts["host_pcode"].eq(stop.flows) | counts["origin_pcode"].eq(stop.flows)).fillna(False).any():
            out.append(_(FLOWS_NONE).format(value=stop.flows))
    return out
