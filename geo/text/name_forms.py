"""Place names as people type them, brought to one spelling so that a search can compare them.

Names are compared in Latin letters: a Ukrainian name becomes its official transliteration
(``geo.text.translit``), so that "Шевченкове", "шевченкове" and "Shevchenkove" are one word, and
a Latin query finds a name the data holds only in Ukrainian. ``fold`` does that to a name and to
a query alike: lower case, no stress marks, no apostrophes (', ’, ʼ, ‘, `), hyphens and other
punctuation as spaces.

What is typed may also be spelled the Russian way ("Николаев", "Nikolaev", "Kharkov"), in a
former name (Artemivsk) or with the keyboard on the wrong layout ("Ifdxtyrjdt" for Шевченкове).
``query_forms`` gives every reading of a query worth trying: the folded query, its Russian
reading when it is in Cyrillic, the official spelling for a known Russian or former one
(``VARIANTS``), and, as a last resort for the search, the text as typed on the other layout.
"""

from __future__ import annotations

import re
import unicodedata

from geo.text.formatting import is_blank
from geo.text.translit import APOSTROPHES, transliterate

# Apostrophe look-alikes that people and spreadsheets put in names, besides translit's own.
_APOSTROPHES = APOSTROPHES + "\u02bb\u2032\u00b4"
_STRESS = "\u0301\u0300"  # combining acute and grave: a stress mark typed or pasted (Ки́їв)
_DROP = str.maketrans("", "", _APOSTROPHES + _STRESS)
# Russian letters Ukrainian has not (as the official transliteration would write their sounds).
_RUSSIAN_IN_UKRAINIAN = str.maketrans({"ы": "и", "э": "е", "ё": "йо", "ъ": ""})
_NOT_A_LETTER = re.compile(r"[^0-9a-z]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# A Cyrillic query read as Russian, in the Latin letters of older maps and reports (Николаев → nikolaev).
RUSSIAN_READING = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip

# Spellings in use that are not the official ones, folded, to the official name folded: the Russian
# spellings of older maps and of many reports, and former names (renamed 2016-2024). Cities only:
# a community's name is found from its centre's. Kept by hand; add a line for a name people use.
VARIANTS = {
    # Russian spellings, as in "Nikolaev" or typed in Cyrillic as Russian ("Николаев").
    "kiev": "kyiv", "kharkov": "kharkiv", "odessa": "odesa", "nikolaev": "mykolaiv", "nikolayev": "mykolaiv",
    "zaporozhye": "zaporizhzhia", "zaporozhe": "zaporizhzhia", "zaporozhie": "zaporizhzhia",
    "zaporozhzhya": "zaporizhzhia", "dnepr": "dnipro", "lvov": "lviv", "lugansk": "luhansk",
    "chernigov": "chernihiv", "chernovtsy": "chernivtsi", "zhitomir": "zhytomyr", "vinnitsa": "vinnytsia",
    "rovno": "rivne", "ternopol": "ternopil", "uzhgorod": "uzhhorod", "ivano frankovsk": "ivano frankivsk",
    "cherkassy": "cherkasy", "khmelnitskiy": "khmelnytskyi", "khmelnitsky": "khmelnytskyi",
    "krivoy rog": "kryvyi rih", "krivoi rog": "kryvyi rih", "belaya tserkov": "bila tserkva",
    "kremenchug": "kremenchuk", "severodonetsk": "sievierodonetsk", "lisichansk": "lysychansk",
    "slavyansk": "sloviansk", "kupyansk": "kupiansk", "izyum": "izium", "gorlovka": "horlivka",
    "makeevka": "makiivka", "avdeevka": "avdiivka", "konstantinovka": "kostiantynivka", "ugledar": "vuhledar",
    "berdyansk": "berdiansk", "energodar": "enerhodar", "genichesk": "henichesk",
    "novaya kakhovka": "nova kakhovka", "ochakov": "ochakiv", "pervomaysk": "pervomaisk",
    "pavlograd": "pavlohrad", "kamenskoe": "kamianske", "irpen": "irpin", "gostomel": "hostomel",
    "borodyanka": "borodianka", "chernobyl": "chornobyl", "vyshgorod": "vyshhorod", "akhtyrka": "okhtyrka",
    "kropivnitskiy": "kropyvnytskyi",
    # Former names.
    "artemovsk": "bakhmut", "artemivsk": "bakhmut", "dnepropetrovsk": "dnipro", "dnipropetrovsk": "dnipro",
    "dneprodzerzhinsk": "kamianske", "dniprodzerzhynsk": "kamianske", "kirovograd": "kropyvnytskyi",
    "kirovohrad": "kropyvnytskyi", "krasnoarmeysk": "pokrovsk", "krasnoarmiisk": "pokrovsk",
    "dzerzhinsk": "toretsk", "dzerzhynsk": "toretsk", "komsomolsk": "horishni plavni",
    "illichivsk": "chornomorsk", "ilyichevsk": "chornomorsk", "kotovsk": "podilsk",
    "novohrad volynskyi": "zviahel", "novograd volynskiy": "zviahel", "pereiaslav khmelnytskyi": "pereiaslav",
}  # fmt: skip
_VARIANT = re.compile(r"\b(" + "|".join(sorted(map(re.escape, VARIANTS), key=len, reverse=True)) + r")\b")

# Words around a name that say what kind of place it is ("м. Миколаїв", "Шевченківська громада",
# "смт Шевченкове", "Kharkiv city"), folded, in Ukrainian, Russian and English: left out of a query.
KIND_WORDS = frozenset(
    "m s smt selyshche selo misto hromada th oth terytorialna miska silska selyshchna "
    "shche g gorod pgt poselok gromada "
    "city town village settlement community territorial urban rural municipality".split()
)

# The same keys on the two layouts of a Ukrainian keyboard (ЙЦУКЕН) and an English one (QWERTY).
_LATIN_KEYS = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
_CYRILLIC_KEYS = "йцукенгшщзхїфівапролджєячсмитьбюʼ"
_WRONG_LAYOUT = str.maketrans(_LATIN_KEYS + _LATIN_KEYS.upper(), _CYRILLIC_KEYS + _CYRILLIC_KEYS.upper())


def _spaced(latin: str) -> str:
    return " ".join(_NOT_A_LETTER.sub(" ", latin).split())


def fold(text: object) -> str:
    """``text`` as the search compares it: official Latin letters, lower case, letters and digits only.

    >>> fold("Кам’янське"), fold("Kam'ianske"), fold("Івано-Франківськ")
    ('kamianske', 'kamianske', 'ivano frankivsk')
    """
    if is_blank(text):
        return ""
    plain = unicodedata.normalize("NFC", str(text)).casefold().translate(_DROP)
    return _spaced(transliterate(plain.translate(_RUSSIAN_IN_UKRAINIAN)))


def russian_reading(text: str) -> str:
    """A Cyrillic ``text`` read as Russian, folded (Николаев → nikolaev, Харьков → kharkov)."""
    plain = unicodedata.normalize("NFC", text).casefold().translate(_DROP)
    return _spaced("".join(RUSSIAN_READING.get(c, c) for c in plain))


def official(folded: str) -> str:
    """A folded text with every known Russian or former spelling replaced by the official one."""
    return _VARIANT.sub(lambda m: VARIANTS[m.group(1)], folded)


def name_words(folded: str) -> str:
    """A folded query without the words that say what kind of place it is (``KIND_WORDS``)."""
    return " ".join(word for word in folded.split() if word not in KIND_WORDS)


def query_forms(query: str) -> list[str]:
    """The readings of ``query`` to look for, best first (see the module's docstring), none empty."""
    forms = [fold(query)]
    if _CYRILLIC.search(query):
        forms.append(russian_reading(query))
    forms = [name_words(form) for form in forms]
    forms += [official(form) for form in forms]
    return [form for i, form in enumerate(forms) if form and form not in forms[:i]]


def other_layout(query: str) -> str:
    """``query`` as it would read had it been typed on the Ukrainian layout, folded ("" when it has no Latin
    letters: a Cyrillic query typed on the wrong layout comes out as punctuation)."""
    if not re.search(r"[A-Za-z]", query):
        return ""
    return fold(query.translate(_WRONG_LAYOUT))
