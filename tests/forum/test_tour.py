"""Tour files: a good file gives the stops; a bad one says, for every problem, which stop and field and what to write."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from pathlib import Path

import pytest

import geo.forum.tour_yaml
from geo.figures.filters import Filters
from geo.forum.tour import LAYERS, MAX_LISTED, Stop, TourError
from geo.forum.tour_checks import stop_from_view
from geo.forum.tour_files import DEFAULT_TOUR, load_tour, read_tour
from geo.forum.tour_messages import MESSAGES
from geo.forum.tour_yaml import tour_to_yaml

TOURS = Path(__file__).resolve().parents[1] / "data" / "tours"
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
    ("tiles not a mapping", "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\ntiles: hubs", "tiles", "bad_tiles", "hubs"),
    (
        "tiles of an unknown kind",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\ntiles: {network: Mariupol}",
        "tiles.network",
        "unknown_tile_param",
        "network",
    ),
    (
        "a tile that does not exist",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\ntiles: {show: [hubs, centres]}",
        "tiles.show",
        "unknown_tile",
        "centres",
    ),
    (
        "tiles of hubs serving a name",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\ntiles: {hubs_serving: Mariupol}",
        "tiles.hubs_serving",
        "bad_code",
        "Mariupol",
    ),
    (
        "id with a space",
        "id: kherson oblast\ntitle: T\nview: {lat: 46.9, lon: 32, zoom: 8}",
        "id",
        "bad_id",
        "kherson oblast",
    ),
    (
        "a filter of 101 values",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\nfilters: {sector: [" + ", ".join(["food"] * 101) + "]}",
        "filters.sector",
        "too_many_entries",
        "",
    ),
    (
        "a stop of 21 fields",
        "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\n" + "\n".join(f"note{i}: x" for i in range(19)),
        "",
        "too_many_fields",
        "",
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
    file_level |= {"too_many_stops", "too_many_top", "too_many_columns", "too_many_nodes", "too_many_chars"}
    file_level |= {"more_problems"}
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


# --------------------------------------------------------------------------------------------
# Hostile files: anyone may upload a tour to a public dashboard

VIEW = "view: {lat: 46.9, lon: 32.0, zoom: 8}"
BIG = "9" * 4301  # one digit past Python's limit for turning an integer into text


@pytest.fixture
def never_built(monkeypatch):
    """Fails the test if the YAML file is built into Python objects: it must be refused on its counts."""

    def built(loader):
        raise AssertionError("the tour file was built before it was refused")

    monkeypatch.setattr(geo.forum.tour_yaml._TourLoader, "get_single_data", built)


def only_problem(data: str | bytes, name: str = "tour.yaml"):
    problems = problems_of(data, name)
    assert len(problems) == 1, [p.describe("en") for p in problems]
    return problems[0]


@pytest.mark.parametrize(
    ("data", "name", "en", "uk"),
    [
        ("stops:\n" + "  - {title: T}\n" * 60_000, "tour.yaml", "more than 200", "понад 200"),
        ("stops: [" + ", ".join(["{title: T}"] * 60_000) + "]\n", "tour.yaml", "more than 200", "понад 200"),
        ("stops:\n" + f"  - {{title: T, {VIEW}}}\n" * 300, "tour.yaml", "300", "300"),
        ("title_uk,lat,lon,zoom\n" + "T,46.9,32.0,8\n" * 60_000, "tour.csv", "60,000", "60\u00a0000"),
    ],
    ids=["yaml", "yaml in one line", "yaml of 300 stops", "csv"],
)
def test_a_tour_of_too_many_stops_says_so_in_one_line(data, name, en, uk, never_built):
    """A presenter who picks the wrong file reads at once one line that says it has too many stops."""
    # A YAML file is read only until it is refused whatever follows (20,000 values), so a count
    # past that is "more than 200"; a CSV file is split into rows anyway, and counted.
    problem = only_problem(data, name)
    assert problem.describe("en") == f"The tour has {en} stops; a tour has at most 200. Is it the right file?"
    assert problem.describe("uk") == f"Зупинок у турі: {uk}, а в турі їх може бути щонайбільше 200. Чи це той файл?"


@pytest.mark.parametrize(
    ("data", "count"),
    [
        ("stops:\n  - id: big\n" + "".join(f"    k{i}: 1\n" for i in range(60_000)), "more than 20"),
        ("stops: [{id: big, " + ", ".join(f"k{i}: 1" for i in range(60_000)) + "}]\n", "more than 20"),
        ("stops: [{" + ", ".join(f"k{i}: 1" for i in range(30)) + ", id: big}]\n", "31"),
    ],
    ids=["block", "flow", "31 fields, the id last"],
)
def test_a_stop_of_too_many_fields_says_so_in_one_line(data, count, never_built):
    """A stop of 60,000 fields is one problem naming the stop, not 60,000 "not a field" lines."""
    problem = only_problem(data)
    assert problem.describe("en").startswith(f"Stop 1 “big” has {count} fields, too many for a stop (its fields: id,")


@pytest.mark.parametrize(
    ("data", "name", "field", "count"),
    [
        (one_stop(f"title: T\n{VIEW}\nlayers: [" + ", ".join(["hubs"] * 60_000) + "]"), "t.yaml", "layers", "more than 100"),
        (
            one_stop(f"title: T\n{VIEW}\nfilters: {{sector: [" + ",".join(["food"] * 60_000) + "]}"),
            "t.yaml",
            "filters.sector",
            "more than 100",
        ),
        (
            one_stop(f"title: T\n{VIEW}\nfilters: {{group: [" + ",".join(["x"] * 150) + "]}"),
            "t.yaml",
            "filters.group",
            "150",
        ),
        (
            one_stop(f"title: T\n{VIEW}\nfilters:\n" + "".join(f"  p{i}: 1\n" for i in range(60_000))),
            "t.yaml",
            "filters",
            "more than 20",
        ),
        (
            one_stop("title: {" + ", ".join(f"l{i}: T" for i in range(60_000)) + f"}}\n{VIEW}"),
            "t.yaml",
            "title",
            "more than 20",
        ),
        (one_stop("title: T\nview: {" + ", ".join(f"v{i}: 1" for i in range(30)) + "}"), "t.yaml", "view", "30"),
        (
            "title_uk,lat,lon,zoom,filters\nT,46.9,32,8," + "&".join(["sector=food"] * 10_000) + "\n",
            "t.csv",
            "filters.sector",
            "10,000",
        ),
        (
            'title_uk,lat,lon,zoom,filters\nT,46.9,32,8,"sector=' + ",".join(["food"] * 1000) + '"\n',
            "t.csv",
            "filters.sector",
            "1,000",
        ),
        (
            "title_uk,lat,lon,zoom,filters\nT,46.9,32,8," + "&".join(f"p{i}=1" for i in range(1000)) + "\n",
            "t.csv",
            "filters",
            "1,000",
        ),
        ("title_uk,lat,lon,zoom,layers\nT,46.9,32,8," + " ".join(["hubs"] * 1000) + "\n", "t.csv", "layers", "1,000"),
    ],
    ids=[
        "layers",
        "filter values",
        "150 filter values",
        "filters",
        "title languages",
        "view",
        "csv filter values",
        "csv filter values with commas",
        "csv filters",
        "csv layers",
    ],
)
def test_a_field_of_thousands_of_entries_says_so_in_one_line(data, name, field, count, never_built):
    """A field stuffed with thousands of values is one problem naming the stop, the field and the count."""
    problem = only_problem(data, name)
    assert (problem.number, problem.field, problem.message_id) == (1, field, MESSAGES["too_many_entries"])
    assert f"Stop 1, {field}: {count} entries; one field holds at most " in problem.describe("en")


def test_a_csv_file_of_60000_columns_says_so_in_one_line():
    """A sheet saved sideways is one problem counting its columns, not 60,000 unknown columns."""
    problem = only_problem(",".join(f"c{i}" for i in range(60_000)) + "\n1\n", "tour.csv")
    assert problem.describe("en").startswith("The tour file has 60,000 columns, too many for a tour")


LAUGHS = "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)
)
MERGES = "x0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}\n" + "".join(
    f"x{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 10)}]}}\n" for i in range(1, 9)
)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (LAUGHS + f"stops:\n  - {{title: T, {VIEW}, layers: *a9, filters: {{sector: *a9}}}}\n", "too_many_nodes"),
        (MERGES + f"stops:\n  - {{<<: *m8, title: T, {VIEW}}}\n", "too_many_nodes"),
        ("t: &t " + "x" * 100_000 + "\nstops:\n" + f"  - {{title: *t, text: *t, {VIEW}}}\n" * 100, "too_many_chars"),
    ],
    ids=["a billion laughs", "merges of merges", "a long text repeated"],
)
def test_aliases_that_repeat_a_value_billions_of_times_are_refused_before_they_are_built(data, code, never_built):
    """A file of a few lines that would grow to billions of values is refused at once, in one line."""
    problem = only_problem(data)
    assert problem.message_id == MESSAGES[code]
    assert "Is it the right file?" in problem.describe("en")


def test_an_alias_is_counted_where_it_is_used_too():
    """A list or stop brought in by an alias or a merge (<<) meets the same limits as one written in place."""
    data = (
        "big: &big [" + ", ".join(["hubs"] * 150) + "]\n"
        "a: &a {" + ", ".join(f"a{i}: 1" for i in range(11)) + "}\n"
        "b: &b {" + ", ".join(f"b{i}: 1" for i in range(11)) + "}\n"
        f"stops:\n  - {{title: T, {VIEW}, layers: *big}}\n  - {{<<: [*a, *b], title: T, {VIEW}}}\n"
    )
    found = [(p.number, p.field, p.message_id) for p in problems_of(data)]
    assert found == [(0, "", MESSAGES["unknown_top"])] * 3 + [
        (1, "layers", MESSAGES["too_many_entries"]),
        (2, "", MESSAGES["too_many_fields"]),
    ]
    many = "s: &s {title: T, " + VIEW + "}\nl: &l [" + ", ".join(["*s"] * 250) + "]\nstops: *l\n"
    assert [p.message_id for p in problems_of(many)][-1] == MESSAGES["too_many_stops"]


@pytest.mark.parametrize(
    "data",
    [
        "stops: " + "[" * 100_000 + "]" * 100_000 + "\n",
        one_stop(f"title: T\n{VIEW}\nfilters:\n" + "".join("  " * i + "  a:\n" for i in range(1, 300))),
        one_stop(f"title: T\n{VIEW}\nfilters: {{sector: " + "[" * 8 + "food" + "]" * 8 + "}"),
    ],
    ids=["lists 100,000 deep", "mappings 300 deep in a stop", "a filter 12 deep"],
)
def test_nesting_too_deep_is_refused_before_it_is_built(data, never_built):
    """Lists in lists in lists are one problem, refused while the file is counted."""
    assert only_problem(data).message_id == MESSAGES["too_deep"]


def test_problems_past_fifty_are_counted_in_one_line():
    """A tour with 600 small problems lists the first 50 and counts the rest, so the presenter can read it."""
    data = "stops:\n" + "  - {title: T, view: {lat: 99, lon: 99, zoom: 99}}\n" * 200
    with pytest.raises(TourError) as caught:
        read_tour(data.encode(), "tour.yaml")
    error = caught.value
    assert (error.total, len(error.problems)) == (600, MAX_LISTED + 1)
    assert [p.number for p in error.problems[:MAX_LISTED]] == sorted(p.number for p in error.problems[:MAX_LISTED])
    assert error.problems[0].describe("en").startswith("Stop 1, view.zoom:")
    assert str(error).splitlines()[-1] == "… and 550 more problems."
    assert error.describe("uk").splitlines()[-1] == "… і ще проблем: 550."


@pytest.mark.parametrize(
    ("stop", "field", "code", "value"),
    [
        pytest.param(
            f"title: T\nview: {{lat: 46.9, lon: 32.0, zoom: {BIG}}}",
            "view.zoom",
            "bad_zoom",
            BIG[:79] + "…",
            id="zoom of 4,301 digits",
        ),
        pytest.param(
            f"title: T\nview: {{lat: {BIG}, lon: 32.0, zoom: 8}}",
            "view.lat",
            "lat_range",
            BIG[:79] + "…",
            id="lat of 4,301 digits",
        ),
        pytest.param(
            f"title: T\nview: {{lat: 46.9, lon: -{BIG}, zoom: 8}}",
            "view.lon",
            "lon_range",
            "-" + BIG[:78] + "…",
            id="lon of minus 4,301 digits",
        ),
        pytest.param(
            "title: T\nview: {lat: 46.9, lon: 0x" + "f" * 4000 + ", zoom: 8}",
            "view.lon",
            "not_number",
            "0x" + "f" * 77 + "…",
            id="lon of 4,000 hex digits",
        ),
        pytest.param(f"title: {BIG}\n{VIEW}", "title", "too_long", BIG[:79] + "…", id="title of 4,301 digits"),
        pytest.param(
            f"title: T\ntext: {{en: {BIG}}}\n{VIEW}", "text.en", "too_long", BIG[:79] + "…", id="text of 4,301 digits"
        ),
        pytest.param(f"id: {BIG}\ntitle: T\n{VIEW}", "id", "bad_id", BIG[:79] + "…", id="id of 4,301 digits"),
        pytest.param(
            "id: 0x" + "f" * 4000 + f"\ntitle: T\n{VIEW}", "id", "bad_id", "0x" + "f" * 77 + "…", id="id of 4,000 hex digits"
        ),
        pytest.param(
            "id: 1" + ":59" * 3000 + f"\ntitle: T\n{VIEW}", "id", "bad_id", "1" + ":59" * 26 + "…", id="id in base 60"
        ),
        pytest.param(
            f"title: T\n{VIEW}\nfilters: {{min_days_open: {BIG}}}",
            "filters.min_days_open",
            "bad_days",
            BIG[:79] + "…",
            id="min_days_open of 4,301 digits",
        ),
        pytest.param(
            f"title: T\n{VIEW}\nfilters: {{sector: {BIG}}}",
            "filters.sector",
            "unknown_word",
            BIG[:79] + "…",
            id="sector of 4,301 digits",
        ),
        pytest.param(f"title: T\n{VIEW}\nflows: {BIG}", "flows", "bad_code", BIG[:79] + "…", id="flows of 4,301 digits"),
        pytest.param(f"title: T\n{VIEW}\nas_of: {BIG}", "as_of", "bad_date", BIG[:79] + "…", id="as_of of 4,301 digits"),
        pytest.param(
            "title: T\nview: {lat: 1.0e+400, lon: 32.0, zoom: 8}", "view.lat", "lat_range", "1.0e+400", id="lat 1.0e+400"
        ),
        pytest.param("title: T\nview: {lat: 1e400, lon: 32.0, zoom: 8}", "view.lat", "lat_range", "1e400", id="lat 1e400"),
        pytest.param("title: T\nview: {lat: .nan, lon: 32.0, zoom: 8}", "view.lat", "not_number", ".nan", id="lat .nan"),
        pytest.param("title: T\nview: {lat: 46.9, lon: -.inf, zoom: 8}", "view.lon", "not_number", "-.inf", id="lon -.inf"),
        pytest.param("title: T\nview: {lat: 46.9, lon: 32.0, zoom: .inf}", "view.zoom", "bad_zoom", ".inf", id="zoom .inf"),
        pytest.param("title: T\nview: {lat: 46.9, lon: 32.0, zoom: .NaN}", "view.zoom", "bad_zoom", ".NaN", id="zoom .NaN"),
        pytest.param(
            "title: T\nview: {lat: 46.9, lon: 32.0, zoom: !!int eight}",
            "view.zoom",
            "bad_zoom",
            "eight",
            id="zoom !!int eight",
        ),
        pytest.param(
            f"title: T\n{VIEW}\nfilters: {{min_days_open: .inf}}",
            "filters.min_days_open",
            "bad_days",
            ".inf",
            id="min_days_open .inf",
        ),
        pytest.param(
            f"title: T\n{VIEW}\nfilters: {{min_days_open: 1.0e+400}}",
            "filters.min_days_open",
            "bad_days",
            "1.0e+400",
            id="min_days_open 1.0e+400",
        ),
        pytest.param(
            f"title: T\n{VIEW}\nfilters: {{verified: !!bool maybe}}",
            "filters.verified",
            "bad_yes_no",
            "maybe",
            id="verified !!bool maybe",
        ),
        pytest.param(f"title: T\n{VIEW}\nas_of: 2025-13-01", "as_of", "bad_date", "2025-13-01", id="as_of 2025-13-01"),
        pytest.param(f"title: T\n{VIEW}\nas_of: 0000-01-01", "as_of", "bad_date", "0000-01-01", id="as_of year 0"),
        pytest.param(
            f"title: T\n{VIEW}\nas_of: 2025-09-01 25:00:00",
            "as_of",
            "bad_date",
            "2025-09-01 25:00:00",
            id="as_of 25 o'clock",
        ),
        pytest.param(
            f"title: T\n{VIEW}\nas_of: !!timestamp tomorrow",
            "as_of",
            "bad_date",
            "tomorrow",
            id="as_of !!timestamp tomorrow",
        ),
        pytest.param(
            f"title: T\n{VIEW}\nfilters: {{from: 2025-02-30}}",
            "filters.from",
            "bad_date",
            "2025-02-30",
            id="from 2025-02-30",
        ),
    ],
)
def test_a_number_or_date_python_cannot_make_names_the_stop_and_field(stop, field, code, value):
    """A 4,301-digit number, 1e400, .nan or 2025-13-01 is a problem naming the stop and field, never a crash."""
    problem = only_problem(one_stop(stop))
    assert (problem.number, problem.field, problem.message_id, problem.value) == (1, field, MESSAGES[code], value)
    assert problem.describe("uk").startswith("Зупинка 1, ")


@pytest.mark.parametrize(
    ("cells", "field", "code", "value"),
    [
        pytest.param(f"T,46.9,32.0,{BIG},", "zoom", "bad_zoom", BIG[:79] + "…", id="zoom of 4,301 digits"),
        pytest.param(f"T,{BIG},32.0,8,", "lat", "lat_range", BIG[:79] + "…", id="lat of 4,301 digits"),
        pytest.param("T,1e400,32.0,8,", "lat", "lat_range", "1e400", id="lat 1e400"),
        pytest.param("T,-1E+400,32.0,8,", "lat", "lat_range", "-1E+400", id="lat -1E+400"),
        pytest.param("T,inf,32.0,8,", "lat", "not_number", "inf", id="lat inf"),
        pytest.param("T,46.9,NaN,8,", "lon", "not_number", "NaN", id="lon NaN"),
        pytest.param("T,46.9,32.0,Infinity,", "zoom", "bad_zoom", "Infinity", id="zoom Infinity"),
        pytest.param(
            f"T,46.9,32.0,8,min_days_open={BIG}",
            "filters.min_days_open",
            "bad_days",
            BIG[:79] + "…",
            id="min_days_open of 4,301 digits",
        ),
        pytest.param("T,46.9,32.0,8,min_days_open=inf", "filters.min_days_open", "bad_days", "inf", id="min_days_open inf"),
        pytest.param(f"{BIG},46.9,32.0,8,", "title_uk", "too_long", BIG[:79] + "…", id="title of 4,301 digits"),
    ],
)
def test_a_number_python_cannot_make_in_a_csv_cell_names_the_stop_and_column(cells, field, code, value):
    """The same numbers in a CSV tour name the row and the column."""
    problem = only_problem(f"title_uk,lat,lon,zoom,filters\n{cells}\n", "tour.csv")
    assert (problem.number, problem.field, problem.message_id, problem.value) == (1, field, MESSAGES[code], value)


def test_a_tour_as_large_as_the_limits_allow_still_loads():
    """The limits leave room for a real tour: 200 stops with texts in both languages and filters load."""
    stops = load_tour(DEFAULT_TOUR) * 25
    assert len(read_tour(tour_to_yaml(stops).encode(), "tour.yaml")) == 200


# Mutations of real tours, as an attacker's corpus would make them: each gives stops or problems.

HOSTILE = [
    *(b"9" * 4301, b"-" + b"9" * 4301, b"0x" + b"f" * 4000, b"0" + b"7" * 5000, b"1" + b":59" * 3000),
    *(b".nan", b".inf", b"-.inf", b"1.0e+400", b"1e400", b"inf", b"nan", b"Infinity"),
    *(b"2025-13-01", b"2025-02-30 10:00:00", b"0000-01-01", b"2025-01-01 10:00:00 +99:00"),
    *(
        b"!!int abc",
        b"!!float ''",
        b"!!bool maybe",
        b"!!timestamp x",
        b"!!binary '!'",
        b"!!set {a}",
        b"!!python/name:os.system",
    ),
    *(b"&a x", b"*a", b"*nowhere", b"[*a, *a]", b"{<<: *a}", b"? [a]", b"&a [*a]", b"---\n", b"..."),
    *(b"\x00", b"\x07", b"\xef\xbb\xbf", b"\xff\xfe", b"\xd0", b"\xed\xa0\x80", "Ї".encode("cp1251"), b"\t", b"\r\n", b"\\"),
    *(b":", b"- ", b"[", b"]", b"{", b"}", b",", b";", b'"', b"'", b"#", b"|", b">", b"%", b"@", b"`", b"&", b"="),
]
_VALUE = re.compile(rb"(?:: |[,;{\[])([^,;:\n{}\[\]]+)")  # a value after a key, or a cell, roughly


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 5)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _insert(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice(HOSTILE) + data[at:]
    return data


def _delete(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 200) :]


def _repeat(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    end = min(len(data), at + rng.randint(1, 300))
    return data[:end] + data[at:end] * rng.randint(2, 60) + data[end:]


def _replace_value(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 3)):
        spans = [m.span(1) for m in _VALUE.finditer(data)] or [(0, 0)]
        start, end = rng.choice(spans)
        data = data[:start] + rng.choice(HOSTILE) + data[end:]
    return data


def _encode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8-sig", errors="replace")
    return text.encode(rng.choice(["utf-16", "utf-16-le", "utf-32", "utf-8-sig", "cp1251"]), errors="replace")


def _delimit(rng: random.Random, data: bytes) -> bytes:
    return data.replace(b";", rng.choice([b",", b"\t", b"|", b";;"])).replace(b",", rng.choice([b",", b";", b"\t"]))


MUTATIONS = [_truncate, _flip, _insert, _delete, _repeat, _replace_value, _encode, _delimit]


def test_mutated_tours_give_stops_or_problems_never_a_crash():
    """Hundreds of broken versions of real tours each load or list their problems; nothing else happens."""
    rng = random.Random(20251201)
    outcomes: Counter[str] = Counter()
    for seed, name in [(DEFAULT_TOUR, "tour.yaml"), (TOURS / "good.csv", "tour.csv")]:
        original = seed.read_bytes()
        for number in range(200):
            data = original
            for mutation in rng.sample(MUTATIONS, rng.randint(1, 3)):
                data = mutation(rng, data) or b" "
            as_name = rng.choice(["tour.yaml", "tour.csv"]) if number % 10 == 0 else name
            try:
                stops = read_tour(data, as_name)
            except TourError as error:
                assert 1 <= len(error.problems) == min(error.total, MAX_LISTED) + (error.total > MAX_LISTED)
                assert all(p.describe("uk") and p.describe("en") for p in error.problems)
                outcomes["refused"] += 1
            except Exception as exc:  # not a TourError: name the file that did it, then fail
                exc.add_note(f"mutation {number} of {seed.name}, read as {as_name}: {data[:300]!r}")
                raise
            else:
                assert stops and all(isinstance(stop, Stop) for stop in stops)
                outcomes["loaded"] += 1
    assert outcomes["loaded"] >= 20 and outcomes["refused"] >= 200  # the mutations reach both outcomes


def test_a_stop_says_what_its_tiles_count_in_yaml_and_in_csv():
    """The hubs of one network and the IDPs of one community: the same stop from YAML and from Excel's CSV."""
    (yaml_stop,) = read_tour(
        one_stop(
            "title: T\nview: {lat: 46.9, lon: 32, zoom: 8}\n"
            "tiles: {show: [idps_hosted, hubs], hubs_serving: UA1414005, idps_from: UA14140050000000001}"
        ).encode(),
        "t.yaml",
    )
    text = "title_uk;lat;lon;zoom;tiles\nT;46,9;32;8;show=idps_hosted,hubs&hubs_serving=UA1414005&idps_from=UA1414005\n"
    (csv_stop,) = read_tour(text.encode("cp1251"), "t.csv")
    want = {"show": ["idps_hosted", "hubs"], "hubs_serving": ["UA1414005"], "idps_from": ["UA1414005"]}
    assert yaml_stop.tiles == csv_stop.tiles == want  # a KATOTTH code is cut to its P-code
    assert read_tour(tour_to_yaml([yaml_stop]).encode(), "tour.yaml") == [yaml_stop]
