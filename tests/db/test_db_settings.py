"""Where the database URL comes from, and the Data page's line; no server needed."""

from __future__ import annotations

import datetime as dt

from geo.db.connect import database_url, libpq_url
from geo.db.read import read_at_line
from geo.ingest.loaders import LoadResult

SECRETS = {"connections": {"hromada": {"url": "postgresql+psycopg://app@db/hromada"}}}


def test_the_environment_wins_over_secrets_and_no_setting_means_files():
    assert database_url({"HROMADA_DATABASE_URL": "postgresql://x@y/z"}, SECRETS) == "postgresql://x@y/z"
    assert database_url({}, SECRETS) == "postgresql+psycopg://app@db/hromada"
    assert database_url({"HROMADA_DATABASE_URL": "  "}, {}) is None
    assert libpq_url("postgresql+psycopg://app@db/hromada") == "postgresql://app@db/hromada"


def test_the_data_page_says_when_the_database_was_read_in_kyiv_time():
    at = dt.datetime(2026, 12, 2, 12, 5, tzinfo=dt.UTC)  # 14:05 in Kyiv (UTC+2 in winter)
    from_db = {"communities": LoadResult("communities", "hromada.communities", None, read_at=at)}
    assert read_at_line(from_db, "en") == "Read from the database at 14:05."
    assert read_at_line(from_db, "uk") == "Прочитано з бази даних о 14:05."
    from_files = {"communities": LoadResult("communities", "communities.geojson", None, read_at=at)}
    assert read_at_line(from_files, "en") is None
