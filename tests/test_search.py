"""/search over the Jilin corpus: substring matching in Chinese, grouping by kind, highlighting, safety."""

from urllib.parse import urlencode

ID = "https://w3id.org/policykg/id/"
NOTICE = ID + "doc/83fdeee7b1d986e9"
CIVIL = ID + "agency/220000/civil-affairs"


def search(client, q: str, **params) -> dict:
    """The JSON twin of a search."""
    response = client.get("/search.json?" + urlencode({"q": q, **params}))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def kind(data: dict, name: str) -> dict:
    """The group of one kind."""
    return next(k for k in data["kinds"] if k["kind"] == name)


def test_search_finds_the_notice_by_a_word_of_its_title(client):
    data = search(client, "养老")
    documents = kind(data, "documents")
    assert documents["count"] == 2
    notice = next(h for h in documents["hits"] if h["link"]["iri"] == NOTICE)
    assert notice["link"]["label"] == "关于深化养老服务改革发展的若干措施"
    assert ["养老", True] in notice["segments"]
    assert kind(data, "measures")["count"] > 8
    assert data["total"] == sum(k["count"] for k in data["kinds"])


def test_agency_abbreviations_find_the_full_name(client):
    hits = kind(search(client, "民政厅"), "agencies")["hits"]
    assert [h["link"] for h in hits] == [{"iri": CIVIL, "label": "吉林省民政厅"}]
    alias = kind(search(client, "人社厅"), "agencies")["hits"]
    assert alias[0]["link"]["label"] == "吉林省人力资源和社会保障厅" and alias[0]["text"] == "吉林省人社厅"
    assert not alias[0]["same"]


def test_only_agencies_that_documents_reference_are_found(client):
    hits = kind(search(client, "辽宁省"), "agencies")
    assert hits["count"] == 0  # the registry knows 辽宁省民政厅, but no document names it


def test_cited_documents_targets_and_numbers(client):
    cited = kind(search(client, "国办发"), "cited")["hits"]
    assert any(h["link"]["label"] == "关于推进养老服务发展的意见" and h["number"] == "国办发〔2019〕5号" for h in cited)
    targets = kind(search(client, "护理型床位"), "targets")
    assert {h["text"] for h in targets["hits"]} == {"护理型床位占比", "公办养老机构护理型床位占比"}
    assert all(h["context"]["iri"].startswith(ID + "doc/") for h in targets["hits"])
    by_number = kind(search(client, "吉民发〔2025〕20号"), "documents")["hits"]
    assert [h["link"]["iri"] for h in by_number] == [NOTICE]


def test_latin_letters_match_in_any_case(client):
    lower = kind(search(client, "w31"), "documents")
    assert lower["count"] == 1 and ["W31", True] in lower["hits"][0]["segments"]


def test_quotes_are_searchable_text(client):
    hits = kind(search(client, "PEOPLE'S BANK"), "agencies")["hits"]
    assert hits[0]["link"]["iri"] == ID + "agency/220000/pboc-branch"
    assert hits[0]["text"] == "Jilin Province Branch of the People's Bank of China"
    assert ["People's Bank", True] in hits[0]["segments"]


def test_cap_per_kind_and_more_link(client):
    data = search(client, "养老")
    measures = kind(data, "measures")
    count = measures["count"]
    assert 8 < count <= 50
    assert len(measures["hits"]) == 8 and measures["more"] == "/search.json?q=%E5%85%BB%E8%80%81&kind=measures"
    assert all(len(h["text"]) > 0 and any(hit for _, hit in h["segments"]) for h in measures["hits"])
    everything = client.get(measures["more"]).get_json()
    assert [k["kind"] for k in everything["kinds"]] == ["measures"] and everything["pages"] == 1
    assert len({h["link"]["iri"] for h in everything["kinds"][0]["hits"]}) == count
    assert all("养老" in h["text"] for h in everything["kinds"][0]["hits"])
    assert everything["next"] is None and everything["all"] == "/search.json?q=%E5%85%BB%E8%80%81"


def test_search_page_html_highlights_and_escapes(client):
    count = kind(search(client, "养老"), "measures")["count"]
    html = client.get("/search?q=" + "养老").get_data(as_text=True)
    assert "<mark>养老</mark>" in html and 'href="/id/doc/83fdeee7b1d986e9"' in html
    assert f"查看全部 {count} 项措施" in html
    hostile = client.get("/search?" + urlencode({"q": "<img src=x onerror=alert(1)>"})).get_data(as_text=True)
    assert "<img src=x" not in hostile and "&lt;img src=x onerror=alert(1)&gt;" in hostile


def test_empty_query_shows_the_hint(client):
    for url in ("/search", "/search?q=", "/search?q=%20%20"):
        response = client.get(url)
        assert response.status_code == 200
        assert "例如“养老”" in response.get_data(as_text=True)
    assert search(client, "")["kinds"] == []


def test_injection_like_queries_are_text(client):
    for q in ['" } ; DROP ALL ; {', "'x'", "#!", "a\nb", "\\", '")) } UNION { ?s ?p ?o } #', "%_%"]:
        data = search(client, q)
        assert data["total"] == 0, q
        assert client.get("/search?" + urlencode({"q": q})).status_code == 200
    assert search(client, "措施")["total"] > 0
    assert client.get("/index.json").get_json()["stats"]["documents"] == 5


def test_header_search_form_submits_here(client):
    html = client.get("/documents").get_data(as_text=True)
    assert 'action="/search"' in html and 'name="q"' in html
