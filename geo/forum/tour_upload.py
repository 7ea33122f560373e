"""A tour file uploaded by a visitor, read in the box (``geo.ingest.box``) like every other upload."""

from __future__ import annotations

from geo.forum.tour import TourError, TourProblem
from geo.forum.tour_files import read_tour
from geo.ingest import box
from geo.text.i18n import N_

_TOUR_STOPS = {
    "time": N_(
        "Reading the tour file took longer than {seconds} s, so it was stopped; the tour shown before stays. "
        "Is it the right file?"
    ),
    "memory": N_(
        "The tour file needs more than {memory} MB of memory to read, so it was stopped; the tour shown before "
        "stays. Is it the right file?"
    ),
    "crash": N_("Reading the tour file stopped unexpectedly; the tour shown before stays. Is it the right file?"),
}


def _tour_or_problems(data: bytes, name: str) -> list:
    """In the box: the stops, or the problems (an exception would read as a bug of ours)."""
    try:
        return read_tour(data, name)
    except TourError as error:
        return error.problems


def read_tour_boxed(data: bytes, name: str, limits: box.BoxLimits | None = None) -> list:
    """``geo.forum.tour_files.read_tour`` on a visitor's file, in a box.

    Raises
    ------
    TourError
        The file's problems, or the box's when it stopped the read.
    """
    try:
        found = box.run(_tour_or_problems, data, name, limits=limits).value
    except box.Stopped as stopped:
        params = (("seconds", f"{stopped.limits.seconds:g}"), ("memory", f"{stopped.limits.memory_mb:,}"))
        raise TourError([TourProblem("", "", "", _TOUR_STOPS[stopped.reason], 0, params)]) from None
    if found and isinstance(found[0], TourProblem):
        raise TourError(found)
    return found
