"""The machine a benchmark ran on: CPU, cores, memory, OS and the versions that matter."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path

from bench.child import BIN


def _first(path: str, key: str) -> str:
    """The value of the first ``key: value`` (or ``key=value``) line of a /proc or /etc file."""
    try:
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            for sep in (":", "="):
                name, found, value = line.partition(sep)
                if found and name.strip() == key:
                    return value.strip().strip('"')
    except OSError:
        pass
    return "unknown"


def describe() -> dict[str, object]:
    """Plain facts about this machine and the software under test."""
    mem_kb = _first("/proc/meminfo", "MemTotal").split()[0]
    try:
        server = subprocess.run([str(BIN / "oxigraph"), "--version"], capture_output=True, text=True,
                                timeout=30).stdout.strip()
    except OSError:
        server = "missing"
    return {
        "cpu": _first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "memory_gib": round(int(mem_kb) / 1024 / 1024, 1) if mem_kb.isdigit() else None,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "os": _first("/etc/os-release", "PRETTY_NAME"),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "pyoxigraph": version("pyoxigraph"),
        "rdflib": version("rdflib"),
        "oxigraph_server": server,
        "policykg": version("policykg"),
    }
