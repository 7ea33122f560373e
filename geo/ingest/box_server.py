"""Imported by the box's fork server only: its children never run the caller's main script again.

A child of a fork server prepares itself like a spawned process: it runs the parent's ``__main__``
file again (as ``__mp_main__``) before the target. In Streamlit that file is the page being run,
so each box would redo the page without a session, or fail in it (the Community page without a
community), before it reads a byte. What a box runs always lives in ``geo``, importable by name,
so the children skip that step; the fork server is the box's own process, and nothing else
starts processes from it.
"""

from __future__ import annotations

from multiprocessing import spawn


def _keep_main(_main: str) -> None:
    """The box's targets never come from ``__main__``: leave it as the fork server has it."""


spawn._fixup_main_from_path = _keep_main
spawn._fixup_main_from_name = _keep_main
