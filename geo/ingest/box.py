"""A time and memory box around every read of a visitor's file: a child process that can be stopped.

The limits of ``geo.ingest.limits`` catch what a file's bytes declare; the box catches the rest (a
polygon whose repair never ends, a library that allocates without bound). ``run`` calls a
function in a child process with an address-space limit (``RLIMIT_AS``) and a wall-clock limit:
when either is reached the child is stopped and ``Stopped`` says which, and at what stage of the
work, so that the message can tell the user what took too long. The server's own process never
runs the read, so a hostile upload cannot take its memory or its Python interpreter (GIL) from
the other visitors, and at most ``SLOTS`` boxes run at once.

Two sizes (``BoxLimits``): the visitor's box (60 s, 2,048 MB) for every read with an upload in it, and a
larger one (300 s, 8,192 MB; ``BoxLimits.own_from_env``) for a load of the deployment's own files only,
as the two sets of ``geo.ingest.limits`` are.

The box bounds resources, not privileges: the child runs as the server does, which is why GDAL
is restricted for the whole process (``geo.ingest.gdal_config``) and every format is checked by its
bytes first (``geo.ingest.reading``).
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import pickle
import resource
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from geo.text.i18n import N_, gettext_for

SECONDS_ENV = "HROMADA_READ_SECONDS"
MEMORY_ENV = "HROMADA_READ_MEMORY_MB"
# The larger box of a load of the deployment's own files only (``BoxLimits.own_from_env``).
OWN_SECONDS_ENV = "HROMADA_OWN_READ_SECONDS"
OWN_MEMORY_ENV = "HROMADA_OWN_READ_MEMORY_MB"
SLOTS = max(1, os.cpu_count() or 1)  # boxes at once; more wait their turn in their own session
# What the fork server imports once, so that each box starts at once; box_server first (see there).
PRELOAD = ["geo.ingest.box_server", "geo.ingest.validate"]

# What the child is doing, as the messages name it.
STAGES = {
    "starting": N_("starting"),
    "reading": N_("reading the file"),
    "columns": N_("checking the columns and values"),
    "shapes": N_("checking the shapes"),
    "repairing": N_("repairing invalid shapes"),
    "placing": N_("placing the points in their communities"),
    "joining": N_("checking the files against each other"),
}


@dataclass(frozen=True)
class BoxLimits:
    """The box's size: documented defaults, set per deployment through the environment."""

    seconds: float = 60.0
    memory_mb: int = 2048  # address space, including the ~0.5 GB that Python and its libraries map

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> BoxLimits:
        """The box of any read with a visitor's file in it: ``HROMADA_READ_SECONDS`` and
        ``HROMADA_READ_MEMORY_MB``; a missing or bad value keeps the default."""
        return _from_env(os.environ if environ is None else environ, SECONDS_ENV, MEMORY_ENV, cls())

    @classmethod
    def own_from_env(cls, environ: Mapping[str, str] | None = None) -> BoxLimits:
        """The box of a load of the deployment's own files only: ``HROMADA_OWN_READ_SECONDS`` and
        ``HROMADA_OWN_READ_MEMORY_MB`` (``OWN_BOX`` when unset), never smaller than the visitor's box.

        The operator put those files there, and a national registry (1,000,000 needs: some 11 s and
        1.35 GB resident) outgrows the visitor's box; the box still stands, so that a wrong path is
        stopped with a message instead of taking the server's memory."""
        environ = os.environ if environ is None else environ
        own, visitor = _from_env(environ, OWN_SECONDS_ENV, OWN_MEMORY_ENV, OWN_BOX), cls.from_env(environ)
        return cls(seconds=max(own.seconds, visitor.seconds), memory_mb=max(own.memory_mb, visitor.memory_mb))


OWN_BOX = BoxLimits(seconds=300.0, memory_mb=8192)  # the defaults of the deployment's own box


def _from_env(environ: Mapping[str, str], seconds_env: str, memory_env: str, default: BoxLimits) -> BoxLimits:
    return BoxLimits(
        seconds=_positive(environ.get(seconds_env), default.seconds),
        memory_mb=int(_positive(environ.get(memory_env), default.memory_mb)),
    )


def _positive(text: str | None, default: float) -> float:
    try:
        value = float(text) if text else default
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass  # not frozen: Python sets __traceback__ on an exception that passes through a `with` block
class Stopped(Exception):
    """The box stopped the work: ``reason`` is "time", "memory" or "crash"; ``stage`` a key of STAGES."""

    reason: str
    stage: str
    limits: BoxLimits
    seconds: float = 0.0

    def stage_text(self, lang: str) -> str:
        return gettext_for(lang)(STAGES.get(self.stage, STAGES["reading"]))


class ChildError(RuntimeError):
    """The function raised in the child (a bug, not a bad file): the child's traceback as text."""


@dataclass(frozen=True)
class Run:
    """A boxed call that finished: its value, and what it cost the child."""

    value: Any
    seconds: float
    peak_mb: float


# --------------------------------------------------------------------------------------------
# In the child

_channel = None  # the child's end of the pipe, set only inside a box


def stage(key: str) -> None:
    """Say what the boxed work is doing now (a no-op outside a box): a stop then names it."""
    if _channel is not None:
        try:
            _channel.send_bytes(pickle.dumps(("stage", key, None)))
        except (OSError, ValueError):
            pass


def out_of_memory(error: BaseException) -> bool:
    """Whether ``error`` is the box's memory limit reached: Python's MemoryError, or a library's own
    (GEOS raises ``std::bad_alloc`` as a GEOSException, GDAL says "Cannot allocate memory")."""
    if isinstance(error, MemoryError):
        return True
    text = str(error)
    return "bad_alloc" in text or "Cannot allocate memory" in text or "Out of memory" in text


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(connection, function: Callable, args: tuple, kwargs: dict, memory_bytes: int) -> None:
    global _channel
    _channel = connection
    faulthandler.disable()  # a crash is the parent's to report, not a stack dump on the server's log
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ValueError, OSError):  # a hard limit below ours: keep the stricter one
        pass
    started = time.monotonic()
    try:
        value = function(*args, **kwargs)
        message = pickle.dumps(("done", value, (time.monotonic() - started, _peak_mb())), pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        message = None
    except BaseException as error:  # noqa: BLE001 - any error is reported to the parent, which raises it
        message = None if out_of_memory(error) else pickle.dumps(("error", traceback.format_exc(), None))
    if message is None:
        message = pickle.dumps(("memory", None, None))
    _channel = None
    connection.send_bytes(message)
    connection.close()


# --------------------------------------------------------------------------------------------
# In the caller

_slots = threading.BoundedSemaphore(SLOTS)
_context_lock = threading.Lock()


def _context():
    """Fork where this process has one thread (the command line, a test); else a fork server.

    Forking a process whose other threads may hold locks (a Streamlit server) can leave the
    child waiting on a lock forever; the fork server is a clean single-threaded process that
    has imported the loaders once, so its children start in milliseconds.
    """
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    with _context_lock:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context


def run(function: Callable, *args: Any, limits: BoxLimits | None = None, **kwargs: Any) -> Run:
    """``function(*args, **kwargs)`` in a box; its value (which must pickle) with its cost.

    Raises
    ------
    Stopped
        The child ran out of time or memory, or died (``reason``), while at ``stage``.
    ChildError
        ``function`` raised: a bug, reported with the child's traceback.
    """
    limits = limits or BoxLimits.from_env()
    with _slots:
        context = _context()
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_child, args=(sender, function, args, kwargs, limits.memory_mb * 2**20), daemon=True
        )
        started = time.monotonic()
        process.start()
        sender.close()
        current = "starting"
        try:
            while True:
                left = limits.seconds - (time.monotonic() - started)
                if left <= 0 or not receiver.poll(left):
                    raise Stopped("time", current, limits, time.monotonic() - started)
                try:
                    kind, value, cost = pickle.loads(receiver.recv_bytes())
                except (EOFError, OSError):
                    process.join(5)
                    reason = "memory" if process.exitcode == -9 else "crash"
                    raise Stopped(reason, current, limits, time.monotonic() - started) from None
                if kind == "stage":
                    current = value
                elif kind == "done":
                    return Run(value, *cost)
                elif kind == "memory":
                    raise Stopped("memory", current, limits, time.monotonic() - started)
                else:
                    raise ChildError(value)
        finally:
            if process.is_alive():
                process.kill()
            process.join()
            receiver.close()
