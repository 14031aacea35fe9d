"""The remote backend on a second real SPARQL server: Virtuoso open source from Debian, started by a fixture."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from policykg.errors import StoreError
from policykg.kg.canned import bind, get_query, load_queries
from policykg.kg.remote import VIRTUOSO_SYSTEM_GRAPHS, Endpoints, RemoteStore, derive_endpoints
from policykg.kg.store import SelectResult, Store, Triple, open_store
from policykg.loaders import ids
from tests.servers import VIRTUOSO_PASSWORD, VIRTUOSO_USER

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ID = "https://w3id.org/policykg/id/"
G1 = ID + "graph/doc/virtuoso-1"
DOC = URIRef(ID + "doc/virtuoso-1")
P = URIRef("https://w3id.org/policykg/ontology#text")
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def virtuoso(virtuoso_server: str) -> str:
    """The session's Virtuoso instance."""
    return virtuoso_server


def open_virtuoso(url: str) -> RemoteStore:
    """A RemoteStore on the instance, as the dba user."""
    store = open_store(url, update_url="", gsp_url="", user=VIRTUOSO_USER, password=VIRTUOSO_PASSWORD)
    assert isinstance(store, RemoteStore)
    return store


@pytest.fixture(scope="module")
def corpus_on_virtuoso(virtuoso: str) -> str:
    """The instance holding the bundled corpus, ingested by the ``policykg ingest`` command."""
    env = {**os.environ, "POLICYKG_STORE": virtuoso, "POLICYKG_USER": VIRTUOSO_USER,
           "POLICYKG_PASSWORD": VIRTUOSO_PASSWORD}
    for name in ("POLICYKG_UPDATE_URL", "POLICYKG_GSP_URL"):
        env.pop(name, None)
    done = subprocess.run([str(Path(sys.executable).parent / "policykg"), "ingest", "--quiet", str(CORPUS)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return virtuoso


@pytest.fixture
def scratch(virtuoso: str) -> Iterator[RemoteStore]:
    """The store with the scratch graph removed before and after the test."""
    store = open_virtuoso(virtuoso)
    store.drop_graph(G1)
    yield store
    store.drop_graph(G1)


def comparable(term: Node | None) -> str:
    """A term as text, blank node labels (server-chosen) hidden and typed literals compared by value."""
    if term is None:
        return "UNBOUND"
    if isinstance(term, BNode):
        return "_:b"
    if isinstance(term, Literal) and term.datatype is not None and term.value is not None:
        return f"{term.value!r}^^{term.datatype}"
    return term.n3()


def answers(store: Store, name: str, params: dict[str, str] | None = None) -> Counter[tuple[str, ...]]:
    """The rows of a canned query (default parameters unless given) as a multiset of comparable tuples."""
    result = store.query(bind(get_query(name), params or {}))
    assert isinstance(result, SelectResult)
    return Counter(tuple(comparable(row[v]) for v in result.variables) for row in result.rows)


def test_derive_endpoints_for_virtuoso() -> None:
    assert derive_endpoints("http://h:8890/sparql") == Endpoints(
        "http://h:8890/sparql", "http://h:8890/sparql-auth", "http://h:8890/sparql-graph-crud-auth")
    assert derive_endpoints("http://h:8890/sparql-auth/").gsp == "http://h:8890/sparql-graph-crud-auth"


def test_every_canned_query_gives_the_embedded_stores_rows(corpus_on_virtuoso: str, corpus_store_path: Path) -> None:
    remote = open_virtuoso(corpus_on_virtuoso)
    with open_store(str(corpus_store_path)) as embedded:
        assert remote.graphs() == embedded.graphs()
        assert remote.quad_count() == embedded.quad_count()
        for name in load_queries():
            expected = answers(embedded, name)
            assert expected, f"{name} gave no rows on the embedded store"
            assert answers(remote, name) == expected, name


@pytest.mark.parametrize(("name", "params"), [
    ("agency_measures", {"role": "support"}), ("agency_measures", {"role": "lead"}),
    ("find_agency", {"name": "卫生"}), ("search_measures", {"keyword": "助老餐厅"}),
    ("targets_of_agency", {"role": "lead"}),
])
def test_canned_queries_with_other_parameters(corpus_on_virtuoso: str, corpus_store_path: Path, name: str,
                                              params: dict[str, str]) -> None:
    with open_store(str(corpus_store_path)) as embedded:
        expected = answers(embedded, name, params)
    assert expected
    assert answers(open_virtuoso(corpus_on_virtuoso), name, params) == expected


def test_ordered_queries_keep_their_order(corpus_on_virtuoso: str, corpus_store_path: Path) -> None:
    remote = open_virtuoso(corpus_on_virtuoso)
    with open_store(str(corpus_store_path)) as embedded:
        for store in (remote, embedded):
            result = store.query(bind(get_query("timeline"), {}))
            assert isinstance(result, SelectResult)
            assert [str(r["date"]) for r in result.rows] == ["2018-05-07", "2023-06-05", "2025-05-12",
                                                             "2025-06-10", "2025-06-17"]


def test_graphs_leave_out_virtuosos_own_graphs(corpus_on_virtuoso: str) -> None:
    store = open_virtuoso(corpus_on_virtuoso)
    graphs = store.graphs()
    assert str(ids.registry_graph()) in graphs
    assert not set(graphs) & set(VIRTUOSO_SYSTEM_GRAPHS)
    assert all(g.startswith(ID) for g in graphs)


def test_export_parses_back_to_every_quad(corpus_on_virtuoso: str) -> None:
    store = open_virtuoso(corpus_on_virtuoso)
    out = io.BytesIO()
    store.export("nquads", out)
    dataset = Dataset()
    dataset.parse(data=out.getvalue(), format="nquads")
    assert len(list(dataset.quads())) == store.quad_count()
    turtle = io.BytesIO()
    store.export("turtle", turtle)
    graph = Graph().parse(data=turtle.getvalue(), format="turtle")
    assert len(graph) > 0
    assert not any("openlinksw.com" in str(s) for s in graph.subjects())
    one = io.BytesIO()
    registry = str(ids.registry_graph())
    store.export("ntriples", one, graph=registry)
    assert len(Graph().parse(data=one.getvalue(), format="nt")) == store.quad_count(registry)


def small(title: str) -> list[Triple]:
    """A small graph with Chinese, typed and boolean literals and a blank node."""
    node = BNode()
    return [(DOC, P, Literal(title, lang="zh")), (DOC, P, Literal("吉民发〔2025〕20号")),
            (DOC, P, Literal("80.5", datatype=URIRef(XSD + "decimal"))),
            (DOC, P, Literal("2025-05-12", datatype=URIRef(XSD + "date"))),
            (DOC, P, Literal(True)), (DOC, P, node), (node, P, Literal("2029年底前"))]


def objects(store: Store) -> set[str]:
    """The scratch graph's triples as comparable text."""
    result = store.query(f"SELECT ?s ?o WHERE {{ GRAPH <{G1}> {{ ?s <{P}> ?o }} }}")
    assert isinstance(result, SelectResult)
    return {f"{comparable(r['s'])} {comparable(r['o'])}" for r in result.rows}


def test_replace_graph_is_idempotent_and_round_trips_terms(scratch: RemoteStore) -> None:
    scratch.replace_graph(G1, small("养老服务"))
    first = objects(scratch)
    scratch.replace_graph(G1, small("养老服务"))
    assert objects(scratch) == first and scratch.quad_count(G1) == 7
    assert f"{DOC.n3()} {Literal('养老服务', lang='zh').n3()}" in first
    assert f"{DOC.n3()} True^^{XSD}boolean" in first
    result = scratch.query(f"SELECT ?o WHERE {{ <{DOC}> <{P}> ?o FILTER(DATATYPE(?o) = <{XSD}boolean>) }}")
    assert isinstance(result, SelectResult)
    assert result.rows == [{"o": Literal("true", datatype=URIRef(XSD + "boolean"))}]


def test_replace_graph_replaces_and_failures_change_nothing(scratch: RemoteStore) -> None:
    scratch.replace_graph(G1, small("旧标题"))
    before = objects(scratch)

    def failing() -> Iterator[Triple]:
        yield from small("新标题")[:3]
        raise RuntimeError("extraction failed")

    with pytest.raises(RuntimeError):
        scratch.replace_graph(G1, failing())
    with pytest.raises(StoreError, match="invalid IRI"):
        scratch.replace_graph(G1, [*small("新标题")[:3], (URIRef("not an iri"), P, Literal("x"))])
    assert objects(scratch) == before
    scratch.replace_graph(G1, small("新标题")[:2])
    assert scratch.quad_count(G1) == 2
    scratch.replace_graph(G1, [])
    assert G1 not in scratch.graphs()


def test_patch_graph_removes_and_adds(scratch: RemoteStore) -> None:
    scratch.replace_graph(G1, small("养老服务")[:4])
    scratch.patch_graph(G1, remove=small("养老服务")[1:3], add=[(DOC, P, Literal("新标题", lang="zh"))])
    kept = (Literal("养老服务", lang="zh"), Literal("2025-05-12", datatype=URIRef(XSD + "date")),
            Literal("新标题", lang="zh"))
    assert objects(scratch) == {f"{DOC.n3()} {comparable(o)}" for o in kept}


def test_replace_graphs_sends_many_graphs(scratch: RemoteStore) -> None:
    graphs = {f"{G1}/{i}": [(URIRef(f"{DOC}/{i}"), P, Literal(f"第{i}条"))] * 1 for i in range(25)}
    try:
        scratch.replace_graphs(graphs.items(), batch_bytes=512)
        assert {g for g in scratch.graphs() if g.startswith(G1 + "/")} == set(graphs)
        assert sum(scratch.quad_count(g) for g in graphs) == 25
    finally:
        for graph in graphs:
            scratch.drop_graph(graph)


def test_wrong_password_is_a_clear_store_error(virtuoso: str) -> None:
    store = open_store(virtuoso, update_url="", gsp_url="", user=VIRTUOSO_USER, password="wrong")
    with pytest.raises(StoreError, match="refused the credentials"):
        store.replace_graph(G1, small("x"))
    assert G1 not in open_virtuoso(virtuoso).graphs()
