"""Tour files: a good file gives the stops; a bad one says, for every problem, which stop and field and what to write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo.filters import Filters
from geo.tour import (
    DEFAULT_TOUR,
    LAYERS,
    MESSAGES,
    Stop,
    TourError,
    load_tour,
    read_tour,
    stop_from_view,
    tour_to_yaml,
)

TOURS = Path(__file__).resolve().parent / "data" / "tours"
GOOD_STOP = "  - title: {uk: Південь, en: The south}\n    view: {lat: 46.97, lon: 32.0, zoom: 8}\n"


def problems_of(data: str | bytes, name: str = "tour.yaml") -> list:
    with pytest.raises(TourError) as caught:
        read_tour(data.encode() if isinstance(data, str) else data, name)
    return caught.value.problems


def one_stop(fields: str) -> str:
    """A tour whose only stop is ``fields`` (YAML lines indented under the item)."""
    lines = fields.strip("\n").splitlines()
    return "stops:\n  - " + "\n    ".join(line.strip() if i == 0 else line for i, line in enumerate(lines)) + "\n"


# (id, the stop's YAML, the field named, the message, the value quoted)
BAD_STOPS = [
    ("no title", "view: {lat: 46.9, lon: 32.0, zoom: 8}", "title", "no_title", ""),
    (
        "title in a language key the app has not",
        "title: {ua: Херсон}\nview: {lat: 46.9, lon: 32, zoom: 8}",
        "title.ua",
        "unknown_language",
        "ua",
    ),
    ("title that is a list", "title: [a, b]\nview: {lat: 46.9, lon: 32, zoom: 8}", "title", "bad_text", "[a, b]"),
    ("title too long", f"title: {'Х' * 121}\nview: {{lat: 46.9, lon: 32, zoom: 8}}", "title", "too_long", "Х" * 79 + "…"),
    (
        "text too long",
        f"title: T\ntext: {{en: {'a' * 601}}}\nview: {{lat: 46.9, lon: 32, zoom: 8}}",
        "text.en",
        "too_long",
        "a" * 79 + "…",
    ),
    ("no view", "title: T", "view", "no_view", ""),
    ("view that is not a mapping", "title: T\nview: 46.9 32.0", "view", "bad_view", "46.9 32.0"),
    ("view without lat", "title: T\nview: {lon: 32.0, zoom: 8}", "view.lat", "missing_number", ""),
    ("lon not a number", "title: T\nview: {lat: 46.9, lon: 32°E, zoom: 8}", "view.lon", "not_number", "32°E"),
    ("lat outside Ukraine", "title: T\nview: {lat: 56.9, lon: 32.0, zoom: 8}", "view.lat", "lat_range", "56.9"),
    ("lon outside Ukraine", "title: T\nview: {lat: 46.9, lon: 12.0, zoom: 8}", "view.lon", "lon_range", "12.0"),
    ("lat and lon swapped", "title: T\nview: {lat: 32.0, lon: 46.9, zoom: 8}", "view", "swapped", "32.0, 46.9"),
    ("zoom not whole", "title: T\nview: {lat: 46.9, lon: 32.0, zoom: 8.5}", "view.zoom", "bad_zoom", "8.5"),
    ("zoom too far out", "title: T\nview: {lat: 46.9, lon: 32.0, zoom: 2}", "view.zoom", "bad_zoom", "2"),
    ("zoom missing", "title: T\nview: {lat: 46.9, lon: 32.0}", "view.zoom", "missing_number", ""),
    ("unknown field", "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\ncolour: red", "colour", "unknown_field", ""),
    ("unknown view field", "title: T\nview: {lat: 46.9, lon: 32, zoom: 8, bearing: 3}", "view.bearing", "unknown_field", ""),
    (
        "unknown layer",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nlayers: [hubs, roads]",
        "layers",
        "unknown_layer",
        "roads",
    ),
    (
        "unknown metric",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nmetric: people",
        "metric",
        "unknown_metric",
        "people",
    ),
    (
        "filters not a mapping",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nfilters: [food]",
        "filters",
        "bad_filters",
        "[food]",
    ),
    (
        "unknown filter",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nfilters: {region: Khersonska}",
        "filters.region",
        "unknown_filter",
        "region",
    ),
    (
        "near is not a filter",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nfilters: {near: hub-1}",
        "filters.near",
        "unknown_filter",
        "near",
    ),
    (
        "empty filter",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nfilters: {sector: }",
        "filters.sector",
        "empty_filter",
        "",
    ),
    (
        "filter value that is a mapping",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nfilters: {sector: {a: b}}",
        "filters.sector",
        "bad_filter_value",
        "{a}",
    ),
    (
        "unknown sector",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nfilters: {sector: fod}",
        "filters.sector",
        "unknown_word",
        "fod",
    ),
    (
        "bad verified",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nfilters: {verified: maybe}",
        "filters.verified",
        "bad_yes_no",
        "maybe",
    ),
    (
        "bad days",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nfilters: {min_days_open: a week}",
        "filters.min_days_open",
        "bad_days",
        "a week",
    ),
    (
        "bad from date",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nfilters: {from: 1 June}",
        "filters.from",
        "bad_date",
        "1 June",
    ),
    (
        "dates the wrong way round",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nfilters: {from: 2025-09-01, to: 2025-06-01}",
        "filters.from",
        "swapped_dates",
        "2025-09-01 > 2025-06-01",
    ),
    (
        "as_of month first",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nas_of: 09/01/2025",
        "as_of",
        "bad_date",
        "09/01/2025",
    ),
    (
        "as_of not a day",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nas_of: 31.02.2025",
        "as_of",
        "bad_date",
        "31.02.2025",
    ),
    (
        "as_of out of range",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nas_of: 1825-09-01",
        "as_of",
        "date_range",
        "1825-09-01",
    ),
    ("flows not a code", "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nflows: Bakhmut", "flows", "bad_code", "Bakhmut"),
    (
        "id with a space",
        "id: kherson oblast\ntitle: T\nview: {lat: 46.9, lon: 32, zoom: 8}",
        "id",
        "bad_id",
        "kherson oblast",
    ),
]


@pytest.mark.parametrize(("stop", "field", "code", "value"), [case[1:] for case in BAD_STOPS], ids=[c[0] for c in BAD_STOPS])
def test_a_bad_stop_is_named_with_its_field_and_value(stop, field, code, value):
    """The second stop is bad: the one problem names stop 2, the field and the bad value, in both languages."""
    text = one_stop(stop).replace("stops:\n", "stops:\n" + GOOD_STOP)
    problems = problems_of(text)
    assert [(p.number, p.field, p.message_id) for p in problems] == [(2, field, MESSAGES[code])]
    problem = problems[0]
    assert problem.value == value
    for lang in ("uk", "en"):
        described = problem.describe(lang)
        assert " 2" in described and field in described and value in described
        assert "{" not in described.replace("{a}", "")  # every placeholder filled
    assert problem.describe("en").startswith("Stop 2")


def test_every_stop_problem_is_covered_above():
    """A new kind of problem gets a case in BAD_STOPS (or a test of its own below)."""
    covered = {case[3] for case in BAD_STOPS}
    file_level = {
        "not_found",
        "unsupported",
        "too_large",
        "empty",
        "not_yaml",
        "yaml_tag",
        "too_deep",
        "not_csv",
        "no_stops",
    }
    file_level |= {"stops_not_list", "no_stop_items", "unknown_top", "missing_column", "unknown_column", "ragged"}
    file_level |= {"not_mapping", "duplicate_id"}
    assert set(MESSAGES) - covered - file_level == set()


def test_a_stop_with_an_id_is_named_by_its_number_and_id():
    problems = problems_of(one_stop("id: kherson\ntitle: T\nview: {lat: 46.9, lon: 32.0, zoom: 30}"))
    assert problems[0].stop == "kherson"
    assert problems[0].describe("en").startswith("Stop 1 “kherson”, view.zoom:")
    assert "kherson" in problems[0].describe("uk")


def test_a_stop_without_an_id_is_named_stop_n():
    problems = problems_of(one_stop("title: T\nview: {lat: 46.9, lon: 32.0, zoom: 30}"))
    assert problems[0].stop == "stop 1"
    assert problems[0].describe("en").startswith("Stop 1, view.zoom:")


def test_all_problems_of_a_file_are_collected_stop_by_stop():
    """Fixing one problem must not reveal the next: the presenter sees them all at once."""
    problems = problems_of((TOURS / "bad.yaml").read_bytes())
    found = [(p.number, p.stop, p.field, p.message_id) for p in problems]
    assert found == [
        (0, "", "", MESSAGES["unknown_top"]),
        (1, "country", "view.lat", MESSAGES["not_number"]),
        (1, "country", "metric", MESSAGES["unknown_metric"]),
        (2, "stop 2", "title", MESSAGES["no_title"]),
        (2, "stop 2", "view", MESSAGES["swapped"]),
        (3, "stop 3", "", MESSAGES["not_mapping"]),
        (5, "country", "layers", MESSAGES["unknown_layer"]),
        (5, "country", "id", MESSAGES["duplicate_id"]),
    ]
    error = TourError(problems)
    assert len(error.describe("uk").splitlines()) == len(problems)
    assert "Stop 5 “country”, id: the id “country” is already used by stop 1" in str(error)


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "tour.yaml", "empty"),
        (b"# only a comment\n", "tour.yaml", "empty"),
        (b"stops: []\n", "tour.yaml", "no_stop_items"),
        (b"- title: T\n", "tour.yaml", "no_stops"),
        (b"title: T\n", "tour.yaml", "no_stops"),
        (b"stops: Kherson\n", "tour.yaml", "stops_not_list"),
        (b"stops:\n\t- title: T\n", "tour.yaml", "not_yaml"),
        (b"stops:\n  - title: Kherson: the city\n", "tour.yaml", "not_yaml"),
        (b"stops:\n  - title: \x07bell\n", "tour.yaml", "not_yaml"),
        (b"stops: []\n", "tour.txt", "unsupported"),
        (b"\x00\x01\x02binary", "tour.csv", "not_csv"),
        (b"<!DOCTYPE html><html></html>", "tour.csv", "not_csv"),
        (b"title_uk,lat,lon,zoom\n", "tour.csv", "no_stop_items"),
        (b"title_uk,lat,lon\nT,46.9,32.0\n", "tour.csv", "missing_column"),
        (b"title_uk,latitude,lon,zoom\nT,46.9,32.0,8\n", "tour.csv", "unknown_column"),
        (b"title_uk,lat,lon,zoom\nT,46,9,32.0,8\n", "tour.csv", "ragged"),
        (b"x" * 1_000_001, "tour.yaml", "too_large"),
    ],
)
def test_a_file_that_is_no_tour_says_why(data, name, code):
    problems = problems_of(data, name)
    assert MESSAGES[code] in {p.message_id for p in problems}
    for problem in problems:
        assert "{" not in problem.describe("en") and "{" not in problem.describe("uk")


def test_not_yaml_names_the_line():
    problems = problems_of("stops:\n  - title: T\n    view: {lat: 46.9, lon: 32, zoom: 8}\n  - title: Kherson: the city\n")
    assert "line 4" in problems[0].describe("en")


def test_a_missing_csv_column_is_named_with_the_columns_a_tour_has():
    (problem,) = problems_of(b"title_uk,lat,lon\nT,46.9,32.0\n", "tour.csv")
    assert problem.value == "zoom"
    assert "title_uk, title_en" in problem.describe("en")


def test_a_problem_in_a_csv_file_names_the_column():
    data = "id,title_uk,lat,lon,zoom,filters\nkherson,Херсон,46.6,12.6,10,sector=fod\n,,46.6,32.6,10,\n"
    problems = problems_of(data, "tour.csv")
    assert [p.describe("en") for p in problems] == [
        "Stop 1 “kherson”, lon: 12.6 is outside Ukraine. A longitude there is between 21 and 41, e.g. 32.0 for Mykolaiv.",
        "Stop 1 “kherson”, filters.sector: “fod” is not a known sector. Use one of: food, shelter_nfi, heating_utilities, "
        "wash, health, protection, legal_aid, psychosocial, education, livelihoods, other.",
        "Stop 2, title_uk, title_en: the stop has no title. Write one in Ukrainian, English or both.",
    ]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        ("stops:\n  - title: T\n    view: {lat: 46.9, lon: 32.0, zoom: " + "9" * 400 + "}\n", "tour.yaml"),
        ("stops: " + "[" * 1000 + "]" * 1000 + "\n", "tour.yaml"),
        ('title_uk,lat,lon,zoom\n"' + "x" * 200_000 + '",46.9,32,8\n', "tour.csv"),
    ],
    ids=["a zoom of 400 digits", "lists 1000 deep", "a cell of 200 kB"],
)
def test_a_monstrous_file_is_a_problem_not_a_crash(data, name):
    assert problems_of(data, name)


def test_a_python_tag_is_refused_not_run(tmp_path):
    """yaml.safe_load only: a tag that would run code is a problem, and nothing runs."""
    made = tmp_path / "made-by-the-tour-file"
    data = f"stops:\n  - !!python/object/apply:os.mkdir ['{made}']\n"
    (problem,) = problems_of(data)
    assert problem.message_id == MESSAGES["yaml_tag"]
    assert problem.value == "!!python/object/apply:os.mkdir"
    assert "line 2" in problem.describe("en")
    assert not made.exists()


def test_a_missing_file_is_a_tour_error(tmp_path):
    with pytest.raises(TourError) as caught:
        load_tour(tmp_path / "nowhere.yaml")
    assert caught.value.problems[0].message_id == MESSAGES["not_found"]


def test_the_fixture_tour_reads_every_field():
    south, plain, kherson = load_tour(TOURS / "good.yaml")
    assert south == Stop(
        id="south",
        title={"uk": "Південь: <b>потреби</b>", "en": "The south: <b>needs</b>"},  # HTML is text, kept as written
        text={
            "uk": "Миколаївщина й Херсонщина, станом на 1 вересня.",
            "en": "Mykolaiv and Kherson oblasts, as of 1 September.",
        },
        lat=46.97,
        lon=32.0,
        zoom=8,
        layers=("communities", "hubs"),
        metric="share_closed",
        filters={
            "oblast": ["Mykolaivska", "Khersonska"],
            "sector": ["food", "wash"],
            "status": ["open"],
            "verified": ["yes"],  # YAML's yes is a boolean: written back as a link writes it
            "from": ["2025-06-01"],
        },
        as_of=dt.date(2025, 9, 1),
        flows="UA1402001",
    )
    assert plain.id == "stop-2" and plain.layers == LAYERS and plain.metric == "open_needs"
    assert plain.filters == {} and plain.as_of is None and plain.flows is None and plain.text == {}
    assert kherson.as_of == dt.date(2025, 7, 1)  # 01.07.2025 is the 1st of July: day first, never swapped
    assert kherson.flows == "UA6510001"  # a KATOTTH code cut to its P-code
    assert kherson.filters == {"community": ["UA6510001"], "provider": ["Volunteer initiative, Mykolaiv"]}
    assert kherson.layers == ("idps",)


def test_a_title_in_one_language_shows_in_both():
    _south, plain, kherson = load_tour(TOURS / "good.yaml")
    assert plain.title_in("uk") == plain.title_in("en") == "Ukraine"
    assert kherson.title_in("en") == "Херсон"
    assert kherson.text_in("uk") == "Needs of one community."
    assert plain.text_in("uk") == ""


def test_the_csv_form_reads_to_the_same_tour_as_the_yaml_form():
    assert load_tour(TOURS / "good.csv") == load_tour(TOURS / "good.yaml")


def test_a_csv_from_ukrainian_excel_reads_too():
    """Windows-1251, semicolons, decimal commas and day-first dates, as Excel in Ukraine saves."""
    text = "title_uk;lat;lon;zoom;as_of\nХерсонщина;46,98;32,97;9;01.09.2025\n"
    (stop,) = read_tour(text.encode("cp1251"), "ТУР.CSV")
    assert (stop.title, stop.lat, stop.lon, stop.zoom, stop.as_of) == (
        {"uk": "Херсонщина"},
        46.98,
        32.97,
        9,
        dt.date(2025, 9, 1),
    )


def test_lists_with_commas_are_the_same_filter_as_lists():
    (a,) = read_tour(
        one_stop("title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nfilters: {sector: 'food, wash'}").encode(), "t.yaml"
    )
    (b,) = read_tour(
        one_stop("title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nfilters: {sector: [food, wash]}").encode(), "t.yaml"
    )
    assert a.filters == b.filters == {"sector": ["food", "wash"]}


def test_filter_values_the_data_may_not_have_are_left_for_the_data():
    """An oblast or provider unknown here is checked against the data when shown, not refused now."""
    (stop,) = read_tour(
        one_stop("title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nfilters: {oblast: Atlantis}").encode(), "t.yaml"
    )
    assert stop.filters == {"oblast": ["Atlantis"]}


def test_the_demo_tour_loads_and_tells_in_both_languages():
    stops = load_tour(DEFAULT_TOUR)
    assert 6 <= len(stops) <= 8
    assert len({stop.id for stop in stops}) == len(stops)
    for stop in stops:
        assert stop.title.keys() == stop.text.keys() == {"uk", "en"}, stop.id
        assert stop.title["uk"] != stop.title["en"] and stop.text["uk"] != stop.text["en"], stop.id


@pytest.mark.parametrize("path", [DEFAULT_TOUR, TOURS / "good.yaml", TOURS / "good.csv"])
def test_a_tour_written_out_reads_back_the_same(path):
    stops = load_tour(path)
    assert read_tour(tour_to_yaml(stops).encode(), "tour.yaml") == stops


def test_the_written_tour_is_readable_by_a_person():
    text = tour_to_yaml(load_tour(DEFAULT_TOUR))
    assert "Україна: потреби" in text and "\\u" not in text  # Ukrainian letters, not escapes
    assert text.index("id: country") < text.index("title:") < text.index("view:")  # the file's order, not sorted
    assert "view: {lat: 48.6, lon: 31.3, zoom: 6}" in text
    assert "&id" not in text and "*id" not in text  # no YAML anchors


def test_the_current_view_becomes_a_stop_that_loads_again():
    stop = stop_from_view(
        "  Херсон,   зараз ",
        "uk",
        46.641234,
        32.61,
        11.4,
        ["hubs", "communities", "satellite"],
        "no-such-metric",
        {"oblast": ["Khersonska"], "status": "open", "near": ["imariupol-kyiv-1"], "sector": []},
        dt.date(2025, 9, 1),
        "UA65100010000012345",
    )
    assert stop.title == {"uk": "Херсон, зараз"}
    assert (stop.lat, stop.lon, stop.zoom) == (46.6412, 32.61, 11)
    assert stop.layers == ("communities", "hubs") and stop.metric == "open_needs"
    assert stop.filters == {"oblast": ["Khersonska"], "status": ["open"]}  # `near` sorts, it is no filter
    assert stop.flows == "UA6510001"
    assert read_tour(tour_to_yaml([stop]).encode(), "tour.yaml") == [stop]


def test_a_view_outside_the_tour_limits_is_brought_inside():
    stop = stop_from_view("", "en", 60.0, 10.0, 2, [], "idps_hosted", {}, None, None)
    assert (stop.lat, stop.lon, stop.zoom) == (53.0, 21.0, 4)
    assert stop.title == {"en": "Map view at 53.00, 21.00"}
    assert read_tour(tour_to_yaml([stop]).encode(), "tour.yaml") == [stop]


def test_the_needs_pages_default_status_is_kept_when_its_filters_are_given():
    """A stop without status counts every status, so the Needs page's default (unmet needs) is written."""
    stop = stop_from_view("T", "en", 46.9, 32.0, 8, LAYERS, "open_needs", Filters(oblast=("Khersonska",)), None, None)
    assert stop.filters == {"oblast": ["Khersonska"], "status": ["open", "in_progress"]}


def test_two_views_with_one_title_get_their_own_ids_in_the_file():
    stop = stop_from_view("Kherson", "en", 46.6, 32.6, 10, LAYERS, "open_needs", {}, None, None)
    again = read_tour(tour_to_yaml([stop, stop]).encode(), "tour.yaml")
    assert [s.id for s in again] == ["kherson", "kherson-2"]
