"""Responsibility networks on the corpus: the graphs, their metrics, layout, exports and the CLI command."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from policykg.cli import main
from policykg.errors import InputError, NotFound
from policykg.kg import network_export as export
from policykg.kg import network_metrics as metrics
from policykg.kg.network import KINDS, NetworkFilter, build, leads_of, resolve_agency, resolve_document
from policykg.kg.network_layout import layout
from policykg.kg.network_report import analysed
from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.store import Store, open_store

NOTICE = "https://w3id.org/policykg/id/doc/83fdeee7b1d986e9"
CIVIL = "https://w3id.org/policykg/id/agency/220000/civil-affairs"
HEALTH = "https://w3id.org/policykg/id/agency/220000/health"
REFORM = "https://w3id.org/policykg/id/agency/220000/development-reform"


@pytest.fixture
def corpus(corpus_store_path: Path) -> Iterator[Store]:
    """The corpus store, opened for one test (the CLI tests open it themselves)."""
    with open_store(str(corpus_store_path)) as s:
        yield s


def count(store: Store, where: str) -> int:
    """``COUNT(*)`` of a pattern, asked independently of the network code."""
    rows = store.query(PREFIX_HEADER + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").rows  # type: ignore[union-attr]
    return int(rows[0]["n"].toPython())


def test_notice_bipartite_civil_affairs_leads_16_and_supports_8(corpus: Store) -> None:
    g = build(corpus, "bipartite", NetworkFilter(document=NOTICE))
    measures = [v for v, d in g.nodes(data=True) if d["kind"] == "measure"]
    assert len(measures) == 26
    assert g.nodes[CIVIL]["label"] == "吉林省民政厅"
    assert (g.nodes[CIVIL]["leads"], g.nodes[CIVIL]["supports"]) == (16, 8)
    roles = [g.edges[CIVIL, m]["role"] for m in g.neighbors(CIVIL)]
    assert roles.count("lead") == 16 and roles.count("support") == 8
    assert all(g.nodes[m]["document"] == NOTICE for m in measures)


def test_role_filter_keeps_only_that_role(corpus: Store) -> None:
    lead = build(corpus, "bipartite", NetworkFilter(document=NOTICE, role="lead"))
    support = build(corpus, "bipartite", NetworkFilter(document=NOTICE, role="support"))
    assert lead.degree(CIVIL) == 16 and support.degree(CIVIL) == 8
    assert {r for _, _, r in lead.edges(data="role")} == {"lead"}
    assert {r for _, _, r in support.edges(data="role")} == {"support"}
    # every measure of the notice has exactly one lead
    assert sum(1 for _, d in lead.nodes(data=True) if d["kind"] == "measure") == lead.number_of_edges() == 26


def test_whole_store_counts_every_document(corpus: Store) -> None:
    g = build(corpus, "bipartite", NetworkFilter())
    measures = sum(1 for _, d in g.nodes(data=True) if d["kind"] == "measure")
    assert measures == count(corpus, "SELECT DISTINCT ?m WHERE { ?m a pko:Measure ; eli:responsibility_of_agent ?a }")
    assert g.number_of_edges() == count(corpus, "?m a pko:Measure ; eli:responsibility_of_agent ?a")
    assert g.nodes[CIVIL]["leads"] > 16  # the replies add measures the department leads


def test_year_filter(corpus: Store) -> None:
    years = {}
    for year in (2018, 2023, 2025):
        g = build(corpus, "bipartite", NetworkFilter(year=year))
        docs = {d["document"] for _, d in g.nodes(data=True) if d["kind"] == "measure"}
        years[year] = docs
    assert NOTICE in years[2025] and NOTICE not in years[2018] | years[2023]
    assert len(years[2018]) == len(years[2023]) == 1
    assert len(build(corpus, "bipartite", NetworkFilter(year=1999))) == 0


def test_coresponsibility_weights_match_the_canned_agency_pairs(corpus: Store) -> None:
    g = build(corpus, "coresponsibility", NetworkFilter())
    rows = corpus.query(PREFIX_HEADER + """
        SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?shared) WHERE {
          ?m a pko:Measure ; eli:responsibility_of_agent ?a , ?b . FILTER(STR(?a) < STR(?b)) } GROUP BY ?a ?b""").rows
    assert len(rows) == g.number_of_edges() > 40
    for r in rows:
        assert g.edges[str(r["a"]), str(r["b"])]["weight"] == int(r["shared"].toPython())
    edge = g.edges[CIVIL, HEALTH]
    assert edge["shared"] == 4 and (leads_of(edge, CIVIL), leads_of(edge, HEALTH)) == (3, 1)
    assert g.edges[CIVIL, REFORM]["shared"] == 4 and leads_of(g.edges[CIVIL, REFORM], REFORM) == 2


def test_ego_network_and_partners(corpus: Store) -> None:
    result = analysed(corpus, "coresponsibility", NetworkFilter(agency=CIVIL))
    g = result.graph
    assert set(g) == {CIVIL, *g.neighbors(CIVIL)}
    assert len(result.partners) == g.degree(CIVIL) == 22
    top = result.partners[:2]
    assert {p["label"] for p in top} == {"吉林省卫生健康委员会", "吉林省发展和改革委员会"}
    assert all(p["shared"] == 4 for p in top)
    health = next(p for p in result.partners if p["agency"] == HEALTH)
    assert (health["agency_leads"], health["partner_leads"], health["documents"]) == (3, 1, 1)
    shared = [p["shared"] for p in result.partners]
    assert shared == sorted(shared, reverse=True)
    # in the agency–measure view the same partners come through the department's measures
    bip = analysed(corpus, "bipartite", NetworkFilter(agency=CIVIL))
    assert [p["agency"] for p in bip.partners] == [p["agency"] for p in result.partners]


def test_min_weight_drops_light_edges_and_the_isolates_they_leave(corpus: Store) -> None:
    g = build(corpus, "coresponsibility", NetworkFilter(min_weight=2))
    assert g.number_of_edges() > 0
    assert all(w >= 2 for _, _, w in g.edges(data="weight"))
    assert all(g.degree(v) > 0 for v in g)


def test_agency_document_graph(corpus: Store) -> None:
    g = build(corpus, "documents", NetworkFilter(document=NOTICE))
    edge = g.edges[CIVIL, NOTICE]
    assert edge["issued"] and edge["responsible"] and edge["mentioned"]
    assert (edge["leads"], edge["supports"], edge["relation"]) == (16, 8, "issued")
    issuers = sum(1 for _, _, d in g.edges(data=True) if d["issued"])
    assert issuers == count(corpus, f"<{NOTICE}> eli:passed_by ?a") == 26
    mentioned = sum(1 for _, _, d in g.edges(data=True) if d["mentioned"])
    assert mentioned == count(corpus, f"<{NOTICE}> pko:mentions ?a")
    assert g.nodes[NOTICE]["label"] == "吉民发〔2025〕20号"


def test_citation_graph_keeps_cited_documents_outside_the_store(corpus: Store) -> None:
    g = build(corpus, "citations", NetworkFilter())
    assert g.is_directed()
    docs = [v for v, d in g.nodes(data=True) if d["in_store"]]
    works = [v for v, d in g.nodes(data=True) if not d["in_store"]]
    assert len(docs) == 5
    assert len(works) == count(corpus, "SELECT DISTINCT ?w WHERE { ?d eli:cites ?w }")
    assert all(g.in_degree(d) == 0 for d in docs) and all(g.out_degree(w) == 0 for w in works)
    kinds = [k for _, _, k in g.edges(data="kind")]
    assert kinds.count("based_on") == count(corpus, "SELECT DISTINCT ?d ?w WHERE { ?d eli:based_on ?w }")
    assert g.number_of_edges() == count(corpus, "SELECT DISTINCT ?d ?w WHERE { ?d eli:cites ?w }")
    cited_twice = [w for w in works if g.in_degree(w) == 2]
    assert cited_twice and all(g.nodes[w]["label"] for w in works)


def test_metrics_and_communities_are_deterministic(corpus: Store) -> None:
    first = analysed(corpus, "coresponsibility", NetworkFilter())
    second = analysed(corpus, "coresponsibility", NetworkFilter())
    g = first.graph
    assert [sorted(c) for c in first.communities] == [sorted(c) for c in second.communities]
    assert dict(g.nodes(data=True)) == dict(second.graph.nodes(data=True))
    ranked = metrics.ranked(g, "weighted_degree")
    assert ranked[0][0] == CIVIL
    assert max(g, key=lambda v: g.nodes[v]["betweenness"]) == CIVIL
    assert max(g, key=lambda v: g.nodes[v]["pagerank"]) == CIVIL
    assert abs(sum(d["pagerank"] for _, d in g.nodes(data=True)) - 1) < 1e-4
    assert g.nodes[CIVIL]["degree"] == 22 and g.nodes[CIVIL]["weighted_degree"] == 38
    reached = {g.nodes[v]["community"] for v in g.neighbors(CIVIL)} - {g.nodes[CIVIL]["community"]}
    assert metrics.brokers(g)[0][0] == CIVIL and g.nodes[CIVIL]["bridges"] == len(reached) >= 2
    assert sum(len(c) for c in first.communities) == len(g)


def test_pagerank_matches_the_definition_on_a_star() -> None:
    rank = metrics.pagerank(nx.star_graph(4))
    # centre c and leaves l: c = 0.15/5 + 0.85·4·l and l = 0.15/5 + 0.85·c/4
    centre = 0.132 / 0.2775
    assert rank[0] == pytest.approx(centre, abs=1e-6)
    assert rank[1] == pytest.approx(0.03 + 0.2125 * centre, abs=1e-6)
    dangling = metrics.pagerank(nx.DiGraph([(1, 2), (2, 3), (3, 1), (3, 4)]))
    assert sum(dangling.values()) == pytest.approx(1)
    assert dangling[1] == pytest.approx(dangling[4])  # both receive half of node 3's rank


def test_layout_places_every_node_apart_and_close_enough(corpus: Store) -> None:
    for kind in KINDS:
        result = analysed(corpus, kind, NetworkFilter())
        pos = layout(result.graph, result.communities)
        assert set(pos) == set(result.graph)
        assert len(set(pos.values())) == len(pos)
        assert pos == layout(result.graph, result.communities)
        xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
        assert max(xs) - min(xs) < 5000 and max(ys) - min(ys) < 5000, kind


@pytest.mark.parametrize("kind", KINDS)
def test_exports_are_read_back_by_networkx(corpus: Store, tmp_path: Path, kind: str) -> None:
    result = analysed(corpus, kind, NetworkFilter())
    g = result.graph
    paths = {p.name.split(".", 1)[1]: p for p in export.write_all(g, tmp_path, kind, layout(g, result.communities))}
    assert set(paths) == {"nodes.csv", "edges.csv", "json", "graphml", "gexf"}
    from_json = nx.node_link_graph(json.loads(paths["json"].read_text(encoding="utf-8")), edges="edges")
    from_graphml = nx.read_graphml(paths["graphml"])
    from_gexf = nx.read_gexf(paths["gexf"])
    for read in (from_json, from_graphml, from_gexf):
        assert set(read) == set(g) and read.number_of_edges() == g.number_of_edges()
        assert read.is_directed() == g.is_directed()
    node = next(iter(g))
    assert from_graphml.nodes[node] == {k: v for k, v in g.nodes[node].items()}
    assert from_json.nodes[node] == g.nodes[node]
    assert from_gexf.nodes[node]["label"] == g.nodes[node]["label"]
    assert from_gexf.nodes[node]["pagerank"] == g.nodes[node]["pagerank"]
    a, b, data = next(iter(g.edges(data=True)))
    assert from_graphml.edges[a, b] == data
    rows = list(csv.DictReader(io.StringIO(paths["nodes.csv"].read_text(encoding="utf-8"))))
    assert len(rows) == len(g) and rows[0].keys() >= {"id", "label", "betweenness", "pagerank", "community"}


def test_graphml_and_gexf_attributes_are_valid_for_gephi(corpus: Store) -> None:
    g = analysed(corpus, "documents", NetworkFilter()).graph  # node and edge attributes share names here
    graphml = ET.fromstring(export.graphml(g))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = graphml.findall("g:key", ns)
    assert len({k.get("id") for k in keys}) == len(keys)
    assert {k.get("attr.type") for k in keys} <= {"boolean", "int", "long", "float", "double", "string"}
    gexf = ET.fromstring(export.gexf(g))
    ns = {"x": "http://www.gexf.net/1.2draft"}
    types = {a.get("type") for a in gexf.iter("{http://www.gexf.net/1.2draft}attribute")}
    assert types <= {"integer", "long", "float", "double", "boolean", "string"}
    values = [v.get("value") for v in gexf.iter("{http://www.gexf.net/1.2draft}attvalue")]
    assert values and "None" not in values and not any(v.startswith("[") for v in values)
    assert gexf.find("x:graph", ns).get("defaultedgetype") == "undirected"


def test_export_cleans_lists_and_missing_values() -> None:
    g = nx.Graph(kind="x", nothing=None)
    g.add_node("a", label="甲", tags=["b", "a"], missing=None)
    g.add_node("b", label="乙")
    g.add_edge("a", "b", weight=2, roles={"lead"})
    read = nx.read_graphml(io.BytesIO(export.graphml(g)))
    assert read.nodes["a"] == {"label": "甲", "tags": "a; b"}
    assert read.edges["a", "b"] == {"weight": 2, "roles": "lead"}
    assert nx.read_gexf(io.BytesIO(export.gexf(g))).nodes["a"]["tags"] == "a; b"


def test_csv_exports_neutralise_formulas() -> None:
    g = nx.Graph()
    g.add_node("=cmd", label="=HYPERLINK(\"x\")", kind="agency")
    assert "'=HYPERLINK" in export.nodes_csv(g) and "'=cmd" in export.nodes_csv(g)


def test_names_resolve_and_bad_filters_are_refused(corpus: Store) -> None:
    assert resolve_agency(corpus, "省民政厅") == CIVIL
    assert resolve_agency(corpus, "吉林省民政厅") == CIVIL
    assert resolve_document(corpus, "吉民发〔2025〕20号") == NOTICE
    with pytest.raises(NotFound):
        resolve_agency(corpus, "不存在的机构")
    with pytest.raises(NotFound):
        resolve_document(corpus, "不存在〔2099〕1号")
    with pytest.raises(InputError):
        NetworkFilter(agency="https://x.org/a> } DROP ALL {")
    with pytest.raises(InputError):
        NetworkFilter(role="owner")
    with pytest.raises(InputError):
        build(corpus, "friends", NetworkFilter())


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI and capture its standard output."""
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_cli_prints_partners_and_writes_every_export(corpus_store_path: Path, tmp_path: Path) -> None:
    code, out = run("--store", str(corpus_store_path), "network", "--agency", "吉林省民政厅", "--top", "5",
                    "-o", str(tmp_path))
    assert code == 0, out
    assert out.startswith("agency co-responsibility network: 23 nodes, 47 edges")
    assert "Partners of 吉林省民政厅" in out and "吉林省卫生健康委员会" in out
    assert "Brokers between communities" in out and "Communities (Louvain)" in out
    for ext in ("nodes.csv", "edges.csv", "json", "graphml", "gexf"):
        assert (tmp_path / f"coresponsibility.{ext}").stat().st_size > 100
    g = nx.read_gexf(tmp_path / "coresponsibility.gexf")
    assert len(g) == 23


def test_cli_bipartite_table_for_the_notice(corpus_store_path: Path) -> None:
    code, out = run("--store", str(corpus_store_path), "network", "--graph", "bipartite", "--document",
                    "吉民发〔2025〕20号", "--top", "3")
    assert code == 0
    first = next(line for line in out.splitlines() if line.startswith("1 "))
    assert first.split()[1:7] == ["吉林省民政厅", "provincial", "24", "24", "16", "8"]


def test_cli_unknown_agency_is_one_line_error(corpus_store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("--store", str(corpus_store_path), "network", "--agency", "不存在的机构")
    assert code == 2
    assert capsys.readouterr().err.strip() == "error: no agency named '不存在的机构' in the store"


def small_document() -> list[tuple]:
    """Two measures of one document: A leads both, B supports both, C supports one."""
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import RDF, SKOS

    pko, eli = Namespace("https://w3id.org/policykg/ontology#"), Namespace("http://data.europa.eu/eli/ontology#")
    base = "https://w3id.org/policykg/id/"
    doc = URIRef(base + "doc/0000000000000abc")
    a, b, c = (URIRef(base + f"agency/local/{x}") for x in "abc")
    triples = [(doc, RDF.type, pko.PolicyDocument), (doc, pko.sourceFile, Literal("abc.txt")),
               (doc, eli.id_local, Literal("测〔2024〕1号")), (doc, eli.passed_by, a)]
    for agency, label in ((a, "甲局"), (b, "乙局"), (c, "丙局")):
        triples.append((agency, SKOS.prefLabel, Literal(label, lang="zh")))
    for n, agents in ((1, (a, b, c)), (2, (a, b))):
        m = URIRef(f"{doc}/measure/{n}")
        triples += [(m, RDF.type, pko.Measure), (m, eli.is_part_of, doc), (m, pko.leadAgency, a)]
        triples += [(m, eli.responsibility_of_agent, x) for x in agents]
    return triples


def test_networks_run_unchanged_on_both_backends(store: Store) -> None:
    store.replace_graph("https://w3id.org/policykg/id/graph/doc/0000000000000abc", small_document())
    a, b, c = (f"https://w3id.org/policykg/id/agency/local/{x}" for x in "abc")
    co = build(store, "coresponsibility", NetworkFilter())
    assert co.edges[a, b]["shared"] == 2 and leads_of(co.edges[a, b], a) == 2 and leads_of(co.edges[a, b], b) == 0
    assert co.edges[a, c]["shared"] == 1 and co.edges[b, c]["role"] == "support"
    assert (co.nodes[a]["leads"], co.nodes[b]["supports"], co.nodes[c]["supports"]) == (2, 2, 1)
    docs = build(store, "documents", NetworkFilter(role="lead"))
    assert set(docs) == {a, "https://w3id.org/policykg/id/doc/0000000000000abc"}
    assert resolve_agency(store, "乙局") == b
    assert [p["agency"] for p in analysed(store, "coresponsibility", NetworkFilter(agency=a)).partners] == [b, c]
