"""KoboToolbox exports (xlsx and CSV) read as the form's own questions.

An export names a question by its group path (``group_household/vulnerable_groups``): the question's own
name is what the data format knows, so the path is dropped when no other question has the same name. A
select-multiple question comes as one cell of space-separated choices, as one ``question/choice`` column
of 0/1 a choice, or both: it is read once (the 0/1 columns are folded into the cell's choices, or left out
when the cell is there). Kobo's own columns stay as they are: ``_uuid`` and ``_submission_time`` are the
need's id and date reported when the form has none (``geo.ingest.contract``'s aliases, tried last);
``_index``, ``_id`` and the rest are not in the data format. The label row some exports have under the
names is dropped where the header is found (``geo.ingest.header_row``).
"""

from __future__ import annotations

import pandas as pd

from geo.ingest.contract import COLUMNS, header_key
from geo.ingest.header_row import KOBO_META
from geo.ingest.raw_table import ROW

_TRUE = {"1", "true", "yes"}
_FLAGS = {"", "0", "1", "true", "false", "yes", "no"}
# The select-multiple columns of the contract: their choices are joined by ";" as the parsers read them.
_MULTIPLE = {header_key(w) for cols in COLUMNS.values() for c in cols if c.kind == "groups" for w in (c.name, *c.aliases)}


def is_kobo(columns: list[str]) -> bool:
    """An export of KoboToolbox: it has Kobo's own columns (``_uuid``, ``_submission_time``, ...)."""
    return any(str(c).strip().lower() in KOBO_META for c in columns)


def _is_flags(values: pd.Series) -> bool:
    return values.astype(str).str.strip().str.lower().isin(_FLAGS).all()


def _choice_columns(frame: pd.DataFrame, columns: list[str]) -> dict[str, list[str]]:
    """{question: its ``question/choice`` 0/1 columns}: when the question's own cell is there, or two or more."""
    by_parent: dict[str, list[str]] = {}
    for column in columns:
        if "/" in column:
            by_parent.setdefault(column.rsplit("/", 1)[0], []).append(column)
    present = set(columns)
    return {
        parent: children
        for parent, children in by_parent.items()
        if (parent in present or len(children) >= 2) and all(_is_flags(frame[c]) for c in children)
    }


def _folded(frame: pd.DataFrame, children: list[str]) -> pd.Series:
    """The choices ticked in the 0/1 columns, as the one cell would hold them (space-separated)."""
    ticked = pd.DataFrame({c: frame[c].astype(str).str.strip().str.lower().isin(_TRUE) for c in children})
    names = [c.rsplit("/", 1)[1] for c in children]
    return ticked.apply(lambda row: " ".join(n for n, t in zip(names, row, strict=True) if t), axis=1)


def kobo_frame(frame: pd.DataFrame, tags: dict[str, str]) -> tuple[pd.DataFrame, dict[str, str]]:
    """The export's questions under their own names, each select-multiple question once; other files as they are."""
    columns = [str(c) for c in frame.columns if c not in (ROW, "geometry")]
    if frame.empty or not is_kobo(columns):
        return frame, tags
    attrs = dict(frame.attrs)
    frame = frame.copy()
    for parent, children in _choice_columns(frame, columns).items():
        if parent not in frame.columns:
            at = list(frame.columns).index(children[0])
            frame.insert(at, parent, _folded(frame, children))
        frame = frame.drop(columns=children)
    columns = [str(c) for c in frame.columns if c not in (ROW, "geometry")]
    own = {c: c.rsplit("/", 1)[-1] for c in columns}
    counts = pd.Series(list(own.values())).value_counts()
    renames = {c: name for c, name in own.items() if c != name and counts[name] == 1 and name not in own}
    frame = frame.rename(columns=renames)
    for column in frame.columns:
        if header_key(str(column).rsplit("/", 1)[-1]) in _MULTIPLE:
            cells = frame[column].astype(str)
            spaced = ~cells.str.contains("[;,]", regex=True)
            frame.loc[spaced, column] = cells[spaced].str.split().str.join(";")
    frame.attrs = {k: v for k, v in attrs.items() if k != "hxl"}
    return frame, {renames.get(c, c): t for c, t in tags.items() if renames.get(c, c) in frame.columns}
