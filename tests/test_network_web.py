"""``/network`` and its twins on the corpus: filters, partners, JSON/CSV/GraphML/GEXF, errors, inert labels."""

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import networkx as nx
import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from policykg.kg.store import open_store

NOTICE = "https://w3id.org/policykg/id/doc/83fdeee7b1d986e9"
CIVIL = "https://w3id.org/policykg/id/agency/220000/civil-affairs"
TEMPLATE = Path(__file__).resolve().parent.parent / "web" / "templates" / "network.html"
XSS = "<img src=x onerror=alert(1)>"
CLOSE = "</script><script>alert(2)</script>"


def page_data(html: str) -> dict:
    """The network data the page hands to its script."""
    found = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', html, re.S)
    assert found, "the page carries its data as JSON"
    return json.loads(found.group(1))


def test_page_draws_the_whole_store_co_responsibility_network(client) -> None:
    r = client.get("/network")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "<h1>责任网络" in html and "27 个节点，52 条边" in html
    data = page_data(html)
    assert len(data["nodes"]) == 27 and len(data["edges"]) == 52
    civil = next(n for n in data["nodes"] if n["id"] == CIVIL)
    assert civil["label"] == "吉林省民政厅" and civil["shape"] == "dot" and isinstance(civil["x"], float)
    assert data["physics"] is True and data["options"]["physics"]["enabled"] is True
    assert data["info"][CIVIL][:3] == ["吉林省民政厅", "/id/agency/220000/civil-affairs", "agency"]
    lead = [e for e in data["edges"] if e["role"] == "lead"]
    support = [e for e in data["edges"] if e["role"] == "support"]
    assert lead and support and all(e["dashes"] for e in support) and not any(e["dashes"] for e in lead)
    assert min(e["width"] for e in lead) > max(e["width"] for e in support if e["w"] == 1)


def test_page_scripts_come_from_the_app_and_no_inline_code(client) -> None:
    html = client.get("/network").get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert ' src="/assets/vis-network.js"' in [attrs for attrs, _ in scripts]
    assert ' src="/static/network.js"' in [attrs for attrs, _ in scripts]
    assert all(attrs.strip() == 'type="application/json" id="network-data"' for attrs, body in scripts if body.strip())
    for url in re.findall(r"""(?:src|href)=["']([^"']+)["']""", html):
        assert not re.match(r"(https?:)?//", url), url
    assert "cdn" not in html.lower() and "bootstrap" not in html.lower()
    assert not re.search(r"<[^>]*\son\w+\s*=", html) and "javascript:" not in html
    assert "|safe" not in TEMPLATE.read_text()


def test_filters_reach_the_graph(client) -> None:
    data = page_data(client.get(f"/network?graph=bipartite&document={quote(NOTICE)}&role=lead").get_data(as_text=True))
    kinds = [info[2] for info in data["info"].values()]
    assert kinds.count("measure") == 26 and len(data["edges"]) == 26
    assert {e["role"] for e in data["edges"]} == {"lead"}
    heavy = page_data(client.get("/network?min_weight=3").get_data(as_text=True))
    assert heavy["edges"] and all(e["w"] >= 3 for e in heavy["edges"])
    year = client.get("/network?graph=bipartite&year=2018").get_data(as_text=True)
    assert sum(1 for i in page_data(year)["info"].values() if i[2] == "measure") == 6


def test_picking_an_agency_shows_its_partners(client) -> None:
    r = client.get(f"/network?agency={quote(CIVIL)}")
    html = r.get_data(as_text=True)
    assert "<h2 id=\"partners\">吉林省民政厅的合作机构</h2>" in html
    table = html[html.index('id="partners"'):]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    first = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", rows[1])).split()
    assert first[0] in ("吉林省卫生健康委员会", "吉林省发展和改革委员会") and first[1] == "4"
    assert 'href="/id/agency/220000/health"' in table
    data = page_data(html)
    assert data["focus"] == CIVIL and len(data["nodes"]) == 23
    focused = next(n for n in data["nodes"] if n["id"] == CIVIL)
    assert focused["borderWidth"] == 4
    by_name = client.get("/network?agency=省民政厅&graph=bipartite").get_data(as_text=True)
    assert "吉林省民政厅的合作机构" in by_name


def test_english_labels_by_switch(client) -> None:
    html = client.get(f"/network?agency={quote(CIVIL)}&lang=en").get_data(as_text=True)
    assert "Partners of Department of Civil Affairs of Jilin Province" in html
    data = page_data(html)
    assert data["info"][CIVIL][0] == "Department of Civil Affairs of Jilin Province"
    assert data["metricNames"][0] == "Degree"
    client.delete_cookie("lang")


def test_json_twin_is_node_link_with_roles_weights_and_metrics(client) -> None:
    r = client.get(f"/network.json?graph=bipartite&document={quote(NOTICE)}")
    assert r.mimetype == "application/json"
    body = r.get_json()
    g = nx.node_link_graph(body, edges="edges")
    assert (g.nodes[CIVIL]["leads"], g.nodes[CIVIL]["supports"]) == (16, 8)
    assert {"degree", "weighted_degree", "betweenness", "pagerank", "community", "label", "label_en"} <= set(
        g.nodes[CIVIL])
    assert {d["role"] for _, _, d in g.edges(data=True)} == {"lead", "support"}
    assert g.graph["kind"] == "bipartite" and g.graph["document"] == NOTICE
    partners = client.get(f"/network.json?agency={quote(CIVIL)}").get_json()["partners"]
    assert partners[0]["shared"] == 4 and len(partners) == 22


def test_csv_twin_lists_every_node(client) -> None:
    r = client.get(f"/network.csv?document={quote(NOTICE)}&size=pagerank")
    assert r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert len(rows) == 26
    assert rows[0]["node"] == "吉林省民政厅" and rows[0]["node_iri"] == CIVIL and rows[0]["rank"] == "1"
    assert (rows[0]["leads"], rows[0]["supports"]) == ("16", "8")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_are_read_back_by_networkx(client, fmt: str) -> None:
    r = client.get(f"/network.{fmt}?graph=citations")
    assert r.status_code == 200 and f'filename="network-citations.{fmt}"' in r.headers["Content-Disposition"]
    g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(r.data))
    assert g.is_directed() and len(g) == 58
    assert sum(1 for _, d in g.nodes(data=True) if d["in_store"]) == 5


def test_bad_parameters_are_refused(client) -> None:
    assert client.get("/network?graph=friends").status_code == 400
    assert client.get("/network?role=owner").status_code == 400
    assert client.get("/network?min_weight=many").status_code == 400
    assert client.get("/network?size=colour").status_code == 400
    assert client.get("/network.json?agency=不存在的机构").status_code == 404
    assert client.get("/network?agency=" + quote("https://x.org/a> } DROP ALL {")).status_code == 400
    assert client.get("/network.graphml?year=x").status_code == 400


def test_an_empty_selection_says_so(client) -> None:
    html = client.get("/network?year=1999").get_data(as_text=True)
    assert "没有符合筛选条件的节点" in html and 'id="network-data"' not in html


PKO = Namespace("https://w3id.org/policykg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
ID = "https://w3id.org/policykg/id/"


def hostile_triples() -> list[tuple]:
    """A document whose agencies are labelled with markup."""
    doc = URIRef(ID + "doc/00000000000bad01")
    t = [(doc, RDF.type, PKO.PolicyDocument), (doc, PKO.sourceFile, Literal("bad.txt")),
         (doc, ELI.id_local, Literal(CLOSE))]
    agents = [URIRef(ID + "agency/unresolved/bad1"), URIRef(ID + "agency/unresolved/bad2")]
    for agent, label in zip(agents, (XSS, CLOSE), strict=True):
        t += [(agent, RDF.type, ORG.Organization), (agent, SKOS.prefLabel, Literal(label, lang="zh"))]
    measure = URIRef(ID + "doc/00000000000bad01/measure/1")
    t += [(measure, RDF.type, PKO.Measure), (measure, ELI.is_part_of, doc), (measure, ELI.number, Literal("1")),
          (measure, PKO.leadAgency, agents[0])]
    t += [(measure, ELI.responsibility_of_agent, a) for a in agents]
    return t


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """An app over a store whose agency labels are markup."""
    from policykg.web import create_app
    from policykg.web.storage import close_store

    path = str(tmp_path_factory.mktemp("hostile") / "store")
    with open_store(path) as s:
        s.replace_graph(ID + "graph/doc/00000000000bad01", hostile_triples())
    application = create_app({"STORE": path, "TESTING": True})
    yield application.test_client()
    close_store(application)


@pytest.mark.parametrize("graph", ["coresponsibility", "bipartite", "documents"])
def test_markup_in_labels_is_text(hostile_client, graph: str) -> None:
    html = hostile_client.get(f"/network?graph={graph}&agency={quote(ID + 'agency/unresolved/bad1')}"
                              ).get_data(as_text=True)
    assert "<img" not in html and "alert(2)</script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the filter menu and tables show it as text
    data = page_data(html)
    assert data["info"][ID + "agency/unresolved/bad1"][0] == XSS  # the script sets it as text (browser test)
    assert any(n["label"].startswith("<img src=x onerror=") for n in data["nodes"])  # drawn on the canvas
    json_twin = hostile_client.get(f"/network.json?graph={graph}").get_json()
    assert XSS in {n["label"] for n in json_twin["nodes"]}
