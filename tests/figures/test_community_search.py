"""Finding a community: by name or code in the search box, or by a click on a map; and its place line."""

from __future__ import annotations

import pytest

from geo.figures.community_search import find_communities, place_line, search_labels
from geo.maps.map_click import MapClick, clicked_community, parse_click, pcode_mark
from geo.text.safe_markdown import md

SHEVCHENKOVE, BILOZERKA = "UA4806037", "UA6510001"  # tests/data


# --- Finding a community -----------------------------------------------------------------------


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


def test_search_finds_nothing_for_nonsense(demo):
    """A code nobody has, or a word in no name, finds nothing rather than a random community."""
    assert find_communities(demo.communities, "UA9999999") == []
    assert find_communities(demo.communities, "zzzz") == []
    assert find_communities(demo.communities, "громада") == []


def test_search_labels_tell_namesakes_apart(demo):
    """Communities that share a name differ in their label by oblast and code."""
    labels = search_labels(demo.communities, "uk")
    assert len(labels) == len(demo.communities) == len(set(labels.values()))
    assert labels["UA1402001"] == "Бахмутська (Bakhmutska), Донецька · UA1402001"


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
