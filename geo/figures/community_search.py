"""Finding a community and naming it: the search box's labels and matches, the page's title and place line.

People know their community by its name, in Ukrainian or English, and the data knows it by its code,
so both find it; namesakes (there are many) are told apart by oblast and code.
"""

from __future__ import annotations

import pandas as pd

from geo.ingest.codes import normalize_code
from geo.text.formatting import is_blank, number
from geo.text.i18n import gettext_for
from geo.text.safe_markdown import md


def community_label(row: pd.Series | object, lang: str) -> str:
    """How a community reads in the search list: both names, its oblast and its code (plain text)."""
    first, second = (row.name_uk, row.name_en) if lang == "uk" else (row.name_en, row.name_uk)
    oblast = row.oblast_uk if lang == "uk" else row.oblast
    parts = [str(first)]
    if not is_blank(second) and second != first:
        parts.append(f"({second})")
    where = f", {oblast}" if not is_blank(oblast) else ""
    return f"{' '.join(parts)}{where} · {row.pcode}"


def search_labels(communities: pd.DataFrame, lang: str) -> dict[str, str]:
    """P-code -> search label, sorted by name in the user's language, for the search box."""
    column = "name_uk" if lang == "uk" else "name_en"
    ordered = communities.sort_values([column, "pcode"], key=lambda s: s.astype("string").str.casefold())
    return {row.pcode: community_label(row, lang) for row in ordered.itertuples(index=False)}


def _fold(text: object) -> str:
    return " ".join(str(text or "").replace("’", "'").replace("ʼ", "'").casefold().split())


def find_communities(communities: pd.DataFrame, query: str, limit: int = 10) -> list[str]:
    """P-codes of the communities that match ``query``, best first.

    A P-code or KATOTTH code finds its community; otherwise a Ukrainian or English name, whole
    (best), at the start of a name, or anywhere in it. "громада" / "hromada" in the query is ignored.
    """
    code = normalize_code(query)
    pcodes = communities["pcode"].astype("string")
    if code is not None:
        return [code] if (pcodes == code).any() else []
    words = [w for w in _fold(query).split() if w not in ("громада", "hromada", "community", "тг", "отг")]
    wanted = " ".join(words)
    if not wanted:
        return []
    uk = communities["name_uk"].map(_fold)
    en = communities["name_en"].map(_fold)
    rank = pd.Series(9, index=communities.index)
    for level, test in enumerate(
        (lambda s: s == wanted, lambda s: s.str.startswith(wanted), lambda s: s.str.contains(wanted, regex=False))
    ):
        hit = test(uk) | test(en)
        rank = rank.where(~(hit & (rank > level)), level)
    found = communities.assign(_rank=rank)[rank < 9].sort_values(["_rank", "name_uk", "pcode"])
    return found["pcode"].astype(str).head(limit).tolist()


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
