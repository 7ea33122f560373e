"""The Needs page's filters in a link and in the widgets: how a link names them, and what a bad link does."""

from __future__ import annotations

from datetime import date

import pytest

from geo.figures.filter_params import (
    FIRST_DAY,
    LAST_DAY,
    POINT,
    POINT_KEY,
    WIDGET_KEYS,
    choices_of,
    from_widgets,
    parse_params,
    to_params,
    widget_values,
    widgets_changed,
)
from geo.figures.filters import DEFAULT, NO_PROVIDER, Filters, apply
from geo.figures.needs_view import prepare_needs

TODAY = date(2025, 8, 11)


@pytest.fixture(scope="module")
def needs(small):
    """The five fixture needs with their groups as the file has them (the internal view's frame)."""
    return prepare_needs(small, internal=True)


@pytest.fixture(scope="module")
def choices(small):
    return choices_of(small.communities, small.needs, small.hubs)


def kept(needs, filters: Filters) -> list[str]:
    return sorted(apply(needs, filters, TODAY)["need_id"])


EVERY = ("open", "in_progress", "closed")


def test_a_link_sets_every_filter(choices):
    """Each documented parameter reaches its filter, in English or Ukrainian words."""
    params = {
        "status": ["відкрита", "in progress"],
        "sector": ["food,WASH"],
        "verified": ["так"],
        "oblast": ["Херсонська"],
        "community": ["UA65100010000012345"],  # a KATOTTH code names its community too
        "from": ["01.06.2025"],
        "to": ["2025-08-31"],
        "min_days_open": ["7"],
        "group": ["діти"],
        "provider": ["none", "hromada COUNCIL"],
        "near": ["H-2"],
        "lang": ["en"],  # not ours: left alone
    }
    filters, notes = parse_params(params, choices)
    assert notes == []
    assert filters == Filters(
        status=("open", "in_progress"),
        sector=("food", "wash"),
        verified=True,
        oblast=("Khersonska",),
        community=("UA6510001",),
        reported_from=date(2025, 6, 1),
        reported_to=date(2025, 8, 31),
        min_days_open=7,
        group=("children",),
        provider=(NO_PROVIDER, "Hromada council"),
        near="H-2",
    )


@pytest.mark.parametrize(
    ("params", "kept_value", "message"),
    [
        ({"sector": ["food", "fod"]}, ("sector", ("food",)), "sector=fod, which is not in the data"),
        ({"community": ["UA9999999"]}, ("community", ()), "community=UA9999999"),
        ({"oblast": ["Atlantis"]}, ("oblast", ()), "oblast=Atlantis"),
        ({"provider": ["Nobody Ltd"]}, ("provider", ()), "provider=Nobody Ltd"),
        ({"status": ["maybe"]}, ("status", DEFAULT.status), "status=maybe"),
        ({"from": ["yesterday"]}, ("reported_from", None), "from=yesterday is not a date"),
        ({"from": ["1989-12-31"]}, ("reported_from", None), "from=1989-12-31 is outside the dates the data can have"),
        ({"to": ["2101-01-01"]}, ("reported_to", None), "to=2101-01-01 is outside the dates the data can have"),
        ({"to": ["01.01.0001"]}, ("reported_to", None), "(1990-01-01 to 2100-12-31)"),
        ({"to": ["31.02.2025"]}, ("reported_to", None), "to=31.02.2025 is not a date"),
        ({"min_days_open": ["-3"]}, ("min_days_open", None), "min_days_open=-3 is not a whole number"),
        ({"verified": ["perhaps"]}, ("verified", None), "verified=perhaps is not yes or no"),
        ({"near": ["the moon"]}, ("near", None), "near=the moon is neither a hub nor a point"),
        ({"near": ["95,31"]}, ("near", None), "near=95,31"),
    ],
)
def test_values_not_in_the_data_are_dropped_with_a_note(choices, params, kept_value, message):
    """A stale or mistyped link still opens: the bad value is left out and the page says which."""
    filters, notes = parse_params(params, choices)
    field_name, value = kept_value
    assert getattr(filters, field_name) == value
    assert len(notes) == 1
    assert message in notes[0].describe("en")
    assert notes[0].describe("uk")  # every reason has a message in both languages


@pytest.mark.parametrize("junk", ["", " ", "<script>alert(1)</script>", "%00", "ʼ" * 5000, ",,,", "UA", "1e9"])
def test_junk_never_raises(choices, junk):
    """Whatever a link holds, reading it gives filters and notes, never an exception."""
    filters, notes = parse_params({param: [junk] for param in ("status", "sector", "community", "from", "near")}, choices)
    assert isinstance(filters, Filters)
    assert all(note.describe("uk") for note in notes)


def test_dates_the_wrong_way_round_are_swapped_with_a_note(choices):
    """from after to is read as the range the user meant, and the page says so."""
    filters, notes = parse_params({"from": ["2025-07-01"], "to": ["2025-06-01"]}, choices)
    assert (filters.reported_from, filters.reported_to) == (date(2025, 6, 1), date(2025, 7, 1))
    assert [n.reason for n in notes] == ["swapped"]


def test_the_first_and_last_day_the_data_can_have_are_accepted(choices):
    """1990-01-01 and 2100-12-31 themselves are dates a link may ask for, with no note."""
    filters, notes = parse_params({"from": [FIRST_DAY.isoformat()], "to": ["31.12.2100"]}, choices)
    assert notes == [] and (filters.reported_from, filters.reported_to) == (FIRST_DAY, LAST_DAY)


def test_a_date_out_of_range_is_dropped_before_the_dates_are_compared(choices):
    """from=2200-01-01&to=2025-06-01 keeps to, drops from with a note, and does not swap the two."""
    filters, notes = parse_params({"from": ["2200-01-01"], "to": ["2025-06-01"]}, choices)
    assert (filters.reported_from, filters.reported_to) == (None, date(2025, 6, 1))
    assert [n.reason for n in notes] == ["out_of_range"]


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        # (a word joiner before "://": a bare address would still become a link, geo.text.safe_markdown)
        ({"sector": ["![x](http://127.0.0.1:9/p.png)"]}, "\\!\\[x\\]\\(http\u2060\\:\\/\\/127\\.0\\.0\\.1\\:9\\/p\\.png\\)"),
        ({"provider": ["[click](https://example.org)"]}, "\\[click\\]\\(https\u2060\\:\\/\\/example\\.org\\)"),
        ({"oblast": [":red[alarm] $x^2$"]}, r"\:red\[alarm\] \$x\^2\$"),
        ({"from": ["<b>1</b>"]}, r"\<b\>1\<\/b\>"),
    ],
)
def test_a_note_shows_the_links_markdown_as_text(choices, params, shown):
    """A link with an image, a link, a colour or a formula in it gets a note that shows those characters:
    no visitor's browser fetches the image or offers the link."""
    (note,) = parse_params(params, choices)[1]
    (given,) = next(iter(params.values()))
    text = note.markdown("en")
    assert shown in text
    assert "](" not in text and "![" not in text and "://" not in text
    assert given in note.describe("en")  # the plain text (the forum escapes it itself) is as the link wrote it


def test_the_default_view_has_a_short_link():
    """Only what differs from the default goes into the address."""
    assert to_params(DEFAULT) == {}
    assert to_params(Filters(status=EVERY)) == {"status": ["all"]}


def test_a_link_reproduces_the_filters_exactly(needs, choices):
    """Writing the filters to a link and reading it back gives the same filters."""
    filters = Filters(
        status=("closed",),
        sector=("shelter_nfi", "food"),
        verified=False,
        oblast=("Mykolaivska",),
        community=("UA4806037", "UA4806017"),
        reported_from=date(2025, 6, 1),
        reported_to=date(2025, 7, 1),
        min_days_open=14,
        group=("large_family",),
        provider=("Volunteer initiative", NO_PROVIDER),
        near="47.2500,31.2500",
    )
    again, notes = parse_params(to_params(filters), choices)
    assert notes == []
    assert again == parse_params(to_params(again), choices)[0]
    assert again.sector == ("food", "shelter_nfi") and again.provider == (NO_PROVIDER, "Volunteer initiative")
    assert again.community == ("UA4806017", "UA4806037")
    assert kept(needs, again) == kept(needs, filters)


def test_widgets_show_what_the_link_said(choices):
    """The widgets' values made from filters give the same filters back, points on the map included."""
    for filters in (
        DEFAULT,
        Filters(status=("closed",), verified=True, near="H-1", min_days_open=3),
        Filters(near="46.9750,31.9946", provider=(NO_PROVIDER,)),
    ):
        values = widget_values(filters, choices.hubs)
        assert from_widgets(values) == filters
    point = widget_values(Filters(near="46.9750,31.9946"), choices.hubs)
    assert point[WIDGET_KEYS["near"]] == POINT and point[POINT_KEY] == "46.9750,31.9946"


def test_ticking_no_status_means_any_status():
    """An empty status selection shows every need rather than none."""
    assert from_widgets({WIDGET_KEYS["status"]: []}).status == EVERY


def test_a_changed_widget_is_told_from_an_address_left_behind(choices):
    """A run in which a widget changed keeps the widgets' filters (the address it came with may be the one
    before the previous change); a run with the widgets as shown, or without them (back from another
    page), lets the address decide."""
    shown = Filters(sector=("food",))
    state = widget_values(shown, choices.hubs)
    assert not widgets_changed(state, shown)  # a rerun that changed no filter: the back button, a new link
    assert widgets_changed({**state, WIDGET_KEYS["verified"]: "no"}, shown)  # "не верифіковані", just pressed
    assert widgets_changed(widget_values(DEFAULT, choices.hubs), shown)  # "Clear all filters"
    assert not widgets_changed({}, shown)  # back from another page: Streamlit dropped the widgets
    assert not widgets_changed({WIDGET_KEYS["verified"]: "no"}, shown)
