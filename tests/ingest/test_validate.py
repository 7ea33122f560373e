"""The file corpus (tests/data/bad, tests/data/good) and ``python -m geo validate``.

bad/expected.csv names, for every bad file, the problem it must report (row and column blank when
the problem is about the whole file); good/expected.csv names the rows every good file must load.
tests/data/make_corpus.py remakes the binary and encoding-sensitive files of both folders.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from geo.ingest import reading
from geo.ingest.contract import KINDS
from geo.ingest.loaders import LoadResult, load_communities
from geo.ingest.problems import ERROR, MESSAGES
from geo.ingest.reading import MAX_BYTES, Source
from geo.ingest.validate import validate

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
BAD = DATA / "bad"
GOOD = DATA / "good"
COMMUNITIES = DATA / "communities.geojson"
MANIFEST = "expected.csv"

# What a message must never show a coordinator: Python's or a library's inner workings.
INTERNALS = re.compile(
    r"Traceback|File \"|\b[A-Z][A-Za-z]*(Error|Exception)\b|KeyError|BadZipFile|OutOfBounds|"
    r"C error|tokenizing|/vsimem|Errno|\bNone\b|\bnan\b|<NA>"
)
CYRILLIC = re.compile(r"[А-Яа-яЇїЄєҐґІі]")

# Known loader bugs (see the report that came with this corpus). strict=True: when a bug is fixed
# the test passes, pytest reports XPASS as a failure, and the entry here must be removed.
REFUSAL_BUGS: dict[str, str] = {}
MESSAGE_BUGS: dict[str, str] = {}
GOOD_BUGS: dict[str, str] = {}


def manifest(folder: Path) -> list[dict[str, str]]:
    with (folder / MANIFEST).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def corpus_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != MANIFEST)


def cases(folder: Path, bugs: dict[str, str]) -> list:
    return [
        pytest.param(entry, id=entry["file"], marks=[pytest.mark.xfail(strict=True, reason=bugs[entry["file"]])])
        if entry["file"] in bugs
        else pytest.param(entry, id=entry["file"])
        for entry in manifest(folder)
    ]


@cache
def fixture_communities():
    result = load_communities(Source.from_path(COMMUNITIES))
    assert result.ok, [p.describe("en") for p in result.problems]
    return result.frame


@cache
def check(folder: Path, name: str, kind: str) -> LoadResult:
    communities = None if kind == "communities" else fixture_communities()
    return validate(kind, Source.from_path(folder / name), communities)


def errors_of(result: LoadResult) -> list:
    return [p for p in result.problems if p.severity == ERROR]


# --- the corpus ----------------------------------------------------------------------------


def test_every_corpus_file_is_in_its_manifest():
    """A file added to the corpus without saying what it must report (or listed but gone) is caught."""
    bad = manifest(BAD)
    assert len(corpus_files(BAD)) >= 40
    assert sorted(e["file"] for e in bad) == corpus_files(BAD)  # each once, none missing, none extra
    assert sorted(e["file"] for e in manifest(GOOD)) == corpus_files(GOOD)
    for entry in bad:
        assert entry["kind"] in KINDS and entry["code"] in MESSAGES, entry
        assert entry["row"] == "" or entry["row"].isdigit(), entry
    assert all(e["kind"] in KINDS and e["rows"].isdigit() for e in manifest(GOOD))


@pytest.mark.parametrize("entry", cases(BAD, REFUSAL_BUGS))
def test_bad_file_is_refused_with_its_problem(entry):
    """A coordinator's broken file is refused, and the report names the problem, row and column to fix."""
    result = check(BAD, entry["file"], entry["kind"])
    assert not result.ok and result.frame is None
    found = [p for p in errors_of(result) if p.code == entry["code"]]
    if entry["row"]:
        found = [p for p in found if p.row == int(entry["row"])]
    if entry["column"]:
        found = [p for p in found if p.column == entry["column"]]
    assert found, [(p.code, p.row, p.column) for p in result.problems]
    for lang in ("uk", "en"):
        assert found[0].message(lang).strip()
        assert found[0].file == entry["file"]


@pytest.mark.parametrize("entry", cases(BAD, MESSAGE_BUGS))
def test_bad_file_messages_speak_plainly(entry):
    """Every message about a bad file reads as advice in Ukrainian and English, never as a Python exception."""
    result = check(BAD, entry["file"], entry["kind"])
    assert result.problems
    for problem in result.problems:
        uk, en = problem.message("uk"), problem.message("en")
        assert uk.strip() and en.strip()
        assert CYRILLIC.search(uk), uk
        assert not INTERNALS.search(uk) and not INTERNALS.search(en), (uk, en)


@pytest.mark.parametrize(
    ("name", "kind", "suggestion"),
    [("needs_pcode_typo.csv", "needs", "UA4806037"), ("idp_counts_unknown_host.csv", "idp_counts", "UA6510001")],
)
def test_mistyped_code_gets_the_right_one_suggested(name, kind, suggestion):
    """A P-code with one wrong digit gets “did you mean …” with the community's real code."""
    problem = next(p for p in check(BAD, name, kind).problems if p.code == "unknown_code")
    assert suggestion in problem.message("uk") and suggestion in problem.message("en")


@pytest.mark.parametrize("entry", cases(GOOD, GOOD_BUGS))
def test_good_file_loads_every_row(entry):
    """A file in any supported encoding, delimiter or format loads whole, with no error."""
    result = check(GOOD, entry["file"], entry["kind"])
    assert result.ok and not errors_of(result), [p.describe("en") for p in result.problems]
    assert len(result.frame) == int(entry["rows"])


def test_good_files_keep_their_values():
    """ї/є/ґ/’, decimal commas, “4 450”, day-first dates, Ukrainian words and projected shapes come out right."""
    provider = "Благодійний фонд «Їжак’є» / ГО «Ґрунт і Єдність»"
    cp1251 = check(GOOD, "needs_cp1251_semicolon.csv", "needs").frame.set_index("need_id")
    assert cp1251.loc["З-1", "provider"] == provider
    assert cp1251.loc["З-2", "pcode"] == "UA4806017"  # 47,1 / 31,9 with decimal commas
    assert cp1251.loc["З-3", "pcode"] == "UA6510001" and cp1251.loc["З-3", "status"] == "closed"
    assert cp1251.loc["З-3", "vulnerable_groups"] == "children;disability"
    assert cp1251.loc["З-1", "reported_on"] == pd.Timestamp("2025-06-02")  # 02.06.2025 is 2 June
    assert check(GOOD, "needs_utf8_bom.csv", "needs").frame["provider"].iloc[1] == provider
    assert check(GOOD, "needs_first_sheet.xlsx", "needs").frame["provider"].iloc[0] == provider
    statuses = check(GOOD, "needs_ukrainian_headers.csv", "needs").frame.set_index("need_id")["status"]
    assert statuses.to_dict() == {"З-101": "open", "З-102": "in_progress", "З-103": "closed", "З-104": "open"}
    hxl = check(GOOD, "needs_hxl_ukrainian_header.csv", "needs").frame
    assert list(hxl["sector"]) == ["food", "wash", "legal_aid"] and list(hxl["_row"]) == [3, 4, 5]
    idp = check(GOOD, "idp_counts.csv", "idp_counts").frame
    assert idp["people"].iloc[0] == 4450 and idp["households"].iloc[0] == 1800
    assert check(GOOD, "hubs.csv", "hubs").frame.set_index("hub_id").loc["H-2", "hub_type"] == "aid_point"
    for name in ("communities_utm36.gpkg", "communities_shapefile_utm36.zip", "communities_crs_utm36.geojson"):
        frame = check(GOOD, name, "communities").frame
        assert frame.crs.to_epsg() == 4326
        assert [round(v, 2) for v in frame.total_bounds] == [31.0, 46.5, 32.5, 47.5], name


# --- size ----------------------------------------------------------------------------------


@cache
def _over_the_limit() -> bytes:
    row = b"N-1,UA4806037,,,food,open,true,2025-06-02,,,3,\n"
    return b"need_id,pcode,lat,lon,sector,status,verified,reported_on,closed_on,provider,people,vulnerable_groups\n" + (
        row * (MAX_BYTES // len(row) + 1)
    )


@pytest.mark.parametrize("name", ["needs_2025.csv", "needs_2025.xlsx", "needs_2025.geojson"])
def test_file_over_the_size_limit_is_refused_without_reading_it(name, monkeypatch):
    """A 50 MB+ upload is refused at once, with its size and the limit, instead of hanging the app."""

    def must_not_read(*_args, **_kwargs):
        raise AssertionError("a file over the limit was read")

    for reader in ("_read_csv", "_read_excel", "_read_geojson", "_read_geopackage", "_read_zipped_shapefile"):
        monkeypatch.setattr(reading, reader, must_not_read)
    data = _over_the_limit()
    assert len(data) > MAX_BYTES
    result = validate("needs", Source(name, data), fixture_communities())
    assert not result.ok and [p.code for p in result.problems] == ["too_large"]
    assert "50" in result.problems[0].message("uk") and "50" in result.problems[0].message("en")


# --- the command line ----------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HROMADA_")}
    return subprocess.run(
        [sys.executable, "-m", "geo", "validate", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def run_json(*args: str) -> tuple[int, dict]:
    done = run_cli(*args, "--communities", str(COMMUNITIES.relative_to(ROOT)), "--json")
    return done.returncode, json.loads(done.stdout.strip().splitlines()[-1])


def assert_report_shape(report: dict) -> None:
    assert set(report) == {"ok", "rows_loaded", "errors", "warnings"}
    for problem in report["errors"] + report["warnings"]:
        assert set(problem) == {"row", "column", "value", "code", "message"}


def test_cli_good_file_with_a_warning_exits_0():
    """A file that loads, with a warning about personal columns, passes a script's `validate` step."""
    code, report = run_json("--kind", "needs", "tests/data/good/needs_with_personal_columns.csv")
    assert code == 0
    assert_report_shape(report)
    assert report["ok"] is True and report["rows_loaded"] == 2 and not report["errors"]
    assert [w["code"] for w in report["warnings"]] == ["personal_dropped"]


def test_cli_bad_file_exits_1_with_row_column_and_advice_in_english():
    """A bad file fails a script's `validate` step, naming the row, column and the code meant, in English."""
    code, report = run_json("--kind", "needs", "tests/data/bad/needs_pcode_typo.csv", "--lang", "en")
    assert code == 1
    assert_report_shape(report)
    assert report["ok"] is False and report["rows_loaded"] == 0
    error = report["errors"][0]
    assert (error["row"], error["column"], error["value"], error["code"]) == (3, "pcode", "UA4806038", "unknown_code")
    assert "Did you mean UA4806037" in error["message"] and not CYRILLIC.search(error["message"])


def test_cli_speaks_ukrainian():
    """--lang uk gives the report in Ukrainian."""
    code, report = run_json("--kind", "needs", "tests/data/bad/needs_pcode_typo.csv", "--lang", "uk")
    assert code == 1
    message = report["errors"][0]["message"]
    assert CYRILLIC.search(message) and "UA4806037" in message


@pytest.mark.parametrize(
    "args",
    [
        ("--kind", "shelters", "tests/data/good/needs_utf8.csv"),
        ("--kind", "needs", "tests/data/good/no_such_file.csv"),
    ],
    ids=["unknown-kind", "missing-file"],
)
def test_cli_usage_error_exits_2(args):
    """A mistyped --kind or file path is a usage error (exit 2), not a “bad file” (exit 1)."""
    done = run_cli(*args)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() and "Traceback" not in done.stderr


def test_cli_sheet_picks_a_named_sheet():
    """--sheet reads this year's sheet of a workbook instead of the first sheet with data."""
    workbook = "tests/data/good/needs_named_sheet.xlsx"
    assert run_json("--kind", "needs", workbook)[1]["rows_loaded"] == 2  # sheet "2024", the first
    code, report = run_json("--kind", "needs", workbook, "--sheet", "2025")
    assert code == 0 and report["rows_loaded"] == 3
    code, report = run_json("--kind", "needs", workbook, "--sheet", "2026", "--lang", "en")
    assert code == 1 and report["errors"][0]["code"] == "no_sheet"
    assert "2024, 2025" in report["errors"][0]["message"]
