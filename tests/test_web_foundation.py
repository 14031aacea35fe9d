"""The web app's shared parts: local assets, languages, messages, twins, CSV safety, an offline page."""

import re
from pathlib import Path

import pytest

from policykg.web import assets, i18n, twins
from policykg.web.twins import Link, Table

WEB = Path(__file__).resolve().parent.parent / "web"


@pytest.mark.parametrize("name", sorted(assets.manifest()))
def test_every_asset_is_installed_and_served(client, name):
    response = client.get(f"/assets/{name}")
    assert response.status_code == 200, f"{name}: run `make setup` (npm ci)"
    expected = "text/css" if name.endswith(".css") else "javascript"
    assert expected in response.mimetype
    assert len(response.data) > 10_000
    response.close()


def test_unknown_asset_is_404(client):
    assert client.get("/assets/../package.json").status_code == 404
    assert client.get("/assets/nothing.js").status_code == 404


def test_assets_come_from_the_lockfile():
    lock = (WEB.parent / "package-lock.json").read_text()
    for path in assets.manifest().values():
        package = path.split("/")[0] if not path.startswith("@") else "/".join(path.split("/")[:2])
        assert f'"node_modules/{package}"' in lock, package


def test_messages_have_both_languages_and_templates_use_only_known_keys():
    known = i18n.messages()
    assert all(set(texts) >= set(i18n.LANGUAGES) for texts in known.values())
    used = set()
    for path in WEB.rglob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*['"]([\w.]+)['"]""", path.read_text()))
    assert used, "templates use t('key') for their words"
    prefixes = {key for key in used if key.endswith(".")}  # t('network.kind.' ~ kind): keys built at run time
    assert all(any(k.startswith(p) for k in known) for p in prefixes), prefixes
    assert not used - prefixes - set(known), f"templates use undefined messages: {sorted(used - prefixes - set(known))}"


def test_chinese_by_default_and_english_by_switch(client):
    zh = client.get("/")
    assert '<html lang="zh-CN">' in zh.get_data(as_text=True)
    assert "首页" in zh.get_data(as_text=True)
    en = client.get("/?lang=en")
    body = en.get_data(as_text=True)
    assert '<html lang="en">' in body and ">Home<" in body
    assert "lang=en" in en.headers.get("Set-Cookie", "")
    client.set_cookie("lang", "en")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    client.delete_cookie("lang")


def test_unknown_language_falls_back(client):
    assert '<html lang="zh-CN">' in client.get("/?lang=xx").get_data(as_text=True)


def test_term_labels_come_from_the_ontology(app):
    with app.test_request_context("/?lang=en"):
        assert i18n.term_label("pko:Measure").lower() == "measure"
    with app.test_request_context("/"):
        assert i18n.term_label("pko:Measure") == "措施"
        assert i18n.term_label("http://example.org/x") == "http://example.org/x"


def test_unknown_message_fails_loudly(app):
    with app.test_request_context("/"), pytest.raises(KeyError, match="no message"):
        i18n.t("no.such.key")


def test_csv_cells_that_could_be_formulas_are_neutralised():
    table = Table([("name", "x"), ("who", "y")], [
        {"name": "=HYPERLINK(\"http://evil\")", "who": Link("https://w3id.org/policykg/id/agency/a", "+cmd")},
        {"name": "-1", "who": None},
        {"name": "省民政厅", "who": Link("https://w3id.org/policykg/id/agency/b", "@x")},
    ])
    text = twins.table_csv(table)
    lines = text.splitlines()
    assert lines[0] == "name,who,who_iri"
    assert lines[1].startswith("\"'=HYPERLINK") and ",'+cmd," in lines[1]
    assert lines[2] == "'-1,,"
    assert lines[3] == "省民政厅,'@x,https://w3id.org/policykg/id/agency/b"


def test_our_iris_link_to_local_pages():
    assert twins.href("https://w3id.org/policykg/id/doc/abc") == "/id/doc/abc"
    assert twins.href("http://example.org/x") == "http://example.org/x"


def test_pages_load_nothing_from_outside(client):
    body = client.get("/").get_data(as_text=True)
    for url in re.findall(r"""(?:src|href)=["']([^"']+)["']""", body):
        assert not re.match(r"(https?:)?//", url), url


def test_home_page_in_a_real_browser_is_offline_and_chinese(page, live_server):
    page.goto(live_server + "/")
    assert page.locator("header.site nav a").first.inner_text() == "首页"
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**lang=en")
    assert page.locator("html").get_attribute("lang") == "en"


def test_every_response_carries_the_security_headers(client):
    for url in ("/", "/index.json", "/assets/chart.js", "/nothing-here"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        response.close()


def test_templates_hold_no_inline_scripts_or_handlers():
    for path in WEB.rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.S):
            attrs, body = match.groups()
            assert "src=" in attrs or 'type="application/json"' in attrs or not body.strip(), (path, attrs)
        assert not re.search(r"\son[a-z]+\s*=", text), f"{path}: inline event handler"
        assert "javascript:" not in text, path
