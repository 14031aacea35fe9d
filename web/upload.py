"""``/upload``: add one document (txt, docx, pdf, html) to the store, from an HTML form or an API call.

Upload is off unless the ``upload_token`` setting is set. The form sends the token in the field ``token`` and
carries a CSRF token bound to the session; an API client sends ``Authorization: Bearer <token>`` and needs no
CSRF token. The file's bytes decide its format (the readers refuse anything else); its name is kept only as
the document's ``pko:sourceFile`` label. Ingest is all or nothing: a file that cannot be loaded leaves the
store unchanged.
"""

import secrets
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestEntityTooLarge

from policykg.errors import Forbidden, InputError, PolicyKGError
from policykg.kg.ingest import ingest_upload
from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.store import SelectResult
from policykg.kg.terms import iri_ref
from policykg.ontology.namespace import PKO_IRI
from policykg.web import csrf
from policykg.web.errors import wants_json
from policykg.web.i18n import current_language, t, term_label
from policykg.web.storage import get_store
from policykg.web.twins import Link, href, render, twin

bp = Blueprint("upload", __name__)

ENVELOPE_BYTES = 64 * 1024  # room for the multipart envelope and the small form fields around the file
FORMATS = ("txt", "docx", "pdf", "html")
KINDS = ("pko:Notice", "pko:Opinion", "pko:Plan", "pko:Reply", "pko:PolicyDocument")  # most specific first

DOCUMENT_QUERY = PREFIX_HEADER + """
SELECT ?title ?number ?date ?type WHERE {{
  BIND({doc} AS ?doc)
  OPTIONAL {{ ?doc dcterms:title ?title }}
  OPTIONAL {{ ?doc eli:id_local ?number }}
  OPTIONAL {{ ?doc eli:date_document ?date }}
  OPTIONAL {{ ?doc a ?type FILTER(?type IN ({kinds})) }}
}}
"""
AGENCIES_QUERY = PREFIX_HEADER + """
SELECT ?agency (SAMPLE(?zh) AS ?labelZh) (SAMPLE(?en) AS ?labelEn) (SAMPLE(?any) AS ?label) WHERE {{
  {doc} pko:mentions ?agency .
  OPTIONAL {{ ?agency skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }}
  OPTIONAL {{ ?agency skos:prefLabel ?en FILTER(LANG(?en) = "en") }}
  OPTIONAL {{ ?agency skos:prefLabel ?any }}
}}
GROUP BY ?agency
ORDER BY ?labelZh ?agency
"""


class TooLarge(PolicyKGError):
    """An upload over the size limit."""

    status = 413
    kind = "too-large"


def init_app(app: Flask) -> None:
    """CSRF tokens for the form; the session cookie is sent only with same-site requests."""
    csrf.init_app(app)
    if not app.config.get("SESSION_COOKIE_SAMESITE"):
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"


def configured_token() -> str:
    """The upload token of the app ('' = upload is off)."""
    return str(current_app.config.get("UPLOAD_TOKEN") or "")


def max_bytes() -> int:
    """Largest accepted file, in bytes."""
    return int(current_app.config["MAX_UPLOAD_BYTES"])


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer`` header, or None when the request has none."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def is_api() -> bool:
    """True for an API call (Bearer token) or a client that asked for JSON."""
    return bearer_token() is not None or wants_json()


def too_large_message() -> str:
    """The 413 message, with the limit."""
    return f"the file is larger than the upload limit of {max_bytes():,} bytes (setting max_upload_bytes)"


@bp.errorhandler(PolicyKGError)
def upload_error(e: PolicyKGError) -> ResponseReturnValue:
    """Errors of an API call as JSON (whatever its Accept header), of the form as a page with the form."""
    if is_api():
        return e.to_dict(), e.status
    return render_template("upload/form.html", view=form_view(), error=e.message), e.status


def form_view() -> dict[str, Any]:
    """The plain value behind the upload page."""
    return {"enabled": bool(configured_token()), "max_upload_bytes": max_bytes(), "formats": list(FORMATS),
            "api": {"method": "POST", "url": "/upload", "file_field": "file",
                    "token": "Authorization: Bearer <token> (or the form field token)"}}


@twin(bp, "/upload", formats=("html", "json"), methods=["GET"])
def form(fmt: str) -> ResponseReturnValue:
    """The upload form (or a note that upload is off)."""
    return render(fmt, form_view(), "upload/form.html", error=None)


@bp.post("/upload")
def submit() -> ResponseReturnValue:
    """Ingest the posted file; 201 with what was extracted (a page for the form, JSON for the API)."""
    expected = configured_token()
    if not expected:
        raise Forbidden("upload is off: the server has no upload token (setting upload_token)")
    api_token = bearer_token()
    if api_token is not None and not _same(api_token, expected):
        raise Forbidden("wrong upload token")
    limit = max_bytes() + ENVELOPE_BYTES
    if (request.content_length or 0) > limit:
        raise TooLarge(too_large_message())
    request.max_content_length = limit  # also stops a body sent without Content-Length
    try:
        posted = request.files.get("file")
        if api_token is None:
            if not _same(request.form.get("token", ""), expected):
                raise Forbidden("wrong or missing upload token")
            csrf.check_csrf()
    except RequestEntityTooLarge:
        raise TooLarge(too_large_message()) from None
    if posted is None:
        raise InputError("no file: send the document as the multipart form field `file`")
    data = posted.stream.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise TooLarge(too_large_message())
    loaded = ingest_upload(get_store(), data, posted.filename)
    view = result_view(loaded.iri, loaded.file, loaded.measures, loaded.targets, loaded.citations, loaded.triples)
    if is_api():
        response = jsonify(_plain(view))
        response.status_code = 201
        response.headers["Location"] = href(loaded.iri)
        return response
    body = render_template("upload/result.html", view=view)
    return Response(body, status=201, mimetype="text/html", headers={"Location": href(loaded.iri)})


def _same(sent: str, expected: str) -> bool:
    """Constant-time comparison of a sent token with the configured one."""
    return secrets.compare_digest(sent.encode("utf-8"), expected.encode("utf-8"))


def result_view(iri: str, file: str, measures: int, targets: int, citations: int, triples: int) -> dict[str, Any]:
    """What the store now holds about the uploaded document (read back through SPARQL)."""
    store = get_store()
    kinds = ", ".join(KINDS)
    meta = store.query(DOCUMENT_QUERY.format(doc=iri_ref(iri), kinds=kinds))
    assert isinstance(meta, SelectResult)
    found = {str(r["type"]) for r in meta.rows if r.get("type") is not None}
    first = meta.rows[0] if meta.rows else {}
    kind = next((k for k in KINDS if _expand(k) in found), None)
    agencies = store.query(AGENCIES_QUERY.format(doc=iri_ref(iri)))
    assert isinstance(agencies, SelectResult)
    lang = current_language()
    return {
        "document": Link(iri, _text(first.get("title")) or iri),
        "page": href(iri),
        "file": file,
        "title": _text(first.get("title")),
        "kind": kind,
        "kind_label": term_label(kind) if kind else None,
        "number": _text(first.get("number")),
        "date": _text(first.get("date")),
        "measures": measures,
        "targets": targets,
        "citations": citations,
        "triples": triples,
        "agencies": [Link(str(r["agency"]), _text(r.get("labelEn" if lang == "en" else "labelZh"))
                          or _text(r.get("label")) or str(r["agency"])) for r in agencies.rows],
    }


def _expand(prefixed: str) -> str:
    """Full IRI of a ``pko:`` name."""
    return PKO_IRI + prefixed.split(":", 1)[1]


def _text(term: object) -> str | None:
    """A term's text, or None."""
    return None if term is None else str(term)


def _plain(view: dict[str, Any]) -> dict[str, Any]:
    """The JSON answer of the API."""
    out = {k: v for k, v in view.items() if k not in ("document", "agencies", "kind_label")}
    out["document"] = view["document"].iri
    out["agencies"] = [{"iri": a.iri, "label": a.label} for a in view["agencies"]]
    out["message"] = t("upload.done")
    return out
