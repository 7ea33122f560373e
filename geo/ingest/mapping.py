"""A column mapping: which of a file's columns is which column of the data format, and its scale.

A file whose columns all match (by alias or HXL tag, ``geo.ingest.columns.rename_columns``) needs none.
For one that does not, ``inspect`` guesses each field of the contract among the file's columns: from its
header (aliases), its HXL tag, and its content (a column of P-codes, of dates, of whole numbers, of
coordinates), reading at most ``GUESS_ROWS`` rows however long the file is. The user confirms or picks
(the upload panel, ``--map`` on the command line, or a deployment's setting), and ``read_table`` applies
the mapping (``apply_mapping``) before the loaders' own renaming: the mapped columns take the contract's
names, the file's other columns that would have matched those fields are left out, and a scaled column
(figures published in thousands) is multiplied. A needs file's personal columns are never renamed, so
the loaders drop them whatever the mapping says.

A mapping is written as ``people=vpo_thsd*1000`` (one a line or ``--map``), as JSON
(``{"kind": "idp_counts", "columns": {"people": {"column": "vpo_thsd", "scale": 1000}}}``) or as CSV
(``field,column,scale``); ``to_json``/``to_csv`` write it, ``parse_mapping`` reads any of them.

An indicators file has no fixed columns (``geo.ingest.indicators``): its mapping says which column holds
the unit codes (``code=Код``) and, if it names any, which columns are metrics, each with its scale
(``metric=ЛПД, тис.*1000``, one line per metric: ``metric`` is the one field that repeats). It renames
nothing (a metric is named by its header); it only scales, and the loader reads the code column and the
metrics it names. ``inspect`` guesses it from content too (``guess_indicators``).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import pandas as pd

from geo.ingest import box
from geo.ingest.codes import LEVELS, code_levels, normalize_codes
from geo.ingest.contract import (
    COLUMNS,
    HXL_PATTERNS,
    KIND_LABELS,
    column_aliases,
    header_key,
    is_personal_header,
    is_personal_tag,
)
from geo.ingest.hxl import columns_by_tag, parse_tag
from geo.ingest.parsers import PARSERS, blank_cells
from geo.ingest.problems import Problem
from geo.ingest.raw_table import ROW
from geo.text.i18n import N_, gettext_for

if TYPE_CHECKING:
    from geo.ingest.reading import Source

GUESS_ROWS = 2000  # the rows a guess reads, however long the file: bounded work on any upload
MAX_MAPPING_BYTES = 64 * 1024  # a mapping is a few lines; a bigger "mapping" is not one
MAX_FIELDS = 100
# A column left out because the mapping gives its field to another column keeps its header, behind an
# invisible word joiner, so that it no longer matches an alias and the Data page still names it as it is.
_LEFT_OUT = "\u2060"
# Headers that say the figures are in thousands (or millions): the scale a guess proposes.
_SCALE_WORDS = (
    (1_000_000, ("млн", "million", "mln")),
    (1_000, ("тис", "тис.", "thsd", "thous", "thousand", "thousands", "000s", "'000", "k")),
)
SCALES = (1, 10, 100, 1_000, 1_000_000)
INDICATORS = "indicators"
# The indicators' fields and their kinds (for ``make_mapping``); "metric" may be given once per column.
INDICATOR_FIELDS = {"code": "unit_code", "metric": "float"}
REPEATED = {INDICATORS: frozenset({"metric"})}
MAPPING_KINDS = (*COLUMNS, INDICATORS)  # the inputs a mapping is for
# Headers of numbers that are not figures of a unit: no metric guessed (the user may still pick one).
_NOT_METRIC_WORDS = frozenset(
    ("year", "рік", "date", "дата", "round", "раунд", "id", "_id", "index", "fid", "objectid", "№", "no", "номер")
)

# Why a field got its guess (shown beside it in the panel).
REASONS = {
    "alias": N_("by its name"),
    "hxl": N_("by its HXL tag"),
    "content": N_("by its content"),
    "mapping": N_("as the mapping says"),
}

MESSAGES = {
    "bad_spec": N_("Write a mapping as field=column, or field=column*1000 for a scaled column; not “{value}”."),
    "unknown_field": N_("“{field}” is not a column of {kind} in the data format. Its columns: {fields}."),
    "bad_scale": N_("The scale of {field} must be a positive number, such as 1000; not “{value}”."),
    "not_numeric": N_("{field} is not a number, so it cannot be scaled."),
    "duplicate_field": N_("{field} is given twice in the mapping."),
    "duplicate_column": N_("The column “{column}” is given to both {field} and {other}."),
    "wrong_kind": N_("This mapping is for {other}, not for {kind}."),
    "unreadable": N_("The mapping cannot be read: write it as JSON, or as CSV with the columns field, column and scale."),
    "too_large": N_("A mapping file holds a few lines; this one is over {limit} KB."),
}


class MappingError(ValueError):
    """A mapping that cannot be used, with what to fix in the user's language (``message``)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}")
        self.code, self.params = code, params

    def message(self, lang: str) -> str:
        _ = gettext_for(lang)
        params = dict(self.params)
        for key in ("kind", "other"):
            if params.get(key) in KIND_LABELS:
                params[key] = _(KIND_LABELS[params[key]])
        return _(MESSAGES[self.code]).format(**params)


@dataclass(frozen=True)
class FieldMap:
    """One field of the contract: the file's column that holds it (None: not in this file) and its scale."""

    field: str
    column: str | None
    scale: float = 1.0


@dataclass(frozen=True)
class ColumnMapping:
    """A whole mapping for one input kind; hashable and small, so that it can be part of a ``Source``."""

    kind: str
    fields: tuple[FieldMap, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.fields)

    @property
    def columns(self) -> dict[str, str]:
        """field -> the file's column, for the fields the file has (an indicators mapping's metrics: ``metrics``)."""
        repeated = REPEATED.get(self.kind, frozenset())
        return {f.field: f.column for f in self.fields if f.column is not None and f.field not in repeated}

    @property
    def named_columns(self) -> tuple[str, ...]:
        """Every column of the file that the mapping names."""
        return tuple(f.column for f in self.fields if f.column is not None)

    @property
    def metrics(self) -> tuple[FieldMap, ...]:
        """An indicators mapping's metrics (none: the loader takes every column of numbers)."""
        return tuple(f for f in self.fields if f.field == "metric" and f.column is not None)

    def text(self) -> str:
        """The mapping as ``field=column*scale`` lines: what ``Source.digest`` hashes and ``--map`` takes."""
        return "\n".join(_spec_line(f) for f in self.fields)

    def to_json(self) -> bytes:
        columns: dict[str, object] = {}
        repeated = REPEATED.get(self.kind, frozenset())
        for f in self.fields:
            value = f.column if f.scale == 1 else {"column": f.column, "scale": _number(f.scale)}
            if f.field in repeated:  # {"metric": ["Населення", {"column": "ЛПД, тис.", "scale": 1000}]}
                columns.setdefault(f.field, []).append(value)
            else:
                columns[f.field] = value
        return json.dumps({"kind": self.kind, "columns": columns}, ensure_ascii=False, indent=2).encode()

    def to_csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["field", "column", "scale"])
        for f in self.fields:
            writer.writerow([f.field, f.column or "", _number(f.scale)])
        return ("\ufeff" + out.getvalue()).encode()


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _spec_line(f: FieldMap) -> str:
    scale = "" if f.scale == 1 else f"*{_number(f.scale)}"
    return f"{f.field}={f.column or ''}{scale}"


# ---- Reading a mapping -------------------------------------------------------------------------


def _field_kinds(kind: str) -> dict[str, str]:
    """Each field of ``kind`` a mapping may give -> its kind (``Column.kind``)."""
    return dict(INDICATOR_FIELDS) if kind == INDICATORS else {c.name: c.kind for c in COLUMNS[kind]}


def make_mapping(kind: str, entries: Iterable[tuple[str, str | None, object]]) -> ColumnMapping:
    """A checked mapping from (field, column or None, scale) entries; raises ``MappingError``."""
    known = _field_kinds(kind)
    repeated = REPEATED.get(kind, frozenset())
    fields: list[FieldMap] = []
    by_column: dict[str, str] = {}
    for number, (name, column, scale) in enumerate(entries):
        if number >= MAX_FIELDS:
            raise MappingError("too_large", limit=MAX_MAPPING_BYTES // 1024)
        name = str(name).strip()
        if name not in known:
            raise MappingError("unknown_field", field=name, kind=kind, fields=", ".join(known))
        if name not in repeated and any(f.field == name for f in fields):
            raise MappingError("duplicate_field", field=name)
        column = None if column is None or not str(column).strip() else str(column).strip()
        value = _scale(name, scale)
        if value != 1 and known[name] not in ("int", "float"):
            raise MappingError("not_numeric", field=name)
        if column is not None and column in by_column:
            raise MappingError("duplicate_column", column=column, field=by_column[column], other=name)
        if column is not None:
            by_column[column] = name
        fields.append(FieldMap(name, column, value))
    return ColumnMapping(kind, tuple(fields))


def _scale(name: str, scale: object) -> float:
    if scale is None or (isinstance(scale, str) and not scale.strip()):
        return 1.0
    try:
        value = (
            float(str(scale).strip().replace(",", ".").replace(" ", ""))
            if not isinstance(scale, int | float)
            else float(scale)
        )
    except ValueError:
        raise MappingError("bad_scale", field=name, value=scale) from None
    if not math.isfinite(value) or value <= 0 or value > 1e9:
        raise MappingError("bad_scale", field=name, value=scale)
    return value


_SPEC = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$")
_SCALED = re.compile(r"^(.*?)\s*[*×]\s*([0-9][0-9 .,]*)\s*$")


def parse_spec(spec: str) -> tuple[str, str | None, str | None]:
    """``people=vpo_thsd*1000`` -> ("people", "vpo_thsd", "1000"); ``origin_pcode=`` -> not in this file."""
    match = _SPEC.match(spec)
    if not match:
        raise MappingError("bad_spec", value=spec)
    name, rest = match.group(1), match.group(2).strip()
    scaled = _SCALED.match(rest)
    if scaled:
        return name, scaled.group(1).strip() or None, scaled.group(2)
    return name, rest or None, None


def mapping_from_specs(kind: str, specs: Iterable[str]) -> ColumnMapping:
    """The command line's ``--map`` options (and the lines of a text mapping)."""
    return make_mapping(kind, [parse_spec(s) for s in specs if s.strip() and not s.lstrip().startswith("#")])


def mapping_from_dict(kind: str, data: Mapping[str, object]) -> ColumnMapping:
    """``{"people": "vpo_thsd"}`` or ``{"people": {"column": "vpo_thsd", "scale": 1000}}`` or "vpo_thsd*1000"."""
    entries = []
    for name, given in data.items():
        for value in given if isinstance(given, list) else [given]:  # a repeated field (metric) is a list
            entries.append(_dict_entry(name, value))
    return make_mapping(kind, entries)


def _dict_entry(name: str, value: object) -> tuple[str, str | None, object]:
    if isinstance(value, Mapping):
        return (name, value.get("column"), value.get("scale"))
    if value is None or isinstance(value, str):
        return parse_spec(f"{name}={value or ''}") if value and _SCALED.match(value) else (name, value, None)
    raise MappingError("bad_spec", value=f"{name}={value}")


def combine(base: ColumnMapping, given: ColumnMapping) -> ColumnMapping:
    """``base`` with ``given`` over it (the command line's ``--map`` over its ``--map-file``): a field given
    in both takes ``given``'s column; a repeated field (a metric) is one per column, ``given``'s scale winning."""
    repeated = REPEATED.get(base.kind, frozenset())
    entries: dict[tuple[str, str | None], tuple[str, str | None, float]] = {}
    for f in (*base.fields, *given.fields):
        entries[(f.field, f.column if f.field in repeated else None)] = (f.field, f.column, f.scale)
    return make_mapping(base.kind, entries.values())


def parse_mapping(kind: str, data: bytes) -> ColumnMapping:
    """A mapping file as the app downloads it (JSON or CSV) or as lines of ``field=column*scale``."""
    if len(data) > MAX_MAPPING_BYTES:
        raise MappingError("too_large", limit=MAX_MAPPING_BYTES // 1024)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MappingError("unreadable") from None
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            document = json.loads(stripped)
        except ValueError:
            raise MappingError("unreadable") from None
        columns = document.get("columns") if isinstance(document, dict) else None
        if not isinstance(columns, dict):
            raise MappingError("unreadable")
        other = document.get("kind")
        if other not in (None, kind):
            raise MappingError("wrong_kind", other=other if other in KIND_LABELS else str(other), kind=kind)
        return mapping_from_dict(kind, columns)
    lines = [line for line in stripped.splitlines() if line.strip()]
    if lines and lines[0].replace(" ", "").lower().startswith("field,column"):
        rows = list(csv.reader(lines[1:]))
        if any(len(row) < 2 for row in rows):
            raise MappingError("unreadable")
        return make_mapping(kind, [(row[0], row[1], row[2] if len(row) > 2 else None) for row in rows])
    return mapping_from_specs(kind, lines)


# ---- Applying a mapping ------------------------------------------------------------------------


def personal_columns(frame: pd.DataFrame, kind: str) -> set[str]:
    """A needs file's columns that name a person (by header or HXL tag): never renamed, always dropped."""
    if kind != "needs":
        return set()
    tags = frame.attrs.get("hxl", {})
    return {
        c
        for c in frame.columns
        if c not in (ROW, "geometry") and (is_personal_header(header_key(c)) or is_personal_tag(tags.get(c)))
    }


def missing_columns(frame: pd.DataFrame, mapping: ColumnMapping) -> list[str]:
    """The columns the mapping names that the file does not have."""
    return [column for column in mapping.named_columns if column not in frame.columns]


def apply_mapping(frame: pd.DataFrame, mapping: ColumnMapping) -> pd.DataFrame:
    """The file's columns renamed as ``mapping`` says, before the loaders' own renaming (see the module)."""
    if not mapping:
        return frame
    kind = mapping.kind
    if kind == INDICATORS:  # nothing renamed (a metric is named by its header): its figures scaled, if said
        out = frame.copy()
        for f in mapping.metrics:
            if f.scale != 1:
                out[f.column] = scaled(out[f.column], f.scale)
        out.attrs = dict(frame.attrs)
        return out
    personal = personal_columns(frame, kind)
    tags = dict(frame.attrs.get("hxl", {}))
    chosen = {column: f for f in mapping.fields if (column := f.column) in frame.columns and column not in personal}
    decided = {f.field for f in mapping.fields}  # the fields the mapping gives (a column or none)
    aliases = column_aliases(kind)
    tagged = _tag_fields(tags, kind)
    renames: dict[str, str] = {}
    for column in frame.columns:
        if column in (ROW, "geometry") or column in personal:
            continue
        if column in chosen:
            renames[column] = chosen[column].field
        elif aliases.get(header_key(column)) in decided or tagged.get(column, set()) & decided:
            renames[column] = _LEFT_OUT + str(column)  # its field is the mapping's: this column is not read
    for column in renames:
        tags.pop(column, None)
    out = frame.rename(columns=renames)
    first = [ROW] + [chosen[c].field for c in frame.columns if c in chosen]
    out = out[[c for c in first if c in out.columns] + [c for c in out.columns if c not in first]]
    for f in chosen.values():
        if f.scale != 1:
            out[f.field] = scaled(out[f.field], f.scale)
    out.attrs["hxl"] = tags
    return out


def scaled(cells: pd.Series, scale: float) -> pd.Series:
    """Text cells times ``scale`` (``12,5`` in thousands is ``12500``); a cell that is no number stays as it is."""
    text = cells.astype("string").fillna("")
    cleaned = text.str.replace(r"[\s\u00a0\u202f']", "", regex=True).str.replace(",", ".", regex=False)
    values = pd.to_numeric(cleaned, errors="coerce") * scale
    ok = values.notna() & values.map(lambda v: math.isfinite(v) if pd.notna(v) else False)
    written = values[ok].map(lambda v: str(round(v)) if abs(v - round(v)) < 1e-6 else f"{v:.6g}")
    return text.where(~ok, written.reindex(text.index)).astype(object)


def _tag_fields(tags: Mapping[str, str], kind: str) -> dict[str, set[str]]:
    """Every contract field each column's HXL tag could take (not only the one it wins)."""
    patterns = [(parse_tag(p), name) for p, name in HXL_PATTERNS[kind]]
    out: dict[str, set[str]] = {}
    for column, text in tags.items():
        tag = parse_tag(text)
        if tag is None:
            continue
        out[column] = {name for (p_name, p_attrs), name in patterns if tag[0] == p_name and p_attrs <= tag[1]}
    return out


def mapping_problem(name: str, frame: pd.DataFrame, mapping: ColumnMapping) -> Problem | None:
    """The error when the mapping names a column the file does not have (``read_table`` returns it)."""
    absent = missing_columns(frame, mapping)
    if not absent:
        return None
    found = ", ".join(str(c) for c in frame.columns if c not in (ROW, "geometry")) or "—"
    return Problem(name, "mapping_column_missing", value=absent[0], params={"found": found})


# ---- Guessing a mapping ------------------------------------------------------------------------


@dataclass(frozen=True)
class Guess:
    """One field's best guess: the file's column (None: none fits), why, and the scale it proposes."""

    field: str
    required: bool
    column: str | None
    reason: str | None  # a key of REASONS
    scale: float = 1.0
    unsure: bool = False  # matched by name or tag, but its content does not fit while another column's does


@dataclass(frozen=True)
class Inspection:
    """What the mapping panel needs of a file: its columns, each field's guess, and whether to ask."""

    kind: str
    columns: tuple[str, ...]  # the columns a field can be mapped to (a needs file's personal ones left out)
    guesses: tuple[Guess, ...]
    personal: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)  # the file cannot be read at all
    ranked: tuple[str, ...] = ()  # indicators: the columns, those that look most like unit codes first

    @property
    def needed(self) -> bool:
        """Whether to ask: a required field that the loaders would not find by name or tag, or whose content does not fit."""
        if self.problems:
            return False
        if self.kind == INDICATORS:
            code = next((g for g in self.guesses if g.field == "code"), None)
            return code is None or code.reason not in ("alias", "hxl") or code.unsure
        named = {g.field for g in self.guesses if g.reason in ("alias", "hxl") and not g.unsure}
        if self.kind == "needs" and "pcode" not in named and not {"lat", "lon"} <= named:
            return True
        return any(g.required and g.field not in named for g in self.guesses)

    def mapping(self) -> ColumnMapping:
        """The guesses as a mapping (the panel's defaults)."""
        return make_mapping(self.kind, [(g.field, g.column, g.scale) for g in self.guesses if g.column is not None])


def _numbers(cells: pd.Series) -> pd.Series:
    """Numbers as written in Ukraine (``4 450,90``) as plain floats, NaN for what is no number."""
    cleaned = cells.astype(str).str.replace(r"[\s\u00a0\u202f']", "", regex=True).str.replace(",", ".", regex=False)
    return pd.to_numeric(cleaned, errors="coerce").astype("float64")


def _fit(kind: str, cells: pd.Series) -> float:
    """The share of a column's non-blank cells that read as ``kind`` (0 for an empty column)."""
    filled = cells[~blank_cells(cells)]
    if filled.empty:
        return 0.0
    if kind == "int":  # figures in thousands are decimals: any number of 0 or more fits, whole ones better
        return float((_numbers(filled) >= 0).mean())
    if kind == "text":
        return 1.0
    _values, bad = PARSERS[kind](filled.reset_index(drop=True))
    return float(1 - bad.mean())


def _is_code_column(cells: pd.Series) -> bool:
    filled = cells[~blank_cells(cells)]
    return not filled.empty and float(code_levels(filled)["pcode"].notna().mean()) >= 0.8


def _content_fits(name: str, kind: str, cells: pd.Series) -> float:
    """How well a column's content fits one field (0 to 1); beyond the parsers: coordinates' ranges, codes."""
    filled = cells[~blank_cells(cells)]
    if filled.empty:
        return 0.0
    if kind == "code":
        return float(normalize_codes(filled).notna().mean())
    if kind == "unit_code":
        return float(code_levels(filled)["pcode"].notna().mean())
    if kind == "float" and name in ("lat", "lon"):
        values = _numbers(filled)
        low, high = (44.0, 52.5) if name == "lat" else (22.0, 40.5)
        return float(values.between(low, high).mean())
    if kind in ("int", "float"):
        if _is_code_column(filled):
            return 0.0
        return _fit("int" if kind == "int" else "float", filled)
    if kind == "date":
        return _fit("date", filled)
    if kind == "bool":
        words = filled.str.strip().str.lower()
        return _fit("bool", filled) if words.nunique() <= 4 else 0.0
    if kind in ("status", "sector", "hub_type", "groups"):
        return _fit(kind, filled)
    return 0.0  # text: no content says what text a column holds (ids and names are guessed apart)


def _scale_of(header: object) -> float:
    words = set(re.split(r"[\s_().,/\-]+", str(header).lower()))
    for scale, marks in _SCALE_WORDS:
        if words & set(marks) or any(m in str(header).lower() for m in marks if len(m) > 3):
            return float(scale)
    return 1.0


_ID_WORDS = ("id", "№", "номер", "uuid", "код", "code", "no")
_CYRILLIC = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")


def _id_fit(header: object, cells: pd.Series) -> float:
    filled = cells[~blank_cells(cells)]
    if filled.empty or len(filled) < len(cells) or filled.nunique() < len(filled):
        return 0.0
    words = set(re.split(r"[\s_().,/\-#]+", str(header).lower()))
    return 1.0 if words & set(_ID_WORDS) else 0.6


def _name_fit(name: str, cells: pd.Series) -> float:
    """A column of names: in Ukrainian (Cyrillic letters) for ``*_uk``, in Latin letters for ``*_en``."""
    filled = cells[~blank_cells(cells)].astype(str)
    if filled.empty or _is_code_column(filled) or _numbers(filled).notna().mean() > 0.5:
        return 0.0
    cyrillic = filled.map(lambda v: bool(_CYRILLIC.search(v))).mean()
    return float(cyrillic if name.endswith("_uk") else 1 - cyrillic) * 0.9


# Which fields a content guess may fill, in the order they are guessed: the most telling content first.
_CONTENT_ORDER = (
    "code",
    "unit_code",
    "float",
    "date",
    "status",
    "sector",
    "hub_type",
    "groups",
    "bool",
    "id",
    "int",
    "name",
)


def _content_kind(name: str, kind: str) -> str | None:
    if name in ("need_id", "hub_id"):
        return "id"
    if kind == "text" and name in ("name_uk", "name_en"):
        return "name"
    return None if kind == "text" else kind


def guess(frame: pd.DataFrame, kind: str, rows: int = GUESS_ROWS) -> tuple[Guess, ...]:
    """Each field's best column in ``frame``, reading at most ``rows`` rows of it.

    Names first (the loaders' aliases and HXL tags, as ``rename_columns`` would take them), then
    content for the fields still without a column, most telling content first (codes, coordinates,
    dates, known words, ids, numbers, names); a column goes to one field only. A required field matched
    by name whose content does not fit while an unmatched column's does is ``unsure`` and gets the other.
    """
    sample = frame.head(rows)
    personal = personal_columns(sample, kind)
    columns = [c for c in sample.columns if c not in (ROW, "geometry") and c not in personal]
    cells = {c: sample[c].astype("string").fillna("") for c in columns}
    tags = {c: t for c, t in sample.attrs.get("hxl", {}).items() if c in columns}
    fields = {c.name: c for c in COLUMNS[kind]}
    chosen: dict[str, tuple[str, str]] = {}  # field -> (column, reason)
    for column, name in columns_by_tag(tags, kind).items():
        chosen[name] = (column, "hxl")
    aliases = column_aliases(kind)
    taken = {column for column, _reason in chosen.values()}
    for column in columns:
        name = aliases.get(header_key(column))
        if name and name not in chosen and column not in taken:
            chosen[name] = (column, "alias")
            taken.add(column)
    unsure: set[str] = set()
    by_content: dict[str, str] = {}
    order = sorted(
        fields.values(), key=lambda c: (_CONTENT_ORDER.index(_content_kind(c.name, c.kind) or "name"), not c.required)
    )
    for column_spec in order:
        content = _content_kind(column_spec.name, column_spec.kind)
        if content is None:
            continue
        name = column_spec.name

        def fit(column: str, name: str = name, content: str = content, spec=column_spec) -> float:
            if content == "id":
                return _id_fit(column, cells[column])
            if content == "name":
                return _name_fit(name, cells[column])
            return _content_fits(name, spec.kind, cells[column])

        if name in chosen:
            column = chosen[name][0]
            if column_spec.required and fit(column) < 0.5:
                unsure.add(name)
            else:
                continue
        free = [c for c in columns if c not in taken and c not in by_content.values()]
        scores = [(fit(c), -i, c) for i, c in enumerate(free)]
        best = max(scores, default=(0.0, 0, None))
        if best[0] >= 0.8 or (content in ("id", "name") and best[0] >= 0.5):
            by_content[name] = best[2]
            if name in unsure:
                taken.discard(chosen[name][0])
            chosen[name] = (best[2], "content")
            taken.add(best[2])
    out = []
    for spec in fields.values():
        column, reason = chosen.get(spec.name, (None, None))
        scale = (
            _scale_of(column)
            if column is not None and spec.kind in ("int", "float") and spec.name not in ("lat", "lon")
            else 1.0
        )
        out.append(Guess(spec.name, spec.required, column, reason, scale, spec.name in unsure and reason != "content"))
    return tuple(out)


def _code_share(cells: pd.Series) -> tuple[float, int]:
    """The share of a column's filled cells that are unit codes, and the finest level among them (-1: none)."""
    filled = cells[~blank_cells(cells)]
    if filled.empty:
        return 0.0, -1
    found = code_levels(filled)
    levels = found["level"].dropna()
    finest = max(LEVELS.index(level) for level in levels.unique()) if not levels.empty else -1
    return float(found["pcode"].notna().mean()), finest


def guess_indicators(frame: pd.DataFrame, rows: int = GUESS_ROWS) -> tuple[tuple[Guess, ...], tuple[str, ...]]:
    """An indicators file's guesses: the code column, then each column of numbers as a metric with its scale;
    and the columns ranked for the code (those most of whose cells are unit codes first, the finest level first).

    The code is guessed as the loader finds it (a known header or HXL tag with half its cells codes, or
    ``CODE_SHARE`` of them codes by content); when neither fits, the column with the most codes is the
    guess, ``unsure``. A metric: a column whose filled cells are numbers and not codes, as the loader reads it.
    """
    from geo.ingest.indicators import CODE_HEADERS, CODE_SHARE, NO_DATA_WORDS  # it reads through this module

    sample = frame.head(rows)
    tags = sample.attrs.get("hxl", {})
    columns = [c for c in sample.columns if c not in (ROW, "geometry")]
    cells = {c: sample[c].astype("string").fillna("") for c in columns}
    scores = {}
    for position, column in enumerate(columns):
        share, finest = _code_share(cells[column])
        tag = parse_tag(tags.get(column, "")) or ("", frozenset())
        named = header_key(column) in CODE_HEADERS or (tag[0] in ("#adm1", "#adm2", "#adm3", "#adm4") and "code" in tag[1])
        accepted = (named and share >= 0.5) or share >= CODE_SHARE
        scores[column] = (accepted, finest if share > 0 else -1, share, named, -position)
    ranked = tuple(str(c) for c in sorted(columns, key=lambda c: scores[c], reverse=True))
    best = ranked[0] if ranked and scores[ranked[0]][2] > 0 else None
    guesses = []
    if best is None:
        guesses.append(Guess("code", True, None, None))
    else:
        accepted, _finest, _share, named, _position = scores[best]
        guesses.append(Guess("code", True, best, "alias" if named and accepted else "content", unsure=not accepted))
    for column in columns:
        if column == best or header_key(column) in CODE_HEADERS or header_key(column) in _NOT_METRIC_WORDS:
            continue
        text = cells[column]
        words = text.str.strip().str.lower()
        filled = text[~blank_cells(text) & ~words.isin(NO_DATA_WORDS)]
        if filled.empty or _is_code_column(filled) or _numbers(filled).notna().mean() < 0.9:
            continue
        guesses.append(Guess("metric", False, str(column), "content", _scale_of(column)))
    return tuple(guesses), ranked


def inspect(source: Source, kind: str) -> Inspection:
    """Read ``source`` (without its mapping) and guess its mapping; what the upload panel shows.

    Call it through ``inspect_boxed`` for a visitor's file: reading is the work the box bounds.
    """
    from geo.ingest.reading import read_table  # here: reading applies mappings, so it imports this module

    raw, problems = read_table(replace(source, mapping=None), kind=kind)  # the table the load reads
    if raw is None:
        return Inspection(kind, (), (), problems=tuple(problems))
    box.stage("columns")
    raw = raw.head(GUESS_ROWS)
    if "geometry" in raw.columns:
        raw = pd.DataFrame(raw.drop(columns="geometry"))
        raw.attrs = {}
    if kind == INDICATORS:
        columns = tuple(str(c) for c in raw.columns if c != ROW)
        guesses, ranked = guess_indicators(raw)
        return Inspection(kind, columns, guesses, ranked=ranked)
    personal = personal_columns(raw, kind)
    columns = tuple(str(c) for c in raw.columns if c not in (ROW, "geometry") and c not in personal)
    return Inspection(kind, columns, guess(raw, kind), tuple(sorted(personal)))


def inspect_boxed(source: Source, kind: str, limits: box.BoxLimits | None = None) -> Inspection:
    """``inspect`` in the box (``geo.ingest.box``): a hostile upload is stopped, with the reason."""
    from geo.ingest.validate import stopped_problem

    try:
        return box.run(inspect, source, kind, limits=limits).value
    except box.Stopped as stopped:
        return Inspection(kind, (), (), problems=(stopped_problem(source.name, stopped),))
    except box.ChildError:
        return Inspection(kind, (), (), problems=(Problem(source.name, "unexpected"),))
