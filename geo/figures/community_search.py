"""Finding a community and naming it: the search and its list of candidates, the page's title and place line.

People know their community by its name or by the town or village it is run from (its centre: the
Шевченківська hromadas by Шевченкове), in Ukrainian or English, in the official Latin spelling or
the Russian one (Nikolaev), with an apostrophe or without, and now and then with a typo; the data
knows it by its code. ``search`` finds it by any of these (``geo.text.name_forms`` brings what is
typed to one spelling), best first: exact, at the start of a word, anywhere in a name, then a
letter or two away. Namesakes (nine Миколаївська hromadas) are told apart in the list by raion,
oblast, centre and code (``candidate_label``), and the user chooses: a name never opens a
community by itself.

Raions and oblasts are found too when the index is given them (``search_index(..., units=...)``): by
their names in both languages and in the form their hromada and oblast share (the raion Одеський
is found by "Одеська" too, with the oblast and the hromada of that name), each labelled with its
level in the list; and by their whole code (``UA51``, ``UA5110``), listed first among the hromadas
whose codes begin with it, never opened as one types it on the way to a hromada's code.

The centres come from the committed table ``geo/ingest/centres/centres.csv`` (made from the state codifier by
``scripts/make_centres.py``), by P-code, or from a ``centre`` column of the user's communities file.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from geo.ingest.codes import code_level, normalize_code
from geo.ingest.name_match import LEVEL_NAMES, committed_centres  # the centres' table (geo/ingest/centres/)
from geo.text.formatting import is_blank, number
from geo.text.i18n import N_, gettext_for
from geo.text.name_forms import fold, other_layout, query_forms
from geo.text.safe_markdown import md
from geo.text.translit import transliterate


def community_label(row: pd.Series | object, lang: str) -> str:
    """How a community reads in a select box (the home map's flows): both names, its oblast and its code (plain)."""
    first, second = (row.name_uk, row.name_en) if lang == "uk" else (row.name_en, row.name_uk)
    oblast = row.oblast_uk if lang == "uk" else row.oblast
    parts = [str(first)]
    if not is_blank(second) and second != first:
        parts.append(f"({second})")
    where = f", {oblast}" if not is_blank(oblast) else ""
    return f"{' '.join(parts)}{where} · {row.pcode}"


def search_labels(communities: pd.DataFrame, lang: str) -> dict[str, str]:
    """P-code -> ``community_label``, sorted by name in the user's language, for a select box."""
    column = "name_uk" if lang == "uk" else "name_en"
    ordered = communities.sort_values([column, "pcode"], key=lambda s: s.astype("string").str.casefold())
    return {row.pcode: community_label(row, lang) for row in ordered.itertuples(index=False)}


# --- Searching ------------------------------------------------------------------------------------

EXACT, PREFIX, CONTAINS, FUZZY = range(4)  # how well a community matches, best first
NAME, CENTRE, CODE = "name", "centre", "code"  # what of it matched
SHOWN = 10  # candidates listed at once
_CODE = re.compile(r"^(?:UA|УА)\d{2,}$")
LEVEL_WORDS = LEVEL_NAMES  # a unit's level in the list of candidates, as the name matching says it
# A Ukrainian adjective's masculine and feminine endings: a raion (район) is named in the one, its oblast
# (область) and hromada (громада) in the other.
_ADJECTIVE_ENDINGS = (("ський", "ська"), ("цький", "цька"), ("зький", "зька"), ("ний", "на"), ("ий", "а"), ("ій", "я"))
_CENTRE_KINDS = {
    "city": N_("centre: {name} (city)"),
    "settlement": N_("centre: {name} (settlement)"),
    "village": N_("centre: {name} (village)"),
}


@dataclass(frozen=True)
class Match:
    """One community found: how well (``EXACT`` … ``FUZZY``), by what (``NAME``, ``CENTRE``, ``CODE``), and how
    far within that: for a fuzzy match the letters that differ, for a prefix 0 at the start of the name and 1 at
    a later word of it (Шевч: Шевченківська before Корсунь-Шевченківська)."""

    pcode: str
    level: int
    via: str
    distance: int = 0


@dataclass(frozen=True)
class Found:
    """What a query found, best first; ``by_code``: a whole P-code or KATOTTH code named one community."""

    query: str
    matches: tuple[Match, ...]
    by_code: bool = False

    @property
    def only_close(self) -> bool:
        """Nothing matched as typed, only names a letter or two away."""
        return bool(self.matches) and self.matches[0].level == FUZZY


@dataclass(frozen=True)
class SearchIndex:
    """The communities as the search compares them, made once per data set (``search_index``)."""

    places: pd.DataFrame  # by P-code: name_uk, name_en, raion(_uk), oblast(_uk), population, centre_uk/_en, kind
    keys: tuple[str, ...]  # folded names and centres; key i belongs to row key_rows[i], by key_via[i]
    key_rows: tuple[int, ...]
    key_via: tuple[str, ...]
    blob: str  # the keys, one a line: ``str.find`` looks for a query in all of them at once
    offsets: tuple[int, ...]  # where each key begins in ``blob``
    starts: tuple[str, ...]  # every key from each of its words on ("ivano frankivska", "frankivska"), sorted
    start_rows: tuple[int, ...]
    start_via: tuple[str, ...]
    start_later: tuple[int, ...]  # 1 where the start is a later word of its key, 0 for the key itself
    exact: dict[str, tuple[tuple[int, str], ...]]
    rank: tuple[int, ...]  # each row's place among equal matches: the most populous first, then by name
    _heads: dict[int, list[str]] = field(default_factory=dict, compare=False, repr=False)

    def heads(self, n: int) -> list[str]:
        """Every start cut to ``n`` letters (kept: the same few lengths come back at every keystroke)."""
        if n not in self._heads:
            self._heads[n] = [start[:n] for start in self.starts]
        return self._heads[n]


def centres_of(communities: pd.DataFrame, centres: pd.DataFrame | None = None) -> pd.DataFrame:
    """centre_uk, centre_en and kind of each community (by its row): the file's own ``centre`` column where it has
    one, else the committed table (``centres``, by P-code), else blank."""
    table = committed_centres() if centres is None else centres
    pcodes = communities["pcode"].astype("string")
    out = pd.DataFrame(
        {column: pcodes.map(table[column]).astype("string") for column in ("centre_uk", "centre_en", "kind")},
        index=communities.index,
    )
    if "centre" in communities.columns:
        own = communities["centre"].astype("string").str.strip().replace("", pd.NA)
        has = (own.notna() & (own != out["centre_uk"]).fillna(True)).astype(bool)
        out.loc[has, "centre_uk"] = own[has]
        out.loc[has, "centre_en"] = own[has].map(transliterate)
        out.loc[has, "kind"] = pd.NA
    return out


def other_gender(name: object) -> str:
    """A Ukrainian adjective in its other gender ("Одеський" → "Одеська", "Одеська" → "Одеський"); '' for a name
    that is no adjective (Київ)."""
    text = "" if is_blank(name) else str(name).strip()
    for masculine, feminine in _ADJECTIVE_ENDINGS:
        if text.endswith(masculine):
            return text[: -len(masculine)] + feminine
        if text.endswith(feminine):
            return text[: -len(feminine)] + masculine
    return ""


def unit_places(units: pd.DataFrame) -> pd.DataFrame:
    """Raions and oblasts (``geo.figures.units.units_at`` rows) as the search's places: a raion's oblast named."""
    oblasts = units[units["level"] == "oblast"].set_index("pcode")
    parent = units["oblast_pcode"].where(units["level"] == "raion")
    return pd.DataFrame(
        {
            "pcode": units["pcode"].astype(str).to_numpy(),
            "name_uk": units["name_uk"].to_numpy(),
            "name_en": units["name_en"].to_numpy(),
            "raion": pd.NA,
            "raion_uk": pd.NA,
            "oblast": parent.map(oblasts["name_en"]).to_numpy() if len(oblasts) else pd.NA,
            "oblast_uk": parent.map(oblasts["name_uk"]).to_numpy() if len(oblasts) else pd.NA,
            "population": units["population"].to_numpy(),
            "level": units["level"].astype(str).to_numpy(),
        }
    )


def search_index(
    communities: pd.DataFrame, centres: pd.DataFrame | None = None, units: pd.DataFrame | None = None
) -> SearchIndex:
    """Fold every name and centre once (``geo.text.name_forms.fold``) for ``search``; ``units``: raions and
    oblasts to find too (``geo.figures.units.units_at`` rows of either level)."""
    columns = ["pcode", "name_uk", "name_en", "raion", "raion_uk", "oblast", "oblast_uk", "population"]
    places = communities.reindex(columns=columns).join(centres_of(communities, centres)).reset_index(drop=True)
    places["level"] = "hromada"
    if units is not None and len(units):
        places = pd.concat([places, unit_places(units)], ignore_index=True)
    keys: list[tuple[str, int, str]] = []
    forms = [
        other_gender(n) if level != "hromada" else "" for n, level in zip(places["name_uk"], places["level"], strict=True)
    ]
    texts = zip(places["name_uk"], places["name_en"], places["centre_uk"], places["centre_en"], forms, strict=True)
    for row, names in enumerate(texts):
        folded = [(fold(text), kind) for text, kind in zip(names, (NAME, NAME, CENTRE, CENTRE, NAME), strict=True)]
        keys += [(key, row, kind) for i, (key, kind) in enumerate(folded) if key and key not in [k for k, _ in folded[:i]]]
    starts = sorted(
        (" ".join(words[i:]), row, kind, int(i > 0))
        for key, row, kind in keys
        for words in [key.split(" ")]
        for i in range(len(words))
    )
    exact: dict[str, list[tuple[int, str]]] = {}
    for key, row, kind in keys:
        exact.setdefault(key, []).append((row, kind))
    offsets, at = [], 0
    for key, _row, _kind in keys:
        offsets.append(at)
        at += len(key) + 1
    population = pd.to_numeric(places["population"], errors="coerce").fillna(-1)
    names = places["name_uk"].astype("string").fillna("").str.casefold()
    order = pd.DataFrame({"p": -population, "n": names, "c": places["pcode"].astype(str)}).sort_values(["p", "n", "c"])
    rank = np.empty(len(places), dtype=int)
    rank[order.index.to_numpy()] = np.arange(len(places))
    return SearchIndex(
        places=places.set_index("pcode", drop=False),
        keys=tuple(k for k, _, _ in keys),
        key_rows=tuple(r for _, r, _ in keys),
        key_via=tuple(v for _, _, v in keys),
        blob="\n".join(k for k, _, _ in keys),
        offsets=tuple(offsets),
        starts=tuple(start[0] for start in starts),
        start_rows=tuple(start[1] for start in starts),
        start_via=tuple(start[2] for start in starts),
        start_later=tuple(start[3] for start in starts),
        exact={key: tuple(hits) for key, hits in exact.items()},
        rank=tuple(int(r) for r in rank),
    )


def typo_budget(text: str) -> int:
    """Letters that may differ in a fuzzy match: none up to 3 letters, one up to 7, two from 8 on."""
    return 0 if len(text) < 4 else 1 if len(text) < 8 else 2


def _matches(index: SearchIndex, form: str) -> dict[int, tuple[int, int, int]]:
    """Row -> (level, distance, 0 for a name / 1 for a centre), the best way ``form`` matches it (``Match``)."""
    best: dict[int, tuple[int, int, int]] = {}

    def note(row: int, level: int, kind: str, distance: int = 0) -> None:
        score = (level, distance, kind != NAME)
        if row not in best or score < best[row]:
            best[row] = score

    for row, kind in index.exact.get(form, ()):
        note(row, EXACT, kind)
    i = bisect_left(index.starts, form)  # the starts are sorted: those that begin with ``form`` follow each other
    while i < len(index.starts) and index.starts[i].startswith(form):
        note(index.start_rows[i], PREFIX, index.start_via[i], index.start_later[i])
        i += 1
    if len(form) >= 3:
        at = index.blob.find(form)
        while at >= 0:
            k = bisect_right(index.offsets, at) - 1
            note(index.key_rows[k], CONTAINS, index.key_via[k])
            at = index.blob.find(form, index.offsets[k + 1]) if k + 1 < len(index.offsets) else -1
    budget = typo_budget(form)
    if budget:
        n = len(form)
        for extra in (0, 1):  # the start as long as the query, and one letter longer (a letter left out)
            scores = process.cdist(
                [form], index.heads(n + extra), scorer=Levenshtein.distance, score_cutoff=budget, dtype=np.int32
            )[0]
            for i in np.flatnonzero(scores <= budget):
                note(index.start_rows[i], FUZZY, index.start_via[i], int(scores[i]))
    return best


def _by_code(index: SearchIndex, query: str) -> Found | None:
    """A P-code or KATOTTH code, whole (one community) or its beginning (an oblast's, a raion's).

    A KATOTTH code of any level, and a hromada's whole P-code, name one unit (``Found.by_code``); an oblast's or
    a raion's P-code (``UA51``) is also the start of its hromadas' codes: it is listed first among them.
    """
    text = "".join(query.split()).upper()
    code = normalize_code(text)
    coded = code_level(text)
    if coded is not None and coded[0] != "hromada" and len(text) > 9 and code not in index.places.index:
        code = coded[1]  # a raion's or an oblast's KATOTTH code (Kyiv's own is its hromada's: that one is kept)
    if code is not None:
        hit = (Match(code, EXACT, CODE),) if code in index.places.index else ()
        return Found(query, hit, by_code=bool(hit))
    if not _CODE.match(text):
        return None
    start = "UA" + text[2:]
    pcodes = index.places["pcode"].astype(str)
    whole = (Match(start, EXACT, CODE),) if start in index.places.index else ()
    rest = sorted(p for p in pcodes[pcodes.str.startswith(start)] if p != start)
    return Found(query, whole + tuple(Match(p, PREFIX, CODE) for p in rest))


def search(index: SearchIndex, query: str) -> Found:
    """Every community that ``query`` finds, best first: exact, then at the start of a word, then anywhere in a
    name, then a letter or two away (``typo_budget``); by name or by centre, in Ukrainian or English, as typed
    or in any reading of ``geo.text.name_forms.query_forms``. Equal matches: the more populous first.

    Near misses are listed only when nothing matches as typed (Kiev finds Kyiv, not also Sievierodonetska a
    letter away), and the keyboard's other layout is tried when nothing matches at all. Only a whole P-code or
    KATOTTH code finds exactly one community by definition (``Found.by_code``).
    """
    query = str(query or "")
    coded = _by_code(index, query)
    if coded is not None:
        return coded
    best: dict[int, tuple[int, int, int]] = {}
    for attempt in (query_forms(query), [other_layout(query)]):
        for form in filter(None, attempt):
            for row, score in _matches(index, form).items():
                if row not in best or score < best[row]:
                    best[row] = score
        if best:
            break
    if any(score[0] < FUZZY for score in best.values()):  # near misses only when nothing matches as typed
        best = {row: score for row, score in best.items() if score[0] < FUZZY}
    pcodes = index.places.index
    order = sorted(best, key=lambda row: (*best[row], index.rank[row]))
    return Found(query, tuple(Match(str(pcodes[r]), best[r][0], CENTRE if best[r][2] else NAME, best[r][1]) for r in order))


def find_communities(communities: pd.DataFrame, query: str, limit: int = SHOWN) -> list[str]:
    """P-codes of the communities that ``query`` finds, best first (``search``; builds the index each call)."""
    return [m.pcode for m in search(search_index(communities), query).matches[:limit]]


def where(raion: object, oblast: object, lang: str, skip: object = None) -> str:
    """ "Куп'янський р-н, Харківська обл." / "Kupianskyi raion, Kharkivska oblast" (plain text); a raion or oblast
    that is no adjective (Київ, Autonomous Republic of Crimea) as it is, each once, none equal to ``skip``."""
    _ = gettext_for(lang)
    parts: list[str] = []
    for text, ending, template in ((raion, ("ий", "yi"), N_("{name} raion")), (oblast, ("ька", "ka"), N_("{name} oblast"))):
        if is_blank(text) or not str(text).strip():
            continue
        text = str(text).strip()
        shown = _(template).format(name=text) if text.casefold().endswith(ending) else text
        if shown != skip and shown not in parts:
            parts.append(shown)
    return ", ".join(parts)


def candidate_label(index: SearchIndex, match: Match, lang: str) -> str:
    """One line of the list of what a query found, as Markdown-safe text: the name (bold), its level, raion and
    oblast, its centre and P-code ("**Шевченківська** — громада, Куп'янський р-н, Харківська обл. · центр:
    с-ще Шевченкове · UA6308015"; "**Одеський** — район, Одеська обл. · UA5110"; "**Одеська** — область · UA51")."""
    _ = gettext_for(lang)
    place = index.places.loc[match.pcode]
    uk = lang == "uk"
    name = place["name_uk"] if uk or is_blank(place["name_en"]) else place["name_en"]
    parts = [f"**{md(name)}**"]
    line = where(place["raion_uk" if uk else "raion"], place["oblast_uk" if uk else "oblast"], lang, skip=name)
    level = str(place.get("level", "hromada"))
    line = ", ".join(filter(None, [_(LEVEL_WORDS.get(level, LEVEL_WORDS["hromada"])), line]))
    parts.append(f"— {md(line)}")
    tail = []
    centre = place["centre_uk" if uk else "centre_en"]
    if not is_blank(centre) and str(centre) != str(name):
        kind = place["kind"]
        template = _CENTRE_KINDS.get(str(kind), N_("centre: {name}")) if not is_blank(kind) else N_("centre: {name}")
        tail.append(md(_(template).format(name=centre)))
    tail.append(md(match.pcode))
    return " ".join(parts) + " · " + " · ".join(tail)


def community_name(communities: pd.DataFrame, pcode: str, lang: str) -> str:
    """The community's name in the user's language (plain text: escape it where it is shown)."""
    row = communities.set_index("pcode").loc[pcode]
    return str(row["name_uk"] if lang == "uk" else row["name_en"])


def place_line(communities: pd.DataFrame, pcode: str, lang: str) -> str:
    """Raion, oblast, P-code and population of a community, as one Markdown-safe line."""
    _ = gettext_for(lang)
    row = communities.set_index("pcode").loc[pcode]
    uk = lang == "uk"
    parts = []
    raion, oblast = row["raion_uk" if uk else "raion"], row["oblast_uk" if uk else "oblast"]
    if not is_blank(raion):
        parts.append(_("{raion} raion").format(raion=md(raion)))
    if not is_blank(oblast):
        parts.append(_("{oblast} oblast").format(oblast=md(oblast)))
    parts.append(_("P-code {pcode}").format(pcode=md(pcode)))
    if not is_blank(row["population"]):
        parts.append(_("population {count}").format(count=number(row["population"], lang)))
    return " · ".join(parts)


# --- Raions and oblasts: their titles and a hromada's way up to them ------------------------------

_TITLES = {"raion": (("ий", "yi"), N_("{raion} raion"), "raion"), "oblast": (("ька", "ka"), N_("{oblast} oblast"), "oblast")}
_NOT_ADJECTIVE = {"raion": N_("{name} (raion level)"), "oblast": N_("{name} (oblast level)")}


def unit_title(name: object, level: str, lang: str) -> str:
    """A raion's or an oblast's name as a title says it (plain text): "Одеська область", "Odeskyi raion"; a name that
    is no adjective with its level in brackets ("Київ (рівень області)"): Kyiv and Sevastopol are all three levels."""
    _ = gettext_for(lang)
    text = "" if is_blank(name) else str(name).strip()
    endings, template, field_name = _TITLES[level]
    if text.casefold().endswith(endings):
        return _(template).format(**{field_name: text})
    return _(_NOT_ADJECTIVE[level]).format(name=text)


def unit_name(units: pd.DataFrame, pcode: str, lang: str) -> str:
    """A unit's name in the user's language (plain text), from ``geo.figures.units.units_at`` rows."""
    row = units.set_index("pcode").loc[pcode]
    name = row["name_uk"] if lang == "uk" or is_blank(row["name_en"]) else row["name_en"]
    return str(name)


def way_up(communities: pd.DataFrame, pcode: str, level: str, lang: str) -> list[tuple[str, str]]:
    """The raion and oblast a unit lies in, coarsest first, as (P-code, title) pairs (plain text) for the links above
    its page: a hromada's raion and oblast, a raion's oblast, nothing for an oblast. A unit the file leaves
    without a raion or an oblast code has no link to it."""
    uk = lang == "uk"
    code = {"hromada": "pcode", "raion": "raion_pcode"}.get(level)
    if code is None or code not in communities.columns:
        return []
    rows = communities[communities[code].astype("string") == pcode]
    if rows.empty:
        return []
    row = rows.iloc[0]
    out = []
    for upper, name_uk, name_en in (("oblast", "oblast_uk", "oblast"), ("raion", "raion_uk", "raion")):
        if upper == "raion" and level != "hromada":
            continue
        upper_code = row.get(f"{upper}_pcode")
        if is_blank(upper_code) or not str(upper_code).strip() or str(upper_code) == pcode:
            continue
        name = row.get(name_uk if uk else name_en)
        name = row.get(name_uk) if is_blank(name) else name
        out.append((str(upper_code), unit_title(name if not is_blank(name) else upper_code, upper, lang)))
    return out


def unit_line(units: pd.DataFrame, pcode: str, lang: str) -> str:
    """P-code, communities and population of a raion or an oblast, as one Markdown-safe line (its population
    blank where a community's is unknown: never a sum over part of it)."""
    _ = gettext_for(lang)
    row = units.set_index("pcode").loc[pcode]
    parts = [
        _("P-code {pcode}").format(pcode=md(pcode)),
        _("communities: {count}").format(count=number(row["hromadas"], lang)),
    ]
    if not is_blank(row["population"]):
        parts.append(_("population {count}").format(count=number(row["population"], lang)))
    return " · ".join(parts)
