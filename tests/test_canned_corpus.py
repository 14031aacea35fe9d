"""Every canned query answers on the bundled corpus, with answers checked against the documents."""

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from policykg.kg.canned import bind, get_query, load_queries
from policykg.kg.store import SelectResult, Store, open_store
from policykg.loaders import ids
from policykg.loaders.load import load_document

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "jilin"
MCA = "https://w3id.org/policykg/id/agency/220000/civil-affairs"
HEALTH = "https://w3id.org/policykg/id/agency/220000/health"


@pytest.fixture(scope="module")
def corpus(corpus_store_path: Path) -> Iterator[Store]:
    """The corpus store, opened for this module."""
    with open_store(str(corpus_store_path)) as s:
        yield s


@pytest.fixture(scope="module")
def notice() -> str:
    """IRI of the notice 吉民发〔2025〕20号."""
    return str(load_document(CORPUS / "004_7386dd28cc9d9502.txt").iri)


def ask(store: Store, query_name: str, /, **params: str) -> list[dict[str, str]]:
    """Rows of a canned query as plain strings."""
    result = store.query(bind(get_query(query_name), params))
    assert isinstance(result, SelectResult)
    return [{k: str(v) for k, v in row.items() if v is not None} for row in result.rows]


def test_every_canned_query_answers_on_the_corpus(corpus: Store) -> None:
    queries = load_queries()
    assert len(queries) >= 10
    for name in queries:
        assert ask(corpus, name), f"{name} gave no rows on the corpus"


def test_civil_affairs_leads_16_and_supports_8_measures_of_the_notice(corpus: Store, notice: str) -> None:
    for role, count in (("lead", 16), ("support", 8)):
        rows = [r for r in ask(corpus, "agency_measures", agency=MCA, role=role) if r["document"] == notice]
        assert len(rows) == count
    row = next(r for r in ask(corpus, "document_agencies", document=notice) if r["agency"] == MCA)
    assert (row["leads"], row["supports"], row["total"]) == ("16", "8", "24")


def test_document_agencies_counts_every_responsible_unit_of_the_notice(corpus: Store, notice: str) -> None:
    rows = ask(corpus, "document_agencies", document=notice)
    by_label = {r["agencyLabel"]: (int(r["leads"]), int(r["supports"])) for r in rows}
    assert by_label["吉林省卫生健康委员会"] == (1, 3)
    assert by_label["吉林省司法厅"] == (1, 0)
    assert sum(lead for lead, _ in by_label.values()) == 26  # one lead for each of the 26 measures


def test_document_measures_lists_the_26_measures_in_order(corpus: Store, notice: str) -> None:
    rows = ask(corpus, "document_measures", document=notice)
    assert [r["number"] for r in rows] == [str(i) for i in range(1, 27)]


def test_agency_pairs(corpus: Store) -> None:
    rows = ask(corpus, "agency_pairs", min_shared="4")
    pairs = {frozenset((r["agency1"], r["agency2"])): int(r["shared"]) for r in rows}
    assert pairs[frozenset((MCA, HEALTH))] >= 4  # measures 3, 4, 10, 22 of the notice


def test_targets_by_year(corpus: Store, notice: str) -> None:
    rows = ask(corpus, "targets_by_year", from_year="2029", to_year="2029")
    assert Counter(r["document"] for r in rows)[notice] == 6
    assert {r["value"] for r in rows if r["document"] == notice} == {"100", "80", "50", "70"}


def test_targets_of_agency(corpus: Store) -> None:
    rows = ask(corpus, "targets_of_agency", agency=MCA, role="lead")
    assert any(r["indicator"] == "护理型床位占比" and r["value"] == "70" for r in rows)


def test_most_cited_and_citing_documents(corpus: Store, notice: str) -> None:
    cited = {r["citedTitle"]: int(r["citingDocuments"]) for r in ask(corpus, "most_cited", min_citing="2")}
    assert cited["关于深化养老服务改革发展的意见"] == 2  # the notice and reply 0222
    citing = {r["document"] for r in ask(corpus, "citing_documents", cited_title="养老服务改革发展的意见")}
    assert notice in citing and len(citing) == 2


def test_documents_by_issuer_and_timeline(corpus: Store) -> None:
    assert len({r["document"] for r in ask(corpus, "documents_by_issuer", issuer=MCA)}) == 5
    dates = [r["date"] for r in ask(corpus, "timeline")]
    assert dates == ["2018-05-07", "2023-06-05", "2025-05-12", "2025-06-10", "2025-06-17"]


def test_replies_by_proposal(corpus: Store) -> None:
    rows = ask(corpus, "replies_by_proposal", session="十三届三次")
    assert [(r["proposalNumber"], r["proposalKind"]) for r in rows] == [("W31", "委员提案")]
    everything = ask(corpus, "replies_by_proposal")
    assert {r.get("proposalNumber") for r in everything} == {"0222", "W31", "W145", None}


def test_search_measures_is_a_substring_search(corpus: Store, notice: str) -> None:
    rows = ask(corpus, "search_measures", keyword="助老餐厅")
    assert (notice, "5") in {(r["document"], r["number"]) for r in rows}
    assert all("助老餐厅" in r["description"] for r in rows)


def test_find_agency_and_agency_load(corpus: Store) -> None:
    found = ask(corpus, "find_agency", name="民政厅")
    assert found[0]["agency"] == MCA and found[0]["agencyLabelEn"] == "Department of Civil Affairs of Jilin Province"
    load = {r["agency"]: r for r in ask(corpus, "agency_load", min_measures="1")}
    assert int(load[MCA]["leads"]) >= 16 and int(load[MCA]["supports"]) >= 8


def test_registry_graph_is_separate_from_documents(corpus: Store) -> None:
    assert str(ids.registry_graph()) in corpus.graphs()
