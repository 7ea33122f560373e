"""A served map's large payloads go to one static file, and the script keeps only a reference to them."""

import os
import re

from geo.maps import served_data
from geo.maps.map_builder import build_map
from geo.maps.served_data import DATA_URL, serve_data

ATTRIBUTION = "Demo data"


def _script_urls(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html)


def test_the_large_payloads_move_to_one_file_the_map_loads(demo, tmp_path):
    """The shapes and layers are in the file, the script refers to them, and the file is among the map's scripts."""
    inline = build_map(demo, "open_needs", "en", ATTRIBUTION).get_root().render()
    m = build_map(demo, "open_needs", "en", ATTRIBUTION)
    path = serve_data(m, tmp_path)
    html = m.get_root().render()
    code = path.read_text(encoding="utf-8")
    assert _script_urls(html)[-1] == f"/{DATA_URL}/{path.name}"
    assert len(html) * 3 < len(inline)  # most of the page was data
    assert html.count("window.hmData[") >= 3  # places, shapes and the layers
    for key in re.findall(r'window\.hmData\["([0-9a-f]+)"\]', html):
        assert f'd["{key}"] = ' in code
    assert "hm.communityShapes(window.hmData[" in html


def test_the_same_map_makes_the_same_file_once(demo, tmp_path):
    """Named by its content: every visitor with the same data shares one file, written once."""
    first = serve_data(build_map(demo, "open_needs", "uk", ATTRIBUTION), tmp_path)
    written = first.stat().st_mtime_ns
    second = serve_data(build_map(demo, "open_needs", "uk", ATTRIBUTION), tmp_path)
    english = serve_data(build_map(demo, "open_needs", "en", ATTRIBUTION), tmp_path)
    assert second == first and english != first
    assert first.read_text(encoding="utf-8") and first.stat().st_mtime_ns >= written
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({first.name, english.name})


def test_a_map_without_large_payloads_keeps_them_inline(demo, tmp_path):
    m = build_map(demo, "open_needs", "en", ATTRIBUTION)
    assert serve_data(m, tmp_path, min_bytes=10**9) is None
    assert "window.hmData" not in m.get_root().render() and not list(tmp_path.iterdir())


def test_only_the_newest_files_are_kept(tmp_path, monkeypatch):
    """Each upload makes new files: the folder keeps the KEEP newest, not every one ever made."""
    monkeypatch.setattr(served_data, "KEEP", 3)
    for number in range(5):
        served_data._write_once(tmp_path / f"{number}.js", f"// {number}")
        os.utime(tmp_path / f"{number}.js", (1_000 + number, 1_000 + number))  # distinct ages, older than the next
    assert sorted(p.name for p in tmp_path.glob("*.js")) == ["2.js", "3.js", "4.js"]
