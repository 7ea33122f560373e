"""Ukrainian names in Latin letters by the official transliteration.

The table of the Cabinet of Ministers of Ukraine, resolution No. 55 of 27 January 2010 ("Про
впорядкування транслітерації українського алфавіту латиницею"), which road signs, maps and
passports use: Київ → Kyiv, Запоріжжя → Zaporizhzhia, Кривий Ріг → Kryvyi Rih. Its rules:

- Є, Ї, Й, Ю, Я are written Ye, Yi, Y, Yu, Ya at the start of a word and ie, i, i, iu, ia elsewhere;
- the soft sign and the apostrophe are not written (Знам'янка → Znamianka);
- зг is written zgh, so that it is not read as ж (Згурівка → Zghurivka).

A letter keeps its case (the first Latin letter of a capital's rendering is capital; a word
written in capitals stays in capitals). Anything that is not a Ukrainian letter (Latin letters,
digits, spaces, hyphens) is kept as it is.
"""

from __future__ import annotations

import re

# Everywhere but the start of a word.
LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia",
}  # fmt: skip
# At the start of a word.
INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# The apostrophe in its spellings: ASCII, typographic (the state codifier's), the modifier letter.
APOSTROPHES = "'\u2019\u02bc\u2018`"
_WORD = re.compile(r"[А-Яа-яЄєІіЇїҐґ" + APOSTROPHES + r"]+")


def transliterate(text: str) -> str:
    """``text`` in Latin letters by resolution 55 of 2010 (see the module's docstring)."""
    return _WORD.sub(lambda word: _word(word.group(0)), text)


def _word(word: str) -> str:
    letters = [c for c in word if c not in APOSTROPHES]
    upper = len(letters) > 1 and all(c.isupper() for c in letters)
    out = []
    for i, char in enumerate(letters):
        low = char.lower()
        if low == "г" and i > 0 and letters[i - 1].lower() == "з":
            latin = "gh"
        elif i == 0 and low in INITIAL:
            latin = INITIAL[low]
        else:
            latin = LETTERS[low]
        if upper:
            latin = latin.upper()
        elif char.isupper():
            latin = latin[:1].upper() + latin[1:]
        out.append(latin)
    return "".join(out)
