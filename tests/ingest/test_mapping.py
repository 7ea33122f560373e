"""The column mapping (geo.ingest.mapping): guesses from names, tags and content, a scale, personal columns
that stay dropped whatever the mapping says, the mapping as a file, the deployment's and the command line's."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from geo.__main__ import main
from geo.ingest import mapping as mapping_module
from geo.ingest.loaders import load_idp_counts, load_needs
from geo.ingest.mapping import (
    GUESS_ROWS,
    MappingError,
    guess,
    inspect,
    make_mapping,
    mapping_from_specs,
    parse_mapping,
)
from geo.ingest.raw_table import ROW
from geo.ingest.reading import Source
from geo.ingest.settings import BadSetting, mapping_setting
from geo.text.i18n import gettext_for

ROOT = Path(__file__).resolve().parents[2]
COMMUNITIES = str(ROOT / "tests" / "data" / "communities.geojson")

# IDP counts as an oblast administration writes them: Ukrainian headers that no alias knows, figures in thousands.
ODD_IDP = (
    "Код громади перебування (КАТОТТГ);Звідки прибули;ВПО, тис. осіб;Дата обліку\n"
    "UA48060370000012345;UA6510001;1,5;01.10.2025\n"
    "UA4806017;;0,25;01.10.2025\n"
).encode()


@pytest.fixture(scope="module")
def communities(small):
    return small.communities


def by_field(guesses) -> dict:
    return {g.field: g for g in guesses}


def test_content_guesses_a_file_whose_ukrainian_headers_no_alias_knows():
    """Codes, a second column of codes, numbers and dates are found by what they hold; the panel is needed."""
    inspection = inspect(Source("впо.csv", ODD_IDP), "idp_counts")
    guesses = by_field(inspection.guesses)
    assert inspection.needed
    assert guesses["host_pcode"].column == "Код громади перебування (КАТОТТГ)"
    assert guesses["origin_pcode"].column == "Звідки прибули"
    assert guesses["people"].column == "ВПО, тис. осіб" and guesses["people"].scale == 1000  # "тис." = thousands
    assert guesses["as_of"].column == "Дата обліку"
    assert {g.reason for g in inspection.guesses if g.column} == {"content"}
    assert guesses["households"].column is None


def test_a_file_whose_columns_match_needs_no_mapping(fixture_sources):
    """Every required column found by its name: no panel, the file loads at once as before."""
    inspection = inspect(fixture_sources["idp_counts"], "idp_counts")
    assert not inspection.needed
    assert by_field(inspection.guesses)["host_pcode"].reason == "alias"


def test_needs_with_odd_headers_are_guessed_by_content_and_load(communities):
    """A needs file with headers of its own: id, code, sector, status and date found by content."""
    text = (
        "Заявка №;Громада;Напрям допомоги;Стан;Коли звернулись;Скільки людей\n"
        "Z-1;UA4806037;food;відкрита;02.06.2025;3\n"
        "Z-2;UA4806017;health;закрита;03.06.2025;1\n"
        "Z-3;UA4806037;вода;в роботі;04.06.2025;2\n"
    )
    source = Source("заявки.csv", text.encode())
    inspection = inspect(source, "needs")
    guesses = by_field(inspection.guesses)
    assert inspection.needed
    assert (guesses["need_id"].column, guesses["pcode"].column) == ("Заявка №", "Громада")
    assert (guesses["sector"].column, guesses["status"].column) == ("Напрям допомоги", "Стан")
    assert guesses["reported_on"].column == "Коли звернулись"
    assert guesses["people"].column == "Скільки людей"
    assert not load_needs(source, communities).ok  # as it ships: required columns missing
    loaded = load_needs(replace(source, mapping=inspection.mapping()), communities)
    assert loaded.ok, loaded.problems
    assert list(loaded.frame["status"]) == ["open", "closed", "in_progress"]
    assert list(loaded.frame["people"]) == [3, 1, 2]


def test_a_scaled_column_is_multiplied(communities):
    """people = vpo_thsd × 1000: 1,5 thousand people are 1,500; 0,25 thousand are 250."""
    mapping = mapping_from_specs(
        "idp_counts",
        ["host_pcode=Код громади перебування (КАТОТТГ)", "people=ВПО, тис. осіб*1000", "as_of=Дата обліку"],
    )
    loaded = load_idp_counts(Source("впо.csv", ODD_IDP, mapping=mapping), communities)
    assert loaded.ok, loaded.problems
    assert list(loaded.frame["host_pcode"]) == ["UA4806037", "UA4806017"]
    assert list(loaded.frame["people"]) == [1500, 250]
    assert loaded.frame["origin_pcode"].isna().all()  # not in the mapping: "Звідки прибули" is not read
    assert "Звідки прибули" in loaded.unused_columns


def test_a_personal_column_mapped_stays_dropped(communities):
    """Mapping ПІБ (or a column tagged #contact) to the provider never shows it: it is dropped as personal."""
    text = (
        "id;pcode;sector;status;reported_on;ПІБ;Контакт\n"
        "#meta+id;#adm3+code;#sector;#status;#date+reported;;#contact+name\n"
        "N-1;UA4806037;food;open;2025-06-02;Шевченко Тарас Григорович;Леся Українка\n"
    )
    mapping = make_mapping("needs", [("provider", "ПІБ", 1), ("people", "Контакт", 1)])
    loaded = load_needs(Source("needs.csv", text.encode(), mapping=mapping), communities)
    assert loaded.ok, loaded.problems
    assert loaded.frame["provider"].isna().all() and loaded.frame["people"].isna().all()
    cells = " ".join(str(v) for v in loaded.frame.to_numpy().ravel())
    assert "Шевченко" not in cells and "Леся" not in cells
    assert [p.code for p in loaded.problems] == ["personal_dropped"]
    # Nor does the panel offer them.
    inspection = inspect(Source("needs.csv", text.encode()), "needs")
    assert "ПІБ" not in inspection.columns and "ПІБ" in inspection.personal


def test_the_mapping_wins_over_a_column_named_like_its_field(communities):
    """people = vpo_thsd: the file's own "idps" column is left out; origin "not in this file" leaves "origin" out."""
    text = "host;origin;idps;vpo_thsd\nUA4806037;UA6510001;7;2\n"
    mapping = make_mapping(
        "idp_counts", [("host_pcode", "host", 1), ("origin_pcode", None, 1), ("people", "vpo_thsd", 1000)]
    )
    loaded = load_idp_counts(Source("x.csv", text.encode(), mapping=mapping), communities)
    assert loaded.ok, loaded.problems
    assert list(loaded.frame["people"]) == [2000] and loaded.frame["origin_pcode"].isna().all()
    assert set(loaded.unused_columns) == {"origin", "idps"}  # named as the file has them
    plain = load_idp_counts(Source("x.csv", text.encode()), communities)
    assert list(plain.frame["people"]) == [7]  # without the mapping, as before


def test_a_mapping_naming_a_column_the_file_lacks_is_an_error_in_both_languages(communities):
    mapping = mapping_from_specs("idp_counts", ["host_pcode=host", "people=vpo"])
    loaded = load_idp_counts(Source("x.csv", b"host;idps\nUA4806037;3\n", mapping=mapping), communities)
    assert not loaded.ok and [p.code for p in loaded.problems] == ["mapping_column_missing"]
    assert "“vpo”" in loaded.problems[0].message("en") and "host, idps" in loaded.problems[0].message("en")
    assert loaded.problems[0].message("uk") != loaded.problems[0].message("en")


def test_guesses_read_only_the_first_rows():
    """Hostile input: the guess reads GUESS_ROWS rows, however long the file (the rest is never looked at)."""
    frame = pd.DataFrame({ROW: range(2, 12_002), "x": ["UA4806037"] * GUESS_ROWS + ["not a code"] * 10_000})
    seen = []
    original = mapping_module._content_fits

    def spy(name, kind, cells):
        seen.append(len(cells))
        return original(name, kind, cells)

    mapping_module._content_fits = spy
    try:
        guesses = by_field(guess(frame, "idp_counts"))
    finally:
        mapping_module._content_fits = original
    assert guesses["host_pcode"].column == "x"
    assert seen and max(seen) <= GUESS_ROWS


def test_the_mapping_as_json_and_csv_comes_back_the_same():
    mapping = mapping_from_specs("idp_counts", ["host_pcode=code", "people=ВПО, тис.*1000", "origin_pcode="])
    assert parse_mapping("idp_counts", mapping.to_json()) == mapping
    assert parse_mapping("idp_counts", mapping.to_csv()) == mapping
    assert parse_mapping("idp_counts", mapping.text().encode()) == mapping
    assert json.loads(mapping.to_json())["columns"]["people"] == {"column": "ВПО, тис.", "scale": 1000}
    assert Source("a.csv", b"x", mapping=mapping).digest != Source("a.csv", b"x").digest


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"peeple=vpo", "unknown_field"),
        (b"people=vpo*0", "bad_scale"),
        (b"host_pcode=code*1000", "not_numeric"),
        (b"people=a\npeople=b", "duplicate_field"),
        (b'{"kind": "needs", "columns": {"people": "a"}}', "wrong_kind"),
        (b"{not json", "unreadable"),
        (b"people=a" + b" " * 70_000, "too_large"),
        (b"just words", "bad_spec"),
    ],
)
def test_a_bad_mapping_says_what_to_fix_in_both_languages(data, code):
    with pytest.raises(MappingError) as caught:
        parse_mapping("idp_counts", data)
    assert caught.value.code == code
    english, ukrainian = caught.value.message("en"), caught.value.message("uk")
    assert english and ukrainian != english
    assert ukrainian == gettext_for("uk")(mapping_module.MESSAGES[code]).format(**_translated(caught.value))


def _translated(error: MappingError) -> dict:
    _ = gettext_for("uk")
    params = dict(error.params)
    for key in ("kind", "other"):
        if params.get(key) in mapping_module.KIND_LABELS:
            params[key] = _(mapping_module.KIND_LABELS[params[key]])
    return params


def test_a_deployment_sets_a_mapping_per_input(tmp_path):
    path = tmp_path / "needs-map.json"
    path.write_bytes(mapping_from_specs("idp_counts", ["people=vpo*1000"]).to_json())
    from_file = mapping_setting("idp_counts", {"HROMADA_IDP_COUNTS_MAP": str(path)})
    assert from_file.columns == {"people": "vpo"} and from_file.fields[0].scale == 1000
    secrets = {"mapping": {"idp_counts": {"people": "vpo*1000", "host_pcode": {"column": "code"}}}}
    from_secrets = mapping_setting("idp_counts", {}, secrets)
    assert from_secrets.columns == {"people": "vpo", "host_pcode": "code"}
    assert mapping_setting("needs", {}, secrets) is None
    with pytest.raises(BadSetting):
        mapping_setting("idp_counts", {"HROMADA_IDP_COUNTS_MAP": str(tmp_path / "none.json")})
    with pytest.raises(BadSetting):
        mapping_setting("idp_counts", {}, {"mapping": {"idp_counts": {"peeple": "x"}}})


def test_cli_map_loads_a_file_that_does_not_load_as_it_is(tmp_path, capsys):
    """``--map people=vpo_thsd*1000 --map host_pcode=code`` and ``--map-file`` as the app downloads it."""
    file = tmp_path / "vpo.csv"
    file.write_text("code;vpo_thsd\nUA4806037;1,5\n", encoding="utf-8")
    base = ["validate", "--kind", "idp_counts", "--communities", COMMUNITIES, "--lang", "en", "--json"]
    assert main([*base, str(file)]) == 1
    out = capsys.readouterr().out
    assert json.loads(out.splitlines()[-1])["errors"][0]["code"] == "missing_columns"
    assert "--map=host_pcode=code" in out and "--map=people=vpo_thsd*1000" in out  # the guess, ready to paste
    assert main([*base, "--map", "people=vpo_thsd*1000", "--map", "host_pcode=code", str(file)]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1]) == {
        "ok": True,
        "rows_loaded": 1,
        "errors": [],
        "warnings": [],
    }
    saved = tmp_path / "mapping.json"
    saved.write_bytes(mapping_from_specs("idp_counts", ["people=vpo_thsd*1000", "host_pcode=code"]).to_json())
    assert main([*base, "--map-file", str(saved), str(file)]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as usage:
        main([*base, "--map", "peeple=vpo_thsd", str(file)])
    assert usage.value.code == 2 and "peeple" in capsys.readouterr().err


def test_a_required_column_whose_content_does_not_fit_is_unsure():
    """``people`` found by its name but holding words, while another column holds the counts: ask, and offer that one."""
    text = "host_pcode;people;Кількість\nUA4806037;багато;120\nUA4806017;мало;35\n"
    inspection = inspect(Source("x.csv", text.encode()), "idp_counts")
    people = by_field(inspection.guesses)["people"]
    assert inspection.needed and (people.column, people.reason) == ("Кількість", "content")
    # No other column to offer: the named one stays, marked unsure, and the panel still asks.
    alone = inspect(Source("x.csv", b"host_pcode;people\nUA4806037;lots\n"), "idp_counts")
    people = by_field(alone.guesses)["people"]
    assert alone.needed and (people.column, people.reason, people.unsure) == ("people", "alias", True)


def test_the_panel_offers_the_columns_of_the_sheet_that_will_be_loaded():
    """In a workbook of several tables, the guesses are made on the table the load reads (the first that fits
    the kind), not on a cover sheet's table."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Hubs"
    cover.append(["hub", "address"])
    cover.append(["Centre 1", "Kyiv"])
    counts = book.create_sheet("IDPs")
    counts.append(["Round", "admin1Pcode", "numPresentIdpInd"])
    counts.append(["14", "UA12", "498000"])
    data = io.BytesIO()
    book.save(data)
    seen = inspect(Source("dtm.xlsx", data.getvalue()), "idp_counts")
    assert "admin1Pcode" in seen.columns and "hub" not in seen.columns
