"""A forum tour: the stops a presenter walks through, and the problems of a file that gives none.

A coordinator writes the tour by hand (or downloads it from the app) and opens it in a hall with
no one to ask, so a ``Stop`` that exists is complete and valid and the page needs no checks of its
own: ``geo.forum.tour_checks`` checks every field, ``geo.forum.tour_files`` reads the file. A file
that gives no tour raises ``TourError`` with every ``TourProblem`` in it, each naming the stop, the
field as written in the file, the bad value and what to write instead, in Ukrainian and English.

The limits below are the tour's contract (docs/data-format.md, "Forum tours"); the checks and both
file forms (``geo.forum.tour_yaml``, ``geo.forum.tour_csv``) hold a tour to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from geo.figures.filter_params import PARAM_NAMES
from geo.figures.metrics import DEFAULT_METRIC
from geo.maps.map_builder import OVERLAYS
from geo.text.i18n import LANGUAGES, N_, gettext_for

LAYERS = ("communities",) + OVERLAYS  # all layer keys a stop may name, in drawing order
FILTER_PARAMS = tuple(p for p in PARAM_NAMES if p != "near")  # `near` sorts the Needs list; it filters nothing
# A stop's ``tiles``: which tiles it shows (``show``) and whose hubs and IDPs they count.
TILE_PARAMS = ("show", "hubs_serving", "idps_from")
TILE_NAMES = ("needs", "verified_share", "closed_share", "idps_hosted", "host_communities", "hubs")
LAT_RANGE = (43.0, 53.0)  # a box around Ukraine, generous: a view may sit near the border
LON_RANGE = (21.0, 41.0)
ZOOM_RANGE = (4, 18)  # 6 shows all of Ukraine, 8 an oblast, 11 a community
DATE_RANGE = (dt.date(1990, 1, 1), dt.date(2100, 12, 31))  # the dates the loaders accept
MAX_TITLE = 120  # characters: one or two lines in large type on a projector
MAX_TEXT = 600  # one or two short sentences, readable from the back of the hall
MAX_ID = 40
MAX_BYTES = 1_000_000  # a tour of a hundred stops is some 50 kB: anything larger is the wrong file
# The size of a tour, checked before the work that depends on it. A forum has time for a few dozen
# stops; a stop has 9 fields (its filters 10, its title 2); a filter lists a few words or codes.
MAX_STOPS = 200
MAX_FIELDS = 20  # keys of a stop, of a mapping in it (title, view, filters), columns of a CSV file
MAX_VALUES = 100  # values of a list in a stop: its layers, the words of one filter
MAX_LISTED = 50  # problems listed; the rest are counted in one line

_STOP_NUMBERED = N_("Stop {number}")
_STOP_NAMED = N_("Stop {number} “{id}”")
_TRANSLATED_PARAMS = ("what",)  # params that are msgids themselves
_COUNT_PARAMS = ("count", "limit")  # params written with the language's thousands separator
_THOUSANDS = {"uk": "\u00a0", "en": ","}  # 60 000 (a no-break space), 60,000
_MORE_THAN = N_("more than {limit}")  # a count written ">200": counting stopped past the limit


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
    # What the tiles count (``geo.forum.tour_figures``): ``show`` (which tiles), ``hubs_serving`` (the hubs
    # of a network that serves these communities' displaced residents), ``idps_from`` (their IDPs only).
    tiles: dict[str, list[str]] = field(default_factory=dict)

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
