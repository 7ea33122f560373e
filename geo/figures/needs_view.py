"""The Needs page's list and figures: the filtered needs as a table a provider can act on.

The list, the map and the exports are all made from one frame (``prepare_needs`` -> ``apply``
-> ``ordered``), so they cannot disagree. The public view is made here too: whatever the
loader kept, ``public_needs`` drops the personal columns and the household's own coordinates,
every need is placed at its community's centre, and a combination of vulnerable groups that
fewer than 3 needs of a community share is not shown (``geo.figures.disclosure``).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from geo.figures import glossary
from geo.figures.disclosure import SUPPRESSED_COLUMN, K, suppress_small_groups
from geo.figures.distance import Origin, nearest_first
from geo.figures.filters import days_open, oblast_keys
from geo.figures.place_names import names
from geo.ingest.contract import OPEN_STATUSES, PERSONAL_COLUMNS, SECTORS, STATUSES, VULNERABLE_GROUPS
from geo.ingest.loaders import Dataset
from geo.text.i18n import N_, gettext_for

PERSONAL = tuple(PERSONAL_COLUMNS)  # contact_name, phone, address, notes
HOUSEHOLD_POINT = ("lat", "lon")

# The list's columns, in order: key -> header. What a provider acts on comes first (which need,
# where, how far, what, how long waiting); where exactly and the dates follow. The same keys name
# the GeoJSON export's properties.
LIST_COLUMNS = {
    "need_id": N_("Need"),
    "community": N_("Community"),
    "distance_km": N_("Distance, km"),
    "sector": N_("Sector"),
    "status": N_("Status"),
    "days_open": N_("Days open"),
    "people": N_("People"),
    "vulnerable_groups": N_("Vulnerable groups"),
    "provider": N_("Provider"),
    "verified": N_("Verified"),
    "reported_on": N_("Reported on"),
    "closed_on": N_("Closed on"),
    "raion": N_("Raion"),
    "oblast": N_("Oblast"),
    "pcode": N_("P-code"),
}
# Shown in the internal view only.
PERSONAL_HEADERS = {
    "contact_name": N_("Contact name"),
    "phone": N_("Phone"),
    "address": N_("Address"),
    "notes": N_("Notes"),
}
DATE_COLUMNS = ("reported_on", "closed_on")
NO_PROVIDER_KEY = "\x00none"  # a blank provider while labelling (no real name starts with NUL)
SUPPRESSED_KEY = "\x00suppressed"  # groups not shown (geo.figures.disclosure) while labelling; never a group key


def public_needs(needs: pd.DataFrame) -> pd.DataFrame:
    """The needs without personal columns or a household's own coordinates.

    The loader already drops them unless the deployment runs the internal view; this second
    gate means that a public page cannot show them even if a frame with them reaches it.
    """
    return needs.drop(columns=[c for c in (*PERSONAL, *HOUSEHOLD_POINT) if c in needs.columns])


def prepare_needs(dataset: Dataset, internal: bool) -> pd.DataFrame:
    """The needs the page works on, with ``oblast`` and where the map draws them (``loc_lat``/``loc_lon``).

    Public view: personal columns dropped, every need at its community's centre, and the
    vulnerable groups of a need blank, with ``groups_suppressed`` true, where fewer than 3 needs
    of its community share them (``geo.figures.disclosure``: counted over all the needs, so no filter
    applied later shows them again). Internal view: personal columns and all groups kept, and a
    need with its own point drawn there.
    """
    needs = dataset.needs if internal else suppress_small_groups(public_needs(dataset.needs))
    centres = dataset.communities.set_index("pcode")[["center_lat", "center_lon"]].astype(float)
    lat = needs["pcode"].map(centres["center_lat"]).astype(float)
    lon = needs["pcode"].map(centres["center_lon"]).astype(float)
    if internal and set(HOUSEHOLD_POINT) <= set(needs.columns):
        own = needs["lat"].notna() & needs["lon"].notna()
        lat = lat.where(~own, needs["lat"].astype(float))
        lon = lon.where(~own, needs["lon"].astype(float))
    return needs.assign(oblast=needs["pcode"].map(oblast_keys(dataset.communities)), loc_lat=lat, loc_lon=lon)


def ordered(needs: pd.DataFrame, today: date, origin: Origin | None = None) -> pd.DataFrame:
    """The list's order, with ``days_open``: longest waiting first, or nearest first from ``origin``.

    Within one distance (all the needs of a community) the longest waiting still come first.
    """
    out = needs.assign(days_open=days_open(needs, today))
    out = out.sort_values("days_open", ascending=False, na_position="last", kind="stable")  # ties: file order
    return nearest_first(out, origin) if origin is not None else out


def open_counts(needs: pd.DataFrame) -> pd.Series:
    """Needs still open (open or in progress) per community P-code."""
    unmet = needs["status"].isin(list(OPEN_STATUSES)).fillna(False).to_numpy(dtype=bool)
    return needs.loc[unmet, "pcode"].value_counts()


NEEDS_TILES = ("needs_listed", "people_covered", "share_verified_listed", "median_days_open")


def headline(needs: pd.DataFrame, day: date, lang: str) -> list[tuple[str, str, str]]:
    """(label, value, help) for the figures above the map: how many needs, people, verified, and how long
    the unmet ones have waited (to ``day``, the reference day), from the glossary (``geo.figures.glossary``)."""
    return glossary.tiles(glossary.need_figures(needs, day), NEEDS_TILES, lang)


def community_labels(communities: pd.DataFrame, lang: str) -> dict[str, str]:
    """A community's label in the filter, searchable by its Ukrainian or English name.

    Hundreds of communities share a name with another, so the raion follows.
    """
    local = names(communities, lang)
    labels = {}
    for pcode, uk, en, raion in zip(
        communities["pcode"], communities["name_uk"], communities["name_en"], local["raion"], strict=True
    ):
        first, second = (uk, en) if lang == "uk" else (en, uk)
        both = uk if pd.isna(en) or en == uk else f"{first} / {second}"
        labels[pcode] = f"{both} — {raion}" if pd.notna(raion) and raion else both
    return labels


def oblast_labels(communities: pd.DataFrame, lang: str) -> dict[str, str]:
    """Each oblast key (``geo.figures.filters.oblast_keys``) with its name in the user's language."""
    local = names(communities, lang)["oblast"]
    labels = {}
    for key, name in zip(oblast_keys(communities), local, strict=True):
        if pd.notna(key):
            labels.setdefault(str(key), str(name) if pd.notna(name) else str(key))
    return labels


def _labels(vocabulary: dict, lang: str) -> dict[str, str]:
    _ = gettext_for(lang)
    return {key: _(label) for key, (label, _aliases) in vocabulary.items()}


def _label_of(labels: dict[str, str], key: str) -> str:
    try:
        return labels[key]  # a dict with __missing__ (the groups) makes the label it lacks
    except KeyError:
        return key


def _categories(keys: pd.Series, labels: dict[str, str]) -> pd.Categorical:
    """``keys`` shown as ``labels``, as a categorical: one string per distinct value, not per row.

    A list of 100,000 needs repeats a few hundred names; as categories they are looked up once
    and st.dataframe sends them to the browser once (Arrow dictionary), not 100,000 times.
    """
    codes, distinct = pd.factorize(keys)
    shown = [_label_of(labels, k) for k in distinct]
    table = pd.Categorical(shown)
    blank_last = np.append(table.codes, -1)  # code -1 (a blank) indexes the appended -1
    return pd.Categorical.from_codes(blank_last[codes], categories=table.categories)


def _group_labels(lang: str) -> dict[str, str]:
    """Every combination of groups found is looked up as one key: ``disability;elderly``."""
    _ = gettext_for(lang)
    labels = _labels(VULNERABLE_GROUPS, lang)

    class Joined(dict):
        def __missing__(self, combination: str) -> str:
            return ", ".join(labels.get(k, k) for k in str(combination).split(";") if k)

    return Joined({SUPPRESSED_KEY: _("not shown: fewer than {k} in the community").format(k=K)})


def _shown_groups(needs: pd.DataFrame) -> pd.Series:
    """The groups column as the list labels it: suppressed groups (public view) as ``SUPPRESSED_KEY``."""
    groups = needs["vulnerable_groups"]
    if SUPPRESSED_COLUMN not in needs.columns:
        return groups
    return groups.astype("string").mask(needs[SUPPRESSED_COLUMN].to_numpy(dtype=bool), SUPPRESSED_KEY)


def list_frame(needs: pd.DataFrame, communities: pd.DataFrame, lang: str, internal: bool) -> pd.DataFrame:
    """The list as the user reads it, keyed by ``LIST_COLUMNS`` (and ``PERSONAL_HEADERS`` internally).

    ``needs`` comes from ``ordered`` (it has ``days_open``, and ``distance_km`` when sorted by
    distance). Words are in the user's language; dates stay dates and counts stay numbers, so
    that the exports keep their types. Personal columns appear only when ``internal`` is true;
    groups that the public view does not show read as such ("not shown: fewer than 3 ...").
    """
    _ = gettext_for(lang)
    places = names(communities, lang).astype(object).where(lambda f: f.notna(), None)
    pcode = needs["pcode"]
    columns: dict[str, object] = {
        "need_id": needs["need_id"].to_numpy(),
        "community": _categories(pcode, places["name"].to_dict()),
        "raion": _categories(pcode, places["raion"].to_dict()),
        "oblast": _categories(pcode, places["oblast"].to_dict()),
        "pcode": _categories(pcode, {}),
        "sector": _categories(needs["sector"], _labels(SECTORS, lang)),
        "status": _categories(needs["status"], _labels(STATUSES, lang)),
        "verified": _categories(needs["verified"].map({True: "yes", False: "no"}), {"yes": _("yes"), "no": _("no")}),
        "reported_on": needs["reported_on"].to_numpy(),
        "closed_on": needs["closed_on"].to_numpy(),
        "days_open": needs["days_open"].astype("Int64").array,
        "provider": _categories(needs["provider"].fillna(NO_PROVIDER_KEY), {NO_PROVIDER_KEY: _("no provider yet")}),
        "people": needs["people"].array,
        "vulnerable_groups": _categories(_shown_groups(needs), _group_labels(lang)),
    }
    if "distance_km" in needs.columns:
        columns["distance_km"] = needs["distance_km"].to_numpy()
    order = [key for key in LIST_COLUMNS if key in columns]
    if internal:
        columns.update({key: needs[key].array for key in PERSONAL_HEADERS if key in needs.columns})
        order += [key for key in PERSONAL_HEADERS if key in columns]
    return pd.DataFrame(columns, index=pd.RangeIndex(len(needs)))[order]


def headers(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``list_frame`` with its column headers in the user's language (the table and the spreadsheets)."""
    _ = gettext_for(lang)
    table = {**LIST_COLUMNS, **PERSONAL_HEADERS}
    return frame.rename(columns={key: _(table[key]) for key in frame.columns if key in table})
