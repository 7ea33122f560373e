"""The Data page's tables in plain words: right counts, reasons in words, and no raw codes, "None" or timestamps."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest
from conftest import DEMO, FIXTURES, sources_in

from geo.figures.data_summary import COLUMN_LABELS, FACTS, inputs_table, kyiv_time, problems_table, rows_table
from geo.ingest.contract import COLUMNS, HUB_TYPES, KIND_LABELS, SECTORS, STATUSES
from geo.ingest.loaders import load_dataset
from geo.ingest.problems import MESSAGES
from geo.ingest.reading import Source
from geo.text.formatting import number
from geo.text.i18n import gettext_for

LANGS = ("uk", "en")
# What a coordinator must never read on the Data page: Python's and pandas' empty values, a midnight
# timestamp, the loaders' problem codes, the data format's column names and the vocabularies' keys.
_CODES = {code for code in MESSAGES if "_" in code}
_CODES |= {c.name for columns in COLUMNS.values() for c in columns if "_" in c.name} | {"pcode"}
_CODES |= {key for vocabulary in (SECTORS, STATUSES, HUB_TYPES) for key in vocabulary if "_" in key} | {"wash"}
RAW = re.compile(r"\b(?:None|nan|NaN|NaT|<NA>)\b|00:00:00|\b(?:" + "|".join(sorted(_CODES)) + r")\b")


def raw_cells(frame: pd.DataFrame) -> list[str]:
    """Every header, index label or cell that shows something raw."""
    texts = [str(c) for c in frame.columns] + [str(i) for i in frame.index] + [str(v) for v in frame.to_numpy().ravel()]
    return [text for text in texts if RAW.search(text)]


def test_the_raw_check_can_fail():
    """The check finds what the issue saw: "None", a sector key, a problem code and a midnight timestamp."""
    frame = pd.DataFrame({"a": ["None", "wash", "personal_dropped (x)", "2025-06-01 00:00:00", "name_uk", "ok"]})
    assert raw_cells(frame) == ["None", "wash", "personal_dropped (x)", "2025-06-01 00:00:00", "name_uk"]


@pytest.fixture(scope="module")
def demo_results():
    _dataset, results = load_dataset(sources_in(DEMO))
    return results


def fact(table: pd.DataFrame, key: str, kind: str, lang: str) -> str:
    _ = gettext_for(lang)
    return table.loc[_(FACTS[key]), _(KIND_LABELS[kind])]


def data_rows(path) -> int:
    """The rows of data a demo file holds, counted without the loaders."""
    if path.suffix == ".geojson":
        return len(json.loads(path.read_text(encoding="utf-8"))["features"])
    return len(pd.read_csv(path))


@pytest.mark.parametrize("lang", LANGS)
def test_the_demo_summary_counts_every_row_and_says_it_in_words(demo_results, lang):
    """Per input: the file, its rows read and loaded as in the file, nothing left out, and nothing raw."""
    table = inputs_table(demo_results, lang)
    assert raw_cells(table) == []
    _ = gettext_for(lang)
    for kind, name in (("communities", "communities.geojson"), ("needs", "needs.csv"), ("hubs", "hubs.csv")):
        rows = number(data_rows(DEMO / name), lang)
        assert fact(table, "file", kind, lang) == name
        assert fact(table, "rows_read", kind, lang) == rows
        assert fact(table, "rows_loaded", kind, lang) == rows
        assert fact(table, "rows_left_out", kind, lang) == "0"
        assert fact(table, "why", kind, lang) == "—"
        assert fact(table, "result", kind, lang) == _("loaded")
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", fact(table, "read_at", "needs", lang))
    # The demo's needs carry four personal columns: named by their labels, never as contact_name.
    hidden = {"uk": "приховано персональні дані — стовпців: 4 (контактна особа, телефон, адреса, примітки)"}
    hidden["en"] = "personal data hidden: 4 columns (contact name, phone, address, notes)"
    assert hidden[lang] in fact(table, "columns", "needs", lang)
    holds = fact(table, "holds", "needs", lang)
    assert _("WASH") in holds and _("in progress") in holds
    assert re.search(r"\d\d\.\d\d\.\d{4}–\d\d\.\d\d\.\d{4}", holds)  # the reporting dates, day first
    assert problems_table(demo_results, lang).empty  # the personal columns are said above, not as a problem


BAD_NEEDS = (
    "need_id,pcode,lat,lon,sector,status,verified,reported_on,closed_on,provider,people,колір,ПІБ\n"
    "N-1,UA4806037,,,food,open,true,2025-06-02,,,3,red,Secret Person\n"
    "N-2,UA4806037,,,food,open,true,04.06.25,,,3,red,Secret Person\n"
    "N-3,UA4806099,,,wash,open,true,2025-06-02,,,3,red,Secret Person\n"
    "N-4,UA4806037,,,food,open,true,31.02.2025,,,3,red,Secret Person\n"
    "N-5,UA4806037,,,,open,true,2025-06-02,,,3,red,Secret Person\n"
)


@pytest.fixture(scope="module")
def bad_results():
    sources = {**sources_in(FIXTURES), "needs": Source("потреби травень.csv", BAD_NEEDS.encode())}
    dataset, results = load_dataset(sources, "needs")
    assert dataset is None
    return results


@pytest.mark.parametrize("lang", LANGS)
def test_a_refused_file_says_why_in_words(bad_results, lang):
    """A needs file with errors: not loaded, its 5 rows read, the reasons in words with their rows, the columns
    it has beyond the data format and its personal column named; nothing raw in either table."""
    _ = gettext_for(lang)
    table = inputs_table(bad_results, lang)
    assert raw_cells(table) == []
    assert fact(table, "file", "needs", lang) == "потреби травень.csv"
    assert fact(table, "result", "needs", lang) == _("not loaded: errors found: {count} (listed below)").format(count=4)
    assert (fact(table, "rows_read", "needs", lang), fact(table, "rows_loaded", "needs", lang)) == ("5", "0")
    why = fact(table, "why", "needs", lang)
    for reason, rows in (
        ("the date is not a date", 2),
        ("the community code is not in the communities file", 1),
        ("a required cell is empty", 1),
    ):
        assert _("{reason} (rows: {count})").format(reason=_(reason), count=rows) in why
    columns = fact(table, "columns", "needs", lang)
    assert _("personal data hidden: one column ({names})").format(names="ПІБ") in columns
    assert _("not in the data format, so not read: one column ({names})").format(names="колір") in columns
    assert fact(table, "result", "hubs", lang) == _("loaded")

    problems = problems_table(bad_results, lang)
    assert raw_cells(problems) == []
    assert list(problems.columns) == [_(h) for h in ("Data", "File", "Row", "Column", "Severity", "Problem and what to do")]
    by_row = problems.set_index(_("Row"))
    assert list(by_row.index) == ["3", "4", "5", "6"]  # rows as Excel numbers them, in file order
    assert by_row.loc["3", _("Column")] == _("Reported on")
    assert by_row.loc["4", _("Column")] == _("Community code")
    assert "UA4806099" in by_row.loc["4", _("Problem and what to do")]
    assert set(by_row[_("Severity")]) == {_("error: the file is not loaded")}
    assert "Secret Person" not in problems.to_csv() + table.to_csv()


def test_rows_left_out_of_a_file_that_loads_add_up(demo_results):
    """New boundaries with fewer communities: the demo's needs that fall outside them are left out, and the
    reasons' rows add up to the rows left out, counting those only summed up ("… and 549 more")."""
    sources = {**sources_in(DEMO), "communities": Source.from_path(FIXTURES / "communities.geojson")}
    dataset, results = load_dataset(sources, "communities")
    assert dataset is not None
    table = inputs_table(results, "en")
    assert raw_cells(table) == []
    loaded = len(results["needs"].frame)
    assert fact(table, "rows_read", "needs", "en") == "725"
    assert fact(table, "rows_loaded", "needs", "en") == number(loaded, "en")
    assert fact(table, "rows_left_out", "needs", "en") == number(725 - loaded, "en")
    counted = [int(n.replace(",", "")) for n in re.findall(r"\(rows: ([\d,]+)\)", fact(table, "why", "needs", "en"))]
    assert sum(counted) == 725 - loaded and len(counted) == 2  # code not in the file; point in none of them
    assert fact(table, "result", "needs", "en") == "loaded, with warnings (listed below)"
    assert fact(table, "holds", "idp_counts", "en") == "—"  # every count's host is outside the new boundaries
    assert fact(table, "rows_left_out", "idp_counts", "en") == fact(table, "rows_read", "idp_counts", "en")


def test_an_input_the_communities_file_stopped_says_so():
    """When the communities file fails, the other inputs are not read: each says why, in words."""
    sources = {**sources_in(FIXTURES), "communities": Source("boundaries.geojson", b"")}
    _dataset, results = load_dataset(sources)
    table = inputs_table(results, "uk")
    assert raw_cells(table) == []
    assert fact(table, "result", "hubs", "uk") == "не завантажено: спершу має завантажитися файл громад"
    assert "файл порожній" in fact(table, "why", "communities", "uk")


@pytest.mark.parametrize("lang", LANGS)
def test_rows_are_shown_with_labels_and_readable_values(demo_results, internal_small, lang):
    """The rows of each input: labelled columns, sectors and hub types in words, dates day first, "—" for blanks."""
    _ = gettext_for(lang)
    for kind in ("communities", "hubs", "idp_counts"):
        rows = rows_table(kind, demo_results[kind].frame, lang)
        assert raw_cells(rows) == [], kind
        assert len(rows) == min(500, len(demo_results[kind].frame))
    hubs = rows_table("hubs", demo_results["hubs"].frame, lang)
    assert set(hubs[_("Hub type")]) <= {_(label) for label, _aliases in HUB_TYPES.values()}
    counts = rows_table("idp_counts", demo_results["idp_counts"].frame, lang, demo_results["communities"].frame)
    assert counts[_("As of")].str.fullmatch(r"\d\d\.\d\d\.\d{4}").all()
    mariupol = {"uk": "Маріупольська (UA1414005)", "en": "Mariupolska (UA1414005)"}[lang]  # a code read by its name
    assert mariupol in set(counts[_("Community of origin (code)")])
    needs = rows_table("needs", internal_small.needs, lang)  # the internal view: personal columns kept, labelled
    assert raw_cells(needs) == []
    assert needs[_("Sector")].iloc[0] == _("food") and needs[_("Verified")].iloc[0] == _("yes")
    assert needs[_("Closed on")].iloc[0] == "—" and _("Contact name") in needs.columns


def test_every_column_of_the_data_format_has_a_label():
    """A column added to the data format gets a label here, or the Data page would show its raw name."""
    for kind, columns in COLUMNS.items():
        assert {c.name for c in columns} <= set(COLUMN_LABELS[kind]), kind


def test_times_are_kyiv_times_day_first():
    """02.12.2026 03:15 in Kyiv, winter (UTC+2) and summer (UTC+3), whatever the server's zone."""
    assert kyiv_time(dt.datetime(2026, 12, 2, 1, 15, tzinfo=dt.UTC)) == "02.12.2026 03:15"
    assert kyiv_time(dt.datetime(2025, 6, 1, 0, 0, tzinfo=dt.UTC)) == "01.06.2025 03:00"
    assert kyiv_time(None) == "—"
