"""Where the database is, and a connection to it.

The URL is the deployment's, never a visitor's: ``HROMADA_DATABASE_URL`` in the environment, else
``url`` under ``[connections.hromada]`` in ``.streamlit/secrets.toml`` (the entry Streamlit's
``st.connection("hromada", type="sql")`` reads). Both SQLAlchemy's form (``postgresql+psycopg://...``)
and libpq's (``postgresql://...``) are accepted; no setting means no database: the app reads files.
"""

from __future__ import annotations

from collections.abc import Mapping

import psycopg

ENV_VAR = "HROMADA_DATABASE_URL"
CONNECTION = "hromada"


def database_url(environ: Mapping[str, str], secrets: Mapping | None = None) -> str | None:
    """The deployment's database URL, or None when it has none (the app then reads files)."""
    if environ.get(ENV_VAR, "").strip():
        return environ[ENV_VAR].strip()
    try:
        url = ((secrets or {}).get("connections") or {}).get(CONNECTION, {}).get("url")
    except Exception:  # noqa: BLE001 - st.secrets raises its own errors when there is no secrets file
        return None
    return str(url).strip() if url else None


def libpq_url(url: str) -> str:
    """The URL as libpq reads it: SQLAlchemy's ``postgresql+psycopg://`` becomes ``postgresql://``."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.startswith(("postgresql+", "postgres+")):
        return "postgresql://" + rest
    return url


def connect(url: str, **kwargs) -> psycopg.Connection:
    """A new connection (the caller closes it: ``with connect(url) as conn``)."""
    return psycopg.connect(libpq_url(url), application_name="hromada-map", **kwargs)
