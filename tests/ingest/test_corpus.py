"""The readers hold: every trick an attacker tried, and 220 damaged copies of the good files, go
through ``python -m geo validate --json`` as a visitor's upload would, in child processes.

A session fixture writes the corpus (tests/data/make_corpus.py: ``make_hostile``,
``make_mutations``) into a temporary folder, then runs the command line on it in batches (one
process per kind and language, two at a time), with the box's time limit lowered so that a hang
shows quickly. Around the runs it sets bait: a canary file outside the upload holding a unique
token (watched with inotify: any process that opens it is recorded) and a local HTTP server
that records every connection. Each test below reads the same runs and checks one promise.

Run ``pytest -s tests/ingest/test_corpus.py`` for the figures (files, refusals, peak memory, slowest file).
"""

from __future__ import annotations

import ctypes
import importlib.util
import json
import os
import re
import secrets
import struct
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from geo.ingest.box import MEMORY_ENV, SECONDS_ENV, BoxLimits
from geo.ingest.contract import KINDS
from geo.ingest.gdal_config import CONFIG
from geo.ingest.problems import MESSAGES
from geo.text.i18n import gettext_for

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
COMMUNITIES = DATA / "communities.geojson"
LANGS = ("uk", "en")

READ_SECONDS = 10  # the box's time limit in the children (60 s by default); the slowest file that is not a hang takes 2 s
SLACK_SECONDS = 10  # a file's time beyond the box's limit: start-up, the communities file, output
BATCH_SECONDS = 900  # the outer timeout of one batch (a few hundred files): only a runaway reaches it
WORKERS = 2  # command lines at once (the machine has 2 cores; each box is one more process)
BOX_MB = BoxLimits().memory_mb  # the documented box (2,048 MB): no run may need more
MIN_MUTATIONS = 200

# What a message must never show a coordinator (as in tests/ingest/test_validate.py): Python's or a
# library's inner workings. Checked with the file's own value taken out of the message.
INTERNALS = re.compile(
    r"Traceback|File \"|\b[A-Z][A-Za-z]*(Error|Exception)\b|KeyError|BadZipFile|OutOfBounds|"
    r"C error|tokenizing|/vsimem|Errno|\bNone\b|\bnan\b|<NA>"
)
CYRILLIC = re.compile(r"[А-Яа-яЇїЄєҐґІі]")

# Problems about one row: the report must name it (every message with a {row} is among them).
ROW_CODES = frozenset(
    {
        "ragged_row", "bad_wkt", "merge_conflict", "excel_date", "swapped", "not_utf8", "bad_json",
        "bad_geojson_feature", "bad_geojson_geometry", "bad_coordinates", "line_too_long", "cell_too_long",
        "shape_too_complex", "unrepairable_geometry", "bad_location", "need_outside", "need_swapped",
        "missing_value", "bad_code", "unknown_code", "row_left_out", "point_left_out", "bad_int", "bad_float",
        "bad_date", "bad_bool", "bad_word", "duplicate_id", "no_location", "outside", "closed_before_reported",
        "bad_geometry", "empty_geometry",
    }
)  # fmt: skip
# Problems about one cell: the report must name its column too.
CELL_CODES = ROW_CODES - {"ragged_row", "merge_conflict", "not_utf8", "bad_json", "bad_geojson_feature", "line_too_long"}


def _load_make_corpus():
    """tests/data/make_corpus.py as a module (tests/data is not a package)."""
    spec = importlib.util.spec_from_file_location("make_corpus", DATA / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


make_corpus = _load_make_corpus()


# --- the bait ------------------------------------------------------------------------------


class OpenWatch:
    """Every open and read of a file in ``folder``, by any process (Linux inotify)."""

    IN_ACCESS, IN_OPEN = 0x1, 0x20

    def __init__(self, folder: Path) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0 or libc.inotify_add_watch(self.fd, os.fsencode(folder), self.IN_OPEN | self.IN_ACCESS) < 0:
            raise OSError(ctypes.get_errno(), f"inotify cannot watch {folder}")
        self.seen: list[tuple[str, str]] = []

    def events(self) -> list[tuple[str, str]]:
        """(file name, "open" or "read") for everything that happened since the watch began."""
        while True:
            try:
                buffer = os.read(self.fd, 65536)
            except BlockingIOError:
                return self.seen
            offset = 0
            while offset < len(buffer):
                _wd, mask, _cookie, length = struct.unpack_from("iIII", buffer, offset)
                name = buffer[offset + 16 : offset + 16 + length].rstrip(b"\0").decode() or "(the folder)"
                self.seen.append((name, "open" if mask & self.IN_OPEN else "read"))
                offset += 16 + length

    def close(self) -> None:
        os.close(self.fd)


class Recorder(ThreadingHTTPServer):
    """A local HTTP server that records every connection made to it, and answers with the token."""

    daemon_threads = True

    def __init__(self, token: str) -> None:
        self.token = token
        self.connections: list[tuple] = []
        self.requests: list[str] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request, client_address):
        self.connections.append(client_address)
        super().process_request(request, client_address)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    def _answer(self):
        self.server.requests.append(f"{self.command} {self.path}")
        body = f"name,token\nsecret,{self.server.token}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_HEAD = do_POST = do_PUT = do_OPTIONS = _answer

    def log_message(self, *_args):
        pass


@dataclass
class Traps:
    """The bait the hostile files point at (``make_corpus.Bait``), and what watches it."""

    bait: object
    watch: OpenWatch
    server: Recorder


@pytest.fixture(scope="session")
def traps(tmp_path_factory):
    token = f"HROMADA-CANARY-{secrets.token_hex(12)}"
    outside = tmp_path_factory.mktemp("outside")
    canary = outside / "canary.csv"
    canary.write_text(f"name,token\nsecret,{token}\n", encoding="utf-8")
    server = Recorder(token)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    watch = OpenWatch(outside)  # after the canary is written: from now on, nobody opens it
    yield Traps(make_corpus.Bait(canary, token, server.url), watch, server)
    server.shutdown()
    server.server_close()
    watch.close()


# --- the runs ------------------------------------------------------------------------------


@dataclass
class Batch:
    """One ``python -m geo validate`` process: its files, what it printed and what it cost."""

    kind: str
    lang: str
    cases: list
    returncode: int | None = None
    stdout: bytes = b""
    stderr: bytes = b""
    peak_mb: float = 0.0
    seconds: float = 0.0
    killed: bool = False
    reports: list[dict] = field(default_factory=list)
    blocks: list[list[str]] = field(default_factory=list)  # each file's text report, in order
    file_seconds: list[float] = field(default_factory=list)  # from the report before (the first: from the start)
    broken: list[str] = field(default_factory=list)  # lines that look like a JSON report and are not one


@dataclass
class Answer:
    case: object
    folder: Path
    reports: dict[str, dict]  # lang -> the JSON report
    blocks: dict[str, list[str]]  # lang -> the text report
    seconds: dict[str, float]

    @property
    def name(self) -> str:
        return self.case.path

    def codes(self, lang: str = "uk", severity: str = "errors") -> list[str]:
        return [p["code"] for p in self.reports[lang][severity]]


def _child_env() -> dict[str, str]:
    """This environment without the app's settings or the GDAL options ``geo`` set here: the child must set them itself."""
    dropped = set(CONFIG) | {"GDAL_SKIP"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("HROMADA_") and k not in dropped}
    env[SECONDS_ENV] = str(READ_SECONDS)
    env.pop(MEMORY_ENV, None)  # the documented box
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _run(batch: Batch, folder: Path) -> Batch:
    command = [sys.executable, "-m", "geo", "validate", "--kind", batch.kind, "--lang", batch.lang, "--json"]
    command += ["--communities", str(COMMUNITIES), *(str(folder / case.path) for case in batch.cases)]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, env=_child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def kill():
        batch.killed = True
        process.kill()

    killer = threading.Timer(BATCH_SECONDS, kill)
    killer.start()
    errors: list[bytes] = []
    reading_errors = threading.Thread(target=lambda: errors.append(process.stderr.read()))
    reading_errors.start()
    lines, block, last = [], [], started
    for line in process.stdout:  # bytes, split at b"\n" only: a value may hold \r, \x85 or U+2028
        lines.append(line)
        text = line.decode("utf-8", errors="replace").rstrip("\n")
        if text.startswith('{"ok"'):
            now = time.monotonic()
            try:
                batch.reports.append(json.loads(text))
            except ValueError:
                batch.broken.append(text[:200])
                continue
            batch.blocks.append(block)
            batch.file_seconds.append(now - last)
            block, last = [], now
        else:
            block.append(text)
    reading_errors.join()
    _pid, status, usage = os.wait4(process.pid, 0)  # ru_maxrss (KiB) includes the boxes it waited for
    killer.cancel()
    process.returncode = batch.returncode = os.waitstatus_to_exitcode(status)
    batch.stdout, batch.stderr = b"".join(lines), b"".join(errors)
    batch.peak_mb = usage.ru_maxrss / 1024
    batch.seconds = time.monotonic() - started
    return batch


@dataclass
class Corpus:
    folder: Path
    cases: list
    batches: list[Batch]
    answers: list[Answer]
    traps: Traps
    seconds: float

    def hostile(self) -> list[Answer]:
        return [a for a in self.answers if a.case.group == "hostile"]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, traps) -> Corpus:
    """The corpus written into a temporary folder, and every file's answers from the command line."""
    started = time.monotonic()
    folder = tmp_path_factory.mktemp("corpus")
    hostile = make_corpus.make_hostile(folder / "hostile", traps.bait)
    mutations = make_corpus.make_mutations(folder / "mutations")
    cases = [replace(c, path=f"hostile/{c.path}") for c in hostile] + [
        replace(c, path=f"mutations/{c.path}") for c in mutations
    ]
    batches = [Batch(kind, lang, [c for c in cases if c.kind == kind]) for kind in KINDS for lang in LANGS]
    batches = [b for b in batches if b.cases]
    # The longest first (a hostile file costs more), so that the two workers finish together.
    order = sorted(batches, key=lambda b: -sum(3 if c.group == "hostile" else 1 for c in b.cases))
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda b: _run(b, folder), order))
    found: dict[str, dict[str, tuple]] = {c.path: {} for c in cases}
    for batch in batches:
        for case, report, block, seconds in zip(batch.cases, batch.reports, batch.blocks, batch.file_seconds, strict=False):
            found[case.path][batch.lang] = (report, block, seconds)
    answers = [
        Answer(
            case,
            folder,
            {lang: got[0] for lang, got in found[case.path].items()},
            {lang: got[1] for lang, got in found[case.path].items()},
            {lang: got[2] for lang, got in found[case.path].items()},
        )
        for case in cases
    ]
    return Corpus(folder, cases, batches, answers, traps, time.monotonic() - started)


def _answered(corpus: Corpus) -> list[Answer]:
    return [a for a in corpus.answers if set(a.reports) == set(LANGS)]


def _problems(answer: Answer, lang: str) -> list[dict]:
    return answer.reports[lang]["errors"] + answer.reports[lang]["warnings"]


def _offenders(found: list[str]) -> str:
    return f"{len(found)} file(s):\n  " + "\n  ".join(found[:60])


# --- the corpus ----------------------------------------------------------------------------


def test_the_corpus_holds_every_trick_and_enough_mutations(corpus):
    """Each generator wrote its files, each case names codes that exist, and the mutations are many."""
    hostile = [c for c in corpus.cases if c.group == "hostile"]
    mutations = [c for c in corpus.cases if c.group == "mutation"]
    assert len(mutations) >= MIN_MUTATIONS
    assert len({c.path for c in corpus.cases}) == len(corpus.cases)
    assert len(hostile) >= 60 and all(c.codes or c.loads for c in hostile)
    for case in corpus.cases:
        assert case.kind in KINDS and case.codes <= set(MESSAGES), case
        assert (corpus.folder / case.path).is_file(), case
    assert ROW_CODES <= set(MESSAGES)
    assert {code for code, text in MESSAGES.items() if "{row}" in text} <= ROW_CODES


def test_mutations_are_the_same_each_run(tmp_path):
    """A fixed seed: the same damaged files every run, so that a failure can be looked at again."""
    first = make_corpus.make_mutations(tmp_path / "a")
    second = make_corpus.make_mutations(tmp_path / "b")
    assert [c.path for c in first] == [c.path for c in second]
    assert all((tmp_path / "a" / c.path).read_bytes() == (tmp_path / "b" / c.path).read_bytes() for c in first)


# --- what every file gets ------------------------------------------------------------------


def test_every_file_gets_an_answer_and_no_traceback(corpus):
    """Each command line exits 0 or 1, prints one report per file, in order, and no Python traceback."""
    found = []
    for batch in corpus.batches:
        where = f"{batch.kind}/{batch.lang}"
        if batch.killed or batch.returncode not in (0, 1):
            found.append(f"{where}: exit {batch.returncode}{' (killed)' if batch.killed else ''}")
        if len(batch.reports) != len(batch.cases) or batch.broken:
            found.append(f"{where}: {len(batch.reports)} reports for {len(batch.cases)} files; not JSON: {batch.broken[:3]}")
        for stream, output in (("stdout", batch.stdout), ("stderr", batch.stderr)):
            text = output.decode("utf-8", errors="replace")
            for match in re.finditer("Traceback", text):
                before = text[: match.start()].rstrip().rsplit("\n", 1)[-1]
                after = text[match.end() :].split("\n")[1:]
                raised = next((line for line in after if line and not line.startswith(" ")), "")
                found.append(f"{where} {stream}: {before[:120]} ... {raised[:160]}")
    assert not found, _offenders(found)


def test_no_file_reaches_the_unexpected_problem(corpus):
    """Every broken file gets its own message: "unexpected" (a bug of ours) is reached by none."""
    found = [f"{a.name} ({a.case.note})" for a in _answered(corpus) if "unexpected" in a.codes("uk") + a.codes("en")]
    assert not found, _offenders(found)


def test_peak_memory_stays_in_the_box(corpus):
    """No run, its boxes included, needs more memory than the documented box."""
    found = [f"{b.kind}/{b.lang}: {b.peak_mb:,.0f} MB" for b in corpus.batches if b.peak_mb >= BOX_MB]
    assert not found, _offenders(found)


def test_no_file_hangs_past_the_box_limit(corpus):
    """A file is answered within the box's time limit (lowered to 20 s here) and a little slack."""
    limit = READ_SECONDS + SLACK_SECONDS
    found = [f"{a.name}: {max(a.seconds.values()):.1f} s" for a in _answered(corpus) if max(a.seconds.values()) > limit]
    assert not found, _offenders(found)
    assert not [b for b in corpus.batches if b.killed]


def test_messages_speak_plainly_in_both_languages(corpus):
    """Every message is advice in Ukrainian (Cyrillic) and English, the same problems in both, no Python."""
    found = []
    for answer in _answered(corpus):
        uk, en = _problems(answer, "uk"), _problems(answer, "en")
        if [(p["code"], p["row"], p["column"]) for p in uk] != [(p["code"], p["row"], p["column"]) for p in en]:
            found.append(f"{answer.name}: not the same problems in uk and en")
        for lang, problems in (("uk", uk), ("en", en)):
            for problem in problems:
                message = problem["message"] or ""
                plain = message.replace(str(problem["value"]), "") if problem["value"] else message
                if not message.strip():
                    found.append(f"{answer.name} [{lang}] {problem['code']}: empty message")
                elif lang == "uk" and not CYRILLIC.search(message):
                    found.append(f"{answer.name} [uk] {problem['code']}: not Ukrainian: {message[:100]}")
                elif INTERNALS.search(plain):
                    found.append(
                        f"{answer.name} [{lang}] {problem['code']}: {INTERNALS.search(plain)[0]!r} in {message[:160]}"
                    )
    assert not found, _offenders(found)


def test_problems_name_their_file_row_and_column(corpus):
    """A problem about a row names it (and its column, for a cell), and the text report names the file."""
    found = []
    for answer in _answered(corpus):
        name = Path(answer.name).name
        for lang in LANGS:
            where_row = gettext_for(lang)("row {row}")
            block = answer.blocks[lang]
            if not block or not block[0].startswith(f"{name}: "):
                found.append(f"{answer.name} [{lang}]: the report does not start with the file's name: {block[:1]}")
            lines = [line for line in block if line.startswith(f"  - {name}")]
            if len(lines) != len(_problems(answer, lang)):
                found.append(
                    f"{answer.name} [{lang}]: {len(lines)} report lines for {len(_problems(answer, lang))} problems"
                )
            for problem in _problems(answer, lang):
                code, row, column = problem["code"], problem["row"], problem["column"]
                if code in ROW_CODES and not (isinstance(row, int) and row >= 1):
                    found.append(f"{answer.name} [{lang}] {code}: no row")
                elif code in CELL_CODES and not column:
                    found.append(f"{answer.name} [{lang}] {code}: row {row}, no column")
                elif row is not None and not any(where_row.format(row=row) in line for line in lines):
                    found.append(f"{answer.name} [{lang}] {code}: row {row} is not in the text report")
    assert not found, _offenders(found)


# --- the tricks ----------------------------------------------------------------------------


def test_each_trick_is_refused_with_its_problem(corpus):
    """Each hostile file is refused with the problem that names the trick (or loads, where it should)."""
    found = []
    for answer in corpus.hostile():
        case = answer.case
        for lang, report in answer.reports.items():
            errors = {p["code"] for p in report["errors"]}
            warnings = {p["code"] for p in report["warnings"]}
            where = f"{answer.name} [{lang}] ({case.note})"
            if case.loads and not (report["ok"] and case.codes <= warnings):
                found.append(f"{where}: should load with {sorted(case.codes)}, got {sorted(errors | warnings)}")
            elif not case.loads and (report["ok"] or not case.codes & errors):
                found.append(f"{where}: expected {sorted(case.codes)}, got {sorted(errors) or 'loads'}")
    assert not found, _offenders(found)
    assert all(set(a.reports) == set(LANGS) for a in corpus.hostile())


def test_the_canary_never_shows(corpus):
    """The token of the file outside the upload is in no report, no log, in neither language."""
    token = corpus.traps.bait.token.encode()
    found = [f"{b.kind}/{b.lang}" for b in corpus.batches if token in b.stdout or token in b.stderr]
    assert not found, _offenders(found)


def test_no_file_outside_the_upload_is_opened(corpus):
    """No process opens the canary (inotify on its folder): not GDAL, not PROJ, not an XML parser.

    Opening the folder itself (a listing) is left out: another pytest session cleaning up its old
    temporary folders lists this one's parent too.
    """
    canary = corpus.traps.bait.canary.name
    events = Counter(kind for name, kind in corpus.traps.watch.events() if name == canary)
    assert not events, f"the canary outside the upload was opened {events['open']} and read {events['read']} times"


def test_no_request_leaves_for_the_network(corpus):
    """The local HTTP server that the files point at records no connection at all."""
    assert corpus.traps.server.connections == [] and corpus.traps.server.requests == []


def test_unknown_codes_are_listed_at_most_twenty_then_counted(corpus):
    """2,600 rows of unknown codes: 20 listed with their row, one line counts the rest, quickly."""
    answer = next(a for a in corpus.hostile() if "unknown-codes" in a.name)
    rows = (answer.folder / answer.name).read_bytes().count(b"\n") - 1
    for lang in LANGS:
        errors = answer.reports[lang]["errors"]
        listed = [p for p in errors if p["code"] == "unknown_code"]
        counted = [p for p in errors if p["code"] == "more_rows"]
        assert [p["row"] for p in listed] == list(range(2, 22))
        assert len(counted) == 1 and str(rows - 20) in counted[0]["message"], counted
        assert answer.seconds[lang] < 10


def test_slow_paths_answer_fast(corpus):
    """A 412-column file with an HXL row loads whole, and quickly, as does a one-blank-WKT boundary file."""
    for part, rows in (("needs-hxl-412-columns", 200), ("wkt-blank-cell", 2)):
        answer = next(a for a in corpus.hostile() if part in a.name)
        for lang in LANGS:
            assert answer.reports[lang]["ok"] and answer.reports[lang]["rows_loaded"] == rows, answer.reports[lang]
            assert answer.seconds[lang] < 10


def test_the_watchers_see_what_they_watch(tmp_path):
    """The checks above can fail: the watch sees an open, the server records a request."""
    import urllib.request

    (tmp_path / "file.txt").write_text("x")
    watch = OpenWatch(tmp_path)
    (tmp_path / "file.txt").read_text()
    assert ("file.txt", "open") in watch.events()
    watch.close()
    server = Recorder("token")
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    try:
        with urllib.request.urlopen(f"{server.url}/secret.csv", timeout=5) as response:  # noqa: S310 - our own server
            assert b"token" in response.read()
    finally:
        server.shutdown()
        server.server_close()
    assert server.connections and server.requests == ["GET /secret.csv"]


# --- the figures ---------------------------------------------------------------------------


def test_summary(corpus):
    """The figures, printed for ``pytest -s``: files, refusals, loads, tracebacks, memory, time."""
    answered = _answered(corpus)
    refused = [a for a in answered if not a.reports["uk"]["ok"]]
    tracebacks = sum((b.stdout + b.stderr).count(b"Traceback") for b in corpus.batches)
    worst = max(corpus.batches, key=lambda b: b.peak_mb)
    ranked = sorted(answered, key=lambda a: -max(a.seconds.values()))
    codes = Counter(code for a in answered for code in set(a.codes("uk")))
    hostile = len(corpus.hostile())
    lines = [
        f"corpus: {len(corpus.cases)} files ({hostile} hostile, {len(corpus.cases) - hostile} mutations), "
        f"{len(corpus.batches)} runs of the command line, {corpus.seconds:.1f} s with the writing",
        f"answered: {len(answered)}; refused {len(refused)}, loaded {len(answered) - len(refused)}; "
        f"tracebacks {tracebacks} (in {len(LANGS)} languages)",
        f"worst peak memory: {worst.peak_mb:,.0f} MB ({worst.kind}/{worst.lang}, {len(worst.cases)} files; "
        f"box {BOX_MB:,} MB)",
        f"slowest file: {ranked[0].name} {max(ranked[0].seconds.values()):.1f} s ({ranked[0].case.note})",
        *(
            f"  run {b.kind:>11}/{b.lang}: {len(b.cases):3d} files, {b.seconds:5.1f} s, peak {b.peak_mb:6,.0f} MB, "
            f"exit {b.returncode}"
            for b in corpus.batches
        ),
        "  slowest: " + ", ".join(f"{a.name} {max(a.seconds.values()):.1f} s" for a in ranked[:6]),
        "  codes: " + ", ".join(f"{code} {count}" for code, count in codes.most_common()),
    ]
    print("\n" + "\n".join(lines))
    assert len(answered) == len(corpus.cases)
