"""The command line on the corpus: ingest, query (inline, file, canned), export, validate, stats, errors."""

import io
import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from policykg.cli import main

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI and capture its standard output."""
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with the corpus ingested through the CLI."""
    path = str(tmp_path_factory.mktemp("cli") / "store")
    code, out = run("--store", path, "ingest", str(CORPUS))
    assert code == 0, out
    assert out.strip().splitlines()[-1].startswith("5 documents, ")
    return path


def test_ingest_twice_keeps_the_quad_count(store_dir: str) -> None:
    before = json.loads(run("--store", store_dir, "stats", "--json")[1])
    assert run("--store", store_dir, "ingest", "--quiet", str(CORPUS))[0] == 0
    after = json.loads(run("--store", store_dir, "stats", "--json")[1])
    assert after == before
    assert before["documents"] == 5


def test_query_inline_with_contract_prefixes(store_dir: str) -> None:
    code, out = run("--store", store_dir, "query", "--format", "json",
                    'SELECT ?n WHERE { ?d eli:id_local ?n }')
    assert code == 0
    values = {b["n"]["value"] for b in json.loads(out)["results"]["bindings"]}
    assert "吉民发〔2025〕20号" in values


def test_query_from_file_as_csv(store_dir: str, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a pko:Measure }", encoding="utf-8")
    code, out = run("--store", store_dir, "query", f"@{rq}", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "n" and int(out.splitlines()[1]) >= 26


def test_canned_query_with_param_as_table(store_dir: str) -> None:
    code, out = run("--store", store_dir, "query", "agency_measures", "--param",
                    "agency=https://w3id.org/policykg/id/agency/220000/civil-affairs", "--param", "role=lead")
    assert code == 0
    assert "吉林省民政厅" in out and "lead" in out


def test_queries_lists_titles_and_parameters() -> None:
    code, out = run("queries")
    assert code == 0 and "agency_measures" in out and "--param agency=" in out


def test_export_turtle_and_nquads(store_dir: str, tmp_path: Path) -> None:
    ttl, nq = tmp_path / "g.ttl", tmp_path / "g.nq"
    assert run("--store", store_dir, "export", "--format", "turtle", "-o", str(ttl))[0] == 0
    assert run("--store", store_dir, "export", "--format", "nquads", "-o", str(nq))[0] == 0
    assert "@prefix pko:" in ttl.read_text(encoding="utf-8")
    assert len(Graph().parse(ttl, format="turtle")) > 1000
    ds = Dataset()
    ds.parse(nq, format="nquads")
    assert len(list(ds.graphs())) >= 7


def test_validate_finds_no_violation_on_the_corpus(store_dir: str) -> None:
    code, out = run("--store", store_dir, "validate")
    assert out.strip().endswith("conforms: no SHACL violations"), out
    assert code == 0


def test_errors_are_one_line_without_traceback(store_dir: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--store", store_dir, "query", "SELECT WHERE {")[0] == 2
    assert run("--store", store_dir, "query", "no_such_canned_query_or_sparql")[0] == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert all(line.startswith("error: ") for line in err.strip().splitlines())


def test_bad_file_exit_code_and_message(store_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    code, _ = run("--store", store_dir, "ingest", str(bad))
    assert code == 1
    assert "error: empty.txt: empty file" in capsys.readouterr().err


def test_help_shows_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("ingest", "query", "export", "validate", "stats", "queries", "serve"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "example" in capsys.readouterr().out
