"""HXL hashtag rows: map a file's columns by their #tags, whatever the header's language.

Follows libhxl's conventions: a hashtag row sits right under the header; a tag is ``#name``
with ``+attributes`` in any order, case-insensitive; a column matches a pattern when it has the
pattern's tag and at least the pattern's attributes, and the most specific pattern wins.
"""

from __future__ import annotations

import re

import pandas as pd

from geo.ingest.contract import HXL_EXCLUDED, HXL_PATTERNS

_TAG = re.compile(r"^#[a-z][a-z0-9_]*(\s*\+\s*[a-z][a-z0-9_]*)*$")


def parse_tag(text: str) -> tuple[str, frozenset[str]] | None:
    """``#adm3 +code`` -> ("#adm3", {"code"}); None for anything that is not a hashtag."""
    spec = str(text or "").strip().lower()
    if not _TAG.match(spec):
        return None
    name, *attributes = [part.strip() for part in spec.split("+")]
    return name, frozenset(attributes)


def is_hashtag_row(cells: list[str]) -> bool:
    """True when most non-empty cells of a row are hashtags (and at least one is)."""
    filled = [c for c in cells if str(c).strip()]
    tags = [c for c in filled if parse_tag(c)]
    return bool(tags) and len(tags) * 2 >= len(filled)


def columns_by_tag(tags: dict[str, str], kind: str) -> dict[str, str]:
    """Map file columns (with their hashtag) to contract names; each name is used once.

    A column with an attribute of ``HXL_EXCLUDED[kind]`` maps to nothing (``#affected+returnees+ind``
    is never a count of IDPs); between patterns of the same weight the earlier one wins (the finest code).
    """
    patterns = [(parse_tag(p), name) for p, name in HXL_PATTERNS.get(kind, ())]
    excluded = HXL_EXCLUDED.get(kind, frozenset())
    candidates = []
    for column, text in tags.items():
        tag = parse_tag(text)
        if tag is None or tag[1] & excluded:
            continue
        for order, ((p_name, p_attrs), contract_name) in enumerate(patterns):
            if tag[0] == p_name and p_attrs <= tag[1]:
                # More pattern attributes = more specific; then fewer extra column attributes; then the pattern's order.
                candidates.append((-len(p_attrs), len(tag[1] - p_attrs), order, column, contract_name))
    result, used_columns, used_names = {}, set(), set()
    for _specific, _extra, _order, column, name in sorted(candidates, key=lambda c: c[:3]):
        if column not in used_columns and name not in used_names:
            result[column] = name
            used_columns.add(column)
            used_names.add(name)
    return result


def split_hashtag_row(frame: pd.DataFrame, row_column: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """If the first data row is a hashtag row, drop it and return {column: tag}; else no tags."""
    if frame.empty:
        return frame, {}
    columns = [c for c in frame.columns if c not in (row_column, "geometry")]
    row = frame.iloc[0]  # once: iloc per column costs the square of the columns
    first = [str(row[c]) for c in columns]
    if not is_hashtag_row(first):
        return frame, {}
    tags = {c: t for c, t in zip(columns, first, strict=True) if parse_tag(t)}
    return frame.iloc[1:].reset_index(drop=True), tags
