"""The store interface: result values, the export format table, the ``Store`` base class and ``open_store``.

Everything above ``kg/`` talks to a graph store only through ``Store`` and rdflib terms; the two backends
(``kg.embedded`` for an on-disk Oxigraph, ``kg.remote`` for any SPARQL 1.1 server) live behind it.
Every SPARQL query runs through ``Store.query`` (one choke point, so it can later move into a worker).
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from rdflib import Dataset
from rdflib.term import Node

from policykg import settings
from policykg.errors import QueryError

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class SelectResult:
    """Answer to a SELECT query: variable names in order and one dict per row (None = unbound)."""

    variables: list[str]
    rows: list[dict[str, Node | None]] = field(default_factory=list)


@dataclass(frozen=True)
class AskResult:
    """Answer to an ASK query."""

    value: bool


@dataclass(frozen=True)
class GraphResult:
    """Answer to a CONSTRUCT or DESCRIBE query."""

    triples: list[Triple] = field(default_factory=list)


QueryResult = SelectResult | AskResult | GraphResult


@dataclass(frozen=True)
class ExportFormat:
    """An RDF serialisation format: canonical name, media type, file extension, named-graph support."""

    name: str
    media_type: str
    extension: str
    quads: bool
    rdflib_name: str


_CANONICAL_FORMATS = (
    ExportFormat("turtle", "text/turtle", "ttl", False, "turtle"),
    ExportFormat("trig", "application/trig", "trig", True, "trig"),
    ExportFormat("nquads", "application/n-quads", "nq", True, "nquads"),
    ExportFormat("ntriples", "application/n-triples", "nt", False, "nt"),
    ExportFormat("jsonld", "application/ld+json", "jsonld", False, "json-ld"),
    ExportFormat("xml", "application/rdf+xml", "rdf", False, "xml"),
)
_BY_NAME = {f.name: f for f in _CANONICAL_FORMATS}

# The one format table: every accepted alias -> its format (used by both backends, the CLI and the web app).
FORMATS: dict[str, ExportFormat] = {
    **_BY_NAME,
    "ttl": _BY_NAME["turtle"],
    "nq": _BY_NAME["nquads"],
    "n-quads": _BY_NAME["nquads"],
    "nt": _BY_NAME["ntriples"],
    "n-triples": _BY_NAME["ntriples"],
    "json-ld": _BY_NAME["jsonld"],
    "rdfxml": _BY_NAME["xml"],
    "rdf": _BY_NAME["xml"],
    "rdf/xml": _BY_NAME["xml"],
}


def export_formats() -> list[ExportFormat]:
    """The supported export formats, one entry per format (canonical names)."""
    return list(_CANONICAL_FORMATS)


def resolve_format(name: str) -> ExportFormat:
    """The format for an alias or media type; QueryError naming the choices when unknown."""
    key = name.strip().lower()
    if key in FORMATS:
        return FORMATS[key]
    for fmt in _CANONICAL_FORMATS:
        if key == fmt.media_type:
            return fmt
    choices = ", ".join(f.name for f in _CANONICAL_FORMATS)
    raise QueryError(f"unknown RDF format {name!r} (choose one of {choices})")


class Store(ABC):
    """A quad store holding policykg's named graphs; the default graph is the union of all named graphs."""

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run a SELECT/ASK/CONSTRUCT/DESCRIBE query (QueryError if malformed, StoreError if unavailable).

        ``timeout`` (seconds) can lower the store's own time limit for this query, never raise it.
        """

    @abstractmethod
    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """Atomically make the named graph hold exactly these triples (nothing changes on error)."""

    @abstractmethod
    def patch_graph(self, graph: str, remove: Iterable[Triple], add: Iterable[Triple]) -> None:
        """Atomically remove some triples from a named graph and add others (removing a triple it lacks, or adding
        one it holds, changes nothing)."""

    def replace_graphs(self, graphs: Iterable[tuple[str, Iterable[Triple]]]) -> None:
        """Replace many named graphs in order, each all or nothing (``graphs`` may be produced lazily).

        Backends may write several graphs at once; an error producing a graph writes the graphs before it,
        then propagates. This default writes them one at a time.
        """
        for graph, triples in graphs:
            self.replace_graph(graph, triples)

    @abstractmethod
    def drop_graph(self, graph: str) -> None:
        """Remove a named graph and its triples (no error if it does not exist)."""

    @abstractmethod
    def graphs(self) -> list[str]:
        """IRIs of the named graphs in the store, sorted."""

    @abstractmethod
    def quad_count(self, graph: str | None = None) -> int:
        """Number of triples in one named graph, or of quads in all named graphs."""

    @abstractmethod
    def export(self, fmt: str, out: BinaryIO, graph: str | None = None) -> None:
        """Write one graph or the whole store to ``out`` (triple formats get the union of all graphs)."""

    @abstractmethod
    def describe(self) -> str:
        """Where the store is, for messages (e.g. 'embedded store at data/store')."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (locks, connections); the object is unusable afterwards."""

    def dataset(self) -> Dataset:
        """The whole store as an in-memory rdflib Dataset (default graph = union); for small stores."""
        buf = io.BytesIO()
        self.export("nquads", buf)
        ds = Dataset(default_union=True)
        ds.parse(data=buf.getvalue(), format="nquads")
        return ds

    def __enter__(self) -> Store:
        """Use the store in a ``with`` block."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the store at the end of the ``with`` block."""
        self.close()


REMOTE_OPTIONS = ("update_url", "gsp_url", "user", "password")


def is_remote(location: str) -> bool:
    """True when the location is an http(s) URL (a remote SPARQL server) rather than a directory."""
    return urlsplit(location).scheme.lower() in {"http", "https"}


def open_store(location: str | None = None, **options: Any) -> Store:
    """Open the store at a directory (embedded Oxigraph) or http(s) URL (remote); None = the setting."""
    loc = str(location) if location is not None else str(settings.get("store"))
    if is_remote(loc):
        from policykg.kg.remote import RemoteStore

        options.pop("query_workers", None)
        options = {k: v for k, v in options.items() if v is not None}
        for name in REMOTE_OPTIONS:
            if options.get(name) is None:
                options[name] = settings.get(name)
        return RemoteStore(loc, **options)
    from policykg.kg.embedded import EmbeddedStore

    embedded = {"query_workers": int(options.get("query_workers") or 0),
                "query_timeout": float(options.get("query_timeout") or settings.get("query_timeout"))}
    return EmbeddedStore(loc, **embedded)
