"""One throwaway PostgreSQL + PostGIS cluster a session (tests/postgres_cluster.py); a plugin of tests/conftest.py.

Without PostgreSQL or PostGIS the tests are skipped locally and fail under CI, as the browser
tests do (``scripts/ensure_postgres.sh`` installs both where ``make test`` runs as root).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg
import pytest
from postgres_cluster import DATABASE, postgis_installed, server_bin, start_cluster

import geo.db
from geo.ingest.reading import Source

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data"


def _missing(message: str) -> None:
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{message} (CI must never skip the database tests)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def cluster():
    bin_dir = server_bin()
    if bin_dir is None:
        _missing("PostgreSQL not found: sh scripts/ensure_postgres.sh, or set PG_BIN")
    if not postgis_installed(bin_dir):
        _missing(f"PostGIS not found for {bin_dir}: sh scripts/ensure_postgres.sh")
    started = start_cluster(bin_dir)
    try:
        geo.db.init(started.url)  # the template of every test's database: the schema in place
        _copy(started, "with_communities")
        geo.db.load(_at(started, "with_communities"), "communities", Source.from_path(DEMO / "communities.geojson"))
        yield started
    finally:
        started.stop()


def _at(cluster, name: str) -> str:
    return cluster.url.replace(f"/{DATABASE}?", f"/{name}?")


def _copy(cluster, name: str, template: str = DATABASE) -> str:
    with psycopg.connect(_at(cluster, "postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return _at(cluster, name)


@pytest.fixture
def empty_db(cluster) -> str:
    """A fresh database for one test with the schema in place (``python -m geo db init``'s work)."""
    return _copy(cluster, f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def url(cluster) -> str:
    """A fresh database for one test holding the demo's communities (data/communities.geojson)."""
    return _copy(cluster, f"t_{uuid.uuid4().hex[:12]}", "with_communities")
