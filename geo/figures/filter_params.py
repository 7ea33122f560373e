"""The Needs page's filters in the page's address (a link) and in its widgets, checked against the data.

An aid provider sends a colleague a link, and the colleague must see the same list. So every
filter lives in the page's address (``st.query_params``) under a documented name (``PARAMS``),
each parameter is read and written by one entry of a lookup table, and a value that does not
exist in the data (``Choices``) is dropped with a note the page shows, never an exception: links
outlive the data they were made from. The widgets hold the same filters under ``WIDGET_KEYS``.

Everything here is pure: plain values in, ``geo.figures.filters.Filters`` and notes out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime

import pandas as pd

from geo.figures.distance import parse_point, point_text
from geo.figures.filters import DEFAULT, NO_PROVIDER, Filters, oblast_keys
from geo.ingest.codes import normalize_code
from geo.ingest.contract import FALSE_WORDS, SECTORS, STATUSES, TRUE_WORDS, VULNERABLE_GROUPS
from geo.ingest.parsers import word_table
from geo.text.i18n import N_, gettext_for
from geo.text.safe_markdown import md

ALL_STATUSES = "all"  # status=all: every status, including closed
POINT = "point"  # the "nearest first" widget's value for "the point picked on the map"
# The reporting dates a link (and the page's date boxes) may ask for: the dates the loaders accept.
FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2100, 12, 31)

# Filters field -> URL query parameter (documented in README.md; `lang` belongs to the shell).
PARAMS: dict[str, str] = {
    "status": "status",
    "sector": "sector",
    "verified": "verified",
    "oblast": "oblast",
    "community": "community",
    "reported_from": "from",
    "reported_to": "to",
    "min_days_open": "min_days_open",
    "group": "group",
    "provider": "provider",
    "near": "near",
}
PARAM_NAMES = tuple(PARAMS.values())

# Why a value from a link was dropped: reason -> message (placeholders: param, value; first, last).
REASONS = {
    "unknown": N_("The link asks for {param}={value}, which is not in the data; it was ignored."),
    "bad_date": N_("The link's {param}={value} is not a date (write 2025-03-01); it was ignored."),
    "out_of_range": N_(
        "The link's {param}={value} is outside the dates the data can have ({first} to {last}); it was ignored."
    ),
    "bad_days": N_("The link's {param}={value} is not a whole number of days; it was ignored."),
    "bad_yes_no": N_("The link's {param}={value} is not yes or no; it was ignored."),
    "bad_near": N_("The link's {param}={value} is neither a hub nor a point (lat,lon); it was ignored."),
    "swapped": N_("The link's dates were the wrong way round ({value}); they were swapped."),
}


@dataclass(frozen=True)
class Note:
    """A value from the link that was not used (or was corrected), to show the user."""

    param: str
    value: str
    reason: str

    def describe(self, lang: str) -> str:
        """The note as plain text (escape it before it reaches Markdown, or use ``markdown``)."""
        return self._text(lang, self.param, self.value)

    def markdown(self, lang: str) -> str:
        """The note for ``st.warning`` and the like: the link's own text shows as its characters,
        never as a link, an image, a colour or a formula (``geo.text.safe_markdown``)."""
        return self._text(lang, md(self.param), md(self.value))

    def _text(self, lang: str, param: str, value: str) -> str:
        message = gettext_for(lang)(REASONS[self.reason])
        return message.format(param=param, value=value, first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())


@dataclass(frozen=True)
class Choices:
    """What exists in the data, to check a link's values against (and to offer in the widgets)."""

    oblasts: tuple[str, ...]  # oblast keys (the English name, or the Ukrainian one where there is none)
    oblast_words: Mapping[str, str]  # English or Ukrainian name, lower case -> oblast key
    communities: frozenset[str]  # P-codes
    providers: tuple[str, ...]  # provider names found in the needs, sorted
    hubs: frozenset[str]  # hub ids


def choices_of(communities: pd.DataFrame, needs: pd.DataFrame, hubs: pd.DataFrame) -> Choices:
    """The values a link may name, from the loaded data."""
    keys = oblast_keys(communities)
    words: dict[str, str] = {}
    for column in ("oblast", "oblast_uk"):
        for word, key in zip(communities[column].astype("string"), keys, strict=True):
            if pd.notna(word) and pd.notna(key):
                words.setdefault(str(word).strip().lower(), str(key))
    providers = sorted({str(p) for p in needs["provider"].dropna().unique()}, key=str.lower)
    return Choices(
        oblasts=tuple(sorted({str(k) for k in keys.dropna()})),
        oblast_words=words,
        communities=frozenset(communities["pcode"]),
        providers=tuple(providers),
        hubs=frozenset(hubs["hub_id"].astype(str)),
    )


# --------------------------------------------------------------------------------------------
# Reading a link: one reader per field. Each takes the parameter's values (repeated keys) and
# returns the field's value and the rejected raw values with a reason.

Rejected = list[tuple[str, str]]
Reader = Callable[[list[str], Choices], tuple[object, Rejected]]

_ORDER = {"status": list(STATUSES), "sector": list(SECTORS), "group": list(VULNERABLE_GROUPS)}


def _ordered(field_name: str, values: Iterable[str]) -> tuple[str, ...]:
    """Deduplicated, in the vocabulary's order (status, sector, group) or sorted (the rest)."""
    unique = list(dict.fromkeys(values))
    order = _ORDER.get(field_name)
    if order is not None:
        return tuple(sorted(unique, key=order.index))
    return tuple(sorted(unique, key=lambda v: (v != NO_PROVIDER, v.lower())))


def _split(values: list[str], commas: bool = True) -> list[str]:
    """Repeated keys, and (for codes and words) comma-separated lists, as one list of values."""
    parts = [p for v in values for p in (v.split(",") if commas else [v])]
    return [p.strip() for p in parts if p.strip()]


def _normal(word: str) -> str:
    return " ".join(word.strip().lower().replace("’", "'").replace("ʼ", "'").replace("_", " ").split())


def _words(field_name: str, vocabulary: str) -> Reader:
    table = {_normal(word): key for word, key in word_table(vocabulary).items()}

    def read(values: list[str], choices: Choices) -> tuple[object, Rejected]:
        keys, rejected = [], []
        for raw in _split(values):
            if field_name == "status" and raw.lower() == ALL_STATUSES:
                keys.extend(STATUSES)
            elif _normal(raw) in table:
                keys.append(table[_normal(raw)])
            else:
                rejected.append((raw, "unknown"))
        return _ordered(field_name, keys), rejected

    return read


def _known(field_name: str, lookup: Callable[[str, Choices], str | None], commas: bool = True) -> Reader:
    def read(values: list[str], choices: Choices) -> tuple[object, Rejected]:
        found, rejected = [], []
        for raw in _split(values, commas):
            key = lookup(raw, choices)
            if key is None:
                rejected.append((raw, "unknown"))
            else:
                found.append(key)
        return _ordered(field_name, found), rejected

    return read


def _oblast(raw: str, choices: Choices) -> str | None:
    return choices.oblast_words.get(raw.strip().lower())


def _community(raw: str, choices: Choices) -> str | None:
    code = normalize_code(raw)
    return code if code in choices.communities else None


def _provider(raw: str, choices: Choices) -> str | None:
    if raw.strip().lower() == NO_PROVIDER:
        return NO_PROVIDER
    by_lower = {p.lower(): p for p in choices.providers}
    return by_lower.get(raw.strip().lower())


def _last(values: list[str]) -> str | None:
    """Single-valued parameters: the last one given wins, as in most web apps."""
    given = [v.strip() for v in values if v.strip()]
    return given[-1] if given else None


def _yes_no(values: list[str], choices: Choices) -> tuple[object, Rejected]:
    raw = _last(values)
    word = (raw or "").lower()
    if raw is None or word in ("all", "any"):
        return None, []
    if word in TRUE_WORDS:
        return True, []
    if word in FALSE_WORDS:
        return False, []
    return None, [(raw, "bad_yes_no")]


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")


def _date(values: list[str], choices: Choices) -> tuple[object, Rejected]:
    """A date in ``FIRST_DAY``..``LAST_DAY``: the page's date boxes refuse (raise on) any other."""
    raw = _last(values)
    if raw is None:
        return None, []
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        return (day, []) if FIRST_DAY <= day <= LAST_DAY else (None, [(raw, "out_of_range")])
    return None, [(raw, "bad_date")]


def _days(values: list[str], choices: Choices) -> tuple[object, Rejected]:
    raw = _last(values)
    if raw is None:
        return None, []
    if re.fullmatch(r"\d{1,5}", raw):
        return int(raw), []
    return None, [(raw, "bad_days")]


def _near(values: list[str], choices: Choices) -> tuple[object, Rejected]:
    raw = _last(values)
    if raw is None:
        return None, []
    if raw in choices.hubs:
        return raw, []
    point = parse_point(raw)
    if point is not None:
        return point_text(*point), []
    return None, [(raw, "bad_near")]


READERS: dict[str, Reader] = {
    "status": _words("status", "status"),
    "sector": _words("sector", "sector"),
    "verified": _yes_no,
    "oblast": _known("oblast", _oblast),
    "community": _known("community", _community),
    "reported_from": _date,
    "reported_to": _date,
    "min_days_open": _days,
    "group": _words("group", "groups"),
    "provider": _known("provider", _provider, commas=False),  # names may contain commas
    "near": _near,
}


def parse_params(params: Mapping[str, list[str] | str], choices: Choices) -> tuple[Filters, list[Note]]:
    """Filters from a link's query parameters, and a note for every value that was not used.

    Parameters
    ----------
    params
        Parameter name -> its values (repeated keys), e.g. from ``st.query_params.get_all``.
        A parameter that is absent keeps its default; unknown parameters are not ours and are
        left alone (``lang``, Streamlit's own ``embed``).
    choices
        What exists in the data (``choices_of``): a value not in it is dropped with a note.
    """
    values: dict[str, object] = {}
    notes: list[Note] = []
    for field_name, param in PARAMS.items():
        if param not in params:
            continue
        given = params[param]
        given = [given] if isinstance(given, str) else list(given)
        value, rejected = READERS[field_name](given, choices)
        notes.extend(Note(param, raw, reason) for raw, reason in rejected)
        if rejected and value in (None, ()):
            continue  # nothing usable in it: keep the default (status=maybe still shows the unmet needs)
        values[field_name] = value
    filters = Filters(**values)
    if filters.reported_from and filters.reported_to and filters.reported_from > filters.reported_to:
        notes.append(Note("from", f"{filters.reported_from} > {filters.reported_to}", "swapped"))
        filters = replace(filters, reported_from=filters.reported_to, reported_to=filters.reported_from)
    return filters, notes


# --------------------------------------------------------------------------------------------
# Writing a link: only what differs from the default, so that links stay short.


def _write_status(value: tuple[str, ...]) -> list[str]:
    return [ALL_STATUSES] if not value or set(value) >= set(STATUSES) else list(value)


WRITERS: dict[str, Callable[[object], list[str]]] = {
    "status": _write_status,
    "sector": list,
    "verified": lambda v: ["yes" if v else "no"],
    "oblast": list,
    "community": list,
    "reported_from": lambda v: [v.isoformat()],
    "reported_to": lambda v: [v.isoformat()],
    "min_days_open": lambda v: [str(int(v))],
    "group": list,
    "provider": list,
    "near": lambda v: [str(v)],
}


def to_params(filters: Filters) -> dict[str, list[str]]:
    """The query parameters that reproduce ``filters`` (parameter -> values, repeated keys)."""
    out: dict[str, list[str]] = {}
    for field_name, param in PARAMS.items():
        value = getattr(filters, field_name)
        if value == getattr(DEFAULT, field_name):
            continue
        out[param] = WRITERS[field_name](value)
    return out


# --------------------------------------------------------------------------------------------
# The widgets' values (the page keeps one widget per field, keyed WIDGET_KEYS[field]).

WIDGET_KEYS = {field_name: f"needs_{field_name}" for field_name in PARAMS}
POINT_KEY = "needs_point"  # the point picked on the map, "lat,lon" (not a widget)
_TUPLE_FIELDS = {f.name for f in fields(Filters) if f.type == "tuple[str, ...]"}
_VERIFIED_WIDGET = {True: "yes", False: "no", None: None}


def widget_values(filters: Filters, hubs: frozenset[str]) -> dict[str, object]:
    """Session-state values that make the page's widgets show ``filters``."""
    values: dict[str, object] = {}
    for field_name, key in WIDGET_KEYS.items():
        value = getattr(filters, field_name)
        values[key] = list(value) if field_name in _TUPLE_FIELDS else value
    values[WIDGET_KEYS["verified"]] = _VERIFIED_WIDGET[filters.verified]
    near = filters.near
    values[WIDGET_KEYS["near"]] = "" if not near else near if near in hubs else POINT
    if near and near not in hubs:
        values[POINT_KEY] = near
    return values


def from_widgets(state: Mapping[str, object]) -> Filters:
    """The filters the widgets show (missing keys keep the default)."""
    values: dict[str, object] = {}
    for field_name, key in WIDGET_KEYS.items():
        if key not in state:
            continue
        value = state[key]
        if field_name in _TUPLE_FIELDS:
            value = _ordered(field_name, value or ())
        values[field_name] = value
    if WIDGET_KEYS["verified"] in state:
        values["verified"] = {"yes": True, "no": False}.get(state[WIDGET_KEYS["verified"]])
    if WIDGET_KEYS["near"] in state:
        near = state[WIDGET_KEYS["near"]] or None
        values["near"] = (state.get(POINT_KEY) or None) if near == POINT else near
    if "min_days_open" in values and values["min_days_open"] is not None:
        values["min_days_open"] = int(values["min_days_open"])
    if values.get("status") == ():
        values["status"] = tuple(STATUSES)  # nothing ticked reads as "any status"
    return Filters(**values)


def widgets_changed(state: Mapping[str, object], shown: Filters) -> bool:
    """Whether the widgets hold other filters than ``shown`` (those of the page's last run): a visitor,
    or a click on the map, has just changed one.

    Such a run keeps the widgets' filters even when the address still holds older ones. The browser
    sends its address with every rerun, and a click that leaves before the address of the previous
    change has arrived (a fraction of a second; longer on a slow connection) sends the old one: read as
    an edited address, it would undo both changes. An address edited by hand reloads the page, and the
    browser's back button changes no widget, so neither comes with a changed widget.
    Widgets missing from ``state`` (the visitor was on another page) have changed nothing.
    """
    return all(key in state for key in WIDGET_KEYS.values()) and from_widgets(state) != shown
