"""Forum tours: the stops a presenter walks through, read from a plain YAML or CSV file.

A coordinator writes the tour by hand (or downloads it from the app) and opens it in a hall
with no one to ask. So reading is strict and says everything at once: every problem in the file
is collected, each names the stop (its number, and its id if it has one), the field as written
in the file, the bad value and what to write instead, in Ukrainian and English. A stop that
loads is complete and valid; the page needs no checks of its own.

What this module does not check: whether a filter's value exists in the data (an oblast, a
community, a provider). Links outlive data, so ``geo.figures.filters.parse_params`` drops such values
with a note when the stop is shown (``geo.forum.tour_figures.stop_notes``). The words of the fixed
vocabularies (status, sector, group) and the shape of dates, yes/no and day counts do not
depend on the data and are checked here, so that a typo shows when the file is loaded rather
than in front of the audience.

The file is read with PyYAML's safe loader only: a tag such as ``!!python/object`` is refused
with a problem, never run. Texts are kept as written; HTML in them is text, and escaping it is
the renderer's job. The contract is documented in docs/data-format.md ("Forum tours").

Anyone may upload a tour to a public dashboard, so a file made to hurt is an ordinary input:
``read_tour`` raises nothing but ``TourError``, and its work is bounded before it is done. A
YAML file is first counted on the parser's events (``_yaml_bounds``): how many stops, fields and
values each list and mapping holds where it stands, how deep they nest, and how much an
``*alias`` repeats of its ``&anchor``; only a file within the limits is built into Python
objects. A CSV file is counted once it is split into rows. Past the limits the presenter gets
one problem that says what is too large, and at most MAX_LISTED problems are listed in all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl

import yaml

from geo.figures.filters import ALL_STATUSES, PARAM_NAMES, Choices, Filters, parse_params, to_params
from geo.figures.metrics import DEFAULT_METRIC, METRICS
from geo.ingest.codes import normalize_code
from geo.ingest.contract import SECTORS, STATUSES, VULNERABLE_GROUPS
from geo.ingest.problems import WORD_KINDS
from geo.ingest.reading import decode_text, sniff_delimiter
from geo.maps.map_builder import OVERLAYS
from geo.text.i18n import LANGUAGES, N_, gettext_for

LAYERS = ("communities",) + OVERLAYS  # all layer keys a stop may name, in drawing order
DEFAULT_TOUR = Path(__file__).resolve().parents[2] / "data" / "tour.yaml"

FILTER_PARAMS = tuple(p for p in PARAM_NAMES if p != "near")  # `near` sorts the Needs list; it filters nothing
LAT_RANGE = (43.0, 53.0)  # a box around Ukraine, generous: a view may sit near the border
LON_RANGE = (21.0, 41.0)
ZOOM_RANGE = (4, 18)  # 6 shows all of Ukraine, 8 an oblast, 11 a community
DATE_RANGE = (dt.date(1990, 1, 1), dt.date(2100, 12, 31))  # the dates the loaders accept
MAX_TITLE = 120  # characters: one or two lines in large type on a projector
MAX_TEXT = 600  # one or two short sentences, readable from the back of the hall
MAX_ID = 40
MAX_BYTES = 1_000_000  # a tour of a hundred stops is some 50 kB: anything larger is the wrong file
MAX_SHOWN = 80  # characters of a bad value quoted in a problem
# The size of a tour, checked before the work that depends on it. A forum has time for a few dozen
# stops; a stop has 9 fields (its filters 10, its title 2); a filter lists a few words or codes.
MAX_STOPS = 200
MAX_FIELDS = 20  # keys of a stop, of a mapping in it (title, view, filters), columns of a CSV file
MAX_VALUES = 100  # values of a list in a stop: its layers, the words of one filter
MAX_DEPTH = 10  # lists and mappings inside each other; a tour needs 5 (stops, a stop, filters, a list)
MAX_NODES = 20_000  # values in a YAML tour, a value repeated by an *alias counted each time
MAX_CHARS = 2 * MAX_BYTES  # characters of text in a YAML tour, counted the same way
MAX_NUMBER = 50  # characters: a longer number (or date, or yes/no) is kept as the text written
MAX_LISTED = 50  # problems listed; the rest are counted in one line

YAML_FIELDS = ("id", "title", "text", "view", "layers", "metric", "filters", "as_of", "flows")
VIEW_FIELDS = ("lat", "lon", "zoom")
CSV_COLUMNS = ("id", "title_uk", "title_en", "text_uk", "text_en", "lat", "lon", "zoom", "layers", "metric")
CSV_COLUMNS += ("filters", "as_of", "flows")
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")  # ISO, or day first as Ukrainian Excel writes it; never month first
_ID_RE = re.compile(r"[\w-]+")
_LIST_SPLIT = re.compile(r"[\s;,]+")

# What the words of a filter may be (the keys a Needs page link writes) and what they are called.
_VOCABULARY_PARAMS = {
    "status": (WORD_KINDS["status"], (*STATUSES, ALL_STATUSES)),
    "sector": (WORD_KINDS["sector"], tuple(SECTORS)),
    "group": (WORD_KINDS["groups"], tuple(VULNERABLE_GROUPS)),
}
_NO_CHOICES = Choices(oblasts=(), oblast_words={}, communities=frozenset(), providers=(), hubs=frozenset())

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
_STOP_NUMBERED = N_("Stop {number}")
_STOP_NAMED = N_("Stop {number} “{id}”")
_BOTH = "*"  # a key of _Raw.title/text: one text for both languages (YAML ``title: Херсон``)
_REPORTED = "?"  # a key of _Raw.title marking a title already reported as bad (no "no title" as well)
_TRANSLATED_PARAMS = ("what",)  # params that are msgids themselves
_COUNT_PARAMS = ("count", "limit")  # params written with the language's thousands separator
_THOUSANDS = {"uk": "\u00a0", "en": ","}  # 60 000 (a no-break space), 60,000
_MORE_THAN = N_("more than {limit}")  # a count written ">200": counting stopped past the limit
_PARSE_REASONS = {"bad_date": "bad_date", "bad_days": "bad_days", "bad_yes_no": "bad_yes_no", "swapped": "swapped_dates"}
_VIEW_DEFAULTS = N_("Map view at {lat}, {lon}")  # the title of a view added without one


@dataclass(frozen=True)
class Stop:
    """One stop of a tour: what the map shows and the words said over it.

    ``title`` and ``text`` hold the languages given (``uk``, ``en``); ``filters`` are the Needs
    page's URL parameters with their values as lists of strings, as a link would carry them.
    """

    id: str
    title: dict[str, str]
    text: dict[str, str]
    lat: float
    lon: float
    zoom: int
    layers: tuple[str, ...] = LAYERS
    metric: str = DEFAULT_METRIC
    filters: dict[str, list[str]] = field(default_factory=dict)
    as_of: dt.date | None = None
    flows: str | None = None

    def title_in(self, lang: str) -> str:
        """The title in ``lang``, else in the other language."""
        return _in(self.title, lang)

    def text_in(self, lang: str) -> str:
        """The text in ``lang``, else in the other language ('' when the stop has none)."""
        return _in(self.text, lang)


def _in(texts: Mapping[str, str], lang: str) -> str:
    return texts.get(lang) or next((texts[other] for other in LANGUAGES if texts.get(other)), "")


@dataclass(frozen=True)
class TourProblem:
    """One thing wrong in a tour file, said so that the presenter can fix it.

    ``stop`` is the stop's id when the file gives one, else "stop N" (N from 1; the row of a CSV
    file below its header); it is "" for a problem of the whole file. ``field`` is the field as
    written in the file (``view.lat`` in YAML, ``lat`` in CSV). ``params`` fill the message's
    other placeholders.
    """

    stop: str
    field: str
    value: str
    message_id: str
    number: int = 0  # the stop's position, from 1; 0 for the whole file
    params: tuple[tuple[str, str], ...] = ()

    def describe(self, lang: str) -> str:
        """The problem and what to write instead, in ``lang``, naming the stop and the field."""
        _ = gettext_for(lang)
        if not self.number:
            place = ""
        elif self.stop == f"stop {self.number}":
            place = _(_STOP_NUMBERED).format(number=self.number)
        else:
            place = _(_STOP_NAMED).format(number=self.number, id=self.stop)
        params = {key: _(value) if key in _TRANSLATED_PARAMS else _count(key, value, lang) for key, value in self.params}
        return _(self.message_id).format(stop=place, field=self.field, value=self.value, **params)


def _count(key: str, value: str, lang: str) -> str:
    """60000 as 60 000 in Ukrainian and 60,000 in English, >200 as "more than 200"; other params as they are."""
    if key not in _COUNT_PARAMS:
        return value
    if value.startswith(">"):
        return gettext_for(lang)(_MORE_THAN).format(limit=_count(key, value[1:], lang))
    return f"{int(value):,}".replace(",", _THOUSANDS.get(lang, ",")) if value.isdecimal() else value


class TourError(ValueError):
    """A tour file that cannot be used, with the problems found in it.

    ``problems`` lists at most MAX_LISTED of them, then one line that counts the rest;
    ``total`` is how many were found.
    """

    def __init__(self, problems: list[TourProblem], total: int | None = None):
        self.total = len(problems) if total is None else total
        super().__init__(f"{self.total} problem(s) in the tour file")
        self.problems = problems

    def describe(self, lang: str) -> str:
        """All the problems, one a line, in ``lang``."""
        return "\n".join(problem.describe(lang) for problem in self.problems)

    def __str__(self) -> str:
        return self.describe("en")


# --------------------------------------------------------------------------------------------
# Values as the messages quote them


def _shown(value: object, depth: int = 0) -> str:
    """A value as text for a message, short; nested lists stay short too (YAML aliases can nest deep)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dt.date | dt.datetime):
        text = value.isoformat()
    elif isinstance(value, Mapping):
        text = "{…}" if depth else "{" + ", ".join(_shown(k, 1) for k in islice(value, 5)) + "}"
    elif isinstance(value, list | tuple):
        text = "[…]" if depth > 1 else "[" + ", ".join(_shown(v, depth + 1) for v in value[:5]) + "]"
    else:
        text = str(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _known(values: Iterable[str]) -> str:
    return ", ".join(values)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --------------------------------------------------------------------------------------------
# One stop: a raw record (the same keys for YAML and CSV) checked field by field


@dataclass
class _Raw:
    """A stop as the file gives it, before checking. ``names`` maps a field to how the file names it."""

    number: int
    names: Mapping[str, str]
    id: object = None
    title: dict[str, object] = field(default_factory=dict)
    text: dict[str, object] = field(default_factory=dict)
    lat: object = None
    lon: object = None
    zoom: object = None
    has_view: bool = True  # False: no view at all, or one already reported as not a view
    view_reported: bool = False
    layers: object = None
    metric: object = None
    filters: object = None
    as_of: object = None
    flows: object = None


YAML_NAMES = {
    "id": "id",
    "title": "title",
    "title.uk": "title.uk",
    "title.en": "title.en",
    "text.uk": "text.uk",
    "text.en": "text.en",
    "view": "view",
    "lat": "view.lat",
    "lon": "view.lon",
    "zoom": "view.zoom",
    "layers": "layers",
    "metric": "metric",
    "filters": "filters",
    "as_of": "as_of",
    "flows": "flows",
}
CSV_NAMES = {
    **{key: key.replace(".", "_") for key in YAML_NAMES},
    "title": "title_uk, title_en",
    "view": "lat, lon, zoom",
    "lat": "lat",
    "lon": "lon",
    "zoom": "zoom",
}
_EXAMPLES = {"lat": "46.97", "lon": "32.0", "zoom": "8"}


class _Checker:
    """Collects the problems of one stop, each naming the stop the same way."""

    def __init__(self, raw: _Raw, problems: list[TourProblem]):
        self.raw, self.problems = raw, problems
        self.stop = f"stop {raw.number}"

    def __call__(self, key: str, value: object, code: str, field_name: str | None = None, **params: object) -> None:
        name = field_name if field_name is not None else self.raw.names.get(key, key)
        pairs = tuple((k, str(v)) for k, v in params.items())
        self.problems.append(TourProblem(self.stop, name, _shown(value), MESSAGES[code], self.raw.number, pairs))

    def too_many(self, key: str, values: object, limit: int, field_name: str | None = None) -> bool:
        """True, with a problem, if ``values`` (a list or mapping) holds more than ``limit`` entries.

        ``_yaml_bounds`` counts what a YAML file writes in place; this catches a CSV cell and what
        an alias or a merge (<<) brings in, before anything walks through it.
        """
        if len(values) <= limit:
            return False
        self(key, None, "too_many_entries", field_name, count=len(values), limit=limit)
        return True


def _valid_id(value: object) -> str | None:
    """An id as written (a YAML number is fine), or None if it is blank or not a short slug."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    return text if len(text) <= MAX_ID and _ID_RE.fullmatch(text) else None


def _read_id(raw: _Raw, problem: _Checker) -> str:
    if _is_blank(raw.id):
        return f"stop-{raw.number}"
    text = _valid_id(raw.id)
    if text is None:
        problem("id", raw.id, "bad_id", limit=MAX_ID)
        return f"stop-{raw.number}"
    problem.stop = text
    return text


def _read_texts(kind: str, given: dict[str, object], limit: int, problem: _Checker) -> dict[str, str]:
    if _BOTH in given:
        text = _text(kind, given[_BOTH], limit, problem)
        return dict.fromkeys(LANGUAGES, text) if text else {}
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        text = _text(f"{kind}.{lang}", given.get(lang), limit, problem)
        if text:
            out[lang] = text
    return out


def _text(key: str, value: object, limit: int, problem: _Checker) -> str | None:
    """One title or text, stripped; None (and a problem) if it is not text or too long."""
    if _is_blank(value):
        return None
    if isinstance(value, dt.date):
        value = value.isoformat()
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problem(key, value, "bad_text")
        return None
    text = str(value).strip()
    if len(text) > limit:
        problem(key, text, "too_long", count=len(text), limit=limit)
        return None
    return text


def _number(value: object) -> float | None:
    """A number from YAML or a CSV cell (a comma decimal is fine, as Ukrainian Excel writes it).

    None for what is not a number, the words ``nan`` and ``inf`` included; a number too large for
    a float (1e400, 4,301 digits) is infinite, so that it is named as out of range, not as no number.
    """
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, int | float):
            number = float(value)
        elif isinstance(value, str):
            text = re.sub(r"[\s\u00a0_]", "", value).replace(",", ".")
            number = float(text)
            if math.isinf(number) and "inf" in text.lower():  # the words inf, infinity: not a number written
                return None
        else:
            return None
    except ValueError:
        return None
    except OverflowError:  # an integer beyond a float
        return math.inf
    return None if math.isnan(number) else number


def _read_view(raw: _Raw, problem: _Checker) -> tuple[float, float, int] | None:
    if not raw.has_view:
        return None
    values: dict[str, float] = {}
    for key in ("lat", "lon"):
        value = getattr(raw, key)
        number = _number(value)
        if _is_blank(value):
            problem(key, value, "missing_number", example=_EXAMPLES[key])
        elif number is None:
            problem(key, value, "not_number", example=_EXAMPLES[key])
        else:
            values[key] = number
    zoom = _read_zoom(raw, problem)
    lat, lon = values.get("lat"), values.get("lon")
    if lat is not None and lon is not None and not _inside(lat, LAT_RANGE) and not _inside(lon, LON_RANGE):
        if _inside(lon, LAT_RANGE) and _inside(lat, LON_RANGE):
            problem("view", f"{_shown(raw.lat)}, {_shown(raw.lon)}", "swapped")
            return None
    ok = True
    if lat is not None and not _inside(lat, LAT_RANGE):
        problem("lat", raw.lat, "lat_range", low=f"{LAT_RANGE[0]:g}", high=f"{LAT_RANGE[1]:g}")
        ok = False
    if lon is not None and not _inside(lon, LON_RANGE):
        problem("lon", raw.lon, "lon_range", low=f"{LON_RANGE[0]:g}", high=f"{LON_RANGE[1]:g}")
        ok = False
    if not ok or lat is None or lon is None or zoom is None:
        return None
    return lat, lon, zoom


def _inside(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _read_zoom(raw: _Raw, problem: _Checker) -> int | None:
    value = raw.zoom
    number = _number(value)
    if _is_blank(value):
        problem("zoom", value, "missing_number", example=_EXAMPLES["zoom"])
        return None
    if number is None or not ZOOM_RANGE[0] <= number <= ZOOM_RANGE[1] or number != int(number):
        problem("zoom", value, "bad_zoom", low=ZOOM_RANGE[0], high=ZOOM_RANGE[1])
        return None
    return int(number)


def _read_layers(raw: _Raw, problem: _Checker) -> tuple[str, ...]:
    value = raw.layers
    if value is None or (isinstance(value, str) and not value.strip()):
        return LAYERS
    if isinstance(value, str):
        words: list[object] = [w for w in _LIST_SPLIT.split(value.strip()) if w]
    elif isinstance(value, list):
        words = value
    else:
        problem("layers", value, "unknown_layer", known=_known(LAYERS))
        return LAYERS
    if problem.too_many("layers", words, MAX_VALUES):
        return LAYERS
    chosen = set()
    for word in words:
        key = word.strip() if isinstance(word, str) else None
        if key not in LAYERS:
            problem("layers", word, "unknown_layer", known=_known(LAYERS))
        else:
            chosen.add(key)
    return tuple(layer for layer in LAYERS if layer in chosen)


def _read_metric(raw: _Raw, problem: _Checker) -> str:
    value = raw.metric
    if _is_blank(value):
        return DEFAULT_METRIC
    key = value.strip() if isinstance(value, str) else None
    if key not in METRICS:
        problem("metric", value, "unknown_metric", known=_known(METRICS))
        return DEFAULT_METRIC
    return key


def _filter_word(value: object) -> str | None:
    """A filter value as a link would carry it; None for what a link cannot (a list in a list)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str | int | float):
        return str(value).strip()
    return None


def _filter_items(raw: _Raw, problem: _Checker) -> list[tuple[str, list[object]]] | None:
    """The filters as (parameter, values) pairs, from a YAML mapping or a CSV query string."""
    value = raw.filters
    if isinstance(value, Mapping):
        if problem.too_many("filters", value, MAX_FIELDS):
            return None
        items = []
        for key, values in value.items():
            items.append((str(key).strip(), values if isinstance(values, list) else [values]))
        return items
    if isinstance(value, str) and "=" in value:
        grouped: dict[str, list[object]] = {}
        for key, word in parse_qsl(value.strip(), keep_blank_values=True):
            grouped.setdefault(key.strip(), []).append(word)
        if problem.too_many("filters", grouped, MAX_FIELDS):
            return None
        return list(grouped.items())
    problem("filters", value, "bad_filters")
    return None


def _read_filters(raw: _Raw, problem: _Checker) -> dict[str, list[str]]:
    if _is_blank(raw.filters):
        return {}
    items = _filter_items(raw, problem)
    if items is None:
        return {}
    out: dict[str, list[str]] = {}
    for param, values in items:
        name = f"{raw.names['filters']}.{param}"
        if param not in FILTER_PARAMS:
            problem("filters", param, "unknown_filter", name, known=_known(FILTER_PARAMS))
            continue
        if problem.too_many("filters", values, MAX_VALUES, name):
            continue
        words: list[str] = []
        for value in values:
            word = _filter_word(value)
            if word is None:
                problem("filters", value, "bad_filter_value", name)
                continue
            # Lists written with commas are the same filter as lists written as lists (provider
            # names may hold commas: the Needs page does not split them either).
            parts = [word] if param == "provider" else word.split(",")
            words.extend(part.strip() for part in parts if part.strip())
        if problem.too_many("filters", words, MAX_VALUES, name):
            continue
        if not words:
            if all(_filter_word(v) is not None for v in values):
                problem("filters", "", "empty_filter", name)
            continue
        out[param] = list(dict.fromkeys(words))
    _check_filter_words(out, raw, problem)
    return out


def _check_filter_words(filters: dict[str, list[str]], raw: _Raw, problem: _Checker) -> None:
    """Words of the fixed vocabularies, dates, yes/no and days, as the Needs page reads them."""
    _filters, notes = parse_params(filters, _NO_CHOICES)
    for note in notes:
        name = f"{raw.names['filters']}.{note.param}"
        if note.reason == "unknown" and note.param in _VOCABULARY_PARAMS:
            what, known = _VOCABULARY_PARAMS[note.param]
            problem("filters", note.value, "unknown_word", name, what=what, known=_known(known))
        elif note.reason in _PARSE_REASONS:
            problem("filters", note.value, _PARSE_REASONS[note.reason], name)


def parse_date(value: object) -> dt.date | None:
    """A date from YAML (a date) or text: 2025-09-01, or 01.09.2025 day first. None if neither."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    return None


def _read_as_of(raw: _Raw, problem: _Checker) -> dt.date | None:
    if _is_blank(raw.as_of):
        return None
    day = parse_date(raw.as_of)
    if day is None:
        problem("as_of", raw.as_of, "bad_date")
    elif not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
        problem("as_of", raw.as_of, "date_range", low=DATE_RANGE[0].isoformat(), high=DATE_RANGE[1].isoformat())
        return None
    return day


def _read_flows(raw: _Raw, problem: _Checker) -> str | None:
    if _is_blank(raw.flows):
        return None
    code = normalize_code(raw.flows) if isinstance(raw.flows, str) else None
    if code is None:
        problem("flows", raw.flows, "bad_code")
    return code


def _build(raw: _Raw, problems: list[TourProblem]) -> Stop | None:
    """The stop, or None when any of its fields has a problem (all of them reported)."""
    before = len(problems)
    problem = _Checker(raw, problems)
    stop_id = _read_id(raw, problem)
    title = _read_texts("title", raw.title, MAX_TITLE, problem)
    if not title and not any(not _is_blank(v) for v in raw.title.values()):  # (a bad title was reported)
        problem("title", "", "no_title")
    text = _read_texts("text", raw.text, MAX_TEXT, problem)
    if not raw.has_view and not raw.view_reported:
        problem("view", "", "no_view")
    view = _read_view(raw, problem)
    layers = _read_layers(raw, problem)
    metric = _read_metric(raw, problem)
    filters = _read_filters(raw, problem)
    as_of = _read_as_of(raw, problem)
    flows = _read_flows(raw, problem)
    if len(problems) > before or view is None:
        return None
    lat, lon, zoom = view
    return Stop(stop_id, title, text, lat, lon, zoom, layers, metric, filters, as_of, flows)


def _check_ids(raws: list[_Raw], problems: list[TourProblem]) -> None:
    """Each id once (a stop without one is "stop-N"); a bad id was reported already."""
    first: dict[str, int] = {}
    for raw in raws:
        stop_id = f"stop-{raw.number}" if _is_blank(raw.id) else _valid_id(raw.id)
        if stop_id is None:
            continue
        if stop_id in first:
            params = (("first", str(first[stop_id])),)
            problems.append(TourProblem(stop_id, raw.names["id"], stop_id, MESSAGES["duplicate_id"], raw.number, params))
        else:
            first[stop_id] = raw.number


# --------------------------------------------------------------------------------------------
# The two file forms


def _file_problem(code: str, value: object = "", **params: object) -> TourProblem:
    return TourProblem("", "", _shown(value), MESSAGES[code], 0, tuple((k, str(v)) for k, v in params.items()))


_LIBYAML = hasattr(yaml, "CSafeLoader")  # PyYAML's wheels carry libyaml, whose parser is 4 to 20 times faster


class _TourLoader(yaml.CSafeLoader if _LIBYAML else yaml.SafeLoader):
    """``yaml.safe_load``'s loader, but a number, date or yes/no that cannot be one stays the text written.

    PyYAML raises ValueError (not a YAMLError) for ``2025-13-01``, ``!!int abc`` or an integer of
    4,301 digits, and an integer of 4,000 hex digits loads but cannot be shown (``str`` refuses
    it). Kept as text, such a value reaches the checks, which name the stop and the field. A
    float that overflows (``1.0e+400``) or is ``.nan``/``.inf`` stays text too: it is quoted as
    written, and no check sees a float that is not finite.
    """


_Constructor = Callable[[yaml.constructor.SafeConstructor, yaml.Node], object]


def _as_written(construct: _Constructor) -> _Constructor:
    def construct_or_text(loader: yaml.constructor.SafeConstructor, node: yaml.Node) -> object:
        text = loader.construct_scalar(node)
        if len(text) > MAX_NUMBER:
            return text
        try:
            value = construct(loader, node)
        except (ValueError, LookupError, AttributeError, OverflowError):  # AttributeError: !!timestamp abc
            return text
        return text if isinstance(value, float) and not math.isfinite(value) else value

    return construct_or_text


for _tag, _construct in (
    ("int", yaml.constructor.SafeConstructor.construct_yaml_int),
    ("float", yaml.constructor.SafeConstructor.construct_yaml_float),
    ("bool", yaml.constructor.SafeConstructor.construct_yaml_bool),
    ("timestamp", yaml.constructor.SafeConstructor.construct_yaml_timestamp),
):
    _TourLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _as_written(_construct))


@dataclass
class _Open:
    """A list or mapping that ``_yaml_bounds`` is inside of, with what it has counted so far."""

    is_map: bool
    anchor: str | None
    path: tuple[object, ...]  # keys and indices from the top: ("stops", 0, "filters")
    first_problem: int  # problems from here on are inside it (a stop names them by its id)
    children: int = 0  # keys of a mapping, items of a list
    nodes: int = 1  # values inside, itself included, each alias counted as all it repeats
    chars: int = 0
    key: object = None  # a mapping's key whose value comes next
    value_next: bool = False
    stop_id: str | None = None  # a stop: its id, once read


def _yaml_bounds(text: str) -> list[TourProblem]:
    """The problems of a YAML tour that is too large or too deep, found before it is built.

    ``yaml.safe_load`` would build a stop of 60,000 fields, or a "billion laughs" of anchors and
    aliases, before any check could count them. Here the parser's events are counted as they
    come: the stops, the fields of each stop and the entries of each of its fields where they
    stand, the depth, and the values and characters of the whole file with each ``*alias``
    counted as all that its ``&anchor`` holds. A file this finds nothing in builds into at most
    MAX_NODES values and MAX_CHARS characters, MAX_DEPTH deep. Syntax errors raise as in
    ``yaml.safe_load``.

    Past MAX_NODES values the file is refused whatever follows, so reading stops there: a list
    still open then is counted as "more than" its limit, and reading a 1 MB file of 60,000 stops
    takes as long as reading its first 20,000 values (parsing it all would take a second).
    """
    problems: list[TourProblem] = []
    anchors: dict[str, tuple[int, int]] = {}
    stack: list[_Open] = []
    nodes = chars = 0
    for event in yaml.parse(text, Loader=_TourLoader):
        if isinstance(event, yaml.CollectionEndEvent):
            done = stack.pop()
            _count_problem(done, problems)
            if done.anchor:
                anchors[done.anchor] = (done.nodes, done.chars)
            if stack:
                stack[-1].nodes += done.nodes
                stack[-1].chars += done.chars
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue  # the stream's and documents' starts and ends
        is_scalar = isinstance(event, yaml.ScalarEvent)
        if isinstance(event, yaml.AliasEvent):
            size = anchors.get(event.anchor, (1, 0))  # an alias inside its own anchor: the loader makes it a loop
        else:
            size = (1, len(event.value) if is_scalar else 0)
        nodes, chars = nodes + size[0], chars + size[1]
        place: object = None
        if stack:
            parent = stack[-1]
            if parent.is_map and not parent.value_next:  # a key
                parent.children += 1
                parent.key = event.value if is_scalar else "?"
            elif parent.is_map:  # its value
                place = parent.key
                if parent.key == "id" and is_scalar and len(parent.path) == 2:
                    parent.stop_id = _valid_id(event.value)
            else:
                place = parent.children
                parent.children += 1
            if parent.is_map:
                parent.value_next = not parent.value_next
            if not isinstance(event, yaml.CollectionStartEvent):
                parent.nodes += size[0]
                parent.chars += size[1]
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                return [_file_problem("too_deep")]
            path = (*stack[-1].path, place) if stack else ()
            stack.append(_Open(isinstance(event, yaml.MappingStartEvent), event.anchor, path, len(problems)))
        elif is_scalar and event.anchor:
            anchors[event.anchor] = size
        if nodes > MAX_NODES or chars > MAX_CHARS:  # refused whatever follows
            for still_open in reversed(stack):
                _count_problem(still_open, problems, cut_short=True)
            if not problems:
                code, limit = ("too_many_nodes", MAX_NODES) if nodes > MAX_NODES else ("too_many_chars", MAX_CHARS)
                problems.append(_file_problem(code, limit=limit))
            return problems
    return problems


def _count_problem(done: _Open, problems: list[TourProblem], cut_short: bool = False) -> None:
    """The problem of a list or mapping with more entries than its place in a tour may hold.

    ``cut_short``: reading stopped inside it, so its count is only "more than" the limit.
    """
    path, is_map = done.path, done.is_map
    in_stop = len(path) >= 2 and path[0] == "stops" and isinstance(path[1], int)
    limit = MAX_FIELDS if is_map else MAX_STOPS if path == ("stops",) else MAX_VALUES
    count = f">{limit}" if cut_short else str(done.children)
    number = path[1] + 1 if in_stop else 0
    if done.children <= limit:
        pass
    elif not path and is_map:
        problems.append(_file_problem("too_many_top", count=count))
    elif path == ("stops",) and not is_map:
        problems.append(_file_problem("too_many_stops", count=count, limit=limit))
    elif in_stop and len(path) == 2 and is_map:
        params = (("count", count), ("known", _known(YAML_FIELDS)))
        problems.append(TourProblem(f"stop {number}", "", "", MESSAGES["too_many_fields"], number, params))
    elif in_stop and len(path) > 2:
        params = (("count", count), ("limit", str(limit)))
        problems.append(TourProblem(f"stop {number}", _path_name(path), "", MESSAGES["too_many_entries"], number, params))
    if in_stop and len(path) == 2 and done.stop_id:  # name the stop's problems by its id, read by now
        problems[done.first_problem :] = [replace(p, stop=done.stop_id) for p in problems[done.first_problem :]]


def _path_name(path: tuple[object, ...]) -> str:
    """A field inside a stop as the file names it: title, filters.sector (deeper lists are the field's)."""
    return ".".join(str(key) for key in path[2:4])


def _yaml_document(text: str) -> tuple[object, list[TourProblem]]:
    try:
        bounds = _yaml_bounds(text)
        return (None, bounds) if bounds else (yaml.load(text, Loader=_TourLoader), [])
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        tag = re.search(r"tag '([^']*)'", str(exc.problem))
        if tag is None:  # not a tag: a key that is a list, a merge (<<) of a text, …
            return None, [_file_problem("not_yaml", exc.problem, line=line)]
        return None, [_file_problem("yaml_tag", tag.group(1).replace("tag:yaml.org,2002:", "!!"), line=line)]
    except yaml.MarkedYAMLError as exc:
        if exc.problem == "exceeded maximum nesting depth":  # libyaml's own limit, met before ours
            return None, [_file_problem("too_deep")]
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        return None, [_file_problem("not_yaml", exc.problem or exc.context, line=line)]
    except yaml.reader.ReaderError as exc:  # characters YAML does not allow (a control character)
        before = text.encode("utf-8", "replace")[: exc.position] if _LIBYAML else text[: exc.position]  # libyaml: bytes
        line = before.count(b"\n" if _LIBYAML else "\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return None, [_file_problem("not_yaml", f"{exc.reason} (U+{code:04X})", line=line)]
    except UnicodeEncodeError as exc:  # a lone surrogate, which libyaml cannot take
        line = text[: exc.start].count("\n") + 1
        return None, [_file_problem("not_yaml", f"{exc.reason} (U+{ord(text[exc.start]):04X})", line=line)]
    except RecursionError:  # anchors merged (<<) into themselves, past what the depth count sees
        return None, [_file_problem("too_deep")]


def _yaml_raws(text: str, problems: list[TourProblem]) -> list[_Raw]:
    document, found = _yaml_document(text)
    problems.extend(found)
    if found:
        return []
    if document is None:
        problems.append(_file_problem("empty"))
        return []
    if not isinstance(document, Mapping) or "stops" not in document:
        problems.append(_file_problem("no_stops", document))
        return []
    problems.extend(_file_problem("unknown_top", key) for key in document if key != "stops")
    items = document["stops"]
    if not isinstance(items, list):
        problems.append(_file_problem("stops_not_list", items))
        return []
    if len(items) > MAX_STOPS:  # (an alias to a list elsewhere; _yaml_bounds counted one written here)
        problems.append(_file_problem("too_many_stops", count=len(items), limit=MAX_STOPS))
        return []
    if not items:
        problems.append(_file_problem("no_stop_items"))
    raws = []
    for number, item in enumerate(items, start=1):
        raw = _yaml_raw(number, item, problems)
        if raw is not None:
            raws.append(raw)
    return raws


def _yaml_raw(number: int, item: object, problems: list[TourProblem]) -> _Raw | None:
    raw = _Raw(number, YAML_NAMES)
    problem = _Checker(raw, problems)
    if not isinstance(item, Mapping):
        problem("", item, "not_mapping", "")
        return None
    problem.stop = _valid_id(item.get("id")) or problem.stop  # name the stop by its id from the first problem
    if len(item) > MAX_FIELDS:  # (a merge of anchors: <<: [*a, *b, …])
        problem("", None, "too_many_fields", "", count=len(item), known=_known(YAML_FIELDS))
        return None
    item = {str(key): value for key, value in item.items()}
    for key in item:
        if key not in YAML_FIELDS:
            problem(key, None, "unknown_field", key, known=_known(YAML_FIELDS))
    raw.id = item.get("id")
    raw.title = _yaml_texts("title", item.get("title"), problem)
    raw.text = _yaml_texts("text", item.get("text"), problem)
    view = item.get("view")
    if view is None:
        raw.has_view = False
    elif not isinstance(view, Mapping):
        problem("view", view, "bad_view")
        raw.has_view, raw.view_reported = False, True
    elif problem.too_many("view", view, MAX_FIELDS):
        raw.has_view, raw.view_reported = False, True
    else:
        for key in view:
            if key not in VIEW_FIELDS:
                problem("view", None, "unknown_field", f"view.{key}", known=_known(VIEW_FIELDS))
        raw.lat, raw.lon, raw.zoom = (view.get(key) for key in VIEW_FIELDS)
    for key in ("layers", "metric", "filters", "as_of", "flows"):
        setattr(raw, key, item.get(key))
    return raw


def _yaml_texts(kind: str, value: object, problem: _Checker) -> dict[str, object]:
    """title/text: a mapping by language, or one text for both languages."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        if problem.too_many(kind, value, MAX_FIELDS):
            return {_REPORTED: value}
        texts = {lang: value.get(lang) for lang in LANGUAGES if lang in value}
        for key in value:
            if key not in LANGUAGES:
                problem(kind, key, "unknown_language", f"{kind}.{key}")
                texts[_REPORTED] = key
        return texts
    if isinstance(value, list):
        problem(kind, value, "bad_text", kind)
        return {_REPORTED: value}
    return {_BOTH: value}


def _csv_raws(text: str, problems: list[TourProblem]) -> list[_Raw]:
    if "\x00" in text or text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        problems.append(_file_problem("not_csv"))
        return []
    delimiter = sniff_delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:  # a cell above the csv module's limit (128 kB): not a tour
        problems.append(_file_problem("not_csv"))
        return []
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        problems.append(_file_problem("empty"))
        return []
    if len(rows[0]) > MAX_FIELDS:
        problems.append(_file_problem("too_many_columns", count=len(rows[0]), known=_known(CSV_COLUMNS)))
        return []
    if len(rows) - 1 > MAX_STOPS:
        problems.append(_file_problem("too_many_stops", count=len(rows) - 1, limit=MAX_STOPS))
        return []
    header = [cell.strip().lstrip("\ufeff").lower() for cell in rows[0]]
    problems.extend(
        _file_problem("unknown_column", name, known=_known(CSV_COLUMNS)) for name in header if name not in CSV_COLUMNS
    )
    missing = [name for name in ("lat", "lon", "zoom") if name not in header]
    if "title_uk" not in header and "title_en" not in header:
        missing.insert(0, "title_uk")
    problems.extend(_file_problem("missing_column", name, known=_known(CSV_COLUMNS)) for name in missing)
    if missing or any(name not in CSV_COLUMNS for name in header):
        return []
    if len(rows) == 1:
        problems.append(_file_problem("no_stop_items"))
    raws = []
    for number, row in enumerate(rows[1:], start=1):
        raw = _Raw(number, CSV_NAMES)
        if len(row) > len(header):
            problems.append(TourProblem(f"stop {number}", "", delimiter, MESSAGES["ragged"], number))
            continue
        cells = {name: cell.strip() or None for name, cell in zip(header, row, strict=False)}
        raw.id = cells.get("id")
        raw.title = {lang: cells.get(f"title_{lang}") for lang in LANGUAGES}
        raw.text = {lang: cells.get(f"text_{lang}") for lang in LANGUAGES}
        for key in ("lat", "lon", "zoom", "layers", "metric", "filters", "as_of", "flows"):
            setattr(raw, key, cells.get(key))
        raws.append(raw)
    return raws


def read_tour(data: bytes, name: str) -> list[Stop]:
    """The stops of a tour file: YAML (.yaml, .yml) or CSV (.csv), by ``name``.

    Raises
    ------
    TourError
        With every problem found in the file, not just the first; no stop is returned from a
        file with problems (a tour with a stop missing would confuse a presenter more).
    """
    kind = _SUFFIXES.get(PurePosixPath(name.lower()).suffix)
    problems: list[TourProblem] = []
    if kind is None:
        raise TourError([_file_problem("unsupported", PurePosixPath(name).suffix or name)])
    if len(data) > MAX_BYTES:
        raise TourError([_file_problem("too_large", f"{len(data) / 1e6:.1f}", limit=f"{MAX_BYTES / 1e6:.0f}")])
    text = decode_text(data)
    if not text.strip():
        raise TourError([_file_problem("empty")])
    raws = _yaml_raws(text, problems) if kind == "yaml" else _csv_raws(text, problems)
    stops = [_build(raw, problems) for raw in raws]
    _check_ids(raws, problems)
    if problems:
        raise _error(problems)
    return [stop for stop in stops if stop is not None]


def _error(problems: list[TourProblem]) -> TourError:
    """The file's own problems first, then stop by stop; past MAX_LISTED, one line counts the rest."""
    problems = sorted(problems, key=lambda p: p.number)
    listed = problems[:MAX_LISTED]
    if len(problems) > MAX_LISTED:
        listed.append(_file_problem("more_problems", count=len(problems) - MAX_LISTED))
    return TourError(listed, total=len(problems))


def load_tour(path: Path) -> list[Stop]:
    """``read_tour`` on a file; a missing file is a ``TourError`` too."""
    path = Path(path)
    if not path.is_file():
        raise TourError([_file_problem("not_found", str(path))])
    return read_tour(path.read_bytes(), path.name)


# --------------------------------------------------------------------------------------------
# Writing: the presenter adds the current view as a stop and downloads the tour


def _slug(text: str) -> str:
    words = re.findall(r"\w+", text.lower())
    return "-".join(words)[:MAX_ID].strip("-_") or "view"


def stop_from_view(
    title: str,
    lang: str,
    lat: float,
    lon: float,
    zoom: float,
    layers: Iterable[str],
    metric: str,
    filters: Filters | Mapping[str, list[str] | str],
    as_of: dt.date | None,
    flows: str | None,
) -> Stop:
    """A stop showing what the map shows now, titled in the presenter's language ``lang``.

    What a live map can hold but a tour cannot is made to fit, so the stop always loads again
    from the downloaded file: the centre is kept inside the box around Ukraine, the zoom is
    rounded into 4–18, unknown layers and filters are left out and an unknown metric is
    replaced by the default. The id is made from the title (``tour_to_yaml`` keeps ids unique).

    ``filters`` are the Needs page's link parameters, or its ``Filters``: then the status is
    written even when it is the Needs page's default (open and in progress), because a stop
    without a status counts every status.
    """
    if isinstance(filters, Filters):
        filters = {**to_params(filters), "status": list(filters.status)}
    lang = lang if lang in LANGUAGES else LANGUAGES[0]
    lat = round(min(max(float(lat), LAT_RANGE[0]), LAT_RANGE[1]), 4)
    lon = round(min(max(float(lon), LON_RANGE[0]), LON_RANGE[1]), 4)
    title = " ".join(str(title or "").split())[:MAX_TITLE]
    if not title:
        title = gettext_for(lang)(_VIEW_DEFAULTS).format(lat=f"{lat:.2f}", lon=f"{lon:.2f}")
    raw = _Raw(1, YAML_NAMES)
    raw.id = _slug(title)
    raw.title = {lang: title}
    raw.lat, raw.lon = lat, lon
    raw.zoom = int(min(max(round(float(zoom)), ZOOM_RANGE[0]), ZOOM_RANGE[1]))
    raw.layers = [layer for layer in layers if layer in LAYERS]
    raw.metric = metric if metric in METRICS else DEFAULT_METRIC
    raw.filters = {k: [v] if isinstance(v, str) else list(v) for k, v in filters.items() if k in FILTER_PARAMS and v}
    raw.as_of = as_of
    raw.flows = normalize_code(flows) if flows else None
    problems: list[TourProblem] = []
    stop = _build(raw, problems)
    if stop is None:
        raise TourError(problems)
    return stop


class _Flow(dict):
    """A mapping written on one line: view: {lat: 46.97, lon: 32.0, zoom: 8}."""


class _FlowList(list):
    """A list written on one line: layers: [communities, hubs]."""


class _TourDumper(yaml.SafeDumper):
    """SafeDumper that indents list items under their key, as people write YAML by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: ARG002 - PyYAML's signature
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data: object) -> bool:
        return True  # no &id001 anchors: two stops on the same date both write the date


_TourDumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
_TourDumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))

_HEADER = """\
# Forum tour: one stop per list item. The fields are described in docs/data-format.md ("Forum tours").
"""


def _unique_ids(stops: list[Stop]) -> list[str]:
    ids: list[str] = []
    for stop in stops:
        candidate, n = stop.id, 2
        while candidate in ids:
            suffix = f"-{n}"
            candidate, n = stop.id[: MAX_ID - len(suffix)] + suffix, n + 1
        ids.append(candidate)
    return ids


def tour_to_yaml(stops: list[Stop]) -> str:
    """The tour as a YAML file a person can read and edit; ``read_tour`` gives the same stops back.

    Ids that repeat (two views added under the same title) are numbered, so the file loads.
    """
    items = []
    for stop, stop_id in zip(stops, _unique_ids(stops), strict=True):
        item: dict[str, object] = {
            "id": stop_id,
            "title": {lang: stop.title[lang] for lang in LANGUAGES if lang in stop.title},
        }
        if stop.text:
            item["text"] = {lang: stop.text[lang] for lang in LANGUAGES if lang in stop.text}
        item["view"] = _Flow(lat=stop.lat, lon=stop.lon, zoom=stop.zoom)
        item["layers"] = _FlowList(stop.layers)
        item["metric"] = stop.metric
        if stop.filters:
            item["filters"] = _Flow({k: v[0] if len(v) == 1 else _FlowList(v) for k, v in stop.filters.items()})
        if stop.as_of is not None:
            item["as_of"] = stop.as_of
        if stop.flows:
            item["flows"] = stop.flows
        items.append(item)
    body = yaml.dump({"stops": items}, Dumper=_TourDumper, allow_unicode=True, sort_keys=False, width=110)
    return _HEADER + body
