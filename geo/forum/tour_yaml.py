"""The YAML form of a tour file: reading it within bounds, and writing the tour a presenter downloads.

Anyone may upload a tour to a public dashboard, so a file made to hurt is an ordinary input. A YAML
file is first counted on the parser's events (``_yaml_bounds``): how many stops, fields and values
each list and mapping holds where it stands, how deep they nest, and how much an ``*alias`` repeats
of its ``&anchor``; only a file within the limits is built into Python objects. It is built with
PyYAML's safe loader only: a tag such as ``!!python/object`` is refused with a problem, never run.

``tour_to_yaml`` writes what ``read_tour`` (``geo.forum.tour_files``) reads back as the same stops.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import yaml

from geo.forum.tour import MAX_BYTES, MAX_FIELDS, MAX_ID, MAX_STOPS, MAX_VALUES, Stop, TourProblem
from geo.forum.tour_checks import ALREADY_REPORTED, BOTH_LANGUAGES, YAML_NAMES, RawStop, StopProblems, file_problem, valid_id
from geo.forum.tour_messages import MESSAGES, listed
from geo.text.i18n import LANGUAGES

# A YAML file's own limits, on top of the tour's (geo.forum.tour): what aliases and nesting could make of it.
MAX_DEPTH = 10  # lists and mappings inside each other; a tour needs 5 (stops, a stop, filters, a list)
MAX_NODES = 20_000  # values in a YAML tour, a value repeated by an *alias counted each time
MAX_CHARS = 2 * MAX_BYTES  # characters of text in a YAML tour, counted the same way
MAX_NUMBER = 50  # characters: a longer number (or date, or yes/no) is kept as the text written
YAML_FIELDS = ("id", "title", "text", "view", "layers", "metric", "filters", "as_of", "flows", "tiles")
VIEW_FIELDS = ("lat", "lon", "zoom")


# --------------------------------------------------------------------------------------------
# Reading: counted on the parser's events first, then built with the safe loader

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
                    parent.stop_id = valid_id(event.value)
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
                return [file_problem("too_deep")]
            path = (*stack[-1].path, place) if stack else ()
            stack.append(_Open(isinstance(event, yaml.MappingStartEvent), event.anchor, path, len(problems)))
        elif is_scalar and event.anchor:
            anchors[event.anchor] = size
        if nodes > MAX_NODES or chars > MAX_CHARS:  # refused whatever follows
            for still_open in reversed(stack):
                _count_problem(still_open, problems, cut_short=True)
            if not problems:
                code, limit = ("too_many_nodes", MAX_NODES) if nodes > MAX_NODES else ("too_many_chars", MAX_CHARS)
                problems.append(file_problem(code, limit=limit))
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
        problems.append(file_problem("too_many_top", count=count))
    elif path == ("stops",) and not is_map:
        problems.append(file_problem("too_many_stops", count=count, limit=limit))
    elif in_stop and len(path) == 2 and is_map:
        params = (("count", count), ("known", listed(YAML_FIELDS)))
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
            return None, [file_problem("not_yaml", exc.problem, line=line)]
        return None, [file_problem("yaml_tag", tag.group(1).replace("tag:yaml.org,2002:", "!!"), line=line)]
    except yaml.MarkedYAMLError as exc:
        if exc.problem == "exceeded maximum nesting depth":  # libyaml's own limit, met before ours
            return None, [file_problem("too_deep")]
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        return None, [file_problem("not_yaml", exc.problem or exc.context, line=line)]
    except yaml.reader.ReaderError as exc:  # characters YAML does not allow (a control character)
        before = text.encode("utf-8", "replace")[: exc.position] if _LIBYAML else text[: exc.position]  # libyaml: bytes
        line = before.count(b"\n" if _LIBYAML else "\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return None, [file_problem("not_yaml", f"{exc.reason} (U+{code:04X})", line=line)]
    except UnicodeEncodeError as exc:  # a lone surrogate, which libyaml cannot take
        line = text[: exc.start].count("\n") + 1
        return None, [file_problem("not_yaml", f"{exc.reason} (U+{ord(text[exc.start]):04X})", line=line)]
    except RecursionError:  # anchors merged (<<) into themselves, past what the depth count sees
        return None, [file_problem("too_deep")]


def raw_stops(text: str, problems: list[TourProblem]) -> list[RawStop]:
    """The stops of a YAML tour as written, for ``build_stop``; the file's problems go to ``problems``."""
    document, found = _yaml_document(text)
    problems.extend(found)
    if found:
        return []
    if document is None:
        problems.append(file_problem("empty"))
        return []
    if not isinstance(document, Mapping) or "stops" not in document:
        problems.append(file_problem("no_stops", document))
        return []
    problems.extend(file_problem("unknown_top", key) for key in document if key != "stops")
    items = document["stops"]
    if not isinstance(items, list):
        problems.append(file_problem("stops_not_list", items))
        return []
    if len(items) > MAX_STOPS:  # (an alias to a list elsewhere; _yaml_bounds counted one written here)
        problems.append(file_problem("too_many_stops", count=len(items), limit=MAX_STOPS))
        return []
    if not items:
        problems.append(file_problem("no_stop_items"))
    raws = []
    for number, item in enumerate(items, start=1):
        raw = _yaml_raw(number, item, problems)
        if raw is not None:
            raws.append(raw)
    return raws


def _yaml_raw(number: int, item: object, problems: list[TourProblem]) -> RawStop | None:
    raw = RawStop(number, YAML_NAMES)
    problem = StopProblems(raw, problems)
    if not isinstance(item, Mapping):
        problem("", item, "not_mapping", "")
        return None
    problem.stop = valid_id(item.get("id")) or problem.stop  # name the stop by its id from the first problem
    if len(item) > MAX_FIELDS:  # (a merge of anchors: <<: [*a, *b, …])
        problem("", None, "too_many_fields", "", count=len(item), known=listed(YAML_FIELDS))
        return None
    item = {str(key): value for key, value in item.items()}
    for key in item:
        if key not in YAML_FIELDS:
            problem(key, None, "unknown_field", key, known=listed(YAML_FIELDS))
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
                problem("view", None, "unknown_field", f"view.{key}", known=listed(VIEW_FIELDS))
        raw.lat, raw.lon, raw.zoom = (view.get(key) for key in VIEW_FIELDS)
    for key in ("layers", "metric", "filters", "as_of", "flows", "tiles"):
        setattr(raw, key, item.get(key))
    return raw


def _yaml_texts(kind: str, value: object, problem: StopProblems) -> dict[str, object]:
    """title/text: a mapping by language, or one text for both languages."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        if problem.too_many(kind, value, MAX_FIELDS):
            return {ALREADY_REPORTED: value}
        texts = {lang: value.get(lang) for lang in LANGUAGES if lang in value}
        for key in value:
            if key not in LANGUAGES:
                problem(kind, key, "unknown_language", f"{kind}.{key}")
                texts[ALREADY_REPORTED] = key
        return texts
    if isinstance(value, list):
        problem(kind, value, "bad_text", kind)
        return {ALREADY_REPORTED: value}
    return {BOTH_LANGUAGES: value}


# --------------------------------------------------------------------------------------------
# Writing: the tour the presenter downloads, a file to read and edit by hand


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
        if stop.tiles:
            item["tiles"] = _Flow({k: _FlowList(v) if k == "show" or len(v) > 1 else v[0] for k, v in stop.tiles.items()})
        items.append(item)
    body = yaml.dump({"stops": items}, Dumper=_TourDumper, allow_unicode=True, sort_keys=False, width=110)
    return _HEADER + body
