"""Browse lists with facets over the Jilin corpus: /documents, /agencies, /measures, /targets and their twins."""

import csv
import io
import re
from urllib.parse import urlencode

import pytest

ID = "https://w3id.org/policykg/id/"
NOTICE = ID + "doc/83fdeee7b1d986e9"
CIVIL = ID + "agency/220000/civil-affairs"
INJECTIONS = ['" } ; DROP ALL ; {', "'", '"', "#", "a\nb", "\\", "<script>alert(1)</script>", "?s ?p ?o",
              "> } UNION { ?s ?p ?o }", "%00", "{V}", "{P}"]


def get_json(client, path: str, **params) -> dict:
    """The JSON twin of a list with parameters (repeated ones as lists)."""
    response = client.get(path + ".json?" + urlencode(params, doseq=True))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def get_csv(client, path: str, **params) -> list[dict[str, str]]:
    """The CSV twin of a list, parsed."""
    response = client.get(path + ".csv?" + urlencode(params, doseq=True))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def facet(data: dict, name: str) -> dict[str, int]:
    """Facet value → count."""
    found = next(f for f in data["facets"] if f["name"] == name)
    return {v["value"]: v["count"] for v in found["values"]}


def test_documents_list_facets_and_columns(client):
    data = get_json(client, "/documents")
    assert data["total"] == 5 and len(data["rows"]) == 5
    assert facet(data, "kind") == {"Reply": 4, "Notice": 1}
    assert facet(data, "issuer")[CIVIL] == 5
    assert facet(data, "year") == {"2025": 3, "2023": 1, "2018": 1}
    assert facet(data, "jurisdiction") == {"吉林省": 5}
    notice = next(r for r in data["rows"] if r["title"]["iri"] == NOTICE)
    assert notice["number"] == "吉民发〔2025〕20号" and notice["date"] == "2025-05-12"
    assert notice["kind"] == "通知" and notice["measures"] == 26
    assert {"iri": CIVIL, "label": "吉林省民政厅"} in notice["issuers"]
    assert [r["date"] for r in data["rows"]] == sorted((r["date"] for r in data["rows"]), reverse=True)


def test_document_filters_combine(client):
    replies = get_json(client, "/documents", kind="Reply")
    assert replies["total"] == 4 and {r["kind"] for r in replies["rows"]} == {"答复"}
    assert facet(replies, "kind") == {"Reply": 4}
    both = get_json(client, "/documents", kind="Reply", year="2025")
    assert both["total"] == 2
    assert [f["facet"] for f in both["filters"]] == ["kind", "year"]
    co_issued = get_json(client, "/documents", issuer=[CIVIL, ID + "agency/220000/finance"])
    assert co_issued["total"] == 1 and co_issued["rows"][0]["title"]["iri"] == NOTICE


def test_documents_sort_by_column(client):
    oldest = get_json(client, "/documents", sort="-date")["rows"]
    assert oldest[0]["date"] == "2018-05-07"
    most = get_json(client, "/documents", sort="measures")["rows"]
    assert most[0]["measures"] == 26 and most[-1]["measures"] == 1
    assert get_json(client, "/documents", sort="nonsense")["sort"] == "date"


def test_documents_csv_and_html(client):
    rows = get_csv(client, "/documents")
    assert len(rows) == 5
    notice = next(r for r in rows if r["title_iri"] == NOTICE)
    assert notice["number"] == "吉民发〔2025〕20号" and notice["measures"] == "26"
    html = client.get("/documents").get_data(as_text=True)
    assert 'href="/id/doc/83fdeee7b1d986e9"' in html and "吉民发〔2025〕20号" in html
    assert 'href="/documents.json"' in html and 'href="/documents.csv"' in html
    assert re.search(r'href="/documents\?kind=Reply">答复</a> <span class="count">4</span>', html)


def test_agencies_lists_only_referenced_agencies(client):
    data = get_json(client, "/agencies")
    rows = get_csv(client, "/agencies")
    assert len(rows) == data["total"] == 80  # of ~2,000 agencies in the registry graph
    names = {r["name"] for r in rows}
    assert "吉林省民政厅" in names and "辽宁省民政厅" not in names
    civil = next(r for r in rows if r["name_iri"] == CIVIL)
    assert (civil["level"], civil["kind"], civil["support"], civil["documents"]) == ("省级", "机构名录", "8", "5")
    assert int(civil["lead"]) == get_json(client, "/measures", agency=CIVIL, role="lead")["total"] >= 16
    assert rows[0]["name_iri"] == CIVIL  # busiest first
    assert facet(data, "kind") == {"registry": 39, "unresolved": 39, "collective": 2}
    assert facet(data, "level") == {"provincial": 33, "national": 6}
    assert facet(data, "role") == {"support": 23, "lead": 12}


def test_agency_filters(client):
    collective = get_json(client, "/agencies", kind="collective")
    assert {r["name"]["label"] for r in collective["rows"]} == {"各市（州）民政局", "各县（市、区）民政局"}
    national = get_json(client, "/agencies", level="national")
    assert national["total"] == 6 and {r["level"] for r in national["rows"]} == {"国家级"}
    leads = get_json(client, "/agencies", role="lead", level="provincial")
    assert leads["total"] == 12 and all(r["lead"] > 0 for r in leads["rows"])
    by_name = get_json(client, "/agencies", sort="name", level="national")["rows"]
    assert [r["name"]["label"] for r in by_name] == sorted(r["name"]["label"] for r in by_name)


def test_measures_of_an_agency_by_role_in_the_notice(client):
    lead = get_json(client, "/measures", agency=CIVIL, role="lead", document=NOTICE)
    assert lead["total"] == 16 and len(lead["rows"]) == 16
    assert {r["lead"]["iri"] for r in lead["rows"]} == {CIVIL}
    support = get_json(client, "/measures", agency=CIVIL, role="support", document=NOTICE)
    assert support["total"] == 8
    assert all(CIVIL in [a["iri"] for a in r["support"]] for r in support["rows"])
    in_notice = get_json(client, "/measures", agency=CIVIL, document=NOTICE)
    assert facet(in_notice, "role") == {"lead": 16, "support": 8}
    rows = get_csv(client, "/measures", agency=CIVIL, role="lead", document=NOTICE)
    assert len(rows) == 16 and {r["document_iri"] for r in rows} == {NOTICE}
    assert [int(r["number"]) for r in rows] == sorted(int(r["number"]) for r in rows)


def test_measure_facets(client):
    data = get_json(client, "/measures")
    total = data["total"]
    assert total > 50 and total == sum(facet(data, "document").values())
    assert facet(data, "document")[NOTICE] == 26
    assert facet(data, "agency")[CIVIL] == get_json(client, "/measures", agency=CIVIL)["total"] >= 24
    assert sum(facet(data, "target").values()) == total and facet(data, "target")["yes"] >= 15
    assert facet(data, "status") == {"planned": total}
    with_targets = get_json(client, "/measures", target="yes", document=NOTICE)
    assert with_targets["total"] == 5 and all(r["targets"] >= 1 for r in with_targets["rows"])
    without = get_json(client, "/measures", target="no", document=NOTICE)
    assert without["total"] == 21 and all(r["targets"] == 0 for r in without["rows"])


def test_measures_paging(client, app):
    assert app.config["PAGE_SIZE"] == 50
    first = get_json(client, "/measures")
    total = first["total"]
    assert 50 < total <= 100
    second = get_json(client, "/measures", page="2")
    assert (first["page"], first["pages"], len(first["rows"])) == (1, 2, 50)
    assert (second["page"], second["first"], second["last"], len(second["rows"])) == (2, 51, total, total - 50)
    assert second["next"] is None and second["previous"] == "/measures.json?page=1"
    assert first["next"] == "/measures.json?page=2"
    seen = {r["number"]["iri"] for r in first["rows"]} | {r["number"]["iri"] for r in second["rows"]}
    assert len(seen) == total
    assert get_json(client, "/measures", page="99")["page"] == 2
    assert get_json(client, "/measures", page="x")["page"] == 1
    assert len(get_csv(client, "/measures")) == total  # the download holds every row
    html = client.get("/measures?page=2").get_data(as_text=True)
    assert f"第 51–{total} 条，共 {total} 条" in html and 'rel="prev"' in html


def test_targets_list(client):
    data = get_json(client, "/targets")
    assert data["total"] == 35
    assert facet(data, "year") == {"2020": 2, "2023": 6, "2025": 18, "2026": 2, "2027": 1, "2029": 6}
    assert facet(data, "unit")["%"] == 20 and sum(facet(data, "document").values()) == 35
    assert facet(data, "document")[NOTICE] == 7
    assert facet(data, "agency")[CIVIL] == 19
    rows = get_csv(client, "/targets", year="2029")
    assert len(rows) == 6 and {r["deadline"] for r in rows} == {"2029-12-31"}
    covered = next(r for r in rows if r["indicator"] == "区域养老服务中心乡镇覆盖率")
    assert (covered["comparator"], covered["value"], covered["unit"], covered["amount"]) == (">=", "80", "%", "≥ 80%")
    assert covered["measure_iri"] == NOTICE + "/measure/2" and covered["document_iri"] == NOTICE
    by_value = get_json(client, "/targets", sort="value", unit="%")["rows"]
    assert by_value[0]["value"] == "100"


def test_facet_links_add_and_remove_filters(client):
    data = get_json(client, "/measures", document=NOTICE)
    civil = next(v for f in data["facets"] if f["name"] == "agency" for v in f["values"] if v["value"] == CIVIL)
    assert civil["count"] == 16 + 8 and not civil["active"]
    narrowed = client.get(civil["url"]).get_json()
    assert narrowed["total"] == 24
    active = next(v for f in narrowed["facets"] if f["name"] == "agency" for v in f["values"] if v["value"] == CIVIL)
    assert active["active"]
    removed = client.get(narrowed["filters"][1]["remove"]).get_json()
    assert removed["total"] == 26 and [f["facet"] for f in removed["filters"]] == ["document"]
    html = client.get("/measures?" + urlencode({"agency": CIVIL})).get_data(as_text=True)
    assert "已选条件" in html and 'aria-current="true"' in html and "清除全部条件" in html


def test_twin_links_keep_every_filter(client):
    html = client.get("/measures?" + urlencode({"agency": [CIVIL, ID + "agency/220000/finance"]}, doseq=True))
    body = html.get_data(as_text=True)
    link = re.search(r'href="(/measures\.json\?[^"]+)"', body).group(1).replace("&amp;", "&")
    assert client.get(link).get_json()["total"] == get_json(
        client, "/measures", agency=[CIVIL, ID + "agency/220000/finance"])["total"] == 1


@pytest.mark.parametrize("path,name", [
    ("/documents", "kind"), ("/documents", "issuer"), ("/documents", "year"), ("/agencies", "level"),
    ("/agencies", "kind"), ("/measures", "agency"), ("/measures", "role"), ("/targets", "unit"),
])
def test_injection_like_filter_values_are_matched_as_text(client, path, name):
    for value in INJECTIONS:
        data = get_json(client, path, **{name: value})
        assert data["total"] == 0 and data["rows"] == [], value
        html = client.get(path + "?" + urlencode({name: value}))
        assert html.status_code == 200
        assert "<script>alert(1)</script>" not in html.get_data(as_text=True)
        assert client.get(path + ".csv?" + urlencode({name: value})).status_code == 200
    role = get_json(client, "/measures", agency=['" } ; DROP ALL ; {', CIVIL], role="lead")
    assert role["total"] == 0
    assert client.get("/index.json").get_json()["stats"]["documents"] == 5


def test_english_labels(client):
    data = client.get("/documents.json?lang=en").get_json()
    kinds = {v["value"]: v["label"] for f in data["facets"] if f["name"] == "kind" for v in f["values"]}
    assert kinds == {"Reply": "reply", "Notice": "notice"}
    agencies = client.get("/agencies.json?lang=en&level=provincial").get_json()
    assert agencies["rows"][0]["name"]["label"] == "Department of Civil Affairs of Jilin Province"
    html = client.get("/measures?lang=en").get_data(as_text=True)
    assert "Responsible agency" in html and "Has a target" in html
