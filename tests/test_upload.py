"""Upload: a token-protected form (with a CSRF token) and a Bearer-token API ingest one document of any
supported format into the app's store, all or nothing; size, type, token and CSRF are checked first."""

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset
from test_readers import NUMBER, html_page, write_docx, write_pdf, write_txt

from policykg.kg.store import SelectResult, open_store
from policykg.loaders import ids
from policykg.web import create_app
from policykg.web.storage import close_store, get_store

DOCS = Path(__file__).resolve().parent / "fixtures" / "docs"
SAMPLE = DOCS / "f01_gwyb_2020_shequ_jujia.txt"
TOKEN = "t0k"
API = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def upload_app(tmp_path: Path) -> Iterator[object]:
    """An app over a fresh embedded store of its own, with upload on."""
    app = create_app({"STORE": str(tmp_path / "store"), "UPLOAD_TOKEN": TOKEN, "TESTING": True})
    yield app
    close_store(app)


@pytest.fixture
def up(upload_app) -> object:
    """Test client of the upload app."""
    return upload_app.test_client()  # type: ignore[attr-defined]


def all_quads(app) -> set[tuple[str, ...]]:
    """Every quad of the app's store as N-Triples text."""
    with app.app_context():
        result = get_store().query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(result, SelectResult)
    return {tuple(r[v].n3() for v in ("g", "s", "p", "o")) for r in result.rows}  # type: ignore[union-attr]


def source_files(app) -> list[str]:
    """The pko:sourceFile labels in the store."""
    with app.app_context():
        result = get_store().query("SELECT ?f WHERE { ?d <https://w3id.org/policykg/ontology#sourceFile> ?f }")
    assert isinstance(result, SelectResult)
    return sorted(str(r["f"]) for r in result.rows)


def csrf(client) -> str:
    """The CSRF token of the client's session, read from the form."""
    html = client.get("/upload").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def api_upload(client, data: bytes, name: str, headers: dict | None = None):
    """POST a file the way an API client does."""
    return client.post("/upload", data={"file": (io.BytesIO(data), name)}, headers=API if headers is None else headers,
                       content_type="multipart/form-data")


def test_form_upload_shows_what_was_extracted(upload_app, up):
    html = up.get("/upload").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html and '<label for="upload-file">文件</label>' in html
    assert '<label for="upload-token">上传口令</label>' in html
    r = up.post("/upload", data={"csrf_token": csrf(up), "token": TOKEN,
                                 "file": (io.BytesIO(SAMPLE.read_bytes()), "社区居家养老.txt")},
                content_type="multipart/form-data")
    assert r.status_code == 201, r.get_data(as_text=True)
    html = r.get_data(as_text=True)
    key = ids.document_key(SAMPLE.read_bytes())
    assert r.headers["Location"] == f"/id/doc/{key}"
    assert f'<a href="/id/doc/{key}">国务院办公厅关于加快发展社区居家养老服务的意见</a>' in html
    assert "<dd>国办发〔2020〕38号</dd>" in html and "<dd>意见</dd>" in html
    assert re.search(r'class="num-measures">\d+<', html)
    assert '<a href="/id/agency/cn/state-council-general-office">' in html or "国务院办公厅" in html
    assert source_files(upload_app) == ["社区居家养老.txt"]
    assert up.get("/index.json").get_json()["stats"]["documents"] == 1


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf", "html"])
def test_api_upload_of_every_format(upload_app, up, tmp_path, fmt):
    if fmt == "html":
        data = html_page().encode("gb2312")
    else:
        data = {"txt": write_txt, "docx": write_docx, "pdf": write_pdf}[fmt](tmp_path).read_bytes()
    r = api_upload(up, data, f"notice.{fmt}")
    assert r.status_code == 201, r.get_data(as_text=True)
    body = r.get_json()
    key = ids.document_key(data)
    assert body["document"] == f"https://w3id.org/policykg/id/doc/{key}" and body["page"] == f"/id/doc/{key}"
    assert (body["title"], body["number"], body["kind"]) == ("长春市养老服务提质增效若干措施", NUMBER, "pko:Notice")
    assert (body["measures"], body["targets"]) == (5, 2)  # 2025年底前…全覆盖, 覆盖率达到100%
    assert "长春市民政局" in {a["label"] for a in body["agencies"]}
    assert body["file"] == f"notice.{fmt}"
    with upload_app.app_context():
        assert get_store().quad_count(str(ids.document_graph(key))) == body["triples"]


def test_reupload_is_idempotent(upload_app, up):
    data = SAMPLE.read_bytes()
    assert api_upload(up, data, SAMPLE.name).status_code == 201
    before = all_quads(upload_app)
    again = api_upload(up, data, SAMPLE.name)
    assert again.status_code == 201
    assert all_quads(upload_app) == before
    assert {g for g, *_ in before} >= {f"<{ids.registry_graph()}>", f"<{ids.ontology_graph()}>"}


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty file"),
    (b"\x00\x01\x02binary\x00data" * 50, "binary file"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "PNG images are not supported"),
    (b"PK\x03\x04not really a zip", "corrupt ZIP"),
    (b"hello world, this is not a policy document at all", "not a policy document"),
])
def test_bad_files_are_refused_and_change_nothing(upload_app, up, data, reason):
    assert api_upload(up, SAMPLE.read_bytes(), SAMPLE.name).status_code == 201
    before = all_quads(upload_app)
    r = api_upload(up, data, "bad.docx")
    assert r.status_code == 400
    assert r.get_json()["message"].startswith("bad.docx: ") and reason in r.get_json()["message"]
    assert all_quads(upload_app) == before


def test_a_bad_file_leaves_a_fresh_store_empty(upload_app, up):
    assert api_upload(up, b"hello", "x.txt").status_code == 400
    with upload_app.app_context():
        assert get_store().graphs() == []


def test_bad_form_upload_shows_the_form_with_the_error(up):
    r = up.post("/upload", data={"csrf_token": csrf(up), "token": TOKEN, "file": (io.BytesIO(b"\x00" * 99), "a.pdf")},
                content_type="multipart/form-data")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and 'class="error box" role="alert">a.pdf: ' in html and 'name="file"' in html


def test_upload_is_off_without_a_token(tmp_path):
    app = create_app({"STORE": str(tmp_path / "store"), "UPLOAD_TOKEN": "", "TESTING": True})
    try:
        client = app.test_client()
        page = client.get("/upload").get_data(as_text=True)
        assert "本服务器未开启上传" in page and 'name="file"' not in page
        assert client.get("/upload.json").get_json()["enabled"] is False
        r = api_upload(client, SAMPLE.read_bytes(), SAMPLE.name, headers={"Authorization": "Bearer "})
        assert r.status_code == 403 and "upload is off" in r.get_json()["message"]
        form = client.post("/upload", data={"token": "", "file": (io.BytesIO(b"x"), "a.txt")},
                           content_type="multipart/form-data")
        assert form.status_code == 403
        with app.app_context():
            assert get_store().graphs() == []
    finally:
        close_store(app)


def test_wrong_or_missing_token_is_403(upload_app, up):
    data = SAMPLE.read_bytes()
    assert api_upload(up, data, "a.txt", headers={"Authorization": "Bearer t0k-not"}).status_code == 403
    assert api_upload(up, data, "a.txt", headers={"Authorization": "Basic dDBrOg=="}).status_code == 403
    token = csrf(up)
    for sent in ("", "T0K", "t0k "):
        r = up.post("/upload", data={"csrf_token": token, "token": sent, "file": (io.BytesIO(data), "a.txt")},
                    content_type="multipart/form-data")
        assert r.status_code == 403
    assert up.post("/upload", data={"csrf_token": token, "file": (io.BytesIO(data), "a.txt")},
                   content_type="multipart/form-data").status_code == 403
    with upload_app.app_context():
        assert get_store().graphs() == []


def test_form_without_the_session_csrf_token_is_refused(upload_app, up):
    data = {"token": TOKEN}
    missing = up.post("/upload", data={**data, "file": (io.BytesIO(SAMPLE.read_bytes()), "a.txt")},
                      content_type="multipart/form-data")
    assert missing.status_code == 400 and "security token" in missing.get_data(as_text=True)
    csrf(up)  # the session now has a token, but the form sends another one
    forged = up.post("/upload", data={**data, "csrf_token": "x" * 43,
                                      "file": (io.BytesIO(SAMPLE.read_bytes()), "a.txt")},
                     content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert forged.status_code == 400 and forged.get_json()["error"] == "csrf"
    other = upload_app.test_client()  # a token from another session does not count
    stolen = up.post("/upload", data={**data, "csrf_token": csrf(other),
                                      "file": (io.BytesIO(SAMPLE.read_bytes()), "a.txt")},
                     content_type="multipart/form-data")
    assert stolen.status_code == 400
    with upload_app.app_context():
        assert get_store().graphs() == []


def test_size_limit_is_413(tmp_path):
    app = create_app({"STORE": str(tmp_path / "store"), "UPLOAD_TOKEN": TOKEN, "MAX_UPLOAD_BYTES": 4000,
                      "TESTING": True})
    try:
        client = app.test_client()
        data = SAMPLE.read_bytes()
        assert len(data) > 4000
        r = api_upload(client, data[:4001], "big.txt")
        assert r.status_code == 413 and "4,000 bytes" in r.get_json()["message"]
        huge = api_upload(client, data * 40, "huge.txt")  # over the limit with the envelope: refused unread
        assert huge.status_code == 413 and "max_upload_bytes" in huge.get_json()["message"]
        page = client.post("/upload", data={"csrf_token": csrf(client), "token": TOKEN,
                                            "file": (io.BytesIO(data * 40), "huge.txt")},
                           content_type="multipart/form-data")
        assert page.status_code == 413 and "4,000" in page.get_data(as_text=True)
        with app.app_context():
            assert get_store().graphs() == []
    finally:
        close_store(app)


def test_file_name_is_only_a_label(upload_app, up, tmp_path):
    r = api_upload(up, SAMPLE.read_bytes(), "../../evil/..\\通知 <x>|y?.txt")
    assert r.status_code == 201
    assert r.get_json()["file"] == "通知 _x__y_.txt"
    assert source_files(upload_app) == ["通知 _x__y_.txt"]
    assert not list(tmp_path.parent.glob("**/evil"))


def test_missing_file_field_is_400(up):
    r = up.post("/upload", data={"other": "x"}, headers=API)
    assert r.status_code == 400 and "`file`" in r.get_json()["message"]


def test_upload_then_export_on_a_remote_store(oxigraph_server):
    with open_store(oxigraph_server, update_url="", gsp_url="", user="", password="") as remote:
        for graph in remote.graphs():
            remote.drop_graph(graph)
    app = create_app({"STORE": oxigraph_server, "UPLOAD_TOKEN": TOKEN, "TESTING": True})
    try:
        client = app.test_client()
        r = api_upload(client, SAMPLE.read_bytes(), SAMPLE.name)
        assert r.status_code == 201, r.get_data(as_text=True)
        graph = str(ids.document_graph(ids.document_key(SAMPLE.read_bytes())))
        before = all_quads(app)
        assert api_upload(client, b"\x00binary\x00" * 40, "bad.txt").status_code == 400
        assert all_quads(app) == before
        exported = client.get("/export.trig", query_string={"graph": graph})
        assert exported.status_code == 200
        ds = Dataset()
        ds.parse(data=exported.get_data(), format="trig")
        assert len(list(ds.quads())) == r.get_json()["triples"]
    finally:
        close_store(app)
