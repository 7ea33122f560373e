"""Indicators: any table of figures per unit, at any level, becomes metrics for the map."""

import json
import os

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.__main__ import main
from geo.ingest.indicators import indicator_paths, load_indicator_files, load_indicators, rows_loaded
from geo.ingest.loaders import load_dataset
from geo.ingest.reading import Source
from geo.ingest.validate import report_json

# Two oblasts, three raions, four hromadas: enough for every level.
UNITS = [
    ("UA4806013", "UA4806", "UA48"),
    ("UA4806017", "UA4806", "UA48"),
    ("UA4802001", "UA4802", "UA48"),
    ("UA6510001", "UA6510", "UA65"),
]


@pytest.fixture(scope="module")
def communities() -> gpd.GeoDataFrame:
    rows = [
        {"pcode": h, "name_uk": h, "name_en": h, "raion_pcode": r, "oblast_pcode": o, "geometry": box(i, 0, i + 1, 1)}
        for i, (h, r, o) in enumerate(UNITS)
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


def csv(name: str, text: str) -> Source:
    return Source(name, text.encode("utf-8"))


def metrics(result) -> pd.DataFrame:
    return result.frame.drop_duplicates("key").set_index("column")


def values(result, column: str) -> dict:
    frame = result.frame[result.frame["column"] == column]
    return {code: (None if pd.isna(v) else float(v)) for code, v in zip(frame["pcode"], frame["value"], strict=True)}


def codes(result) -> list[str]:
    return [p.code for p in result.problems]


HNO = (
    "Oblast,Admin 1 P-Code,People in need,IDPs in need,Source\n"
    "#adm1+name,#adm1 +code,#inneed,#inneed +idps,#meta+source\n"
    'Mykolaivska,UA48,"412 000","35 500",OCHA HNO 2025\n'
    'Khersonska,UA65,"388 100",,OCHA HNO 2025\n'
)


def test_an_hno_table_per_oblast_gives_named_metrics_with_unit_and_source(communities):
    """People in need per oblast, tagged as the HNO tags them (with spaces): named in both languages."""
    result = load_indicators(csv("hno.csv", HNO), communities)
    assert result.ok, [p.describe("en") for p in result.problems]
    found = metrics(result)
    assert list(found.index) == ["People in need", "IDPs in need"]  # the oblast's name is text: not a metric
    pin = found.loc["People in need"]
    assert (pin["label_en"], pin["label_uk"]) == ("People in need", "Люди, які потребують допомоги")
    assert (pin["level"], pin["unit"], pin["source"]) == ("oblast", "people", "OCHA HNO 2025")
    assert values(result, "People in need") == {"UA48": 412000.0, "UA65": 388100.0}
    assert values(result, "IDPs in need") == {"UA48": 35500.0, "UA65": None}  # a blank is "no data"
    assert "Oblast" not in result.unused_columns  # the units' names, read beside their codes, not "left out"


SEVERITY = (
    "adm2_pcode,raion,severity,comment\n"
    "UA4806,Mykolaivskyi,4,high\n"
    "UA4802,Bashtanskyi,n/a,—\n"
    "UA6510,Khersonskyi,3.5,severe\n"
)


def test_severity_per_raion_is_a_score_and_no_data_words_are_blanks(communities):
    result = load_indicators(csv("severity.csv", SEVERITY), communities)
    assert result.ok
    found = metrics(result)
    assert list(found.index) == ["severity"]
    assert (found.loc["severity", "label_uk"], found.loc["severity", "unit"]) == ("Рівень тяжкості", "score")
    assert found.loc["severity", "source"] == "severity.csv"  # no source column, no title: the file's name
    assert values(result, "severity") == {"UA4806": 4.0, "UA4802": None, "UA6510": 3.5}
    assert set(result.unused_columns) == {"comment"}  # the raion's name is read as its name


KSE = (
    "hromada_code,hromada_name,total_population_2022,urban_population_2022,urban_pct\n"
    "UA48060130000012345,Шевченківська,12400,0,0\n"
    "UA48060170000054321,Мішково-Погорілівська,9361,4000,0.4273048819570559\n"
    "UA65100010000011111,Білозерська,20000,20000,1\n"
    "NA,NA,41761,24000,0\n"
)


def test_a_kse_population_table_loads_as_it_is(communities):
    """KATOTTH codes, KSE's own headers, a share written 0..1, and a total row keyed NA."""
    result = load_indicators(csv("ua-pop-2022.csv", KSE), communities)
    assert result.ok
    found = metrics(result)
    assert found.loc["total_population_2022", "label_uk"] == "Населення, 2022"
    assert found.loc["total_population_2022", "level"] == "hromada"
    assert found.loc["urban_pct", "unit"] == "percent"
    assert values(result, "urban_pct")["UA4806017"] == pytest.approx(42.73, abs=0.01)  # shown as %
    assert values(result, "total_population_2022") == {"UA4806013": 12400.0, "UA4806017": 9361.0, "UA6510001": 20000.0}
    assert rows_loaded(result.frame) == 3
    (total,) = [p for p in result.problems if p.code == "indicator_bad_code"]
    assert total.severity == "warning" and total.row == 5 and total.value == "NA"
    assert "not a unit code" in total.message("en") and "не код одиниці" in total.message("uk")


def test_an_unknown_unit_is_listed_with_the_nearest_code_and_left_out(communities):
    text = "pcode,score\nUA4806,2\nUA4807,3\n"
    result = load_indicators(csv("scores.csv", text), communities)
    assert result.ok  # an indicators file may cover more than the deployment does
    (unknown,) = [p for p in result.problems if p.code == "unknown_unit"]
    assert unknown.row == 3 and unknown.severity == "warning"
    assert unknown.message("en") == (
        "Code “UA4807” is not among the raions of the communities file; this row is left off the map. Did you mean UA4806?"
    )
    assert "районів" in unknown.message("uk") and "UA4806" in unknown.message("uk")
    assert values(result, "score") == {"UA4806": 2.0}


def test_one_unit_twice_in_one_column_is_an_error_naming_both_rows(communities):
    text = "pcode,people in need,note\nUA48,100,a\nUA65,200,b\nUA48000000000039575,150,c\n"
    result = load_indicators(csv("twice.csv", text), communities)
    assert not result.ok and result.frame is None
    (twice,) = [p for p in result.problems if p.code == "indicator_duplicate"]
    assert (twice.row, twice.column, twice.value) == (4, "people in need", "UA48")
    assert twice.describe("en").startswith(
        "twice.csv, row 4, column “people in need”: UA48 has a figure in this column twice: on row 2 and again on this row."
    )
    assert "рядок 4" in twice.describe("uk") and "у рядку 2" in twice.message("uk")


def test_a_unit_twice_with_a_blank_in_one_row_is_no_conflict(communities):
    text = "pcode,idps,severity\nUA48,100,\nUA48,,3\n"
    result = load_indicators(csv("split.csv", text), communities)
    assert result.ok
    assert values(result, "idps") == {"UA48": 100.0} and values(result, "severity") == {"UA48": 3.0}


def test_a_column_with_rows_at_two_levels_gives_a_metric_per_level(communities):
    text = "pcode,population\nUA48,50000\nUA4806,30000\nUA4802,20000\n"
    result = load_indicators(csv("pop.csv", text), communities)
    first = result.frame.drop_duplicates("key")
    assert dict(zip(first["level"], first["label_en"], strict=True)) == {
        "oblast": "Population (oblasts)",
        "raion": "Population (raions)",
    }
    assert set(first["label_uk"]) == {"Населення (області)", "Населення (райони)"}


def test_a_number_typed_wrong_is_no_data_with_a_warning_and_a_text_column_is_not_a_metric(communities):
    units = ["UA48", "UA65", "UA4806", "UA4802", "UA6510", *(h for h, _r, _o in UNITS), "UA4899"]
    cells = ["1o" if i == 1 else f"0.{i}" for i in range(len(units))]  # one typo in ten: still figures
    text = "pcode,reach_score,status\n" + "".join(f"{u},{c},ok\n" for u, c in zip(units, cells, strict=True))
    result = load_indicators(csv("reach.csv", text), communities)
    assert result.ok
    bad = [p for p in result.problems if p.code == "indicator_bad_number"]
    assert [(p.row, p.value) for p in bad] == [(3, "1o")] and bad[0].severity == "warning"
    assert "1o" in bad[0].message("uk") and "немає даних" in bad[0].message("uk")
    assert values(result, "reach_score")["UA65"] is None and values(result, "reach_score")["UA48"] == 0.0
    assert "status" in result.unused_columns
    typo_heavy = text.replace("0.2", "two").replace("0.3", "three")  # three in ten: a column of text
    assert "reach_score" in load_indicators(csv("reach.csv", typo_heavy), communities).unused_columns


def test_a_file_without_codes_or_without_figures_says_what_it_needs(communities):
    no_codes = load_indicators(csv("labels.csv", "label,people\nMykolaivska,1\n"), communities)
    assert codes(no_codes) == ["indicator_no_code_column"]
    assert "label, people" in no_codes.problems[0].message("en")
    assert "#adm1+code" in no_codes.problems[0].message("uk") and "область" in no_codes.problems[0].message("uk")
    no_figures = load_indicators(csv("list.csv", "pcode,name\nUA48,Миколаївська\n"), communities)
    assert "indicator_no_metric" in codes(no_figures) and no_figures.frame is None
    assert "текст" in no_figures.problems[-1].message("uk")


def test_several_files_load_into_one_dataset(fixture_sources):
    """HROMADA_INDICATORS may name several files: the dataset holds the metrics of each."""
    pop = csv("pop.csv", "pcode,population\nUA4806037,12400\nUA6510001,20000\n")
    score = csv("score.csv", "hromada,adm3_pcode,severity\nШевченківська,UA4806037,4\n")
    dataset, results = load_dataset({**fixture_sources, "indicators": (pop, score)})
    assert dataset is not None, [p.describe("en") for p in results["indicators"].problems]
    assert results["indicators"].source_name == "pop.csv, score.csv"
    assert set(dataset.indicators["column"]) == {"population", "severity"}
    assert set(dataset.indicators["file"]) == {"pop.csv", "score.csv"}


def test_a_broken_indicators_file_is_refused_as_an_upload_and_left_out_as_a_deployments(fixture_sources):
    """Uploaded, a broken indicators file is refused with its own problem (the data shown before stays); a
    deployment's is left off the map with that problem listed, and the rest of the data is drawn."""
    broken = csv("twice.csv", "pcode,idps\nUA4806037,1\nUA4806037,2\n")
    dataset, results = load_dataset({**fixture_sources, "indicators": (broken,)}, "indicators")
    assert dataset is None and "indicator_duplicate" in codes(results["indicators"])
    assert all(results[kind].ok for kind in ("communities", "needs", "hubs", "idp_counts"))
    dataset, results = load_dataset({**fixture_sources, "indicators": (broken,)})
    assert dataset is not None and dataset.indicators is None and len(dataset.needs) == len(results["needs"].frame)
    assert "indicator_duplicate" in codes(results["indicators"])


def test_the_same_file_twice_counts_once(communities):
    source = csv("hno.csv", HNO)
    result = load_indicator_files([source, source], communities)
    assert result.ok and len(result.frame) == 4


def test_indicator_paths_follow_the_setting_then_the_demo_file(tmp_path):
    assert indicator_paths(tmp_path, {}) == []
    (tmp_path / "indicators.csv").write_text("pcode,x\n")
    assert indicator_paths(tmp_path, {}) == [tmp_path / "indicators.csv"]
    both = os.pathsep.join(["/a/hno.xlsx", "/b/kse.csv"])
    assert [str(p) for p in indicator_paths(tmp_path, {"HROMADA_INDICATORS": both})] == ["/a/hno.xlsx", "/b/kse.csv"]
    assert indicator_paths(tmp_path, {"HROMADA_INDICATORS": ""}) == []  # set empty: none at all


def test_validate_checks_an_indicators_file_on_the_command_line(tmp_path, capsys):
    """``python -m geo validate --kind indicators`` against the demo's communities, in both languages."""
    path = tmp_path / "hno.csv"
    path.write_text(HNO + "Total,,800100,35500,OCHA HNO 2025\n", encoding="utf-8")
    assert main(["validate", "--kind", "indicators", str(path), "--lang", "en", "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "hno.csv: loads, 2 rows."
    report = json.loads(lines[-1])
    assert report["ok"] and report["rows_loaded"] == 2
    assert [w["code"] for w in report["warnings"]] == ["indicator_no_code"]
    assert main(["validate", "--kind", "indicators", str(path), "--lang", "uk"]) == 0
    assert "рядок 5" in capsys.readouterr().out


def test_report_counts_the_file_rows_not_the_metrics(communities):
    result = load_indicators(csv("hno.csv", HNO), communities)
    assert report_json(result, "en")["rows_loaded"] == 2


def test_the_demo_indicators_are_remade_identically_and_say_the_severity_is_made_up(tmp_path):
    """``make demo-data`` writes data/indicators.csv again byte for byte; its severity is labelled a demo figure."""
    import importlib.util
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for name in ("communities.geojson", "idp_counts.csv"):
        shutil.copy(root / "data" / name, tmp_path / name)
    spec = importlib.util.spec_from_file_location("make_demo_indicators", root / "scripts" / "make_demo_indicators.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.main(tmp_path)
    assert written.read_bytes() == (root / "data" / "indicators.csv").read_bytes()
    header = written.read_text(encoding="utf-8").splitlines()[0]
    assert "Demo severity (not an HNO value)" in header
