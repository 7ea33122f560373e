"""P-codes and KATOTTH codes name the same community."""

import pandas as pd
import pytest

from geo.ingest.codes import normalize_code, normalize_codes


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
