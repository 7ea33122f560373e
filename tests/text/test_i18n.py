"""Ukrainian by default, English on request, and no string left untranslated."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from geo.text.i18n import LOCALE_DIR, gettext_for, normalize_language

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _source_messages() -> set[str]:
    found = set()
    method_map = [("geo/**.py", "python"), ("pages/**.py", "python"), ("app.py", "python")]
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        ROOT, method_map=method_map, keywords={"_": None, "N_": None}
    ):
        found.add(message)
    return found


def _catalog():
    with (LOCALE_DIR / "uk" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale="uk")


def test_default_language_is_ukrainian():
    """A link without ?lang, or with one we do not have, opens in Ukrainian."""
    assert normalize_language(None) == "uk"
    assert normalize_language("fr") == "uk"
    assert normalize_language("EN") == "en"


def test_every_string_in_the_code_has_a_ukrainian_translation():
    """Nothing shows up in English when the user reads Ukrainian."""
    catalog = _catalog()
    missing = [m for m in _source_messages() if not (catalog.get(m) and catalog.get(m).string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not missing, f"untranslated (run make i18n and translate): {missing}"
    assert not fuzzy


def test_translations_keep_their_placeholders():
    """A translated message still shows the file, row and value it is about."""
    for message in _catalog():
        if message.id and message.string:
            assert set(PLACEHOLDER.findall(message.id)) == set(PLACEHOLDER.findall(message.string)), message.id


def test_gettext_translates_and_english_passes_through():
    """The same label reads in Ukrainian or English depending on the language chosen."""
    assert gettext_for("en")("Open needs") == "Open needs"
    uk = gettext_for("uk")("Open needs")
    assert uk and uk != "Open needs" and re.search("[а-яіїєґ]", uk.lower())


def test_the_completeness_check_can_fail():
    """The check above would notice a string that has no translation."""
    assert "A string nobody translated" not in {m.id for m in _catalog()}
    assert "Open needs" in _source_messages()
