"""What a tour's problems say: one message per problem, and the bad values as the messages quote them.

The messages are msgids (``N_``), translated when a problem is described (``TourProblem.describe``
in ``geo.forum.tour``); a problem carries its message, so the checks and the file forms name a
problem by its key here. Kept apart from the checks so that the wording a presenter reads is in one
place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from itertools import islice

from geo.text.i18n import N_

MAX_SHOWN = 80  # characters of a bad value quoted in a problem

# One message per problem. Placeholders: {stop} (e.g. "Stop 3 “kherson”"), {field} (as written in the
# file: view.lat in YAML, lat in CSV), {value} (the bad value), and the problem's own params.
MESSAGES = {
    # The whole file
    "not_found": N_("There is no tour file at {value}."),
    "unsupported": N_("Tour files of type “{value}” cannot be read. Write the tour as YAML (.yaml) or CSV (.csv)."),
    "too_large": N_("The tour file is {value} MB; a tour file is at most {limit} MB. Is it the right file?"),
    "empty": N_("The tour file is empty. Write the stops under “stops:” (docs/data-format.md, “Forum tours”)."),
    "not_yaml": N_(
        "The tour file is not valid YAML at line {line}: {value}. Check the indentation (spaces, not tabs) "
        "and put quotes around a text that contains a colon."
    ),
    "yaml_tag": N_(
        "The tour file uses the tag “{value}” at line {line}, which a tour cannot hold. Delete the tag: "
        "a tour holds only texts, numbers, dates and lists."
    ),
    "too_deep": N_("The tour file nests lists too deep to be a tour. Is it the right file?"),
    "too_many_stops": N_("The tour has {count} stops; a tour has at most {limit}. Is it the right file?"),
    "too_many_top": N_("The tour file has {count} entries at the top; only “stops:” belongs there. Is it the right file?"),
    "too_many_columns": N_(
        "The tour file has {count} columns, too many for a tour (the columns of a tour file: {known}). Is it the right file?"
    ),
    "too_many_nodes": N_(
        "The tour file holds more than {limit} values (texts, numbers, lists; a value repeated with “*” counts "
        "each time): too many for a tour. Is it the right file?"
    ),
    "too_many_chars": N_(
        "The tour file holds more than {limit} characters of text (a text repeated with “*” counts each time): "
        "too many for a tour. Is it the right file?"
    ),
    "more_problems": N_("… and {count} more problems."),
    "not_csv": N_("The tour file is not a CSV table. Save the tour from Excel as CSV (UTF-8), or write it as YAML."),
    "no_stops": N_(
        "The tour file has no “stops:” list. Start the file with the line “stops:” and write each stop "
        "under it as an item beginning with “- ”."
    ),
    "stops_not_list": N_("“stops:” is not a list. Write each stop under it as an item beginning with “- ”."),
    "no_stop_items": N_("The tour has no stops. Add at least one."),
    "unknown_top": N_(
        "The tour file has an unknown entry “{value}”. Only “stops:” belongs at the top; check the indentation."
    ),
    "missing_column": N_("The tour file has no column “{value}”. Add it; the columns of a tour file: {known}."),
    "unknown_column": N_("The tour file has an unknown column “{value}”. The columns of a tour file: {known}."),
    # One stop
    "ragged": N_("{stop}: the row has more cells than the header. Put quotes around a text that contains “{value}”."),
    "not_mapping": N_(
        "{stop} is not a list of fields: “{value}”. Write the stop's fields (title, view, …) one a line under its “- ”."
    ),
    "unknown_field": N_("{stop}: “{field}” is not a field of a stop. Fields: {known}."),
    "too_many_fields": N_("{stop} has {count} fields, too many for a stop (its fields: {known}). Is it the right file?"),
    "too_many_entries": N_("{stop}, {field}: {count} entries; one field holds at most {limit}. Is it the right file?"),
    "no_title": N_("{stop}, {field}: the stop has no title. Write one in Ukrainian, English or both."),
    "bad_text": N_("{stop}, {field}: “{value}” is not a text. Write plain text, in quotes if it contains a colon."),
    "unknown_language": N_("{stop}, {field}: “{value}” is not a language of the app. Write uk (Ukrainian) or en (English)."),
    "too_long": N_(
        "{stop}, {field}: the text “{value}” has {count} characters; at most {limit} fit on the screen. Shorten it."
    ),
    "bad_id": N_(
        "{stop}, {field}: “{value}” is not a usable id. Write one short word of letters, digits, - and _ "
        "(at most {limit} characters), e.g. kherson-oblast."
    ),
    "duplicate_id": N_("{stop}, {field}: the id “{value}” is already used by stop {first}. Give each stop its own id."),
    "no_view": N_(
        "{stop}, {field}: the stop has no map view. Write the centre and zoom under “view:”, "
        "e.g. lat: 46.97, lon: 32.0, zoom: 8."
    ),
    "bad_view": N_("{stop}, {field}: “{value}” is not a map view. Write lat, lon and zoom under “view:”, e.g. lat: 46.97."),
    "missing_number": N_("{stop}, {field}: missing. Write a number such as {example}."),
    "not_number": N_("{stop}, {field}: “{value}” is not a number. Write it like {example}."),
    "lat_range": N_(
        "{stop}, {field}: {value} is outside Ukraine. A latitude there is between {low} and {high}, e.g. 46.97 for Mykolaiv."
    ),
    "lon_range": N_(
        "{stop}, {field}: {value} is outside Ukraine. A longitude there is between {low} and {high}, e.g. 32.0 for Mykolaiv."
    ),
    "swapped": N_(
        "{stop}, {field}: the point {value} is outside Ukraine, but it would be inside with latitude and longitude "
        "swapped. Swap the two numbers."
    ),
    "bad_zoom": N_(
        "{stop}, {field}: “{value}” is not a zoom level. Write a whole number from {low} to {high}: 6 shows all of "
        "Ukraine, 8 an oblast, 11 a community."
    ),
    "unknown_layer": N_("{stop}, {field}: “{value}” is not a layer. Layers: {known}."),
    "unknown_metric": N_("{stop}, {field}: “{value}” is not a metric. Metrics: {known}."),
    "bad_filters": N_(
        "{stop}, {field}: “{value}” is not a set of filters. Write them as the Needs page's link does: "
        "oblast: Khersonska under “filters:” in YAML, oblast=Khersonska&sector=food in CSV."
    ),
    "bad_tiles": N_(
        "{stop}, {field}: “{value}” does not say what the tiles count. Write it as "
        "show: [idps_hosted, hubs] and idps_from: UA1414005 under “tiles:” in YAML, "
        "show=idps_hosted,hubs&idps_from=UA1414005 in CSV."
    ),
    "unknown_tile_param": N_("{stop}, {field}: “{value}” is not something tiles can say. Write one of: {known}."),
    "unknown_tile": N_("{stop}, {field}: “{value}” is not a tile. Tiles: {known}."),
    "unknown_filter": N_("{stop}, {field}: “{value}” is not a filter. Filters (as in the Needs page's link): {known}."),
    "bad_filter_value": N_(
        "{stop}, {field}: “{value}” is not a filter value. Write a word, a number or a date, or a list of them."
    ),
    "empty_filter": N_("{stop}, {field}: the filter has no value. Write one, or delete the filter."),
    "unknown_word": N_("{stop}, {field}: “{value}” is not a known {what}. Use one of: {known}."),
    "bad_yes_no": N_("{stop}, {field}: “{value}” is not yes or no. Write yes or no."),
    "bad_days": N_("{stop}, {field}: “{value}” is not a whole number of days. Write one like 30."),
    "swapped_dates": N_(
        "{stop}, {field}: the dates are the wrong way round ({value}). Write the earlier date under “from”."
    ),
    "bad_date": N_("{stop}, {field}: “{value}” is not a date. Write it as 2025-09-01 or 01.09.2025 (day first)."),
    "date_range": N_("{stop}, {field}: {value} is not a date the data can have. Write a date from {low} to {high}."),
    "bad_code": N_(
        "{stop}, {field}: “{value}” is not a community code. Write a P-code (UA and 7 digits, e.g. UA1402001) "
        "or a KATOTTH code."
    ),
}


def shown(value: object, depth: int = 0) -> str:
    """A value as text for a message, short; nested lists stay short too (YAML aliases can nest deep)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dt.date | dt.datetime):
        text = value.isoformat()
    elif isinstance(value, Mapping):
        text = "{…}" if depth else "{" + ", ".join(shown(k, 1) for k in islice(value, 5)) + "}"
    elif isinstance(value, list | tuple):
        text = "[…]" if depth > 1 else "[" + ", ".join(shown(v, depth + 1) for v in value[:5]) + "]"
    else:
        text = str(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def listed(values: Iterable[str]) -> str:
    """The words a field may hold, as a message's {known} lists them."""
    return ", ".join(values)
