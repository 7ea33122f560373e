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

A stop can say what its tiles count (its ``tiles``): which tiles it shows, the hubs of one network
(``hubs_serving``: the hubs that serve these communities' displaced residents, wherever they stand)
and the IDPs of one community (``idps_from``), so that "I'Mariupol: 25 centres" counts I'Mariupol's
centres and Mariupol's displaced residents, not the whole country's. A stop in an area with no needs
shows no "0 / – / –": the needs tiles give way to a sentence that says so (``tiles_note``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd

from geo.figures.disclosure import suppress_small_groups
from geo.figures.filter_params import Choices, Note, choices_of, parse_params
from geo.figures.filters import Filters, apply, oblast_keys
from geo.figures.glossary import FIGURES as GLOSSARY
from geo.figures.glossary import idp_figures, need_figures
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
COLUMNS = ("stop", "title", "area", "needs", "verified_share", "closed_share", "idps_hosted", "host_communities", "hubs")
# The tiles, in order: figure -> its key in the glossary (geo.figures.glossary), whose label it takes.
# Shares are 0–1 in the figures and shown as percentages.
GLOSSARY_KEYS = {
    "needs": "needs_total",
    "verified_share": "share_verified",
    "closed_share": "share_closed",
    "idps_hosted": "idps_hosted",
    "host_communities": "host_communities",
    "hubs": "hubs",
}
DEFAULT_TILES = ("needs", "verified_share", "closed_share", "idps_hosted", "hubs")  # a stop that does not say
NEEDS_TILES = ("needs", "verified_share", "closed_share")
FROM_ORIGIN = N_("{area}; community of origin: {origin} (its displaced residents and the hubs that serve them)")
NO_NEEDS = N_("{area}: no needs are registered on this stop's date, so the needs tiles are left out.")
NOTHING = N_("{area}: nothing to count on this stop's date, no needs, hubs or IDP counts.")
TILES = {key: GLOSSARY[term].label for key, term in GLOSSARY_KEYS.items()}
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
    """The name of the stop's area, for the tiles: its communities, its oblasts or all of Ukraine, and
    whose displaced people they count when the stop says (``tiles.idps_from`` / ``hubs_serving``)."""
    _ = gettext_for(lang)
    filters, _notes = stop_filters(dataset, stop)
    area = _area_name(dataset, filters, lang)
    origin = stop.tiles.get("idps_from") or stop.tiles.get("hubs_serving")
    if origin:
        names = _area_name(dataset, replace(filters, community=tuple(origin)), lang)
        area = _(FROM_ORIGIN).format(area=area, origin=names)
    return area


def _figures(dataset: Dataset, stop: Stop, today: dt.date, choices: Choices) -> tuple[dict[str, float], Filters]:
    filters, _notes = stop_filters(dataset, stop, choices)
    data = _filtered(dataset, stop, filters, today)
    needs, hubs, counts = data.needs, data.hubs, data.idp_counts
    area = area_pcodes(dataset.communities, filters)
    if area is not None:
        needs = needs[_in(needs["pcode"], area)]
        hubs = hubs[_in(hubs["pcode"], area)]
        counts = counts[_in(counts["host_pcode"], area)]
    if serving := stop.tiles.get("hubs_serving"):
        hubs = hubs[_in(hubs["serves_pcode"], serving)]
    if origin := stop.tiles.get("idps_from"):
        counts = counts[_in(counts["origin_pcode"], origin)]
    of_needs = need_figures(needs, stop.as_of or today)
    hosted = idps_hosted(counts)
    figures = {
        "needs": of_needs["needs_total"],
        "verified_share": of_needs["share_verified"] / 100,
        "closed_share": of_needs["share_closed"] / 100,
        "idps_hosted": idp_figures(counts)["idps_hosted"],
        "host_communities": int((hosted > 0).sum()) if len(hosted) else 0,
        "hubs": len(hubs),
    }
    return figures, filters


def _in(codes: pd.Series, wanted) -> np.ndarray:
    return codes.isin(list(wanted)).fillna(False).to_numpy(dtype=bool)


def shown_tiles(stop: Stop, figures: dict[str, float]) -> tuple[str, ...]:
    """The tiles the stop shows: its own ``show`` (or the default five), without the needs tiles where
    there are no needs (a sentence says so instead, ``tiles_note``)."""
    keys = tuple(stop.tiles.get("show") or DEFAULT_TILES)
    if not figures["needs"]:
        keys = tuple(key for key in keys if key not in NEEDS_TILES)
    return keys


def _formatted(key: str, value: float, lang: str) -> str:
    if is_blank(value):
        return MISSING
    return percent(value * 100, lang) if key in SHARES else number(value, lang)


def stop_tiles(dataset: Dataset, stop: Stop, lang: str, today: dt.date) -> list[tuple[str, str]]:
    """(label, value) for the stop's headline tiles, as of its date: the ones it names in ``tiles.show``,
    else needs registered, share verified, share closed, IDPs hosted and hubs in the stop's area.
    Where the area has no needs the needs tiles are left out (``tiles_note`` says why); empty when
    there is nothing at all to count."""
    _ = gettext_for(lang)
    figures, _filters = _figures(dataset, stop, today, _choices(dataset))
    keys = shown_tiles(stop, figures)
    if not any(figures[key] for key in keys):
        return []
    return [(_(TILES[key]), _formatted(key, figures[key], lang)) for key in keys]


def tiles_note(dataset: Dataset, stop: Stop, lang: str, today: dt.date) -> str | None:
    """Why tiles are missing, in plain words: no needs in the stop's area, or nothing at all to count."""
    _ = gettext_for(lang)
    figures, filters = _figures(dataset, stop, today, _choices(dataset))
    keys = shown_tiles(stop, figures)
    area = _area_name(dataset, filters, lang)
    if not any(figures[key] for key in keys):
        return _(NOTHING).format(area=area)
    wanted = tuple(stop.tiles.get("show") or DEFAULT_TILES)
    if any(key in NEEDS_TILES for key in wanted) and not figures["needs"]:
        return _(NO_NEEDS).format(area=area)
    return None


def tour_figures(dataset: Dataset, stops: list[Stop], lang: str, today: dt.date) -> pd.DataFrame:
    """One row a stop, for the forum's minutes: ``stop`` (its number, from 1), ``title`` and
    ``area`` in ``lang``, and the tiles' figures as numbers (shares 0–1, NaN for a stop with no needs).
    """
    choices = _choices(dataset)
    rows = []
    for number_, stop in enumerate(stops, start=1):
        figures, filters = _figures(dataset, stop, today, choices)
        shown = shown_tiles(stop, figures)  # what the stop's tiles do not count is blank, not the country's
        figures = {key: value if key in shown else None for key, value in figures.items()}
        rows.append({"stop": number_, "title": stop.title_in(lang), "area": _area_name(dataset, filters, lang), **figures})
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    counts = ["needs", "idps_hosted", "host_communities", "hubs"]
    return frame.astype({"stop": "int64", **dict.fromkeys(counts, "Int64"), **dict.fromkeys(SHARES, "float64")})


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
