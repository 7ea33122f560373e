"""Fixtures for every level: the small fixture set in tests/data, the demo set in data/, one browser.

The app's servers are in tests/pages/conftest.py: only the page tests start them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import launch_browser

from geo.ingest.loaders import DEFAULT_FILES, Dataset, load_dataset
from geo.ingest.reading import Source

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "data"
DEMO = ROOT / "data"

pytest_plugins = ("postgres_support",)  # the throwaway PostgreSQL cluster's fixtures (tests/db, the live map test)


def sources_in(folder: Path) -> dict[str, Source]:
    return {kind: Source.from_path(folder / name) for kind, name in DEFAULT_FILES.items()}


@pytest.fixture(scope="session")
def fixture_sources() -> dict[str, Source]:
    """Three communities, five needs (some with hostile text and personal columns), two hubs."""
    return sources_in(FIXTURES)


@pytest.fixture(scope="session")
def small(fixture_sources) -> Dataset:
    dataset, results = load_dataset(fixture_sources)
    assert dataset is not None, {k: [p.describe("en") for p in r.problems] for k, r in results.items()}
    return dataset


@pytest.fixture(scope="session")
def demo() -> Dataset:
    dataset, results = load_dataset(sources_in(DEMO))
    assert dataset is not None, {k: [p.describe("en") for p in r.problems] for k, r in results.items()}
    return dataset


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per module (tests/browser_support.py): a CI failure when missing."""
    yield from launch_browser()


@pytest.fixture(scope="session")
def internal_small(fixture_sources) -> Dataset:
    """The fixture set as the internal view loads it: personal columns and household points kept."""
    dataset, results = load_dataset(fixture_sources, keep_personal=True)
    assert dataset is not None, {k: [p.describe("en") for p in r.problems] for k, r in results.items()}
    return dataset
