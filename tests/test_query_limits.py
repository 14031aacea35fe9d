"""Query time limits on the embedded store: killable worker processes reading snapshots of the store."""

import threading
import time
from pathlib import Path

import pytest
from rdflib import URIRef

from policykg.errors import QueryError
from policykg.kg.ingest import ingest
from policykg.kg.querypool import QueryTimeout
from policykg.kg.store import AskResult, SelectResult, open_store

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT_MEASURES = "SELECT (COUNT(?m) AS ?n) WHERE { ?m a pko:Measure }"
PKO = "PREFIX pko: <https://w3id.org/policykg/ontology#> "


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory):
    """The corpus in an embedded store whose queries run in two workers with a 2 s limit."""
    path = tmp_path_factory.mktemp("limits") / "store"
    with open_store(str(path)) as plain:
        ingest(plain, [CORPUS])
    store = open_store(str(path), query_workers=2, query_timeout=2.0)
    yield store
    store.close()


def test_answers_come_from_the_workers(limited) -> None:
    result = limited.query(PKO + COUNT_MEASURES)
    assert isinstance(result, SelectResult)
    assert int(result.rows[0]["n"]) >= 26
    assert limited.query("ASK { ?s ?p ?o }") == AskResult(True)


def test_a_runaway_query_is_stopped_while_an_ask_answers_at_once(limited) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        try:
            limited.query(RUNAWAY)
        except QueryTimeout as exc:
            outcome["error"] = exc
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    assert limited.query("ASK { ?s ?p ?o }") == AskResult(True)
    ask_seconds = time.monotonic() - started
    thread.join(30)
    assert isinstance(outcome.get("error"), QueryTimeout)
    assert "2 s" in outcome["error"].message and outcome["error"].status == 503
    assert 1.9 <= outcome["seconds"] < 8
    assert ask_seconds < 1.0
    # the killed worker was replaced: both workers answer again
    for _ in range(4):
        assert int(limited.query(PKO + COUNT_MEASURES).rows[0]["n"]) >= 26


def test_a_caller_can_only_lower_the_limit(limited) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"0\.5 s"):
        limited.query(RUNAWAY, timeout=0.5)
    assert time.monotonic() - started < 4


def test_killed_worker_processes_are_gone(limited) -> None:
    pool = limited._pool
    before = {w.process.pid: w.process for w in pool._all}
    with pytest.raises(QueryTimeout):
        limited.query(RUNAWAY, timeout=0.5)
    after = {w.process.pid for w in pool._all}
    gone = set(before) - after
    assert len(gone) == 1
    assert not before[gone.pop()].is_alive()
    assert all(w.process.is_alive() for w in pool._all)


def test_syntax_errors_are_query_errors(limited) -> None:
    with pytest.raises(QueryError, match="invalid SPARQL"):
        limited.query("SELECT WHERE {")


def test_writes_are_seen_by_the_next_query_and_old_snapshots_go(limited) -> None:
    graph = "https://w3id.org/policykg/id/graph/test-limits"
    triple = (URIRef("http://example.org/s"), URIRef("http://example.org/p"), URIRef("http://example.org/o"))
    ask = "ASK { <http://example.org/s> <http://example.org/p> <http://example.org/o> }"
    assert limited.query(ask) == AskResult(False)
    limited.replace_graph(graph, [triple])
    for _ in range(3):  # every worker, whichever answers
        assert limited.query(ask) == AskResult(True)
    limited.drop_graph(graph)
    for _ in range(3):
        assert limited.query(ask) == AskResult(False)
    snapshots = list(limited._pool.snapshot_root.iterdir())
    assert len(snapshots) <= 3  # current + at most one per worker


def test_closing_removes_the_snapshots(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s"), query_workers=1, query_timeout=5)
    root = store._pool.snapshot_root
    assert root.is_dir() and root.parent == tmp_path
    store.close()
    assert not root.exists()
