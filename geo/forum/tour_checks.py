"""A tour's stops checked field by field, from a file or from the live map.

Both file forms (``geo.forum.tour_yaml``, ``geo.forum.tour_csv``) give a ``RawStop`` per stop, the
fields as the file wrote them; ``build_stop`` checks each field and makes the ``Stop``, or reports
every problem of the stop and makes none. So YAML and CSV are held to the same rules with the same
messages, and ``stop_from_view`` makes the current view fit those rules, so that a downloaded tour
always loads again.

What is not checked here: whether a filter's value exists in the data (an oblast, a community, a
provider). Links outlive data, so ``geo.figures.filter_params.parse_params`` drops such values with
a note when the stop is shown (``geo.forum.tour_figures.stop_notes``). The words of the fixed
vocabularies (status, sector, group) and the shape of dates, yes/no and day counts do not depend
on the data and are checked here, so that a typo shows when the file is loaded rather than in
front of the audience. Texts are kept as written; HTML in them is text, and escaping it is the
renderer's job.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from geo.figures.filter_params import ALL_STATUSES, Choices, parse_params, to_params
from geo.figures.filters import Filters
from geo.figures.metrics import DEFAULT_METRIC, METRICS
from geo.forum.tour import (
    DATE_RANGE,
    FILTER_PARAMS,
    LAT_RANGE,
    LAYERS,
    LON_RANGE,
    MAX_FIELDS,
    MAX_ID,
    MAX_TEXT,
    MAX_TITLE,
    MAX_VALUES,
    TILE_NAMES,
    TILE_PARAMS,
    ZOOM_RANGE,
    Stop,
    TourError,
    TourProblem,
)
from geo.forum.tour_messages import MESSAGES, listed, shown
from geo.ingest.codes import normalize_code
from geo.ingest.contract import SECTORS, STATUSES, VULNERABLE_GROUPS
from geo.ingest.problems import WORD_KINDS
from geo.text.i18n import LANGUAGES, N_, gettext_for

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
_PARSE_REASONS = {"bad_date": "bad_date", "bad_days": "bad_days", "bad_yes_no": "bad_yes_no", "swapped": "swapped_dates"}
_VIEW_DEFAULTS = N_("Map view at {lat}, {lon}")  # the title of a view added without one


# --------------------------------------------------------------------------------------------
# One stop: a raw record (the same keys for YAML and CSV) checked field by field


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


BOTH_LANGUAGES = "*"  # a key of RawStop.title/text: one text for both languages (YAML ``title: Херсон``)
ALREADY_REPORTED = "?"  # a key of RawStop.title marking a title already reported as bad (no "no title" as well)


@dataclass
class RawStop:
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
    tiles: object = None


# The fields as YAML names them, for the YAML form and a stop from the view (CSV: geo.forum.tour_csv.CSV_NAMES)
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
    "tiles": "tiles",
}
_EXAMPLES = {"lat": "46.97", "lon": "32.0", "zoom": "8"}


class StopProblems:
    """Collects the problems of one stop, each naming the stop the same way."""

    def __init__(self, raw: RawStop, problems: list[TourProblem]):
        self.raw, self.problems = raw, problems
        self.stop = f"stop {raw.number}"

    def __call__(self, key: str, value: object, code: str, field_name: str | None = None, **params: object) -> None:
        name = field_name if field_name is not None else self.raw.names.get(key, key)
        pairs = tuple((k, str(v)) for k, v in params.items())
        self.problems.append(TourProblem(self.stop, name, shown(value), MESSAGES[code], self.raw.number, pairs))

    def too_many(self, key: str, values: object, limit: int, field_name: str | None = None) -> bool:
        """True, with a problem, if ``values`` (a list or mapping) holds more than ``limit`` entries.

        ``geo.forum.tour_yaml`` counts what a YAML file writes in place, before it is built; this
        catches a CSV cell and what an alias or a merge (<<) brings in, before anything walks through it.
        """
        if len(values) <= limit:
            return False
        self(key, None, "too_many_entries", field_name, count=len(values), limit=limit)
        return True


def file_problem(code: str, value: object = "", **params: object) -> TourProblem:
    """A problem of the whole file (no stop, no field), as the file forms and ``read_tour`` report it."""
    return TourProblem("", "", shown(value), MESSAGES[code], 0, tuple((k, str(v)) for k, v in params.items()))


def valid_id(value: object) -> str | None:
    """An id as written (a YAML number is fine), or None if it is blank or not a short slug."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    return text if len(text) <= MAX_ID and _ID_RE.fullmatch(text) else None


def _read_id(raw: RawStop, problem: StopProblems) -> str:
    if _is_blank(raw.id):
        return f"stop-{raw.number}"
    text = valid_id(raw.id)
    if text is None:
        problem("id", raw.id, "bad_id", limit=MAX_ID)
        return f"stop-{raw.number}"
    problem.stop = text
    return text


def _read_texts(kind: str, given: dict[str, object], limit: int, problem: StopProblems) -> dict[str, str]:
    if BOTH_LANGUAGES in given:
        text = _text(kind, given[BOTH_LANGUAGES], limit, problem)
        return dict.fromkeys(LANGUAGES, text) if text else {}
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        text = _text(f"{kind}.{lang}", given.get(lang), limit, problem)
        if text:
            out[lang] = text
    return out


def _text(key: str, value: object, limit: int, problem: StopProblems) -> str | None:
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


def _read_view(raw: RawStop, problem: StopProblems) -> tuple[float, float, int] | None:
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
            problem("view", f"{shown(raw.lat)}, {shown(raw.lon)}", "swapped")
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


def _read_zoom(raw: RawStop, problem: StopProblems) -> int | None:
    value = raw.zoom
    number = _number(value)
    if _is_blank(value):
        problem("zoom", value, "missing_number", example=_EXAMPLES["zoom"])
        return None
    if number is None or not ZOOM_RANGE[0] <= number <= ZOOM_RANGE[1] or number != int(number):
        problem("zoom", value, "bad_zoom", low=ZOOM_RANGE[0], high=ZOOM_RANGE[1])
        return None
    return int(number)


def _read_layers(raw: RawStop, problem: StopProblems) -> tuple[str, ...]:
    value = raw.layers
    if value is None or (isinstance(value, str) and not value.strip()):
        return LAYERS
    if isinstance(value, str):
        words: list[object] = [w for w in _LIST_SPLIT.split(value.strip()) if w]
    elif isinstance(value, list):
        words = value
    else:
        problem("layers", value, "unknown_layer", known=listed(LAYERS))
        return LAYERS
    if problem.too_many("layers", words, MAX_VALUES):
        return LAYERS
    chosen = set()
    for word in words:
        key = word.strip() if isinstance(word, str) else None
        if key not in LAYERS:
            problem("layers", word, "unknown_layer", known=listed(LAYERS))
        else:
            chosen.add(key)
    return tuple(layer for layer in LAYERS if layer in chosen)


def _read_metric(raw: RawStop, problem: StopProblems) -> str:
    value = raw.metric
    if _is_blank(value):
        return DEFAULT_METRIC
    key = value.strip() if isinstance(value, str) else None
    if key not in METRICS:
        problem("metric", value, "unknown_metric", known=listed(METRICS))
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


def _filter_items(
    raw: RawStop, problem: StopProblems, key: str = "filters", bad: str = "bad_filters"
) -> list[tuple[str, list[object]]] | None:
    """The filters (or tiles) as (parameter, values) pairs, from a YAML mapping or a CSV query string."""
    value = getattr(raw, key)
    if isinstance(value, Mapping):
        if problem.too_many(key, value, MAX_FIELDS):
            return None
        items = []
        for name, values in value.items():
            items.append((str(name).strip(), values if isinstance(values, list) else [values]))
        return items
    if isinstance(value, str) and "=" in value:
        grouped: dict[str, list[object]] = {}
        for name, word in parse_qsl(value.strip(), keep_blank_values=True):
            grouped.setdefault(name.strip(), []).append(word)
        if problem.too_many(key, grouped, MAX_FIELDS):
            return None
        return list(grouped.items())
    problem(key, value, bad)
    return None


def _param_words(raw: RawStop, problem: StopProblems, key: str, bad: str, known: tuple[str, ...], unknown: str):
    """Each known parameter of a field written like the Needs page's link (``filters``, ``tiles``): a YAML
    mapping or a CSV query string. Yields (parameter, its name in the file, its values as written, its
    words); an unknown parameter, too many values and a value that is no word are reported and skipped."""
    for param, values in _filter_items(raw, problem, key, bad) or ():
        name = f"{raw.names[key]}.{param}"
        if param not in known:
            problem(key, param, unknown, name, known=listed(known))
            continue
        if problem.too_many(key, values, MAX_VALUES, name):
            continue
        words: list[str] = []
        for value in values:
            word = _filter_word(value)
            if word is None:
                problem(key, value, "bad_filter_value", name)
                continue
            # Lists written with commas are the same as lists written as lists (provider names may
            # hold commas: the Needs page does not split them either).
            parts = [word] if param == "provider" else word.split(",")
            words.extend(part.strip() for part in parts if part.strip())
        yield param, name, values, words


def _read_filters(raw: RawStop, problem: StopProblems) -> dict[str, list[str]]:
    if _is_blank(raw.filters):
        return {}
    out: dict[str, list[str]] = {}
    for param, name, values, words in _param_words(raw, problem, "filters", "bad_filters", FILTER_PARAMS, "unknown_filter"):
        if problem.too_many("filters", words, MAX_VALUES, name):
            continue
        if not words:
            if all(_filter_word(v) is not None for v in values):
                problem("filters", "", "empty_filter", name)
            continue
        out[param] = list(dict.fromkeys(words))
    _check_filter_words(out, raw, problem)
    return out


def _check_filter_words(filters: dict[str, list[str]], raw: RawStop, problem: StopProblems) -> None:
    """Words of the fixed vocabularies, dates, yes/no and days, as the Needs page reads them."""
    _filters, notes = parse_params(filters, _NO_CHOICES)
    for note in notes:
        name = f"{raw.names['filters']}.{note.param}"
        if note.reason == "unknown" and note.param in _VOCABULARY_PARAMS:
            what, known = _VOCABULARY_PARAMS[note.param]
            problem("filters", note.value, "unknown_word", name, what=what, known=listed(known))
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


def _read_as_of(raw: RawStop, problem: StopProblems) -> dt.date | None:
    if _is_blank(raw.as_of):
        return None
    day = parse_date(raw.as_of)
    if day is None:
        problem("as_of", raw.as_of, "bad_date")
    elif not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
        problem("as_of", raw.as_of, "date_range", low=DATE_RANGE[0].isoformat(), high=DATE_RANGE[1].isoformat())
        return None
    return day


def _read_flows(raw: RawStop, problem: StopProblems) -> str | None:
    if _is_blank(raw.flows):
        return None
    code = normalize_code(raw.flows) if isinstance(raw.flows, str) else None
    if code is None:
        problem("flows", raw.flows, "bad_code")
    return code


def _read_tiles(raw: RawStop, problem: StopProblems) -> dict[str, list[str]]:
    """What the tiles count: ``show`` (tile names), ``hubs_serving`` and ``idps_from`` (community codes)."""
    if _is_blank(raw.tiles):
        return {}
    out: dict[str, list[str]] = {}
    for param, name, _values, words in _param_words(raw, problem, "tiles", "bad_tiles", TILE_PARAMS, "unknown_tile_param"):
        kept = []
        for word in words:
            if param == "show":
                if word in TILE_NAMES:
                    kept.append(word)
                else:
                    problem("tiles", word, "unknown_tile", name, known=listed(TILE_NAMES))
            elif (code := normalize_code(word)) is not None:
                kept.append(code)
            else:
                problem("tiles", word, "bad_code", name)
        if kept:
            out[param] = list(dict.fromkeys(kept))
    return out


def build_stop(raw: RawStop, problems: list[TourProblem]) -> Stop | None:
    """The stop, or None when any of its fields has a problem (all of them reported)."""
    before = len(problems)
    problem = StopProblems(raw, problems)
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
    tiles = _read_tiles(raw, problem)
    if len(problems) > before or view is None:
        return None
    lat, lon, zoom = view
    return Stop(stop_id, title, text, lat, lon, zoom, layers, metric, filters, as_of, flows, tiles)


def check_ids(raws: list[RawStop], problems: list[TourProblem]) -> None:
    """Each id once (a stop without one is "stop-N"); a bad id was reported already."""
    first: dict[str, int] = {}
    for raw in raws:
        stop_id = f"stop-{raw.number}" if _is_blank(raw.id) else valid_id(raw.id)
        if stop_id is None:
            continue
        if stop_id in first:
            params = (("first", str(first[stop_id])),)
            problems.append(TourProblem(stop_id, raw.names["id"], stop_id, MESSAGES["duplicate_id"], raw.number, params))
        else:
            first[stop_id] = raw.number


# --------------------------------------------------------------------------------------------
# A stop from the live map: the presenter adds the current view and downloads the tour


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
    raw = RawStop(1, YAML_NAMES)
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
    stop = build_stop(raw, problems)
    if stop is None:
        raise TourError(problems)
    return stop
