"""The web app: home page and its JSON twin (more in test_dashboard.py), the export; /sparql in test_sparql_protocol."""

from rdflib import Graph

from policykg.ontology.namespace import PKO


def test_home_page_shows_counts_and_links(client) -> None:
    r = client.get("/")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "政策知识图谱" in html and 'href="/sparql"' in html and 'href="/export.ttl"' in html
    assert '<a class="card" href="/documents" data-stat="documents">\n        <div class="value">5</div>' in html


def test_home_json_twin(client) -> None:
    data = client.get("/index.json").get_json()
    assert data["stats"]["documents"] == 5
    assert data["stats"]["replies"] == 4
    assert data["stats"]["measures"] == client.get("/measures.json").get_json()["total"] >= 26
    assert data["links"]["sparql"] == "/sparql"
    assert data["links"]["export_turtle"] == "/export.ttl"


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
