"""Child processes for the benchmarks: run a command and measure its wall time and peak memory, or keep a
server running on a free loopback port while a block runs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Finished:
    """A finished child: exit code, wall seconds, peak resident memory (MB) and the tail of its stderr."""

    returncode: int
    seconds: float
    peak_rss_mb: float
    stderr: str


def run_timed(cmd: list[str], cwd: Path | None = None) -> Finished:
    """Run ``cmd`` to the end; peak RSS is the largest of the child and the descendants it waited for."""
    with tempfile.TemporaryFile() as err, open(os.devnull, "wb") as devnull:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=devnull, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read()[-4000:].decode("utf-8", "replace")
    return Finished(proc.returncode, seconds, round(usage.ru_maxrss / 1024, 1), stderr)


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen[bytes], log: Path, seconds: float = 60) -> None:
    """Block until ``url`` answers (any HTTP status); RuntimeError if the server exits or never answers."""
    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited ({proc.returncode}): {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {seconds:.0f} s") from None
            time.sleep(0.2)


@contextmanager
def serving(cmd: list[str], probe: str, log: Path, env: dict[str, str] | None = None) -> Iterator[None]:
    """Run a server command until the block ends; ``probe`` is a URL that answers once it is up."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    try:
        wait_for(probe, proc, log)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
