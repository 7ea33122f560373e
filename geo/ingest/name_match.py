"""Names without codes: a file's oblast, raion and community names matched to the known units' P-codes.

Many tables name a place and give no code ("Харківська область", "Шевченківська громада"). When a
needs, hubs or IDP counts file has no code for a row, or names in its code column, ``codes_from_names``
finds the code from the names, in the loaders and on the command line alike, with no mapping chosen (an
indicators file with no codes too, at the finest level its names give: ``geo.ingest.indicators``):

- the columns are recognised by their headers (``name_columns``): an oblast's (``oblast``,
  ``область``, ``ADM1_UA``, ``admin1Name_eng``), a raion's, a community's (``hromada``, ``громада``,
  ``ТГ``, ``ADM3_EN``); in an IDP counts file, the host's and the origin's (``origin_oblast``,
  ``область походження``);
- a name is compared as ``geo.text.name_forms`` folds it: Ukrainian or English, any apostrophe
  (’ ' ʼ), by the official transliteration, without the words that say what kind of unit it is
  (громада, ТГ, міська, селищна, сільська, область, район; hromada, city, settlement, rural, oblast);
- a community is found by its own name, else by the name of its centre (Шевченкове for Шевченківська,
  from the state codifier's table in ``centres/``, or the communities file's ``centre`` column),
  else a letter away, and then only when one unit alone is that close (a warning says so);
- an oblast's name narrows its communities and raions, a raion's its communities: several communities
  are called Шевченківська, and with the oblast they are one. A name alone at a coarser level matches
  at that level (an IDP counts file of oblasts: "Dnipropetrovska", "Дніпропетровська область",
  "Kyiv City" are UA12, UA12, UA80).

A name that matches nothing, or more than one unit, is a problem of its row with the candidates,
never a guess. Every row matched from names is a row of the match table (``Report.matches``,
``match_table`` for people: the row, the names given, the code found, its name, how, the candidates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from geo.ingest.codes import LEVELS, SPECIAL_CITIES, code_level
from geo.ingest.problems import ERROR, WARNING
from geo.ingest.raw_table import ROW
from geo.text.formatting import is_blank
from geo.text.i18n import LANGUAGES, N_, gettext_for
from geo.text.name_forms import fold, name_words, official

CENTRES_FILE = Path(__file__).resolve().parent / "centres" / "centres.csv"

# The code columns that names can stand for, per kind: (column, its role in the headers, levels a row may be at).
TARGETS = {
    "needs": (("pcode", "", ("hromada",)),),
    "hubs": (("pcode", "", ("hromada",)),),
    "idp_counts": (("host_pcode", "host", LEVELS), ("origin_pcode", "origin", LEVELS)),
    "indicators": (("pcode", "", LEVELS),),  # geo.ingest.indicators: a unit of any level, the finest the names give
}

# Words of a header (folded) that say which level's names the column holds, which role, or that it holds codes.
_HEADER_LEVELS = {
    "oblast": frozenset("oblast oblasti oblasts adm1 admin1 region regions".split()),
    "raion": frozenset("raion raionu raions rayon district districts adm2 admin2".split()),
    "hromada": frozenset(
        "hromada hromady hromadu hromadas gromada community communities municipality th oth tg otg adm3 admin3".split()
    ),
}
_ORIGIN_WORDS = frozenset("origin from pokhodzhennia vyizdu vybuttia".split())
_NOT_NAMES = frozenset("code codes pcode pcod kod koatuu katotth katottg id ru rus ref".split())
# Words around a name that say its level (folded): left out of the name, and they choose the level of a bare name.
_LEVEL_SAYS = {
    "oblast": frozenset("oblast obl oblasti region".split()),
    "raion": frozenset("raion raionu rayon district rn".split()),
    "hromada": frozenset("hromada th oth tg otg community municipality".split()),
}
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CODE_LIKE = re.compile(r"^\s*(?:UA|УА|ua|уа)\s*\d")
_NOT_A_NAME = frozenset(("na", "n a", "nan", "none", "null", "nd", "n d", "nemaie", "ni"))  # blanks written out
# A name in a code column: letters first, then letters, spaces, apostrophes, hyphens, dots, brackets (not "#Н/Д").
_NAME_LIKE = re.compile(r"^[^\W\d_][^\W\d_\s'’ʼ.()\-]*(?:[\s'’ʼ.()\-]+[^\W\d_]*)*$")
TYPO_MIN = 5  # letters a name needs before one letter of it may differ
SHOWN_CANDIDATES = 5

# How a row was matched (the match table's "how"), and what the user reads for it.
HOW = {
    "name": N_("by name"),
    "centre": N_("by the name of its centre"),
    "typo": N_("one letter away (check it)"),
    "ambiguous": N_("several units have this name"),
    "unmatched": N_("no unit has this name"),
    "elsewhere": N_("not in the oblast or raion given"),
    "level": N_("no community named"),
}
LEVEL_NAMES = {"oblast": N_("oblast"), "raion": N_("raion"), "hromada": N_("community")}
_AMONG = {"oblast": N_("among the oblasts"), "raion": N_("among the raions"), "hromada": N_("among the communities")}
TABLE_HEADERS = {
    "file": N_("file"),  # the indicators' table only: it may hold the rows of several files
    "row": N_("row"),
    "column": N_("column"),
    "oblast_given": N_("oblast given"),
    "raion_given": N_("raion given"),
    "hromada_given": N_("community given"),
    "pcode": N_("code found"),
    "level": N_("level"),
    "name": N_("name found"),
    "how": N_("how matched"),
    "candidates": N_("candidates"),
}


@cache
def committed_centres() -> pd.DataFrame:
    """Each hromada's administrative centre by P-code, from the state codifier (``centres/README.md``)."""
    return pd.read_csv(CENTRES_FILE, dtype="string", keep_default_na=False).set_index("pcode")


def name_key(text: object) -> str:
    """A name as the match compares it: ``name_forms.fold``, without the words that say what kind of unit it is
    (``Шевченківська міська ТГ``, ``Shevchenkivska hromada`` → ``shevchenkivska``)."""
    words = name_words(fold(text)).split()
    return " ".join(w for w in words if not any(w in says for says in _LEVEL_SAYS.values()) and w not in ("r", "n"))


def _says_level(text: object) -> str | None:
    """The level a name says it is at ("Дніпропетровська область", "Куп'янський р-н", "ТГ"), or None."""
    folded = fold(text)
    words = set(folded.split())
    if " r n" in f" {folded}" and folded.endswith("r n"):
        return "raion"
    for level, says in _LEVEL_SAYS.items():
        if words & says:
            return level
    return None


# --- The known units ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitIndex:
    """The units of every level as the match compares them (``unit_index``)."""

    units: pd.DataFrame  # by P-code: level, name_uk, name_en, oblast_pcode, raion_pcode, oblast_uk, oblast
    names: dict  # level -> {key: (pcode, ...)}: the units' own names
    centres: dict  # key -> (pcode, ...): the communities' centres
    stems: dict  # key -> (pcode, ...): an oblast by its city ("Kharkiv oblast" for Харківська)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    values = frame[column].astype("string").str.strip()
    return values.mask(values == "")


def unit_index(communities: pd.DataFrame, centres: pd.DataFrame | None = None) -> UnitIndex:
    """The hromadas of ``communities``, and their raions and oblasts from its ADM2/ADM1 columns, keyed by name."""
    pcode = _text(communities, "pcode")
    hromadas = pd.DataFrame(
        {
            "pcode": pcode,
            "level": "hromada",
            "name_uk": _text(communities, "name_uk"),
            "name_en": _text(communities, "name_en"),
            "raion_pcode": _text(communities, "raion_pcode").fillna(pcode.str[:6]),
            "oblast_pcode": _text(communities, "oblast_pcode").fillna(pcode.str[:4]),
            "raion_uk": _text(communities, "raion_uk").fillna(_text(communities, "raion")),
            "raion": _text(communities, "raion").fillna(_text(communities, "raion_uk")),
            "oblast_uk": _text(communities, "oblast_uk").fillna(_text(communities, "oblast")),
            "oblast": _text(communities, "oblast").fillna(_text(communities, "oblast_uk")),
        }
    ).dropna(subset=["pcode"])
    frames = [hromadas]
    for level, code, uk, en in (
        ("raion", "raion_pcode", "raion_uk", "raion"),
        ("oblast", "oblast_pcode", "oblast_uk", "oblast"),
    ):
        groups = hromadas.dropna(subset=[code]).groupby(code, sort=True).first()
        unit = pd.DataFrame(
            {
                "pcode": groups.index,
                "level": level,
                "name_uk": groups[uk].to_numpy(),
                "name_en": groups[en].to_numpy(),
                "raion_pcode": groups.index if level == "raion" else pd.NA,
                "oblast_pcode": groups["oblast_pcode"].to_numpy() if level == "raion" else groups.index,
                "oblast_uk": groups["oblast_uk"].to_numpy(),
                "oblast": groups["oblast"].to_numpy(),
            }
        )
        frames.append(unit)
    units = pd.concat(frames, ignore_index=True).drop_duplicates("pcode").set_index("pcode", drop=False)

    names: dict[str, dict[str, list[str]]] = {level: {} for level in LEVELS}
    stems: dict[str, list[str]] = {}
    for row in units.itertuples(index=False):
        for text in dict.fromkeys((row.name_uk, row.name_en)):
            key = name_key(text)
            if key and row.pcode not in names[row.level].setdefault(key, []):
                names[row.level][key].append(row.pcode)
            # An oblast by its city: Kharkivska → kharkiv, Lvivska → lviv (Kyivska → kyiv, after Kyiv itself).
            if row.level == "oblast" and key.endswith("ska") and row.pcode not in SPECIAL_CITIES:
                stems.setdefault(key[:-3], []).append(row.pcode)
    crimea = ("krym", "crimea", "ark", "ar krym", "respublika krym", "arc", "ar crimea", "republic of crimea")
    for alias, code in ((alias, "UA01") for alias in crimea):
        if code in units.index:
            names["oblast"].setdefault(alias, [code])

    own = _text(communities, "centre") if "centre" in communities.columns else pd.Series(pd.NA, index=communities.index)
    table = committed_centres() if centres is None else centres
    by_pcode = dict(zip(pcode, own, strict=True))
    centre_keys: dict[str, list[str]] = {}
    for code in hromadas["pcode"]:
        texts = [by_pcode.get(code)]
        if code in table.index:
            texts += [table.at[code, "centre_uk"], table.at[code, "centre_en"]]
        for text in dict.fromkeys(t for t in texts if not is_blank(t)):
            key = name_key(text)
            if key and code not in centre_keys.setdefault(key, []):
                centre_keys[key].append(code)
    freeze = lambda table: {key: tuple(codes) for key, codes in table.items()}  # noqa: E731
    return UnitIndex(units, {lvl: freeze(t) for lvl, t in names.items()}, freeze(centre_keys), freeze(stems))


# --- Matching one row -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """What the names of one row found: a P-code (``how`` says how), or a problem and its candidates."""

    pcode: str | None
    level: str | None
    how: str  # a key of HOW
    candidates: tuple[str, ...] = ()
    name: str = ""  # the name that failed, or that matched a letter away
    failed_level: str | None = None  # the level of the name that failed
    hint: str = ""  # the column to add: "oblast" or "raion"
    within: str | None = None  # the P-code of the oblast or raion that the failed name was looked for in


def _inside(index: UnitIndex, pcodes, within: str | None) -> list[str]:
    if within is None:
        return list(pcodes)
    column = "oblast_pcode" if len(within) == 4 else "raion_pcode"
    return [p for p in pcodes if index.units.at[p, column] == within]


def _one_city(pcodes: list[str]) -> list[str]:
    """Kyiv (or Sevastopol) found as an oblast, a raion and a hromada is one unit: its hromada."""
    cities = {p[:4] for p in pcodes if p[:4] in SPECIAL_CITIES}
    if len(cities) == 1 and all(p[:4] in cities for p in pcodes):
        return [max(pcodes, key=len)]
    return pcodes


def _find(index: UnitIndex, level: str, text: str, within: str | None) -> Found:
    """``text`` among the units of ``level`` (within the oblast or raion ``within``)."""
    key = name_key(text)
    forms = list(dict.fromkeys(f for f in (key, official(key)) if f))
    says_oblast = _says_level(text) == "oblast"
    tables = [("name", index.names[level])]
    if level == "hromada":
        tables.append(("centre", index.centres))
    if level == "oblast":
        tables.append(("name", index.stems))
    elsewhere: list[str] = []
    for how, table in tables:
        hits = list(dict.fromkeys(p for form in forms for p in table.get(form, ())))
        if says_oblast:  # "Kyiv oblast" is Київська, never the city
            hits = [p for p in hits if p not in SPECIAL_CITIES]
        inside = _inside(index, hits, within)
        if len(inside) == 1:
            return Found(inside[0], level, how)
        if inside:
            return Found(None, level, "ambiguous", tuple(inside), text, level)
        elsewhere = elsewhere or hits
    if len(key) >= TYPO_MIN:
        keys = [k for how, table in tables for k in table]
        close = process.extract(key, keys, scorer=Levenshtein.distance, score_cutoff=1, limit=None)
        hits = list(dict.fromkeys(p for k, _score, _i in close for how, table in tables for p in table.get(k, ())))
        inside = _inside(index, hits, within)
        if len(inside) == 1:
            return Found(inside[0], level, "typo", name=text)
    if elsewhere:
        return Found(None, level, "elsewhere", tuple(elsewhere), text, level, within=within)
    return Found(None, level, "unmatched", (), text, level, within=within)


def match_names(index: UnitIndex, names: dict[str, str], levels: tuple[str, ...] = LEVELS) -> tuple[Found, list[Found]]:
    """The unit that one row's names (level -> name; level ``"any"`` for a name of no known level) stand for,
    and the matches a letter away on the way (for their warnings)."""
    typos: list[Found] = []
    given = {level: str(text).strip() for level, text in names.items() if not is_blank(text) and str(text).strip()}
    if "any" in given:
        text = given.pop("any")
        said = _says_level(text)
        candidates = [said] if said in levels else [level for level in reversed(LEVELS) if level in levels]
        if said is None and len(candidates) > 1:
            found = [f for f in (_find(index, level, text, None) for level in candidates) if f.how in ("name", "centre")]
            pcodes = _one_city([f.pcode for f in found])
            if len(pcodes) > 1:
                return Found(None, None, "ambiguous", tuple(pcodes), text, "any"), typos
        for level in candidates:
            if level not in given:
                given[level] = text
                break
    within, found = None, None
    for level in LEVELS:
        if level not in given:
            continue
        found = _find(index, level, given[level], within)
        if found.pcode is None:
            if found.how == "ambiguous":
                hint = "oblast" if "oblast" not in given else "raion" if "raion" not in given else ""
                found = Found(None, level, "ambiguous", found.candidates, found.name, level, hint)
            return found, typos
        if found.how == "typo":
            typos.append(found)
        within = found.pcode
    if found is None:
        return Found(None, None, "unmatched"), typos
    if found.level not in levels:
        return Found(None, found.level, "level", (found.pcode,), given[found.level], found.level), typos
    return found, typos


# --- A file's columns -----------------------------------------------------------------------------


def _header_words(header: object) -> list[str]:
    return fold(_CAMEL.sub(" ", str(header))).split()


def name_columns(headers, kind: str) -> dict[tuple[str, str], list]:
    """(role, level) -> the headers that hold names of that level ("" the role of needs and hubs, "host" or
    "origin" in IDP counts), in the file's order; headers of codes are none."""
    out: dict[tuple[str, str], list] = {}
    roles = {role for _column, role, _levels in TARGETS.get(kind, ())}
    for header in headers:
        words = _header_words(header)
        if not words or any(w in _NOT_NAMES or w.endswith(("pcode", "pcod", "code")) for w in words):
            continue
        level = next(
            (lvl for lvl, says in _HEADER_LEVELS.items() if any(w in says or w.startswith(tuple(says)) for w in words)), None
        )
        if level is None:
            continue
        role = "origin" if set(words) & _ORIGIN_WORDS else "host" if "host" in roles else ""
        if role in roles:
            out.setdefault((role, level), []).append(header)
    return out


def named_cells(cells: pd.Series) -> pd.Series:
    """Which cells hold a name: letters first, no code (``UA48``, a KATOTTH code), no blank written out (``н/д``)."""
    text = cells.astype("string").fillna("").str.strip()
    named = (text != "") & ~text.str.match(_CODE_LIKE) & text.str.match(_NAME_LIKE)
    return named & text.map(lambda v: code_level(v) is None and fold(v) not in _NOT_A_NAME).astype(bool)


def codes_from_names(
    raw: pd.DataFrame,
    frame: pd.DataFrame,
    kind: str,
    report,
    communities: pd.DataFrame | None,
    strict: bool = True,
    targets: tuple | None = None,
    *,
    columns: dict | None = None,
    index: UnitIndex | None = None,
    severity: str = ERROR,
) -> pd.DataFrame:
    """``frame`` (renamed by ``geo.ingest.columns.rename_columns``) with each code that ``raw``'s names give.

    A row's code is found from names where its code cell is blank or holds a name (not a code); rows
    whose names match no unit, or several, are problems (``strict``: errors; else warnings, and the row
    is left out) and leave the frame. The match table goes to ``report.matches``; the name columns used are
    no longer "not read". Nothing changes without ``communities`` or name columns.

    ``columns`` ((role, level) -> headers) are the name columns when the caller has chosen them (else the
    ``name_columns`` of the columns not read); ``index`` the ``unit_index`` of ``communities`` if already made;
    ``severity`` that of a name matching nothing or several when ``strict`` (the indicators: a warning, with
    the candidates, and the row left out).
    """
    targets = TARGETS.get(kind, ()) if targets is None else targets
    if communities is None or not targets:
        return frame
    unused = [c for c in raw.columns if str(c) in report.unused_columns]
    columns = name_columns(unused, kind) if columns is None else columns
    tables, used = [], set()
    for primary, (target, role, levels) in enumerate(targets):
        own = {level: cols for (r, level), cols in columns.items() if r == role}
        codes = frame[target].astype("string").fillna("").str.strip() if target in frame.columns else None
        named_in_code = pd.Series(False, index=frame.index) if codes is None else named_cells(codes)
        blank = codes == "" if codes is not None else pd.Series(True, index=frame.index)
        todo = named_in_code | (blank & bool(own))
        if not todo.any():
            continue
        index = index or unit_index(communities)
        names = pd.DataFrame(index=frame.index[todo])
        for level, cols in own.items():
            names[level] = _first_filled(raw.loc[todo, cols])
            used.update(str(c) for c in cols)
        if named_in_code.any():
            names["any"] = codes[todo].where(named_in_code[todo])
        names = names.astype("string").fillna("")
        keys = list(names.columns)
        results = {}
        for values in names.drop_duplicates().itertuples(index=False, name=None):
            results[values] = match_names(index, dict(zip(keys, values, strict=True)), levels)
        column_name = target if codes is not None else " / ".join(str(c) for cols in own.values() for c in cols)
        found_codes = pd.Series(pd.NA, index=frame.index, dtype="string")
        failed = pd.Series(False, index=frame.index)
        rows = []
        for i, values in zip(names.index, names.itertuples(index=False, name=None), strict=True):
            found, typos = results[values]
            row = int(frame.at[i, ROW])
            given = dict(zip(keys, values, strict=True))
            rows.append(_table_row(index, row, target, given, found))
            for typo in typos:
                unit = index.units.loc[typo.pcode]
                name = {"uk": str(unit["name_uk"]), "en": str(unit["name_en"])}
                report.add("name_typo", WARNING, row=row, column=column_name, value=typo.name, name=name, pcode=typo.pcode)
            if found.pcode is not None:
                found_codes[i] = found.pcode
                continue
            failed[i] = True
            _report_failure(index, report, row, column_name, found, strict, severity)
        out = frame if codes is not None else frame.assign(**{target: pd.Series("", index=frame.index, dtype="string")})
        out[target] = out[target].astype("string").mask(todo, found_codes.fillna(""))
        frame = out[~failed] if primary == 0 else out
        tables.append(pd.DataFrame(rows))
    if tables:
        matched = pd.concat(tables, ignore_index=True)
        report.matches = matched if report.matches is None else pd.concat([report.matches, matched], ignore_index=True)
        report.unused_columns = tuple(c for c in report.unused_columns if c not in used)
        rows_named = int((matched["pcode"].notna()).sum())
        report.add("codes_from_names", WARNING, count=rows_named, of=len(matched), columns=", ".join(sorted(used)) or "—")
    return frame


def _first_filled(cells: pd.DataFrame) -> pd.Series:
    """Per row, the first non-blank cell of several columns of the same names (ADM3_EN, ADM3_UA)."""
    text = cells.astype("string").apply(lambda s: s.str.strip()).replace("", pd.NA)
    return text.bfill(axis=1).iloc[:, 0]


def _table_row(index: UnitIndex, row: int, target: str, given: dict, found: Found) -> dict:
    unit = index.units.loc[found.pcode] if found.pcode is not None else None
    return {
        "row": row,
        "column": target,
        "oblast_given": given.get("oblast", ""),
        "raion_given": given.get("raion", ""),
        "hromada_given": given.get("hromada", "") or given.get("any", ""),
        "pcode": found.pcode,
        "level": found.level if found.pcode is not None else None,
        "name_uk": None if unit is None else unit["name_uk"],
        "name_en": None if unit is None else unit["name_en"],
        "how": found.how,
        "candidates": " ".join(found.candidates),
    }


def _candidates(index: UnitIndex, pcodes: tuple[str, ...], by: str) -> dict[str, str]:
    """The candidates as the message lists them, in both languages: each by its oblast (``by`` "oblast") or its
    raion, and its P-code; at most ``SHOWN_CANDIDATES``, then "…"."""
    out = {}
    for lang, column in (("uk", "_uk"), ("en", "")):
        parts = []
        for pcode in pcodes[:SHOWN_CANDIDATES]:
            unit = index.units.loc[pcode]
            if unit["level"] == "oblast" or by == "self":
                place = unit["name_uk" if lang == "uk" else "name_en"]
            elif by == "raion" and unit["level"] == "hromada":
                place = _raion_name(index, unit, lang)
            else:
                place = unit["oblast" + column]
            parts.append(f"{place} {pcode}")
        if len(pcodes) > SHOWN_CANDIDATES:
            parts.append("…")
        out[lang] = ", ".join(parts)
    return out


def _raion_name(index: UnitIndex, unit: pd.Series, lang: str) -> str:
    raion = unit["raion_pcode"]
    if raion in index.units.index:
        return str(index.units.at[raion, "name_uk" if lang == "uk" else "name_en"])
    return str(raion)


def _both(message: str) -> dict[str, str]:
    """A message in every language, for a problem's params (``Problem.message`` picks the user's)."""
    return {lang: gettext_for(lang)(message) for lang in LANGUAGES}


def _report_failure(
    index: UnitIndex, report, row: int, column: str, found: Found, strict: bool, severity: str = ERROR
) -> None:
    level = found.failed_level if found.failed_level in LEVELS else "hromada"
    params = {"among": _both(_AMONG[level])}
    if not strict:  # a file loaded before, checked against new boundaries: the row is left out
        report.add("name_row_left_out", WARNING, row=row, column=column, value=found.name or None)
        return
    if found.how == "ambiguous" and found.failed_level == "any":
        code = "name_ambiguous_levels"
        params["candidates"] = _candidates(index, found.candidates, "self")
        kinds = [LEVEL_NAMES[index.units.at[p, "level"]] for p in found.candidates]
        params["levels"] = {lang: ", ".join(gettext_for(lang)(k) for k in kinds) for lang in LANGUAGES}
    elif found.how == "ambiguous":
        code = {"oblast": "name_ambiguous", "raion": "name_ambiguous_raion"}.get(found.hint, "name_ambiguous_here")
        params["candidates"] = _candidates(index, found.candidates, "raion" if found.hint == "raion" else "oblast")
        params["count"] = len(found.candidates)
    elif found.how == "elsewhere":
        code = "name_elsewhere"
        params["candidates"] = _candidates(index, found.candidates, "oblast")
        within = index.units.loc[found.within]
        params["within"] = {"uk": within["name_uk"], "en": within["name_en"]}
    elif found.how == "level":
        code = "name_not_community"
    else:
        code = "name_unknown" if found.failed_level is not None else "name_missing"
    report.add(code, severity, row=row, column=column, value=found.name or None, **params)


def match_table(matches: pd.DataFrame | None, lang: str) -> pd.DataFrame:
    """The match table for people: headers and "how" in ``lang``, the name found in ``lang`` too."""
    _ = gettext_for(lang)
    if matches is None or matches.empty:
        return pd.DataFrame(columns=[_(label) for label in TABLE_HEADERS.values()])
    table = matches.copy()
    table["name"] = table["name_uk" if lang == "uk" else "name_en"].fillna(table["name_uk"])
    table["level"] = table["level"].map(lambda v: _(LEVEL_NAMES[v]) if v in LEVEL_NAMES else "")
    table["how"] = table["how"].map(lambda v: _(HOW[v]) if v in HOW else v)
    table = table[[c for c in TABLE_HEADERS if c in table.columns]]
    return table.rename(columns={c: _(label) for c, label in TABLE_HEADERS.items()})
