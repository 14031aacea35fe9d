"""Ingest many files: each document replaces its own named graph in one transaction; reference data
(agency registry, ontology) are refreshed in their own graphs. A bad file never stops the others."""

import dataclasses
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from policykg.errors import InputError
from policykg.kg.store import Store
from policykg.kg.works import rebuild_works_graph
from policykg.loaders import ids
from policykg.loaders.load import LoadedDocument, load_document
from policykg.loaders.registry import agencies
from policykg.loaders.resolve import resolver
from policykg.loaders.to_rdf import registry_triples
from policykg.ontology import ontology_path
from policykg.ontology.namespace import ID_BASE, PKO

SUPPORTED_SUFFIXES = (".txt", ".text", ".docx", ".pdf", ".html", ".htm", ".shtml")
UPLOAD_FILE = "upload"  # the fixed name an uploaded file is read under (its own name is only a label)
_UNSAFE_NAME = re.compile(r'[<>:"|?*]')


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
        agencies=frozenset(resolver().resolve(m.label, f.jurisdiction, f.province).label for m in f.mentions),
        targets=sum(len(m.targets) for m in f.measures),
        citations=len({c.title for c in f.citations}), triples=len(doc.triples),
    )


def ingest(store: Store, paths: Iterable[Path], progress: Callable[[Path], None] | None = None) -> IngestReport:
    """Load every file into the store; failures are reported per file and leave the store unchanged."""
    report = IngestReport()
    refresh_reference_graphs(store)
    for path in collect_files(paths):
        if progress:
            progress(path)
        try:
            doc = load_document(path)
        except InputError as e:
            report.failed.append((str(path), e.message))
            continue
        store.replace_graph(str(doc.graph), doc.triples)
        report.loaded.append(summarise(doc))
    rebuild_works_graph(store)
    return report


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
    store.replace_graph(str(doc.graph), doc.triples)
    present = set(store.graphs())
    if not {str(ids.registry_graph()), str(ids.ontology_graph())} <= present:
        refresh_reference_graphs(store)
    rebuild_works_graph(store)
    return summarise(doc)
