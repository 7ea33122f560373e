"""The deployment's own files (HROMADA_NEEDS ...) under their own, larger limits and box; an upload under today's.

A national registry the operator put on the server (1,000,000 needs: a 113 MB CSV) must load, while the
same bytes uploaded by a visitor are still refused with the size message. The limits here are made small
for the test (a 1 MiB "upload" limit and a 4 MiB "deployment" one), so that no test writes 50 MB.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import geo.__main__ as cli
import geo.ingest.validate as validate_module
from geo.ingest import box
from geo.ingest.box import OWN_BOX, BoxLimits
from geo.ingest.limits import LIMITS, OWN_LIMITS, Limits
from geo.ingest.loaders import load_communities, load_dataset, unit_sources
from geo.ingest.reading import MAX_BYTES, Source, read_table
from geo.ingest.validate import load_boxed, validate

FIXTURES = Path(__file__).resolve().parents[1] / "data"
UPLOAD = Limits(file_bytes=2**20)  # a visitor's upload, scaled down
OWN = Limits(file_bytes=4 * 2**20)  # the deployment's own files, scaled down alike
HEADER = "need_id,pcode,lat,lon,sector,status,verified,reported_on,closed_on,provider,people,vulnerable_groups,notes\n"
ROWS = 1_500  # of some 1 kB each: a 1.5 MB file, over UPLOAD and under OWN


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> Path:
    """A deployment's needs file of 1.5 MB: every row good, on the fixture communities."""
    note = "x" * 950
    rows = "".join(f"N-{i},UA4806037,,,food,open,true,2025-06-02,,,3,,{note}\n" for i in range(1, ROWS + 1))
    path = tmp_path_factory.mktemp("deployment") / "needs.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    assert UPLOAD.file_bytes < path.stat().st_size < OWN.file_bytes
    return path


@pytest.fixture(scope="module")
def communities():
    return load_communities(Source.from_path(FIXTURES / "communities.geojson")).frame


def test_the_deployments_limits_are_larger_than_an_uploads_and_documented():
    """The operator's files may be 1 GiB, 10,000,000 rows, 200,000,000 cells, 50,000,000 vertices; an upload
    keeps 50 MiB (the proxy's and Streamlit's upload limit), 1,000,000 rows, 20,000,000 cells, 5,000,000."""
    assert (LIMITS.file_bytes, LIMITS.rows, LIMITS.cells, LIMITS.file_vertices) == (50 * 2**20, 10**6, 2 * 10**7, 5 * 10**6)
    assert (OWN_LIMITS.file_bytes, OWN_LIMITS.rows, OWN_LIMITS.cells, OWN_LIMITS.file_vertices) == (
        2**30,
        10**7,
        2 * 10**8,
        5 * 10**7,
    )
    assert MAX_BYTES == LIMITS.file_bytes
    assert Source("needs.csv", b"x").limits == LIMITS  # what pages/parts/your_files.py builds from an upload


def test_a_deployment_file_over_the_upload_limit_loads(registry, communities):
    """The operator's needs file, larger than an upload may be, loads whole: every row is on the map."""
    source = Source.from_path(registry, limits=OWN)
    assert source.size is None and len(source.data) == registry.stat().st_size  # read whole, not cut at the limit
    result = validate("needs", source, communities)  # in the box, as the app reads
    assert result.ok, [p.describe("en") for p in result.problems]
    assert len(result.frame) == ROWS


def test_the_same_bytes_uploaded_are_refused_with_the_size_message(registry, communities):
    """The same file uploaded by a visitor is refused before it is read, with its size and the upload limit."""
    upload = Source(registry.name, registry.read_bytes(), limits=UPLOAD)
    result = validate("needs", upload, communities)
    assert not result.ok and [p.code for p in result.problems] == ["too_large"]
    assert "1.5 MB, above the limit of 1 MB" in result.problems[0].message("en")
    assert "1.5" in result.problems[0].message("uk") and "1 МБ" in result.problems[0].message("uk")


def test_a_path_read_under_the_upload_limits_is_cut_at_them(registry):
    """A path read as an upload (the command line's default) reads no more than the limit, and is refused."""
    source = Source.from_path(registry, limits=UPLOAD)
    assert len(source.data) == UPLOAD.file_bytes + 1 and source.size == registry.stat().st_size
    frame, problems = read_table(source)
    assert frame is None and [p.code for p in problems] == ["too_large"]
    frame, problems = read_table(Source.from_path(registry, limits=OWN), limits=UPLOAD)  # a caller's limits win
    assert frame is None and [p.code for p in problems] == ["too_large"]


def test_the_real_upload_limit_still_refuses_what_the_deployments_allows():
    """At the shipped figures: a 60 MiB file is refused as an upload and passes the size check as the deployment's."""
    data = (HEADER + "N-1,UA4806037,,,food,open,true,2025-06-02,,,3,,\n").encode()
    frame, problems = read_table(Source("needs.csv", data, size=60 * 2**20))
    assert frame is None and [p.code for p in problems] == ["too_large"]
    assert "62.9 MB, above the limit of 50 MB" in problems[0].message("en")
    frame, problems = read_table(Source("needs.csv", data, size=60 * 2**20, limits=OWN_LIMITS))
    assert problems == [] and len(frame) == 1


def test_the_deployments_boundaries_are_read_under_its_own_limits(tmp_path):
    """HROMADA_OBLASTS / HROMADA_RAIONS are the operator's files, as HROMADA_NEEDS is."""
    path = tmp_path / "oblasts.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    found = unit_sources({"HROMADA_OBLASTS": str(path), "HROMADA_RAIONS": str(tmp_path / "missing.geojson")})
    assert {kind: source.limits for kind, source in found.items()} == {"oblasts": OWN_LIMITS, "raions": OWN_LIMITS}
    assert found["raions"].missing


def test_the_same_bytes_under_other_limits_are_another_file_to_the_caches():
    """The app caches a load by the files' digests: an upload never gets the result of the deployment's
    file with the same name and bytes, which was read under larger limits."""
    assert Source("needs.csv", b"x", limits=OWN_LIMITS).digest != Source("needs.csv", b"x").digest
    assert Source("needs.csv", b"x", limits=LIMITS).digest == Source("needs.csv", b"x").digest


def test_the_deployments_limits_reach_its_communities_vertex_count(monkeypatch):
    """The whole file's vertices are counted again after the shapes are built: under the file's own limits."""
    data = (FIXTURES / "communities.geojson").read_bytes()  # three squares: 15 vertices
    small = Limits(file_vertices=14)
    assert [p.code for p in load_communities(Source("c.geojson", data, limits=small)).problems] == ["file_too_complex"]
    assert load_communities(Source("c.geojson", data, limits=replace(small, file_vertices=15))).ok


# --- the box ---------------------------------------------------------------------------------


def _boxes(monkeypatch) -> list[BoxLimits]:
    """The box each load asks for (the load itself not run)."""
    asked = []

    def run(_function, *_args, limits=None, **_kwargs):
        asked.append(limits)
        return box.Run((None, {}), 0.0, 0.0)

    monkeypatch.setattr(box, "run", run)
    return asked


def test_a_load_of_the_deployments_files_only_gets_the_larger_box(monkeypatch):
    """The operator's files alone: HROMADA_OWN_READ_SECONDS and HROMADA_OWN_READ_MEMORY_MB; with a visitor's
    upload among them: the visitor's box (HROMADA_READ_SECONDS, HROMADA_READ_MEMORY_MB), as before."""
    monkeypatch.setenv("HROMADA_OWN_READ_SECONDS", "400")
    monkeypatch.setenv("HROMADA_OWN_READ_MEMORY_MB", "9000")
    monkeypatch.setenv("HROMADA_READ_SECONDS", "20")
    monkeypatch.setenv("HROMADA_READ_MEMORY_MB", "1000")
    asked = _boxes(monkeypatch)
    own = {k: Source(f"{k}.csv", b"x", limits=OWN_LIMITS) for k in ("communities", "needs", "hubs", "idp_counts")}
    load_boxed({**own, "indicators": (Source("hno.csv", b"x", limits=OWN_LIMITS),)})
    load_boxed({**own, "needs": Source("needs.csv", b"x")}, "needs")  # a visitor's upload
    load_boxed({**own, "indicators": (Source("mine.csv", b"x"),)})  # an upload among them, however it came
    assert asked == [BoxLimits(400, 9000), BoxLimits(20, 1000), BoxLimits(20, 1000)]


def test_an_upload_beside_a_national_registry_gets_the_visitors_box_on_top_of_it(monkeypatch):
    """A load with an upload reads the deployment's files again: when those alone took more than half the
    visitor's box, the upload still gets the whole visitor's box, not what the registry leaves of it."""
    monkeypatch.setenv("HROMADA_READ_SECONDS", "60")
    monkeypatch.setenv("HROMADA_READ_MEMORY_MB", "2048")
    monkeypatch.setattr(validate_module, "_own_cost", [])  # this server's kept cost, not another test's
    own = {k: Source(f"{k}.csv", b"x", limits=OWN_LIMITS) for k in ("communities", "needs", "hubs", "idp_counts")}
    for cost, box_asked in (((0.8, 300.0), BoxLimits(60, 2048)), ((11.4, 1348.0), BoxLimits(71.4, 3396))):
        monkeypatch.setattr(box, "run", lambda *_a, cost=cost, **_k: box.Run((None, {}), *cost))
        load_boxed(own)  # the deployment's files at the server's start: their cost is kept
        asked = _boxes(monkeypatch)
        load_boxed({**own, "hubs": Source("hubs.csv", b"x")}, "hubs")
        assert asked == [box_asked]


def test_the_deployments_box_defaults_and_never_shrinks_below_the_visitors():
    """300 s and 8,192 MB unless set; a bad value keeps the default; a visitor's box set larger still counts."""
    assert BoxLimits.own_from_env({}) == OWN_BOX == BoxLimits(300, 8192)
    assert BoxLimits.own_from_env({"HROMADA_OWN_READ_SECONDS": "soon", "HROMADA_OWN_READ_MEMORY_MB": "-1"}) == OWN_BOX
    assert BoxLimits.own_from_env({"HROMADA_OWN_READ_SECONDS": "900"}) == BoxLimits(900, 8192)
    assert BoxLimits.own_from_env({"HROMADA_READ_SECONDS": "600", "HROMADA_OWN_READ_SECONDS": "120"}).seconds == 600
    assert BoxLimits.from_env({}) == BoxLimits(60, 2048)  # the visitor's box is unchanged


def test_the_app_loads_the_fixture_set_as_its_own_files():
    """The fixture set read as a deployment's (every file under OWN_LIMITS) loads as it did as uploads."""
    sources = {k: Source.from_path(FIXTURES / f"{k}.csv", limits=OWN_LIMITS) for k in ("needs", "hubs", "idp_counts")}
    sources["communities"] = Source.from_path(FIXTURES / "communities.geojson", limits=OWN_LIMITS)
    dataset, results = load_dataset(sources)
    assert dataset is not None, {k: [p.describe("en") for p in r.problems] for k, r in results.items()}


# --- the command line ------------------------------------------------------------------------


def test_the_command_line_checks_as_an_upload_unless_told_own(registry, monkeypatch, capsys):
    """``python -m geo validate`` says whether a file would load as an upload; ``--own`` as the deployment's file."""
    monkeypatch.setattr(cli, "LIMITS", UPLOAD)
    monkeypatch.setattr(cli, "OWN_LIMITS", OWN)
    communities = str(FIXTURES / "communities.geojson")
    args = ["validate", "--kind", "needs", str(registry), "--communities", communities, "--lang", "en"]
    assert cli.main(args) == 1
    assert "above the limit of 1 MB" in capsys.readouterr().out
    assert cli.main([*args, "--own"]) == 0
    assert f"loads, {ROWS} rows" in capsys.readouterr().out
