"""KoboToolbox exports (xlsx and CSV) load as needs as they come: group paths, select-multiple, _uuid, labels."""

from __future__ import annotations

from test_header_row import workbook
from test_layouts import fixture_communities

from geo.ingest.loaders import load_needs
from geo.ingest.reading import Source, read_table
from geo.ingest.validate import report_lines

UUIDS = [
    "3f2b8c1e-0d4a-4b6e-9a51-2c7d9e0f1a21",
    "8a1d2e3f-4b5c-4d6e-8f70-1a2b3c4d5e6f",
    "c0ffee00-1234-4abc-8def-0123456789ab",
]
HEADER = [
    "start", "group_location/pcode", "group_need/sector", "group_need/status", "group_household/vulnerable_groups",
    "group_household/vulnerable_groups/elderly", "group_household/vulnerable_groups/disability",
    "group_contact/phone", "group_contact/full_name", "_id", "_uuid", "_submission_time", "_index",
]  # fmt: skip
LABELS = [
    "start", "Громада", "Сектор", "Статус", "Вразливі групи", "Вразливі групи/люди похилого віку",
    "Вразливі групи/інвалідність", "Телефон", "ПІБ", "_id", "_uuid", "_submission_time", "_index",
]  # fmt: skip


def kobo_rows(sector: str = "wash") -> list[list]:
    rows = [
        ["2025-06-01", "UA4806037", "food", "open", "elderly disability", 1, 1, "+380991112233", "Secret One"],
        ["2025-06-02", "UA6510001", "health", "open", "disability", 0, 1, "+380991112234", "Secret Two"],
        ["2025-06-03", "UA4806017", sector, "open", "", 0, 0, "+380991112235", "Secret Three"],
    ]
    return [[*row, 100 + i, UUIDS[i], f"2025-06-0{i + 1}T10:00:00", i + 1] for i, row in enumerate(rows)]


def test_a_kobo_workbook_with_labels_loads_as_needs_without_a_mapping():
    data = workbook({"Form": [HEADER, LABELS, *kobo_rows()]})
    result = load_needs(Source("kobo_export.xlsx", data), fixture_communities())
    assert result.ok, [p.describe("en") for p in result.problems]
    frame = result.frame
    assert frame["need_id"].tolist() == UUIDS  # Kobo's _uuid: the form has no id of its own
    assert [str(d)[:10] for d in frame["reported_on"]] == ["2025-06-01", "2025-06-02", "2025-06-03"]
    assert frame.loc[0, "vulnerable_groups"] == "elderly;disability" and frame.loc[1, "vulnerable_groups"] == "disability"
    assert not {"phone", "full_name", "contact_name"} & set(frame.columns)
    assert not any("Secret" in str(v) or "+38099" in str(v) for v in frame.astype(str).to_numpy().ravel())
    dropped = [p for p in result.problems if p.code == "personal_dropped"][0]
    assert "phone" in dropped.message("en") and "full_name" in dropped.message("uk")
    assert result.read_from == {"sheet": "Form", "header_row": 1}
    assert not any(c.startswith("group_household/vulnerable_groups/") for c in result.unused_columns)  # read once
    assert "Form" in report_lines(result, "uk")[1] and "рядку 1" in report_lines(result, "uk")[1]


def test_a_kobo_workbooks_problems_name_the_rows_excel_shows():
    data = workbook({"Form": [HEADER, LABELS, *kobo_rows(sector="rockets")]})
    result = load_needs(Source("kobo_export.xlsx", data), fixture_communities())
    bad = [p for p in result.problems if p.code == "bad_word"][0]
    assert bad.row == 5 and bad.column == "sector"  # Excel's row 5: under the names and the labels
    assert "rockets" in bad.message("en") and "rockets" in bad.message("uk") and "рядок 5" in bad.describe("uk")


def test_a_kobo_csv_with_only_choice_columns_folds_them_into_the_question():
    header = [h for h in HEADER if h != "group_household/vulnerable_groups"]
    rows = [[c for i, c in enumerate(row) if i != 4] for row in kobo_rows()]
    text = "\n".join(";".join(str(c) for c in line) for line in [header, *rows]) + "\n"
    frame, problems = read_table(Source("kobo_export.csv", text.encode()))
    assert not problems
    assert frame["vulnerable_groups"].tolist() == ["elderly;disability", "disability", ""]
    assert "pcode" in frame.columns and "group_household/vulnerable_groups/elderly" not in frame.columns
    assert frame["_row"].tolist() == [2, 3, 4]


def test_a_form_with_its_own_id_and_date_keeps_them_over_kobos():
    header = ["need_id", "date_reported", "group_need/sector", "status", "pcode", "_uuid", "_submission_time"]
    row = ["N-7", "2025-05-20", "food", "open", "UA4806037", UUIDS[0], "2025-06-01T10:00:00"]
    data = workbook({"Sheet1": [header, row]})
    result = load_needs(Source("kobo.xlsx", data), fixture_communities())
    assert result.ok, [p.describe("en") for p in result.problems]
    assert result.frame.loc[0, "need_id"] == "N-7" and str(result.frame.loc[0, "reported_on"])[:10] == "2025-05-20"
    assert {"_uuid", "_submission_time"} <= set(result.unused_columns)
