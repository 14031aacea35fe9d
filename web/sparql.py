"""``/sparql``: run a SPARQL query (GET or POST) with results as HTML, JSON, CSV or TSV (or Turtle)."""

import io
import json

from flask import Blueprint, Response, current_app, render_template, request
from flask.typing import ResponseReturnValue

from policykg.errors import PolicyKGError, QueryError
from policykg.kg import results
from policykg.kg.sparql import run_query
from policykg.kg.store import GraphResult, SelectResult
from policykg.ontology.namespace import PREFIXES
from policykg.web.storage import get_store

bp = Blueprint("sparql", __name__)

FORMATS = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
}
EXAMPLE = "SELECT ?measure ?text WHERE {\n  ?measure a pko:Measure ; dcterms:description ?text .\n} LIMIT 10"


class UpdateRefused(PolicyKGError):
    """An update sent to the read-only endpoint."""

    status = 403
    kind = "read-only"


def _format() -> str:
    """Result format from the format parameter, else from the Accept header."""
    fmt = request.values.get("format")
    if fmt:
        if fmt not in FORMATS and fmt not in ("turtle", "ttl"):
            raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        return fmt
    best = request.accept_mimetypes.best_match([*FORMATS.values(), "application/json"])
    if best == "application/json":
        return "json"
    return next((k for k, v in FORMATS.items() if v == best), "html")


def _query_text() -> str | None:
    """The query of the request (GET/POST form, or a POST body of type application/sparql-query)."""
    if request.method == "POST" and request.mimetype == "application/sparql-query":
        return request.get_data(as_text=True)
    if request.mimetype == "application/sparql-update" or "update" in request.form:
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted")
    return request.values.get("query")


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> ResponseReturnValue:
    """SPARQL query endpoint and a plain HTML form."""
    query = _query_text()
    fmt = _format()
    if not query:
        if fmt == "html":
            return render_template("sparql.html", query=EXAMPLE, result=None, prefixes=PREFIXES)
        raise QueryError("missing query parameter")
    result = run_query(get_store(), query)
    if isinstance(result, GraphResult):
        buf = io.BytesIO()
        results.write_graph(result, buf, "turtle")
        return Response(buf.getvalue(), mimetype="text/turtle")
    if fmt == "json":
        body = json.dumps(results.to_sparql_json(result), ensure_ascii=False)
        return Response(body, mimetype=FORMATS["json"])
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        (results.write_csv if fmt == "csv" else results.write_tsv)(result, buf)
        return Response(buf.getvalue(), mimetype=FORMATS[fmt] + "; charset=utf-8")
    cap = int(current_app.config["MAX_ROWS_HTML"])
    truncated = isinstance(result, SelectResult) and len(result.rows) > cap
    return render_template("sparql.html", query=query, result=result, cap=cap, truncated=truncated,
                           prefixes=PREFIXES, text=results.term_to_text)
