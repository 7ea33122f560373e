"""A tour file read: its form chosen by its name, its size bounded, every problem in it collected.

Reading is strict and says everything at once: a presenter opens the file in a hall with no one to
ask, so every problem of the file is listed, stop by stop, and a file with any problem gives no
tour. Anyone may upload a tour to a public dashboard, so a file made to hurt is an ordinary input:
``read_tour`` raises nothing but ``TourError``, and its work is bounded before it is done (the
file's bytes here, the rest by each form: ``geo.forum.tour_yaml``, ``geo.forum.tour_csv``). Past
the limits the presenter gets one problem that says what is too large, and at most MAX_LISTED
problems are listed in all. The contract is documented in docs/data-format.md ("Forum tours").
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from geo.forum import tour_csv, tour_yaml
from geo.forum.tour import MAX_BYTES, MAX_LISTED, Stop, TourError, TourProblem
from geo.forum.tour_checks import build_stop, check_ids, file_problem
from geo.ingest.read_text import decode_text

DEFAULT_TOUR = Path(__file__).resolve().parents[2] / "data" / "tour.yaml"
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}


def read_tour(data: bytes, name: str) -> list[Stop]:
    """The stops of a tour file: YAML (.yaml, .yml) or CSV (.csv), by ``name``.

    Raises
    ------
    TourError
        With every problem found in the file, not just the first; no stop is returned from a
        file with problems (a tour with a stop missing would confuse a presenter more).
    """
    kind = _SUFFIXES.get(PurePosixPath(name.lower()).suffix)
    problems: list[TourProblem] = []
    if kind is None:
        raise TourError([file_problem("unsupported", PurePosixPath(name).suffix or name)])
    if len(data) > MAX_BYTES:
        raise TourError([file_problem("too_large", f"{len(data) / 1e6:.1f}", limit=f"{MAX_BYTES / 1e6:.0f}")])
    text = decode_text(data)
    if not text.strip():
        raise TourError([file_problem("empty")])
    raws = tour_yaml.raw_stops(text, problems) if kind == "yaml" else tour_csv.raw_stops(text, problems)
    stops = [build_stop(raw, problems) for raw in raws]
    check_ids(raws, problems)
    if problems:
        raise _error(problems)
    return [stop for stop in stops if stop is not None]


def _error(problems: list[TourProblem]) -> TourError:
    """The file's own problems first, then stop by stop; past MAX_LISTED, one line counts the rest."""
    problems = sorted(problems, key=lambda p: p.number)
    listed = problems[:MAX_LISTED]
    if len(problems) > MAX_LISTED:
        listed.append(file_problem("more_problems", count=len(problems) - MAX_LISTED))
    return TourError(listed, total=len(problems))


def load_tour(path: Path) -> list[Stop]:
    """``read_tour`` on a file; a missing file is a ``TourError`` too."""
    path = Path(path)
    if not path.is_file():
        raise TourError([file_problem("not_found", str(path))])
    return read_tour(path.read_bytes(), path.name)
