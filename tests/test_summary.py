"""The summary graph: counts derived after every ingest equal the same counts taken over every measure,
stay exact when documents are added or replaced, and are rebuilt by `policykg refresh`."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import URIRef

from policykg.cli import main
from policykg.kg import ingest as ingest_module
from policykg.kg.canned import bind, get_query
from policykg.kg.ingest import collect_files, ingest, ingest_upload
from policykg.kg.store import SelectResult, Store, open_store
from policykg.kg.summary import (
    INCREMENTAL_DOCUMENTS,
    Summary,
    document_summary,
    rebuild_summary_graph,
    update_summary_graph,
)
from policykg.kg.validate import validate_graph
from policykg.loaders import ids
from policykg.ontology.namespace import ELI, PKO, RDF

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "corpus" / "jilin" / "004_7386dd28cc9d9502.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "docs"

# The same counts as the canned queries give, taken the slow way: over every measure of the store.
AGENCY_COUNTS = """
PREFIX pko: <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?agency (COUNT(DISTINCT ?measure) AS ?total) (COUNT(DISTINCT ?led) AS ?leads)
       (COUNT(DISTINCT ?document) AS ?documents)
WHERE {
  ?measure a pko:Measure ; eli:responsibility_of_agent ?agency ; eli:is_part_of ?document .
  OPTIONAL { ?measure pko:leadAgency ?lead }
  BIND(IF(?lead = ?agency, ?measure, ?none) AS ?led)
}
GROUP BY ?agency
"""
PAIR_COUNTS = """
PREFIX pko: <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?agency1 ?agency2 (COUNT(DISTINCT ?measure) AS ?shared) (COUNT(DISTINCT ?led) AS ?ledByPair)
       (COUNT(DISTINCT ?document) AS ?documents)
WHERE {
  ?measure a pko:Measure ; eli:responsibility_of_agent ?agency1 , ?agency2 ; eli:is_part_of ?document .
  FILTER(STR(?agency1) < STR(?agency2))
  OPTIONAL { ?measure pko:leadAgency ?lead }
  BIND(IF(?lead = ?agency1 || ?lead = ?agency2, ?measure, ?none) AS ?led)
}
GROUP BY ?agency1 ?agency2
"""
MEASURE_COUNTS = """
PREFIX pko: <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?document (COUNT(DISTINCT ?measure) AS ?measures)
WHERE { ?measure a pko:Measure ; eli:is_part_of ?document } GROUP BY ?document
"""


def table(store: Store, sparql: str, *columns: str) -> set[tuple[str, ...]]:
    """Rows of a SELECT as a set of string tuples in the order of ``columns``."""
    result = store.query(sparql)
    assert isinstance(result, SelectResult)
    return {tuple(str(row[c]) for c in columns) for row in result.rows}


def canned(store: Store, name: str, *columns: str) -> set[tuple[str, ...]]:
    """Rows of a canned query with its default parameters."""
    return table(store, bind(get_query(name), {}), *columns)


def assert_summary_exact(store: Store) -> None:
    """The summary-backed canned queries answer what a count over every measure answers."""
    agencies = table(store, AGENCY_COUNTS, "agency", "total", "leads", "documents")
    assert agencies
    assert canned(store, "agency_load", "agency", "total", "leads", "documents") == agencies
    pairs = table(store, PAIR_COUNTS, "agency1", "agency2", "shared", "ledByPair", "documents")
    assert pairs
    assert canned(store, "agency_pairs", "agency1", "agency2", "shared", "ledByPair", "documents") == pairs
    measures = table(store, MEASURE_COUNTS, "document", "measures")
    timeline = canned(store, "timeline", "document", "measures")
    assert {row for row in timeline if row[1] != "0"} == measures


@pytest.fixture
def loaded(store: Store) -> Iterator[Store]:
    """A store (embedded and remote) holding the corpus notice and the fixture documents."""
    report = ingest(store, [NOTICE, FIXTURES])
    assert not report.failed, report.failed
    yield store


def test_summary_counts_equal_counts_over_every_measure(loaded: Store) -> None:
    assert_summary_exact(loaded)


def test_summary_stays_exact_when_a_document_is_added_and_reingested(loaded: Store) -> None:
    before = canned(loaded, "agency_load", "agency", "total")
    extra = (FIXTURES / sorted(p.name for p in FIXTURES.iterdir() if p.suffix == ".txt")[0]).read_bytes()
    extra = extra.replace("。".encode(), "；".encode(), 1)  # a different file: a new document, same measures
    ingest_upload(loaded, extra, "copy.txt")
    assert_summary_exact(loaded)
    after = canned(loaded, "agency_load", "agency", "total")
    assert after != before
    graph = str(ids.summary_graph())
    size = loaded.quad_count(graph)
    ingest_upload(loaded, extra, "copy.txt")  # the same file again: nothing changes
    assert loaded.quad_count(graph) == size
    assert canned(loaded, "agency_load", "agency", "total") == after


def summary_graph_triples(store: Store) -> set[tuple[str, ...]]:
    """The summary graph's triples as strings."""
    graph = str(ids.summary_graph())
    return table(store, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", "s", "p", "o")


def test_reingesting_a_changed_extraction_changes_only_what_it_counts_for(loaded: Store,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    graph = str(ids.document_graph(ids.document_key(NOTICE.read_bytes())))
    rows = table(loaded, f"SELECT ?m ?a WHERE {{ GRAPH <{graph}> {{ ?m <{ELI.responsibility_of_agent}> ?a }} }}",
                 "m", "a")
    (first, agent), second = sorted(rows)[0], sorted({m for m, _ in rows})[-1]
    ghost = URIRef("https://w3id.org/policykg/id/agency/ghost")
    measure = URIRef(first)
    # an older extraction of the notice: one measure had a responsible unit no document names any more (and it led),
    # lacked one of its units, and another measure was not there at all
    loaded.patch_graph(graph, remove=[(measure, ELI.responsibility_of_agent, URIRef(agent)),
                                      (URIRef(second), RDF.type, PKO.Measure)],
                       add=[(measure, ELI.responsibility_of_agent, ghost), (measure, PKO.leadAgency, ghost)])
    rebuild_summary_graph(loaded)
    assert ("https://w3id.org/policykg/id/agency/ghost", "1") in canned(loaded, "agency_load", "agency", "total")
    changes: list[int] = []

    def counted(store: Store, before: Summary, after: Summary) -> int:
        changes.append(update_summary_graph(store, before, after))
        return changes[-1]

    monkeypatch.setattr(ingest_module, "update_summary_graph", counted)
    ingest(loaded, [NOTICE])  # the notice again, read by today's loaders
    assert changes and 0 < changes[0] < len(summary_graph_triples(loaded))
    assert_summary_exact(loaded)
    assert not any("ghost" in row[0] for row in canned(loaded, "agency_load", "agency"))
    recounted = summary_graph_triples(loaded)
    rebuild_summary_graph(loaded)
    assert summary_graph_triples(loaded) == recounted
    ingest(loaded, [NOTICE])  # unchanged: nothing to write
    assert changes[-1] == 0


def test_an_out_of_date_summary_is_recounted_whole(loaded: Store) -> None:
    graph = str(ids.document_graph(ids.document_key(NOTICE.read_bytes())))
    counts = document_summary(loaded, [graph])
    assert counts.agencies and counts.document_measures
    summary = str(ids.summary_graph())
    node = ids.agency_load(next(iter(counts.agencies)))
    stale = table(loaded, f"SELECT ?p ?o WHERE {{ GRAPH <{summary}> {{ <{node}> ?p ?o }} }}", "p", "o")
    rows = loaded.query(f"SELECT ?p ?o WHERE {{ GRAPH <{summary}> {{ <{node}> ?p ?o }} }}")
    assert isinstance(rows, SelectResult) and len(stale) == len(rows.rows) > 0
    loaded.patch_graph(summary, remove=[(node, r["p"], r["o"]) for r in rows.rows], add=[])  # type: ignore[misc]
    # the notice's counts taken away from a summary that no longer holds them: below zero, so all is recounted
    update_summary_graph(loaded, counts, Summary())
    assert_summary_exact(loaded)


def test_a_large_change_recounts_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = collect_files([ROOT / "tests" / "fixtures"])[: INCREMENTAL_DOCUMENTS + 1]
    assert len(files) > INCREMENTAL_DOCUMENTS
    scoped: list[object] = []
    monkeypatch.setattr(ingest_module, "update_summary_graph", lambda store, *counts: scoped.append(counts) or 0)
    with open_store(str(tmp_path / "store")) as s:
        ingest(s, files[:1])
        assert len(scoped) == 1  # one document: recounted in part
        ingest(s, files)
        assert len(scoped) == 1  # more than INCREMENTAL_DOCUMENTS: recounted whole, so exact without the spy
        assert_summary_exact(s)


def test_summary_graph_is_deterministic_and_valid(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "store")) as s:
        ingest(s, [NOTICE])
        graph = str(ids.summary_graph())
        first = table(s, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", "s", "p", "o")
        assert rebuild_summary_graph(s) == len(first)
        assert table(s, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", "s", "p", "o") == first
        assert not validate_graph(s.dataset())


def test_refresh_rebuilds_a_missing_summary_graph(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "store")
    with open_store(path) as s:
        ingest(s, [NOTICE])
        s.drop_graph(str(ids.summary_graph()))  # as after a server's own bulk load of document graphs
        assert not canned(s, "agency_load", "agency")
    assert main(["--store", path, "refresh"]) == 0
    assert "summary" in capsys.readouterr().out
    with open_store(path) as s:
        assert_summary_exact(s)


def test_serve_rebuilds_the_summary_graph_of_an_older_store(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import waitress

    path = str(tmp_path / "store")
    with open_store(path) as s:
        ingest(s, [NOTICE])
        s.drop_graph(str(ids.summary_graph()))  # as a store written before the summary graph existed
    monkeypatch.setattr(waitress, "serve", lambda *args, **kwargs: None)
    assert main(["--store", path, "serve"]) == 0
    assert "rebuilding the derived graphs" in capsys.readouterr().out
    with open_store(path) as s:
        assert_summary_exact(s)
    assert main(["--store", path, "serve"]) == 0  # the second time there is nothing to rebuild
    assert "rebuilding" not in capsys.readouterr().out
