"""What every peer app shows around its map: the title, the metric choice, the sector filter, the list.

Each app calls ``controls()``, draws its map, then ``needs_list()``, as a Streamlit user lays out a page.
The files come from the environment (PEER_COMMUNITIES, PEER_NEEDS, PEER_IDP; PEER_NEEDS_LIMIT for the
plain folium app), set by scripts/bench_peers.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import peer_maps
import streamlit as st

FILES = {kind: Path(os.environ[f"PEER_{kind.upper()}"]) for kind in ("communities", "needs", "idp")}
LIMIT = int(os.environ["PEER_NEEDS_LIMIT"]) if os.environ.get("PEER_NEEDS_LIMIT") else None


def controls(inputs: peer_maps.Inputs) -> tuple[str, list[str]]:
    metric = st.segmented_control(
        "Colour communities by",
        list(peer_maps.METRICS),
        format_func=peer_maps.METRICS.get,
        default="open_needs",
        key="metric",
    )
    sectors = st.multiselect("Sector", sorted(inputs.needs["sector"].unique()), key="needs_sector")
    return metric or "open_needs", sectors


def needs_list(needs: pd.DataFrame) -> None:
    st.dataframe(needs[peer_maps.LIST_COLUMNS], hide_index=True)
