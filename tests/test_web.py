"""The minimal web app: home page and its JSON twin, the SPARQL endpoint, the Turtle export."""

import csv
import io
from urllib.parse import quote

from rdflib import Graph

from policykg.ontology.namespace import PKO

COUNT = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a pko:Measure }"


def test_home_page_shows_counts_and_links(client) -> None:
    r = client.get("/")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "政策知识图谱" in html and 'href="/sparql"' in html and 'href="/export.ttl"' in html
    assert "<td>5</td>" in html  # five documents


def test_home_json_twin(client) -> None:
    data = client.get("/index.json").get_json()
    assert data["stats"]["documents"] == 5
    assert data["stats"]["replies"] == 4
    assert data["stats"]["measures"] >= 26
    assert data["links"]["sparql"] == "/sparql"


def test_sparql_json_by_accept(client) -> None:
    r = client.get(f"/sparql?query={quote(COUNT)}", headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert r.mimetype == "application/sparql-results+json"
    body = r.get_json()
    assert body["head"]["vars"] == ["n"]
    assert int(body["results"]["bindings"][0]["n"]["value"]) >= 26


def test_sparql_csv_by_format_and_post(client) -> None:
    r = client.post("/sparql", data={"query": COUNT, "format": "csv"})
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    assert rows[0] == ["n"] and int(rows[1][0]) >= 26


def test_sparql_post_query_body(client) -> None:
    r = client.post("/sparql", data=COUNT.encode(), content_type="application/sparql-query",
                    headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.get_data(as_text=True).startswith("n\r\n")


def test_sparql_html_form_and_table(client) -> None:
    assert "<textarea" in client.get("/sparql").get_data(as_text=True)
    html = client.get(f"/sparql?query={quote(COUNT)}").get_data(as_text=True)
    assert "<table" in html and "<th scope=\"col\">n</th>" in html


def test_malformed_query_is_400_with_position(client) -> None:
    r = client.get("/sparql?query=" + quote("SELECT ?x WHERE { ?x ?p }"), headers={"Accept": "application/json"})
    assert r.status_code == 400
    assert "line 1" in r.get_json()["message"]


def test_update_is_refused(client) -> None:
    r = client.post("/sparql", data={"update": "DROP ALL"}, headers={"Accept": "application/json"})
    assert r.status_code == 403
    assert client.get("/index.json").get_json()["stats"]["documents"] == 5


def test_turtle_export_parses_and_holds_the_measures(client) -> None:
    r = client.get("/export.ttl")
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    g = Graph().parse(data=r.get_data(), format="turtle")
    measures = set(g.subjects(predicate=None, object=PKO.Measure))
    assert len(measures) >= 26
    assert b"@prefix pko:" in r.get_data()


def test_pages_load_no_outside_resources(client) -> None:
    for path in ("/", "/sparql"):
        html = client.get(path).get_data(as_text=True)
        assert "http://" not in html.replace("http://www.w3.org", "") or "cdn" not in html
        assert "https://cdn" not in html and "//unpkg" not in html
