"""Names without codes: a needs, hubs or IDP counts file of oblast and community names loads with their codes."""

import io

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.__main__ import main
from geo.ingest.loaders import load_hubs, load_idp_counts, load_needs
from geo.ingest.name_match import match_names, match_table, name_columns, unit_index
from geo.ingest.reading import Source

# A few hromadas: four called Шевченківська in three oblasts (two in Харківська, in two raions).
OBLASTS = {"UA63": ("Харківська", "Kharkivska"), "UA48": ("Миколаївська", "Mykolaivska"), "UA71": ("Черкаська", "Cherkaska"),
           "UA12": ("Дніпропетровська", "Dnipropetrovska"), "UA80": ("Київ", "Kyiv")}  # fmt: skip
RAIONS = {"UA6308": ("Куп'янський", "Kupianskyi"), "UA6312": ("Харківський", "Kharkivskyi"),
          "UA4806": ("Миколаївський", "Mykolaivskyi"), "UA7102": ("Звенигородський", "Zvenyhorodskyi"),
          "UA1202": ("Дніпровський", "Dniprovskyi"), "UA8000": ("Київ", "Kyiv")}  # fmt: skip
HROMADAS = [
    ("UA6308015", "Шевченківська", "Shevchenkivska"),
    ("UA6308009", "Куп'янська", "Kupianska"),
    ("UA6312027", "Харківська", "Kharkivska"),
    ("UA6312099", "Шевченківська", "Shevchenkivska"),
    ("UA4806037", "Шевченківська", "Shevchenkivska"),
    ("UA7102031", "Шевченківська", "Shevchenkivska"),
    ("UA1202001", "Дніпровська", "Dniprovska"),
    ("UA8000000", "Київ", "Kyiv"),
]


@pytest.fixture(scope="module")
def communities() -> gpd.GeoDataFrame:
    rows = [(pcode, uk, en, pcode[:6], *RAIONS[pcode[:6]], pcode[:4], *OBLASTS[pcode[:4]]) for pcode, uk, en in HROMADAS]
    columns = ["pcode", "name_uk", "name_en", "raion_pcode", "raion_uk", "raion", "oblast_pcode", "oblast_uk", "oblast"]
    frame = pd.DataFrame(rows, columns=columns)
    shapes = [box(30 + i, 48, 30.9 + i, 48.9) for i in range(len(frame))]
    return gpd.GeoDataFrame(frame, geometry=shapes, crs=4326)


@pytest.fixture(scope="module")
def index(communities):
    return unit_index(communities)


def csv(name: str, text: str) -> Source:
    return Source(name, text.encode("utf-8"))


def found(index, **names):
    return match_names(index, names)[0]


# --- One row's names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "names",
    [
        {"oblast": "Харківська", "raion": "Куп'янський", "hromada": "Шевченківська"},
        {"oblast": "Kharkivska oblast", "raion": "Kupianskyi raion", "hromada": "Shevchenkivska hromada"},
        {"oblast": "Харківська область", "raion": "Куп’янський р-н", "hromada": "Шевченківська селищна ТГ"},
        {"raion": "Kupianskyi", "hromada": "Шевченкове"},  # the centre's name, in the raion
        {"raion": "Куп'янський", "hromada": "Shevchenkove"},  # the centre in Latin letters
    ],
)
def test_names_in_either_language_with_suffixes_find_the_one_community(index, names):
    result = found(index, **names)
    assert (result.pcode, result.level) == ("UA6308015", "hromada")


@pytest.mark.parametrize("spelling", ["Куп'янська", "Куп’янська", "Купʼянська", "Купянська", "Kup'ianska", "Kupianska city"])
def test_every_apostrophe_and_none_match_the_same_name(index, spelling):
    assert found(index, hromada=spelling).pcode == "UA6308009"


def test_a_name_several_communities_have_is_never_guessed_and_the_oblast_narrows_it(index):
    alone = found(index, hromada="Шевченківська")
    assert alone.pcode is None and alone.how == "ambiguous" and alone.hint == "oblast"
    assert set(alone.candidates) == {"UA6308015", "UA6312099", "UA4806037", "UA7102031"}
    assert found(index, oblast="Миколаївська", hromada="Шевченківська").pcode == "UA4806037"
    in_oblast = found(index, oblast="Харківська", hromada="Шевченківська")  # two in that oblast: the raion tells
    assert in_oblast.pcode is None and in_oblast.hint == "raion"
    assert found(index, oblast="Харківська", raion="Харківський", hromada="Шевченківська").pcode == "UA6312099"


def test_oblast_and_raion_names_alone_match_at_their_level(index):
    for name, pcode in [("Dnipropetrovska", "UA12"), ("Дніпропетровська область", "UA12"), ("Kyiv City", "UA80")]:
        result = found(index, oblast=name)
        assert (result.pcode, result.level) == (pcode, "oblast")
    assert found(index, oblast="Kharkiv oblast").pcode == "UA63"  # by its city's name
    assert (found(index, raion="Дніпровський район").pcode, found(index, raion="Дніпровський район").level) == (
        "UA1202",
        "raion",
    )


def test_one_typo_is_accepted_only_when_one_unit_is_that_close(index):
    result, typos = match_names(index, {"oblast": "Харківська", "hromada": "Купянзька"})
    assert (result.pcode, result.how) == ("UA6308009", "typo") and typos
    assert found(index, hromada="Дніпрвська").pcode == "UA1202001"
    assert found(index, hromada="Нісенітниця").how == "unmatched"


def test_a_bare_name_that_is_an_oblast_and_a_community_is_not_guessed(index):
    result = found(index, any="Харківська")
    assert result.pcode is None and set(result.candidates) == {"UA63", "UA6312027"}
    assert found(index, any="Харківська область").pcode == "UA63"
    assert found(index, any="Харківська міська громада").pcode == "UA6312027"


def test_headers_say_the_level_and_in_idp_counts_the_role():
    headers = ["ADM1_UA", "admin2Name_eng", "Громада", "oblast_pcode", "Область походження", "origin_hromada", "people"]
    columns = name_columns(headers, "idp_counts")
    assert columns == {
        ("host", "oblast"): ["ADM1_UA"],
        ("host", "raion"): ["admin2Name_eng"],
        ("host", "hromada"): ["Громада"],
        ("origin", "oblast"): ["Область походження"],
        ("origin", "hromada"): ["origin_hromada"],
    }


# --- Files -----------------------------------------------------------------------------------------


def test_an_idp_file_of_oblast_names_loads_at_oblast_level(communities):
    text = "oblast,idps\nDnipropetrovska,1200\nДніпропетровська область,30\nKyiv City,400\n"
    result = load_idp_counts(csv("dtm.csv", text), communities)
    assert result.ok, [p.describe("en") for p in result.problems]
    assert list(result.frame["host_pcode"]) == ["UA12", "UA12", "UA8000000"]  # Kyiv's codes all name the city
    assert "oblast" not in result.unused_columns
    table = match_table(result.matches, "en")
    assert list(table["code found"]) == ["UA12", "UA12", "UA80"] and set(table["how matched"]) == {"by name"}
    assert "codes_from_names" in [p.code for p in result.problems]  # said, as a warning


def test_a_needs_file_of_names_loads_and_the_ambiguous_and_unknown_rows_are_listed(communities):
    header = "need_id,oblast,hromada,sector,status,reported_on\n"
    good = (
        header
        + "n1,Харківська,Куп’янська міська ТГ,food,open,2025-06-01\nn2,Mykolaivska,Shevchenkove,food,open,2025-06-01\n"
    )
    result = load_needs(csv("needs.csv", good), communities)
    assert result.ok and list(result.frame["pcode"]) == ["UA6308009", "UA4806037"]
    assert list(match_table(result.matches, "uk")["як знайдено"]) == ["за назвою", "за назвою центру"]

    bad = header + "n1,,Шевченківська,food,open,2025-06-01\nn2,Харківська,Нісенітниця,food,open,2025-06-01\n"
    result = load_needs(csv("needs.csv", bad), communities)
    assert not result.ok
    by_code = {p.code: p for p in result.problems}
    ambiguous = by_code["name_ambiguous"].message("en")
    assert ambiguous.startswith("“Шевченківська”: 4 communities have this name (Kharkivska UA6308015")
    assert "add the oblast column" in ambiguous and by_code["name_ambiguous"].row == 2
    assert "Шевченківська: 4 громади" not in ambiguous  # the user's language is English here
    assert "Харківська UA6308015" in by_code["name_ambiguous"].message("uk")
    assert by_code["name_unknown"].row == 3 and "Нісенітниця" in by_code["name_unknown"].message("uk")
    assert not {"missing_value", "no_location", "bad_code"} & set(by_code)  # said once, by the name
    table = match_table(result.matches, "en")
    assert list(table["how matched"]) == ["several units have this name", "no unit has this name"]
    assert table["candidates"].iloc[0].split() == ["UA6308015", "UA6312099", "UA4806037", "UA7102031"]


def test_a_typo_is_a_warning_and_a_community_name_is_needed_for_a_hub(communities):
    text = "hub_id,name_uk,lat,lon,hub_type,oblast,community\nh1,Хаб,49.7,37.6,support_centre,Харківська,Купянзька\n"
    result = load_hubs(csv("hubs.csv", text), communities)
    assert result.ok and list(result.frame["pcode"]) == ["UA6308009"]
    typo = next(p for p in result.problems if p.code == "name_typo")
    assert typo.severity == "warning" and "Куп'янська (UA6308009)" in typo.message("uk")
    only_oblast = "hub_id,name_uk,lat,lon,hub_type,oblast\nh1,Хаб,49.7,37.6,support_centre,Харківська\n"
    result = load_hubs(csv("hubs.csv", only_oblast), communities)
    assert "name_not_community" in [p.code for p in result.problems] and not result.ok


def test_names_in_the_code_column_and_origins_of_idp_counts(communities):
    text = "громада перебування,область походження,громада походження,people\nКиїв,Харківська,Шевченкове,10\n"
    result = load_idp_counts(csv("idp.csv", text), communities)
    assert result.ok, [p.describe("en") for p in result.problems]
    row = result.frame.iloc[0]
    assert (row["host_pcode"], row["origin_pcode"]) == ("UA8000000", "UA6308015")


def test_a_file_with_codes_is_left_as_it_is(communities):
    text = "host_pcode,oblast,people\nUA6308015,Черкаська,5\n"  # the code wins; a name beside it is not read
    result = load_idp_counts(csv("idp.csv", text), communities)
    assert result.ok and result.matches is None and list(result.frame["host_pcode"]) == ["UA6308015"]


def test_the_command_line_writes_the_match_table(tmp_path, communities, capsys):
    boundaries = tmp_path / "communities.geojson"
    communities.to_file(boundaries, driver="GeoJSON")
    data = tmp_path / "idp.csv"
    data.write_text("oblast,hromada,people\nМиколаївська,Шевченківська,5\n,Шевченківська,3\n", encoding="utf-8")
    out = tmp_path / "matches.csv"
    code = main(
        [
            "validate",
            "--kind",
            "idp_counts",
            str(data),
            "--communities",
            str(boundaries),
            "--matches",
            str(out),
            "--lang",
            "en",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 1 and "4 communities have this name" in printed
    table = pd.read_csv(io.StringIO(out.read_text(encoding="utf-8-sig")), sep=None, engine="python")
    assert list(table["code found"].fillna("")) == ["UA4806037", ""]
    assert list(table["file"]) == ["idp.csv", "idp.csv"] and list(table["row"]) == [2, 3]
