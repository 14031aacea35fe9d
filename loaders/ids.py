"""The one IRI minter: deterministic IRIs for every node policykg writes (see docs/model.md).

IRIs are built with ``_iri``, which skips rdflib's per-IRI character scan (it only ever logs a warning):
an IRI a store cannot take is still refused, by the store, when the graph is written.
"""

import hashlib

from rdflib import URIRef

from policykg.ontology.namespace import ID_BASE


def _iri(value: str) -> URIRef:
    """A URIRef without rdflib's validity scan (the same object ``URIRef(value)`` makes)."""
    return str.__new__(URIRef, value)


def digest(*parts: str, length: int = 16) -> str:
    """Short stable hex digest of the parts."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


def document_key(raw: bytes) -> str:
    """Key of a document: a digest of the file's bytes (the same file always gets the same key)."""
    return hashlib.sha256(raw).hexdigest()[:16]


def document(key: str) -> URIRef:
    """IRI of a source document."""
    return _iri(f"{ID_BASE}doc/{key}")


def document_graph(key: str) -> URIRef:
    """Named graph holding everything extracted from one document."""
    return _iri(f"{ID_BASE}graph/doc/{key}")


def registry_graph() -> URIRef:
    """Named graph of the agency registry."""
    return _iri(f"{ID_BASE}graph/registry")


def ontology_graph() -> URIRef:
    """Named graph of the ontology."""
    return _iri(f"{ID_BASE}graph/ontology")


def section(key: str, number: str) -> URIRef:
    """IRI of a section of a document."""
    return _iri(f"{ID_BASE}doc/{key}/section/{number}")


def measure(key: str, number: str) -> URIRef:
    """IRI of a measure of a document."""
    return _iri(f"{ID_BASE}doc/{key}/measure/{number}")


def issuance(key: str, rank: int) -> URIRef:
    """IRI of the rank-th issuer of a document."""
    return _iri(f"{ID_BASE}doc/{key}/issuer/{rank}")


def responsibility(key: str, number: str, rank: int) -> URIRef:
    """IRI of the rank-th responsibility of a measure."""
    return _iri(f"{ID_BASE}doc/{key}/measure/{number}/resp/{rank}")


def target(key: str, start: int, end: int) -> URIRef:
    """IRI of a target, by its span."""
    return _iri(f"{ID_BASE}doc/{key}/target/{start}-{end}")


def span(key: str, start: int, end: int) -> URIRef:
    """IRI of a text span of a document."""
    return _iri(f"{ID_BASE}doc/{key}/span/{start}-{end}")


def selector(key: str, start: int, end: int, kind: str) -> URIRef:
    """IRI of a span's selector (kind: position | quote)."""
    return _iri(f"{ID_BASE}doc/{key}/span/{start}-{end}/{kind}")


def citation(key: str, start: int) -> URIRef:
    """IRI of a citation act in a document."""
    return _iri(f"{ID_BASE}doc/{key}/citation/{start}")


def mention(key: str, start: int) -> URIRef:
    """IRI of an agency mention in a document."""
    return _iri(f"{ID_BASE}doc/{key}/mention/{start}")


def proposal(body: str, session: str | None, number: str | None, title: str | None) -> URIRef:
    """IRI of a suggestion or proposal."""
    return _iri(f"{ID_BASE}proposal/{digest(body, session or '', number or '', title or '')}")


def agency(registry_id: str) -> URIRef:
    """IRI of a registry agency."""
    return _iri(f"{ID_BASE}agency/{registry_id}")


def local_agency(name: str) -> URIRef:
    """IRI of a city, county or district body, by its canonical name (the same in every document)."""
    return _iri(f"{ID_BASE}agency/local/{digest(name)}")


def unresolved_agency(label: str, jurisdiction: str | None) -> URIRef:
    """IRI of an agency that could not be resolved (kept apart per jurisdiction)."""
    return _iri(f"{ID_BASE}agency/unresolved/{digest(jurisdiction or '', label)}")


def collective(label: str) -> URIRef:
    """IRI of a collective or placeholder unit."""
    return _iri(f"{ID_BASE}collective/{digest(label)}")


def work(key: str) -> URIRef:
    """IRI of a cited document, by its identity key (see resolve.citation_key)."""
    return _iri(f"{ID_BASE}work/{digest(key)}")


def work_by_number(number: str) -> URIRef:
    """IRI of a document cited only by its number."""
    return _iri(f"{ID_BASE}work/number/{digest(number)}")


def summary_graph() -> URIRef:
    """Named graph derived from all documents: counts per agency and agency pair, measures per document."""
    return _iri(f"{ID_BASE}graph/summary")


def agency_load(agency: str) -> URIRef:
    """IRI of an agency's summary node (measures it is responsible for across the graph)."""
    return _iri(f"{ID_BASE}summary/load/{digest(agency)}")


def agency_pair(first: str, second: str) -> URIRef:
    """IRI of the summary node of two agencies sharing measures (the same for either order)."""
    return _iri(f"{ID_BASE}summary/pair/{digest(*sorted((first, second)))}")


def works_graph() -> URIRef:
    """Named graph derived from all documents: titles and number conflicts of cited documents."""
    return _iri(f"{ID_BASE}graph/works")


def normalise_title(title: str) -> str:
    """A title reduced for identity: no spaces, unified brackets and quotes."""
    table = str.maketrans({"〈": "<", "〉": ">", "（": "(", "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'"})
    return "".join(title.split()).translate(table)
