"""The W3C SPARQL 1.1 Protocol, read side: which query a request carries, what it may do, which format answers.

* ``read_request`` takes the query and the protocol dataset (``default-graph-uri``, ``named-graph-uri``) from a
  GET, a form POST or a direct ``application/sparql-query`` POST, refusing malformed requests (400/415).
* ``inspect_query`` reads a query with a small SPARQL lexer (comments, strings and IRIs are skipped, keywords
  compared case-insensitively): its form, any update keyword, ``SERVICE``, and its FROM / FROM NAMED graphs.
  ``refuse_unsafe`` turns updates into 403 (read-only endpoint) and SERVICE / LOAD into 403 (no outbound
  requests from the server).
* ``negotiate`` picks the result format from the ``format`` parameter, else the Accept header (406 when
  nothing acceptable is offered). The tables below are the whole mapping.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import request

from policykg.errors import Forbidden, PolicyKGError, QueryError
from policykg.kg.querytext import QueryShape
from policykg.kg.store import GraphResult, QueryResult
from policykg.kg.terms import iri_ref

# Media types offered for SELECT / ASK results, preferred first (the first is the answer to */*).
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
# Media types offered for CONSTRUCT / DESCRIBE results, preferred first.
GRAPH_MEDIA = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
# Further Accept media types understood as one of the formats above.
RESULT_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
GRAPH_ALIASES = {"application/json": "jsonld", "application/xml": "xml", "text/xml": "xml"}
# Names accepted by the ``format`` parameter (for links), per kind of result.
RESULT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "html": "html"}
GRAPH_NAMES = {"turtle": "turtle", "ttl": "turtle", "ntriples": "ntriples", "nt": "ntriples",
               "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld", "rdfxml": "xml", "rdf": "xml",
               "xml": "xml", "csv": "csv", "tsv": "tsv", "html": "html"}
HTML = "text/html"

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


class NotAcceptable(PolicyKGError):
    """No format the client accepts can carry this kind of result."""

    status = 406
    kind = "not-acceptable"


class UnsupportedMediaType(PolicyKGError):
    """A POST body of a media type (or charset) the protocol does not allow for queries."""

    status = 415
    kind = "unsupported-media-type"


class ReadOnly(Forbidden):
    """A SPARQL Update sent to the read-only endpoint."""

    kind = "read-only"


class NoOutboundRequests(Forbidden):
    """A query that would make the server fetch from another site (SERVICE, LOAD)."""

    kind = "no-outbound-requests"


# --- the request ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProtocolRequest:
    """The query of a request (None when there is none) and its protocol dataset."""

    query: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        """True when the request names default or named graphs."""
        return bool(self.default_graphs or self.named_graphs)


def read_request() -> ProtocolRequest:
    """The query operation of the current request; 400/403/415 for requests the protocol does not allow."""
    queries = request.args.getlist("query")
    updates = request.args.getlist("update")
    if request.method == "POST":
        mimetype = request.mimetype
        if mimetype == UPDATE:
            raise ReadOnly(_read_only("SPARQL Update requests (application/sparql-update)"))
        if mimetype == DIRECT:
            if queries:
                raise QueryError("the query is given twice: in the request body and in the `query` parameter")
            queries = [_direct_body()]
        elif mimetype == FORM:
            queries = [*queries, *request.form.getlist("query")]
            updates = [*updates, *request.form.getlist("update")]
        else:
            sent = mimetype or "no Content-Type"
            raise UnsupportedMediaType(f"a query POST must be {FORM} (query=…) or {DIRECT} (the query as the "
                                       f"body), not {sent}")
    if queries and updates:
        raise QueryError("the request has both `query` and `update`; send one query")
    if updates:
        raise ReadOnly(_read_only("SPARQL Update (the `update` parameter)"))
    if len(queries) > 1:
        raise QueryError(f"the request has {len(queries)} `query` parameters; send exactly one")
    query = queries[0] if queries and queries[0].strip() else None
    return ProtocolRequest(query, _graphs("default-graph-uri"), _graphs("named-graph-uri"))


def _direct_body() -> str:
    """The UTF-8 body of a direct query POST (415 for another charset, 400 when it is not UTF-8)."""
    charset = request.mimetype_params.get("charset", "utf-8").strip().lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"the query must be sent in UTF-8, not {charset}")
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the query body is not valid UTF-8 (byte {exc.start})") from exc


def _graphs(name: str) -> tuple[str, ...]:
    """The IRIs of a repeatable dataset parameter (URL and form body), each checked to be an absolute IRI."""
    values = [*request.args.getlist(name)]
    if request.method == "POST" and request.mimetype == FORM:
        values += request.form.getlist(name)
    out = []
    for value in values:
        iri = value.strip()
        try:
            iri_ref(iri)
        except ValueError as exc:
            raise QueryError(f"{name}: {exc}") from exc
        out.append(iri)
    return tuple(out)


def _read_only(what: str) -> str:
    """The message refusing an update."""
    return (f"this endpoint is read-only: {what} cannot run here. Ask SELECT, ASK, CONSTRUCT or DESCRIBE "
            "queries; the store changes only through `policykg ingest` and the upload page.")


def refuse_unsafe(shape: QueryShape) -> None:
    """403 for updates (read-only endpoint) and for SERVICE / LOAD (the server fetches from no other site)."""
    if shape.update == "LOAD" or shape.service:
        what = "LOAD" if shape.update == "LOAD" else "SERVICE (federated query)"
        raise NoOutboundRequests(f"{what} is refused: this server makes no requests to other sites on a query's "
                                 "behalf, and the endpoint is read-only. Query the data held here instead.")
    if shape.update is not None:
        raise ReadOnly(_read_only(f"SPARQL Update ({shape.update} …)"))


def dataset(req: ProtocolRequest, shape: QueryShape) -> tuple[list[str] | None, list[str] | None]:
    """(default, named graphs): the protocol's (overriding FROM), else the query's FROM, else None (the union)."""
    if req.has_dataset:
        return list(req.default_graphs), list(req.named_graphs)
    if shape.from_graphs is not None:
        return list(shape.from_graphs), list(shape.from_named)
    return None, None


# --- the answer -------------------------------------------------------------------------------------------


def result_kind(result: QueryResult) -> str:
    """'graph' for CONSTRUCT / DESCRIBE results, 'results' for SELECT / ASK."""
    return "graph" if isinstance(result, GraphResult) else "results"


def media_type(kind: str, fmt: str) -> str:
    """The media type of a format for a kind of result."""
    return (GRAPH_MEDIA if kind == "graph" else RESULT_MEDIA)[fmt]


def wants_html(*, by_default: bool = False) -> bool:
    """True when the client asks for a page; ``by_default``: also when it states no preference (no Accept, */*)."""
    fmt = request.values.get("format")
    if fmt:
        return fmt.strip().lower() in ("html", HTML)
    if not request.headers.get("Accept"):
        return by_default
    data = [*RESULT_MEDIA.values(), *GRAPH_MEDIA.values()]
    offers = [HTML, *data] if by_default else [*data, HTML]
    return request.accept_mimetypes.best_match(offers) == HTML


def negotiate(kind: str) -> str:
    """The format answering a result of this kind: ``format`` parameter, else Accept; 'html' for a page."""
    media = GRAPH_MEDIA if kind == "graph" else RESULT_MEDIA
    what = "a CONSTRUCT or DESCRIBE result" if kind == "graph" else "a SELECT or ASK result"
    fmt = request.values.get("format", "").strip().lower()
    if fmt:
        names = GRAPH_NAMES if kind == "graph" else RESULT_NAMES
        aliases = {**(GRAPH_ALIASES if kind == "graph" else RESULT_ALIASES), **{v: k for k, v in media.items()},
                   HTML: "html"}
        chosen = names.get(fmt) or aliases.get(fmt)
        if chosen is None:
            raise QueryError(f"format {fmt!r} cannot carry {what}; use one of {', '.join(sorted(names))}")
        return chosen
    if not request.headers.get("Accept"):
        return next(iter(media))
    aliases = GRAPH_ALIASES if kind == "graph" else RESULT_ALIASES
    offers = {**{v: k for k, v in media.items()}, **aliases, HTML: "html"}
    best = request.accept_mimetypes.best_match(list(offers))
    if best is None:
        raise NotAcceptable(f"none of the accepted media types ({request.headers.get('Accept')}) can carry {what}; "
                            f"this endpoint offers {', '.join(media.values())} and {HTML}")
    return offers[best]


CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "Content-Type, Content-Length",
}
PREFLIGHT_HEADERS = {
    **CORS_HEADERS,
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
    "Access-Control-Max-Age": "86400",
}
