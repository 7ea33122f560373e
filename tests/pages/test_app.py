"""Every page under Streamlit's AppTest: what a user sees, in both languages, and what uploads do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from served_args import map_args, sent_args
from streamlit.testing.v1 import AppTest

from geo.figures.metrics import METRICS
from geo.ingest.settings import INTERNAL_VIEW_ENV, UPLOADS_ENV
from geo.text.i18n import gettext_for
from geo.text.safe_markdown import md

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "data"
TIMEOUT = 120


def start(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if lang:
        at.query_params["lang"] = lang
    return at.run()


def texts(at: AppTest) -> str:
    """What the messages read as, once Markdown has rendered them (our escapes, ``\\_``, shown as ``_``)."""
    parts = [e.value for kind in ("error", "warning", "success", "caption", "markdown") for e in getattr(at, kind)]
    parts += [e.value for e in at.sidebar.error] + [e.value for e in at.sidebar.success]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def headline(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture(scope="module")
def home() -> AppTest:
    return start()


def test_home_opens_in_ukrainian_with_the_map(home):
    """A first visit shows the Ukrainian title, the demo's figures and the map component."""
    _ = gettext_for("uk")
    assert not home.exception
    assert home.title[0].value == _("Communities: needs, hubs and displaced people")
    assert headline(home)[_("Needs registered")] == "725"
    args = map_args(home)
    # One script file (Leaflet, its plugin and ours) and the map's data, both served by the app itself.
    assert args["js_links"][0] == "/app/static/vendor/bundle/map.js" and len(args["data_files"]) == 1
    assert all(u.startswith("/app/static/") for u in args["js_links"])
    sent = sent_args(home)["script"]
    assert "window.hmData[" in sent and len(sent) * 5 < len(args["script"])  # the shapes and layers are in the file
    # Only a click's tooltip comes back (to open a community's page): panning and zooming never rerun.
    assert args["returned_objects"] == ["last_object_clicked_tooltip"]
    assert home.query_params["lang"] in ("uk", ["uk"])


def test_lang_in_the_url_gives_english(tmp_path):
    """A shared link with ?lang=en opens in English, labels and map alike."""
    at = start("en")
    assert not at.exception
    assert at.title[0].value == "Communities: needs, hubs and displaced people"
    assert "Unmet needs" in map_args(at)["layer_control"]


def test_switching_language_keeps_it_in_the_url(home):
    """Choosing English in the sidebar changes the page and puts lang=en in the address."""
    at = start()
    at.sidebar.radio[0].set_value("en").run()
    assert at.title[0].value == "Communities: needs, hubs and displaced people"
    assert at.query_params["lang"] in ("en", ["en"])


@pytest.mark.parametrize("metric", list(METRICS))
def test_choosing_a_metric_swaps_only_the_coloured_layer(metric):
    """The metric buttons change the communities layer and its legend; the rest of the map stays the same."""
    at = start("en")
    before = map_args(at)
    at.button_group(key="metric").set_value(metric).run()
    after = map_args(at)
    assert not at.exception
    label = METRICS[metric][0]
    assert label in after["feature_group"]
    assert after["script"] == before["script"]  # the base map is unchanged: no reload in the browser


@pytest.mark.parametrize(("page", "title"), [("pages/data.py", "Data"), ("pages/about.py", "About this dashboard")])
@pytest.mark.parametrize("lang", ["uk", "en"])
def test_every_page_runs(page, title, lang):
    """The Data and About pages open without an error, in both languages."""
    at = start(lang)
    at.switch_page(page).run()
    assert not at.exception
    assert at.title[0].value == gettext_for(lang)(title)


def test_data_page_says_in_words_what_was_loaded():
    """The Data page names each file with its rows, and says in words that personal columns were hidden:
    no problem code, no "None", no raw column names; the personal data itself is nowhere."""
    at = start("en")
    at.switch_page("pages/data.py").run()
    assert not at.exception
    summary = at.table[0].value.map(lambda cell: re.sub(r"\\(.)", r"\1", cell))  # md's escapes, as read
    files = ["communities.geojson", "needs.csv", "hubs.csv", "idp_counts.csv", "indicators.csv"]
    assert summary.loc["File"].tolist() == files
    assert summary.loc["Rows in the file", "Needs"] == "725" and summary.loc["Rows left out", "Needs"] == "0"
    hidden = "personal data hidden: 4 columns (contact name, phone, address, notes)"
    assert hidden in summary.loc["Columns left out", "Needs"]
    assert any("No problems in the data on the map" in s.value for s in at.success)
    shown = summary.to_csv() + "".join(df.value.to_csv() for df in at.dataframe)
    for raw in ("personal_dropped", "None", "00:00:00", "name_uk", "hub_id", "Demo Person"):
        assert raw not in shown, raw


def test_data_page_lists_the_raw_needs_only_in_the_internal_view(monkeypatch):
    """A visitor of the public Data page sees how many needs were loaded but not their rows, whose vulnerable
    groups could name a household (the Needs page lists them, protected); the team's internal view lists them."""
    monkeypatch.delenv(INTERNAL_VIEW_ENV, raising=False)
    at = start("en")
    at.switch_page("pages/data.py").run()
    assert not at.exception
    assert not any("Need" in df.value.columns for df in at.dataframe)
    assert any("rows are shown here only in the internal view" in c.value for c in at.caption)
    assert any("Hub" in df.value.columns for df in at.dataframe)  # the other inputs are still listed
    monkeypatch.setenv(INTERNAL_VIEW_ENV, "1")
    inside = start("en")
    inside.switch_page("pages/data.py").run()
    assert not inside.exception
    (needs,) = [df.value for df in inside.dataframe if "Need" in df.value.columns]
    assert "Vulnerable groups" in needs.columns and len(needs) == 500  # the first 500 rows, as for every input
    assert any("the first 500 of 725 rows" in c.value for c in inside.caption)


def test_a_file_name_with_markdown_shows_as_text():
    """An upload named [x](https://example.org).csv is named as those characters on the Data page and under the map,
    never as a link."""
    at = start("en")
    name = "[x](https://example.org).geojson"
    at.sidebar.file_uploader(key="upload_communities").upload(name, (FIXTURES / "communities.geojson").read_bytes())
    at.run()
    assert not at.exception
    assert any(md(name) in c.value for c in at.caption)  # "Boundaries: …" under the map
    at.switch_page("pages/data.py").run()
    assert not at.exception
    assert any(md(name) in c.value for c in at.caption)
    assert at.table[0].value.loc["File", "Communities"] == md(name)  # st.table reads its cells as Markdown too
    kinds = ("title", "header", "subheader", "caption", "markdown", "warning", "error", "info", "success")
    for text in [str(e.value) for kind in kinds for e in getattr(at.main, kind)]:
        assert "](" not in text and "://" not in text, text


def test_bad_upload_is_refused_and_the_map_keeps_its_data():
    """A broken needs file is named with its row and column, and the map still shows the data from before."""
    at = start("en")
    bad = b"need_id,pcode,sector,status,reported_on\nN-1,UA4806037,food,open,2025-06-01\nN-2,UA9999999,food,open,someday\n"
    at.sidebar.file_uploader(key="upload_needs").upload("my_needs.csv", bad, "text/csv")
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "my_needs.csv was not loaded" in shown
    assert "my_needs.csv, row 3, column “pcode”" in shown
    assert "my_needs.csv, row 3, column “reported_on”" in shown
    assert headline(at)["Needs registered"] == "725"


def test_bad_upload_message_in_ukrainian():
    """The same refusal reads in Ukrainian for a Ukrainian user."""
    _ = gettext_for("uk")
    at = start()
    at.sidebar.file_uploader(key="upload_needs").upload("потреби.csv", b"foo;bar\n1;2\n", "text/csv")
    at.run()
    assert _("{file} was not loaded; the data shown before stays.").format(file="потреби.csv") in texts(at)


def test_good_upload_replaces_one_input():
    """A valid needs file replaces the demo needs; the other inputs stay."""
    at = start("en")
    good = (
        "need_id;pcode;sector;status;reported_on;verified\n"
        "A-1;UA4806037;food;open;02.06.2025;так\n"
        "A-2;UA4806037;WASH;закрита;03.06.2025;ні\n"
    )
    at.sidebar.file_uploader(key="upload_needs").upload("ours.csv", good.encode("cp1251"), "text/csv")
    at.run()
    assert not at.exception
    assert "ours.csv is loaded." in texts(at)
    figures = headline(at)
    assert figures["Needs registered"] == "2" and figures["Hubs"] == "44"
    # A visitor's own needs count their ages to today, not to the demo's reference day (data/demo.toml).
    captions = " ".join(c.value for c in at.caption)
    assert "Data as of" in captions and "Days are counted to 2025-10-31" not in captions


def test_the_demo_counts_to_its_own_reference_day():
    captions = " ".join(c.value for c in start("en").caption)
    assert "Data as of 2025-10-31." in captions and "Days are counted to 2025-10-31" in captions


def test_hostile_upload_is_escaped_on_the_map():
    """Uploaded communities with markup in their names reach the map only as escaped text."""
    at = start("en")
    for kind in ("communities", "needs", "hubs", "idp_counts"):
        name = "communities.geojson" if kind == "communities" else f"{kind}.csv"
        at.sidebar.file_uploader(key=f"upload_{kind}").upload(name, (FIXTURES / name).read_bytes())
        at.run()
    assert not at.exception
    assert headline(at)["Needs registered"] == "5"
    args = map_args(at)
    payload = args["script"] + args["feature_group"]
    assert "<img src=x" not in payload and "\\u003cimg" not in payload
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in payload  # &lt;img ... as JSON
    assert "Secret Person" not in payload


def test_an_operator_can_switch_uploads_off(monkeypatch):
    """With HROMADA_UPLOADS=0 no page offers an upload: not the sidebar's files, not forum mode's tour."""
    monkeypatch.setenv(UPLOADS_ENV, "0")
    at = start("en")
    assert not at.exception and not at.sidebar.expander and not at.get("file_uploader")
    at.switch_page("pages/forum.py").run()
    assert not at.exception and not at.get("file_uploader")
    monkeypatch.delenv(UPLOADS_ENV)
    at = start("en")
    assert {u.key for u in at.sidebar.get("file_uploader")} == {
        f"upload_{k}" for k in ("communities", "needs", "hubs", "idp_counts", "indicators", "oblasts", "raions")
    }


def test_a_deployment_gives_its_indicators_file_a_mapping(monkeypatch, tmp_path):
    """A deployment's indicators file whose headers say nothing (no code column known, figures in thousands)
    loads with HROMADA_INDICATORS_MAP, and its metric is offered by the name of its column."""
    table = tmp_path / "pin.csv"
    # A total row and a note: too few codes for the code column to be found by its content (refused without a mapping).
    rows = ["Територія;Коментар;ЛПД, тис. осіб;Тяжкість", "UA4806037;Вознесенська;1,5;3", "UA4806017;Доманівська;0,25;4"]
    table.write_text("\n".join([*rows, "Разом;Південь;1,75;", "1;Примітка;;"]) + "\n", encoding="utf-8")
    mapping = tmp_path / "mapping.txt"
    mapping.write_text("code=Територія\nmetric=ЛПД, тис. осіб*1000\n", encoding="utf-8")
    monkeypatch.setenv("HROMADA_INDICATORS", str(table))
    monkeypatch.setenv("HROMADA_INDICATORS_MAP", str(mapping))
    at = start("en")
    assert not at.exception and not at.error, [e.value for e in at.error]
    offered = [str(getattr(o, "content", o)) for o in at.button_group(key="metric").options]  # 5 metrics: buttons
    assert any("ЛПД" in label for label in offered), offered
    assert not any("Тяжкість" in label for label in offered), offered  # the mapping names one metric only
    summary = at.switch_page("pages/data.py").run().table[0].value.to_csv().replace("\\", "")  # md's escapes
    assert "pin.csv" in summary and "units: 2" in summary, summary


def test_a_deployments_indicators_file_with_an_error_leaves_the_map_drawn(monkeypatch, tmp_path):
    """Indicators are optional: a deployment's file that cannot be read is left out and its problem listed on the
    Data page, and the map of needs, hubs and IDPs is drawn as without it."""
    table = tmp_path / "broken.csv"
    table.write_text("Територія;Коментар\nщось;інше\n", encoding="utf-8")  # no codes, no figures
    monkeypatch.setenv("HROMADA_INDICATORS", str(table))
    at = start("en")
    assert not at.exception and not at.error, [e.value for e in at.error]
    offered = [str(getattr(o, "content", o)) for o in at.button_group(key="metric").options]
    assert offered == [_label for _label in (gettext_for("en")(label) for label, _u, _f in METRICS.values())]
    data = at.switch_page("pages/data.py").run()
    listed = "".join(df.value.to_csv() for df in data.dataframe) + data.table[0].value.to_csv()
    assert "broken" in listed.replace("\\", ""), listed[:500]
