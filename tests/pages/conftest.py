"""Fixtures of the page tests: the app served by ``streamlit run`` (tests/browser_support.py)."""

from __future__ import annotations

import pytest
from browser_support import serve


@pytest.fixture(scope="module")
def demo_server(request):
    """``streamlit run app.py`` on the demo data in data/, public view (tests/browser_support.py)."""
    yield from serve(request, None)
