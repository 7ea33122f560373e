"""P-codes and KATOTTH codes name the same community."""

import pandas as pd
import pytest

from geo.ingest.codes import code_level, code_levels, level_of, normalize_code, normalize_codes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("UA4806013", "UA4806013"),
        (" ua4806013 ", "UA4806013"),
        ("UA48060130000072839", "UA4806013"),  # KATOTTH: first 9 characters
        ("УА4806013", "UA4806013"),  # Cyrillic letters typed on a Ukrainian keyboard
        ("UA48060", None),
        ("4806013", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_code(raw, expected):
    """A leader's code from the codifier or from OCHA finds the same community; junk finds none."""
    assert normalize_code(raw) == expected


def test_normalize_codes_matches_single_values():
    """The vectorised form used by the loaders agrees with the one-value form."""
    raw = pd.Series(["UA4806013", "UA48060130000072839", "bad", "", "ua6510001"])
    result = normalize_codes(raw)
    assert result.tolist()[:2] == ["UA4806013", "UA4806013"]
    assert result.isna().tolist() == [False, False, True, True, False]
    assert result.iloc[4] == "UA6510001"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("UA48", ("oblast", "UA48")),
        ("ua4806", ("raion", "UA4806")),
        ("UA4806013", ("hromada", "UA4806013")),
        ("UA48000000000039575", ("oblast", "UA48")),  # KATOTTH of an oblast: only its first two digits
        ("UA48040000000011780", ("raion", "UA4804")),
        ("UA48040230000012964", ("hromada", "UA4804023")),
        ("UA48040230080020671", ("hromada", "UA4804023")),  # a village: its hromada
        ("UA480", None),
        ("48", None),
        ("", None),
    ],
)
def test_code_level(raw, expected):
    """A DTM oblast code, a raion's KATOTTH code and a hromada's P-code each name a unit at their own level."""
    assert code_level(raw) == expected


def test_code_levels_matches_single_values():
    raw = pd.Series(["UA48", "UA48040000000011780", "bad", None])
    result = code_levels(raw)
    assert result["pcode"].tolist()[:2] == ["UA48", "UA4804"]
    assert result["level"].tolist()[:2] == ["oblast", "raion"]
    assert result.iloc[2:].isna().all().all()
    assert [level_of(c) for c in ("UA48", "UA4804", "UA4804023", "")] == ["oblast", "raion", "hromada", None]
