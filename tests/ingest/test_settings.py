"""The internal view is a deployment setting: on only when the environment or the secrets say so."""

from __future__ import annotations

import pytest

from geo.ingest.settings import INTERNAL_VIEW_ENV, internal_view_enabled


@pytest.mark.parametrize("value", ["1", "true", "YES", "on"])
def test_the_environment_turns_it_on(value):
    """HROMADA_INTERNAL_VIEW=1 (or true/yes/on) turns the internal view on."""
    assert internal_view_enabled({INTERNAL_VIEW_ENV: value})


@pytest.mark.parametrize("value", ["", "0", "false", "no", "internal", " "])
def test_anything_else_leaves_it_off(value):
    """A typo or an empty value keeps the public view."""
    assert not internal_view_enabled({INTERNAL_VIEW_ENV: value})
    assert not internal_view_enabled({})


def test_secrets_turn_it_on_and_a_broken_secrets_file_does_not():
    """internal_view = true in secrets.toml turns it on; a secrets object that raises counts as off."""

    class Broken:
        def get(self, key):
            raise FileNotFoundError("no secrets.toml")

    assert internal_view_enabled({}, {"internal_view": True})
    assert internal_view_enabled({}, {"internal_view": "1"})
    assert not internal_view_enabled({}, {"internal_view": False})
    assert not internal_view_enabled({}, Broken())


def test_uploads_are_on_unless_the_deployment_switches_them_off():
    """A fresh install takes uploads; HROMADA_UPLOADS=0 or uploads = false in secrets switches them off."""
    from geo.ingest.settings import UPLOADS_ENV, uploads_enabled

    assert uploads_enabled({}) and uploads_enabled({}, {})
    assert uploads_enabled({UPLOADS_ENV: "1"}) and uploads_enabled({}, {"uploads": True})
    for value in ("0", "false", "no", "off", "ні"):
        assert not uploads_enabled({UPLOADS_ENV: value}), value
    assert not uploads_enabled({}, {"uploads": False})
    assert not uploads_enabled({UPLOADS_ENV: "maybe"})  # set, but not a yes: the operator meant to change it
    assert not uploads_enabled({UPLOADS_ENV: "0"}, {"uploads": True})  # the environment wins
