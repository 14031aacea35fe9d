"""Canned-query pages: the list, one page per query with its form, results, bound SPARQL and twins; parameter
values reach the query only as typed terms (hostile text is matched as text, bad values are a clear 400)."""

import csv
import io
import re
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from rdflib import Literal

from policykg.kg.canned import load_queries

MESSAGES = Path(__file__).resolve().parent.parent / "web" / "messages" / "queries.toml"
MCA = "https://w3id.org/policykg/id/agency/220000/civil-affairs"
NOTICE = "https://w3id.org/policykg/id/doc/83fdeee7b1d986e9"
HOSTILE = ['" . } ; DROP ALL ; {', "' } #", '"', "}", "#", "a\nb", "\\", '"""', "<x>", "?keyword"]


def quads(client) -> int:
    """Quads in the app's store (from the export page's twin)."""
    return client.get("/export.json").get_json()["store"]["quads"]


def bindings(response) -> list[dict]:
    """Rows of a query page's JSON twin."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]["bindings"]


def test_index_lists_every_canned_query_in_both_languages(client):
    queries = load_queries()
    listed = client.get("/queries.json").get_json()
    assert [q["name"] for q in listed] == list(queries)
    agency = next(q for q in listed if q["name"] == "agency_measures")
    assert agency["title"] == "某机构牵头与配合的措施"
    assert agency["description"].startswith("该机构负责的每项措施")
    assert [(p["name"], p["type"], p["default"]) for p in agency["params"]] == [("agency", "iri", MCA),
                                                                               ("role", "string", "any")]
    html = client.get("/queries").get_data(as_text=True)
    assert html.count('href="/queries/') == len(queries)
    assert "某机构牵头与配合的措施" in html and "<code>agency</code>" in html
    english = client.get("/queries?lang=en").get_data(as_text=True)
    assert "Measures an agency leads or supports" in english
    assert queries["agency_measures"].description in english
    rows = list(csv.DictReader(io.StringIO(client.get("/queries.csv").get_data(as_text=True))))
    assert len(rows) == len(queries) and rows[0]["name"] == "agency_load"


def test_every_canned_query_has_a_chinese_description_that_matches_its_header():
    messages = tomllib.loads(MESSAGES.read_text(encoding="utf-8"))
    for name, query in load_queries().items():
        entry = messages[f"canned.{name}.description"]
        assert entry["en"] == query.description, f"{name}: the .rq description changed; update the translation"
        assert re.search(r"[\u4e00-\u9fff]", entry["zh"])
        for p in query.params:
            assert messages[f"canned.{name}.param.{p.name}"]["en"] == p.help, f"{name}.{p.name}"


def test_agency_measures_page_has_form_results_and_links(client):
    html = client.get("/queries/agency_measures?role=lead").get_data(as_text=True)
    assert "<h1>某机构牵头与配合的措施</h1>" in html
    # the form: a labelled select of the store's agencies (default chosen) and the role as typed text
    assert '<label for="param-agency">' in html and '<label for="param-role">' in html
    select = re.search(r'<select id="param-agency" name="agency".*?</select>', html, re.S).group(0)
    assert f'<option value="{MCA}" selected>吉林省民政厅</option>' in select
    assert select.count("<option") >= 20
    assert re.search(r'<input id="param-role" name="role" type="text" value="lead"', html)
    # 35 measures led by the department over the corpus, 16 of them in the notice
    assert "35 行" in html
    assert html.count('<a href="/id/doc/83fdeee7b1d986e9">关于深化养老服务改革发展的若干措施</a>') == 16
    assert html.count('<a href="/id/agency/220000/civil-affairs">吉林省民政厅</a>') == 35
    assert '<a href="/id/doc/83fdeee7b1d986e9/measure/1">…/measure/1</a>' in html
    assert 'scope="col" class="nowrap">机构 <span class="var">?agency</span>' in html
    assert "?agencyLabel" not in html.split("<tbody>")[0].split("<thead>")[1]  # label columns fold into links


def test_query_page_shows_bound_sparql_and_links_to_the_editor(client):
    html = client.get("/queries/agency_measures?role=support").get_data(as_text=True)
    bound = client.get("/queries/agency_measures.json?role=support").get_json()["sparql"]
    assert f"VALUES ?agency {{ &lt;{MCA}&gt; }}" in html and 'VALUES ?role { &#34;support&#34; }' in html
    link = re.search(r'href="(/query\?query=[^"]+)"', html).group(1)
    assert parse_qs(urlsplit(link.replace("&amp;", "&")).query)["query"] == [bound]


def test_json_twin_is_sparql_results_with_the_query_beside(client):
    data = client.get(f"/queries/agency_measures.json?agency={quote(MCA)}&role=lead").get_json()
    assert data["head"]["vars"][:3] == ["agency", "agencyLabel", "measureRole"]
    rows = data["results"]["bindings"]
    assert len(rows) == 35
    assert sum(r["document"]["value"] == NOTICE for r in rows) == 16
    assert {r["measureRole"]["value"] for r in rows} == {"lead"}
    assert data["parameters"] == [{"name": "agency", "type": "iri", "default": MCA, "value": MCA},
                                  {"name": "role", "type": "string", "default": "any", "value": "lead"}]


def test_csv_twin_has_every_row_and_neutralised_cells(client):
    r = client.get(f"/queries/agency_measures.csv?agency={quote(MCA)}&role=support")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert 'filename="agency_measures.csv"' in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert len(rows) == 8 and {row["document"] for row in rows} == {NOTICE}
    assert list(rows[0])[:3] == ["agency", "agencyLabel", "measureRole"]
    assert all(not row["description"].startswith(("=", "+", "-", "@")) for row in rows)


def test_document_parameter_offers_the_documents_of_the_store(client):
    html = client.get("/queries/document_measures").get_data(as_text=True)
    select = re.search(r'<select id="param-document".*?</select>', html, re.S).group(0)
    assert select.count("<option") == 5
    assert f'<option value="{NOTICE}" selected>关于深化养老服务改革发展的若干措施（吉民发〔2025〕20号）' in select
    assert "26 行" in html


def test_html_rows_are_capped_with_a_note(app, client):
    app.config["MAX_ROWS_HTML"] = 5
    try:
        html = client.get("/queries/agency_measures").get_data(as_text=True)
    finally:
        app.config["MAX_ROWS_HTML"] = 1000
    assert html.split("<tbody>")[1].count("<tr>") == 5
    assert "43 行 — 此处显示前 5 行" in html
    assert len(bindings(client.get("/queries/agency_measures.json"))) == 43  # the twins are not capped


@pytest.mark.parametrize(("query", "args", "wanted"), [
    ("agency_measures", {"agency": "not an iri"}, "is not an absolute http(s) or urn IRI"),
    ("agency_measures", {"agency": f"{MCA}> }} ; DROP ALL ; {{ <x"}, "is not an absolute"),
    ("agency_load", {"min_measures": "1; DROP ALL"}, "is not an integer"),
    ("targets_by_year", {"from_year": "20x5"}, "is not a four-digit year"),
    ("timeline", {"from_date": "2024-13-01"}, "is not a date"),
])
def test_bad_parameter_values_are_a_clear_400(client, query, args, wanted):
    before = quads(client)
    as_json = client.get(f"/queries/{query}.json", query_string=args)
    assert as_json.status_code == 400
    assert as_json.get_json()["error"] == "bad-query" and wanted in as_json.get_json()["message"]
    page = client.get(f"/queries/{query}", query_string=args)
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert 'class="error box" role="alert"' in html and "参数值无效" in html and "<form" in html
    assert client.get(f"/queries/{query}.csv", query_string=args).status_code == 400
    assert quads(client) == before


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize(("query", "param"), [("search_measures", "keyword"), ("find_agency", "name"),
                                               ("citing_documents", "cited_title")])
def test_hostile_text_is_matched_as_text(client, query, param, text):
    before = quads(client)
    r = client.get(f"/queries/{query}.json", query_string={param: text})
    assert bindings(r) == []
    assert r.get_json()["parameters"][0]["value"] == text
    assert f"VALUES ?{param} {{ {Literal(text).n3()} }}" in r.get_json()["sparql"]  # one escaped literal
    assert client.get(f"/queries/{query}", query_string={param: text}).status_code == 200
    assert quads(client) == before


def test_a_quote_is_matched_as_a_quote(client):
    rows = bindings(client.get("/queries/find_agency.json", query_string={"name": "'s Government"}))
    assert rows and all("'s Government" in r["agencyLabelEn"]["value"] for r in rows)


def test_unknown_query_is_404(client):
    r = client.get("/queries/no_such_query.json")
    assert r.status_code == 404 and "agency_measures" in r.get_json()["message"]
    assert client.get("/queries/no_such_query").status_code == 404


def test_unrelated_arguments_are_not_parameters(client):
    assert len(bindings(client.get("/queries/agency_measures.json?lang=en&page=2"))) == 43


def test_english_page(client):
    html = client.get("/queries/agency_measures?lang=en").get_data(as_text=True)
    assert "<h1>Measures an agency leads or supports</h1>" in html
    assert "selected>Department of Civil Affairs of Jilin Province</option>" in html
    assert "43 rows" in html


def test_canned_query_form_in_a_real_browser(page, live_server):
    page.goto(live_server + "/queries/agency_measures")
    assert page.locator("h1").inner_text() == "某机构牵头与配合的措施"
    page.get_by_label("agency").select_option(MCA)
    page.get_by_label("role").fill("support")
    page.get_by_role("button", name="运行").click()
    page.wait_for_url("**role=support**")
    assert page.locator(".result-count").inner_text().startswith("8 行")
    assert page.locator("table.results tbody tr").count() == 8
    page.locator("table.results tbody a", has_text="关于深化养老服务改革发展的若干措施").first.wait_for()
    href = page.locator("table.results tbody a", has_text="吉林省民政厅").first.get_attribute("href")
    assert href == "/id/agency/220000/civil-affairs"
    page.get_by_label("role").fill('" } ; DROP ALL ; {')
    page.get_by_role("button", name="运行").click()
    page.wait_for_url("**DROP**")
    assert page.locator(".result-count").inner_text().startswith("0 行")
