"""Ingest of the corpus on both backends: counts, idempotence, bad files refused without a trace."""

from pathlib import Path

import pytest

from policykg.kg.ingest import collect_files, ingest
from policykg.kg.stats import store_stats
from policykg.kg.store import SelectResult, Store
from policykg.loaders import ids
from policykg.loaders.load import load_document

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NOTICE = CORPUS / "jilin" / "004_7386dd28cc9d9502.txt"


def _all_quads(store: Store) -> set[tuple[str, str, str, str]]:
    """Every quad of the store as text (for exact comparisons)."""
    result = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(result, SelectResult)
    return {tuple(r[v].n3() for v in ("g", "s", "p", "o")) for r in result.rows}  # type: ignore[misc]


def test_collect_files_recurses_and_sorts(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "y.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in collect_files([tmp_path])] == ["a.txt", "b/x.txt"]


def test_corpus_ingests_and_reingest_changes_nothing(store: Store) -> None:
    report = ingest(store, [CORPUS])
    assert report.failed == []
    assert len(report.loaded) == 5
    before = _all_quads(store)
    stats = store_stats(store)
    assert stats["documents"] == 5 and stats["replies"] == 4
    assert stats["measures"] == sum(d.measures for d in report.loaded)
    ingest(store, [CORPUS])
    assert _all_quads(store) == before
    assert store.quad_count() == len(before)


def test_document_graph_holds_exactly_the_loader_output(store: Store) -> None:
    ingest(store, [NOTICE])
    doc = load_document(NOTICE)
    assert store.quad_count(str(doc.graph)) == len(doc.triples)
    assert str(ids.registry_graph()) in store.graphs()
    assert str(ids.ontology_graph()) in store.graphs()


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b"   \n\n  ", "empty file"),
    (b"\x00\x01\x02binary\x00data" * 50, "binary file"),
    (b"\xff\xfe\xfa\xfb" * 100, "cannot decode"),
    (b"hello world, this is not a policy document at all", "not a policy document"),
])
def test_bad_files_are_refused_and_leave_the_store_unchanged(
    store: Store, tmp_path: Path, content: bytes, reason: str
) -> None:
    ingest(store, [NOTICE])
    before = _all_quads(store)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    report = ingest(store, [bad, NOTICE])
    assert len(report.loaded) == 1
    assert len(report.failed) == 1
    _file, message = report.failed[0]
    assert message.startswith("bad.txt: ") and reason in message
    assert _all_quads(store) == before


def test_gb18030_text_loads_like_utf8(tmp_path: Path) -> None:
    text = NOTICE.read_text(encoding="utf-8")
    gbk = tmp_path / "notice-gbk.txt"
    gbk.write_bytes(text.encode("gb18030"))
    a, b = load_document(NOTICE), load_document(gbk)
    assert a.facts.metadata == b.facts.metadata
    assert [m.text for m in a.facts.measures] == [m.text for m in b.facts.measures]


def test_embedded_and_remote_give_the_same_answers(oxigraph_server: str, tmp_path: Path) -> None:
    from policykg.kg.canned import bind, get_query, load_queries
    from policykg.kg.store import open_store

    remote = open_store(oxigraph_server, update_url="", gsp_url="", user="", password="")
    for graph in remote.graphs():
        remote.drop_graph(graph)
    with open_store(str(tmp_path / "store")) as embedded, remote:
        for s in (embedded, remote):
            ingest(s, [CORPUS])
            ingest(s, [CORPUS])  # re-ingest: same answers
        assert embedded.quad_count() == remote.quad_count()
        for name in load_queries():
            sparql = bind(get_query(name), {})
            a, b = embedded.query(sparql), remote.query(sparql)
            assert isinstance(a, SelectResult) and isinstance(b, SelectResult)
            assert a.rows == b.rows, name
        assert store_stats(embedded) == store_stats(remote)
