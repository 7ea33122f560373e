"""The Forum page under AppTest: walking the tour, the stop in the address, languages, loading and editing tours."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.figures.data_date import demo_reference_day
from geo.forum.tour_figures import stop_tiles
from geo.forum.tour_files import DEFAULT_TOUR, load_tour, read_tour
from geo.text.formatting import date
from geo.text.i18n import gettext_for
from geo.text.safe_markdown import md

ROOT = Path(__file__).resolve().parents[2]
DEMO_DAY = demo_reference_day(ROOT / "data")  # what the demo's ages count to (data/demo.toml)
TIMEOUT = 120
STOPS = load_tour(DEFAULT_TOUR)

if str(ROOT) not in sys.path:  # the page imports the shell from app.py, as Streamlit's own run does
    sys.path.insert(0, str(ROOT))

BAD_TOUR = b"""stops:
  - id: fine
    title: {en: "A fine stop"}
    view: {lat: 47.0, lon: 32.0, zoom: 8}
  - id: lost
    title: {en: "Somewhere else"}
    view: {lat: 60.5, lon: 32.0, zoom: 8}
  - title: {en: "Odd layers"}
    view: {lat: 47.0, lon: 32.0, zoom: 8}
    layers: [communities, roads]
"""

GOOD_TOUR = """id,title_uk,title_en,text_uk,text_en,lat,lon,zoom,layers,metric,filters,as_of,flows
south,Південь,The south,,The needs in the south.,46.9,32.5,8,communities hubs,open_needs,oblast=Khersonska,,
bakhmut,Бахмут,Bakhmut,,,48.6,35.0,7,communities,idps_hosted,,,UA1402001
""".encode()


def forum(**params: str) -> AppTest:
    """The app opened at ``params`` and moved to the Forum page, as a visitor following a link would."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page("pages/forum.py").run()


def param(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def title(at: AppTest) -> str:
    return at.title[0].value


def shown(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "warning", "error", "success") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def tiles(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def the_map(at: AppTest) -> dict:
    (component,) = [json.loads(e.proto.json_args) for e in at.main if getattr(e, "type", None) == "component_instance"]
    return component


def on_stop(at: AppTest, number: int, lang: str = "en") -> None:
    """The page shows stop ``number`` (1-based) of the demo tour, and the address says so."""
    assert not at.exception
    assert title(at) == md(STOPS[number - 1].title_in(lang))
    assert param(at, "stop") == str(number)
    assert gettext_for(lang)("Stop {number} of {count}").format(number=number, count=len(STOPS)) in shown(at)


def test_the_forum_opens_at_the_first_stop_in_ukrainian(demo):
    """Without a link's parameters: stop 1 of the demo tour, in Ukrainian, with its tiles and its map."""
    at = forum()
    on_stop(at, 1, "uk")
    assert md(STOPS[0].text_in("uk")) in shown(at)
    assert tiles(at) == stop_tiles(demo, STOPS[0], "uk", DEMO_DAY)
    component = the_map(at)
    assert all(u.startswith("/app/static/") for u in component["js_links"])  # drawn offline
    assert component["returned_objects"] == []  # panning on the projector never reruns the page


def test_next_and_previous_change_the_stop_and_the_address():
    """Next twice reaches stop 3, Previous goes back to 2; the address follows."""
    at = forum(lang="en")
    assert at.button(key="forum_previous").disabled
    at.button(key="forum_next").click().run()
    on_stop(at, 2)
    at.button(key="forum_next").click().run()
    on_stop(at, 3)
    at.button(key="forum_previous").click().run()
    on_stop(at, 2)


def test_the_clicker_buttons_do_the_same():
    """The hidden PageDown / PageUp buttons (what a presentation clicker sends) move through the tour too."""
    at = forum(lang="en")
    shortcuts = {key: at.button(key=key).proto.shortcut.lower() for key in ("forum_page_down", "forum_page_up")}
    assert shortcuts == {"forum_page_down": "pagedown", "forum_page_up": "pageup"}
    assert at.button(key="forum_next").proto.shortcut.lower() == "right"
    assert at.button(key="forum_previous").proto.shortcut.lower() == "left"
    at.button(key="forum_page_down").click().run()
    on_stop(at, 2)
    at.button(key="forum_page_up").click().run()
    on_stop(at, 1)


def test_the_last_stop_has_no_next():
    """On the last stop Next is greyed out, not a jump back to the start."""
    at = forum(lang="en", stop=str(len(STOPS)))
    on_stop(at, len(STOPS))
    assert at.button(key="forum_next").disabled and at.button(key="forum_page_down").disabled


def test_a_link_to_stop_3_opens_stop_3():
    """?stop=3 opens the third stop (a reload, or a link sent before the forum)."""
    on_stop(forum(lang="en", stop="3"), 3)


def test_a_dated_stop_says_its_date_under_the_position():
    """A stop "as of" a day says so, on its own line under "Stop k of n", so that the date never wraps."""
    number = next(i for i, stop in enumerate(STOPS, 1) if stop.as_of)
    at = forum(lang="en", stop=str(number))
    on_stop(at, number)
    position = f"Stop {number} of {len(STOPS)}  \nas of {date(STOPS[number - 1].as_of)}"
    assert position in shown(at)


@pytest.mark.parametrize("value", ["99", "0", "two"])
def test_a_stop_that_is_not_in_the_tour_falls_back_to_the_first_with_a_note(value):
    """?stop=99 (or 0, or a word) shows stop 1 and says why, instead of an error."""
    at = forum(lang="en", stop=value)
    on_stop(at, 1)
    (warning,) = at.warning
    assert f"There is no stop “{md(value)}” in this tour of {len(STOPS)} stops" in warning.value


def test_switching_the_language_keeps_the_stop():
    """The page's own language switch (the sidebar is hidden) changes the language and stays on stop 3."""
    at = forum(lang="en", stop="3")
    at.button_group(key="forum_lang_en").set_value("uk").run()
    on_stop(at, 3, "uk")
    assert param(at, "lang") == "uk"
    assert at.sidebar.radio[0].value == "uk"  # the sidebar, on the other pages, says the same
    at.sidebar.radio[0].set_value("en").run()
    on_stop(at, 3, "en")
    assert at.button_group(key="forum_lang_en").value == "en"


def test_the_forum_style_is_on_the_forum_page_only():
    """The projector style (sidebar hidden) comes with the Forum page and leaves with it."""
    at = forum(lang="en")
    assert any("stSidebar" in h.value for h in at.get("html"))
    at.switch_page("pages/map.py").run()
    assert not at.exception
    assert not any("stSidebar" in h.value for h in at.get("html"))


@pytest.mark.parametrize("number", range(1, len(STOPS) + 1))
def test_each_stop_shows_its_own_figures(demo, number):
    """Every stop of the demo tour opens, in English, with the tiles of its own area and date."""
    at = forum(lang="en", stop=str(number))
    on_stop(at, number)
    assert tiles(at) == stop_tiles(demo, STOPS[number - 1], "en", DEMO_DAY)
    own = STOPS[number - 1].tiles.get("show")  # the Bakhmut and Mariupol stops count hubs and IDPs only
    assert [label for label, _value in tiles(at)] == (
        [{"idps_hosted": "IDPs hosted", "host_communities": "Host communities", "hubs": "Hubs"}[key] for key in own]
        if own
        else ["Needs registered", "Verified, % of all needs", "Closed, % of all needs", "IDPs hosted", "Hubs"]
    )


def test_kherson_tiles_differ_from_the_countrys(demo):
    """The tiles are the stop's area, not the country: Kherson oblast has fewer needs than Ukraine."""
    country = dict(tiles(forum(lang="en", stop="1")))
    at = forum(lang="en", stop="3")
    kherson = dict(tiles(at))
    assert int(kherson["Needs registered"]) < int(country["Needs registered"].replace(",", ""))
    assert "**Figures for:** Khersonska" in shown(at)  # the tiles say whose figures they are


def test_a_bad_tour_names_every_problem_and_the_tour_stays():
    """A tour with two bad stops is refused: each problem names its stop and field, and the demo tour stays."""
    at = forum(lang="en", stop="2")
    at.file_uploader(key="forum_upload").upload("our tour.yaml", BAD_TOUR, "application/x-yaml").run()
    assert not at.exception
    text = shown(at)
    assert "The tour our tour\\.yaml was not loaded; the tour shown before stays." in text
    with pytest.raises(Exception) as raised:
        read_tour(BAD_TOUR, "our tour.yaml")
    problems = raised.value.problems
    assert len(problems) >= 2
    for problem in problems:
        assert md(problem.describe("en")) in text
    assert md("view.lat") in text and "layers" in text and "“lost”" in text
    on_stop(at, 2)  # still the demo tour, still on the same stop


def test_a_good_tour_replaces_the_demo_and_starts_at_its_first_stop():
    """A CSV tour loads, says so, and the page walks it from its first stop."""
    at = forum(lang="en", stop="5")
    at.file_uploader(key="forum_upload").upload("south.csv", GOOD_TOUR, "text/csv").run()
    assert not at.exception
    assert "The tour south\\.csv is loaded." in shown(at)
    assert title(at) == "The south" and param(at, "stop") == "1"
    assert "Stop 1 of 2" in shown(at)
    at.button(key="forum_next").click().run()
    assert title(at) == "Bakhmut"
    at.button(key="forum_demo").click().run()
    on_stop(at, 1)


def test_editing_asks_the_map_for_its_view():
    """Only while "Edit the tour" is open does the map send back its centre and zoom."""
    at = forum(lang="en")
    assert the_map(at)["returned_objects"] == []
    at.session_state["forum_edit"] = True
    at.run()
    assert the_map(at)["returned_objects"] == ["center", "zoom"]


def test_adding_the_current_view_puts_a_stop_after_this_one():
    """The view (the stop's own, as the map was not moved) becomes a new stop after stop 2, which the page opens."""
    at = forum(lang="en", stop="2")
    at.text_input(key="forum_new_title").input("Our <b>first</b> view")
    at.button(key="FormSubmitter:forum_add-Add the view as a stop").click().run()
    assert not at.exception
    assert title(at) == md("Our <b>first</b> view")
    assert param(at, "stop") == "3" and f"Stop 3 of {len(STOPS) + 1}" in shown(at)
    stops = at.session_state["forum_tour"]["stops"]
    new, before = stops[2], STOPS[1]
    assert (new.lat, new.lon, new.zoom) == (before.lat, before.lon, before.zoom)
    assert (new.layers, new.metric, new.filters, new.as_of) == (before.layers, before.metric, before.filters, before.as_of)
    at.button(key="forum_next").click().run()
    assert title(at) == md(STOPS[2].title_in("en")) and param(at, "stop") == "4"  # the demo's third stop comes next


def test_removing_a_stop():
    """Remove this stop drops it from the tour; the page shows the stop that took its place."""
    at = forum(lang="en", stop="2")
    at.button(key="forum_remove").click().run()
    assert not at.exception
    assert title(at) == md(STOPS[2].title_in("en")) and f"Stop 2 of {len(STOPS) - 1}" in shown(at)


def test_a_tours_text_is_shown_as_text():
    """A stop titled with markup or Streamlit's Markdown shows those characters, never a link, colour or HTML."""
    hostile = "<img src=x onerror=alert(1)> [click](javascript:alert(1)) :red[alarm]"
    tour = (
        f'stops:\n  - title: {{en: "{hostile}"}}\n'
        '    text: {en: "$x$ **bold**"}\n    view: {lat: 47, lon: 32, zoom: 8}\n'
    )
    at = forum(lang="en")
    at.file_uploader(key="forum_upload").upload("hostile.yaml", tour.encode(), "application/x-yaml").run()
    assert not at.exception
    assert title(at) == md(hostile)
    assert md("$x$ **bold**") in shown(at)
    assert not any("onerror" in h.value for h in at.get("html"))
