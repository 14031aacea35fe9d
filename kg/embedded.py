"""The embedded backend: an Oxigraph store in a directory on disk, through pyoxigraph.

``replace_graph`` is one SPARQL Update request (``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> {…} }``),
which Oxigraph applies in one transaction: readers see the old graph or the new one, never a mix, and a
failure leaves the old graph untouched. The triples are serialised in full before the request is sent,
so an error while producing them changes nothing either.

Oxigraph stores numeric and date literals by value: ``"80.0"^^xsd:decimal`` reads back as ``"80"``,
``"007"^^xsd:integer`` as ``"7"``; canonical lexical forms round-trip exactly.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from policykg.errors import QueryError, StoreError
from policykg.kg.store import (
    AskResult,
    GraphResult,
    QueryResult,
    SelectResult,
    Store,
    Triple,
    resolve_format,
)
from policykg.kg.terms import from_ox, iri_ref, to_ntriples, to_ox, triple_from_ox
from policykg.ontology.namespace import PREFIXES

if TYPE_CHECKING:
    from policykg.kg.querypool import QueryPool

OX_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def replace_graph_update(graph: str, triples: Iterable[Triple]) -> str:
    """The SPARQL Update text that atomically replaces a named graph with these triples."""
    g = iri_ref(graph)
    lines = [f"{to_ntriples(s)} {to_ntriples(p)} {to_ntriples(o)} .\n" for s, p, o in triples]
    if not lines:
        return f"DROP SILENT GRAPH {g}"
    return f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{''.join(lines)}}} }}"


def union_triples(store: ox.Store) -> Iterator[ox.Triple]:
    """Every distinct triple of the store once, streamed: a quad is kept only in the first graph holding it."""
    for quad in store.quads_for_pattern(None, None, None, None):
        first = next(store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None))
        if first.graph_name == quad.graph_name:
            yield ox.Triple(quad.subject, quad.predicate, quad.object)


class EmbeddedStore(Store):
    """An on-disk Oxigraph store (one process at a time may open it)."""

    def __init__(self, path: str | Path, query_workers: int = 0, query_timeout: float = 10.0) -> None:
        """Open (creating if needed) the store directory; StoreError if locked or unreadable.

        ``query_workers`` > 0 runs queries in that many killable worker processes under ``query_timeout``
        seconds each (the web app's case; see kg/querypool.py).
        """
        self.path = Path(path)
        self._pool: QueryPool | None = None
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._store: ox.Store | None = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(self._open_message(exc)) from exc
        if query_workers > 0:
            from policykg.kg.querypool import QueryPool

            snapshots = self.path.parent / f".{self.path.name}.snapshots"
            self._pool = QueryPool(self._store, snapshots, workers=query_workers, timeout=query_timeout)

    def _open_message(self, exc: OSError) -> str:
        """A user-facing message for a failure to open the store."""
        if "lock" in str(exc).lower():
            return (f"the store at {self.path} is in use by another process "
                    "(is `policykg serve` running?)")
        return f"cannot open the store at {self.path}: {exc}"

    @property
    def ox_store(self) -> ox.Store:
        """The open pyoxigraph store (StoreError once closed)."""
        if self._store is None:
            raise StoreError(f"the store at {self.path} is closed")
        return self._store

    def describe(self) -> str:
        """Where the store is."""
        return f"embedded store at {self.path}"

    def query(
        self,
        sparql: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run a query; the default graph is the union of all graphs unless a dataset is given.

        With query workers, the query runs in a worker process under the time limit (``timeout`` can only
        lower it); without, it runs here, unlimited (the CLI's case).
        """
        if self._pool is not None:
            return self._pool.query(sparql, default_graphs, named_graphs, timeout=timeout)
        return run_ox_query(self.ox_store, sparql, default_graphs, named_graphs, where=self.describe())

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """Replace a named graph in one transaction (the iterator is consumed before anything is written).

        A graph the store does not hold yet is added with ``extend`` (one transaction, and several times
        faster than parsing an update); an existing one is replaced by one DROP + INSERT DATA update.
        """
        try:
            name = _graph_node(graph)
            if not self.ox_store.contains_named_graph(name):
                quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in triples]
                try:
                    self.ox_store.extend(quads)
                except OSError as exc:
                    raise StoreError(f"cannot write graph <{graph}> in the {self.describe()}: {exc}") from exc
                if self._pool is not None:
                    self._pool.refresh()
                return
            update = replace_graph_update(graph, triples)
        except (ValueError, QueryError) as exc:
            raise StoreError(f"cannot write graph <{graph}>: {exc}") from exc
        self._update(update, f"cannot write graph <{graph}>")

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph (no error if absent)."""
        try:
            self._update(f"DROP SILENT GRAPH {iri_ref(graph)}", f"cannot drop graph <{graph}>")
        except ValueError as exc:
            raise QueryError(str(exc)) from exc

    def _update(self, update: str, what: str) -> None:
        """Run a SPARQL Update, mapping failures to StoreError."""
        try:
            self.ox_store.update(update)
        except (SyntaxError, RuntimeError, OSError) as exc:
            raise StoreError(f"{what} in the {self.describe()}: {exc}") from exc
        if self._pool is not None:
            self._pool.refresh()

    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        try:
            return sorted(g.value for g in self.ox_store.named_graphs() if isinstance(g, ox.NamedNode))
        except OSError as exc:
            raise StoreError(f"cannot read the {self.describe()}: {exc}") from exc

    def quad_count(self, graph: str | None = None) -> int:
        """Triples in one named graph, or quads in all named graphs."""
        try:
            pattern = f"GRAPH {iri_ref(graph)}" if graph is not None else "GRAPH ?g"
        except ValueError as exc:
            raise QueryError(str(exc)) from exc
        try:
            result = self.ox_store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} {{ ?s ?p ?o }} }}")
            return int(next(iter(result))["n"].value)
        except OSError as exc:
            raise StoreError(f"cannot read the {self.describe()}: {exc}") from exc

    def export(self, fmt: str, out: BinaryIO, graph: str | None = None) -> None:
        """Stream one graph or the whole store to ``out``; Turtle/TriG declare the policykg prefixes."""
        spec = resolve_format(fmt)
        ox_format = OX_FORMATS[spec.name]
        store = self.ox_store
        try:
            if graph is not None:
                name = _graph_node(graph)
                if not store.contains_named_graph(name):
                    raise QueryError(f"there is no graph <{graph}> in the {self.describe()}")
                if spec.quads:
                    ox.serialize(store.quads_for_pattern(None, None, None, name), out, ox_format,
                                 prefixes=PREFIXES)
                else:
                    store.dump(out, ox_format, from_graph=name, prefixes=PREFIXES)
            elif spec.quads:
                store.dump(out, ox_format, prefixes=PREFIXES)
            else:
                ox.serialize(union_triples(store), out, ox_format, prefixes=PREFIXES)
        except OSError as exc:
            raise StoreError(f"export from the {self.describe()} failed: {exc}") from exc

    def close(self) -> None:
        """Release the store directory lock (and stop the query workers)."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        if self._store is not None:
            self._store = None
            gc.collect()


def run_ox_query(store: ox.Store, sparql: str, default_graphs: list[str] | None,
                 named_graphs: list[str] | None, where: str) -> QueryResult:
    """Run a query on a pyoxigraph store: the union default graph unless a dataset is given."""
    kwargs: dict[str, object] = {}
    try:
        if not default_graphs and not named_graphs:
            kwargs["use_default_graph_as_union"] = True
        else:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs or []]
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or []]
    except ValueError as exc:
        raise QueryError(f"invalid graph IRI: {exc}") from exc
    try:
        return _convert(store.query(sparql, **kwargs))
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL query: {exc}") from exc
    except RuntimeError as exc:
        raise QueryError(f"the query failed: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"the {where} could not run the query: {exc}") from exc


def _graph_node(graph: str) -> ox.NamedNode:
    """The pyoxigraph name of a graph IRI (QueryError if invalid)."""
    try:
        return ox.NamedNode(graph)
    except ValueError as exc:
        raise QueryError(f"invalid graph IRI {graph!r}: {exc}") from exc


def _convert(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    """A plain QueryResult from a pyoxigraph result (evaluates the whole result)."""
    if isinstance(result, ox.QueryBoolean):
        return AskResult(bool(result))
    if isinstance(result, ox.QueryTriples):
        return GraphResult([triple_from_ox(t) for t in result])
    variables = [v.value for v in result.variables]
    rows = [{name: from_ox(solution[name]) for name in variables} for solution in result]
    return SelectResult(variables, rows)
