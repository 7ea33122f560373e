"""Ukrainian and English through gettext catalogues (Babel's .po files in geo/locale).

Message ids are English, so English needs no catalogue. The Ukrainian catalogue is compiled in
memory on first use: nothing is written next to the installed package, and a translator can
edit the .po file and restart the app. ``make i18n`` re-extracts the strings from the code.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"
LANGUAGES = ("uk", "en")
DEFAULT_LANGUAGE = "uk"
LANGUAGE_NAMES = {"uk": "Українська", "en": "English"}


def normalize_language(value: object) -> str:
    """Return a supported language code; anything else (``?lang=fr``, None) gives Ukrainian."""
    text = str(value or "").strip().lower()[:2]
    return text if text in LANGUAGES else DEFAULT_LANGUAGE


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue for ``lang``; English falls through to the message ids."""
    po_path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en" or not po_path.exists():
        return gettext.NullTranslations()
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(lang: str) -> Callable[[str], str]:
    """``_`` for one language: ``_ = gettext_for("uk"); _("Open needs")``."""
    return translations(normalize_language(lang)).gettext


def ngettext_for(lang: str) -> Callable[[str, str, int], str]:
    """Plural-aware ``ngettext`` for one language (Ukrainian has three plural forms)."""
    return translations(normalize_language(lang)).ngettext


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message
