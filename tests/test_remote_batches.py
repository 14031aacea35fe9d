"""Writing many graphs to a remote store: ``replace_graphs`` per graph (GSP) or in SPARQL Update batches."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Literal, URIRef

from policykg.errors import StoreError
from policykg.kg.remote import Endpoints, RemoteStore
from policykg.kg.store import Triple, open_store
from tests.servers import VIRTUOSO_PASSWORD, VIRTUOSO_USER

ID = "https://w3id.org/policykg/id/"
P = URIRef("https://w3id.org/policykg/ontology#text")


def graph(i: int) -> str:
    """The IRI of test graph i."""
    return f"{ID}graph/doc/batch-{i:03d}"


def triples(i: int, title: str = "第{}号") -> list[Triple]:
    """Three triples of document i."""
    doc = URIRef(f"{ID}doc/batch-{i:03d}")
    return [(doc, P, Literal(title.format(i), lang="zh")), (doc, P, Literal(i)), (doc, P, Literal("措施"))]


def empty(url: str, **options: str) -> RemoteStore:
    """A RemoteStore on the server with every policykg graph removed."""
    store = open_store(url, update_url="", gsp_url="", **options)
    assert isinstance(store, RemoteStore)
    for name in store.graphs():
        store.drop_graph(name)
    return store


@pytest.fixture(params=["oxigraph-gsp", "oxigraph-update", "virtuoso"])
def remote(request: pytest.FixtureRequest) -> Iterator[RemoteStore]:
    """An emptied remote store: Oxigraph with and without GSP (SPARQL Update batches), and Virtuoso."""
    if request.param == "virtuoso":
        store = empty(request.getfixturevalue("virtuoso_server"), user=VIRTUOSO_USER, password=VIRTUOSO_PASSWORD)
    else:
        store = empty(request.getfixturevalue("oxigraph_server"), user="", password="")
        if request.param == "oxigraph-update":
            store.endpoints = Endpoints(store.endpoints.query, store.endpoints.update, "")
    yield store
    for name in store.graphs():
        store.drop_graph(name)


def titles(store: RemoteStore) -> dict[str, str]:
    """Each test graph's Chinese title."""
    result = store.query(f"SELECT ?g ?t WHERE {{ GRAPH ?g {{ ?d <{P}> ?t FILTER(LANG(?t) = 'zh') }} }}")
    return {str(r["g"]): str(r["t"]) for r in result.rows}  # type: ignore[union-attr]


def test_many_graphs_land_new_and_replaced(remote: RemoteStore) -> None:
    remote.replace_graphs(((graph(i), triples(i)) for i in range(40)), batch_bytes=2000)
    assert remote.graphs() == [graph(i) for i in range(40)]
    assert remote.quad_count() == 120
    remote.replace_graphs(((graph(i), triples(i, "新{}")) for i in range(0, 40, 2)), batch_bytes=2000)
    assert remote.quad_count() == 120
    assert titles(remote)[graph(2)] == "新2" and titles(remote)[graph(3)] == "第3号"


def test_an_error_producing_a_graph_writes_the_graphs_before_it(remote: RemoteStore) -> None:
    def documents() -> Iterator[tuple[str, list[Triple]]]:
        for i in range(5):
            yield graph(i), triples(i)
        raise RuntimeError("extraction failed")

    with pytest.raises(RuntimeError):
        remote.replace_graphs(documents(), batch_bytes=10_000)
    assert remote.graphs() == [graph(i) for i in range(5)]


def test_an_invalid_graph_is_named_and_the_others_before_it_land(remote: RemoteStore) -> None:
    bad = [(URIRef("not an iri"), P, Literal("x"))]
    with pytest.raises(StoreError, match="batch-003"):
        remote.replace_graphs([(graph(i), bad if i == 3 else triples(i)) for i in range(6)], batch_bytes=10_000)
    assert remote.graphs() == [graph(i) for i in range(3)]
