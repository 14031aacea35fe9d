"""The embedded backend: an Oxigraph store in a directory on disk, through pyoxigraph.

``replace_graph`` is one SPARQL Update request (``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> {…} }``),
which Oxigraph applies in one transaction: readers see the old graph or the new one, never a mix, and a
failure leaves the old graph untouched. The triples are serialised in full before the request is sent,
so an error while producing them changes nothing either.

``replace_graphs`` (many graphs, as ``ingest`` writes them) gathers the graphs the store does not hold yet
into batches and adds each batch with one bulk load (a TriG text), written in background threads while
the next batch is gathered. Oxigraph's bulk loader parses its whole input before it writes a batch of up
to 1,000,000 quads, and writes such a batch as one RocksDB ingestion of sorted files, which is atomic: a
load of fewer quads (``BULK_TRIPLES``), cut short by an error or a kill, leaves none of its graphs, and
otherwise all of them (tests/test_ingest_crash.py and tests/test_ingest_parallel.py kill ingests to
check it). That is several times faster than a transaction a graph. Small batches (the first ones: they
start at one document and double) go in one transaction instead; existing graphs go through an update.

The default graph is kept as the *set* union of the named graphs: every triple written to a named graph is also
written to the default graph in the same transaction or bulk load, and replacing or dropping a graph removes
from the default graph only the triples no other graph holds. Queries then run on the real default graph.
(Oxigraph's own union default graph, ``use_default_graph_as_union``, has bag semantics: a triple held by N
graphs is matched N times, so the descriptions many documents share — a collective agency's label, a cited
work's title — multiply every join they take part in by the number of documents.) A store written before this
rule is brought up to it when it is opened (``_fill_default_graph``).

Oxigraph stores numeric and date literals by value: ``"80.0"^^xsd:decimal`` reads back as ``"80"``,
``"007"^^xsd:integer`` as ``"7"``; canonical lexical forms round-trip exactly.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
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
from policykg.loaders.to_rdf import NTriples
from policykg.ontology.namespace import PREFIXES

if TYPE_CHECKING:
    from policykg.kg.querypool import QueryPool

# Graphs gathered for one bulk load: at most this much N-Triples text and this many triples, well under the
# bulk loader's batch of 1,000,000 quads, so that one load is parsed whole and then written as one ingestion.
# Batches start small and double up to that size, so the first documents reach the store soon; a batch
# under BULK_MIN_BYTES goes in one transaction instead (a bulk load has a fixed cost of its own).
BULK_FIRST_BYTES = 256 * 1024
BULK_THREADS = 2  # batches written at once (the bulk loader uses one core for a batch of this size)
BULK_MIN_BYTES = 1024 * 1024
BULK_BYTES = 16 * 1024 * 1024
BULK_TRIPLES = 400_000

OX_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def replace_graph_update(graph: str, triples: Iterable[Triple], keep_default: bool = False) -> str:
    """The SPARQL Update text that atomically replaces a named graph with these triples (an ``NTriples`` text
    goes in as it is: N-Triples lines are valid inside INSERT DATA).

    With ``keep_default`` the default graph is kept as the set union of the named graphs: the old graph's
    triples no other graph holds leave it, the new ones enter it.
    """
    g = iri_ref(graph)
    if isinstance(triples, NTriples):
        body = triples.data.decode("utf-8")
    else:
        body = "".join(f"{to_ntriples(s)} {to_ntriples(p)} {to_ntriples(o)} .\n" for s, p, o in triples)
    drop = drop_graph_update(graph, keep_default)
    if not body:
        return drop
    also = f"\n{body}" if keep_default else ""
    return f"{drop} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}}}{also} }}"


def patch_graph_update(graph: str, remove: Iterable[str], add: Iterable[str], keep_default: bool) -> str:
    """The SPARQL Update removing some triples from a named graph and adding others, in one request (each triple
    an N-Triples statement without its final dot); empty when there is nothing to change.

    With ``keep_default`` the default graph stays the set union of the named graphs: a removed triple leaves it
    unless another graph holds it, an added one enters it.
    """
    g = iri_ref(graph)
    remove, add = list(remove), list(add)
    parts = []
    if remove:
        removed = "".join(f"{t} .\n" for t in remove)
        parts.append(f"DELETE DATA {{ GRAPH {g} {{\n{removed}}} }}")
        if keep_default:
            rows = "".join(f"({t})\n" for t in remove)
            parts.append(f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p ?o) {{\n{rows}}} "
                         "FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } } }")
    if add:
        added = "".join(f"{t} .\n" for t in add)
        also = f"\n{added}" if keep_default else ""
        parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{added}}}{also} }}")
    return " ;\n".join(parts)


def drop_graph_update(graph: str, keep_default: bool) -> str:
    """The SPARQL Update dropping a named graph (with ``keep_default``, also its triples no other graph holds from
    the default graph)."""
    drop = f"DROP SILENT GRAPH {iri_ref(graph)}"
    return f"{forget_default_update(graph)} ;\n{drop}" if keep_default else drop


def forget_default_update(graph: str) -> str:
    """The SPARQL Update removing from the default graph the triples of a named graph that no other graph holds."""
    g = iri_ref(graph)
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {g}) }} }}")


class _BulkWriter:
    """New graphs gathered into batches for ``EmbeddedStore.add_new_graphs``; up to ``BULK_THREADS`` batches are
    written at once in background threads (pyoxigraph lets go of the GIL while it loads) while the caller
    gathers the next."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store
        self.batch: list[tuple[ox.NamedNode, bytes]] = []
        self.gathered: set[str] = set()
        self.size = self.count = 0
        self.limit = BULK_FIRST_BYTES
        self.threads = ThreadPoolExecutor(max_workers=BULK_THREADS, thread_name_prefix="policykg-bulk-load")
        self.loading: deque[tuple[Future[None], set[str]]] = deque()

    def __enter__(self) -> _BulkWriter:
        """Use in a ``with`` block (the threads stop at its end)."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the writing threads (after the batches they are writing)."""
        self.threads.shutdown(wait=True)

    def holds(self, graph: str) -> bool:
        """Whether the graph is gathered or being written."""
        return graph in self.gathered or any(graph in names for _, names in self.loading)

    def add(self, graph: str, name: ox.NamedNode, data: bytes, lines: int) -> None:
        """Gather one new graph, sending the batch off first if this one would make it too big."""
        if self.batch and (self.size + len(data) > self.limit or self.count + lines > BULK_TRIPLES):
            self.flush()
            self.limit = min(2 * self.limit, BULK_BYTES)
        self.batch.append((name, data))
        self.gathered.add(graph)
        self.size += len(data)
        self.count += lines

    def flush(self) -> None:
        """Send the gathered batch to a writing thread (waiting first while all are busy)."""
        while len(self.loading) >= BULK_THREADS:
            self._wait_oldest()
        batch, self.batch, self.size, self.count = self.batch, [], 0, 0
        names, self.gathered = self.gathered, set()
        if batch:
            self.loading.append((self.threads.submit(self.store.add_new_graphs, batch), names))

    def wait(self) -> None:
        """Wait for the batches being written (the first error is raised here)."""
        while self.loading:
            self._wait_oldest()

    def _wait_oldest(self) -> None:
        """Wait for the oldest batch being written."""
        future, _ = self.loading.popleft()
        future.result()

    def drain(self) -> None:
        """Write everything gathered and wait for it."""
        self.flush()
        self.wait()


def _ntriples_text(graph: str, triples: Iterable[Triple]) -> NTriples:
    """The triples as an ``NTriples`` text (StoreError if a term cannot be written)."""
    if isinstance(triples, NTriples):
        return triples
    try:
        lines = [f"{to_ntriples(s)} {to_ntriples(p)} {to_ntriples(o)} .\n" for s, p, o in triples]
    except ValueError as exc:
        raise StoreError(f"cannot write graph <{graph}>: {exc}") from exc
    return NTriples("".join(lines).encode("utf-8"), len(lines))


def nt_statements(triples: Iterable[Triple]) -> list[str]:
    """Each triple as an N-Triples statement without its final dot (ValueError if a term cannot be written)."""
    return [f"{to_ntriples(s)} {to_ntriples(p)} {to_ntriples(o)}" for s, p, o in triples]


def _trig(name: ox.NamedNode, data: bytes) -> bytes:
    """TriG putting N-Triples lines into a named graph and into the default graph."""
    return b"%s {\n%s}\n%s" % (str(name).encode(), data, data)


def named_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """The quads of the named graphs, streamed (the default graph, their union, left out)."""
    for name in store.named_graphs():
        yield from store.quads_for_pattern(None, None, None, name)


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
        self._fill_default_graph()
        if query_workers > 0:
            from policykg.kg.querypool import QueryPool

            snapshots = self.path.parent / f".{self.path.name}.snapshots"
            self._pool = QueryPool(self._store, snapshots, workers=query_workers, timeout=query_timeout)

    def _fill_default_graph(self) -> None:
        """Copy into the default graph every named graph it lacks (a store written before the default graph was
        kept; one transaction a graph, so an interrupted fill is resumed at the next opening)."""
        store = self.ox_store
        try:
            for name in list(store.named_graphs()):
                first = next(store.quads_for_pattern(None, None, None, name), None)
                if first is None or ox.Quad(first.subject, first.predicate, first.object) in store:
                    continue
                store.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}")
        except OSError as exc:
            raise StoreError(f"cannot bring the {self.describe()} up to date: {exc}") from exc

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
        """Run a query; the default graph is the (set) union of all graphs unless a dataset is given.

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
                quads = []
                for s, p, o in triples:
                    spo = to_ox(s), to_ox(p), to_ox(o)
                    quads += (ox.Quad(*spo, name), ox.Quad(*spo))
                try:
                    self.ox_store.extend(quads)
                except OSError as exc:
                    raise StoreError(f"cannot write graph <{graph}> in the {self.describe()}: {exc}") from exc
                if self._pool is not None:
                    self._pool.refresh()
                return
            update = self._difference_update(graph, name, _ntriples_text(graph, triples))
        except (ValueError, QueryError) as exc:
            raise StoreError(f"cannot write graph <{graph}>: {exc}") from exc
        if update:
            self._update(update, f"cannot write graph <{graph}>")

    def patch_graph(self, graph: str, remove: Iterable[Triple], add: Iterable[Triple]) -> None:
        """Remove some triples from a named graph and add others, in one transaction."""
        try:
            update = patch_graph_update(graph, nt_statements(remove), nt_statements(add), keep_default=True)
        except ValueError as exc:
            raise StoreError(f"cannot write graph <{graph}>: {exc}") from exc
        if update:
            self._update(update, f"cannot write graph <{graph}>")

    def _difference_update(self, graph: str, name: ox.NamedNode, text: NTriples) -> str:
        """The update turning an existing graph into these triples by writing only the difference (a graph
        re-ingested unchanged writes nothing); graphs with blank nodes are replaced whole."""
        try:
            new = {quad.triple for quad in ox.parse(text.data, ox.RdfFormat.N_TRIPLES)}
            old = {quad.triple for quad in self.ox_store.quads_for_pattern(None, None, None, name)}
        except SyntaxError as exc:
            raise StoreError(f"cannot write graph <{graph}>: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read graph <{graph}> in the {self.describe()}: {exc}") from exc
        if not new or any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
                          for t in old | new):  # DELETE DATA cannot name blank nodes, nor drop the emptied graph
            return replace_graph_update(graph, text, keep_default=True)
        return patch_graph_update(graph, sorted(map(str, old - new)), sorted(map(str, new - old)),
                                  keep_default=True)

    def replace_graphs(self, graphs: Iterable[tuple[str, Iterable[Triple]]]) -> None:
        """Replace many named graphs in order, each all or nothing (see the module note on bulk loads).

        Graphs the store does not hold yet are gathered and added several at a time by one bulk load, which
        runs in a background thread while the next graphs are produced; an existing graph is replaced by one
        DROP + INSERT DATA update. An error producing a graph writes the graphs gathered before it, then
        propagates.
        """
        with _BulkWriter(self) as writer:
            try:
                for graph, triples in graphs:
                    name = self._writable(graph)
                    text = _ntriples_text(graph, triples)
                    if writer.holds(graph):
                        writer.drain()  # the same graph twice: the later one replaces the earlier, as one by one
                    if self.ox_store.contains_named_graph(name):
                        writer.wait()  # an update never runs beside a bulk load
                        update = self._difference_update(graph, name, text)
                        if update:
                            self._update(update, f"cannot write graph <{graph}>")
                    elif text.count:  # an empty new graph: nothing to write (as replace_graph)
                        writer.add(graph, name, text.data, text.count)
            finally:
                writer.drain()
        if self._pool is not None:
            self._pool.refresh()

    def _writable(self, graph: str) -> ox.NamedNode:
        """The pyoxigraph name of a graph to write (StoreError if the IRI is invalid)."""
        try:
            iri_ref(graph)
            return _graph_node(graph)
        except (ValueError, QueryError) as exc:
            raise StoreError(f"cannot write graph <{graph}>: {exc}") from exc

    def add_new_graphs(self, batch: list[tuple[ox.NamedNode, bytes]]) -> None:
        """Write graphs the store lacks (and their triples into the default graph), all or none: a small batch in
        one transaction, a bigger one by one bulk load; if that fails, one transaction a graph, so that the
        graphs before the bad one land and the error names it."""
        if len(batch) > 1:
            payload = b"".join(_trig(name, data) for name, data in batch)
            load = self.ox_store.bulk_load if len(payload) >= BULK_MIN_BYTES else self.ox_store.load
            try:
                load(payload, format=ox.RdfFormat.TRIG)
                return
            except SyntaxError:
                pass  # nothing was written
            except OSError as exc:
                raise StoreError(f"cannot write {len(batch)} graphs in the {self.describe()}: {exc}") from exc
        for name, data in batch:
            try:
                self.ox_store.load(_trig(name, data), format=ox.RdfFormat.TRIG)
            except (SyntaxError, OSError) as exc:
                raise StoreError(f"cannot write graph {name} in the {self.describe()}: {exc}") from exc

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph (no error if absent)."""
        try:
            self._update(drop_graph_update(graph, keep_default=True), f"cannot drop graph <{graph}>")
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
                ox.serialize(named_quads(store), out, ox_format, prefixes=PREFIXES)
            else:
                store.dump(out, ox_format, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
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
    """Run a query on a pyoxigraph store: its default graph (the union of the named graphs) unless a dataset is
    given."""
    kwargs: dict[str, object] = {}
    try:
        if default_graphs or named_graphs:
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
