"""Export: the /export page lists the store's named graphs; every format downloads the whole store or one graph,
streamed, with its media type and file name, and parses back to exactly the store's triples or quads."""

import re
import threading
from collections.abc import Iterator

import pytest
from rdflib import Dataset, Graph

from policykg.errors import StoreError
from policykg.kg.store import SelectResult, export_formats
from policykg.loaders import ids
from policykg.web import export
from policykg.web.storage import get_store

NOTICE_GRAPH = "https://w3id.org/policykg/id/graph/doc/83fdeee7b1d986e9"
FORMATS = [(f.extension, f) for f in export_formats()]
DISTINCT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"


@pytest.fixture(scope="module")
def sizes(app) -> dict[str, int]:
    """The store's quads, distinct triples, and the triples of each named graph (asked of the store itself)."""
    with app.app_context():
        store = get_store()
        distinct = store.query(DISTINCT_TRIPLES)
        assert isinstance(distinct, SelectResult)
        out = {"quads": store.quad_count(), "triples": int(str(distinct.rows[0]["n"]))}
        out.update({g: store.quad_count(g) for g in store.graphs()})
        return out


def parse(data: bytes, spec) -> Dataset | Graph:
    """An export read back with rdflib."""
    if spec.quads:
        ds = Dataset()
        ds.parse(data=data, format=spec.rdflib_name)
        return ds
    return Graph().parse(data=data, format=spec.rdflib_name)


def size(parsed: Dataset | Graph) -> int:
    """Quads of a dataset, triples of a graph."""
    return len(list(parsed.quads())) if isinstance(parsed, Dataset) else len(parsed)


def test_export_page_lists_documents_and_reference_graphs(client, sizes):
    data = client.get("/export.json").get_json()
    kinds = [g["kind"] for g in data["graphs"]]
    assert kinds == ["document"] * 5 + ["registry", "ontology", "works", "summary"]
    notice = next(g for g in data["graphs"] if g["iri"] == NOTICE_GRAPH)
    assert notice["title"] == "关于深化养老服务改革发展的若干措施" and notice["number"] == "吉民发〔2025〕20号"
    assert notice["triples"] == sizes[NOTICE_GRAPH]
    assert notice["downloads"]["trig"] == f"/export.trig?graph={NOTICE_GRAPH}"
    assert data["store"] == {"quads": sizes["quads"], "triples": sizes["triples"], "downloads": {
        "turtle": "/export.ttl", "trig": "/export.trig", "nquads": "/export.nq", "ntriples": "/export.nt",
        "jsonld": "/export.jsonld", "xml": "/export.rdf"}}
    html = client.get("/export").get_data(as_text=True)
    select = re.search(r'<select id="export-graph" name="graph">.*?</select>', html, re.S).group(0)
    assert select.count("<option") == 1 + 9
    assert f'<option value="{NOTICE_GRAPH}">关于深化养老服务改革发展的若干措施（吉民发〔2025〕20号）' in select
    assert '<label for="export-format">格式</label>' in html
    assert html.count('<option value="') == 10 + 6
    assert "Export the graph" in client.get("/export?lang=en").get_data(as_text=True)


def test_form_redirects_to_the_download(client):
    r = client.get("/export/file", query_string={"graph": NOTICE_GRAPH, "format": "nquads"})
    assert r.status_code == 303 and r.headers["Location"] == f"/export.nq?graph={NOTICE_GRAPH}"
    assert client.get("/export/file?format=xml&graph=").headers["Location"] == "/export.rdf"
    bad = client.get("/export/file?format=csv", headers={"Accept": "application/json"})
    assert bad.status_code == 400 and "unknown RDF format" in bad.get_json()["message"]


@pytest.mark.parametrize(("ext", "spec"), FORMATS, ids=[e for e, _ in FORMATS])
def test_whole_store_parses_back_to_the_same_size(client, sizes, ext, spec):
    r = client.get(f"/export.{ext}")
    assert r.status_code == 200 and r.is_streamed
    assert r.mimetype == spec.media_type
    assert r.headers["Content-Disposition"] == f'attachment; filename="policykg.{ext}"'
    parsed = parse(r.get_data(), spec)
    assert size(parsed) == (sizes["quads"] if spec.quads else sizes["triples"])
    if spec.quads:
        assert {str(g) for _, _, _, g in parsed.quads()} == {g for g in sizes if g.startswith("https://")}


@pytest.mark.parametrize(("ext", "spec"), FORMATS, ids=[e for e, _ in FORMATS])
def test_one_document_graph_holds_only_that_graph(app, client, sizes, ext, spec):
    r = client.get(f"/export.{ext}", query_string={"graph": NOTICE_GRAPH})
    assert r.status_code == 200
    assert r.headers["Content-Disposition"] == f'attachment; filename="policykg-doc-83fdeee7b1d986e9.{ext}"'
    parsed = parse(r.get_data(), spec)
    assert size(parsed) == sizes[NOTICE_GRAPH]
    with app.app_context():
        stored = get_store().query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{NOTICE_GRAPH}> {{ ?s ?p ?o }} }}")
    assert isinstance(stored, SelectResult)
    expected = {(row["s"], row["p"], row["o"]) for row in stored.rows}
    if spec.quads:
        assert {str(g) for _, _, _, g in parsed.quads()} == {NOTICE_GRAPH}
        got = {(s, p, o) for s, p, o, _ in parsed.quads()}
    else:
        got = set(parsed)
    assert {(str(s), str(p), str(o)) for s, p, o in got} == {(str(s), str(p), str(o)) for s, p, o in expected}


@pytest.mark.parametrize("graph", [ids.registry_graph(), ids.ontology_graph(), ids.works_graph(), ids.summary_graph()])
def test_reference_graphs_are_exportable(client, sizes, graph):
    r = client.get("/export.nt", query_string={"graph": str(graph)})
    assert r.status_code == 200 and r.mimetype == "application/n-triples"
    assert len(Graph().parse(data=r.get_data(), format="nt")) == sizes[str(graph)] > 0


def test_turtle_keeps_its_address_and_declares_prefixes(client):
    r = client.get("/export.ttl")
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    assert r.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert b"@prefix pko: <https://w3id.org/policykg/ontology#>" in r.get_data()


def test_unknown_graph_or_format_is_404(client):
    r = client.get("/export.trig", query_string={"graph": "https://w3id.org/policykg/id/graph/doc/nope"},
                   headers={"Accept": "application/json"})
    assert r.status_code == 404 and "no graph" in r.get_json()["message"]
    assert client.get("/export.ttl?graph=not%20an%20iri").status_code == 404
    assert client.get("/export.csv").status_code == 404
    assert client.get("/export.xml").status_code == 404


class FakeStore:
    """Writes ``blocks`` chunks of 64 KiB, optionally failing after ``fail_after`` of them."""

    def __init__(self, blocks: int, fail_after: int | None = None) -> None:
        self.blocks, self.fail_after = blocks, fail_after
        self.written = 0
        self.stopped = threading.Event()

    def export(self, fmt: str, out, graph: str | None = None) -> None:
        try:
            for i in range(self.blocks):
                if self.fail_after is not None and i == self.fail_after:
                    raise StoreError("the store went away")
                out.write(b"x" * 65536)
                self.written += 1
        finally:
            self.stopped.set()


def test_stream_is_read_while_written_and_complete():
    store = FakeStore(200)  # 12.5 MiB: never held in memory at once
    chunks: Iterator[bytes] = export.stream_export(store, "nquads", None)  # type: ignore[arg-type]
    first = next(chunks)
    assert len(first) <= export.CHUNK
    assert store.written < 200  # the writer waits for the reader (the pipe holds little)
    total = len(first) + sum(len(c) for c in chunks)
    assert total == 200 * 65536 and store.stopped.is_set()


def test_closing_the_stream_stops_the_writer():
    store = FakeStore(10_000)
    chunks = export.stream_export(store, "nquads", None)  # type: ignore[arg-type]
    next(chunks)
    chunks.close()  # the client went away
    assert store.stopped.wait(5) and store.written < 10_000


def test_a_store_failure_mid_stream_is_raised_not_hidden():
    chunks = export.stream_export(FakeStore(50, fail_after=3), "nquads", None)  # type: ignore[arg-type]
    received = 0
    with pytest.raises(StoreError, match="went away"):
        for chunk in chunks:
            received += len(chunk)
    assert received == 3 * 65536

