"""The column mapping of an indicators file: the code column guessed from content (most codes first),
the metrics and their scales; the file loads with it; the mapping is written and read back; the command
line takes it (``--map code=COLUMN``)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from geo.__main__ import main
from geo.ingest.indicators import load_indicators
from geo.ingest.mapping import (
    MappingError,
    combine,
    inspect,
    make_mapping,
    mapping_from_specs,
    parse_mapping,
)
from geo.ingest.reading import Source

ROOT = Path(__file__).resolve().parents[2]
COMMUNITIES = str(ROOT / "tests" / "data" / "communities.geojson")

# A header no alias knows over a column of codes with a total row and a note: too few codes to be read
# as the unit's codes by content alone (the loader refuses the file), but most of its cells are codes.
ODD = (
    "Територія;Коментар;ЛПД, тис. осіб;Тяжкість\n"
    "UA4806037;Вознесенська;1,5;3\n"
    "UA4806017;Доманівська;0,25;4\n"
    "Разом;Південь;1,75;\n"
    "1;Примітка;;\n"
).encode()


@pytest.fixture(scope="module")
def communities(small):
    return small.communities


def guesses_of(inspection):
    code = next(g for g in inspection.guesses if g.field == "code")
    metrics = {g.column: g.scale for g in inspection.guesses if g.field == "metric"}
    return code, metrics


def test_a_code_column_with_an_odd_header_is_guessed_unsure_and_loads_with_the_mapping(communities):
    """Refused as it ships; the guess is the column of codes (first of the ranked columns), unsure; the
    metrics are the columns of numbers, the one in thousands scaled; with the guessed mapping it loads."""
    source = Source("лпд.csv", ODD)
    refused = load_indicators(source, communities)
    assert not refused.ok and [p.code for p in refused.problems] == ["indicator_no_code_column"]
    inspection = inspect(source, "indicators")
    code, metrics = guesses_of(inspection)
    assert inspection.needed
    assert (code.column, code.reason, code.unsure) == ("Територія", "content", True)
    assert inspection.ranked[0] == "Територія"
    assert metrics == {"ЛПД, тис. осіб": 1000.0, "Тяжкість": 1.0}
    loaded = load_indicators(replace(source, mapping=inspection.mapping()), communities)
    assert loaded.ok, loaded.problems
    pin = loaded.frame[loaded.frame["column"] == "ЛПД, тис. осіб"].set_index("pcode")["value"]
    assert pin.to_dict() == {"UA4806037": 1500, "UA4806017": 250}
    assert {p.code for p in loaded.problems} == {"indicator_bad_code"}  # the total and the note are said, not read


def test_the_metrics_a_mapping_names_are_the_only_ones(communities):
    """A mapping with one metric: the other column of numbers is listed among the columns not read."""
    mapping = mapping_from_specs("indicators", ["code=Територія", "metric=Тяжкість"])
    loaded = load_indicators(Source("лпд.csv", ODD, mapping=mapping), communities)
    assert loaded.ok, loaded.problems
    assert set(loaded.frame["column"]) == {"Тяжкість"}
    assert "ЛПД, тис. осіб" in loaded.unused_columns


def test_a_file_whose_codes_are_found_needs_no_mapping():
    """A header the loader knows over a column of codes: no panel."""
    inspection = inspect(Source("ok.csv", b"pcode,people in need\nUA4806037,10\nUA4806017,20\n"), "indicators")
    code, metrics = guesses_of(inspection)
    assert not inspection.needed
    assert (code.column, code.reason) == ("pcode", "alias")
    assert metrics == {"people in need": 1.0}


def test_an_indicators_mapping_is_written_and_read_back_with_its_metrics():
    """JSON (metrics as a list), CSV and lines give the same mapping; metric is the one field that repeats."""
    mapping = make_mapping(
        "indicators", [("code", "Територія", None), ("metric", "ЛПД, тис. осіб", 1000), ("metric", "Тяжкість", 1)]
    )
    document = json.loads(mapping.to_json())
    assert document == {
        "kind": "indicators",
        "columns": {"code": "Територія", "metric": [{"column": "ЛПД, тис. осіб", "scale": 1000}, "Тяжкість"]},
    }
    assert parse_mapping("indicators", mapping.to_json()) == mapping
    assert parse_mapping("indicators", mapping.to_csv()) == mapping
    assert mapping_from_specs("indicators", mapping.text().splitlines()) == mapping
    assert [m.column for m in mapping.metrics] == ["ЛПД, тис. осіб", "Тяжкість"]
    assert mapping.columns == {"code": "Територія"}
    with pytest.raises(MappingError) as twice:
        make_mapping("indicators", [("code", "A", None), ("code", "B", None)])
    assert twice.value.code == "duplicate_field"
    with pytest.raises(MappingError) as unknown:
        mapping_from_specs("indicators", ["people=A"])
    assert unknown.value.code == "unknown_field"
    with pytest.raises(MappingError) as wrong:
        parse_mapping("needs", mapping.to_json())
    assert wrong.value.code == "wrong_kind"


def test_the_command_line_adds_metrics_to_a_mapping_file():
    """``--map`` over ``--map-file``: the code given again wins, a metric given again takes the new scale."""
    base = mapping_from_specs("indicators", ["code=A", "metric=B*1000", "metric=C"])
    combined = combine(base, mapping_from_specs("indicators", ["code=Територія", "metric=B", "metric=D*10"]))
    assert combined.text().splitlines() == ["code=Територія", "metric=B", "metric=C", "metric=D*10"]


def test_validate_takes_an_indicators_mapping(tmp_path, capsys):
    """``python -m geo validate --kind indicators --map code=COLUMN FILE``: refused without it (with the
    options that would load it), loaded with it."""
    path = tmp_path / "лпд.csv"
    path.write_bytes(ODD)
    assert main(["validate", "--kind", "indicators", "--lang", "en", "--communities", COMMUNITIES, str(path)]) == 1
    assert "--map=code=Територія" in capsys.readouterr().out
    argv = ["validate", "--kind", "indicators", "--lang", "en", "--communities", COMMUNITIES, "--json"]
    assert main([*argv, "--map", "code=Територія", "--map", "metric=ЛПД, тис. осіб*1000", str(path)]) == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["ok"] and report["rows_loaded"] == 2
