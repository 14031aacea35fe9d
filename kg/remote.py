"""The remote backend: any SPARQL 1.1 server (Oxigraph server, Virtuoso open source, Apache Jena Fuseki, ...).

The default graph of a query is the set union of all named graphs, as in the embedded store. On servers with a
real default graph policykg keeps it so itself (``keeps_default``): every graph it writes goes into the default
graph too, in the same update, and replacing or dropping a graph removes from the default graph only the triples
no other graph holds (see kg/embedded.py for why a server's own union is not used: Oxigraph's has bag
semantics).
  * Oxigraph: ``oxigraph serve --location DIR`` (without ``--union-default-graph``)
  * Fuseki (TDB2): a plain dataset (``fuseki-server --tdb2 --loc DIR --update /ds``), without
    ``tdb2:unionDefaultGraph``
  * Virtuoso: has no default graph of its own; a query's default graph is all graphs, which policykg uses as
    it is (its own system graphs, ``VIRTUOSO_SYSTEM_GRAPHS``, are left out of ``graphs``, ``quad_count`` and
    exports); give the ``…/sparql`` URL and the ``dba`` (or an update-granted) user.
A store written by an earlier policykg (which asked for the server's union) is brought up to date with one
update: ``INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }``.

Endpoints: queries go to the query URL (SPARQL protocol, POST, via SPARQLWrapper); updates to the update
URL; ``replace_graph`` and graph exports use the Graph Store Protocol URL (HTTP PUT / GET of N-Triples on
``GSP?graph=<iri>``; one PUT replaces the graph in one server transaction). Unless given, the update and
GSP URLs are derived from the query URL (see ``derive_endpoints``). Where policykg keeps the default graph, or
without a GSP URL, ``replace_graph`` is one SPARQL Update request (``DROP SILENT GRAPH ; INSERT DATA``, one
transaction) and ``replace_graphs`` sends a few graphs per update; on Virtuoso with GSP, one PUT a graph.
Graph exports use GSP GET, else CONSTRUCT.

Credentials go as HTTP Basic until the server answers 401 with a Digest challenge (Virtuoso's ``-auth``
endpoints); from then on every request carries a Digest answer to the server's last challenge.

Virtuoso differs from the SPARQL 1.1 protocol in ways handled here: queries are sent form-encoded (a
``application/sparql-query`` POST gets no answer from Virtuoso 7.2), booleans come back as ``"1"``/``"0"``
(turned back into ``true``/``false``), ``GRAPH ?g { }`` matches nothing, and a GSP PUT is not one
transaction: a body refused part-way leaves the graph part-written (policykg only sends N-Triples it
wrote and checked itself; a truncated upload changes nothing).
"""

from __future__ import annotations

import ast
import base64
import http.client
import json
import tempfile
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.client import HTTPResponse
from typing import IO, BinaryIO, NoReturn, TypeVar
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import CONSTRUCT, DESCRIBE, JSON, POST, POSTDIRECTLY, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from policykg.errors import QueryError, StoreError
from policykg.kg.embedded import (
    OX_FORMATS,
    drop_graph_update,
    nt_statements,
    patch_graph_update,
    replace_graph_update,
)
from policykg.kg.store import (
    AskResult,
    GraphResult,
    QueryResult,
    SelectResult,
    Store,
    Triple,
    resolve_format,
)
from policykg.kg.terms import from_json_term, iri_ref, to_ntriples, triple_from_ox
from policykg.ontology.namespace import PREFIXES

# Waits between attempts when the server cannot be reached (refused, reset, restarting); every request
# policykg sends is safe to repeat (queries, GSP PUT of a whole graph, DROP+INSERT). Timeouts are not retried.
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)
RESULT_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
DEFAULT_CONSTRUCT = "CONSTRUCT WHERE { ?s ?p ?o }"
SPOOL_BYTES = 16 * 1024 * 1024
BATCH_BYTES = 4 * 1024 * 1024
VIRTUOSO_PATHS = {"/sparql", "/sparql-auth"}
# Graphs Virtuoso keeps for itself (RDF views, LDP and URIQA settings, ontologies its packages install).
VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
    "http://www.w3.org/2002/07/owl#",
    "http://www.openlinksw.com/schemas/RDF_Mapper_Ontology/1.0/",
    "urn:activitystreams-owl:map",
    "virtrdf-label",
)
VIRTUOSO_OWN_FILTER = "FILTER(?g NOT IN (" + ", ".join(f"<{g}>" for g in VIRTUOSO_SYSTEM_GRAPHS) + "))"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of a SPARQL server: query, update and Graph Store Protocol ('' = none)."""

    query: str
    update: str
    gsp: str


def is_virtuoso(url: str) -> bool:
    """True for a Virtuoso endpoint URL: ``/sparql`` or ``/sparql-auth`` at the root of the server."""
    return urlsplit(url).path.rstrip("/") in VIRTUOSO_PATHS


def derive_endpoints(url: str) -> Endpoints:
    """Endpoints for an Oxigraph base or ``/query`` URL, a Virtuoso ``/sparql`` URL or a Fuseki ``…/ds/sparql``."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path in {"", "/query"}:  # Oxigraph server: /query, /update, /store
        base = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        return Endpoints(base + "/query", base + "/update", base + "/store")
    if path in VIRTUOSO_PATHS:  # Virtuoso: updates and GSP writes only on the authenticated endpoints
        base = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        return Endpoints(url, base + "/sparql-auth", base + "/sparql-graph-crud-auth")
    dataset, _, last = path.rpartition("/")
    if last in {"sparql", "query"} and dataset:  # Fuseki: /ds/sparql or /ds/query, /ds/update, /ds/data
        base = urlunsplit((parts.scheme, parts.netloc, dataset, "", ""))
        return Endpoints(url, base + "/update", base + "/data")
    return Endpoints(url, url, "")


def _server_message(exc: SPARQLWrapperException | urllib.error.HTTPError) -> str:
    """The error text the server sent back, on one line (SPARQLWrapper keeps it only in its message)."""
    body: object
    if isinstance(exc, urllib.error.HTTPError):
        body = exc.read()
    else:
        _, found, tail = str(exc).partition("\n\nResponse:\n")
        try:
            body = ast.literal_eval(tail) if found else ""
        except (ValueError, SyntaxError):
            body = tail
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    text = " ".join(str(body).split())
    return text[:500] or "no details given"


def _media_type(response: HTTPResponse) -> str:
    """The response's media type without parameters, lower case."""
    return (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()


class _Digest:
    """HTTP Digest answers for one server: its last challenge, answered anew for every request."""

    def __init__(self, url: str, user: str, password: str) -> None:
        parts = urlsplit(url)
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, urlunsplit((parts.scheme, parts.netloc, "/", "", "")), user, password)
        self._handler = urllib.request.HTTPDigestAuthHandler(passwords)
        self._challenge: dict[str, str] | None = None
        self._lock = threading.Lock()

    def learn(self, header: str | None) -> bool:
        """Keep a ``WWW-Authenticate: Digest …`` challenge; False if the header is no Digest challenge."""
        scheme, _, rest = (header or "").strip().partition(" ")
        if scheme.lower() != "digest":
            return False
        challenge = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(rest)))
        with self._lock:
            self._challenge = challenge
        return True

    def authorization(self, method: str, url: str) -> str | None:
        """The ``Authorization`` value for one request, or None before any challenge was seen."""
        with self._lock:
            if self._challenge is None:
                return None
            answer = self._handler.get_authorization(urllib.request.Request(url, method=method), self._challenge)
        return f"Digest {answer}" if answer else None


def virtuoso_term(term: Node) -> Node:
    """A term from Virtuoso in the form the embedded store gives (``"1"^^xsd:boolean`` -> ``true``)."""
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_BOOLEAN:
        lexical = str(term)
        if lexical in {"0", "1"}:
            return Literal("true" if lexical == "1" else "false", datatype=URIRef(XSD_BOOLEAN))
    return term


class RemoteStore(Store):
    """A store on a SPARQL 1.1 server; queries' default graph is the set union of its named graphs."""

    def __init__(
        self,
        url: str,
        *,
        update_url: str = "",
        gsp_url: str = "",
        user: str = "",
        password: str = "",
        timeout: float = 120.0,
        query_timeout: float | None = None,
    ) -> None:
        """Remember the endpoints (derived from ``url`` unless given) and credentials; no request yet.

        ``timeout`` bounds every request; ``query_timeout`` (the web app's limit) bounds queries only.
        """
        derived = derive_endpoints(url)
        self.endpoints = Endpoints(derived.query, update_url or derived.update, gsp_url or derived.gsp)
        self.user = user or ""
        self.password = password or ""
        self.timeout = timeout
        self.query_timeout = query_timeout
        self.retry_delays = RETRY_DELAYS
        self.virtuoso = is_virtuoso(self.endpoints.query)
        self.keeps_default = not self.virtuoso  # Virtuoso has no default graph of its own to keep
        self._digest = _Digest(self.endpoints.query, self.user, self.password) if self.user else None
        self._probed = False  # asked the server for its Digest challenge before sending a body

    def describe(self) -> str:
        """Where the store is."""
        return f"remote store at {self.endpoints.query}"

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""

    # -- SPARQL protocol (SPARQLWrapper) ---------------------------------------------------------------

    def _wrapper(self, text: str) -> SPARQLWrapper:
        """A SPARQLWrapper set up for one POSTed query or update."""
        sw = SPARQLWrapper(self.endpoints.query, updateEndpoint=self.endpoints.update,
                           agent="policykg")
        sw.setMethod(POST)
        sw.setRequestMethod(URLENCODED if self.virtuoso else POSTDIRECTLY)
        sw.setOnlyConneg(True)
        sw.setTimeout(max(1, int(self.timeout)))
        if self.user:
            sw.setCredentials(self.user, self.password)
        with warnings.catch_warnings():  # SPARQLWrapper warns on queries it cannot classify: the server decides
            warnings.simplefilter("ignore", RuntimeWarning)
            sw.setQuery(text)
        return sw

    def _send(self, sw: SPARQLWrapper, url: str, *, is_query: bool) -> tuple[str, bytes]:
        """Send a prepared request and return (media type, body), retrying while the server is unreachable."""
        return _with_retries(lambda: self._send_once(sw, url, is_query=is_query), url, self._unreachable,
                             self.retry_delays)

    def _authorization(self, method: str, url: str) -> str | None:
        """The Digest ``Authorization`` value once the server asked for Digest, else None (Basic is used)."""
        return self._digest.authorization(method, url) if self._digest else None

    def _learn_challenge(self, url: str) -> bool:
        """Ask ``url`` without credentials for its Digest challenge; True if it sent one."""
        if self._digest is None:
            return False
        try:
            urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=self.timeout).close()
        except urllib.error.HTTPError as exc:
            return exc.code == 401 and self._digest.learn(exc.headers.get("WWW-Authenticate"))
        except (urllib.error.URLError, OSError, http.client.HTTPException):
            return False
        return False

    def _send_once(self, sw: SPARQLWrapper, url: str, *, is_query: bool) -> tuple[str, bytes]:
        """Send a prepared request once; errors mapped to policykg errors (_Transient when worth retrying)."""
        try:
            for attempt in (1, 2):
                digest = self._authorization("POST", url)
                if digest:
                    sw.addCustomHttpHeader("Authorization", digest)
                try:
                    response: HTTPResponse = sw.query().response
                    break
                except Unauthorized:
                    if attempt == 2 or digest or not self._learn_challenge(url):
                        raise
            with response:
                return _media_type(response), response.read()
        except QueryBadFormed as exc:
            if is_query:
                raise QueryError(f"invalid SPARQL query: {_server_message(exc)}") from exc
            raise StoreError(f"the {self.describe()} refused the update: {_server_message(exc)}") from exc
        except URITooLong as exc:
            raise QueryError(f"the request is too long for the {self.describe()}") from exc
        except Unauthorized as exc:
            raise StoreError(f"{url} refused the credentials (HTTP 401); set POLICYKG_USER and "
                             "POLICYKG_PASSWORD") from exc
        except EndPointNotFound as exc:
            raise StoreError(f"there is no SPARQL endpoint at {url} (HTTP 404)") from exc
        except EndPointInternalError as exc:
            raise StoreError(f"{url} failed (HTTP 500): {_server_message(exc)}") from exc
        except SPARQLWrapperException as exc:
            raise StoreError(f"{url} failed: {_server_message(exc)}") from exc
        except urllib.error.HTTPError as exc:
            raise StoreError(f"{url} answered HTTP {exc.code}: {_server_message(exc)}") from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            _raise_unreachable(exc, url, self._unreachable)

    def _unreachable(self, url: str, reason: object) -> NoReturn:
        """Raise the StoreError for a server that cannot be reached."""
        raise StoreError(f"cannot reach the remote store at {url}: {reason}")

    def query(
        self,
        sparql: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run a query on the server (default graph: the server's union of all named graphs)."""
        sw = self._wrapper(sparql)
        limits = [t for t in (timeout, self.query_timeout) if t is not None]
        if limits:
            sw.setTimeout(max(1, int(min(*limits, self.timeout))))
        if sw.isSparqlUpdateRequest():
            raise QueryError("this is a SPARQL Update; only SELECT, ASK, CONSTRUCT and DESCRIBE can run here")
        for graph in default_graphs or []:
            sw.addDefaultGraph(graph)
        for graph in named_graphs or []:
            sw.addNamedGraph(graph)
        sw.setReturnFormat(TURTLE if sw.queryType in {CONSTRUCT, DESCRIBE} else JSON)
        sw.addCustomHttpHeader("Accept", RESULT_ACCEPT)
        media_type, body = self._send(sw, self.endpoints.query, is_query=True)
        try:
            return self._parse_result(media_type, body)
        except (ValueError, KeyError, SyntaxError) as exc:
            raise StoreError(f"the {self.describe()} sent an unreadable answer: {exc}") from exc

    def _parse_result(self, media_type: str, body: bytes) -> QueryResult:
        """A QueryResult from a SPARQL JSON or RDF response body (Virtuoso's term forms normalised)."""
        if media_type in GRAPH_FORMATS:
            quads = ox.parse(body, format=GRAPH_FORMATS[media_type])
            triples = [triple_from_ox(q) for q in quads]
            if self.virtuoso:
                triples = [(s, p, virtuoso_term(o)) for s, p, o in triples]
            return GraphResult(triples)
        data = json.loads(body)
        if "boolean" in data:
            return AskResult(bool(data["boolean"]))
        variables = list(data["head"].get("vars", []))
        rows = [{v: from_json_term(b[v]) if v in b else None for v in variables}
                for b in data["results"]["bindings"]]
        if self.virtuoso:
            rows = [{v: None if t is None else virtuoso_term(t) for v, t in row.items()} for row in rows]
        return SelectResult(variables, rows)

    def _update(self, update: str) -> None:
        """Run one SPARQL Update request (one transaction on Oxigraph and Fuseki)."""
        self._http("POST", self.endpoints.update, data=update.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update; charset=utf-8"},
                   refused=f"the {self.describe()} refused the update").close()

    # -- Graph Store Protocol (urllib) -----------------------------------------------------------------

    def _gsp_url(self, graph: str) -> str:
        """The GSP URL addressing one named graph."""
        sep = "&" if "?" in self.endpoints.gsp else "?"
        return f"{self.endpoints.gsp}{sep}graph={quote(graph, safe='')}"

    def _http(self, method: str, url: str, *, data: IO[bytes] | bytes | None = None,
              headers: dict[str, str] | None = None, missing: str = "", refused: str = "") -> HTTPResponse:
        """Open one HTTP request (Basic or Digest auth); HTTP errors mapped (404 -> QueryError(missing))."""
        basic = {}
        if self.user:
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
            basic["Authorization"] = f"Basic {token}"

        def send() -> HTTPResponse:
            if hasattr(data, "seek"):
                data.seek(0)  # type: ignore[union-attr]
            if data is not None and self._digest is not None and not self._probed:
                # learn a Digest challenge before the first body goes out: Virtuoso answers Basic with 401 and
                # closes the connection while a large body (the registry graph, 1.6 MB) is still being sent
                self._probed = True
                self._learn_challenge(url)
            digest = self._authorization(method, url)
            auth = {"Authorization": digest} if digest else basic
            request = urllib.request.Request(url, data=data, method=method, headers={**(headers or {}), **auth})
            return urllib.request.urlopen(request, timeout=self.timeout)

        def once() -> HTTPResponse:
            try:
                try:
                    return send()
                except urllib.error.HTTPError as exc:
                    if exc.code != 401 or self._digest is None:
                        raise
                    # Virtuoso answers Basic with a bare 401: ask it for its Digest challenge, then answer once
                    if not (self._digest.learn(exc.headers.get("WWW-Authenticate")) or self._learn_challenge(url)):
                        raise
                    return send()
            except urllib.error.HTTPError as exc:
                if exc.code == 404 and missing:
                    raise QueryError(missing) from exc
                if exc.code == 401:
                    raise StoreError(f"{url} refused the credentials (HTTP 401); set POLICYKG_USER and "
                                     "POLICYKG_PASSWORD") from exc
                if refused and (exc.code < 500 or self.virtuoso):  # Virtuoso refuses with HTTP 500
                    raise StoreError(f"{refused}: {_server_message(exc)}") from exc
                raise StoreError(f"{method} {url} failed with HTTP {exc.code}: {_server_message(exc)}") from exc
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                _raise_unreachable(exc, url, self._unreachable)

        return _with_retries(once, url, self._unreachable, self.retry_delays)

    def _stream(self, response: HTTPResponse, fmt: ox.RdfFormat) -> Iterator[ox.Triple]:
        """Triples parsed from a streamed RDF response, closing it at the end."""
        with response:
            for quad in ox.parse(response, format=fmt):
                yield ox.Triple(quad.subject, quad.predicate, quad.object)

    def _construct_stream(self, sparql: str) -> Iterator[ox.Triple]:
        """Triples of a CONSTRUCT query, streamed as N-Triples."""
        if self.virtuoso:
            body, content_type = urlencode({"query": sparql}).encode("ascii"), "application/x-www-form-urlencoded"
        else:
            body, content_type = sparql.encode("utf-8"), "application/sparql-query"
        response = self._http("POST", self.endpoints.query, data=body, headers={
            "Content-Type": content_type, "Accept": "application/n-triples"})
        return self._stream(response, ox.RdfFormat.N_TRIPLES)

    def _own_graphs_filter(self) -> str:
        """A FILTER on ``?g`` leaving out the server's own graphs ('' on servers without any)."""
        if not self.virtuoso:
            return ""
        return VIRTUOSO_OWN_FILTER

    def _graph_stream(self, graph: str) -> Iterator[ox.Triple]:
        """Triples of one named graph, streamed (GSP GET, else CONSTRUCT)."""
        if not self.endpoints.gsp:
            return self._construct_stream(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri_ref(graph)} "
                                          "{ ?s ?p ?o } }")
        response = self._http("GET", self._gsp_url(graph), headers={"Accept": "application/n-triples"},
                              missing=f"there is no graph <{graph}> in the {self.describe()}")
        return self._stream(response, ox.RdfFormat.N_TRIPLES)

    # -- the Store interface ---------------------------------------------------------------------------

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """Replace a named graph in one server transaction; the body is complete before it is sent."""
        try:
            iri_ref(graph)
            if self.keeps_default or not self.endpoints.gsp:
                self._update(replace_graph_update(graph, triples, keep_default=self.keeps_default))
                return
            with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as body:
                count = 0
                for s, p, o in triples:
                    body.write(f"{to_ntriples(s)} {to_ntriples(p)} {to_ntriples(o)} .\n".encode())
                    count += 1
                if count == 0:
                    self.drop_graph(graph)
                    return
                size = body.tell()
                body.seek(0)
                headers = {"Content-Type": "application/n-triples", "Content-Length": str(size)}
                self._http("PUT", self._gsp_url(graph), data=body, headers=headers).close()
        except ValueError as exc:
            raise StoreError(f"cannot write graph <{graph}>: {exc}") from exc

    def patch_graph(self, graph: str, remove: Iterable[Triple], add: Iterable[Triple]) -> None:
        """Remove some triples from a named graph and add others, in one update request."""
        try:
            update = patch_graph_update(graph, nt_statements(remove), nt_statements(add),
                                        keep_default=self.keeps_default)
        except ValueError as exc:
            raise StoreError(f"cannot write graph <{graph}>: {exc}") from exc
        if update:
            self._update(update)

    def replace_graphs(self, graphs: Iterable[tuple[str, Iterable[Triple]]], *,
                       batch_bytes: int = BATCH_BYTES) -> None:
        """Replace many named graphs in order, each all or nothing.

        On Virtuoso with a GSP URL each graph is one PUT, its body streamed from a spooled file: measured there
        and on Oxigraph server, grouping documents per request (one SPARQL Update, or one N-Quads POST) was no
        faster, as the server's write dominates. Otherwise graphs go in SPARQL Updates of about
        ``batch_bytes`` (``DROP SILENT GRAPH ; INSERT DATA`` per graph; one transaction on Oxigraph and
        Fuseki), saving a round trip per document. A batch the server refuses is sent again graph by graph,
        so the graphs before the bad one land and the error names it; an error producing a graph's triples
        sends the graphs before it, then propagates.
        """
        if (self.endpoints.gsp and not self.keeps_default) or batch_bytes <= 0:
            for graph, triples in graphs:
                self.replace_graph(graph, triples)
            return
        batch: list[tuple[str, bytes]] = []

        def flush() -> None:
            try:
                if len(batch) > 1:
                    try:
                        self._update(" ;\n".join(text.decode("utf-8") for _, text in batch))
                        return
                    except StoreError:
                        pass  # send them one by one: the good graphs land, the error names the bad one
                for graph, text in batch:
                    try:
                        self._update(text.decode("utf-8"))
                    except StoreError as exc:
                        raise StoreError(f"cannot write graph <{graph}>: {exc.message}") from exc
            finally:
                batch.clear()

        size = 0
        try:
            for graph, triples in graphs:
                try:
                    text = replace_graph_update(graph, triples, keep_default=self.keeps_default).encode("utf-8")
                except ValueError as exc:
                    raise StoreError(f"cannot write graph <{graph}>: {exc}") from exc
                if batch and size + len(text) > batch_bytes:
                    flush()
                    size = 0
                batch.append((graph, text))
                size += len(text)
        except BaseException:
            flush()  # the graphs before the failure are written, as one by one
            raise
        flush()

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph (no error if absent)."""
        try:
            update = drop_graph_update(graph, self.keeps_default)
        except ValueError as exc:
            raise QueryError(str(exc)) from exc
        self._update(update)

    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted (not the server's own graphs)."""
        pattern = "{ ?s ?p ?o }" if self.virtuoso else "{ }"  # Virtuoso: an empty GRAPH pattern matches nothing
        result = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {pattern} {self._own_graphs_filter()} }}")
        assert isinstance(result, SelectResult)
        return sorted(str(row["g"]) for row in result.rows if row["g"] is not None)

    def quad_count(self, graph: str | None = None) -> int:
        """Triples in one named graph, or quads in all named graphs."""
        try:
            pattern = f"GRAPH {iri_ref(graph)}" if graph is not None else "GRAPH ?g"
        except ValueError as exc:
            raise QueryError(str(exc)) from exc
        own = self._own_graphs_filter() if graph is None else ""
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} {{ ?s ?p ?o }} {own} }}")
        assert isinstance(result, SelectResult)
        return int(str(result.rows[0]["n"]))

    def export(self, fmt: str, out: BinaryIO, graph: str | None = None) -> None:
        """Stream one graph or the whole store to ``out``; Turtle/TriG declare the policykg prefixes."""
        spec = resolve_format(fmt)
        ox_format = OX_FORMATS[spec.name]
        try:
            if graph is not None:
                if graph not in self.graphs():
                    raise QueryError(f"there is no graph <{graph}> in the {self.describe()}")
                if spec.quads:
                    name = ox.NamedNode(graph)
                    items: Iterable[ox.Triple | ox.Quad] = (
                        ox.Quad(t.subject, t.predicate, t.object, name) for t in self._graph_stream(graph))
                else:
                    items = self._graph_stream(graph)
            elif spec.quads:
                items = (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                         for g in self.graphs() for t in self._graph_stream(g))
            elif self.virtuoso:  # the union without Virtuoso's own graphs
                items = self._construct_stream("CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
                                               f"GRAPH ?g {{ ?s ?p ?o }} {self._own_graphs_filter()} }} }}")
            else:
                items = self._construct_stream(DEFAULT_CONSTRUCT)
            ox.serialize(items, out, ox_format, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise StoreError(f"the {self.describe()} sent unreadable RDF: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"export from the {self.describe()} failed: {exc}") from exc


_T = TypeVar("_T")


class _Transient(Exception):
    """The server could not be reached this time (refused, reset, restarting): worth another attempt."""

    def __init__(self, reason: object) -> None:
        super().__init__(str(reason))
        self.reason = reason


def _raise_unreachable(exc: BaseException, url: str, unreachable: Callable[[str, object], NoReturn]) -> NoReturn:
    """Raise _Transient for a connection that failed before an answer, else the final StoreError."""
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):
        raise StoreError(f"the remote store at {url} did not answer in time ({reason or 'timed out'})") from exc
    if isinstance(reason, ConnectionError | http.client.HTTPException | OSError):
        raise _Transient(reason) from exc
    unreachable(url, reason)


def _with_retries(attempt: Callable[[], _T], url: str, unreachable: Callable[[str, object], NoReturn],
                  delays: tuple[float, ...]) -> _T:
    """Run ``attempt``, waiting and trying again while the server is unreachable; then a clear StoreError."""
    for delay in (*delays, None):
        try:
            return attempt()
        except _Transient as exc:
            if delay is None:
                tries = f" (tried {len(delays) + 1} times over {sum(delays):g} s)" if delays else ""
                unreachable(url, f"{exc.reason}{tries}")
            time.sleep(delay)
    raise AssertionError("unreachable")
