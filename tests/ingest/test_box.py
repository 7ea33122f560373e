"""The box around every read of a visitor's file: a child process stopped at its time or memory limit.

The functions the box runs here live at the top of this module, so that a fork server (the path
a Streamlit server takes) can import them by name.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
import types

import pytest

from geo.forum.tour_upload import read_tour_boxed
from geo.ingest import box
from geo.ingest.box import BoxLimits, ChildError, Stopped
from geo.ingest.reading import Source
from geo.ingest.validate import load_boxed, validate

SHORT = BoxLimits(seconds=3, memory_mb=1024)


def answer(value):
    return value * 2


def sleeper(seconds: float, at: str = "reading"):
    box.stage(at)
    time.sleep(seconds)
    return "woke"


def hog():
    box.stage("repairing")
    blocks = []
    for _ in range(64):
        blocks.append(bytearray(64 * 2**20))  # 4 GB in all: the 1 GB box stops it long before
    return len(blocks)


def crash():
    os.kill(os.getpid(), signal.SIGSEGV)


def buggy():
    raise KeyError("a bug of ours")


@pytest.fixture(params=["fork", "forkserver"])
def start_method(request):
    """Both ways a box starts: fork (the command line, one thread) and the fork server (a Streamlit server)."""
    if request.param == "fork":
        yield request.param
        return
    release = threading.Event()
    other = threading.Thread(target=release.wait, daemon=True)  # a second thread, as a server has
    other.start()
    # The fork server starts once per process and imports the loaders (seconds on a busy machine): start it
    # here, so that the tests' short limits measure the boxed work, as a running server's visitors see it.
    assert box.run(answer, 0, limits=BoxLimits(seconds=120, memory_mb=1024)).value == 0
    yield request.param
    release.set()
    other.join()


def test_a_boxed_call_returns_its_value_and_cost(start_method):
    """What the box runs comes back as if it had run here, with the seconds and memory it took."""
    run = box.run(answer, 21, limits=SHORT)
    assert run.value == 42 and run.seconds >= 0 and run.peak_mb > 0


def test_a_read_that_takes_too_long_is_stopped_at_the_limit(start_method):
    """A file whose read never ends is stopped after the box's seconds, naming the stage it was at."""
    started = time.monotonic()
    with pytest.raises(Stopped) as stopped:
        box.run(sleeper, 30, "repairing", limits=BoxLimits(seconds=1.5, memory_mb=1024))
    assert stopped.value.reason == "time" and stopped.value.stage == "repairing"
    assert time.monotonic() - started < 10  # stopped, not waited for (30 s)


def test_a_read_that_takes_too_much_memory_is_stopped(start_method):
    """A file that would take gigabytes is stopped at the box's memory, and this process keeps its own."""
    with pytest.raises(Stopped) as stopped:
        box.run(hog, limits=SHORT)
    assert stopped.value.reason == "memory" and stopped.value.stage == "repairing"


def test_a_read_that_crashes_the_child_is_reported(start_method):
    """A library that crashes on a file takes down the box's child only; the caller gets a reason."""
    with pytest.raises(Stopped) as stopped:
        box.run(crash, limits=SHORT)
    assert stopped.value.reason == "crash"


def test_a_bug_in_the_boxed_function_is_raised_with_its_traceback(start_method):
    """An error of ours is not disguised as a bad file: it comes back with the child's traceback."""
    with pytest.raises(ChildError, match="a bug of ours"):
        box.run(buggy, limits=SHORT)


def test_a_box_does_not_run_the_page_that_started_it(start_method, tmp_path, monkeypatch):
    """In Streamlit the page being run is ``__main__``: a fork server's child must not run it again
    (the Community page did, and failed there, so an address with a community never loaded)."""
    canary = tmp_path / "page-ran"
    page = tmp_path / "page.py"
    page.write_text(f"open({str(canary)!r}, 'w').close()\nraise SystemExit('the page ran in the box')\n")
    as_streamlit_runs_it = types.ModuleType("__main__")
    as_streamlit_runs_it.__file__ = str(page)
    monkeypatch.setitem(sys.modules, "__main__", as_streamlit_runs_it)
    assert box.run(answer, 4, limits=SHORT).value == 8
    assert not canary.exists()


def test_a_slow_read_does_not_hold_up_another():
    """While one visitor's upload is read for seconds, another's read finishes at once."""
    release = threading.Event()
    other = threading.Thread(target=release.wait, daemon=True)
    other.start()
    slow_done = []
    slow = threading.Thread(target=lambda: slow_done.append(box.run(sleeper, 4, limits=BoxLimits(seconds=10))), daemon=True)
    slow.start()
    time.sleep(0.5)
    assert box.run(answer, 1, limits=SHORT).value == 2
    assert not slow_done  # the quick one finished while the slow one was still running
    slow.join()
    release.set()
    assert slow_done[0].value == "woke"


def test_limits_come_from_the_environment_and_bad_values_keep_the_default():
    """An operator sets the box's size with HROMADA_READ_SECONDS and HROMADA_READ_MEMORY_MB."""
    assert BoxLimits.from_env({"HROMADA_READ_SECONDS": "5", "HROMADA_READ_MEMORY_MB": "900"}) == BoxLimits(5, 900)
    assert BoxLimits.from_env({"HROMADA_READ_SECONDS": "soon", "HROMADA_READ_MEMORY_MB": "-1"}) == BoxLimits()


def test_a_stop_passes_through_a_with_block_as_itself():
    """A stop raised inside a `with` (a spinner, a lock, a context manager) reaches the caller as the
    stop it is, so the user reads why the file was stopped, not an error about the exception itself."""

    @contextlib.contextmanager
    def spinner():
        yield

    with pytest.raises(Stopped) as caught, spinner():
        raise Stopped("time", "reading", BoxLimits(seconds=3), 3.0)
    assert caught.value.reason == "time" and caught.value.stage == "reading"


def test_a_stopped_upload_is_a_problem_in_both_languages(monkeypatch):
    """The user reads why the file was stopped and what to do, in Ukrainian or English, and nothing else is lost."""

    def too_slow(*_args, **_kwargs):
        raise Stopped("time", "repairing", BoxLimits(seconds=60), 60.0)

    monkeypatch.setattr(box, "run", too_slow)
    sources = {k: Source(f"{k}.csv", b"x") for k in ("communities", "needs", "hubs", "idp_counts")}
    dataset, results = load_boxed(sources, "needs")
    assert dataset is None and list(results) == ["needs"]
    (problem,) = results["needs"].problems
    assert problem.code == "box_time" and problem.file == "needs.csv"
    assert "60 s" in problem.message("en") and "repairing invalid shapes" in problem.message("en")
    assert "60 с" in problem.message("uk") and "виправлення некоректних форм" in problem.message("uk")
    result = validate("communities", Source("c.geojson", b"{}"))
    assert result.problems[0].code == "box_time"


def test_a_tour_read_in_the_box_gives_its_stops_or_its_problems():
    """A tour file is read in the box too: its stops come back, and a bad file's problems, not a crash."""
    good = b"stops:\n  - title: Kherson\n    view: {lat: 46.6, lon: 32.6, zoom: 8}\n"
    assert read_tour_boxed(good, "tour.yaml")[0].title_in("en") == "Kherson"
    from geo.forum.tour import TourError

    with pytest.raises(TourError) as error:
        read_tour_boxed(b"stops: 3\n", "tour.yaml")
    assert error.value.problems and error.value.describe("uk")


def test_a_stopped_indicators_upload_blames_the_indicators_files(monkeypatch):
    """The indicators are several files: when the box stops their upload, the message names them, not the communities."""

    def too_much(*_args, **_kwargs):
        raise Stopped("memory", "reading", BoxLimits(memory_mb=1024), 1.0)

    monkeypatch.setattr(box, "run", too_much)
    sources = {k: Source(f"{k}.csv", b"x") for k in ("communities", "needs", "hubs", "idp_counts")}
    sources["indicators"] = (Source("hno.xlsx", b"x"), Source("severity.csv", b"x"))
    dataset, results = load_boxed(sources, "indicators")
    assert dataset is None and list(results) == ["indicators"]
    (problem,) = results["indicators"].problems
    assert problem.code == "box_memory" and problem.file == "hno.xlsx, severity.csv"


def test_a_stopped_boundary_upload_blames_that_file(monkeypatch):
    """An oblasts' or raions' boundary upload stopped by the box is named in the message, not the communities."""

    def too_slow(*_args, **_kwargs):
        raise Stopped("time", "repairing", BoxLimits(seconds=60), 60.0)

    monkeypatch.setattr(box, "run", too_slow)
    sources = {k: Source(f"{k}.csv", b"x") for k in ("communities", "needs", "hubs", "idp_counts")}
    sources["raions"] = Source("Raions.geojson", b"x")
    dataset, results = load_boxed(sources, "raions")
    assert dataset is None and list(results) == ["raions"]
    (problem,) = results["raions"].problems
    assert problem.code == "box_time" and problem.file == "Raions.geojson"
