"""``load_document(path)``: a file on disk to the facts and quads of its named graph."""

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from policykg.errors import InputError
from policykg.loaders import ids
from policykg.loaders.extract.document import extract
from policykg.loaders.facts import DocumentFacts
from policykg.loaders.normalise import normalise
from policykg.loaders.readers import read
from policykg.loaders.resolve import county_city, detect_jurisdiction, resolver
from policykg.loaders.to_rdf import Triple, document_triples


@dataclass(frozen=True)
class LoadedDocument:
    """One document ready for the store: its graph IRI and triples, and the facts they came from."""

    key: str
    graph: URIRef
    iri: URIRef
    facts: DocumentFacts
    triples: list[Triple]


def load_document(path: Path) -> LoadedDocument:
    """Read, normalise, extract and convert one document; raise InputError when it cannot be loaded."""
    raw = read(Path(path))
    norm = normalise(raw.text, raw.pages)
    if len(norm.text) < 20 or sum(1 for c in norm.text if "\u4e00" <= c <= "\u9fff") < 10:
        raise InputError(f"{raw.source_file}: not a policy document (too little Chinese text)")
    jurisdiction, province = detect_jurisdiction(norm.text)
    res = resolver()
    facts = extract(norm.text, raw.source_file, jurisdiction, res.forms(jurisdiction, province), national_forms(),
                    province=province)
    facts = dataclasses.replace(facts, city=county_city(norm.text, jurisdiction, province))
    if not facts.metadata.title and not facts.measures:
        raise InputError(f"{raw.source_file}: not a policy document (no title and no measures found)")
    key = ids.document_key(raw.data)
    return LoadedDocument(key, ids.document_graph(key), ids.document(key), facts,
                          document_triples(facts, key, res))


def national_forms() -> frozenset[str]:
    """Names and aliases of national bodies (used to avoid matching them inside longer local names)."""
    from policykg.loaders.registry import agencies

    return frozenset(f for a in agencies() if a.level == "national" for f in (a.name, *a.aliases))
