"""The store room: both backends (embedded Oxigraph, remote Oxigraph server) and result rendering."""

from __future__ import annotations

import datetime
import io
import json
import socket
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from policykg.errors import QueryError, StoreError
from policykg.kg.embedded import EmbeddedStore
from policykg.kg.remote import Endpoints, RemoteStore, derive_endpoints
from policykg.kg.results import (
    display_width,
    term_to_text,
    to_sparql_json,
    to_table,
    write_csv,
    write_graph,
    write_tsv,
)
from policykg.kg.store import (
    AskResult,
    GraphResult,
    SelectResult,
    Store,
    Triple,
    export_formats,
    open_store,
    resolve_format,
)
from policykg.ontology.namespace import DCTERMS, ELI, PKO, SCHEMA

ID = "https://w3id.org/policykg/id/"
G1 = ID + "graph/doc/aaaa"
G2 = ID + "graph/doc/bbbb"
DOC1 = URIRef(ID + "doc/aaaa")
DOC2 = URIRef(ID + "doc/bbbb")
SHARED = (URIRef(ID + "agency/cn-jl-civil-affairs"), RDF.type, URIRef("http://www.w3.org/ns/org#Organization"))
SPO = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
XSD_DATE, XSD_DECIMAL, XSD_INTEGER = (URIRef(XSD_NS + t) for t in ("date", "decimal", "integer"))


def doc_triples(doc: URIRef, title: str = "吉林省养老服务体系建设方案") -> list[Triple]:
    """A small document graph: Chinese and typed literals, plus one triple every document graph shares."""
    measure = URIRef(str(doc) + "/measure/12")
    return [
        (doc, RDF.type, PKO.PolicyDocument),
        (doc, DCTERMS.title, Literal(title, lang="zh")),
        (doc, ELI.id_local, Literal("吉民发〔2025〕20号")),
        (doc, ELI.date_document, Literal("2025-05-12", datatype=XSD_DATE)),
        (measure, ELI.is_part_of, doc),
        (measure, PKO.rank, Literal("12", datatype=XSD_INTEGER)),
        (measure, SCHEMA.value, Literal("80.5", datatype=XSD_DECIMAL)),
        SHARED,
    ]


def triples_of(store: Store, graph: str | None = None) -> set[Triple]:
    """All triples of one graph (or of the union) via SELECT."""
    dataset = {"default_graphs": [graph]} if graph else {}
    result = store.query(SPO, **dataset)
    assert isinstance(result, SelectResult)
    return {(r["s"], r["p"], r["o"]) for r in result.rows}  # type: ignore[misc]


# --- graphs: replace, union, drop ----------------------------------------------------------------------


def test_replace_graph_then_select_returns_the_triples(store: Store) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    assert triples_of(store) == set(doc_triples(DOC1))
    assert store.quad_count(G1) == 8


def test_replacing_with_the_same_triples_adds_no_duplicates(store: Store) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    store.replace_graph(G1, iter(doc_triples(DOC1)))
    assert store.quad_count(G1) == 8
    assert store.quad_count() == 8


def test_replacing_with_different_triples_removes_the_old_ones(store: Store) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    new = doc_triples(DOC1, title="新标题")[:2]
    store.replace_graph(G1, new)
    assert triples_of(store, G1) == set(new)
    assert store.quad_count() == 2


def test_two_graphs_are_both_in_the_union_default_graph(store: Store) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    store.replace_graph(G2, doc_triples(DOC2))
    assert store.graphs() == [G1, G2]
    assert triples_of(store) == set(doc_triples(DOC1)) | set(doc_triples(DOC2))
    assert store.quad_count() == 16
    result = store.query(f"SELECT ?doc WHERE {{ ?doc a <{PKO.PolicyDocument}> }} ORDER BY ?doc")
    assert isinstance(result, SelectResult)
    assert [r["doc"] for r in result.rows] == [DOC1, DOC2]


def test_default_graphs_and_named_graphs_restrict_the_dataset(store: Store) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    store.replace_graph(G2, doc_triples(DOC2))
    assert triples_of(store, G2) == set(doc_triples(DOC2))
    result = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[G2])
    assert isinstance(result, SelectResult)
    assert [r["g"] for r in result.rows] == [URIRef(G2)]


def test_drop_graph(store: Store) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    store.replace_graph(G2, doc_triples(DOC2))
    store.drop_graph(G1)
    store.drop_graph(ID + "graph/never-existed")
    assert store.graphs() == [G2]
    assert store.quad_count(G1) == 0
    assert store.query(f"ASK {{ <{DOC1}> ?p ?o }}") == AskResult(False)
    assert store.query(f"ASK {{ <{DOC2}> ?p ?o }}") == AskResult(True)


def shared_matches(store: Store) -> int:
    """How many times the triple every document graph holds is matched in the default graph."""
    result = store.query(f"SELECT * WHERE {{ <{SHARED[0]}> <{SHARED[1]}> ?o }}")
    assert isinstance(result, SelectResult)
    return len(result.rows)


def test_a_triple_many_graphs_hold_is_matched_once(store: Store) -> None:
    docs = [URIRef(ID + f"doc/{n:04d}") for n in range(6)]
    store.replace_graph(G1, doc_triples(DOC1))
    store.replace_graphs([(ID + f"graph/doc/{n:04d}", doc_triples(doc)) for n, doc in enumerate(docs)])
    assert store.quad_count() == 7 * 8
    assert shared_matches(store) == 1
    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?m <{ELI.is_part_of}> ?d . ?s ?p ?o }}")
    assert isinstance(result, SelectResult)
    assert int(str(result.rows[0]["n"])) == 7 * len(set().union(*(doc_triples(d) for d in [DOC1, *docs])))


def test_a_shared_triple_stays_while_any_graph_holds_it(store: Store) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    store.replace_graph(G2, doc_triples(DOC2))
    store.replace_graph(G1, doc_triples(DOC1)[:2])  # G1 no longer holds the shared triple; G2 still does
    assert shared_matches(store) == 1
    assert store.query(f"ASK {{ <{DOC1}> <{ELI.id_local}> ?o }}") == AskResult(False)
    store.drop_graph(G2)
    assert shared_matches(store) == 0
    assert triples_of(store) == set(doc_triples(DOC1)[:2])
    store.drop_graph(G1)
    assert triples_of(store) == set()


def test_patch_graph_removes_and_adds_and_keeps_the_union(store: Store) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    store.replace_graph(G2, doc_triples(DOC2))
    title = (DOC1, DCTERMS.title, Literal("新标题", lang="zh"))
    store.patch_graph(G1, remove=[doc_triples(DOC1)[1], SHARED], add=[title, doc_triples(DOC1)[2]])
    assert triples_of(store, G1) == (set(doc_triples(DOC1)) - {doc_triples(DOC1)[1], SHARED}) | {title}
    assert shared_matches(store) == 1  # G2 still holds it, so the union does
    assert store.query(f'ASK {{ <{DOC1}> <{DCTERMS.title}> "吉林省养老服务体系建设方案"@zh }}') == AskResult(False)
    store.patch_graph(G2, remove=[SHARED], add=[])
    assert shared_matches(store) == 0
    store.patch_graph(G2, remove=[], add=[])
    assert triples_of(store) == triples_of(store, G1) | triples_of(store, G2)


def test_replacing_a_graph_writes_the_same_as_dropping_and_adding(store: Store) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    store.replace_graph(G2, doc_triples(DOC2))
    changed = [*doc_triples(DOC1, "另一个标题")[:3], (DOC1, PKO.measureCount, Literal(3))]
    store.replace_graph(G1, changed)
    assert triples_of(store, G1) == set(changed)
    assert triples_of(store) == set(changed) | set(doc_triples(DOC2))
    store.replace_graphs([(G1, doc_triples(DOC1)), (G2, changed)])
    assert triples_of(store, G2) == set(changed)
    assert triples_of(store) == set(changed) | set(doc_triples(DOC1))


def test_replacing_with_no_triples_empties_the_graph(store: Store) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    store.replace_graph(G1, [])
    assert store.graphs() == []
    assert store.quad_count() == 0


# --- queries -------------------------------------------------------------------------------------------


def test_construct_and_ask(store: Store) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    result = store.query(f"CONSTRUCT {{ ?d <{DCTERMS.title}> ?t }} WHERE {{ ?d <{DCTERMS.title}> ?t }}")
    assert result == GraphResult([(DOC1, DCTERMS.title, Literal("吉林省养老服务体系建设方案", lang="zh"))])
    assert store.query(f'ASK {{ ?d <{ELI.id_local}> "吉民发〔2025〕20号" }}') == AskResult(True)
    assert store.query(f'ASK {{ ?d <{ELI.id_local}> "吉民发〔2025〕21号" }}') == AskResult(False)


def test_unbound_variables_are_none(store: Store) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    result = store.query(f"SELECT ?d ?missing WHERE {{ ?d a <{PKO.PolicyDocument}> "
                         "OPTIONAL { ?d <urn:x:none> ?missing } }")
    assert result == SelectResult(["d", "missing"], [{"d": DOC1, "missing": None}])


def test_chinese_and_typed_literals_round_trip_exactly(store: Store) -> None:
    tricky = ['引号"与反斜杠\\', "换行\n制表\t回车\r", "emoji 😀", "\\u0022 stays literal", "'单引号'"]
    subject = URIRef(ID + "doc/cccc")
    written = [(subject, PKO.text, Literal(t)) for t in tricky] + doc_triples(subject)
    store.replace_graph(G1, written)
    read = triples_of(store)
    assert read == set(written)
    values = {o: o for _, _, o in read}
    assert values[Literal("2025-05-12", datatype=XSD_DATE)].value == datetime.date(2025, 5, 12)
    assert values[Literal("80.5", datatype=XSD_DECIMAL)].value == Decimal("80.5")
    assert values[Literal("12", datatype=XSD_INTEGER)].value == 12
    assert values[Literal("吉林省养老服务体系建设方案", lang="zh")].language == "zh"


def test_numbers_come_back_in_canonical_form(store: Store) -> None:
    store.replace_graph(G1, [(DOC1, SCHEMA.value, Literal("80.0", datatype=XSD_DECIMAL)),
                             (DOC1, PKO.rank, Literal("007", datatype=XSD_INTEGER))])
    objects = {o for _, _, o in triples_of(store)}
    assert objects == {Literal("80", datatype=XSD_DECIMAL), Literal("7", datatype=XSD_INTEGER)}


def test_blank_nodes_are_stored(store: Store) -> None:
    node = BNode("not a valid label!")
    store.replace_graph(G1, [(DOC1, PKO.hasTarget, node), (node, PKO.deadlineText, Literal("2029年底前"))])
    result = store.query(f"SELECT ?t WHERE {{ <{DOC1}> <{PKO.hasTarget}> ?b . ?b <{PKO.deadlineText}> ?t }}")
    assert isinstance(result, SelectResult)
    assert result.rows == [{"t": Literal("2029年底前")}]


def test_malformed_query_raises_query_error_with_the_position(store: Store) -> None:
    with pytest.raises(QueryError) as caught:
        store.query("SELECT * WHERE { ?s ?p }")
    assert "invalid SPARQL query" in caught.value.message
    assert "1:25" in caught.value.message
    assert "expected" in caught.value.message


def test_an_update_is_not_accepted_as_a_query(store: Store) -> None:
    with pytest.raises(QueryError):
        store.query(f"INSERT DATA {{ GRAPH <{G1}> {{ <{DOC1}> <{PKO.text}> 'x' }} }}")
    assert store.quad_count() == 0


# --- atomicity -----------------------------------------------------------------------------------------


def test_replace_graph_whose_triples_fail_halfway_leaves_the_old_graph(store: Store) -> None:
    old = doc_triples(DOC1)
    store.replace_graph(G1, old)

    def failing() -> Iterator[Triple]:
        yield from doc_triples(DOC1, title="新标题")[:4]
        raise RuntimeError("extraction failed")

    with pytest.raises(RuntimeError):
        store.replace_graph(G1, failing())
    assert triples_of(store, G1) == set(old)
    assert store.quad_count() == len(old)


def test_replace_graph_with_an_invalid_iri_changes_nothing(store: Store) -> None:
    old = doc_triples(DOC1)
    store.replace_graph(G1, old)
    with pytest.raises(StoreError) as caught:
        store.replace_graph(G1, [*doc_triples(DOC1, "新")[:3], (URIRef("not an iri"), PKO.text, Literal("x"))])
    assert "invalid IRI" in caught.value.message
    assert triples_of(store, G1) == set(old)


# --- export --------------------------------------------------------------------------------------------


def _parsed_size(data: bytes, fmt: str) -> int:
    """Number of quads (dataset formats) or triples (graph formats) rdflib reads from an export."""
    spec = resolve_format(fmt)
    if spec.quads:
        ds = Dataset()
        ds.parse(data=data, format=spec.rdflib_name)
        return len(list(ds.quads()))
    graph = Graph()
    graph.parse(data=data, format=spec.rdflib_name)
    return len(graph)


@pytest.mark.parametrize("fmt", [f.name for f in export_formats()] + ["ttl", "nq", "nt", "json-ld", "rdfxml",
                                                                      "rdf"])
def test_export_parses_back_to_the_same_size(store: Store, fmt: str) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    store.replace_graph(G2, doc_triples(DOC2))  # SHARED is in both graphs: 16 quads, 15 distinct triples
    whole = io.BytesIO()
    store.export(fmt, whole)
    expected = 16 if resolve_format(fmt).quads else 15
    assert _parsed_size(whole.getvalue(), fmt) == expected
    one = io.BytesIO()
    store.export(fmt, one, graph=G2)
    assert _parsed_size(one.getvalue(), fmt) == 8
    if resolve_format(fmt).quads:
        ds = Dataset()
        ds.parse(data=one.getvalue(), format=resolve_format(fmt).rdflib_name)
        assert {str(c) for _, _, _, c in ds.quads()} == {G2}


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_turtle_and_trig_declare_the_policykg_prefixes(store: Store, fmt: str) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    out = io.BytesIO()
    store.export(fmt, out)
    text = out.getvalue().decode("utf-8")
    assert "@prefix pko: <https://w3id.org/policykg/ontology#> ." in text
    assert "pko:PolicyDocument" in text
    assert "吉林省养老服务体系建设方案" in text


def test_export_of_a_missing_graph_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError):
        store.export("turtle", io.BytesIO(), graph=ID + "graph/none")


def test_unknown_format_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError) as caught:
        store.export("yaml", io.BytesIO())
    assert "turtle" in caught.value.message


def test_dataset_holds_every_quad(store: Store) -> None:
    store.replace_graph(G1, doc_triples(DOC1))
    store.replace_graph(G2, doc_triples(DOC2))
    ds = store.dataset()
    assert len(list(ds.quads())) == 16
    assert {str(g.identifier) for g in ds.graphs() if len(g)} == {G1, G2}


# --- the two backends together -------------------------------------------------------------------------


def test_embedded_and_remote_give_identical_answers(tmp_path: Path, oxigraph_server: str) -> None:
    queries = [
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
        f"SELECT ?d ?title ?date WHERE {{ ?d <{DCTERMS.title}> ?title ; <{ELI.date_document}> ?date }} "
        "ORDER BY ?d",
        f"SELECT (SUM(?v) AS ?total) (COUNT(*) AS ?n) WHERE {{ ?m <{SCHEMA.value}> ?v }}",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    ]
    remote = open_store(oxigraph_server, update_url="", gsp_url="", user="", password="")
    for graph in remote.graphs():
        remote.drop_graph(graph)
    with open_store(str(tmp_path / "store")) as embedded, remote:
        for s in (embedded, remote):
            s.replace_graph(G1, doc_triples(DOC1))
            s.replace_graph(G2, doc_triples(DOC2, "长春市养老服务方案"))
        for q in queries:
            answer = embedded.query(q)
            assert isinstance(answer, SelectResult) and answer.rows
            assert remote.query(q) == answer


# --- backend specifics ---------------------------------------------------------------------------------


def test_open_store_picks_the_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "from-setting"))
    with open_store() as s:
        assert isinstance(s, EmbeddedStore)
        assert s.describe() == f"embedded store at {tmp_path / 'from-setting'}"
    remote = open_store("http://127.0.0.1:9/query", user="", password="", update_url="", gsp_url="")
    assert isinstance(remote, RemoteStore)
    assert remote.describe() == "remote store at http://127.0.0.1:9/query"


def test_a_store_written_without_its_default_graph_is_filled_when_opened(tmp_path: Path) -> None:
    import pyoxigraph as ox

    from policykg.kg.terms import to_ox

    old = ox.Store(str(tmp_path / "store"))  # as an earlier policykg wrote it: named graphs only
    for graph, doc in ((G1, DOC1), (G2, DOC2)):
        old.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(graph)) for s, p, o in doc_triples(doc))
    del old
    store = EmbeddedStore(tmp_path / "store")
    try:
        assert triples_of(store) == set(doc_triples(DOC1)) | set(doc_triples(DOC2))
        assert shared_matches(store) == 1
        assert store.quad_count() == 16
        store.drop_graph(G1)
        assert triples_of(store) == set(doc_triples(DOC2))
    finally:
        store.close()


def test_embedded_store_in_use_is_a_clear_store_error(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "store")):
        with pytest.raises(StoreError) as caught:
            open_store(str(tmp_path / "store"))
        assert "in use by another process" in caught.value.message
    with open_store(str(tmp_path / "store")) as again:  # close() released the lock
        assert again.graphs() == []


def test_unreachable_remote_store_is_a_store_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound but not listening: connections are refused
        port = sock.getsockname()[1]
        store = open_store(f"http://127.0.0.1:{port}", update_url="", gsp_url="", user="", password="")
        store.retry_delays = (0.05, 0.05)
        with pytest.raises(StoreError) as caught:
            store.graphs()
    assert f"cannot reach the remote store at http://127.0.0.1:{port}/query" in caught.value.message
    assert "tried 3 times" in caught.value.message


def test_remote_without_graph_store_protocol(oxigraph_server: str) -> None:
    store = RemoteStore(oxigraph_server)
    store.endpoints = Endpoints(store.endpoints.query, store.endpoints.update, "")
    for graph in store.graphs():
        store.drop_graph(graph)
    store.replace_graph(G1, doc_triples(DOC1))
    store.replace_graph(G1, doc_triples(DOC1))
    assert triples_of(store) == set(doc_triples(DOC1))
    out = io.BytesIO()
    store.export("nquads", out, graph=G1)
    assert _parsed_size(out.getvalue(), "nquads") == 8


@pytest.mark.parametrize(("url", "expected"), [
    ("http://h:7878", ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")),
    ("http://h:7878/", ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")),
    ("http://h:7878/query", ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")),
    ("https://h/fuseki/ds/sparql", ("https://h/fuseki/ds/sparql", "https://h/fuseki/ds/update",
                                    "https://h/fuseki/ds/data")),
    ("http://h:3030/ds/query", ("http://h:3030/ds/query", "http://h:3030/ds/update", "http://h:3030/ds/data")),
    ("http://h/endpoint", ("http://h/endpoint", "http://h/endpoint", "")),
])
def test_derive_endpoints(url: str, expected: tuple[str, str, str]) -> None:
    assert derive_endpoints(url) == Endpoints(*expected)


def test_explicit_endpoints_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKG_UPDATE_URL", "http://h/u")
    store = open_store("http://h:7878", gsp_url="http://h/g")
    assert isinstance(store, RemoteStore)
    assert store.endpoints == Endpoints("http://h:7878/query", "http://h/u", "http://h/g")


def test_format_table() -> None:
    assert [f.name for f in export_formats()] == ["turtle", "trig", "nquads", "ntriples", "jsonld", "xml"]
    assert resolve_format("TTL").media_type == "text/turtle"
    assert resolve_format("json-ld").extension == "jsonld"
    assert resolve_format("rdfxml").name == resolve_format("rdf").name == "xml"
    assert resolve_format("application/n-quads").name == "nquads"


# --- results rendering ---------------------------------------------------------------------------------

AGENCY = URIRef(ID + "agency/cn-jl-civil-affairs")
RESULT = SelectResult(
    ["s", "label", "n"],
    [
        {"s": AGENCY, "label": Literal("吉林省民政厅", lang="zh"), "n": Literal("12", datatype=XSD_INTEGER)},
        {"s": BNode("b0"), "label": Literal('a, "quoted"\tvalue'), "n": None},
    ],
)


def test_sparql_json_select() -> None:
    assert to_sparql_json(RESULT) == {
        "head": {"vars": ["s", "label", "n"]},
        "results": {"bindings": [
            {"s": {"type": "uri", "value": str(AGENCY)},
             "label": {"type": "literal", "value": "吉林省民政厅", "xml:lang": "zh"},
             "n": {"type": "literal", "value": "12", "datatype": str(XSD_INTEGER)}},
            {"s": {"type": "bnode", "value": "b0"},
             "label": {"type": "literal", "value": 'a, "quoted"\tvalue'}},
        ]},
    }
    json.dumps(to_sparql_json(RESULT))


def test_sparql_json_ask_and_graph() -> None:
    assert to_sparql_json(AskResult(True)) == {"head": {}, "boolean": True}
    with pytest.raises(QueryError):
        to_sparql_json(GraphResult([]))


def test_csv_follows_the_w3c_format() -> None:
    out = io.StringIO()
    write_csv(RESULT, out)
    assert out.getvalue() == (
        "s,label,n\r\n"
        f"{AGENCY},吉林省民政厅,12\r\n"
        '_:b0,"a, ""quoted""\tvalue",\r\n'
    )


def test_tsv_follows_the_w3c_format() -> None:
    out = io.StringIO()
    write_tsv(RESULT, out)
    assert out.getvalue() == (
        "?s\t?label\t?n\n"
        f'<{AGENCY}>\t"吉林省民政厅"@zh\t"12"^^<{XSD_INTEGER}>\n'
        '_:b0\t"a, \\"quoted\\"\\tvalue"\t\n'
    )


def test_table_aligns_chinese_text() -> None:
    result = SelectResult(["name", "n"], [
        {"name": Literal("吉林省民政厅"), "n": Literal("1")},
        {"name": Literal("abc"), "n": Literal("22")},
    ])
    assert to_table(result) == (
        "name          n\n"
        "------------  --\n"
        "吉林省民政厅  1\n"
        "abc           22\n"
        "(2 rows)\n"
    )
    lines = to_table(RESULT, prefixes={"agency": ID + "agency/"}).splitlines()
    starts = {display_width(line[: line.index(word)]) for line, word in
              zip(lines[2:4], ["吉林省民政厅", "a,"], strict=True)}
    assert len(starts) == 1
    assert lines[2].startswith("agency:cn-jl-civil-affairs")


def test_table_truncates_long_cells_and_shows_ask() -> None:
    long = SelectResult(["text"], [{"text": Literal("长" * 100)}])
    line = to_table(long, max_width=21).splitlines()[2]
    assert display_width(line) <= 21 and line.endswith("…")
    assert to_table(AskResult(False)).splitlines()[2] == "false"


def test_term_to_text() -> None:
    assert term_to_text(AGENCY) == str(AGENCY)
    assert term_to_text(Literal("吉林", lang="zh")) == "吉林"
    assert term_to_text(BNode("x")) == "_:x"
    assert term_to_text(None) == ""


def test_write_graph_serialises_with_rdflib() -> None:
    out = io.BytesIO()
    write_graph(GraphResult(doc_triples(DOC1)), out, "ttl")
    assert b"@prefix pko:" in out.getvalue()
    assert _parsed_size(out.getvalue(), "turtle") == 8
