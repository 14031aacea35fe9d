"""Entity pages: every IRI of ours dereferences to /id/…, with .json, .ttl and Accept twins, on the corpus."""

import json
import random
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from policykg.kg.ingest import ingest
from policykg.kg.store import open_store
from policykg.ontology.namespace import ELI, ID_BASE, PKO, RDF, SKOS
from policykg.web import create_app
from policykg.web.entities import split_suffix
from policykg.web.highlight import Mark, highlight, snippet
from policykg.web.storage import close_store, get_store

NOTICE = f"{ID_BASE}doc/83fdeee7b1d986e9"
NOTICE_PATH = "/id/doc/83fdeee7b1d986e9"
CIVIL_AFFAIRS = f"{ID_BASE}agency/220000/civil-affairs"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "docs"
XSS = "<img src=x onerror=alert(1)>"


def path_of(iri: str) -> str:
    """Local path of one of our IRIs."""
    return "/id/" + iri[len(ID_BASE):]


def select(app, query: str) -> list[dict]:
    """Rows of a query on the app's store (an independent check of what the pages show)."""
    with app.app_context():
        return get_store().query("PREFIX pko: <https://w3id.org/policykg/ontology#>\n"
                                 "PREFIX oa: <http://www.w3.org/ns/oa#>\n"
                                 "PREFIX cito: <http://purl.org/spar/cito/>\n" + query).rows


class FullText(HTMLParser):
    """Reads the full text block of a document page: its text, and the text under each span id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 inside #fulltext
        self.stack: list[str | None] = []
        self.text: list[str] = []
        self.by_span: dict[str, list[str]] = defaultdict(list)
        self.ids: set[str] = set()
        self.first_piece: set[str] = set()
        self.facts: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if self.depth:
            self.depth += 1
            self.stack.append(a.get("data-span") if tag == "mark" else None)
            if tag == "mark" and a.get("id"):
                assert a["id"] == a["data-span"]
                self.first_piece.add(a["id"])
            if tag == "mark" and a.get("data-facts"):
                self.facts[a["data-span"]] = a["data-facts"].split()
        elif a.get("id") == "fulltext":
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if self.depth:
                self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)
            for span in {s for s in self.stack if s}:
                self.by_span[span].append(data)


def read_fulltext(body: str) -> FullText:
    parser = FullText()
    parser.feed(body)
    return parser


# --- highlighting (pure) ------------------------------------------------------------------------------------

def render(tokens) -> str:
    out = []
    for tok in tokens:
        if tok.op == "text":
            out.append(tok.text)
        elif tok.op == "open":
            out.append(f"<{tok.mark.id}{'*' if tok.first else ''}>")
        else:
            out.append(f"</{tok.mark.id}>")
    return "".join(out)


def test_nested_and_crossing_spans_render_as_nested_pieces():
    text = "abcdefghij"
    tokens = highlight(text, [Mark("a", 0, 6), Mark("b", 2, 4), Mark("c", 4, 9), Mark("d", 3, 3), Mark("e", 8, 20)])
    assert render(tokens) == "<a*>ab<b*>cd</b><c*>ef</c></a><c>gh<e*>i</e></c><e>j</e>"
    assert "".join(t.text for t in tokens if t.op == "text") == text


def test_spans_count_code_points_not_utf16_units():
    text = "𠮷𠮷ab"  # two characters outside the BMP: 2 code points, 4 UTF-16 units
    assert render(highlight(text, [Mark("x", 2, 3)])) == "𠮷𠮷<x*>a</x>b"
    s = snippet("0123456789", 4, 6, radius=2)
    assert (s.before, s.exact, s.after, s.cut_before, s.cut_after) == ("23", "45", "67", True, True)


def test_format_suffixes_are_read_off_the_path():
    assert split_suffix("doc/x.json", None) == ("doc/x", "json")
    assert split_suffix("doc/x/measure/3.2", None) == ("doc/x/measure/3.2", None)
    assert split_suffix("doc/x.ttl", None) == ("doc/x", "ttl")
    assert split_suffix("doc/x", "json") == ("doc/x", "json")


# --- the document page --------------------------------------------------------------------------------------

def test_notice_page_shows_metadata_measures_and_responsibilities(client):
    body = client.get(NOTICE_PATH).get_data(as_text=True)
    assert "<h1 id=\"fact-title\">关于深化养老服务改革发展的若干措施 <small>吉民发〔2025〕20号</small></h1>" in body
    assert "2025-05-12" in body and "004_7386dd28cc9d9502.txt" in body
    assert "吉林省民政厅等26部门关于印发《关于深化养老服务改革发展的若干措施》的通知" in body
    assert len(re.findall(r'<li class="measure" id="fact-measure-\d+">', body)) == 26
    # measure 3: four responsible units in the document's order, the first marked lead
    item = body[body.index('id="fact-measure-3"'):body.index('id="fact-measure-4"')]
    names = re.findall(r'<li id="fact-measure-3-resp-(\d)"><a href="/id/agency/220000/[\w-]+">([^<]+)</a>', item)
    assert names == [("1", "吉林省民政厅"), ("2", "吉林省发展和改革委员会"), ("3", "吉林省卫生健康委员会"),
                     ("4", "吉林省教育厅")]
    assert item.count('<span class="badge lead">牵头</span>') == 1
    assert item.index("牵头") < item.index("吉林省发展和改革委员会")
    assert '<script src="/static/document.js" defer></script>' in body
    assert "onclick" not in body and "<script>" not in body


def test_english_page_says_lead(client):
    body = client.get(NOTICE_PATH + "?lang=en").get_data(as_text=True)
    assert '<span class="badge lead">lead</span>' in body and "Full text" in body
    client.delete_cookie("lang")


def test_every_span_is_highlighted_exactly_over_its_quote(client, app):
    body = client.get(NOTICE_PATH).get_data(as_text=True)
    page = read_fulltext(body)
    rows = select(app, f"""SELECT ?start ?end ?exact WHERE {{ ?s oa:hasSource <{NOTICE}> ;
        oa:hasSelector ?p , ?q . ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }}""")
    text = select(app, f"SELECT ?t WHERE {{ <{NOTICE}> pko:text ?t }}")[0]["t"]
    assert "".join(page.text) == str(text)  # the whole text, unchanged
    assert len(rows) == 139
    for r in rows:
        anchor = f"span-{r['start']}-{r['end']}"
        assert "".join(page.by_span[anchor]) == str(r["exact"]), anchor
        assert anchor in page.first_piece  # an anchor to jump to
    # spans nest: the measure 1 span holds its responsibility and target spans
    assert page.by_span["span-988-1103"]
    assert all(f in page.ids for facts in page.facts.values() for f in facts)


def test_every_fact_link_points_to_a_span_on_the_page(client):
    body = client.get(NOTICE_PATH).get_data(as_text=True)
    page = read_fulltext(body)
    links = re.findall(r'<a class="fact" href="#(span-\d+-\d+)" data-span="\1" data-fact="([\w.-]+)">', body)
    assert len(links) > 26 + 60  # measures, responsibilities, targets, citations, mentions, metadata
    for span, fact in links:
        assert span in page.ids, span
        assert fact in page.ids, fact
    assert ("span-0-37", "fact-title") in links and ("span-38-50", "fact-number") in links


def test_notice_citations_and_targets(client):
    value = client.get(NOTICE_PATH + ".json").get_json()
    assert value["kind"] == "document" and value["number"] == "吉民发〔2025〕20号"
    assert value["measure_count"] == 26 and len(value["sections"]) == 4
    cites = {c["iri"].rsplit("/", 1)[-1]: c for c in value["citations"]}
    assert cites["861"]["characterization"] == "implements"
    assert cites["861"]["work"]["iri"] == f"{ID_BASE}work/bb1ccca01dab74ec"
    assert cites["861"]["as_written"] == ("《中共中央、国务院印发<关于深化养老服务改革发展的意见>的通知》"
                                          "（中发〔2024〕32号）")
    measure2 = next(m for s in value["sections"] for m in s["measures"] if m["number"] == "2")
    assert [(t["value"], t["unit"], t["comparator"], t["deadline"]) for t in measure2["targets"]] == [
        (80, "%", ">=", "2029-12-31"), (50, "%", ">=", "2029-12-31")]
    assert sum(len(m["targets"]) for s in value["sections"] for m in s["measures"]) == 7
    body = client.get(NOTICE_PATH).get_data(as_text=True)
    assert "《中共中央、国务院印发&lt;关于深化养老服务改革发展的意见&gt;的通知》" in body
    assert '<span class="badge cite-implements">贯彻落实</span>' in body


def test_reply_page_shows_the_proposal_and_co_handlers(client, app):
    reply = str(select(app, 'SELECT ?d WHERE { ?d cito:repliesTo ?p . ?p pko:proposalNumber "W145" }')[0]["d"])
    value = client.get(path_of(reply) + ".json").get_json()
    assert value["is_reply"] is True
    p = value["proposal"]
    assert (p["number"], p["session"], p["kind"], p["body"]) == ("W145", "省政协十三届一次会议", "委员提案", "政协")
    assert p["title"] == "关于推进养老服务体系建设应对我省人口老龄化的建议"
    assert [a["link"]["label"] for a in value["issuers"]] == ["吉林省民政厅"]
    assert {a["link"]["label"] for a in value["co_handlers"]} == {"吉林省自然资源厅", "吉林省财政厅",
                                                                  "国家税务总局吉林省税务局"}
    body = client.get(path_of(reply)).get_data(as_text=True)
    assert "答复单位" in body and "会办单位" in body and "省政协十三届一次会议" in body
    assert f'href="{path_of(p["link"]["iri"])}"' in body


# --- twins and negotiation ----------------------------------------------------------------------------------

def test_turtle_twin_describes_the_document_with_labels(client):
    response = client.get(NOTICE_PATH + ".ttl")
    assert response.mimetype == "text/turtle"
    g = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    doc = URIRef(NOTICE)
    assert (doc, ELI.id_local, Literal("吉民发〔2025〕20号")) in g
    assert (doc, ELI.passed_by, URIRef(CIVIL_AFFAIRS)) in g
    assert (URIRef(CIVIL_AFFAIRS), SKOS.prefLabel, Literal("吉林省民政厅", lang="zh")) in g
    assert len(list(g.objects(doc, PKO.text))) == 1
    # the title span comes with its selectors
    position = URIRef(NOTICE + "/span/0-37/position")
    assert (position, RDF.type, URIRef("http://www.w3.org/ns/oa#TextPositionSelector")) in g


def test_measure_turtle_includes_its_responsibilities_and_targets(client):
    g = Graph().parse(data=client.get(NOTICE_PATH + "/measure/2.ttl").get_data(as_text=True), format="turtle")
    m = URIRef(NOTICE + "/measure/2")
    resp = URIRef(NOTICE + "/measure/2/resp/1")
    assert (m, PKO.hasResponsibility, resp) in g and (resp, PKO.rank, Literal(1)) in g
    assert (resp, PKO.asWritten, Literal("省民政厅")) in g
    assert len(list(g.objects(m, PKO.hasTarget))) == 2
    assert all(list(g.objects(t, PKO.indicator)) for t in g.objects(m, PKO.hasTarget))


@pytest.mark.parametrize("accept, mimetype", [
    ("text/turtle", "text/turtle"), ("application/json", "application/json"),
    ("application/ld+json", "application/ld+json"), ("text/html", "text/html"), ("*/*", "text/html"),
])
def test_accept_negotiation_on_the_bare_url(client, accept, mimetype):
    response = client.get(NOTICE_PATH + "/measure/1", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == mimetype
    assert "Accept" in response.headers["Vary"]
    if mimetype == "application/ld+json":
        g = Graph().parse(data=response.get_data(as_text=True), format="json-ld")
        assert (URIRef(NOTICE + "/measure/1"), ELI.number, Literal("1")) in g


def test_twin_links_on_the_page_point_to_suffixed_urls(client):
    body = client.get(NOTICE_PATH + "/measure/1").get_data(as_text=True)
    assert f'href="{NOTICE_PATH}/measure/1.json"' in body and f'href="{NOTICE_PATH}/measure/1.ttl"' in body


@pytest.mark.parametrize("path", ["/id/doc/0000000000000000", "/id/nothing/at/all", "/id/a%20b", "/id/x%3Ey",
                                  NOTICE_PATH + "/measure/99"])
def test_unknown_iris_are_404_with_a_clear_message(client, path):
    response = client.get(path)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "图谱中没有这个实体" in body and "https://w3id.org/policykg/id/" in body
    as_json = client.get(path + ".json")
    assert as_json.status_code == 404 and as_json.get_json()["error"] == "not-found"


# --- agencies, cited documents, measures, targets, proposals, sections, the rest -----------------------------

def test_civil_affairs_leads_16_and_supports_8_measures_of_the_notice(client):
    value = client.get("/id/agency/220000/civil-affairs.json").get_json()
    assert value["names"]["zh"] == ["吉林省民政厅"]
    assert value["names"]["en"] == ["Department of Civil Affairs of Jilin Province"]
    assert "省民政厅" in value["names"]["alt"] and value["level"] == "provincial"
    notice = next(e for e in value["measures"] if e["document"]["link"]["iri"] == NOTICE)
    assert (len(notice["lead"]), len(notice["support"])) == (16, 8)
    assert notice["lead"][0]["link"]["iri"] == NOTICE + "/measure/1" and notice["lead"][0]["anchor"] == "span-988-1103"
    assert NOTICE in [d["link"]["iri"] for d in value["documents"]["issued"]]
    body = client.get("/id/agency/220000/civil-affairs").get_data(as_text=True)
    assert f'data-document="{NOTICE}">牵头 16 项，配合 8 项</p>' in body
    assert "Department of Civil Affairs of Jilin Province" in body
    assert f'href="{NOTICE_PATH}#span-988-1103"' in body


def test_agency_partners_are_counted_over_shared_measures(client, app):
    value = client.get("/id/agency/220000/civil-affairs.json").get_json()
    rows = select(app, f"""SELECT ?other (COUNT(DISTINCT ?m) AS ?n) WHERE {{
        ?m <http://data.europa.eu/eli/ontology#responsibility_of_agent> <{CIVIL_AFFAIRS}> , ?other
        FILTER(?other != <{CIVIL_AFFAIRS}>) }} GROUP BY ?other""")
    expected = {str(r["other"]): int(r["n"]) for r in rows}
    partners = value["partners"]
    assert partners and all(expected[p["agency"]["iri"]] == p["shared"] for p in partners)
    assert partners[0]["shared"] == max(expected.values())
    assert [p["shared"] for p in partners] == sorted((p["shared"] for p in partners), reverse=True)


def test_cited_document_page_lists_wordings_and_who_cites_it(client):
    value = client.get("/id/work/bb1ccca01dab74ec.json").get_json()
    assert value["numbers"] == ["中发〔2024〕32号"]
    acts = [c for c in value["cited_by"] if c["document"]["link"]["iri"] == NOTICE]
    assert [(c["characterization"], c["anchor"]) for c in acts] == [("implements", "span-861-906")]
    body = client.get("/id/work/bb1ccca01dab74ec").get_data(as_text=True)
    assert f'<a href="{NOTICE_PATH}#span-861-906">' in body and "贯彻落实" in body


def test_number_conflicts_are_shown_both_ways(client):
    a = client.get("/id/work/89f03f1b8f352975.json").get_json()
    b = client.get("/id/work/1a4b096372f6caa2.json").get_json()
    assert [c["iri"] for c in a["conflicts"]] == [f"{ID_BASE}work/1a4b096372f6caa2"]
    assert [c["iri"] for c in b["conflicts"]] == [f"{ID_BASE}work/89f03f1b8f352975"]
    assert a["numbers"] == b["numbers"] == ["吉民发〔2024〕10号"]
    assert "文号冲突" in client.get("/id/work/89f03f1b8f352975").get_data(as_text=True)


def test_measure_page(client):
    value = client.get(NOTICE_PATH + "/measure/3.json").get_json()
    assert value["text"].startswith("采取“乡镇（街道）服务中心+村（社区）服务站点”模式")
    assert value["document"]["number"] == "吉民发〔2025〕20号"
    assert value["section"]["iri"] == NOTICE + "/section/1"
    assert [(r["rank"], r["role"], r["as_written"]) for r in value["responsibilities"]] == [
        (1, "lead", "省民政厅"), (2, "support", "省发改委"), (3, "support", "省卫生健康委"), (4, "support", "省教育厅")]
    (source,) = value["sources"]
    assert source["context"]["exact"] == value["text"]
    assert source["context"]["before"].endswith("（责任单位：省民政厅）\n3.")
    assert source["context"]["after"].startswith("（责任单位：省民政厅、省发改委、省卫生健康委、省教育厅）")
    body = client.get(NOTICE_PATH + "/measure/3").get_data(as_text=True)
    assert f'href="{NOTICE_PATH}#span-1326-1436"' in body and "省发改委" in body


def test_target_page(client):
    value = client.get(NOTICE_PATH + "/target/1023-1035.json").get_json()
    t = value["target"]
    assert (t["value"], t["unit"], t["comparator"], t["deadline"]) == (100, "%", ">=", "2029-12-31")
    assert value["measure"]["iri"] == NOTICE + "/measure/1" and value["document"]["link"]["iri"] == NOTICE
    body = client.get(NOTICE_PATH + "/target/1023-1035").get_data(as_text=True)
    assert "≥ 100%" in body and "2029-12-31" in body and 'href="/id/doc/83fdeee7b1d986e9/measure/1"' in body


def test_proposal_page_links_its_reply(client, app):
    proposal = str(select(app, 'SELECT ?p WHERE { ?p pko:proposalNumber "W31" }')[0]["p"])
    value = client.get(path_of(proposal) + ".json").get_json()
    assert (value["number"], value["session"], value["proposal_kind"]) == ("W31", "省政协十三届三次会议", "委员提案")
    assert value["title"] == "关于推动吉林省康养产业提档升级的建议"
    (reply,) = value["replies"]
    assert reply["document"]["link"]["label"] == "对省政协十三届三次会议第W31号委员提案的答复"
    assert value["sources"] and value["sources"][0]["document"]["iri"] == reply["document"]["link"]["iri"]


def test_section_page_lists_its_measures(client):
    value = client.get(NOTICE_PATH + "/section/1.json").get_json()
    assert (value["number"], value["title"]) == ("1", "推进三级养老服务网络优化升级")
    assert [m["number"] for m in value["measures"]] == ["1", "2", "3"]
    assert "推进三级养老服务网络优化升级" in client.get(NOTICE_PATH + "/section/1").get_data(as_text=True)


def test_generic_pages_list_triples_with_labels(client):
    value = client.get(NOTICE_PATH + "/citation/861.json").get_json()
    assert value["kind"] == "generic" and value["label"].startswith("《中共中央、国务院印发")
    objects = {s["predicate"]: (s["link"] or {}).get("label") for s in value["outgoing"]}
    assert objects["http://purl.org/spar/cito/hasCitingEntity"] == "关于深化养老服务改革发展的若干措施"
    body = client.get(NOTICE_PATH + "/span/861-906/position").get_data(as_text=True)
    assert "oa:start" in body or "start" in body
    assert f'href="{NOTICE_PATH}#span-861-906"' in body
    collective = client.get("/id/collective/68175134e8d52e19")
    assert collective.status_code == 200 and "泛指" in collective.get_data(as_text=True)


def test_named_graphs_have_pages_and_turtle(client):
    body = client.get("/id/graph/doc/83fdeee7b1d986e9").get_data(as_text=True)
    assert f'href="{NOTICE_PATH}"' in body and "命名图" in body
    g = Graph().parse(data=client.get("/id/graph/doc/83fdeee7b1d986e9.ttl").get_data(as_text=True), format="turtle")
    assert (URIRef(NOTICE), ELI.id_local, Literal("吉民发〔2025〕20号")) in g
    assert client.get("/id/graph/registry").status_code == 200


def shape(iri: str) -> str:
    """The IRI pattern of a node (hashes and numbers replaced), to sample every kind of IRI."""
    rest = iri[len(ID_BASE):]
    return re.sub(r"[0-9a-f]{16,}|\d+(\.\d+)*(-\d+)?", "#", rest)


def test_a_sample_of_every_subject_iri_answers(client, app):
    rows = select(app, f"""SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{ID_BASE}")) }}""")
    subjects = sorted(str(r["s"]) for r in rows)
    assert len(subjects) > 3000
    by_shape: dict[str, list[str]] = defaultdict(list)
    for s in subjects:
        by_shape[shape(s)].append(s)
    sample = [s for members in by_shape.values() for s in members[:4]]
    sample += random.Random(5).sample(subjects, 120)
    with app.app_context():
        graphs = [g for g in get_store().graphs() if g.startswith(ID_BASE)]
    for iri in sorted(set(sample)) + graphs:
        response = client.get(path_of(iri))
        assert response.status_code == 200, iri
        assert client.get(path_of(iri) + ".json").status_code == 200, iri
    assert {"doc/#", "doc/#/measure/#", "doc/#/measure/#/resp/#", "doc/#/span/#", "doc/#/span/#/position",
            "doc/#/citation/#", "doc/#/mention/#", "doc/#/target/#", "doc/#/section/#", "work/#", "proposal/#",
            "agency/#/civil-affairs", "collective/#", "agency/unresolved/#"} <= set(by_shape)


# --- a tiny store of our own: escaping, astral characters, IRIs that end in .json ---------------------------

@pytest.fixture(scope="module")
def tiny_app(tmp_path_factory):
    """An app over a store with one document whose title holds markup and a character outside the BMP."""
    root = tmp_path_factory.mktemp("entities-tiny")
    lines = (FIXTURES / "f05_hangzhou_2018_butie.txt").read_text(encoding="utf-8").split("\n")
    lines[0] = f"杭州市民政局 杭州市财政局关于做好𠮷{XSS}居家养老服务补贴工作的通知"
    doc = root / "xss.txt"
    doc.write_text("\n".join(lines), encoding="utf-8")
    with open_store(str(root / "store")) as store:
        assert not ingest(store, [doc]).failed
        odd = URIRef(f"{ID_BASE}odd/name.json")
        store.replace_graph(f"{ID_BASE}graph/odd", [(odd, SKOS.prefLabel, Literal(f"odd {XSS}", lang="zh"))])
    application = create_app({"STORE": str(root / "store"), "TESTING": True})
    yield application
    close_store(application)


def test_markup_in_labels_and_texts_is_escaped(tiny_app):
    client = tiny_app.test_client()
    (row,) = select(tiny_app, "SELECT ?d WHERE { ?d pko:text ?t }")
    path = path_of(str(row["d"]))
    value = client.get(path + ".json").get_json()
    assert XSS in value["title"]
    issuers = [path_of(a["link"]["iri"]) for a in value["issuers"]]
    measures = [m for s in value["sections"] for m in s["measures"]] + value["unsectioned"]
    assert issuers and measures
    parts = [path_of(measures[0]["iri"]), *(path_of(s["iri"]) for s in value["sections"][:1])]
    for page in [path, *parts, *issuers]:
        response = client.get(page)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, page
        assert "<img" not in body, page
        assert "&lt;img src=x onerror=alert(1)&gt;" in body, page
    turtle = client.get(path + ".ttl")
    assert turtle.mimetype == "text/turtle" and XSS in turtle.get_data(as_text=True)  # data, not a page


def test_spans_after_astral_characters_line_up(tiny_app):
    client = tiny_app.test_client()
    (row,) = select(tiny_app, "SELECT ?d WHERE { ?d pko:text ?t }")
    doc = str(row["d"])
    page = read_fulltext(client.get(path_of(doc)).get_data(as_text=True))
    rows = select(tiny_app, f"""SELECT ?start ?end ?exact WHERE {{ ?s oa:hasSource <{doc}> ;
        oa:hasSelector ?p , ?q . ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }}""")
    assert rows
    for r in rows:
        assert "".join(page.by_span[f"span-{r['start']}-{r['end']}"]) == str(r["exact"])


def test_an_iri_that_really_ends_in_json_is_not_a_format(tiny_app):
    client = tiny_app.test_client()
    response = client.get("/id/odd/name.json")
    assert response.status_code == 200 and response.mimetype == "text/html"
    body = response.get_data(as_text=True)
    assert "odd &lt;img" in body and "<img" not in body
    assert client.get("/id/odd/name.json.json").get_json()["label"] == f"odd {XSS}"


def test_json_twin_is_the_page_value(client):
    value = json.loads(client.get(NOTICE_PATH + "/measure/1.json").get_data(as_text=True))
    assert set(value) >= {"iri", "kind", "number", "text", "document", "section", "responsibilities", "targets",
                          "sources"}


def test_pages_work_unchanged_on_a_remote_sparql_server(oxigraph_server, tmp_path):
    """The same pages over a remote SPARQL endpoint (Oxigraph server): nothing talks to the store but SPARQL."""
    with open_store(oxigraph_server, update_url="", gsp_url="", user="", password="") as remote:
        for graph in remote.graphs():
            remote.drop_graph(graph)
        assert not ingest(remote, [FIXTURES / "f03_guangzhou_2023_zhucan.txt"]).failed
        (row,) = remote.query("SELECT ?d WHERE { ?d <https://w3id.org/policykg/ontology#text> ?t }").rows
    application = create_app({"STORE": oxigraph_server, "TESTING": True})
    try:
        client = application.test_client()
        doc = path_of(str(row["d"]))
        value = client.get(doc + ".json").get_json()
        assert value["title"].startswith("广州市老年助餐服务提升行动方案") and value["measure_count"] > 5
        page = read_fulltext(client.get(doc).get_data(as_text=True))
        assert "".join(page.text) == value["text"]
        assert all("".join(page.by_span[s["id"]]) == value["text"][s["start"]:s["end"]] for s in value["spans"])
        measures = [m for s in value["sections"] for m in s["measures"]] + value["unsectioned"]
        agency = next(r for m in measures for r in m["responsibilities"])["agent"]["link"]["iri"]
        assert client.get(path_of(agency)).status_code == 200
        g = Graph().parse(data=client.get(doc + ".ttl").get_data(as_text=True), format="turtle")
        assert (URIRef(row["d"]), RDF.type, PKO.PolicyDocument) in g
    finally:
        close_store(application)
