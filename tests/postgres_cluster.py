"""A throwaway PostgreSQL cluster: initdb in a temporary folder, a unix socket there, no TCP at all.

Every statement is logged (``log_statement=all``) to ``Cluster.log``, so that tests can assert on the
SQL the server ran. As root (CI's containers), the server runs as ``nobody``: initdb refuses root.
Debian puts the server's programs in /usr/lib/postgresql/<version>/bin, off the PATH.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg

SUPERUSER = "hromada"
DATABASE = "hromada"


def server_bin() -> Path | None:
    """The folder of initdb and pg_ctl: ``PG_BIN``, the PATH, or Debian's newest version."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent  # Debian links initdb and pg_ctl from /usr/local/bin at most
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(versions[-1]).parent if versions else None


def postgis_installed(bin_dir: Path) -> bool:
    """Whether the server of ``bin_dir`` has the PostGIS extension's files."""
    share = subprocess.run([bin_dir / "pg_config", "--sharedir"], capture_output=True, text=True, check=False)
    folder = Path(share.stdout.strip()) if share.returncode == 0 else bin_dir.parents[2] / "share"
    candidates = [folder / "extension", Path("/usr/share/postgresql") / bin_dir.parent.name / "extension"]
    return any(glob.glob(str(c / "postgis.control")) for c in candidates)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    folder: Path
    port: int
    bin_dir: Path
    user: str | None  # the OS user the server runs as; None: this process's

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    @property
    def url(self) -> str:
        return f"postgresql://{SUPERUSER}@/{DATABASE}?host={self.folder}&port={self.port}"

    def _run(self, *args: str) -> None:
        command = [str(a) for a in args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.folder, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr or done.stdout}")

    def start(self) -> None:
        data = self.folder / "data"
        self._run(self.bin_dir / "initdb", "-D", data, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-sync")
        options = (
            f"-p {self.port} -c listen_addresses='' -c unix_socket_directories='{self.folder}' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c log_statement=all -c log_line_prefix='%p '"
        )
        self._run(self.bin_dir / "pg_ctl", "-D", data, "-l", self.log, "-o", options, "-w", "-t", "60", "start")
        with psycopg.connect(self.url.replace(f"/{DATABASE}?", "/postgres?"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")

    def stop(self) -> None:
        try:
            self._run(self.bin_dir / "pg_ctl", "-D", self.folder / "data", "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(bin_dir: Path) -> Cluster:
    """A new cluster, started; ``Cluster.stop`` removes it."""
    folder = Path(tempfile.mkdtemp(prefix="hromada-pg-"))
    user = None
    if os.geteuid() == 0:
        user = "nobody"
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    cluster = Cluster(folder, _free_port(), bin_dir, user)
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    return cluster
