"""Ingest many files: each document replaces its own named graph all or nothing; reference data
(agency registry, ontology) are refreshed in their own graphs. A bad file never stops the others.

Documents are read, extracted and converted here or in worker processes (``jobs``), handed over as
N-Triples text in file order, and written by the store several at a time (``Store.replace_graphs``).
Only a few documents are held at once, however many files there are."""

import dataclasses
import gc
import multiprocessing
import re
import tempfile
import threading
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from policykg.errors import InputError
from policykg.kg.store import Store
from policykg.kg.summary import (
    INCREMENTAL_DOCUMENTS,
    Summary,
    document_summary,
    rebuild_summary_graph,
    update_summary_graph,
)
from policykg.kg.works import rebuild_works_graph
from policykg.loaders import ids
from policykg.loaders.load import LoadedDocument, load_document, national_forms
from policykg.loaders.registry import agencies
from policykg.loaders.resolve import resolver
from policykg.loaders.to_rdf import NTriples, ntriples, registry_triples
from policykg.ontology import ontology_path
from policykg.ontology.namespace import ID_BASE, PKO

SUPPORTED_SUFFIXES = (".txt", ".text", ".docx", ".pdf", ".html", ".htm", ".shtml")
UPLOAD_FILE = "upload"  # the fixed name an uploaded file is read under (its own name is only a label)
_UNSAFE_NAME = re.compile(r'[<>:"|?*]')
IN_FLIGHT_PER_JOB = 4  # documents handed to each worker process ahead of the writer (bounds memory)
# One writer at a time in this process (the web app's upload threads): a change and the derived graphs' update
# that reads it must not interleave with another's.
WRITE_LOCK = threading.RLock()


@dataclass(frozen=True)
class Loaded:
    """Summary of one loaded document."""

    file: str
    iri: str
    title: str
    measures: int
    agencies: frozenset[str]
    targets: int
    citations: int
    triples: int


@dataclass
class IngestReport:
    """What one ingest run loaded and what it refused."""

    loaded: list[Loaded] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        """Counts over the loaded documents."""
        return {
            "documents": len(self.loaded),
            "measures": sum(d.measures for d in self.loaded),
            "agencies": len(frozenset().union(*(d.agencies for d in self.loaded))),
            "targets": sum(d.targets for d in self.loaded),
            "citations": sum(d.citations for d in self.loaded),
            "failed": len(self.failed),
        }


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """The document files named by ``paths``: files as given, folders searched recursively (sorted)."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
                              and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        else:
            out.append(p)
    return out


def refresh_reference_graphs(store: Store) -> None:
    """Write the agency registry and the ontology into their own named graphs."""
    store.replace_graph(str(ids.registry_graph()), registry_triples(agencies()))
    store.replace_graph(str(ids.ontology_graph()), skolemised(Graph().parse(ontology_path(), format="turtle"),
                                                               "ontology"))


def rebuild_derived_graphs(store: Store) -> None:
    """Recompute the graphs derived from all documents: the works graph and the summary graph."""
    rebuild_works_graph(store)
    rebuild_summary_graph(store)


def update_derived_graphs(store: Store, graphs: list[str], before: Summary | None) -> None:
    """Bring the derived graphs up to date after these document graphs changed (``before``: what they counted for
    before the change; None when not known or when too many changed: then the summary is recounted whole)."""
    rebuild_works_graph(store)
    if before is None or len(graphs) > INCREMENTAL_DOCUMENTS:
        rebuild_summary_graph(store)
    else:
        update_summary_graph(store, before, document_summary(store, graphs))


def skolemised(graph: Graph, name: str) -> list[tuple[Node, Node, Node]]:
    """Triples with blank nodes replaced by IRIs derived from the graph's canonical form (stable across runs)."""
    canonical = to_canonical_graph(graph)

    def fix(term: Node) -> Node:
        return URIRef(f"{ID_BASE}genid/{name}/{term}") if isinstance(term, BNode) else term

    return sorted((fix(s), fix(p), fix(o)) for s, p, o in canonical)


def summarise(doc: LoadedDocument) -> Loaded:
    """Counts of one loaded document."""
    f = doc.facts
    return Loaded(
        file=f.source_file, iri=str(doc.iri), title=f.metadata.title, measures=len(f.measures),
        agencies=frozenset(resolver().resolve_in(m.label, f).label for m in f.mentions),  # as to_rdf reads them
        targets=sum(len(m.targets) for m in f.measures),
        citations=len({c.title for c in f.citations}), triples=len(doc.triples),
    )


@dataclass(frozen=True)
class Prepared:
    """One document ready for the store: its summary, named graph and triples (as N-Triples text)."""

    loaded: Loaded
    graph: str
    triples: NTriples


@dataclass(frozen=True)
class Refused:
    """A file that is not a loadable document, and why."""

    file: str
    message: str


def prepare(path: Path) -> Prepared | Refused:
    """Read, extract and convert one file (the part of ingest that runs in worker processes)."""
    try:
        doc = load_document(path)
    except InputError as e:
        return Refused(str(path), e.message)
    return Prepared(summarise(doc), str(doc.graph), ntriples(doc.triples))


def ingest(store: Store, paths: Iterable[Path], progress: Callable[[Path], None] | None = None,
           jobs: int = 1) -> IngestReport:
    """Load every file into the store; failures are reported per file and leave the store unchanged.

    Each document replaces its named graph all or nothing. ``jobs`` > 1 prepares documents in that many
    worker processes; the report and the store come out the same as with one.
    """
    report = IngestReport()
    files = collect_files(paths)
    written: list[str] = []
    seen: set[str] = set()
    before = Summary()

    def documents() -> Iterator[tuple[str, NTriples]]:
        for path, outcome in zip(files, prepare_all(files, jobs), strict=True):
            if progress:
                progress(path)
            if isinstance(outcome, Refused):
                report.failed.append((outcome.file, outcome.message))
                continue
            report.loaded.append(outcome.loaded)
            if outcome.graph not in seen:
                seen.add(outcome.graph)
                written.append(outcome.graph)
                if len(written) <= INCREMENTAL_DOCUMENTS:  # what the graph counted for, asked before it is replaced
                    before.merge(document_summary(store, [outcome.graph]))
            yield outcome.graph, outcome.triples

    with WRITE_LOCK:
        refresh_reference_graphs(store)
        store.replace_graphs(documents())
        update_derived_graphs(store, written, before)
    return report


def prepare_all(files: list[Path], jobs: int = 1) -> Iterator[Prepared | Refused]:
    """``prepare`` of each file, in order: here, or in ``jobs`` worker processes with a few files in flight each."""
    if jobs <= 1 or len(files) <= 1:
        yield from map(prepare, files)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload([__name__])  # workers start from a process that imported the loaders once
    with context.Pool(jobs, initializer=warm_up) as pool:
        in_flight: deque[AsyncResult[Prepared | Refused]] = deque()
        for path in files:
            in_flight.append(pool.apply_async(prepare, (path,)))
            if len(in_flight) >= IN_FLIGHT_PER_JOB * jobs:
                yield in_flight.popleft().get()
        while in_flight:
            yield in_flight.popleft().get()


def warm_up() -> None:
    """Load what every document needs (agency registry, name forms), then keep it out of the garbage collector."""
    resolver()
    national_forms()
    gc.freeze()


def source_label(name: str | None) -> str:
    """A safe label for an uploaded file's name: its last path part, without control characters, at most 200."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    base = _UNSAFE_NAME.sub("_", base).strip(" .")
    return base[:200] or UPLOAD_FILE


def load_upload(data: bytes, name: str | None) -> LoadedDocument:
    """Load an uploaded file's bytes (never written under its own name); InputError names the file by its label."""
    label = source_label(name)
    with tempfile.TemporaryDirectory(prefix="policykg-upload-") as folder:
        path = Path(folder) / UPLOAD_FILE
        path.write_bytes(data)
        try:
            doc = load_document(path)
        except InputError as e:
            reason = e.message.removeprefix(f"{UPLOAD_FILE}: ")
            raise InputError(f"{label}: {reason}") from None
    source = (doc.iri, PKO.sourceFile, Literal(UPLOAD_FILE))
    triples = [(s, p, Literal(label)) if (s, p, o) == source else (s, p, o) for s, p, o in doc.triples]
    return dataclasses.replace(doc, facts=dataclasses.replace(doc.facts, source_file=label), triples=triples)


def ingest_upload(store: Store, data: bytes, name: str | None) -> Loaded:
    """Ingest one uploaded document all or nothing: a file that cannot be loaded leaves the store unchanged."""
    doc = load_upload(data, name)
    graph = str(doc.graph)
    with WRITE_LOCK:
        before = document_summary(store, [graph])
        store.replace_graph(graph, doc.triples)
        present = set(store.graphs())
        if not {str(ids.registry_graph()), str(ids.ontology_graph())} <= present:
            refresh_reference_graphs(store)
        update_derived_graphs(store, [graph], before)
    return summarise(doc)
