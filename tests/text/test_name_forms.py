"""Place names as people type them, brought to one spelling (geo.text.name_forms)."""

from __future__ import annotations

import pytest

from geo.text.name_forms import VARIANTS, fold, official, other_layout, query_forms


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Шевченкове", "shevchenkove"),
        ("SHEVCHENKOVE", "shevchenkove"),
        ("Кам’янське", "kamianske"),
        ("Кам'янське", "kamianske"),
        ("Камʼянське", "kamianske"),
        ("Кам`янське", "kamianske"),
        ("Kam'ianske", "kamianske"),
        ("Івано-Франківськ", "ivano frankivsk"),
        ("  Кривий   Ріг ", "kryvyi rih"),
        ("Ки́їв", "kyiv"),  # a stress mark pasted with the name
        ("Згурівка", "zghurivka"),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_fold_brings_spellings_together(text, folded):
    """Case, apostrophes, hyphens, stress marks and the script do not matter: the official Latin spelling does."""
    assert fold(text) == folded


def test_a_cyrillic_query_is_also_read_as_russian():
    """Николаев reads "nykolaev" letter by letter in Ukrainian, "nikolaev" in Russian: both are tried, then Mykolaiv."""
    assert query_forms("Николаев") == ["nykolaev", "nikolaev", "mykolaiv"]
    assert query_forms("Харьков")[-1] == "kharkiv"
    assert query_forms("Shevchenkove") == ["shevchenkove"]  # a Latin query is read once


def test_words_for_the_kind_of_place_are_left_out():
    """Words such as "м.", "смт", "с-ще", "громада", "city" say what a place is, not which: they are not searched."""
    assert query_forms("м. Миколаїв")[0] == "mykolaiv"
    assert query_forms("смт Шевченкове") == query_forms("с-ще Шевченкове") == ["shevchenkove"]
    assert query_forms("Шевченківська громада") == ["shevchenkivska"]
    assert query_forms("Kharkiv city") == ["kharkiv"]
    assert query_forms("громада") == []


def test_variants_replace_whole_words_only():
    """Kiev becomes Kyiv, Krivoy Rog Kryvyi Rih; a word that merely begins like one ("kievska") is left alone."""
    assert official("kiev") == "kyiv"
    assert official("krivoy rog") == "kryvyi rih"
    assert official("kievska") == "kievska"


def test_the_variants_table_is_folded_and_changes_something():
    """Every spelling of the table is written as ``fold`` writes it, and differs from its official one
    (else it could never match, or would change nothing)."""
    bad = {k: v for k, v in VARIANTS.items() if fold(k) != k or fold(v) != v or k == v}
    assert bad == {}


def test_the_other_keyboard_layout():
    """Шевченкове typed on the English layout reads "itdxtyrjdt"; a Cyrillic query has no other reading."""
    assert other_layout("itdxtyrjdt") == "shevchenkove"
    assert other_layout("Шевченкове") == ""
