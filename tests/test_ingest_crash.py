"""Ingest under SIGKILL: every document graph is whole or absent, the store opens, a rerun completes it."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policykg.kg.ingest import ingest
from policykg.kg.store import open_store
from tests.digests import graph_digests

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "tests" / "fixtures" / "docs").glob("*.txt")) + sorted((ROOT / "corpus").glob("*.txt"))
COPIES = 20  # enough documents for kills at different points of the run
DOC_GRAPH = "https://w3id.org/policykg/id/graph/doc/"


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of distinct documents: every fixture and corpus text, several times with a different last line."""
    folder = tmp_path_factory.mktemp("many-docs")
    for copy in range(COPIES):
        for source in SOURCES:
            text = source.read_text(encoding="utf-8-sig").rstrip("\n") + f"\n\n（本件第{copy + 1}份）\n"
            (folder / f"{copy}_{source.name}").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(documents: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Digests of every graph after one clean, uninterrupted ingest."""
    with open_store(str(tmp_path_factory.mktemp("clean") / "store")) as store:
        report = ingest(store, [documents])
        assert not report.failed
        return graph_digests(store)


def run_ingest(store: Path, documents: Path) -> subprocess.Popen:
    """`policykg ingest` in its own process."""
    return subprocess.Popen([sys.executable, "-m", "policykg.cli", "--store", str(store), "ingest", str(documents)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def run_seconds(documents: Path, tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long one whole `policykg ingest` of the documents takes on this machine, now."""
    started = time.monotonic()
    proc = run_ingest(tmp_path_factory.mktemp("timed") / "store", documents)
    _, errors = proc.communicate(timeout=300)
    assert proc.returncode == 0, errors.decode()
    return time.monotonic() - started


def test_sigkill_leaves_whole_documents_or_none(documents: Path, reference: dict[str, str], run_seconds: float,
                                                tmp_path: Path) -> None:
    doc_graphs = {g for g in reference if g.startswith(DOC_GRAPH)}
    assert len(doc_graphs) == COPIES * len(SOURCES)
    seed = int(os.environ.get("POLICYKG_CRASH_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    store_path = tmp_path / "store"
    partial_seen = False
    for _ in range(3):
        proc = run_ingest(store_path, documents)
        time.sleep(run_seconds * rng.uniform(0.4, 0.8))  # (timed on this machine: start-up is not a fixed cost)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        with open_store(str(store_path)) as store:  # opens cleanly after the kill
            found = graph_digests(store)
        present = {g for g in found if g.startswith(DOC_GRAPH)}
        partial_seen |= 0 < len(present) < len(doc_graphs)
        for graph in present:
            assert found[graph] == reference[graph], f"seed {seed}: graph {graph} differs from a clean ingest"
        assert present <= doc_graphs
    proc = run_ingest(store_path, documents)
    assert proc.wait(120) == 0, proc.stderr.read().decode()
    with open_store(str(store_path)) as store:
        assert graph_digests(store) == reference, f"seed {seed}: the rerun did not complete the store"
    assert partial_seen, f"seed {seed}: no kill landed in the middle of a run; the test proved nothing"
