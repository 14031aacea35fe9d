"""Ingest many files: each document replaces its own named graph in one transaction; reference data
(agency registry, ontology) are refreshed in their own graphs. A bad file never stops the others."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
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
from policykg.ontology.namespace import ID_BASE

SUPPORTED_SUFFIXES = (".txt", ".text", ".docx", ".pdf", ".html", ".htm", ".shtml")


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
