"""The internal view is a deployment setting: on only when the environment or the secrets say so."""

from __future__ import annotations

import pytest

from geo.settings import INTERNAL_VIEW_ENV, internal_view_enabled


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
