"""Ingest with worker processes and batched writes: the same report and the same store as one by one, each
document graph whole or absent, and the N-Triples hand-over equal to the loader's triples."""

import io
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from policykg.cli import main
from policykg.errors import StoreError
from policykg.kg import embedded
from policykg.kg.ingest import Prepared, Refused, ingest, prepare, prepare_all
from policykg.kg.store import Store, open_store
from policykg.kg.terms import to_ox
from policykg.loaders.load import load_document
from policykg.loaders.to_rdf import NTriples, nt_term, ntriples
from tests.digests import graph_digests

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
NOTICE = CORPUS / "jilin" / "004_7386dd28cc9d9502.txt"
DOC_GRAPH = "https://w3id.org/policykg/id/graph/doc/"


def store_nquads(store: Store) -> list[bytes]:
    """The whole store as sorted N-Quads lines."""
    out = io.BytesIO()
    store.export("nquads", out)
    return sorted(out.getvalue().splitlines())


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Corpus and fixture documents, two files that are not documents, and one document under two names."""
    folder = tmp_path_factory.mktemp("mixed")
    sources = sorted(CORPUS.rglob("*.txt")) + sorted((FIXTURES / "docs").glob("*.txt"))
    for i, source in enumerate(sources):
        (folder / f"{i:02d}_{source.name}").write_bytes(source.read_bytes())
    (folder / "50_empty.txt").write_bytes(b"")
    (folder / "51_english.txt").write_text("hello world, this is not a policy document at all", encoding="utf-8")
    (folder / "52_copy_of_notice.txt").write_bytes(NOTICE.read_bytes())  # same graph as an earlier file
    return folder


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run the CLI in this process: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stderr
    sys.stderr = err
    try:
        code = main(list(args), out=out)
    finally:
        sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


def test_jobs_give_the_same_report_and_store_as_one_by_one(mixed: Path, tmp_path: Path) -> None:
    reports, contents = [], []
    for jobs in (1, 2):
        with open_store(str(tmp_path / f"store{jobs}")) as store:
            reports.append(ingest(store, [mixed], jobs=jobs))
            contents.append(store_nquads(store))
    serial, parallel = reports
    assert parallel.loaded == serial.loaded and parallel.failed == serial.failed
    assert [Path(f).name for f, _ in serial.failed] == ["50_empty.txt", "51_english.txt"]
    assert len(serial.loaded) == len(list(mixed.iterdir())) - 2
    assert contents[0] == contents[1]


def test_batched_store_equals_the_one_graph_at_a_time_store(mixed: Path, tmp_path: Path) -> None:
    with open_store(str(tmp_path / "batched")) as store:
        ingest(store, [mixed], jobs=2)
        batched = graph_digests(store)
    with open_store(str(tmp_path / "single")) as store:
        for path in sorted(mixed.iterdir()):
            outcome = prepare(path)
            if isinstance(outcome, Prepared):
                store.replace_graph(outcome.graph, load_document(path).triples)
        single = {g: d for g, d in graph_digests(store).items() if g.startswith(DOC_GRAPH)}
    assert {g: d for g, d in batched.items() if g.startswith(DOC_GRAPH)} == single
    # the notice under a second name: its graph holds the later file's name only, as a one-by-one ingest leaves it
    with open_store(str(tmp_path / "batched")) as store:
        doc = load_document(NOTICE)
        rows = store.query(f"SELECT ?f WHERE {{ GRAPH <{doc.graph}> {{ <{doc.iri}> "
                           "<https://w3id.org/policykg/ontology#sourceFile> ?f } }").rows  # type: ignore[union-attr]
        assert [str(r["f"]) for r in rows] == ["52_copy_of_notice.txt"]


def test_cli_prints_the_same_lines_with_jobs(mixed: Path, tmp_path: Path) -> None:
    one = run_cli("--store", str(tmp_path / "a"), "ingest", str(mixed))
    two = run_cli("--store", str(tmp_path / "b"), "ingest", "--jobs", "2", str(mixed))
    assert one == two
    code, out, err = one
    assert code == 1  # two files refused
    assert out.count("\nloaded  ") + out.startswith("loaded  ") == len(list(mixed.iterdir())) - 2
    assert "2 files refused" in out.splitlines()[-1]
    assert err.count("error: ") == 2


def test_cli_rejects_a_bad_jobs_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--store", str(tmp_path / "s"), "ingest", "--jobs", "-1", str(NOTICE)])
    assert "--jobs" in capsys.readouterr().err


def test_prepare_all_keeps_the_order_of_the_files(mixed: Path) -> None:
    files = sorted(mixed.iterdir())
    serial = list(prepare_all(files, jobs=1))
    parallel = list(prepare_all(files, jobs=2))
    assert parallel == serial
    assert [type(o) for o in serial].count(Refused) == 2


def test_ntriples_round_trip_equals_the_loader_triples() -> None:
    for path in [*sorted(CORPUS.rglob("*.txt")), *sorted((FIXTURES / "docs").glob("*.txt"))]:
        triples = load_document(path).triples
        text = ntriples(triples)
        assert len(text) == len(triples) == text.data.count(b"\n")
        assert list(text) == triples  # parsed back: the same terms in the same order
        parsed = [(q.subject, q.predicate, q.object) for q in ox.parse(text.data, format=ox.RdfFormat.N_TRIPLES)]
        assert parsed == [(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]  # what the store's parser reads


def test_nt_term_escapes_and_refuses() -> None:
    assert nt_term(Literal('a"b\\c\nd\te\x01')) == '"a\\"b\\\\c\\nd\\te\\u0001"'
    assert nt_term(Literal("一", lang="zh")) == '"一"@zh'
    assert nt_term(Literal(5)) == '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert nt_term(Literal("x", datatype=URIRef("http://www.w3.org/2001/XMLSchema#string"))) == '"x"'
    with pytest.raises(ValueError, match="invalid IRI"):
        nt_term(URIRef("http://example.org/a b"))
    with pytest.raises(ValueError, match="invalid IRI"):
        ntriples([(URIRef("http://example.org/s"), URIRef("http://example.org/p"), URIRef("http://x/> <y"))])


def _graph(i: int) -> tuple[str, NTriples]:
    """A small test graph."""
    s, p = URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p")
    return f"http://example.org/g{i}", ntriples([(s, p, Literal(f"v{i}")), (s, p, Literal(i))])


def test_replace_graphs_writes_new_and_existing_graphs_exactly(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedded, "BULK_FIRST_BYTES", 100)  # batches of one graph, then of two, four, …
    monkeypatch.setattr(embedded, "BULK_BYTES", 300)
    with open_store(str(tmp_path / "s")) as store:
        store.replace_graphs(_graph(i) for i in range(20))
        assert store.graphs() == sorted(f"http://example.org/g{i}" for i in range(20))
        assert store.quad_count() == 40
        # existing graphs replaced, new ones added, a graph named twice ends as its later version
        later = [(f"http://example.org/g{i}", ntriples([(URIRef("http://example.org/t"), URIRef("http://example.org/p"),
                                                         Literal(f"new{i}"))])) for i in range(15, 25)]
        store.replace_graphs([*later, _graph(30), ("http://example.org/g30", _graph(31)[1])])
        assert store.quad_count("http://example.org/g15") == 1
        assert store.quad_count("http://example.org/g24") == 1
        assert store.quad_count("http://example.org/g30") == 2
        rows = store.query("SELECT ?o WHERE { GRAPH <http://example.org/g30> { ?s ?p ?o } }").rows  # type: ignore
        assert {str(r["o"]) for r in rows} == {"v31", "31"}
        # plain rdflib triples are taken too
        store.replace_graphs([("http://example.org/g40", list(_graph(40)[1]))])
        assert store.quad_count("http://example.org/g40") == 2


def test_replace_graphs_bad_graph_writes_those_before_it(tmp_path: Path) -> None:
    bad = NTriples(b'<http://example.org/s> <http://example.org/p> "unterminated .\n', 1)
    with open_store(str(tmp_path / "s")) as store:
        with pytest.raises(StoreError, match="g3"):
            store.replace_graphs([_graph(1), _graph(2), ("http://example.org/g3", bad), _graph(4)])
        assert store.graphs() == ["http://example.org/g1", "http://example.org/g2"]
        assert store.quad_count() == 4


def test_replace_graphs_error_producing_a_graph_writes_those_before_it(tmp_path: Path) -> None:
    def graphs() -> Iterator[tuple[str, NTriples]]:
        yield _graph(1)
        yield _graph(2)
        raise RuntimeError("reading failed")

    with open_store(str(tmp_path / "s")) as store:
        with pytest.raises(RuntimeError, match="reading failed"):
            store.replace_graphs(graphs())
        assert store.graphs() == ["http://example.org/g1", "http://example.org/g2"]


def test_sigkill_during_a_parallel_ingest_leaves_whole_documents(mixed: Path, tmp_path: Path) -> None:
    folder = tmp_path / "docs"  # without the second copy of the notice, whose graph a kill may leave at the first
    folder.mkdir()
    for path in mixed.iterdir():
        if path.name != "52_copy_of_notice.txt":
            (folder / path.name).write_bytes(path.read_bytes())
    with open_store(str(tmp_path / "clean")) as store:
        ingest(store, [folder])
        reference = graph_digests(store)
    seed = int(os.environ.get("POLICYKG_CRASH_SEED", random.randrange(10**6)))
    store_path = tmp_path / "store"
    cmd = [sys.executable, "-m", "policykg.cli", "--store", str(store_path), "ingest", "--jobs", "2", str(folder)]
    for delay in (random.Random(seed).uniform(1.5, 4.0), 0.0):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if delay:
            time.sleep(delay)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
        proc.wait(120)
        with open_store(str(store_path)) as store:
            found = graph_digests(store)
        for graph in (g for g in found if g.startswith(DOC_GRAPH)):
            assert found[graph] == reference[graph], f"seed {seed}: graph {graph} differs from a clean ingest"
    assert proc.returncode == 1  # the two refused files
    assert found == reference, f"seed {seed}: the rerun did not complete the store"
