"""Pictures for slides need Chromium: which one is used, and a clear message when there is none."""

from __future__ import annotations

import stat

import pytest

from geo.exports.snapshot import NO_CHROMIUM, SnapshotUnavailable, chromium_path, render_pdf, render_png
from geo.text.i18n import gettext_for


@pytest.fixture
def no_chromium_on_path(monkeypatch, tmp_path):
    """A server with nothing on PATH and no CHROMIUM set."""
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))


def fake_program(folder, name: str):
    program = folder / name
    program.write_text("#!/bin/sh\nexit 1\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


def test_chromium_variable_wins_over_path(monkeypatch, tmp_path):
    """CHROMIUM names the browser to use, even when another one is on PATH."""
    on_path = fake_program(tmp_path, "chromium")
    chosen = fake_program(tmp_path, "my-chromium")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CHROMIUM", raising=False)
    assert chromium_path() == str(on_path)
    monkeypatch.setenv("CHROMIUM", str(chosen))
    assert chromium_path() == str(chosen)


def test_chromium_browser_name_is_found_too(no_chromium_on_path, tmp_path):
    """Distributions that call it chromium-browser work as well."""
    program = fake_program(tmp_path, "chromium-browser")
    assert chromium_path() == str(program)


@pytest.mark.parametrize("render", [render_png, render_pdf], ids=["png", "pdf"])
def test_no_chromium_says_what_to_install(no_chromium_on_path, render):
    """Without Chromium the export says what the server needs, in the user's language, and starts nothing."""
    assert chromium_path() is None
    with pytest.raises(SnapshotUnavailable) as caught:
        render("<p>x</p>")
    assert "apt-get install chromium" in str(caught.value) and "CHROMIUM" in str(caught.value)
    assert caught.value.describe("uk") == gettext_for("uk")(NO_CHROMIUM)


def test_a_wrong_chromium_variable_is_named(monkeypatch, tmp_path):
    """CHROMIUM pointing at nothing is reported with the path it names, not silently replaced."""
    fake_program(tmp_path, "chromium")
    monkeypatch.setenv("PATH", str(tmp_path))
    missing = tmp_path / "no" / "chromium"
    monkeypatch.setenv("CHROMIUM", str(missing))
    assert chromium_path() is None
    with pytest.raises(SnapshotUnavailable, match=str(missing)):
        render_png("<p>x</p>")
