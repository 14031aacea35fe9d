"""Real SPARQL servers for tests: Virtuoso open source (Debian's ``virtuoso-opensource-7-bin``) in a temp dir."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

VIRTUOSO = Path("/usr/bin/virtuoso-t")
VIRTUOSO_INSTALL = "apt-get install virtuoso-opensource-7-bin (see .ci/run)"
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"  # a new database's administrator; the server listens on 127.0.0.1

# A private instance: database, logs and both ports of its own; no result-size cap, no partial answers on timeout.
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class VirtuosoServer:
    """A Virtuoso instance in its own directory, started in the foreground and stopped by the caller."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.http_port = free_port()
        self.sql_port = free_port()
        self.url = f"http://127.0.0.1:{self.http_port}/sparql"
        self.proc: subprocess.Popen[bytes] | None = None

    def log(self) -> str:
        """The server's console output and error log, for failure messages."""
        parts = [p.read_text(errors="replace")[-4000:] for p in (self.workdir / "console.log",
                                                                 self.workdir / "virtuoso.log") if p.exists()]
        return "\n".join(parts)

    def start(self, wait: float = 120.0) -> None:
        """Write the ini file, start ``virtuoso-t +foreground`` and wait until /sparql answers (RuntimeError)."""
        if not VIRTUOSO.exists():
            raise RuntimeError(f"Virtuoso is not installed ({VIRTUOSO} is missing): {VIRTUOSO_INSTALL}")
        self.workdir.mkdir(parents=True, exist_ok=True)
        ini = self.workdir / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(dir=self.workdir, sql_port=self.sql_port, http_port=self.http_port))
        with (self.workdir / "console.log").open("ab") as console:
            self.proc = subprocess.Popen([str(VIRTUOSO), "+configfile", str(ini), "+foreground"],
                                         cwd=self.workdir, stdout=console, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + wait
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Virtuoso exited with status {self.proc.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}?query=ASK%7B%7D", timeout=5):
                    return
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    self.stop()
                    message = f"Virtuoso at {self.url} did not answer within {wait:g} s:\n{self.log()}"
                    raise RuntimeError(message) from None
                time.sleep(0.25)

    def stop(self) -> None:
        """Stop the server (it checkpoints on SIGTERM) and wait for it to exit."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
