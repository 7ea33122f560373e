"""Indicators by name: a table with oblast, raion or community names and no codes loads onto the known units.

The known units are the demo's communities (their ADM1 and ADM2 names too); each file is written here in the
layout people send: an HNO table per oblast, a severity per raion, a population per hromada.
"""

import csv as csv_module
import dataclasses
import io

import pandas as pd
import pytest

from geo.__main__ import main
from geo.figures.indicator_metrics import indicator_values
from geo.ingest.indicators import load_indicator_files, load_indicators
from geo.ingest.name_match import match_table
from geo.ingest.reading import Source
from geo.ingest.validate import report_json, report_lines


def csv(name: str, text: str) -> Source:
    return Source(name, text.encode("utf-8"))


def xlsx(name: str, rows: list[list]) -> Source:
    buffer = io.BytesIO()
    pd.DataFrame(rows[1:], columns=rows[0]).to_excel(buffer, index=False)
    return Source(name, buffer.getvalue())


def figures(demo, result, column: str) -> pd.Series:
    """The metric of ``column`` per P-code, as the map reads it (``indicator_values``)."""
    assert result.frame is not None, [p.describe("en") for p in result.problems]
    dataset = dataclasses.replace(demo, indicators=result.frame)
    keys = result.frame.loc[result.frame["column"] == column, "key"].unique()
    assert len(keys) == 1, keys
    return indicator_values(dataset, keys[0])


def codes(result, severity: str | None = None) -> list[str]:
    return [p.code for p in result.problems if severity is None or p.severity == severity]


HNO = (
    "Oblast,People in need\n"
    "Харківська,1250000\n"
    "Mykolaivska oblast,412000\n"
    "Дніпропетровська область,700000\n"
    "м. Київ,350000\n"
    "Kyivska oblast,280000\n"
    "Sevastopol,1000\n"
    "АР Крим,2000\n"
    "Total,2995000\n"
)


def test_oblast_names_in_either_language_give_the_oblasts_figures(demo):
    result = load_indicators(csv("hno.csv", HNO), demo.communities)
    assert result.ok, [p.describe("en") for p in result.problems]
    pin = figures(demo, result, "People in need")
    assert pin["UA63"] == 1250000 and pin["UA48"] == 412000 and pin["UA12"] == 700000
    # Kyiv the city is UA80, the oblast around it UA32; Sevastopol and Crimea are ADM1 units of their own.
    assert pin["UA80"] == 350000 and pin["UA32"] == 280000 and pin["UA85"] == 1000 and pin["UA01"] == 2000
    assert set(result.frame["level"]) == {"oblast"} and len(pin) == 7
    assert "Oblast" not in result.unused_columns  # the names are read, not "left out"
    # The total row is no unit: said and left out, the rest loads.
    total = [p for p in result.problems if p.code == "indicator_bad_code"]
    assert [(p.row, p.value) for p in total] == [(9, "Total")]
    assert report_json(result, "en")["rows_loaded"] == 7


def test_the_match_table_lists_each_row_with_the_unit_found(demo):
    result = load_indicators(csv("hno.csv", HNO), demo.communities)
    table = match_table(result.matches, "en")
    assert list(table["code found"]) == ["UA63", "UA48", "UA12", "UA80", "UA32", "UA85", "UA01"]
    assert list(table["oblast given"])[:2] == ["Харківська", "Mykolaivska oblast"]
    assert set(table["file"]) == {"hno.csv"} and set(table["column"]) == {"Oblast"}
    ukrainian = match_table(result.matches, "uk")
    assert "Харківська" in set(ukrainian["знайдена назва"]) and "файл" in ukrainian.columns


def test_a_raion_table_from_excel_with_apostrophe_variants_and_an_unknown_raion(demo):
    rows = [
        ["Oblast", "Raion", "Severity"],
        ["Харківська", "Куп’янський", 4],  # a typographic apostrophe
        ["Kharkivska", "Iziumskyi raion", 3],
        ["Харківська обл.", "Богодухівський р-н", 2],
        ["Харківська", "Нарнійський", 5],  # no such raion: listed, never guessed
        ["Одеська", "Ізюмський", 1],  # a raion of another oblast
    ]
    result = load_indicators(xlsx("severity.xlsx", rows), demo.communities)
    assert result.ok, [p.describe("en") for p in result.problems]
    severity = figures(demo, result, "Severity")
    assert dict(severity) == {"UA6308": 4, "UA6304": 3, "UA6302": 2}
    assert set(result.frame["level"]) == {"raion"}
    unknown = next(p for p in result.problems if p.value == "Нарнійський")
    assert (unknown.severity, unknown.row, unknown.column) == ("warning", 5, "Oblast / Raion")
    elsewhere = next(p for p in result.problems if p.value == "Ізюмський")
    assert elsewhere.code == "name_elsewhere" and "UA6304" in elsewhere.message("en")
    assert "Одеськ" in elsewhere.message("uk")
    assert result.unused_columns == ()


def test_a_hromada_table_by_name_centre_and_suffix_lists_an_ambiguous_name_with_its_candidates(demo):
    text = (
        "Громада,Population\n"
        "Куп'янська міська ТГ,52000\n"  # a straight apostrophe and the suffixes
        "Velykoburlutska hromada,21000\n"
        "Балаклія,40000\n"  # the community's centre: Балаклійська
        "Камʼянська,9000\n"  # a modifier-letter apostrophe; three communities are called so
        "Нарнійська,1\n"  # no such community
    )
    result = load_indicators(csv("population.csv", text), demo.communities)
    assert result.ok, [p.describe("en") for p in result.problems]
    population = figures(demo, result, "Population")
    assert population["UA6308009"] == 52000 and population["UA6308001"] == 21000 and population["UA6304001"] == 40000
    assert len(population) == 3 and set(result.frame["level"]) == {"hromada"}
    ambiguous = next(p for p in result.problems if p.value == "Камʼянська")
    assert ambiguous.code == "name_ambiguous" and ambiguous.severity == "warning" and ambiguous.row == 5
    message = ambiguous.message("en")
    assert "UA1204015" in message and "UA2102013" in message  # the candidates, none of them chosen
    assert not {"UA1204015", "UA2102013"} & set(population.index)
    assert "Дніпропетровська" in ambiguous.message("uk")
    unknown = next(p for p in result.problems if p.value == "Нарнійська")
    assert unknown.code == "name_unknown" and unknown.severity == "warning" and unknown.row == 6
    table = result.matches.set_index("row")
    assert table.at[5, "how"] == "ambiguous" and "UA1204015" in table.at[5, "candidates"]
    assert table.at[4, "how"] == "centre" and pd.isna(table.at[6, "pcode"])


def test_the_oblast_column_narrows_a_community_that_is_ambiguous_alone(demo):
    text = "Область,Громада,Severity\nДніпропетровська,Кам'янська,3\nЗакарпатська,Kamianska,2\n"
    result = load_indicators(csv("severity.csv", text), demo.communities)
    assert result.ok and not codes(result, "error")
    assert dict(figures(demo, result, "Severity")) == {"UA1204015": 3, "UA2102013": 2}


def test_a_code_column_that_holds_names_is_read_at_the_level_of_its_names(demo):
    """Харківська is an oblast and a community: a column of oblast names is read as oblasts."""
    text = "pcode,PiN\nХарківська,10\nОдеська,20\nЛьвівська,30\nVinnytska,40\n"
    result = load_indicators(csv("pin.csv", text), demo.communities)
    assert result.ok
    assert dict(figures(demo, result, "PiN")) == {"UA63": 10, "UA51": 20, "UA46": 30, "UA05": 40}


def test_several_files_of_names_give_one_match_table_with_each_file(demo):
    hno = csv("hno.csv", HNO)
    population = csv("population.csv", "hromada,Population\nKupianska,52000\n")
    result = load_indicator_files([hno, population], demo.communities)
    assert result.ok
    assert set(match_table(result.matches, "en")["file"]) == {"hno.csv", "population.csv"}


def test_a_file_of_names_is_checked_on_the_command_line_with_its_match_table(tmp_path, capsys):
    path = tmp_path / "hno.csv"
    path.write_text(HNO + "Нарнія,5\n", encoding="utf-8")
    out = tmp_path / "matches.csv"
    assert main(["validate", "--kind", "indicators", str(path), "--lang", "en", "--matches", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0] == "hno.csv: loads, 7 rows."
    assert "“Нарнія”: no such name among the oblasts" in printed
    rows = list(csv_module.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert [r["code found"] for r in rows][:2] == ["UA63", "UA48"] and rows[-1]["how matched"] == "no unit has this name"
    assert main(["validate", "--kind", "indicators", str(path), "--lang", "uk"]) == 0
    assert "назви" in capsys.readouterr().out  # the summary of the names matched, in Ukrainian


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_without_codes_or_names_it_says_that_either_will_do(demo, lang):
    result = load_indicators(csv("figures.csv", "label,value\nsomething,1\n"), demo.communities)
    assert codes(result) == ["indicator_no_code_column"]
    line = report_lines(result, lang)[-1]
    assert ("oblast" if lang == "en" else "область") in line and "label, value" in line
