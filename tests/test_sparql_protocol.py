"""/sparql as a W3C SPARQL 1.1 Protocol endpoint: the request forms and dataset parameters of the protocol's
query operation (after the W3C protocol test suite, sparql11/protocol/manifest.ttl), content negotiation with
every answer parsed, the failures (400, 403, 405, 406, 415), CORS, and the HTML page."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

import pytest
from rdflib import Graph, URIRef

from policykg.kg import querytext
from policykg.kg.store import open_store
from policykg.ontology.namespace import PKO

SRX = "{http://www.w3.org/2005/sparql-results#}"
GRAPH = "https://w3id.org/policykg/id/graph/doc/"
NOTICE_GRAPH = GRAPH + "83fdeee7b1d986e9"  # the notice: 26 measures
REPLY_GRAPH = GRAPH + "c74371aad3a449b9"  # a reply
REPLY = "https://w3id.org/policykg/id/doc/c74371aad3a449b9"
COUNT = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a pko:Measure }"
JSON_ACCEPT = {"Accept": "application/sparql-results+json"}


def count(response) -> int:
    """The ?n of a SPARQL JSON answer."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(response.get_json()["results"]["bindings"][0]["n"]["value"])


def boolean(response) -> bool:
    """The answer of an ASK in SPARQL JSON."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["boolean"]


@pytest.fixture
def total(client) -> int:
    """Measures in the corpus, from the home page's statistics (not through /sparql)."""
    return client.get("/index.json").get_json()["stats"]["measures"]


@pytest.fixture
def reply(client) -> int:
    """Measures of the reply, counted by eli:is_part_of over the union (not through its graph)."""
    query = f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m a pko:Measure ; eli:is_part_of <{REPLY}> }}"
    n = count(get(client, query))
    assert n > 0
    return n


def get(client, query: str, headers: dict | None = None, **params):
    """GET /sparql with a query and other (repeatable) parameters."""
    pairs = [("query", query), *[(k.replace("_", "-"), v) for k, vs in params.items()
                                 for v in (vs if isinstance(vs, list) else [vs])]]
    return client.get("/sparql?" + urlencode(pairs), headers=headers or JSON_ACCEPT)


# --- the query operation: GET, form POST, direct POST, the protocol dataset ---------------------------------


def test_query_via_get_with_default_graph(client, total, reply):
    assert count(get(client, COUNT)) == total > 26 + reply  # no dataset: the union of all graphs
    assert count(get(client, COUNT, default_graph_uri=NOTICE_GRAPH)) == 26
    assert count(get(client, COUNT, default_graph_uri=[NOTICE_GRAPH, REPLY_GRAPH])) == 26 + reply


def test_query_via_url_encoded_post_with_default_graph_in_the_url(client, reply):
    r = client.post("/sparql?" + urlencode({"default-graph-uri": NOTICE_GRAPH}), data={"query": COUNT},
                    headers=JSON_ACCEPT)
    assert r.request.content_type == "application/x-www-form-urlencoded"
    assert count(r) == 26
    r = client.post("/sparql", data={"query": COUNT, "default-graph-uri": REPLY_GRAPH}, headers=JSON_ACCEPT)
    assert count(r) == reply


def test_query_via_post_directly(client, reply):
    r = client.post("/sparql?" + urlencode([("default-graph-uri", NOTICE_GRAPH), ("default-graph-uri", REPLY_GRAPH)]),
                    data=COUNT.encode(), content_type="application/sparql-query", headers=JSON_ACCEPT)
    assert count(r) == 26 + reply
    r = client.post("/sparql", data=b"ASK {}", content_type="application/sparql-query; charset=UTF-8",
                    headers=JSON_ACCEPT)
    assert boolean(r) is True


def test_named_graph_uri_makes_the_named_graphs_and_an_empty_default_graph(client, reply):
    per_graph = ("SELECT ?g (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?m a pko:Measure } } GROUP BY ?g "
                 "ORDER BY ?g")
    r = get(client, per_graph, named_graph_uri=[NOTICE_GRAPH, REPLY_GRAPH])
    rows = [(b["g"]["value"], int(b["n"]["value"])) for b in r.get_json()["results"]["bindings"]]
    assert rows == sorted([(NOTICE_GRAPH, 26), (REPLY_GRAPH, reply)])
    assert boolean(get(client, "ASK { ?m a pko:Measure }", named_graph_uri=NOTICE_GRAPH)) is False


def test_full_protocol_dataset(client):
    ask = ("ASK { ?m a pko:Measure . FILTER NOT EXISTS { GRAPH ?g { ?m a pko:Measure } } "
           "GRAPH ?g2 { ?other a pko:Measure } }")
    r = client.post("/sparql?" + urlencode([("default-graph-uri", NOTICE_GRAPH), ("named-graph-uri", REPLY_GRAPH)]),
                    data=ask.encode(), content_type="application/sparql-query", headers=JSON_ACCEPT)
    assert boolean(r) is True  # the notice's measures are in the default graph only, the reply's named


def test_protocol_dataset_overrides_from_and_from_named(client, reply):
    query = f"SELECT (COUNT(DISTINCT ?m) AS ?n) FROM <{REPLY_GRAPH}> WHERE {{ ?m a pko:Measure }}"
    assert count(get(client, query)) == reply  # the query's FROM is honoured when the protocol names no graphs
    assert count(get(client, query, default_graph_uri=NOTICE_GRAPH)) == 26
    named = (f"SELECT (COUNT(DISTINCT ?m) AS ?n) FROM NAMED <{REPLY_GRAPH}> "
             "WHERE { GRAPH ?g { ?m a pko:Measure } }")
    assert count(get(client, named)) == reply
    assert count(get(client, named, named_graph_uri=NOTICE_GRAPH)) == 26
    prefixed = ("PREFIX g: <https://w3id.org/policykg/id/graph/doc/>\n"
                "SELECT (COUNT(DISTINCT ?m) AS ?n) FROM g:83fdeee7b1d986e9 WHERE { ?m a pko:Measure }")
    assert count(get(client, prefixed)) == 26


def test_contract_prefixes_are_declared(client):
    query = ("SELECT (COUNT(*) AS ?n) WHERE { ?a skos:prefLabel ?l "
             "FILTER(?a = <https://w3id.org/policykg/id/agency/220000/civil-affairs>) }")
    assert count(get(client, query)) >= 1
    own = "PREFIX pko: <http://example.org/other#>\nSELECT (COUNT(*) AS ?n) WHERE { ?m a pko:Measure }"
    assert count(get(client, own)) == 0  # a prefix the query declares itself is the query's


# --- content negotiation: every format parsed -------------------------------------------------------------

SELECT = ("SELECT ?agency ?label WHERE { ?agency skos:prefLabel ?label FILTER(LANG(?label) = 'zh') "
          "FILTER(?agency = <https://w3id.org/policykg/id/agency/220000/civil-affairs>) }")


def test_select_as_json_xml_csv_and_tsv(client):
    r = get(client, SELECT, {"Accept": "application/sparql-results+json"})
    assert r.mimetype == "application/sparql-results+json"
    binding = r.get_json()["results"]["bindings"][0]
    assert binding["label"] == {"type": "literal", "value": "吉林省民政厅", "xml:lang": "zh"}

    r = get(client, SELECT, {"Accept": "application/sparql-results+xml"})
    assert r.mimetype == "application/sparql-results+xml"
    root = ET.fromstring(r.data)
    assert [v.get("name") for v in root.iter(SRX + "variable")] == ["agency", "label"]
    literal = root.find(f"{SRX}results/{SRX}result/{SRX}binding[@name='label']/{SRX}literal")
    assert literal.text == "吉林省民政厅" and literal.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"
    assert root.find(f"{SRX}results/{SRX}result/{SRX}binding[@name='agency']/{SRX}uri").text.endswith(
        "/agency/220000/civil-affairs")

    r = get(client, SELECT, {"Accept": "text/csv"})
    assert r.mimetype == "text/csv" and r.mimetype_params["charset"] == "utf-8"
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    assert rows == [["agency", "label"], ["https://w3id.org/policykg/id/agency/220000/civil-affairs", "吉林省民政厅"]]

    r = get(client, SELECT, {"Accept": "text/tab-separated-values"})
    assert r.mimetype == "text/tab-separated-values"
    lines = r.get_data(as_text=True).splitlines()
    assert lines == ["?agency\t?label", '<https://w3id.org/policykg/id/agency/220000/civil-affairs>\t"吉林省民政厅"@zh']


def test_ask_as_json_and_xml(client):
    assert get(client, "ASK { ?m a pko:Measure }").get_json() == {"head": {}, "boolean": True}
    r = get(client, "ASK { ?m a pko:NoSuchClass }", {"Accept": "application/sparql-results+xml"})
    assert ET.fromstring(r.data).find(SRX + "boolean").text == "false"


CONSTRUCT = ("CONSTRUCT { ?m a pko:Measure ; eli:is_part_of ?d } WHERE { ?m a pko:Measure ; eli:is_part_of ?d "
             "FILTER(?d = <https://w3id.org/policykg/id/doc/83fdeee7b1d986e9>) }")


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml")])
def test_construct_in_every_rdf_format(client, accept, rdflib_format):
    r = get(client, CONSTRUCT, {"Accept": accept})
    assert r.status_code == 200 and r.mimetype == accept
    graph = Graph().parse(data=r.data, format=rdflib_format)
    assert len(set(graph.subjects(predicate=None, object=PKO.Measure))) == 26


def test_describe_defaults_to_turtle(client):
    r = get(client, "DESCRIBE <https://w3id.org/policykg/id/agency/220000/civil-affairs>", {"Accept": "*/*"})
    assert r.mimetype == "text/turtle"
    graph = Graph().parse(data=r.data, format="turtle")
    assert (URIRef("https://w3id.org/policykg/id/agency/220000/civil-affairs"), None, None) in graph


def test_negotiation_defaults_preferences_and_406(client):
    assert get(client, COUNT, {"Accept": "*/*"}).mimetype == "application/sparql-results+json"
    assert client.get("/sparql?query=" + quote(COUNT)).mimetype == "application/sparql-results+json"  # no Accept
    prefers_xml = {"Accept": "application/sparql-results+json;q=0.5, application/sparql-results+xml"}
    assert get(client, COUNT, prefers_xml).mimetype == "application/sparql-results+xml"
    assert get(client, COUNT, {"Accept": "application/json"}).mimetype == "application/sparql-results+json"
    r = get(client, COUNT, {"Accept": "text/turtle"})  # a SELECT cannot be Turtle
    assert r.status_code == 406 and "application/sparql-results+json" in r.get_data(as_text=True)
    assert get(client, CONSTRUCT, {"Accept": "application/sparql-results+json"}).status_code == 406


def test_format_parameter_for_links(client, total):
    r = get(client, COUNT, {"Accept": "text/html"}, format="csv")
    assert r.mimetype == "text/csv" and r.get_data(as_text=True) == f"n\r\n{total}\r\n"
    assert get(client, CONSTRUCT, format="ntriples").mimetype == "application/n-triples"
    assert get(client, CONSTRUCT, format="json").mimetype == "application/ld+json"
    assert get(client, COUNT, format="xml").mimetype == "application/sparql-results+xml"
    posted = client.post("/sparql", data={"query": COUNT, "format": "tsv"})
    assert posted.mimetype == "text/tab-separated-values" and posted.get_data(as_text=True).splitlines() == [
        "?n", f'"{total}"^^<http://www.w3.org/2001/XMLSchema#integer>']
    r = get(client, COUNT, format="turtle")
    assert r.status_code == 400 and "csv" in r.get_data(as_text=True)


# --- failures ---------------------------------------------------------------------------------------------


def test_malformed_query_is_400_with_the_parser_position(client):
    r = client.get("/sparql?query=" + quote("ASK {"))
    assert r.status_code == 400
    r = get(client, "SELECT ?x WHERE {\n  ?x a pko:Measure .\n  ?x ?p }", {"Accept": "application/json"})
    assert r.status_code == 400
    assert "line 3" in r.get_json()["message"]  # the user's line, not shifted by the declared prefixes
    plain = get(client, "SELECT ?x WHERE { ?x ?p }", {"Accept": "*/*"})
    assert plain.mimetype == "text/plain" and "line 1, column" in plain.get_data(as_text=True)


def test_request_shapes_the_protocol_refuses(client):
    assert client.get("/sparql?" + urlencode([("query", "ASK {}"), ("query", "SELECT * {}")])).status_code == 400
    both = client.post("/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"})
    assert both.status_code == 400 and "both" in both.get_data(as_text=True)
    assert client.post("/sparql", data=b"ASK {}", content_type="text/plain").status_code == 415
    assert client.post("/sparql", data=b"query=ASK%20%7B%7D").status_code == 415  # no Content-Type
    utf16 = client.post("/sparql", data="ASK {}".encode("utf-16"),
                        content_type="application/sparql-query; charset=UTF-16")
    assert utf16.status_code == 415
    twice = client.post("/sparql?query=ASK%7B%7D", data=b"ASK {}", content_type="application/sparql-query")
    assert twice.status_code == 400
    assert client.put("/sparql?query=ASK%7B%7D").status_code == 405
    bad_graph = get(client, COUNT, default_graph_uri="not an iri")
    assert bad_graph.status_code == 400


@pytest.mark.parametrize("update", ["DROP ALL", "CLEAR ALL", "insert data { <http://e/s> <http://e/p> 1 }",
                                    "PREFIX e: <http://e/>\n# a comment\nDELETE WHERE { ?s ?p ?o }",
                                    "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"])
def test_updates_are_refused_as_read_only(client, update, total):
    before = count(get(client, COUNT))
    for response in (client.post("/sparql", data={"update": update}),
                     client.post("/sparql", data=update.encode(), content_type="application/sparql-update"),
                     client.get("/sparql?update=" + quote(update)),
                     client.get("/sparql?query=" + quote(update)),
                     client.post("/sparql", data=update.encode(), content_type="application/sparql-query")):
        assert response.status_code == 403, response.get_data(as_text=True)
        assert "read-only" in response.get_data(as_text=True)
    assert count(get(client, COUNT)) == before == total


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * where { ?s ?p ?o . service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o { SeRvIcE ?endpoint { ?s ?p ?o } } }",
    "SELECT * WHERE { SERVIC\\u0045 <http://example.org/sparql> { ?s ?p ?o } }",  # escapes precede parsing
    "LOAD <http://example.org/data.ttl>",
    "load silent <http://example.org/data.ttl> into graph <http://example.org/g>",
])
def test_service_and_load_are_refused(client, query):
    r = get(client, query, {"Accept": "application/json"})
    assert r.status_code == 403
    assert r.get_json()["error"] == "no-outbound-requests"
    assert "no requests to other sites" in r.get_json()["message"]


@pytest.mark.parametrize("query", [
    '# SERVICE <http://example.org/sparql> in a comment, LOAD too\nASK { ?m a pko:Measure }',
    'ASK { ?m a pko:Measure . BIND("SERVICE <http://example.org/> { } DROP ALL" AS ?s) }',
    "ASK { ?m a pko:Measure . BIND('''LOAD\n<http://e/>''' AS ?s) }",
    "PREFIX service: <http://example.org/service#>\nASK { ?m a pko:Measure . OPTIONAL { ?m service:load ?x } }",
    "ASK { ?service a pko:Measure . OPTIONAL { ?service <http://example.org/SERVICE> ?drop } }",
])
def test_the_words_in_comments_strings_iris_and_names_do_not_refuse(client, query):
    assert boolean(get(client, query)) is True


def test_inspect_query_reads_forms_and_datasets():
    shape = querytext.inspect_query("BASE <http://e/> PREFIX g: <graphs/>\nselect * from g:a from named <b> where {}")
    assert (shape.form, shape.update, shape.service) == ("SELECT", None, False)
    assert shape.from_graphs == ("http://e/graphs/a",) and shape.from_named == ("http://e/b",)
    assert querytext.inspect_query("ASK {}").from_graphs is None
    assert querytext.inspect_query('SELECT * { ?s ?p "unterminated DROP').update is None


# --- CORS -------------------------------------------------------------------------------------------------


def test_cors_on_answers_errors_and_preflight(client):
    assert get(client, COUNT).headers["Access-Control-Allow-Origin"] == "*"
    assert get(client, "ASK {").headers["Access-Control-Allow-Origin"] == "*"
    r = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 204
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert "content-type" in r.headers["Access-Control-Allow-Headers"].lower()


# --- the HTML page ----------------------------------------------------------------------------------------

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_without_a_query_browsers_get_the_form_and_programs_a_400(client):
    for headers in (BROWSER, {}, {"Accept": "*/*"}):
        assert "<textarea" in client.get("/sparql", headers=headers).get_data(as_text=True)
    r = client.get("/sparql", headers=JSON_ACCEPT)
    assert r.status_code == 400 and "missing query" in r.get_data(as_text=True)


def test_browser_gets_the_form_and_a_table_with_downloads(client):
    html = client.get("/sparql", headers=BROWSER).get_data(as_text=True)
    assert '<form class="sparql-form" method="get" action="/sparql">' in html and "<textarea" in html
    assert "SPARQL 查询" in html and "pko:" in html
    r = get(client, SELECT, BROWSER)
    assert r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert '<th scope="col">agency</th>' in html and "吉林省民政厅" in html
    assert 'href="/id/agency/220000/civil-affairs"' in html  # our IRIs open their local page
    assert "format=csv" in html and "format=json" in html
    assert "Run query" in get(client, SELECT, BROWSER, lang="en").get_data(as_text=True)


def test_browser_gets_graph_results_and_ask_answers_as_pages(client):
    html = get(client, CONSTRUCT, BROWSER).get_data(as_text=True)
    assert '<th scope="col">subject</th>' in html and "format=turtle" in html and "format=jsonld" in html
    assert html.count("<tr><td>") == 2 * 26  # two triples a measure
    assert "是（true）" in get(client, "ASK { ?m a pko:Measure }", BROWSER).get_data(as_text=True)


def test_html_table_is_capped_and_says_so(app, client, monkeypatch, total):
    monkeypatch.setitem(app.config, "MAX_ROWS_HTML", 5)
    query = "SELECT ?m WHERE { ?m a pko:Measure } ORDER BY ?m"
    html = get(client, query, BROWSER).get_data(as_text=True)
    assert html.count("<tr><td>") == 5
    assert "网页只显示前 5 行" in html and f"共 {total} 行" in html
    link = html[html.index('class="notice"'):].split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    full = client.get(link)
    assert full.mimetype == "text/csv" and len(full.get_data(as_text=True).splitlines()) == total + 1


def test_page_escapes_store_text_and_the_query(client):
    hostile = "<img src=x onerror=alert(1)>"
    query = f'SELECT ?x WHERE {{ BIND("{hostile}" AS ?x) }} # </textarea><script>alert(2)</script>'
    html = get(client, query, BROWSER).get_data(as_text=True)
    assert hostile not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>alert(2)" not in html
    error = get(client, "SELECT ?x WHERE { </textarea><script>alert(3)</script> }", BROWSER)
    assert error.status_code == 400 and "<script>alert(3)" not in error.get_data(as_text=True)
    assert "查询未能运行" in error.get_data(as_text=True)


def test_refusals_render_on_the_page_for_browsers(client):
    r = get(client, "DROP ALL", BROWSER)
    assert r.status_code == 403 and r.mimetype == "text/html"
    assert "read-only" in r.get_data(as_text=True)


# --- both backends honour the protocol dataset ------------------------------------------------------------


@pytest.fixture(params=["embedded", "remote"])
def small_app(request, tmp_path):
    """An app over three one-triple graphs on either backend."""
    from rdflib import Literal

    from policykg.web import create_app
    from policykg.web.storage import close_store

    location = str(tmp_path / "store") if request.param == "embedded" else request.getfixturevalue("oxigraph_server")
    with open_store(location, update_url="", gsp_url="", user="", password="") as s:
        for graph in s.graphs():
            s.drop_graph(graph)
        for i in (1, 2, 3):
            s.replace_graph(f"http://example.org/g{i}",
                            [(URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"), Literal(i))])
    application = create_app({"STORE": location, "TESTING": True, "QUERY_WORKERS": 0})
    yield application
    close_store(application)


def test_dataset_on_both_backends(small_app):
    client = small_app.test_client()

    def subjects(query: str, **params) -> list[str]:
        r = get(client, query, **params)
        assert r.status_code == 200, r.get_data(as_text=True)
        return sorted(b["s"]["value"][-2:] for b in r.get_json()["results"]["bindings"])

    everything = "SELECT ?s WHERE { ?s ?p ?o }"
    assert subjects(everything) == ["s1", "s2", "s3"]
    assert subjects(everything, default_graph_uri=["http://example.org/g1", "http://example.org/g3"]) == ["s1", "s3"]
    assert subjects(everything, named_graph_uri="http://example.org/g2") == []
    assert subjects("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", named_graph_uri="http://example.org/g2") == ["s2"]
    from_g1 = "SELECT ?s FROM <http://example.org/g1> WHERE { ?s ?p ?o }"
    assert subjects(from_g1) == ["s1"]
    assert subjects(from_g1, default_graph_uri="http://example.org/g2") == ["s2"]
    r = client.post("/sparql?default-graph-uri=" + quote("http://example.org/g3"), data=from_g1.encode(),
                    content_type="application/sparql-query", headers=JSON_ACCEPT)
    assert json.loads(r.data)["results"]["bindings"][0]["s"]["value"] == "http://example.org/s3"
