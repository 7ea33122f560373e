"""A PostgreSQL + PostGIS source for the four inputs and the indicators (docs/database.md).

``init`` creates the schema (``geo.db.schema``), ``load`` checks a file as an upload is checked and
upserts it in one transaction (``geo.db.write``), ``read``/``read_dataset`` read the tables back
through the same loaders (``geo.db.read``). No Streamlit here: the app wraps ``read_dataset`` in
``st.cache_data`` with a time to live.
"""

from __future__ import annotations

from geo.db.connect import ENV_VAR, database_url
from geo.db.read import DatabaseRead, read, read_dataset
from geo.db.write import NoCommunities, SchemaError, Written, init, load

__all__ = [
    "ENV_VAR",
    "DatabaseRead",
    "NoCommunities",
    "SchemaError",
    "Written",
    "database_url",
    "init",
    "load",
    "read",
    "read_dataset",
]
