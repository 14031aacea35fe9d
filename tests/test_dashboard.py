"""The home dashboard: counts, charts with table twins, latest documents; drawn by Chart.js in a browser."""

import json
import re
from html import unescape

ID = "https://w3id.org/policykg/id/"
CIVIL = ID + "agency/220000/civil-affairs"


def embedded(html: str, element_id: str) -> dict:
    """The JSON a page embeds for its scripts."""
    found = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S)
    assert found, element_id
    return json.loads(unescape(found.group(1)))


def list_total(client, path: str) -> int:
    """How many rows a browse list holds."""
    return client.get(path).get_json()["total"]


def test_dashboard_json(client):
    data = client.get("/index.json").get_json()
    cards = {c["key"]: c["value"] for c in data["cards"]}
    assert cards == {k: data["stats"][k] for k in cards}
    assert (cards["documents"], cards["replies"], cards["agencies"], cards["targets"]) == (5, 4, 39, 35)
    assert cards["measures"] == list_total(client, "/measures.json") >= 26
    assert cards["targets"] == list_total(client, "/targets.json")
    assert {c["key"]: c["url"] for c in data["cards"]}["replies"] == "/documents?kind=Reply"
    load = data["agency_load"]
    assert len(load) == 15
    civil_leads = list_total(client, f"/measures.json?agency={CIVIL}&role=lead")
    assert load[0] == {"agency": {"iri": CIVIL, "label": "吉林省民政厅"}, "lead": civil_leads, "support": 8}
    totals = [a["lead"] + a["support"] for a in load]
    assert totals == sorted(totals, reverse=True)
    years = {y["year"]: y["targets"] for y in data["target_years"]}
    assert years == {2020: 2, 2021: 0, 2022: 0, 2023: 6, 2024: 0, 2025: 18, 2026: 2, 2027: 1, 2028: 0, 2029: 6}
    assert [d["date"] for d in data["latest"]] == ["2025-06-17", "2025-06-10", "2025-05-12", "2023-06-05",
                                                 "2018-05-07"]
    chart = data["charts"]["agencies"]
    assert chart["labels"][0] == "吉林省民政厅"
    assert [s["data"][0] for s in chart["datasets"]] == [civil_leads, 8]


def test_dashboard_html_has_charts_with_table_twins(client):
    html = client.get("/").get_data(as_text=True)
    data = client.get("/index.json").get_json()
    assert embedded(html, "chart-agencies-data") == data["charts"]["agencies"]
    assert embedded(html, "chart-years-data") == data["charts"]["years"]
    assert '<canvas id="chart-agencies"' in html and '<canvas id="chart-years"' in html
    assert 'src="/assets/chart.js"' in html and 'src="/static/dashboard.js"' in html
    table = html.split('id="table-agencies"')[1].split("</table>")[0]
    lead = data["agency_load"][0]["lead"]
    assert ('<a href="/id/agency/220000/civil-affairs">吉林省民政厅</a></th>'
            f'<td class="num">{lead}</td><td class="num">8</td>') in table
    assert len(re.findall(r"<tr><th scope=\"row\">", table)) == 15
    years = html.split('id="table-years"')[1].split("</table>")[0]
    assert '<a href="/targets?year=2025">2025</a></th><td class="num">18</td>' in years
    assert 'href="/id/doc/83fdeee7b1d986e9">关于深化养老服务改革发展的若干措施</a>' in html
    assert 'rel="alternate" type="application/json" href="/index.json"' in html


def test_dashboard_in_english(client):
    data = client.get("/index.json?lang=en").get_json()
    assert data["charts"]["agencies"]["labels"][0] == "Department of Civil Affairs of Jilin Province"
    assert [s["label"] for s in data["charts"]["agencies"]["datasets"]] == ["lead", "support"]
    html = client.get("/?lang=en").get_data(as_text=True)
    assert "Targets by deadline year" in html and "Latest documents" in html


def test_dashboard_draws_its_charts_offline(page, live_server, client):
    lead = client.get("/index.json").get_json()["agency_load"][0]["lead"]
    page.goto(live_server + "/")
    for chart in ("chart-agencies", "chart-years"):
        canvas = page.locator(f"#{chart}[data-drawn='true']")
        canvas.wait_for()
        box = canvas.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100, box
        assert page.evaluate(f"window.Chart.getChart(document.getElementById('{chart}')) !== undefined")
    bars = page.evaluate("window.Chart.getChart(document.getElementById('chart-agencies')).data.datasets[0].data")
    assert bars[0] == lead
    # with the charts drawn, the tables fold away under "as a table"; they stay one click away
    assert page.locator("#table-agencies").is_hidden()
    page.locator("details.chart-table summary").first.click()
    assert page.locator("#table-agencies").is_visible()


def test_dashboard_without_javascript_shows_the_tables(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server + "/")
        assert page.locator("#table-agencies").is_visible() and page.locator("#table-years").is_visible()
    finally:
        context.close()


def test_facet_click_narrows_the_measures_list(page, live_server, client):
    total = list_total(client, "/measures.json")
    civil = list_total(client, f"/measures.json?agency={CIVIL}")
    civil_leads = list_total(client, f"/measures.json?agency={CIVIL}&role=lead")
    assert total > civil > civil_leads >= 16
    page.goto(live_server + "/measures")
    assert f"共 {total} 条" in page.locator("h1").inner_text()
    page.locator("section[data-facet='agency'] a", has_text="吉林省民政厅").first.click()
    page.wait_for_url(lambda url: "agency=" in url)
    assert f"共 {civil} 条" in page.locator("h1").inner_text()
    page.locator("section[data-facet='role'] a", has_text="牵头").click()
    page.wait_for_url(lambda url: "role=lead" in url)
    assert f"共 {civil_leads} 条" in page.locator("h1").inner_text()
    assert page.locator("table.list tbody tr").count() == civil_leads
    page.locator(".active-filters a.chip", has_text="吉林省民政厅").click()
    page.wait_for_url(lambda url: "agency=" not in url)
    assert "role=lead" in page.url
