"""/query: the SPARQL editor. Without JavaScript a plain form that runs on /sparql; with it, YASGUI on the app's
own endpoint with the canned queries beside it, shareable /query?query=… links and a chart view, and no request
leaving the app's origin (the `page` fixture fails the test on any)."""

import html
import json
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from policykg.kg.canned import bind, load_queries
from policykg.ontology.namespace import PREFIXES
from policykg.web.editor import DEFAULT_QUERY

COUNT = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a pko:Measure }"
NOTICE = "https://w3id.org/policykg/id/doc/83fdeee7b1d986e9"


def answer(client, query: str) -> list[dict]:
    """Rows of a query asked straight of /sparql (SPARQL JSON), to compare the editor's display with."""
    r = client.get("/sparql?query=" + quote(query), headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()["results"]["bindings"]


def total(client) -> int:
    """Measures in the corpus."""
    return int(answer(client, COUNT)[0]["n"]["value"])


# --- the page without JavaScript --------------------------------------------------------------------------


def test_page_is_a_plain_form_on_the_endpoint(client):
    page = client.get("/query").get_data(as_text=True)
    assert '<form id="editor-form" class="sparql-form" method="get" action="/sparql">' in page
    textarea = re.search(r'<textarea id="editor-query" name="query"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert html.unescape(textarea) == DEFAULT_QUERY
    assert "SPARQL 编辑器" in page and 'href="/query" aria-current="page"' in page
    shared = client.get("/query?query=" + quote(COUNT + " # <b>&</b>")).get_data(as_text=True)
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in shared and "<b>&</b>" not in shared
    assert f">{html.escape(COUNT, quote=False)}" in shared


def test_the_form_runs_on_the_endpoint(client):
    page = client.get("/query").get_data(as_text=True)
    action = re.search(r'<form id="editor-form"[^>]*action="([^"]+)"', page).group(1)
    answer = client.get(action + "?query=" + quote(DEFAULT_QUERY), headers={"Accept": "text/html"})
    assert answer.status_code == 200
    text = answer.get_data(as_text=True)
    assert "关于深化养老服务改革发展的若干措施" in text and "<td>26 <span" in text


def test_canned_queries_are_offered_with_their_defaults_bound(client):
    queries = load_queries()
    page = client.get("/query").get_data(as_text=True)
    links = re.findall(r'<a class="example" href="([^"]+)" data-name="([^"]+)">([^<]+)</a>', page)
    assert [name for _, name, _ in links] == list(queries)
    href, _, title = next(link for link in links if link[1] == "agency_measures")
    assert title == "某机构牵头与配合的措施"
    sent = parse_qs(urlsplit(html.unescape(href)).query)["query"][0]
    assert sent == bind(queries["agency_measures"])
    assert 'VALUES ?agency { <https://w3id.org/policykg/id/agency/220000/civil-affairs> }' in sent
    english = client.get("/query?lang=en").get_data(as_text=True)
    assert "Measures an agency leads or supports" in english and "SPARQL editor" in english


def test_scripts_and_config_are_local(client):
    page = client.get("/query").get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>", page)
    assert all('src="/' in attrs or 'type="application/json"' in attrs for attrs in scripts), scripts
    assert 'src="/assets/yasgui.js"' in page and 'href="/assets/yasgui.css"' in page
    assert 'src="/static/editor.js"' in page and 'src="/assets/chart.js"' in page
    assert "onclick" not in page and "javascript:" not in page
    raw = re.search(r'<script type="application/json" id="editor-config">(.*?)</script>', page, re.S).group(1)
    config = json.loads(raw)
    assert config["endpoint"] == "/sparql" and config["editor"] == "/query"
    assert config["prefixes"]["pko"] == "https://w3id.org/policykg/ontology#"
    assert config["shared"] is False
    assert json.loads(re.search(r'id="editor-config">(.*?)</script>',
                                client.get("/query?query=ASK%7B%7D").get_data(as_text=True), re.S).group(1))["shared"]


# --- the page in a browser --------------------------------------------------------------------------------


def rows(page) -> list[list[str]]:
    """Cell texts of the YASR results table (numbering column dropped)."""
    page.wait_for_selector(".yasr table.dataTable tbody tr td")
    return page.eval_on_selector_all(
        ".yasr table.dataTable tbody tr",
        "trs => trs.map(tr => Array.from(tr.querySelectorAll('td')).slice(1).map(td => td.innerText.trim()))")


def test_editor_loads_and_runs_a_canned_query(page, live_server, client):
    page.goto(live_server + "/query")
    page.wait_for_selector(".yasgui .CodeMirror")
    assert page.locator("#editor-form").count() == 0  # the plain form gave way to YASGUI
    assert "PREFIX pko:" in page.evaluate("policykgEditor.getTab().getQuery()")
    page.click("a.example[data-name=agency_measures]")
    page.wait_for_selector(".yasr table.dataTable tbody tr td")
    tab = page.evaluate("policykgEditor.getTab().getName()")
    assert tab == "某机构牵头与配合的措施"
    cells = rows(page)
    expected = answer(client, bind(load_queries()["agency_measures"]))
    assert len(cells) == len(expected) > 24  # every measure civil affairs answers for, in all five documents
    assert [c[2] for c in cells] == [b["measureRole"]["value"] for b in expected]
    bindings = page.evaluate("policykgEditor.getTab().yasr.results.getBindings()")
    notice = [b["measureRole"]["value"] for b in bindings if b["document"]["value"] == NOTICE]
    assert notice.count("lead") == 16 and notice.count("support") == 8
    assert page.evaluate("policykgEditor.getTab().getEndpoint()") == live_server + "/sparql"


def test_a_typed_query_runs_with_the_contract_prefixes(page, live_server, client):
    page.goto(live_server + "/query")
    page.wait_for_selector(".yasgui .CodeMirror")
    page.evaluate("query => { policykgEditor.getTab().setQuery(query); }", COUNT)
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table.dataTable tbody tr td:nth-child(2)")
    assert rows(page)[0][0] == f'"{total(client)}"^^xsd:integer'
    page.click(".yasr .select_response")
    page.wait_for_selector(".yasr .CodeMirror")
    assert '"head"' in page.inner_text(".yasr .CodeMirror")


def test_shared_url_reopens_and_runs_the_query(page, live_server, client):
    page.goto(live_server + "/query?query=" + quote(COUNT))
    page.wait_for_selector(".yasr table.dataTable tbody tr td")
    assert page.evaluate("policykgEditor.getTab().getQuery()") == COUNT
    assert rows(page)[0][0] == f'"{total(client)}"^^xsd:integer'
    page.click(".yasqe_share")
    link = page.input_value(".yasqe_sharePopup input")
    assert link == live_server + "/query?query=" + quote(COUNT, safe="").replace("%20", "+")
    assert page.locator(".yasqe_sharePopup .shorten").count() == 0  # no URL shortener
    page.goto(link)
    page.wait_for_selector(".yasr table.dataTable tbody tr td")
    assert page.evaluate("policykgEditor.getTab().getQuery()") == COUNT
    tabs = page.evaluate("Object.keys(policykgEditor._tabs).length")
    page.reload()
    page.wait_for_selector(".yasgui .CodeMirror")
    assert page.evaluate("Object.keys(policykgEditor._tabs).length") == tabs  # reopening adds no duplicate tab


def test_chart_view_and_errors(page, live_server, client):
    page.goto(live_server + "/query?query=" + quote(DEFAULT_QUERY))
    page.wait_for_selector(".yasr table.dataTable tbody tr td")
    page.click(".yasr .select_chart")
    page.wait_for_selector(".editor-chart canvas")
    assert page.input_value("#editor-chart-value") == "measures"
    assert page.input_value("#editor-chart-label") == "title"
    drawn = page.evaluate("Chart.getChart(document.querySelector('.editor-chart canvas')).data.datasets[0].data")
    assert drawn == [int(b["measures"]["value"]) for b in answer(client, DEFAULT_QUERY)]
    assert drawn[0] == 26  # the notice has the most measures
    page.evaluate("query => { policykgEditor.getTab().setQuery(query); }",
                  "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr .errorResult")
    assert "no requests to other sites" in page.inner_text(".yasr .errorResult")


@pytest.fixture
def no_script_page(browser, live_server):
    """A browser page with JavaScript turned off."""
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    opened = context.new_page()
    yield opened
    context.close()


def test_without_javascript_the_form_shows_results(no_script_page, live_server, client):
    page = no_script_page
    page.goto(live_server + "/query?query=" + quote(COUNT))
    assert page.input_value("#editor-query") == COUNT
    page.click("#editor-form button[type=submit]")
    page.wait_for_selector("table.results")
    assert page.url.startswith(live_server + "/sparql?query=")
    assert page.inner_text("table.results tbody td") == f"{total(client)} xsd:integer"


def test_completion_offers_the_contract_prefixes_only(page, live_server):
    page.goto(live_server + "/query")
    page.wait_for_selector(".yasgui .CodeMirror")
    page.evaluate("() => { policykgEditor.getTab().setQuery(''); }")
    page.click(".yasgui .CodeMirror")
    page.keyboard.type("PREFIX ")
    page.wait_for_selector(".CodeMirror-hint")
    hints = page.eval_on_selector_all(".CodeMirror-hint", "els => els.map(e => e.textContent)")
    assert "pko: <https://w3id.org/policykg/ontology#>" in hints and len(hints) == len(PREFIXES)
    page.keyboard.press("Escape")
    page.keyboard.type("\nSELECT * WHERE { ?s a skos:Concept ; rdfs:label ?l . }")
    query = page.evaluate("policykgEditor.getTab().getQuery()")
    assert "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>" in query  # declared as it is typed
    assert "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>" in query
