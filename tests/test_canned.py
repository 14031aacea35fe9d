"""Canned queries: headers, parsing, safe parameter binding, and a concrete answer per query on a sample."""

import re
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store
from rdflib.plugins.sparql import prepareQuery

from kg.canned import (
    PARAM_TYPES,
    CannedQuery,
    Param,
    bind,
    get_query,
    load_queries,
    parse_header,
    parse_query,
    render,
)
from policykg.errors import QueryError
from policykg.kg.embedded import EmbeddedStore
from policykg.kg.summary import rebuild_summary_graph
from policykg.kg.terms import triple_from_ox
from policykg.loaders import ids

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = Path(__file__).parent / "data" / "canned_sample.trig"
ID = "https://w3id.org/policykg/id/"
NOTICE = ID + "doc/83fdeee7b1d986e9"
REPLY = ID + "doc/69210464b4bd998f"
CIVIL = ID + "agency/220000/civil-affairs"
FINANCE = ID + "agency/220000/finance"
HEALTH = ID + "agency/220000/health"
HRSS = ID + "agency/220000/human-resources"
EDUCATION = ID + "agency/220000/education"
CITIES = ID + "collective/c-cities"
AGING = ID + "agency/unresolved/u-aging"
OPINION = ID + "work/w-opinion"
SILVER = ID + "work/w-silver"

QUERIES = load_queries()
REQUIRED = {"agency_measures", "document_agencies", "agency_pairs", "targets_by_year", "most_cited",
            "citing_documents", "documents_by_issuer", "replies_by_proposal", "search_measures", "timeline",
            "agency_load", "targets_of_agency"}


def rows(store: Store, sparql: str) -> list[dict[str, str]]:
    """Solutions of a SELECT as dicts of plain strings (unbound variables left out)."""
    result = store.query(sparql, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in result]


def run(store: Store, query: str, /, **values: str) -> list[dict[str, str]]:
    """Rows of a canned query bound with the given values."""
    return rows(store, bind(QUERIES[query], values))


def with_summary(raw: Store, folder: Path) -> Store:
    """The raw store plus the summary graph that ingest derives (computed on an embedded copy in ``folder``)."""
    copy = EmbeddedStore(folder)
    for graph in {q.graph_name for q in raw if not isinstance(q.graph_name, DefaultGraph)}:
        copy.replace_graph(graph.value, [triple_from_ox(q) for q in raw.quads_for_pattern(None, None, None, graph)])
    rebuild_summary_graph(copy)
    summary = NamedNode(str(ids.summary_graph()))
    raw.extend(list(copy.ox_store.quads_for_pattern(None, None, None, summary)))
    copy.close()
    return raw


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The hand-written sample: a notice and a reply in their named graphs, the registry graph, and the
    summary graph derived from them."""
    store = Store()
    store.load(path=str(SAMPLE), format=RdfFormat.TRIG)
    return with_summary(store, tmp_path_factory.mktemp("sample") / "store")


# ------------------------------------------------------------------ the query files


def test_enough_queries_and_the_required_ones() -> None:
    assert len(QUERIES) >= 12
    assert set(QUERIES) >= REQUIRED


def test_default_folder_is_the_package_data() -> None:
    on_disk = {p.stem for p in (ROOT / "queries").glob("*.rq")}
    assert set(QUERIES) == on_disk
    assert load_queries(ROOT / "queries") == QUERIES


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_is_complete(name: str) -> None:
    q = QUERIES[name]
    assert q.name == name
    assert q.path is not None and q.path.name == f"{name}.rq"
    assert re.search(r"[\u4e00-\u9fff]", q.title_zh), "title: must be Chinese"
    assert q.title_en and q.title_en.isascii()
    assert len(q.description) > 20
    raw = q.path.read_text(encoding="utf-8")
    assert raw.startswith("# title: ")
    for p in q.params:
        assert p.type in PARAM_TYPES
        assert p.help and p.default
        assert re.search(rf"\?{p.name}\b", q.sparql)
    # the header is stripped from the SPARQL, the contract prefixes are declared
    assert not q.sparql.lstrip().startswith("#")
    assert "PREFIX pko: <https://w3id.org/policykg/ontology#>" in q.sparql or "pko:" not in q.sparql


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_bound_query_parses_and_runs_on_empty_store(name: str) -> None:
    sparql = bind(QUERIES[name], {})
    prepareQuery(sparql)  # rdflib's parser accepts it too
    result = Store().query(sparql, use_default_graph_as_union=True)
    assert list(result) == []
    assert "VALUES" in sparql if QUERIES[name].params else True


def test_parse_header_reads_fields_and_params() -> None:
    text = ("# title: 某机构牵头与配合的措施\n"
            "# title@en: Measures an agency leads or supports\n"
            "# description: Every measure for which the agency is responsible.\n"
            "# param: agency iri https://w3id.org/policykg/id/agency/220000/civil-affairs — the agency (IRI)\n"
            "# param: role string any — lead, support or any\n"
            "# param: phrase string 养老 服务 — a default with a space\n"
            "PREFIX pko: <https://w3id.org/policykg/ontology#>\nSELECT * WHERE { ?agency ?role ?phrase }\n")
    meta, params = parse_header(text)
    assert meta == {"title": "某机构牵头与配合的措施", "title@en": "Measures an agency leads or supports",
                    "description": "Every measure for which the agency is responsible."}
    assert params == (Param("agency", "iri", ID + "agency/220000/civil-affairs", "the agency (IRI)"),
                      Param("role", "string", "any", "lead, support or any"),
                      Param("phrase", "string", "养老 服务", "a default with a space"))


@pytest.mark.parametrize("header, message", [
    ("# title: 标题\n# title@en: T\n", "description"),
    ("# title@en: T\n# description: d\n", "title"),
    ("# title: 标题\n# title@en: T\n# description: d\n# param: x float 1 — help\n", "unknown type"),
    ("# title: 标题\n# title@en: T\n# description: d\n# param: x integer one — help\n", "not an integer"),
    ("# title: 标题\n# title@en: T\n# description: d\n# param: x integer 1\n", "name type default"),
    ("# title: 标题\n# title@en: T\n# description: d\n# param: y integer 1 — help\n", "not used"),
    ("# title: 标题\n# title@en: T\n# description: d\n# param: x integer 1 — a\n# param: x integer 2 — b\n",
     "twice"),
])
def test_bad_headers_are_rejected(header: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query("bad", header + "SELECT ?x WHERE { ?x ?p ?o }\n")


# ------------------------------------------------------------------ binding: types and errors


def test_terms_are_typed() -> None:
    q = parse_query("typed", "# title: 类型\n# title@en: Types\n# description: every parameter type once.\n"
                    "# param: i iri urn:example:a — iri\n# param: s string x — string\n"
                    "# param: n integer 3 — integer\n# param: d decimal 2.5 — decimal\n"
                    "# param: day date 2025-05-12 — date\n# param: y year 2029 — year\n"
                    "SELECT ?i ?s ?n ?d ?day ?y WHERE { }\n")
    sparql = bind(q, {"n": "-7", "d": "80", "y": "2030", "s": "any"})
    assert "VALUES ?i { <urn:example:a> }" in sparql
    assert 'VALUES ?s { "any" }' in sparql
    (row,) = list(Store().query(sparql))
    assert row["i"] == NamedNode("urn:example:a")
    assert row["s"] == Literal("any")
    assert row["n"] == Literal("-7", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert row["d"].datatype.value.endswith("#decimal") and float(row["d"].value) == 80
    assert row["day"] == Literal("2025-05-12", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    assert row["y"].datatype.value.endswith("#integer") and row["y"].value == "2030"
    # missing or empty values take the default
    (row,) = list(Store().query(bind(q, {"n": "", "day": None})))
    assert row["n"].value == "3" and row["day"].value == "2025-05-12"


@pytest.mark.parametrize("value", [
    "not an iri", "cn-jl-civil-affairs", "ftp://example.org/x", "https://example.org/a b",
    "https://example.org/a>b", "<https://example.org/a>", 'https://example.org/"x', "https://example.org/{x}",
    "https://example.org/a|b", "https://example.org/a^b", "https://example.org/a`b", "https://example.org/a\\b",
    "https://example.org/> } ; DROP ALL ; {", "https://", "urn:x", "javascript:alert(1)",
])
def test_bad_iri_is_refused(value: str) -> None:
    with pytest.raises(QueryError, match="IRI"):
        bind(QUERIES["agency_measures"], {"agency": value})


@pytest.mark.parametrize("name, param, value", [
    ("agency_load", "min_measures", "1.5"),
    ("agency_load", "min_measures", "1 } ; DROP ALL ; {"),
    ("agency_load", "min_measures", "abc"),
    ("agency_pairs", "min_shared", "0x10"),
    ("targets_by_year", "from_year", "25"),
    ("targets_by_year", "to_year", "2029-12-31"),
    ("timeline", "from_date", "2025-13-01"),
    ("timeline", "to_date", "2025/05/12"),
    ("timeline", "to_date", '2025-05-12"'),
])
def test_bad_typed_values_are_refused(name: str, param: str, value: str) -> None:
    with pytest.raises(QueryError, match=param):
        bind(QUERIES[name], {param: value})


def test_bad_decimal_is_refused() -> None:
    q = parse_query("dec", "# title: 小数\n# title@en: D\n# description: a decimal parameter.\n"
                    "# param: d decimal 1.0 — a decimal\nSELECT ?d WHERE { }\n")
    for bad in ("1e3", "NaN", "1,5", "1.0 } {"):
        with pytest.raises(QueryError, match="decimal"):
            bind(q, {"d": bad})
    assert "1.25" in bind(q, {"d": " 1.25 "})


def test_unknown_parameter_is_refused() -> None:
    with pytest.raises(QueryError, match="no parameter nope"):
        bind(QUERIES["search_measures"], {"keyword": "养老", "nope": "x"})


def test_unknown_query_is_refused_with_the_known_names() -> None:
    with pytest.raises(QueryError, match=r"no canned query named 'nope'; known: .*search_measures"):
        get_query("nope")
    assert get_query("timeline") == QUERIES["timeline"]
    assert render("timeline", {"from_date": "2025-01-01"}) == bind(QUERIES["timeline"], {"from_date": "2025-01-01"})


def test_query_error_is_a_400() -> None:
    with pytest.raises(QueryError) as info:
        get_query("nope")
    assert info.value.status == 400 and info.value.to_dict()["error"] == "bad-query"


# ------------------------------------------------------------------ binding is injection-safe

NASTY = ['a" . } ; DROP ALL ; {', "}#", "x\ny", "C:\\temp", "\\n", "it's", '""" } """', "'''{'''", "#{\r\n}"]
DECOYS = ["a . } ; DROP ALL ; {", 'a\\" . } ; DROP ALL ; {', "}", "#", "x y", "xy", "x\\y", "C:temp",
          "C:\\\\temp", "n", "its", "it\\'s", '"" } ""', "{", "#{\n}"]


@pytest.fixture(scope="module")
def nasty_store() -> Store:
    """Measures whose descriptions are exactly the nasty strings and near-miss decoys."""
    store = Store()
    pko = "https://w3id.org/policykg/ontology#"
    graph = NamedNode(ID + "graph/doc/nasty")
    for i, text in enumerate(NASTY + DECOYS):
        m = NamedNode(f"{ID}doc/nasty/measure/{i}")
        store.add(Quad(m, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), NamedNode(pko + "Measure"),
                       graph))
        store.add(Quad(m, NamedNode("http://purl.org/dc/terms/description"), Literal(text, language="zh"), graph))
        store.add(Quad(m, NamedNode("http://data.europa.eu/eli/ontology#number"), Literal(str(i)), graph))
    return store


@pytest.mark.parametrize("index", range(len(NASTY)))
def test_search_finds_the_nasty_string_and_only_it(nasty_store: Store, index: int) -> None:
    value = NASTY[index]
    before = len(nasty_store)
    found = run(nasty_store, "search_measures", keyword=value)
    assert [r["description"] for r in found] == [value]
    assert found[0]["measure"] == f"{ID}doc/nasty/measure/{index}"
    assert len(nasty_store) == before
    assert nasty_store.contains_named_graph(NamedNode(ID + "graph/doc/nasty"))


def test_nasty_values_are_serialised_as_one_literal() -> None:
    plain = QUERIES["search_measures"].sparql
    pos = plain.index("WHERE {") + len("WHERE {")
    for value in NASTY:
        sparql = bind(QUERIES["search_measures"], {"keyword": value})
        block = sparql[pos:pos + len(sparql) - len(plain)]
        assert sparql[:pos] + sparql[pos + len(block):] == plain  # only the VALUES block was added
        assert block.startswith("\n  VALUES ?keyword {") and block.endswith(" }")
        assert '"' not in value or value not in sparql  # quotes are escaped, never pasted raw
        prepareQuery(sparql)
        (row,) = list(Store().query("SELECT ?keyword WHERE {" + block + "\n}"))
        assert row["keyword"] == Literal(value)


# ------------------------------------------------------------------ where the VALUES block lands

TRICKY = '''# title: 陷阱
# title@en: Traps
# description: braces in strings and comments, "#" in IRIs, before the real WHERE group.
# param: kw string 养老 — keyword
PREFIX ex: <http://example.org/a#>
# a comment mentioning WHERE { and }
SELECT ?s ?label (CONCAT("WHERE {", STR(?kw), '}', """{ WHERE""", \'\'\'}\'\'\') AS ?echo) ?where
       (IF(1 < 2, "{", "}") AS ?cmp) (STR(<http://example.org/x#>) AS ?iri) WHERE  # the real one is next: {
{
  { SELECT ?s ?where WHERE { ?s ex:WHERE ?where . ?s ex:p "WHERE { not here }" } }
  ?s ex:label ?label .
  FILTER(CONTAINS(?label, ?kw))
}
ORDER BY ?s
'''


def test_values_block_lands_inside_the_outer_where_group() -> None:
    q = parse_query("tricky", TRICKY)
    sparql = bind(q, {"kw": "x"})
    brace = q.sparql.index("\n{\n") + 2
    assert sparql[:brace] == q.sparql[:brace]
    assert sparql[brace:].startswith('\n  VALUES ?kw { "x" }\n')
    assert sparql[brace:].replace('\n  VALUES ?kw { "x" }', "", 1) == q.sparql[brace:]
    prepareQuery(sparql)


def test_tricky_query_runs_with_the_bound_value() -> None:
    q = parse_query("tricky", TRICKY)
    store = Store()
    for s, label in (("a", "养老服务"), ("b", "医疗")):
        node = NamedNode("http://example.org/" + s)
        store.add(Quad(node, NamedNode("http://example.org/a#WHERE"), Literal("w" + s), DefaultGraph()))
        store.add(Quad(node, NamedNode("http://example.org/a#p"), Literal("WHERE { not here }"), DefaultGraph()))
        store.add(Quad(node, NamedNode("http://example.org/a#label"), Literal(label), DefaultGraph()))
    found = rows(store, bind(q, {}))
    assert found == [{"s": "http://example.org/a", "label": "养老服务", "where": "wa",
                      "echo": "WHERE {养老}{ WHERE}", "cmp": "{",
                      "iri": "http://example.org/x#"}]
    assert rows(store, bind(q, {"kw": "医"}))[0]["s"] == "http://example.org/b"


def test_query_without_where_group_cannot_take_params() -> None:
    head = "# title: 无\n# title@en: None\n# description: no WHERE keyword at the top level.\n"
    with pytest.raises(QueryError, match="WHERE"):
        parse_query("nowhere", head + "# param: s string x — s\nSELECT ?s { ?s ?p ?s } # WHERE {\n")
    q = parse_query("noparams", head + "SELECT ?s { ?s ?p ?o }\n")
    assert bind(q, {}) == q.sparql
    with pytest.raises(QueryError, match="no parameter s"):
        bind(q, {"s": "x"})


def test_load_queries_from_a_folder(tmp_path: Path) -> None:
    (tmp_path / "tricky.rq").write_text(TRICKY, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a query", encoding="utf-8")
    loaded = load_queries(tmp_path)
    assert list(loaded) == ["tricky"]
    q = loaded["tricky"]
    assert isinstance(q, CannedQuery) and q.title_zh == "陷阱" and q.path == tmp_path / "tricky.rq"
    assert q.params == (Param("kw", "string", "养老", "keyword"),)
    assert q.to_dict()["params"][0]["default"] == "养老"
    with pytest.raises(QueryError, match="no canned query named 'agency_load'; known: tricky"):
        get_query("agency_load", tmp_path)
    (tmp_path / "broken.rq").write_text("# title: 坏\nSELECT * WHERE {}\n", encoding="utf-8")
    with pytest.raises(QueryError, match="canned query broken: header lacks"):
        load_queries(tmp_path)


# ------------------------------------------------------------------ every query on the sample


def _pick(found: list[dict[str, str]], *keys: str) -> list[tuple[str, ...]]:
    """The given columns of each row, as tuples (missing values as "")."""
    return [tuple(r.get(k, "") for k in keys) for r in found]


def test_agency_measures(sample: Store) -> None:
    found = run(sample, "agency_measures")  # default: 吉林省民政厅, any role
    assert _pick(found, "measureRole", "document", "number") == [
        ("lead", NOTICE, "1"), ("lead", NOTICE, "2"), ("support", NOTICE, "10"), ("lead", REPLY, "1")]
    assert {r["agencyLabel"] for r in found} == {"吉林省民政厅"}
    assert found[0]["documentTitle"] == "关于深化养老服务改革发展的若干措施"
    assert len(run(sample, "agency_measures", role="lead")) == 3
    assert _pick(run(sample, "agency_measures", role="support"), "number") == [("10",)]
    assert _pick(run(sample, "agency_measures", agency=FINANCE, role="lead"), "number") == []
    assert len(run(sample, "agency_measures", agency=FINANCE, role="SUPPORT")) == 2


def test_agency_load(sample: Store) -> None:
    found = run(sample, "agency_load")
    assert _pick(found, "agency", "leads", "supports", "total", "documents") == [
        (CIVIL, "3", "1", "4", "2"), (HEALTH, "1", "1", "2", "1"), (FINANCE, "0", "2", "2", "1"),
        (CITIES, "1", "0", "1", "1"), (HRSS, "1", "0", "1", "1"), (AGING, "0", "1", "1", "1")]
    assert found[0]["agencyLabel"] == "吉林省民政厅"
    assert found[0]["agencyLabelEn"] == "Department of Civil Affairs of Jilin Province"
    assert _pick(run(sample, "agency_load", min_measures="2"), "agency") == [(CIVIL,), (HEALTH,), (FINANCE,)]


def test_document_agencies(sample: Store) -> None:
    found = run(sample, "document_agencies")  # default: the notice
    assert _pick(found, "agency", "agencyLabel", "issuer", "leads", "supports", "total") == [
        (CIVIL, "吉林省民政厅", "true", "2", "1", "3"), (HEALTH, "吉林省卫生健康委员会", "false", "1", "1", "2"),
        (FINANCE, "吉林省财政厅", "true", "0", "2", "2"), (CITIES, "各市（州）人民政府", "false", "1", "0", "1"),
        (AGING, "省老龄办", "false", "0", "1", "1"), (EDUCATION, "吉林省教育厅", "false", "0", "0", "0")]
    reply = run(sample, "document_agencies", document=REPLY)
    assert _pick(reply, "agency", "leads", "supports") == [(CIVIL, "1", "0"), (HRSS, "1", "0"), (FINANCE, "0", "0")]


def test_agency_pairs(sample: Store) -> None:
    found = run(sample, "agency_pairs")
    assert _pick(found, "agency1", "agency2", "shared", "ledByPair", "documents") == [
        (CIVIL, HEALTH, "2", "2", "1"), (CIVIL, FINANCE, "2", "2", "1"), (FINANCE, HEALTH, "1", "0", "1"),
        (AGING, CITIES, "1", "1", "1")]
    assert _pick(found[:1], "agency1Label", "agency2Label") == [("吉林省民政厅", "吉林省卫生健康委员会")]
    assert len(run(sample, "agency_pairs", min_shared="2")) == 2


def test_targets_by_year(sample: Store) -> None:
    found = run(sample, "targets_by_year")
    assert _pick(found, "year", "value", "unit", "comparator", "document", "number") == [
        ("2025", "1000", "个", ">=", NOTICE, "2"), ("2025", "1000", "个", ">=", REPLY, "1"),
        ("2029", "80", "%", ">=", NOTICE, "1")]
    assert found[2]["indicator"] == "区域养老服务中心乡镇覆盖率"
    assert _pick(run(sample, "targets_by_year", from_year="2026"), "year") == [("2029",)]
    assert run(sample, "targets_by_year", to_year="2024") == []


def test_targets_of_agency(sample: Store) -> None:
    found = run(sample, "targets_of_agency")
    assert _pick(found, "measureRole", "deadline", "value", "number") == [
        ("lead", "2025-12-31", "1000", "2"), ("lead", "2025-12-31", "1000", "1"), ("lead", "2029-12-31", "80", "1"),
        ("support", "", "100", "10")]
    assert _pick(run(sample, "targets_of_agency", agency=HEALTH, role="lead"), "indicator") == [
        ("养老机构医疗服务能力覆盖率",)]
    assert run(sample, "targets_of_agency", agency=FINANCE, role="lead") == []


def test_most_cited(sample: Store) -> None:
    found = run(sample, "most_cited")
    assert _pick(found, "cited", "citedTitle", "citingDocuments") == [
        (OPINION, "中共中央 国务院关于深化养老服务改革发展的意见", "2"),
        (SILVER, "吉林省推动银发经济发展2025年实施方案", "1")]
    assert _pick(run(sample, "most_cited", min_citing="2"), "cited") == [(OPINION,)]


def test_citing_documents(sample: Store) -> None:
    found = run(sample, "citing_documents")  # default: 养老服务改革发展的意见
    assert _pick(found, "document", "cited", "characterization") == [
        (NOTICE, OPINION, "http://purl.org/spar/cito/citesAsAuthority"),
        (REPLY, OPINION, "http://purl.org/spar/cito/cites")]
    assert found[1]["asWritten"] == "《关于深化养老服务改革发展的意见》"
    assert _pick(run(sample, "citing_documents", cited_title="银发经济"), "document", "cited") == [(NOTICE, SILVER)]
    assert run(sample, "citing_documents", cited_title="不存在的文件") == []


def test_documents_by_issuer(sample: Store) -> None:
    found = run(sample, "documents_by_issuer")  # default: 吉林省民政厅
    assert _pick(found, "document", "kind", "date", "number", "coIssuers") == [
        (REPLY, "reply", "2025-06-30", "", "0"), (NOTICE, "notice", "2025-05-12", "吉民发〔2025〕20号", "1")]
    assert {r["issuerLabel"] for r in found} == {"吉林省民政厅"}
    assert _pick(run(sample, "documents_by_issuer", issuer=FINANCE), "document") == [(NOTICE,)]
    assert run(sample, "documents_by_issuer", issuer=HEALTH) == []


def test_replies_by_proposal(sample: Store) -> None:
    found = run(sample, "replies_by_proposal")
    assert _pick(found, "sessionName", "proposalNumber", "proposalKind", "reply", "date", "coHandlers") == [
        ("省政协十三届三次会议", "W31", "委员提案", REPLY, "2025-06-30", "2")]
    assert found[0]["proposalTitle"] == "关于推动吉林省康养产业提档升级的建议"
    assert len(run(sample, "replies_by_proposal", session="十三届三次")) == 1
    assert run(sample, "replies_by_proposal", session="十四届") == []


def test_search_measures(sample: Store) -> None:
    found = run(sample, "search_measures")  # default: 养老
    assert _pick(found, "document", "number", "leadLabel") == [
        (NOTICE, "1", "吉林省民政厅"), (NOTICE, "10", "吉林省卫生健康委员会"), (REPLY, "1", "吉林省民政厅")]
    assert _pick(run(sample, "search_measures", keyword="照顾服务"), "number", "leadLabel") == [
        ("11", "各市（州）人民政府")]
    assert run(sample, "search_measures", keyword="不存在") == []


def test_timeline(sample: Store) -> None:
    found = run(sample, "timeline")
    assert _pick(found, "date", "document", "kind", "number", "issuers", "measures") == [
        ("2025-05-12", NOTICE, "notice", "吉民发〔2025〕20号", "2", "4"), ("2025-06-30", REPLY, "reply", "", "1", "2")]
    assert _pick(run(sample, "timeline", from_date="2025-06-01"), "document") == [(REPLY,)]
    assert _pick(run(sample, "timeline", to_date="2025-05-12"), "document") == [(NOTICE,)]


def test_document_measures(sample: Store) -> None:
    found = run(sample, "document_measures")
    assert _pick(found, "number", "section", "status", "lead", "supporters", "targets") == [
        ("1", "推进三级养老服务网络优化升级", "planned", CIVIL, "2", "1"),
        ("2", "推进三级养老服务网络优化升级", "planned", CIVIL, "1", "1"),
        ("10", "推动医养结合", "planned", HEALTH, "1", "1"), ("11", "推动医养结合", "done", CITIES, "1", "0")]
    assert _pick(run(sample, "document_measures", document=REPLY), "number", "leadLabel") == [
        ("1", "吉林省民政厅"), ("2", "吉林省人力资源和社会保障厅")]


def test_find_agency(sample: Store) -> None:
    found = run(sample, "find_agency")  # default: 民政厅
    assert _pick(found, "agency", "agencyLabel", "agencyLabelEn", "kind", "documents") == [
        (CIVIL, "吉林省民政厅", "Department of Civil Affairs of Jilin Province", "registry", "2")]
    assert _pick(run(sample, "find_agency", name="老龄"), "agency", "kind") == [(AGING, "unresolved")]
    assert _pick(run(sample, "find_agency", name="省人社厅"), "agency") == [(HRSS,)]  # an altLabel
    assert _pick(run(sample, "find_agency", name="各市"), "kind") == [("collective",)]


def test_every_query_has_an_answer_check() -> None:
    tested = {n.removeprefix("test_") for n in globals() if n.startswith("test_")}
    assert set(QUERIES) <= tested, f"queries without an answer test: {sorted(set(QUERIES) - tested)}"


def test_answers_do_not_change_when_triples_sit_in_several_graphs(sample: Store) -> None:
    doubled = Store()
    copy = NamedNode(ID + "graph/doc/copy")
    for quad in list(sample.quads_for_pattern(None, None, None, None)):
        doubled.add(quad)
        if not isinstance(quad.graph_name, DefaultGraph):
            doubled.add(Quad(quad.subject, quad.predicate, quad.object, copy))
    for name, q in QUERIES.items():
        assert rows(doubled, bind(q, {})) == rows(sample, bind(q, {})), name


def test_run_query_honours_the_querys_own_from(store) -> None:
    """The stores' default graph is the union of all graphs; a query's FROM must still pick its graphs."""
    from rdflib import Literal, URIRef

    from policykg.kg.sparql import run_query

    p = URIRef("http://example.org/p")
    store.replace_graph("http://example.org/g1", [(URIRef("http://example.org/a"), p, Literal(1))])
    store.replace_graph("http://example.org/g2", [(URIRef("http://example.org/b"), p, Literal(2))])
    count = "SELECT (COUNT(*) AS ?n) {from} WHERE {{ ?s <http://example.org/p> ?o }}"
    assert int(run_query(store, count.format(**{"from": ""})).rows[0]["n"]) == 2
    assert int(run_query(store, count.format(**{"from": "FROM <http://example.org/g1>"})).rows[0]["n"]) == 1
    named = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    rows = run_query(store, named.replace("WHERE", "FROM NAMED <http://example.org/g2> WHERE")).rows
    assert [str(r["g"]) for r in rows] == ["http://example.org/g2"]
