"""The workbook says what the list is: its data's date, filters, order, view, source and when it was made."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.exports.about import about_rows, filter_rows, order_text
from geo.figures.filters import Filters
from geo.text.i18n import gettext_for

EXPORTED = dt.datetime(2025, 10, 1, 14, 5, 33, 120, tzinfo=dt.timezone(dt.timedelta(hours=3)))


def rows(dataset, lang: str, filters: Filters, internal: bool = False) -> dict[str, object]:
    listed = about_rows(
        lang=lang,
        count=5,
        data_as_of=dt.date(2025, 8, 10),
        filters=filters,
        communities=dataset.communities,
        hubs=dataset.hubs,
        internal=internal,
        source="Boundaries: communities.geojson",
        files=dataset.names,
        exported=EXPORTED,
    )
    return dict(listed)


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_the_default_list_says_its_date_statuses_and_when_it_was_made(small, lang):
    """The unmet needs, nothing else filtered: the statuses, "no other filter", the order, the public view,
    the source and files, the data's date and the export's time (Kyiv's, without a time zone Excel lacks)."""
    _ = gettext_for(lang)
    about = rows(small, lang, Filters())
    assert about[_("Needs in the list")] == 5
    assert about[_("Data as of")] == dt.date(2025, 8, 10)
    assert about[_("Filters applied")] is None  # a heading
    assert about[_("Status")] == f"{_('open')}, {_('in progress')}"
    assert about[_("Other filters")] == _("none: every need of the statuses above")
    assert about[_("Order of the list")] == _("Longest waiting first")
    assert about[_("View")].startswith(_("public: no names, phones, addresses or notes; every need at its community")[:10])
    assert about[_("Source")] == "Boundaries: communities.geojson"
    assert _("Needs") + ": needs.csv" in about[_("Files")]
    assert about[_("Exported (Kyiv time)")] == dt.datetime(2025, 10, 1, 14, 5, 33)


def test_every_filter_is_named_in_words(small):
    """Sectors, groups and statuses by their names, the oblast and the community by theirs (with the P-code),
    dates as dates, "no provider yet" for the blank provider; only what restricts is listed."""
    _ = gettext_for("uk")
    filters = Filters(
        status=("closed",),
        sector=("food", "wash"),
        verified=False,
        oblast=("Mykolaivska",),
        community=("UA4806037",),
        reported_from=dt.date(2025, 6, 1),
        min_days_open=30,
        group=("elderly",),
        provider=("none", "Caritas"),
    )
    about = dict(filter_rows(filters, small.communities, "uk"))
    assert about == {
        _("Status"): _("closed"),
        _("Sector"): f"{_('food')}, {_('WASH')}",
        _("Verified"): _("not verified"),
        _("Oblast"): "Миколаївська",
        _("Community"): "Шевченківська — Миколаївський (UA4806037)",
        _("Reported from"): dt.date(2025, 6, 1),
        _("Open for at least (days)"): 30,
        _("Vulnerable groups"): _("elderly"),
        _("Provider"): f"{_('no provider yet')}, Caritas",
    }


def test_the_order_names_the_hub_or_the_point(small):
    """Nearest first from a hub says the hub's name; from a point picked on the map, the point."""
    hub = small.hubs.iloc[0]
    assert order_text(Filters(near=str(hub["hub_id"])), small.hubs, "en") == f"Nearest first from {hub['name_en']}"
    assert order_text(Filters(near="46.9750,31.9946"), small.hubs, "en") == (
        "Nearest first from the point picked on the map (46.9750,31.9946)"
    )


def test_the_internal_view_warns_in_the_file_itself(small):
    """A workbook of the internal view says, in the file, that it must stay within the team."""
    about = rows(small, "en", Filters(), internal=True)
    assert "do not share it outside the team" in about["View"]
