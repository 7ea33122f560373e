"""What a downloaded list is: the rows of the workbook's "About the data" sheet.

A needs list forwarded by e-mail loses the page it came from, so the workbook says it itself: how
many needs it holds, the data's date, the filters and the order that made it, public or internal,
where the data comes from and when it was exported, in the user's language. The rows are
(label, value) pairs; a value is text, a number, a date or a date and time (``geo.exports.tables.to_xlsx``
writes dates as dates), ``None`` for a heading.

The data's date is the caller's: the app's "data as of" (``geo.figures.data_date``: the deployment's
setting, else the newest record in the data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from geo.figures.distance import parse_point, point_text
from geo.figures.filters import NO_PROVIDER, Filters
from geo.figures.needs_view import oblast_labels
from geo.figures.place_names import names
from geo.ingest.contract import KIND_LABELS, SECTORS, STATUSES, VULNERABLE_GROUPS
from geo.text.i18n import N_, gettext_for

Row = tuple[str, object]

SHEET_TITLE = N_("About the data")  # the second sheet's name (Excel allows 31 characters)
# The filters in the order of the page's sidebar: field -> label (the sidebar's own words).
FILTER_LABELS = {
    "status": N_("Status"),
    "sector": N_("Sector"),
    "verified": N_("Verified"),
    "oblast": N_("Oblast"),
    "community": N_("Community"),
    "reported_from": N_("Reported from"),
    "reported_to": N_("Reported until"),
    "min_days_open": N_("Open for at least (days)"),
    "group": N_("Vulnerable groups"),
    "provider": N_("Provider"),
}
VOCABULARIES = {"status": STATUSES, "sector": SECTORS, "group": VULNERABLE_GROUPS}
NO_FILTER = N_("none: every need of the statuses above")
VIEWS = {
    False: N_("public: no names, phones, addresses or notes; every need at its community"),
    True: N_("internal: with the personal data of the people who asked for help; do not share it outside the team"),
}


def _community_names(communities: pd.DataFrame, lang: str) -> Mapping[str, str]:
    local = names(communities, lang)
    return {
        pcode: f"{name} — {raion} ({pcode})" if pd.notna(raion) and raion else f"{name} ({pcode})"
        for pcode, name, raion in zip(local.index, local["name"], local["raion"], strict=True)
    }


def filter_rows(filters: Filters, communities: pd.DataFrame, lang: str) -> list[Row]:
    """The filters that made the list, in words: the statuses always, every other filter where it restricts."""
    _ = gettext_for(lang)
    rows: list[Row] = []
    for field, label in FILTER_LABELS.items():
        value = getattr(filters, field)
        if value in (None, ()) and field != "status":
            continue
        if field in VOCABULARIES:
            vocabulary = VOCABULARIES[field]
            shown: object = ", ".join(_(vocabulary[key][0]) if key in vocabulary else key for key in value) or _("All")
        elif field == "verified":
            shown = _("verified") if value else _("not verified")
        elif field == "oblast":
            labels = oblast_labels(communities, lang)
            shown = ", ".join(labels.get(key, key) for key in value)
        elif field == "community":
            labels = _community_names(communities, lang)
            shown = ", ".join(labels.get(pcode, pcode) for pcode in value)
        elif field == "provider":
            shown = ", ".join(_("no provider yet") if p == NO_PROVIDER else p for p in value)
        else:  # dates and a number of days: as they are
            shown = value
        rows.append((_(label), shown))
    if len(rows) == 1:
        rows.append((_("Other filters"), _(NO_FILTER)))
    return rows


def order_text(filters: Filters, hubs: pd.DataFrame, lang: str) -> str:
    """The list's order as the page's "Order of the list" says it."""
    _ = gettext_for(lang)
    near = filters.near
    if not near:
        return _("Longest waiting first")
    hub = hubs.loc[hubs["hub_id"].astype(str) == near]
    if len(hub):
        name = hub["name_uk" if lang == "uk" else "name_en"].iloc[0]
        return _("Nearest first from {hub}").format(hub=name if pd.notna(name) else near)
    point = parse_point(near)
    where = point_text(*point) if point else near
    return _("Nearest first from the point picked on the map") + f" ({where})"


def about_rows(
    *,
    lang: str,
    count: int,
    data_as_of: dt.date | None,
    filters: Filters,
    communities: pd.DataFrame,
    hubs: pd.DataFrame,
    internal: bool,
    source: str,
    files: Mapping[str, str],
    exported: dt.datetime,
) -> list[Row]:
    """The "About the data" sheet, top to bottom.

    ``count``: needs in the list; ``data_as_of``: the data's date (None: the data has no dates);
    ``source``: the attribution text (``geo.figures.summary.attribution_text``); ``files``: kind -> the
    file each input came from (``Dataset.names``); ``exported``: when, in Kyiv's time, without a time zone
    (Excel has none).
    """
    _ = gettext_for(lang)
    files_text = "; ".join(f"{_(KIND_LABELS.get(kind, kind))}: {name}" for kind, name in files.items())
    return [
        (_("Needs in the list"), count),
        (_("Data as of"), data_as_of if data_as_of is not None else _("no dates in the data")),
        (_("Filters applied"), None),
        *filter_rows(filters, communities, lang),
        (_("Order of the list"), order_text(filters, hubs, lang)),
        (_("View"), _(VIEWS[bool(internal)])),
        (_("Source"), source),
        (_("Files"), files_text),
        (_("Exported (Kyiv time)"), exported.replace(tzinfo=None, microsecond=0)),
    ]
