"""A tour stop's figures: the tiles count what the stop's area held on its date, recounted here from the raw frames."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from geo.forum.tour import Stop
from geo.forum.tour_figures import COLUMNS, stop_area, stop_dataset, stop_notes, stop_tiles, tiles_note, tour_figures
from geo.forum.tour_files import DEFAULT_TOUR, load_tour
from geo.text.i18n import gettext_for

TODAY = dt.date(2025, 11, 1)


def stop(**fields) -> Stop:
    return Stop(id="s", title={"en": "S"}, text={}, lat=47.0, lon=32.0, zoom=8, **fields)


def latest_idps(idp_counts: pd.DataFrame, day: dt.date | None = None) -> pd.DataFrame:
    """The newest count of each host/origin pair on ``day``, recounted without geo.figures.metrics."""
    counts = idp_counts if day is None else idp_counts[idp_counts["as_of"] <= pd.Timestamp(day)]
    return counts.sort_values("as_of").drop_duplicates(["host_pcode", "origin_pcode"], keep="last")


def expected(dataset, pcodes: set[str] | None, day: dt.date | None = None) -> dict:
    """The tiles' figures for the communities ``pcodes`` (None: all), as of ``day``, from the raw frames."""
    needs, hubs, idps = dataset.needs, dataset.hubs, latest_idps(dataset.idp_counts, day)
    if day is not None:
        needs = needs[needs["reported_on"] <= pd.Timestamp(day)]
    if pcodes is not None:
        needs = needs[needs["pcode"].isin(pcodes)]
        hubs = hubs[hubs["pcode"].isin(pcodes)]
        idps = idps[idps["host_pcode"].isin(pcodes)]
    closed = needs["status"].eq("closed")
    if day is not None:
        closed &= ~(needs["closed_on"] > pd.Timestamp(day)).fillna(False)  # closed later: still open on the day
    return {
        "needs": len(needs),
        "verified_share": needs["verified"].mean() if len(needs) else math.nan,
        "closed_share": closed.mean() if len(needs) else math.nan,
        "idps_hosted": int(idps["people"].sum()),
        "hubs": len(hubs),
    }


def figures_of(dataset, one: Stop) -> dict:
    row = tour_figures(dataset, [one], "en", TODAY).iloc[0]
    return {key: row[key] for key in ("needs", "verified_share", "closed_share", "idps_hosted", "hubs")}


def same(found: dict, wanted: dict) -> bool:
    return found.keys() == wanted.keys() and all(
        (math.isnan(found[k]) and math.isnan(wanted[k])) or found[k] == pytest.approx(wanted[k]) for k in found
    )


def oblast_pcodes(dataset, oblast: str) -> set[str]:
    communities = dataset.communities
    return set(communities.loc[communities["oblast"] == oblast, "pcode"])


@pytest.mark.parametrize(("oblast", "written"), [("Mykolaivska", "Mykolaivska"), ("Khersonska", "Херсонська")])
def test_an_oblast_stop_counts_what_is_in_that_oblast(small, oblast, written):
    """Named in English or Ukrainian, as a Needs page link may name it."""
    found = figures_of(small, stop(filters={"oblast": [written]}))
    wanted = expected(small, oblast_pcodes(small, oblast))
    assert wanted["needs"] > 0 and wanted["hubs"] > 0 and wanted["idps_hosted"] > 0  # the fixture has each kind
    assert same(found, wanted), (found, wanted)


def test_a_community_stop_counts_that_community_even_with_an_oblast(small):
    found = figures_of(small, stop(filters={"community": ["UA4806037"], "oblast": ["Mykolaivska"]}))
    assert same(found, expected(small, {"UA4806037"}))


@pytest.mark.parametrize("day", [dt.date(2025, 6, 30), dt.date(2025, 7, 1), dt.date(2025, 7, 20)])
def test_as_of_leaves_out_what_came_after_the_date(small, day):
    """Needs reported later are absent, needs closed later were still open, counts are the ones known then."""
    assert same(figures_of(small, stop(as_of=day)), expected(small, None, day))


def test_as_of_on_the_demo_drops_the_needs_reported_after_it(demo):
    day = dt.date(2025, 8, 1)
    found = figures_of(demo, stop(as_of=day, filters={"oblast": ["Mykolaivska"]}))
    mykolaiv = oblast_pcodes(demo, "Mykolaivska")
    needs = demo.needs[demo.needs["pcode"].isin(mykolaiv)]
    assert found["needs"] == (needs["reported_on"] <= pd.Timestamp(day)).sum() < len(needs)
    assert same(found, expected(demo, mykolaiv, day))


@pytest.mark.parametrize("name", ["small", "demo"])
def test_a_stop_without_filters_shows_the_totals(request, name):
    dataset = request.getfixturevalue(name)
    found = figures_of(dataset, stop())
    assert same(found, expected(dataset, None))
    assert found["needs"] == len(dataset.needs) and found["hubs"] == len(dataset.hubs)


def test_a_stop_counts_every_status_unless_it_names_some(small):
    """Unlike the Needs page, whose default is the unmet needs: a tour's tiles are about all needs."""
    assert figures_of(small, stop())["needs"] == len(small.needs)
    unmet = figures_of(small, stop(filters={"status": ["open", "in_progress"]}))
    assert unmet["needs"] == small.needs["status"].isin(["open", "in_progress"]).sum()
    assert unmet["closed_share"] == 0


def test_other_filters_narrow_the_needs_as_on_the_needs_page(small):
    found = figures_of(small, stop(filters={"sector": ["food", "wash"], "verified": ["yes"]}))
    needs = small.needs
    assert found["needs"] == (needs["sector"].isin(["food", "wash"]) & needs["verified"]).sum()


def test_the_stops_data_is_the_contracts_data_narrowed(small):
    one = stop(filters={"oblast": ["Khersonska"]}, as_of=dt.date(2025, 8, 1))
    data = stop_dataset(small, one, TODAY)
    assert list(data.needs.columns) == list(small.needs.columns)  # nothing added for filtering is left behind
    assert set(data.needs["pcode"]) <= oblast_pcodes(small, "Khersonska") and len(data.needs) > 0
    assert data.communities is small.communities and data.hubs is small.hubs  # the map shows them all


def test_tiles_are_labelled_and_formatted_in_the_language(demo):
    en = stop_tiles(demo, stop(), "en", TODAY)
    uk = stop_tiles(demo, stop(), "uk", TODAY)
    assert [label for label, _ in en] == [
        "Needs registered",
        "Verified, % of all needs",
        "Closed, % of all needs",
        "IDPs hosted",
        "Hubs",
    ]
    assert en[0][1] == "725" and en[1][1] == "81%" and en[3][1] == "112,058"
    assert uk[3][1] == "112\xa0058"  # 112 058, as Ukrainian writes thousands


def test_a_stop_with_no_needs_says_why_instead_of_zero_and_dashes(small):
    """Before the first need (1 May 2025) the needs tiles would read 0 / – / –: they are left out and a
    sentence says why; the hubs and IDP tiles stay."""
    early = stop(as_of=dt.date(2025, 5, 1))
    tiles = dict(stop_tiles(small, early, "en", TODAY))
    assert "Needs registered" not in tiles and "Verified, % of all needs" not in tiles
    assert tiles["Hubs"] == str(len(small.hubs))
    assert "no needs are registered" in tiles_note(small, early, "en", TODAY)
    assert tiles_note(small, stop(), "en", TODAY) is None


def test_a_stop_with_nothing_to_count_shows_no_tiles_and_says_so(small):
    empty = stop(filters={"community": ["UA4806017"]}, as_of=dt.date(2025, 5, 1), tiles={"show": ["needs", "hubs"]})
    assert stop_tiles(small, empty, "en", TODAY) == []
    assert "nothing to count" in tiles_note(small, empty, "en", TODAY)


def test_a_stop_counts_one_networks_hubs_and_one_communitys_idps(demo):
    """ "I'Mariupol: 25 centres": the hubs that serve Mariupol and Mariupol's displaced residents, not the country's."""
    mariupol = stop(
        tiles={
            "show": ["idps_hosted", "host_communities", "hubs"],
            "hubs_serving": ["UA1414005"],
            "idps_from": ["UA1414005"],
        }
    )
    tiles = dict(stop_tiles(demo, mariupol, "en", TODAY))
    assert list(tiles) == ["IDPs hosted", "Host communities", "Hubs"]
    assert tiles["Hubs"] == str(int((demo.hubs["serves_pcode"] == "UA1414005").sum()))
    from_mariupol = latest_idps(demo.idp_counts)
    from_mariupol = from_mariupol[from_mariupol["origin_pcode"] == "UA1414005"]
    assert tiles["IDPs hosted"] == f"{int(from_mariupol['people'].sum()):,}"
    assert tiles["Host communities"] == str(from_mariupol["host_pcode"].nunique())


def test_the_tours_figures_are_one_row_a_stop_in_numbers(demo):
    stops = load_tour(DEFAULT_TOUR)
    frame = tour_figures(demo, stops, "uk", TODAY)
    assert list(frame.columns) == list(COLUMNS)
    assert list(frame["stop"]) == list(range(1, len(stops) + 1))
    assert list(frame["title"]) == [s.title["uk"] for s in stops]
    assert frame["area"].iloc[0] == gettext_for("uk")("All of Ukraine")
    assert frame["area"].iloc[1] == "Миколаївська"
    assert frame["verified_share"].dropna().between(0, 1).all() and frame["closed_share"].dropna().between(0, 1).all()
    # The Bakhmut and Mariupol stops count hubs and IDPs only: their needs figures are blank, not the country's
    assert frame["verified_share"].isna().sum() == 2 and frame["needs"].isna().sum() == 2
    for column in ("needs", "idps_hosted", "hubs"):
        assert pd.api.types.is_integer_dtype(frame[column])


def test_a_filter_value_the_data_has_not_becomes_a_note(small):
    one = stop(filters={"oblast": ["Atlantis"], "provider": ["Nobody"], "sector": ["food"]})
    notes = stop_notes(small, one, "en")
    assert len(notes) == 2
    assert "oblast=Atlantis" in notes[0] and "provider=Nobody" in notes[1]
    assert len(stop_notes(small, one, "uk")) == 2
    assert figures_of(small, one)["needs"] == (small.needs["sector"] == "food").sum()  # the rest still applies


def test_flows_the_data_cannot_draw_become_a_note(small):
    assert "UA1402001" in stop_notes(small, stop(flows="UA1402001"), "en")[0]  # not a community of the data
    assert "UA4806017" in stop_notes(small, stop(flows="UA4806017", as_of=dt.date(2025, 7, 1)), "en")[0]  # counted later
    assert stop_notes(small, stop(flows="UA4806017"), "en") == []


# --------------------------------------------------------------------------------------------
# The demo tour tells the demo data's story


@pytest.fixture(scope="module")
def demo_tour():
    return {s.id: s for s in load_tour(DEFAULT_TOUR)}


def test_every_demo_stop_fits_the_demo_data(demo, demo_tour):
    for one in demo_tour.values():
        assert stop_notes(demo, one, "en") == [], one.id


def test_the_demo_stops_figures_are_the_ones_their_texts_say(demo, demo_tour):
    figures = tour_figures(demo, list(demo_tour.values()), "en", TODAY).set_index(pd.Index(list(demo_tour)))
    assert figures.loc["country", "needs"] == 725
    assert figures.loc["mykolaiv-oblast", "needs"] == 463
    assert figures.loc["kherson-oblast", "needs"] == 262
    assert 0.45 <= figures.loc["kherson-oblast", "closed_share"] < 0.5  # "almost half"
    assert round(figures.loc["verification", "verified_share"] * 100) == 57
    assert round(figures.loc["country", "verified_share"] * 100) == 81
    assert (
        figures.loc["august", "needs"] == 239
        and round(figures.loc["august", "needs"] * figures.loc["august", "closed_share"]) == 175
    )
    october = figures.loc["october"]
    assert round(october["closed_share"] * 100) == 45 and round(october["needs"] * (1 - october["closed_share"])) == 399
    assert figures.loc["bakhmut", "hubs"] == 2  # "hubs in Dnipro and Vinnytsia"
    assert figures.loc["mariupol", "hubs"] == 25  # "25 centres"
    assert figures.loc["mariupol", "idps_hosted"] == 34_313 and figures.loc["mariupol", "host_communities"] == 19


def on_screen(one: Stop, lat: float, lon: float, width: int = 1280, height: int = 720) -> bool:
    """Whether (lat, lon) is on a ``width`` × ``height`` map at the stop's centre and zoom (Web Mercator)."""
    scale = 256 * 2**one.zoom

    def pixels(lat: float, lon: float) -> tuple[float, float]:
        y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
        return (lon + 180) / 360 * scale, (1 - y / math.pi) / 2 * scale

    (cx, cy), (x, y) = pixels(one.lat, one.lon), pixels(lat, lon)
    return abs(x - cx) <= width / 2 and abs(y - cy) <= height / 2


def test_each_demo_view_frames_what_its_stop_is_about(demo, demo_tour):
    """On a 1280 × 720 map: the communities of the stop's needs, its area's hubs and its flows community."""
    centres = demo.communities.set_index("pcode")[["center_lat", "center_lon"]].astype(float)
    for one in demo_tour.values():
        places = set(stop_dataset(demo, one, TODAY).needs["pcode"].dropna())
        area = set(one.filters.get("community", []))
        places |= area | set(demo.hubs.loc[demo.hubs["pcode"].isin(area), "pcode"])
        if one.flows:
            places.add(one.flows)
        if not one.filters:
            places |= set(centres.index)  # the whole country
        outside = [p for p in places if not on_screen(one, *centres.loc[p])]
        assert outside == [], one.id


def test_the_framing_check_can_fail(demo_tour):
    kherson = demo_tour["kherson-oblast"]
    assert on_screen(kherson, 46.64, 32.61) and not on_screen(kherson, 50.45, 30.52)  # Kherson yes, Kyiv no


def test_the_tiles_say_which_area_they_count(demo):
    """Above the tiles the presenter reads whose figures they are: the communities, the oblast, or all of Ukraine."""
    assert stop_area(demo, stop(), "en") == "All of Ukraine"
    assert stop_area(demo, stop(), "uk") == "Уся Україна"
    assert stop_area(demo, stop(filters={"oblast": ["Mykolaivska"]}), "uk") == "Миколаївська"
    assert stop_area(demo, stop(filters={"community": ["UA1402001"]}), "en") == "Bakhmutska"
