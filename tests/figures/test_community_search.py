"""Finding a community: by name or code in the search box, or by a click on a map; and its place line."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.figures.community_search import (
    CENTRE,
    CONTAINS,
    EXACT,
    PREFIX,
    SearchIndex,
    candidate_label,
    committed_centres,
    find_communities,
    place_line,
    search,
    search_index,
    search_labels,
    typo_budget,
    unit_title,
    way_up,
)
from geo.figures.units import units_at
from geo.maps.map_click import MapClick, clicked_community, parse_click, pcode_mark
from geo.text.safe_markdown import md

SHEVCHENKOVE, BILOZERKA = "UA4806037", "UA6510001"  # tests/data


# --- Finding a community -----------------------------------------------------------------------

KUPIANSK_SHEVCHENKIVSKA, MYKOLAIV_SHEVCHENKIVSKA, CHERKASY_SHEVCHENKIVSKA = "UA6308015", "UA4806037", "UA7102031"
SHEVCHENKOVE_CENTRED = {KUPIANSK_SHEVCHENKIVSKA, MYKOLAIV_SHEVCHENKIVSKA, CHERKASY_SHEVCHENKIVSKA}
MYKOLAIV, KYIV, KHARKIV, ODESA, ZAPORIZHZHIA, KAMIANSKE = (
    "UA4806015", "UA8000000", "UA6312027", "UA5110027", "UA2306007", "UA1204015"
)  # fmt: skip
NO_CENTRES = pd.DataFrame(columns=["centre_uk", "centre_en", "kind"], index=pd.Index([], name="pcode"))


@pytest.fixture(scope="module")
def index(demo) -> SearchIndex:
    return search_index(demo.communities)


def frame(*names: str, **columns: list) -> pd.DataFrame:
    """A small communities table: one row per name (Ukrainian), P-codes UA0000001 on."""
    rows = {
        "pcode": [f"UA{i:07d}" for i in range(1, len(names) + 1)],
        "name_uk": list(names),
        "name_en": list(names),  # as the loader fills a file without English names
        "raion_uk": "Тестовий", "raion": "Testovyi", "oblast_uk": "Тестова", "oblast": "Testova", "population": 100,
    }  # fmt: skip
    return pd.DataFrame({**rows, **columns})


def plain(label: str) -> str:
    """A candidate's label as the list shows it (the Markdown escapes, bold and the invisible word joiners
    that keep an address from becoming a link undone, geo.text.safe_markdown)."""
    return label.replace("**", "").replace("\\", "").replace("\u2060", "")


def found(index: SearchIndex, query: str) -> list[str]:
    return [m.pcode for m in search(index, query).matches]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("UA1402001", "UA1402001"),
        ("ua 1402001", "UA1402001"),
        ("UA14020010000012345", "UA1402001"),  # a KATOTTH code
        ("Бахмутська", "UA1402001"),
        ("бахмутська громада", "UA1402001"),
        ("Bakhmutska", "UA1402001"),
        ("Маріупол", "UA1414005"),
        ("mariupol", "UA1414005"),
    ],
)
def test_search_finds_a_community_by_name_or_code(demo, query, expected):
    """A Ukrainian or English name (whole or its start) or a P-code / KATOTTH code finds the community first."""
    assert find_communities(demo.communities, query)[0] == expected


@pytest.mark.parametrize("query", ["Шевченкове", "шевченкове", "Shevchenkove", "SHEVCHENKOVE", "смт Шевченкове"])
def test_the_name_of_a_centre_finds_its_communities(index, query):
    """The issue's case: Шевченкове (or Shevchenkove) finds the three Шевченківська hromadas run from a
    Шевченкове, each an exact match by its centre, and no other."""
    result = search(index, query)
    assert {m.pcode for m in result.matches} == SHEVCHENKOVE_CENTRED
    assert {(m.level, m.via) for m in result.matches} == {(EXACT, CENTRE)}
    assert not result.by_code  # several candidates: the user chooses


def test_the_list_names_raion_oblast_and_centre_in_the_users_language(index):
    """Each candidate reads with its level, raion and oblast, its centre and its code; English shows English names."""
    match = next(m for m in search(index, "Шевченкове").matches if m.pcode == KUPIANSK_SHEVCHENKIVSKA)
    uk, en = plain(candidate_label(index, match, "uk")), plain(candidate_label(index, match, "en"))
    assert uk == "Шевченківська — громада, Куп'янський р-н, Харківська обл. · центр: с-ще Шевченкове · UA6308015"
    assert en == (
        "Shevchenkivska — community, Kupianskyi raion, Kharkivska oblast · centre: Shevchenkove (settlement) · UA6308015"
    )
    labels = [plain(candidate_label(index, m, "uk")) for m in search(index, "Шевченкове").matches]
    assert len(set(labels)) == 3 and all(" р-н, " in label and " обл. · " in label for label in labels)


def test_namesakes_are_told_apart_in_the_list(index):
    """Nine hromadas are called Миколаївська; the two in Sumskyi raion differ by their centre's kind and code."""
    matches = [m for m in search(index, "Миколаївська").matches if m.level == EXACT]  # then Новомиколаївська…
    assert len(matches) == 9
    assert matches[0].pcode == MYKOLAIV  # equal matches: the most populous first
    labels = [plain(candidate_label(index, m, "uk")) for m in matches]
    assert len(set(labels)) == 9
    assert "Миколаївська — громада, Сумський р-н, Сумська обл. · центр: с-ще Миколаївка · UA5908013" in labels
    assert "Миколаївська — громада, Сумський р-н, Сумська обл. · центр: с. Миколаївка · UA5908015" in labels


def test_a_city_of_special_status_is_named_once():
    """Kyiv is its own raion and oblast: its line does not repeat "Київ" three times."""
    kyiv = frame("Київ", raion_uk=["Київ"], oblast_uk=["Київ"], raion=["Kyiv"], oblast=["Kyiv"], pcode=[KYIV])
    idx = search_index(kyiv)
    assert plain(candidate_label(idx, search(idx, "Київ").matches[0], "uk")) == "Київ — громада · UA8000000"


@pytest.mark.parametrize("query", ["Кам’янське", "Кам'янське", "Камʼянське", "Кам`янське", "Камянське", "Kamianske",
                                   "Kam'ianske", "kam’ianske"])  # fmt: skip
def test_apostrophes_and_their_absence_are_one(index, query):
    """Any apostrophe (', ’, ʼ, `) or none, in Cyrillic or Latin: Kamianske's two hromadas, the city's first."""
    matches = search(index, query).matches
    assert [m.pcode for m in matches[:2]] == [KAMIANSKE, "UA2102013"]
    assert matches[0].level == matches[1].level == EXACT


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Nikolaev", MYKOLAIV), ("Николаев", MYKOLAIV), ("Mykolaiv", MYKOLAIV), ("м. Миколаїв", MYKOLAIV),
        ("Kharkov", KHARKIV), ("Харьков", KHARKIV), ("Odessa", ODESA), ("Одесса", ODESA), ("Kiev", KYIV),
        ("Киев", KYIV), ("Zaporozhye", ZAPORIZHZHIA), ("Запорожье", ZAPORIZHZHIA), ("Artemovsk", "UA1402001"),
        ("Кривой Рог", "UA1206017"),
    ],
)  # fmt: skip
def test_russian_spellings_and_former_names_find_the_official_one(index, query, expected):
    """Spellings of older maps and reports, in Latin letters or typed in Russian, find the city's community first."""
    assert found(index, query)[0] == expected


def test_a_latin_query_finds_a_name_held_only_in_ukrainian():
    """A file without English names: the official transliteration of its Ukrainian names is searched, and back."""
    idx = search_index(frame("Ярмолинецька", "Зборівська"), NO_CENTRES)
    assert found(idx, "Yarmolynetska") == ["UA0000001"]
    assert found(idx, "zborivska") == ["UA0000002"]
    english_only = search_index(frame("Зборівська", name_en=["Zborivska"]), NO_CENTRES)
    assert found(english_only, "Зборівська") == found(english_only, "Zborivska") == ["UA0000001"]


def test_matches_are_ranked_exact_then_prefix_then_contains():
    """Whole name first, then a name that starts with the query, then one with a later word that does, then one
    that holds it, whatever the order of the file; equal matches the more populous first."""
    small = frame(
        "Новокам'янка", "Нова Кам'янка", "Кам'янка-Бузька", "Кам'янка", "Кам'янка-Дніпровська",
        population=[10, 90, 10, 10, 50],
    )  # fmt: skip
    result = search(search_index(small, NO_CENTRES), "кам'янка")
    assert [(m.pcode, m.level) for m in result.matches] == [
        ("UA0000004", EXACT), ("UA0000005", PREFIX), ("UA0000003", PREFIX), ("UA0000002", PREFIX),
        ("UA0000001", CONTAINS),
    ]  # fmt: skip


def test_a_typo_or_two_still_finds_it_but_only_when_nothing_matches_as_typed(index):
    """A letter missing, wrong or extra finds the community (one letter in a short word, two in a long one);
    near misses are not listed beside a match as typed."""
    assert found(index, "Бахмт")[0] == "UA1402001"
    assert search(index, "Бахмт").only_close
    assert set(found(index, "Shevchenkve")[:3]) == SHEVCHENKOVE_CENTRED  # one letter away; Korsun-… two
    assert found(index, "Mykolaev")[0] == MYKOLAIV
    assert found(index, "Kiev") == [KYIV]  # not also Sievierodonetska, a letter away from "Siev"
    assert [typo_budget(word) for word in ("kyi", "kyiv", "bakhmut", "shevchenkove")] == [0, 1, 1, 2]


def test_the_wrong_keyboard_layout_is_tried_when_nothing_else_matches(index):
    """Шевченкове typed with the keyboard left on English reads "itdxtyrjdt": it still finds the three."""
    assert set(found(index, "itdxtyrjdt")) == SHEVCHENKOVE_CENTRED


def test_a_whole_code_opens_and_the_start_of_one_lists(index):
    """A whole P-code or KATOTTH code names one community (the page may open it); its first characters list
    the communities of that oblast or raion, in code order; a code nobody has finds nothing."""
    whole = search(index, "UA48060370010072079")
    assert whole.by_code and [m.pcode for m in whole.matches] == [MYKOLAIV_SHEVCHENKIVSKA]
    raion = search(index, "UA4806")
    assert not raion.by_code and len(raion.matches) > 10
    assert [m.pcode for m in raion.matches] == sorted(m.pcode for m in raion.matches)
    assert all(m.pcode.startswith("UA4806") for m in raion.matches)
    unknown = search(index, "UA9999999")
    assert not unknown.by_code and unknown.matches == ()


def test_search_finds_nothing_for_nonsense(demo, index):
    """A code nobody has, or a word in no name, finds nothing rather than a random community."""
    assert find_communities(demo.communities, "UA9999999") == []
    for query in ("zzzz", "громада", "", "   ", "смт"):
        assert search(index, query).matches == (), query


def test_a_files_own_centre_column_is_searched():
    """A communities file with a ``centre`` column: its centres are found, the codifier's table fills the blanks."""
    own = frame("Перша", "Друга", centre=["Тестове", None], pcode=["UA0000001", MYKOLAIV_SHEVCHENKIVSKA])
    idx = search_index(own)
    assert found(idx, "Тестове") == ["UA0000001"]
    assert found(idx, "Testove") == ["UA0000001"]
    assert found(idx, "Шевченкове") == [MYKOLAIV_SHEVCHENKIVSKA]  # blank: the committed table's
    assert plain(candidate_label(idx, search(idx, "Тестове").matches[0], "uk")).endswith("· центр: Тестове · UA0000001")


def test_a_hostile_name_is_escaped_in_the_list():
    """A name written as Markdown shows as its characters in the list's buttons."""
    idx = search_index(frame("[x](javascript:1) :red[!]"), NO_CENTRES)
    label = candidate_label(idx, search(idx, "javascript").matches[0], "uk")
    assert "\\[x\\]\\(javascript\\:1\\) \\:red\\[\\!\\]" in label and "](" not in label


def test_search_labels_tell_namesakes_apart(demo):
    """Communities that share a name differ in their label by oblast and code."""
    labels = search_labels(demo.communities, "uk")
    assert len(labels) == len(demo.communities) == len(set(labels.values()))
    assert labels["UA1402001"] == "Бахмутська (Bakhmutska), Донецька · UA1402001"


def test_the_centres_table_covers_the_demo(demo):
    """Every demo community but the Chornobyl exclusion zone (no hromada) has its centre in the committed table."""
    table = committed_centres()
    assert set(demo.communities["pcode"]) - set(table.index) == {"UA3200000"}
    assert table.loc["UA1402001", "centre_uk"] == "Бахмут" and table.loc["UA8000000", "centre_en"] == "Kyiv"
    assert set(table["kind"]) == {"city", "settlement", "village"}


def test_place_line_is_markdown_safe(small):
    """A hostile name or raion shows as text in Streamlit's Markdown."""
    line = place_line(small.communities, BILOZERKA, "en")
    assert "Khersonskyi raion" in line and "P\\-code" not in line and "UA6510001" in line
    assert md("[x](javascript:1) :red[!] $x$") == "\\[x\\]\\(javascript\\:1\\) \\:red\\[\\!\\] \\$x\\$"


# --- Clicking a community on a map -------------------------------------------------------------


def test_a_click_on_a_community_names_it():
    """streamlit-folium's tooltip text ends with the hidden P-code mark: the click names that community."""
    value = {"last_object_clicked_tooltip": "ШевченківськаOpen needs: 2[pcode=UA4806037]"}
    assert parse_click(value) == MapClick("ШевченківськаOpen needs: 2[pcode=UA4806037]", SHEVCHENKOVE)
    assert clicked_community(value, [SHEVCHENKOVE]) == SHEVCHENKOVE


def test_clicks_on_other_things_name_no_community():
    """Before any click, on a hub (no mark), or on a community this data does not know: nothing opens."""
    assert parse_click(None) is None
    assert parse_click({"last_object_clicked_tooltip": None}) is None
    assert clicked_community({"last_object_clicked_tooltip": "Я – Маріуполь, Київ 1"}, [SHEVCHENKOVE]) is None
    assert clicked_community({"last_object_clicked_tooltip": "X[pcode=UA9999999]"}, [SHEVCHENKOVE]) is None


def test_every_community_tooltip_carries_its_hidden_mark(small):
    """The home map's shapes ask the browser to mark each tooltip (geo.maps.shapes); the Needs page's do not."""
    import json

    from geo.maps.shapes import places_payload, shapes_payload

    assert json.loads(shapes_payload(small, marks=True))["marks"] is True
    assert json.loads(shapes_payload(small))["marks"] is False
    places = json.loads(places_payload(small, "uk"))
    for pcode in places["pcode"]:
        assert pcode_mark(pcode) == "<span hidden>[pcode=" + pcode + "]</span>"  # what the browser builds


# --- Raions and oblasts ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_units(demo) -> SearchIndex:
    units = [pd.DataFrame(units_at(demo.communities, level).drop(columns="geometry")) for level in ("raion", "oblast")]
    return search_index(demo.communities, units=pd.concat(units, ignore_index=True))


def test_odeska_offers_the_oblast_the_raion_and_the_community_each_with_its_level(with_units):
    """Typing "Одеська" finds Odeska oblast, Odeskyi raion (named in the other gender) and the Odeska hromada, in that
    order, each labelled with its level in both languages; "Odeskyi" finds the raion and the oblast."""
    matches = search(with_units, "Одеська").matches
    assert [m.pcode for m in matches[:3]] == ["UA51", "UA5110", ODESA]
    uk = [plain(candidate_label(with_units, m, "uk")) for m in matches[:3]]
    assert uk == [
        "Одеська — область · UA51",
        "Одеський — район, Одеська обл. · UA5110",
        "Одеська — громада, Одеський р-н, Одеська обл. · центр: м. Одеса · UA5110027",
    ]
    en = [plain(candidate_label(with_units, m, "en")) for m in matches[:2]]
    assert en == ["Odeska — oblast · UA51", "Odeskyi — raion, Odeska oblast · UA5110"]
    assert found(with_units, "Odeskyi")[:2] == ["UA51", "UA5110"]


def test_a_units_code_lists_it_first_and_its_katotth_code_opens_it(with_units):
    """UA5110 typed (on the way to a hromada's code) lists the raion first, then its communities, and opens nothing;
    an oblast's or a raion's KATOTTH code opens it; Kyiv's KATOTTH code still opens the city's community."""
    typed = search(with_units, "UA5110")
    assert not typed.by_code and [m.pcode for m in typed.matches[:2]] == ["UA5110", "UA5110001"]
    assert len(typed.matches) == 23
    for katotth, pcode in (("UA51000000000030770", "UA51"), ("UA51100000000021700", "UA5110")):
        result = search(with_units, katotth)
        assert result.by_code and [m.pcode for m in result.matches] == [pcode]
    assert [m.pcode for m in search(with_units, "UA80000000000093317").matches] == [KYIV]


def test_a_units_title_says_its_level(demo):
    """Titles: "Одеська область", "Одеський район", "Odeskyi raion"; Kyiv, no adjective, says its level in brackets.
    A community's page links up to its raion and oblast, a raion's to its oblast."""
    assert unit_title("Одеська", "oblast", "uk") == "Одеська область"
    assert unit_title("Одеський", "raion", "uk") == "Одеський район"
    assert unit_title("Odeskyi", "raion", "en") == "Odeskyi raion"
    assert unit_title("Київ", "oblast", "uk") == "Київ (рівень області)"
    assert unit_title("Kyiv", "raion", "en") == "Kyiv (raion level)"
    assert way_up(demo.communities, ODESA, "hromada", "uk") == [("UA51", "Одеська область"), ("UA5110", "Одеський район")]
    assert way_up(demo.communities, "UA5110", "raion", "en") == [("UA51", "Odeska oblast")]
    assert way_up(demo.communities, "UA51", "oblast", "en") == []
