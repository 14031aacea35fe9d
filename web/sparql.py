"""``/sparql``: the read-only W3C SPARQL 1.1 Protocol endpoint, and an HTML form with a results table for people.

The protocol rules (request forms, refusals, content negotiation) live in ``web/protocol.py``; this module runs
the query and renders the answer: SPARQL JSON / XML / CSV / TSV, an RDF format, or the page.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from policykg.errors import PolicyKGError, QueryError
from policykg.kg import results
from policykg.kg.querypool import QueryTimeout
from policykg.kg.querytext import inspect_query
from policykg.kg.sparql import run_query, with_prefixes
from policykg.kg.store import AskResult, QueryResult
from policykg.ontology.namespace import PREFIXES
from policykg.web import protocol
from policykg.web.storage import get_store
from policykg.web.twins import href

bp = Blueprint("sparql", __name__)

EXAMPLE = "SELECT ?measure ?text WHERE {\n  ?measure a pko:Measure ; dcterms:description ?text .\n} LIMIT 10"
# Download links under an HTML result: (format parameter, label), per kind of result.
DOWNLOADS = {
    "results": (("csv", "CSV"), ("tsv", "TSV"), ("json", "JSON"), ("xml", "XML")),
    "graph": (("turtle", "Turtle"), ("ntriples", "N-Triples"), ("jsonld", "JSON-LD"), ("xml", "RDF/XML"),
              ("csv", "CSV")),
}


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"], provide_automatic_options=False)
def endpoint() -> ResponseReturnValue:
    """Answer a SPARQL query (GET, form POST or direct POST); a browser gets the form and a results table."""
    if request.method == "OPTIONS":
        return Response(status=204, headers=protocol.PREFLIGHT_HEADERS)
    req = protocol.read_request()
    if req.query is None:
        if protocol.wants_html(by_default=True):
            return _page(query=EXAMPLE)
        raise QueryError("missing query: send the SPARQL query as the `query` parameter (GET or form POST) "
                         "or as an application/sparql-query body")
    shape = inspect_query(with_prefixes(req.query)[0])
    protocol.refuse_unsafe(shape)
    default_graphs, named_graphs = protocol.dataset(req, shape)
    started = time.perf_counter()
    limit = _client_timeout()
    try:
        result = run_query(get_store(), req.query, default_graphs=default_graphs, named_graphs=named_graphs,
                           timeout=limit)
    except QueryTimeout as exc:
        if limit is not None and limit < float(current_app.config["QUERY_TIMEOUT"]):
            raise QueryError(f"the query was stopped at the time limit you set (timeout={limit:g} s)") from exc
        raise
    elapsed_ms = (time.perf_counter() - started) * 1000
    kind = protocol.result_kind(result)
    fmt = protocol.negotiate(kind)
    if fmt == "html":
        return _page(query=req.query, result=result, kind=kind, elapsed_ms=elapsed_ms, dataset=_dataset_pairs())
    body = results.serialize(result, fmt)
    mimetype = protocol.media_type(kind, fmt)
    if mimetype.startswith("text/"):
        mimetype += "; charset=utf-8"
    return Response(body, content_type=mimetype, headers={"Vary": "Accept"})


def _client_timeout() -> float | None:
    """The ``timeout`` parameter (seconds): a client may lower the server's time limit for its query."""
    raw = request.values.get("timeout")
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise QueryError(f"timeout must be a number of seconds, not {raw!r}") from None
    if not 0 < value <= 3600:
        raise QueryError("timeout must be more than 0 and at most 3600 seconds")
    return value


def _dataset_pairs() -> list[tuple[str, str]]:
    """The request's protocol dataset parameters, to keep them in links and the form."""
    return [(name, value) for name in ("default-graph-uri", "named-graph-uri")
            for value in request.values.getlist(name)]


def query_url(query: str, fmt: str | None = None, dataset: list[tuple[str, str]] | None = None) -> str:
    """The GET URL of a query on this endpoint (with a ``format`` for download links)."""
    pairs = [("query", query), *(dataset or [])]
    if fmt:
        pairs.append(("format", fmt))
    return url_for("sparql.endpoint") + "?" + urlencode(pairs)


def cell(term: Node | None) -> dict[str, str] | None:
    """A result term for the HTML table: text, link (our IRIs open their local page), note (language, type)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"text": results.compact(term), "href": href(str(term)), "title": str(term), "note": ""}
    if isinstance(term, BNode):
        return {"text": f"_:{term}", "href": "", "title": "", "note": ""}
    if isinstance(term, Literal):
        note = ""
        if term.language:
            note = "@" + term.language
        elif term.datatype is not None and str(term.datatype) != str(XSD.string):
            note = results.compact(URIRef(term.datatype))
        return {"text": str(term), "href": "", "title": "", "note": note}
    return {"text": str(term), "href": "", "title": "", "note": ""}


def _page(query: str, result: QueryResult | None = None, kind: str = "results", elapsed_ms: float = 0.0,
          dataset: list[tuple[str, str]] | None = None, error: PolicyKGError | None = None,
          status: int = 200) -> Response:
    """The HTML page: the form, then the result table (capped) with download links, or the error."""
    cap = int(current_app.config["MAX_ROWS_HTML"])
    context: dict[str, Any] = {"query": query, "result": result, "error": error, "dataset": dataset or [],
                               "prefixes": PREFIXES, "cap": cap, "elapsed_ms": elapsed_ms, "kind": kind,
                               "chosen_format": request.values.get("format", "html")}
    if result is not None and not isinstance(result, AskResult):
        columns, rows = results.tabular(result)
        context.update(columns=columns, rows=[[cell(t) for t in row] for row in rows[:cap]], total=len(rows),
                       truncated=len(rows) > cap,
                       downloads=[(label, query_url(query, fmt, dataset)) for fmt, label in DOWNLOADS[kind]])
    html = render_template("sparql.html", **context)
    return Response(html, status=status, mimetype="text/html", headers={"Vary": "Accept"})


def _submitted_query() -> str:
    """The query text of the request, for redisplay after an error (never raises)."""
    if request.method == "POST" and request.mimetype == protocol.DIRECT:
        return request.get_data().decode("utf-8", "replace")
    return request.values.get("query", "")


@bp.errorhandler(PolicyKGError)
def error(e: PolicyKGError) -> ResponseReturnValue:
    """Errors of the endpoint: the page with the message for browsers, else JSON or plain text."""
    if protocol.wants_html():
        return _page(query=_submitted_query() or EXAMPLE, error=e, status=e.status, dataset=_dataset_pairs())
    wanted = request.values.get("format", "").strip().lower()
    best = request.accept_mimetypes.best_match(["text/plain", "application/json"])
    if wanted == "json" or (not wanted and best == "application/json"):
        return e.to_dict(), e.status
    return Response(e.message + "\n", status=e.status, content_type="text/plain; charset=utf-8")


@bp.after_request
def cors(response: Response) -> Response:
    """Any site may read the endpoint's answers (it is read-only and uses no credentials)."""
    for name, value in protocol.CORS_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
