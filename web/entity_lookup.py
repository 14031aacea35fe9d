"""What entity pages share: IRIs bound safely into SPARQL, labels in the page's language, the kind of an IRI,
spans in context, and the Turtle description of an entity."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from policykg.errors import NotFound
from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.store import GraphResult, SelectResult, Store
from policykg.kg.terms import iri_ref
from policykg.ontology.namespace import ID_BASE, PREFIXES
from policykg.web.highlight import Snippet, snippet
from policykg.web.i18n import current_language
from policykg.web.twins import Link

# rdf:type → kind of page, most specific first (documents and cited documents are both eli:LegalResource).
KINDS = (
    ("https://w3id.org/policykg/ontology#PolicyDocument", "document"),
    ("https://w3id.org/policykg/ontology#Reply", "document"),
    ("https://w3id.org/policykg/ontology#Measure", "measure"),
    ("https://w3id.org/policykg/ontology#Section", "section"),
    ("https://w3id.org/policykg/ontology#Target", "target"),
    ("https://w3id.org/policykg/ontology#Proposal", "proposal"),
    ("https://w3id.org/policykg/ontology#CitedDocument", "work"),
    ("http://www.w3.org/ns/org#Organization", "agency"),
    ("https://w3id.org/policykg/ontology#CollectiveAgent", "agency"),
)
LABEL_PROPERTIES = ("skos:prefLabel", "dcterms:title", "rdfs:label")


def select(store: Store, query: str, **iris: str) -> list[dict[str, Node | None]]:
    """Rows of a SELECT query whose ``$name`` placeholders are replaced by the given IRIs (validated)."""
    for name, iri in sorted(iris.items(), key=lambda kv: -len(kv[0])):
        query = query.replace("$" + name, iri_ref(iri))
    result = store.query(PREFIX_HEADER + query)
    assert isinstance(result, SelectResult)
    return result.rows


def text(node: Node | None) -> str | None:
    """The lexical form of a term, or None."""
    return None if node is None else str(node)


def number(node: Node | None) -> int | float | None:
    """A numeric literal as a Python int (when whole) or float, or None."""
    if node is None:
        return None
    value = node.toPython() if isinstance(node, Literal) else node
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return int(f) if f.is_integer() else f


def pick(labels: dict[str, str]) -> str:
    """The label in the page's language, else Chinese, else untagged, else any."""
    for lang in (current_language(), "zh", ""):
        if labels.get(lang):
            return labels[lang]
    return next(iter(labels.values()), "")


@dataclass
class Labels:
    """Labels of many nodes gathered from query rows: IRI → {language: label}."""

    found: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, iri: Node | None, label: Node | None) -> None:
        """Remember one label of a node (the first per language wins)."""
        if iri is not None and label is not None:
            lang = getattr(label, "language", None) or ""
            self.found[str(iri)].setdefault(lang, str(label))

    def get(self, iri: str, default: str | None = None) -> str:
        """The label of a node in the page's language (else ``default``, else the IRI's last part)."""
        labels = self.found.get(iri)
        if labels:
            return pick(labels)
        return default if default is not None else short(iri)

    def link(self, iri: Node | str, default: str | None = None) -> Link:
        """A link to a node with its label."""
        return Link(str(iri), self.get(str(iri), default))


def short(iri: str) -> str:
    """A readable fallback name for an IRI: its part after our base, else after the last / or #."""
    if iri.startswith(ID_BASE):
        return iri[len(ID_BASE):]
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def labels_of(store: Store, iris: Iterable[str]) -> Labels:
    """Labels (skos:prefLabel, dcterms:title, rdfs:label) of the given nodes, in one query."""
    labels = Labels()
    wanted = sorted({i for i in iris if i})
    for chunk in (wanted[i:i + 200] for i in range(0, len(wanted), 200)):
        values = " ".join(iri_ref(i) for i in chunk)
        rows = select(store, f"""SELECT ?s ?label WHERE {{ VALUES ?s {{ {values} }}
            ?s {'|'.join(LABEL_PROPERTIES)} ?label }}""")
        for row in rows:
            labels.add(row["s"], row["label"])
    return labels


def kind_of(store: Store, iri: str) -> tuple[str, list[str]]:
    """The kind of page for one of our IRIs and its types; NotFound when the store says nothing about it."""
    try:
        rows = select(store, """SELECT ?type ?any WHERE {
            { $this a ?type } UNION { { SELECT ?any WHERE { { $this ?p ?o } UNION { ?s ?p $this } } LIMIT 1 } } }""",
                      this=iri)
    except ValueError:
        rows = []
    types = sorted({str(r["type"]) for r in rows if r.get("type") is not None})
    if not rows:
        if iri in store.graphs():
            return "graph", []
        raise NotFound(f"no such entity: {iri}")
    for type_iri, kind in KINDS:
        if type_iri in types:
            return kind, types
    return "generic", types


@dataclass(frozen=True)
class SpanRef:
    """A span of a document: its anchor id on the document page and its code-point offsets."""

    document: str
    start: int
    end: int

    @property
    def anchor(self) -> str:
        """The id of the span's mark on the document page."""
        return f"span-{self.start}-{self.end}"


@dataclass(frozen=True)
class InContext:
    """A span shown in its surrounding text, with a link to its place on the document page."""

    span: SpanRef
    document: Link
    context: Snippet

    @property
    def href(self) -> str:
        """The span on the document page."""
        return f"{self.document.href}#{self.span.anchor}"


def span_of(node: Node | None, starts: dict[str, tuple[int, int]]) -> str | None:
    """Anchor id of a span node by its offsets (``starts``: span IRI → (start, end)), or None."""
    if node is None or str(node) not in starts:
        return None
    start, end = starts[str(node)]
    return f"span-{start}-{end}"


def spans_in_context(store: Store, iri: str, radius: int = 80) -> list[InContext]:
    """The spans an entity was derived from (or that it is, or that its selector belongs to), in context."""
    rows = select(store, """SELECT DISTINCT ?span ?doc ?start ?end ?title WHERE {
        { BIND($this AS ?span) } UNION { $this prov:wasDerivedFrom ?span } UNION { ?span oa:hasSelector $this }
        ?span oa:hasSource ?doc ; oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end .
        OPTIONAL { ?doc dcterms:title ?title } } ORDER BY ?start ?end""", this=iri)
    if not rows:
        return []
    docs = sorted({str(r["doc"]) for r in rows})
    values = " ".join(iri_ref(d) for d in docs)
    query = f"SELECT ?doc ?text WHERE {{ VALUES ?doc {{ {values} }} ?doc pko:text ?text }}"
    texts = {str(r["doc"]): str(r["text"]) for r in select(store, query)}
    labels = Labels()
    out: list[InContext] = []
    seen: set[tuple[str, int, int]] = set()
    for r in rows:
        labels.add(r["doc"], r["title"])
    for r in rows:
        doc, start, end = str(r["doc"]), int(number(r["start"]) or 0), int(number(r["end"]) or 0)
        if (doc, start, end) in seen or doc not in texts:
            continue
        seen.add((doc, start, end))
        out.append(InContext(SpanRef(doc, start, end), labels.link(doc), snippet(texts[doc], start, end, radius)))
    return out


SOURCE_PATH = "prov:wasDerivedFrom|pko:titleSpan|pko:numberSpan|pko:dateSpan"  # from a node to its spans
DESCRIBE = """CONSTRUCT { $this ?p ?o . ?o ?lp ?label . ?dep ?dp ?do . ?sel ?sp ?so . }
WHERE {
  { $this ?p ?o }
  UNION { $this ?p ?o . ?o ?lp ?label . FILTER(?lp IN (skos:prefLabel, dcterms:title, rdfs:label)) }
  UNION { $this pko:hasResponsibility|pko:hasTarget|oa:hasSelector|$sources ?dep . ?dep ?dp ?do }
  UNION { $this $sources ?span . ?span oa:hasSelector ?sel . ?sel ?sp ?so }
}"""


def description(store: Store, iri: str) -> Graph:
    """A CBD-like description of an entity: its triples as subject; the triples of the nodes that only make
    sense with it (responsibilities, targets, selectors, its source spans and their selectors); and the labels
    (skos:prefLabel, dcterms:title, rdfs:label) of every other node it points to."""
    query = DESCRIBE.replace("$sources", SOURCE_PATH).replace("$this", iri_ref(iri))
    result = store.query(PREFIX_HEADER + query)
    assert isinstance(result, GraphResult)
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("id", ID_BASE)
    for triple in result.triples:
        graph.add(triple)
    return graph


def turtle(store: Store, iri: str) -> str:
    """The description of an entity as Turtle."""
    return description(store, iri).serialize(format="turtle")


def jsonld(store: Store, iri: str) -> str:
    """The description of an entity as JSON-LD (compacted with the contract's prefixes)."""
    graph = description(store, iri)
    context = {**PREFIXES, "id": ID_BASE}
    return graph.serialize(format="json-ld", context=context, indent=1, ensure_ascii=False)


def is_ours(node: Node | None) -> bool:
    """True for an IRI under our data base."""
    return isinstance(node, URIRef) and str(node).startswith(ID_BASE)
