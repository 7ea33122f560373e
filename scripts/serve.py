"""N Streamlit replicas of app.py behind Debian's nginx, on one machine: ``make serve REPLICAS=2 PORT=8080``.

Starts the replicas on free ports of 127.0.0.1 (``--server.headless true``), writes nginx's config
from deploy/nginx.conf.template into a folder of its own (pid, logs and temporary files there too),
runs nginx in the foreground on ``--port`` (0: a free one), prints the address, then watches the
replicas: one that died, or that stopped answering ``/_stcore/health``, is started again on its
port. Ctrl-C or SIGTERM stops nginx and every replica. The replicas read the same files (the
``HROMADA_*`` settings of this shell, else the demo data in data/): nothing is kept in one
replica's memory only but the sessions (docs/scaling.md).

``--state FILE`` writes what runs as JSON (the address, each replica's port and pid, nginx's pid,
the folder) whenever it changes: the tests in tests/deploy read it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
START_S = 90  # a replica's first start on a busy 2-core machine: imports, then the health check
CHECK_EVERY_S = 1.0
FAILED_CHECKS = 3  # health checks in a row that a live replica may fail before it is restarted
MAX_FAILS, FAIL_TIMEOUT = 1, "10s"  # nginx: one refused connection takes a replica out for 10 s
# Streamlit uploads a file as a multipart PUT: the body is the file plus its envelope. The proxy allows
# the app's limit plus this much, so that a file at the limit gets the app's own message, not nginx's 413.
ENVELOPE_MB = 1


def say(message: str) -> None:
    print(f"serve: {message}", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_nginx() -> str | None:
    """$NGINX if set (and only it), else Debian's /usr/sbin/nginx, else nginx on the PATH."""
    if os.environ.get("NGINX"):
        return os.environ["NGINX"] if os.access(os.environ["NGINX"], os.X_OK) else None
    if os.access("/usr/sbin/nginx", os.X_OK):
        return "/usr/sbin/nginx"
    return shutil.which("nginx")


def upload_limit_mb() -> int:
    """The app's upload limit in MB: Streamlit's server.maxUploadSize, which must equal geo.ingest.reading.MAX_BYTES."""
    from geo.ingest.reading import MAX_BYTES

    configured = tomllib.loads(STREAMLIT_CONFIG.read_text(encoding="utf-8")).get("server", {}).get("maxUploadSize", 200)
    if configured * 2**20 != MAX_BYTES:
        raise SystemExit(
            f"serve: server.maxUploadSize ({configured} MB in {STREAMLIT_CONFIG}) differs from geo.ingest.reading.MAX_BYTES "
            f"({MAX_BYTES / 2**20:g} MB): make them the same"
        )
    return configured


def render_config(folder: Path, listen: str, ports: list[int], limit_mb: int, secure_cookie: bool = False) -> str:
    """nginx.conf for replicas on ``ports`` of 127.0.0.1 (named 1, 2, ... in the sticky cookie), listening on
    ``listen`` ("127.0.0.1:8080")."""

    def server(port: int, backup: bool = False) -> str:
        return f"        server 127.0.0.1:{port} " + (
            "backup;" if backup else f"max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT};"
        )

    names = [str(number) for number in range(1, len(ports) + 1)]
    upstreams = ["    upstream hromada {  # new visitors", "        least_conn;", *(server(port) for port in ports), "    }"]
    for name, port in zip(names, ports, strict=True):  # a visitor of replica <name>: there, else another one
        others = [server(other, backup=True) for other in ports if other != port]
        upstreams += [f"    upstream hromada_{name} {{", server(port), *others, "    }"]
    fields = {
        "@@DIR@@": str(folder),
        "@@LISTEN@@": listen,
        "@@UPSTREAMS@@": "\n".join(upstreams),
        "@@POOLS@@": "\n".join(f"        {name} hromada_{name};" for name in names),
        "@@ANSWERED@@": "\n".join(
            rf'        "~(^|\s)127\.0\.0\.1:{port}$" {name};' for name, port in zip(names, ports, strict=True)
        ),
        "@@SAME@@": "\n".join(f'        "{name}:{name}" "";' for name in names),
        "@@MAX_BODY@@": f"{limit_mb + ENVELOPE_MB}m",
        "@@COOKIE_FLAGS@@": "; Secure" if secure_cookie else "",
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in fields.items():
        text = text.replace(name, value)
    assert not re.search(r"@@[A-Z_]+@@", text), "a field of deploy/nginx.conf.template was not filled in"
    return text


def healthy(port: int, timeout: float = 2.0) -> bool:
    try:
        with urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=timeout) as response:
            return response.read().strip() == b"ok"
    except (URLError, OSError):
        return False


@dataclass
class Replica:
    """One ``streamlit run app.py`` on a fixed port, its output appended to a log in the folder."""

    number: int
    port: int
    log: Path
    env: dict[str, str]
    proc: subprocess.Popen | None = None
    started: float = 0.0
    up: bool = False  # has answered its health check since it was (re)started
    failed: int = 0
    restarts: int = 0

    def start(self) -> None:
        command = [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        self.started, self.up, self.failed = time.monotonic(), False, 0

    def stop(self, timeout: float = 15) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=timeout)

    def check(self) -> str | None:
        """One look at the replica; what went wrong if it must be restarted, else None."""
        code = self.proc.poll() if self.proc else 0
        if code is not None:
            return f"exited with code {code}"
        if healthy(self.port):
            if not self.up:
                say(f"replica {self.number} is up on 127.0.0.1:{self.port} (pid {self.proc.pid})")
            self.up, self.failed = True, 0
            return None
        if not self.up:  # still starting
            return "did not answer /_stcore/health in time" if time.monotonic() - self.started > START_S else None
        self.failed += 1
        return f"failed {self.failed} health checks in a row" if self.failed >= FAILED_CHECKS else None

    def describe(self) -> dict:
        return {"number": self.number, "port": self.port, "pid": self.proc.pid if self.proc else None, "up": self.up,
                "restarts": self.restarts, "log": str(self.log)}  # fmt: skip


class Stopped(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit servers of app.py (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port on --host (0: a free one; default 8080)")
    parser.add_argument("--host", default="127.0.0.1", help="nginx's address (default 127.0.0.1)")
    parser.add_argument(
        "--dir",
        type=Path,
        help="the folder for nginx's config, logs and temporary files (default: a new temporary one, removed at the end)",
    )
    parser.add_argument("--state", type=Path, help="write what runs to this JSON file whenever it changes")
    parser.add_argument("--secure-cookie", action="store_true", help="mark the proxy's sticky cookie Secure (behind HTTPS)")
    args = parser.parse_args(argv)  # fmt: skip
    if args.replicas < 1:
        parser.error("--replicas must be 1 or more")
    nginx = find_nginx()
    if nginx is None:
        say("nginx not found: run `sh scripts/ensure_nginx.sh` (as root it installs Debian's nginx-light), or set NGINX")
        return 2
    limit_mb = upload_limit_mb()

    own_dir = args.dir is None
    folder = Path(tempfile.mkdtemp(prefix="hromada-serve-")) if own_dir else args.dir.resolve()
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / "tmp" / sub).mkdir(parents=True, exist_ok=True)

    def stop_signal(signum, _frame):
        raise Stopped(signal.Signals(signum).name)

    signal.signal(signal.SIGTERM, stop_signal)
    signal.signal(signal.SIGINT, stop_signal)

    # One cookie secret for every replica: a cookie that one signs, another accepts (in the environment,
    # not on the command line, where any user of the machine could read it).
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    ports: list[int] = []
    while len(ports) < args.replicas:
        port = free_port()
        if port not in ports:
            ports.append(port)
    replicas = [Replica(i + 1, port, folder / f"replica-{i + 1}.log", env) for i, port in enumerate(ports)]
    listen_port = args.port or free_port()
    url = f"http://{args.host}:{listen_port}/"
    proxy: subprocess.Popen | None = None

    def write_state(ready: bool) -> None:
        if args.state is None:
            return
        state = {"url": url, "ready": ready, "dir": str(folder), "nginx_pid": proxy.pid if proxy else None,
                 "serve_pid": os.getpid(), "replicas": [r.describe() for r in replicas]}  # fmt: skip
        partial = args.state.with_suffix(".partial")
        partial.write_text(json.dumps(state, indent=1), encoding="utf-8")
        partial.replace(args.state)  # a reader never sees half a file

    code = 0
    try:
        for replica in replicas:
            replica.start()
        (folder / "nginx.conf").write_text(
            render_config(folder, f"{args.host}:{listen_port}", ports, limit_mb, args.secure_cookie)
        )
        nginx_command = [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
        tested = subprocess.run([*nginx_command, "-t", "-q"], capture_output=True, text=True)
        if tested.returncode != 0:
            say(f"nginx refused its config {folder / 'nginx.conf'}:\n{tested.stderr}")
            return 1
        proxy = subprocess.Popen([*nginx_command, "-g", "daemon off;"], cwd=folder, stdin=subprocess.DEVNULL)
        say(
            f"{len(replicas)} replicas on 127.0.0.1:{', '.join(map(str, ports))}; "
            f"nginx (pid {proxy.pid}), its files in {folder}"
        )
        write_state(False)
        ready = False
        while True:
            if proxy.poll() is not None:
                say(f"nginx stopped (code {proxy.returncode}); see {folder / 'error.log'}")
                code = 1
                break
            changed = False
            for replica in replicas:
                was_up = replica.up
                problem = replica.check()
                changed = changed or replica.up != was_up
                if problem:
                    say(
                        f"replica {replica.number} (127.0.0.1:{replica.port}) {problem}: starting it again; "
                        f"its log: {replica.log}"
                    )
                    replica.stop(timeout=5)
                    replica.restarts += 1
                    replica.start()
                    changed = True
            if not ready and all(r.up for r in replicas):
                ready = True
                say(f"open {url}  (Ctrl-C stops nginx and the replicas)")
            if changed:
                write_state(ready)
            time.sleep(CHECK_EVERY_S)
    except Stopped as stopped:
        say(f"{stopped}: stopping nginx and the replicas")
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if proxy is not None and proxy.poll() is None:
            proxy.terminate()  # fast shutdown: a graceful one would wait for every open websocket
            try:
                proxy.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proxy.kill()
                proxy.wait()
        for replica in replicas:
            replica.stop()
        if args.state is not None:
            args.state.unlink(missing_ok=True)
        if own_dir:
            shutil.rmtree(folder, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
